import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {ConnectionLostError, RPCError} from "@web/core/network/rpc";
import {PosStore} from "@point_of_sale/app/services/pos_store";
import {makeAwaitable} from "@point_of_sale/app/utils/make_awaitable_dialog";
import {LayawayStartDialog} from "@layaway_pos/app/components/layaway_start_dialog/layaway_start_dialog";
import {LayawayFormat} from "@layaway_pos/app/utils/layaway_format";
import {settlesBalance} from "@layaway_pos/app/utils/layaway_utils";

patch(PosStore.prototype, {
    get layawayEnabled() {
        return Boolean(this.config.layaway_enabled);
    },
    get layawayDepositProduct() {
        return this.config.layaway_deposit_product_id;
    },
    get layawayCancelFeeProduct() {
        return this.config.layaway_cancel_fee_product_id;
    },
    isLayawayProduct(product) {
        return [this.layawayDepositProduct?.id, this.layawayCancelFeeProduct?.id].includes(product?.id);
    },
    /** Money and dates of the layaway screens, in the register's currency. */
    get layawayFormat() {
        return new LayawayFormat(this.currency);
    },

    /**
     * What the order does to its layaway, sent with it as pos.order.layaway_kind
     * ("deposit", "installment", "pickup" or "refund"): the server checks its lines against it.
     * `uiState` is what the register's own screens need (never sent).
     */
    setLayawayKind(order, kind, uiState) {
        order.update({layaway_kind: kind});
        order.uiState.layaway = uiState;
        // The money line is named after the kind (pos_order_line.js), on the receipt too.
        for (const line of order.lines) {
            line.setFullProductName();
        }
    },

    /**
     * Every layaway action needs the server: say so clearly when it cannot be reached,
     * and show the server's refusal as it is. Returns null when the call failed.
     */
    async layawayCall(method, args, {related = false, onOffline = null} = {}) {
        try {
            if (related) {
                // Not queued (core queues related calls by default): offline, it must fail and say so.
                return await this.data.callRelated("sale.order", method, args, {}, false);
            }
            return await this.data.call("sale.order", method, args);
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                if (onOffline) {
                    // The caller says it on its own screen.
                    onOffline();
                    return null;
                }
                this.dialog.add(AlertDialog, {
                    title: _t("Layaways need the server"),
                    body: _t(
                        "The server cannot be reached, so layaways cannot be started, paid, completed or cancelled now. Ordinary sales keep working; try again when the connection is back."
                    ),
                });
                return null;
            }
            if (error instanceof RPCError) {
                this.dialog.add(AlertDialog, {
                    title: _t("Layaway"),
                    body: error.data?.message || error.message,
                });
                return null;
            }
            throw error;
        }
    },

    /** Load the sale order, its lines and products the way pos_sale does (links, pick-ups). */
    async layawayLoadSaleOrder(saleOrderId) {
        const result = await this.layawayCall("layaway_pos_load", [saleOrderId, this.config.id], {
            related: true,
        });
        return result ? result["sale.order"][0] : null;
    },

    /**
     * The cart's goods as the start dialog's preview and the deposit's sync take them: each
     * line with the taxes the register applies to it (after the order's fiscal position).
     * In a mixed cart, only the lines marked "Lay away" (pos_store_mixed_cart.js).
     */
    layawayCartGoods(order) {
        return this.layawayGoodsLines(order).map((line) => ({
            product_id: line.product_id.id,
            qty: line.qty,
            price_unit: line.price_unit,
            discount: line.discount || 0,
            tax_ids: line.prepareBaseLineForTaxesComputationExtraValues().tax_ids.map((tax) => tax.id),
        }));
    },

    /**
     * The "Layaway" button: the cart becomes a layaway for the customer, paid by its deposit.
     * The dialog's preview writes nothing: the order carries the plan, count and goods, and its
     * sync creates the layaway with the deposit, in one transaction, or not at all.
     */
    async startLayaway() {
        // In the order a cashier works: the goods first, then the customer.
        let order = this.getOrder();
        if (!order.lines.some((line) => !this.isLayawayProduct(line.product_id))) {
            this.dialog.add(AlertDialog, {
                title: _t("Layaway"),
                body: _t("Add the goods to lay away to the cart first."),
            });
            return false;
        }
        if (!order.getPartner()) {
            // The customer list opens at once: no toast over its search box.
            await this.selectPartner(order);
            order = this.getOrder();
            if (!order.getPartner()) {
                this.dialog.add(AlertDialog, {
                    title: _t("Layaway"),
                    body: _t("A layaway is always in a customer's name: choose the customer to lay the goods away."),
                });
                return false;
            }
        }
        const partner = order.getPartner();
        const goods = this.layawayCartGoods(order);
        const preview = (planId, count, deposit = false) =>
            this.layawayCall("layaway_pos_preview", [this.config.id, partner.id, goods, planId, count, deposit]);
        const plan = this.config.layaway_default_plan_id || this.config.layaway_plan_ids[0];
        const first = await preview(plan?.id || false, false);
        if (!first) {
            return false;
        }
        const result = await makeAwaitable(this.dialog, LayawayStartDialog, {
            preview: first,
            plans: this.config.layaway_plan_ids,
            refresh: preview,
        });
        if (!result) {
            // Nothing was written: there is nothing to drop.
            return false;
        }
        let terms = result.preview;
        if (this.layawayFormat.compare(terms.deposit, result.deposit) !== 0) {
            // The deposit's lines (one per tax with tax on advances) for the amount typed.
            terms = await preview(terms.plan_id, terms.installment_count, result.deposit);
            if (!terms) {
                return false;
            }
        }
        // The goods laid away become the deposit; in a mixed cart, the others are sold now.
        const boughtNow = this.layawayBoughtNowLines(order);
        for (const line of order.lines.filter((line) => !boughtNow.includes(line))) {
            order.removeOrderline(line);
        }
        if (!(await this.addLayawayAdvance(order, null, result.deposit, terms.deposit_parts))) {
            return false;
        }
        // What the sync creates the layaway from (pos.order.layaway_start), checked again there.
        order.update({
            layaway_start: {plan_id: terms.plan_id, installment_count: terms.installment_count, goods},
        });
        this.setLayawayKind(order, "deposit", {
            saleOrderId: false,
            name: "",
            minDeposit: terms.min_deposit,
            total: terms.total,
        });
        this.navigate("PaymentScreen", {orderUuid: order.uuid});
        return true;
    },

    /** A money line of the layaway `saleOrder` (none yet for a start: its sync links it). */
    async addLayawayLine(order, saleOrder, amount, product = this.layawayDepositProduct) {
        return this.addLineToCurrentOrder(
            {
                product_id: product,
                product_tmpl_id: product.product_tmpl_id,
                qty: 1,
                price_unit: amount,
                price_type: "manual",
                ...(saleOrder ? {sale_order_origin_id: saleOrder} : {}),
            },
            {},
            false
        );
    },

    /**
     * The goods of the layaway, linked to their sale order lines like pos_sale's settleSO: what is
     * left of each (goods taken early by a partial pick-up left already), or the `quantities`
     * ({sale order line id: quantity}) of a partial pick-up.
     * Its down-payment lines are left out: layaway deposits are applied as one line.
     */
    addLayawayGoods(order, saleOrder, quantities = null) {
        if (saleOrder.pricelist_id) {
            order.setPricelist(saleOrder.pricelist_id);
        }
        for (const soLine of saleOrder.order_line) {
            if (soLine.display_type || soLine.is_downpayment || !soLine.product_id) {
                continue;
            }
            const qty = quantities ? quantities[soLine.id] || 0 : soLine.product_uom_qty - (soLine.qty_invoiced || 0);
            if (!(qty > 0)) {
                continue;
            }
            const line = this.models["pos.order.line"].create({
                order_id: order,
                product_id: soLine.product_id,
                qty,
                price_unit: soLine.price_unit,
                price_type: "manual",
                discount: soLine.discount,
                tax_ids: soLine.tax_ids.map((tax) => ["link", tax]),
                sale_order_origin_id: saleOrder,
                sale_order_line_id: soLine,
                description: soLine.name,
            });
            line.setQuantity(qty, true);
        }
    },

    /**
     * Money received on the layaway, booked as the back office books it: with the company's
     * "Tax on layaway advances" at the goods' rates, one line per tax (the server splits it,
     * or gave the `parts` already: a start's preview); otherwise one line on the deposit
     * product. False when the server cannot be reached.
     */
    async addLayawayAdvance(order, saleOrder, amount, parts = null) {
        if (this.config.layaway_advance_tax !== "goods") {
            await this.addLayawayLine(order, saleOrder, amount);
            return true;
        }
        parts ??= await this.layawayCall("layaway_pos_advance_split", [saleOrder.id, this.config.id, amount]);
        if (!parts) {
            return false;
        }
        await this.addLayawayParts(order, saleOrder, parts, 1);
        return true;
    },

    /**
     * Everything paid on the layaway, negative: applied at the pick-up, returned at a
     * cancellation, per tax it carried (the layaway detail's `advances`).
     */
    async addLayawayPaid(order, saleOrder, layaway) {
        if (this.config.layaway_advance_tax !== "goods") {
            // Paid, less the goods taken early (partial pick-ups).
            await this.addLayawayLine(order, saleOrder, -(layaway.amount_held ?? layaway.amount_paid));
            return true;
        }
        const detail = layaway.advances
            ? layaway
            : await this.layawayCall("layaway_pos_detail", [layaway.id, this.config.id]);
        if (!detail) {
            return false;
        }
        await this.addLayawayParts(order, saleOrder, detail.advances, -1);
        return true;
    },

    /**
     * One deposit-product line per part ({price_unit, tax_ids, extra_tax_data}), with the part's
     * taxes and the tax amounts the server froze for it (`extra_tax_data`, as pos_sale's down
     * payments): money taken totals exactly the amount typed, and the advances applied or
     * returned reverse their VAT to the cent. The server signs the amounts for `sign`.
     */
    async addLayawayParts(order, saleOrder, parts, sign) {
        const product = this.layawayDepositProduct;
        for (const part of parts) {
            const taxes = part.tax_ids.map((id) => this.models["account.tax"].get(id)).filter(Boolean);
            const extra = part.extra_tax_data ? {extra_tax_data: part.extra_tax_data} : {};
            await this.addLineToCurrentOrder(
                {
                    product_id: product,
                    product_tmpl_id: product.product_tmpl_id,
                    qty: 1,
                    price_unit: sign * part.price_unit,
                    price_type: "manual",
                    ...(saleOrder ? {sale_order_origin_id: saleOrder} : {}),
                    tax_ids: [["link", ...taxes]],
                    ...extra,
                },
                {},
                false
            );
        }
    },

    /**
     * The layaway's money lines of the order (one per tax with tax on advances). A start's
     * name no sale order yet: every deposit-product line of a deposit is the layaway's.
     */
    getLayawayLines(order = this.getOrder()) {
        const start = order?.layaway_kind === "deposit";
        return (order?.lines || []).filter(
            (line) => line.product_id.id === this.layawayDepositProduct?.id && (start || line.sale_order_origin_id)
        );
    },

    /** "Pay" on the Layaways screen: one deposit line for the amount; the pick-up when it settles. */
    async payLayaway(layaway, amount) {
        const saleOrder = await this.layawayLoadSaleOrder(layaway.id);
        if (!saleOrder) {
            return false;
        }
        const order = this.addNewOrder({partner_id: saleOrder.partner_id});
        if (
            settlesBalance(amount, layaway.amount_residual, this.layawayFormat) &&
            layaway.layaway_state !== "expired"
        ) {
            // The pick-up: the goods as pos_sale settles an order, the deposits applied as one line.
            this.addLayawayGoods(order, saleOrder);
            if (!(await this.addLayawayPaid(order, saleOrder, layaway))) {
                return false;
            }
            this.setLayawayKind(order, "pickup", {saleOrderId: layaway.id, name: layaway.name});
        } else {
            if (!(await this.addLayawayAdvance(order, saleOrder, amount))) {
                return false;
            }
            this.setLayawayKind(order, "installment", {
                saleOrderId: layaway.id,
                name: layaway.name,
                residual: layaway.amount_residual,
            });
        }
        this.navigate("PaymentScreen", {orderUuid: order.uuid});
        return true;
    },

    /**
     * Partial pick-up: the `items` ticked ([{line_id, quantity}]) leave now, at the layaway's
     * prices, with exactly their value applied from what was paid (the `preview`'s parts, per
     * tax): the order totals zero. Its sync checks them again and books them.
     */
    async pickUpLayawayPartly(detail, items, preview) {
        const saleOrder = await this.layawayLoadSaleOrder(detail.id);
        if (!saleOrder) {
            return false;
        }
        const order = this.addNewOrder({partner_id: saleOrder.partner_id});
        this.addLayawayGoods(order, saleOrder, Object.fromEntries(items.map((item) => [item.line_id, item.quantity])));
        await this.addLayawayParts(order, saleOrder, preview.parts, -1);
        this.setLayawayKind(order, "pickup_partial", {saleOrderId: detail.id, name: detail.name});
        this.navigate("PaymentScreen", {orderUuid: order.uuid});
        return true;
    },

    /**
     * Cancel (managers): the deposits go back, less the fee; the order's total is paid out.
     * The manager's `reason` travels with the order (pos.order.layaway_cancel_reason).
     */
    async cancelLayaway(detail, reason, paymentMethodId = false) {
        const saleOrder = await this.layawayLoadSaleOrder(detail.id);
        if (!saleOrder) {
            return false;
        }
        const order = this.addNewOrder({partner_id: saleOrder.partner_id});
        await this.addLayawayPaid(order, saleOrder, detail);
        if (detail.cancel_fee) {
            // The fee kept includes its product's taxes: the server gives the unit price.
            await this.addLayawayLine(
                order,
                saleOrder,
                detail.cancel_fee_price_unit ?? detail.cancel_fee,
                this.layawayCancelFeeProduct
            );
        }
        order.update({layaway_cancel_reason: reason});
        this.setLayawayKind(order, "refund", {saleOrderId: detail.id, name: detail.name});
        // The refund destination the manager chose: the original tender by default, Customer
        // Account for store credit, or any other method of the register.
        const method = paymentMethodId && this.models["pos.payment.method"].get(paymentMethodId);
        if (method && !order.currency.isZero(order.remainingDue)) {
            order.addPaymentline(method);
        }
        this.navigate("PaymentScreen", {orderUuid: order.uuid});
        return true;
    },

    /**
     * Change items: with money to take (the new minimum deposit) or to pay back (beyond the new
     * total), a POS order of kind "change" carries the changes (pos.order.layaway_change) and
     * that money, paid on the payment screen; without money, the server changes the layaway at
     * once and returns its detail. The sync checks it all again.
     */
    async changeLayawayItems(detail, changes, preview, paymentMethodId = false) {
        const format = this.layawayFormat;
        const take = format.compare(preview.shortfall, 0) > 0;
        const payBack = format.compare(preview.refund, 0) > 0;
        if (!take && !payBack) {
            return this.layawayCall("layaway_pos_change_items", [detail.id, this.config.id, changes]);
        }
        const saleOrder = await this.layawayLoadSaleOrder(detail.id);
        if (!saleOrder) {
            return false;
        }
        const order = this.addNewOrder({partner_id: saleOrder.partner_id});
        if (this.config.layaway_advance_tax === "goods") {
            // Split by tax over the goods as changed (the preview's `money_parts`).
            await this.addLayawayParts(order, saleOrder, preview.money_parts || [], take ? 1 : -1);
        } else {
            await this.addLayawayLine(order, saleOrder, take ? preview.shortfall : -preview.refund);
        }
        order.update({layaway_change: {changes}});
        this.setLayawayKind(order, "change", {saleOrderId: detail.id, name: detail.name});
        // Paid back the way the cashier chose: the original tender by default, Customer Account as store credit.
        const method = payBack && paymentMethodId && this.models["pos.payment.method"].get(paymentMethodId);
        if (method && !order.currency.isZero(order.remainingDue)) {
            order.addPaymentline(method);
        }
        this.navigate("PaymentScreen", {orderUuid: order.uuid});
        return true;
    },

    get isLayawayManager() {
        return this.getCashier()?._role === "manager";
    },
});
