import {describe, expect, test} from "@odoo/hoot";
import {onRpc, patchWithCleanup} from "@web/../tests/web_test_helpers";
import {getFilledOrder, setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {LayawayStartDialog} from "@layaway_pos/app/components/layaway_start_dialog/layaway_start_dialog";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";

definePosModels();

// product.product of the POS test data standing for the deposit and cancellation fee products
// (pos_sale's down payment product and the tip product).
const DEPOSIT = 105;
const FEE = 1;

/**
 * The register with its layaway server calls answered: sale order S00001 (pos_sale's test
 * order, 650.00) stands for the layaway. The start dialog answers `startDialog`; every
 * order synced is recorded as the server receives it.
 */
async function setupRegister({startDialog = {deposit: 130.0}} = {}) {
    const synced = [];
    const called = [];
    const previews = [];
    onRpc("sale.order", "layaway_pos_preview", ({args}) => {
        previews.push(args);
        return {
            plan_id: 7,
            installment_count: 3,
            min_deposit: 130.0,
            deposit: 130.0,
            total: 650.0,
            deposit_parts: [{price_unit: 130.0, tax_ids: [], extra_tax_data: false}],
        };
    });

    onRpc("sale.order", "layaway_pos_load", function ({args}) {
        return this.env["sale.order"].load_sale_order_from_pos(args[0], args[1]);
    });
    onRpc("pos.order", "sync_from_ui", ({args}) => {
        synced.push(...args[0]);
        // Nothing returned: the mock server syncs the order as usual.
    });
    const store = await setupPosEnv();
    // The register's layaway settings (the test data's products stand for the layaway products).
    const products = store.models["product.product"];
    store.config.update({
        layaway_deposit_product_id: products.get(DEPOSIT),
        layaway_cancel_fee_product_id: products.get(FEE),
    });
    // layaway.plan is not a model of the POS test data.
    patchWithCleanup(store.config, {layaway_plan_ids: [{id: 7, name: "Three months"}], layaway_default_plan_id: false});
    patchWithCleanup(store, {
        navigate(page, params) {
            called.push(page);
        },
    });
    patchWithCleanup(store.dialog, {
        add(Component, props, options) {
            if (Component === LayawayStartDialog) {
                if (startDialog) {
                    props.getPayload({...startDialog, preview: props.preview});
                } else {
                    options.onClose();
                }
                return () => {};
            }
            return super.add(...arguments);
        },
    });
    return {store, synced, called, previews};
}

/** The sale.order S00001 as the Layaways screen has it (its summary or detail). */
const layaway = (values = {}) => ({
    id: 1,
    name: "S00001",
    layaway_state: "active",
    amount_paid: 130.0,
    amount_residual: 520.0,
    cancel_fee: 13.0,
    ...values,
});

/** Each line's name: in the cart, and as the receipt prints and the server stores it. */
const lineNames = (order) => order.lines.map((line) => [line.orderDisplayProductName.name, line.full_product_name]);

/** The names of the lines the server received. */
const sentNames = (sent) => sent.lines.map((line) => (Array.isArray(line) ? line[2] : line).full_product_name);

/** Sync `order` and return what the server received for it. */
async function syncedOrder(store, synced, order) {
    await store.syncAllOrders({orders: [order]});
    expect(synced).toHaveLength(1);
    return synced[0];
}

describe("the Layaway button's checks, in the order a cashier works", () => {
    /** The register, recording the alerts shown and whether the customer list opened. */
    async function setupChecks({chosenPartner = null} = {}) {
        const register = await setupRegister();
        const alerts = [];
        const asked = [];
        patchWithCleanup(register.store.dialog, {
            add(Component, props) {
                if (Component === AlertDialog) {
                    alerts.push(props.body);
                    return () => {};
                }
                return super.add(...arguments);
            },
        });
        patchWithCleanup(register.store, {
            async selectPartner(order) {
                asked.push(order.uuid);
                if (chosenPartner) {
                    order.setPartner(register.store.models["res.partner"].get(chosenPartner));
                }
            },
        });
        patchWithCleanup(register.store.notification, {
            add(message) {
                alerts.push(`toast: ${message}`);
            },
        });
        return {...register, alerts, asked};
    }

    test("an empty cart asks for the goods first, not for a customer", async () => {
        const {store, alerts, asked} = await setupChecks();
        store.addNewOrder();
        expect(await store.startLayaway()).toBe(false);
        expect(alerts).toEqual(["Add the goods to lay away to the cart first."]);
        expect(asked).toEqual([]);
    });

    test("goods without a customer open the customer list, with no toast over it", async () => {
        const {store, alerts, asked, called} = await setupChecks({chosenPartner: 3});
        const order = await getFilledOrder(store);
        expect(await store.startLayaway()).toBe(true);
        expect(asked).toEqual([order.uuid]);
        expect(alerts).toEqual([]);
        expect(called).toEqual(["PaymentScreen"]);
    });

    test("closing the customer list without a choice says why, once", async () => {
        const {store, alerts, asked} = await setupChecks();
        const order = await getFilledOrder(store);
        expect(await store.startLayaway()).toBe(false);
        expect(asked).toEqual([order.uuid]);
        expect(alerts).toEqual([
            "A layaway is always in a customer's name: choose the customer to lay the goods away.",
        ]);
        expect(order.layaway_kind || false).toBe(false);
    });
});

describe("the layaway kind sent with the POS order", () => {
    test("the Layaway button: a deposit carrying the layaway it starts", async () => {
        const {store, synced, called, previews} = await setupRegister();
        const order = await getFilledOrder(store);
        order.setPartner(store.models["res.partner"].get(3));
        expect(Boolean(order.layaway_kind)).toBe(false);
        const cart = order.lines.map((line) => [line.product_id.id, line.qty, line.price_unit]);

        expect(await store.startLayaway()).toBe(true);
        expect(store.getOrder()).toBe(order);
        expect(order.layaway_kind).toBe("deposit");
        // The preview was asked for the cart's goods, the customer and the register's default plan.
        expect(previews).toHaveLength(1);
        const [configId, partnerId, goods, planId] = previews[0];
        expect([configId, partnerId, planId]).toEqual([store.config.id, 3, 7]);
        expect(goods.map((line) => [line.product_id, line.qty, line.price_unit])).toEqual(cart);
        expect(goods.every((line) => Array.isArray(line.tax_ids))).toBe(true);
        // The deposit names no sale order: the sync creates the layaway.
        expect(order.lines.map((line) => [line.product_id.id, line.price_unit])).toEqual([[DEPOSIT, 130]]);
        expect(order.lines[0].sale_order_origin_id).toBe(undefined);
        // What the register's screens need stays in the UI state, never sent.
        expect(order.uiState.layaway).toEqual({saleOrderId: false, name: "", minDeposit: 130.0, total: 650.0});
        expect(called).toEqual(["PaymentScreen"]);
        expect(lineNames(order)).toEqual([["Layaway deposit", "Layaway deposit"]]);

        const sent = await syncedOrder(store, synced, order);
        expect(sent.layaway_kind).toBe("deposit");
        expect(sent.layaway_start).toEqual({plan_id: 7, installment_count: 3, goods});
        expect(sentNames(sent)).toEqual(["Layaway deposit"]);
        expect("uiState" in sent).toBe(false);
    });

    test("a layaway not started writes nothing and sends no kind", async () => {
        const {store, synced, called, previews} = await setupRegister({startDialog: null});
        const order = await getFilledOrder(store);
        order.setPartner(store.models["res.partner"].get(3));
        expect(await store.startLayaway()).toBe(false);
        // Only the preview was asked (it wrote nothing): nothing to drop when the dialog closes.
        expect(previews).toHaveLength(1);
        expect(called).toEqual([]);
        expect(Boolean(order.layaway_kind)).toBe(false);
        expect(order.uiState.layaway).toBe(undefined);
        expect((await syncedOrder(store, synced, order)).layaway_kind).toBe(false);
    });

    test("Pay on the Layaways screen: an installment", async () => {
        const {store, synced} = await setupRegister();
        expect(await store.payLayaway(layaway(), 100.0)).toBe(true);
        const order = store.getOrder();
        expect(order.layaway_kind).toBe("installment");
        expect(order.lines.map((line) => [line.product_id.id, line.price_unit])).toEqual([[DEPOSIT, 100]]);
        expect(order.uiState.layaway).toEqual({saleOrderId: 1, name: "S00001", residual: 520.0});
        // An installment, not a deposit, in the cart and on the receipt.
        expect(lineNames(order)).toEqual([["Layaway installment", "Layaway installment"]]);
        const sent = await syncedOrder(store, synced, order);
        expect(sent.layaway_kind).toBe("installment");
        expect(sentNames(sent)).toEqual(["Layaway installment"]);
    });

    test("paying the balance: the pick-up, even when the amount typed differs by less than a cent", async () => {
        const {store, synced} = await setupRegister();
        expect(await store.payLayaway(layaway(), 519.996)).toBe(true);
        const order = store.getOrder();
        expect(order.layaway_kind).toBe("pickup");
        // The goods of the sale order, and the deposits applied as one negative line.
        expect(order.lines.map((line) => [line.product_id.id, line.qty])).toEqual([
            [5, 5],
            [6, 3],
            [DEPOSIT, 1],
        ]);
        expect(order.lines.at(-1).price_unit).toBe(-130);
        // The goods keep their names; the negative line says it is what was paid before.
        const names = lineNames(order);
        expect(names.at(-1)).toEqual(["Paid on the layaway", "Paid on the layaway"]);
        expect(names.slice(0, 2).map(([name]) => name)).toEqual(
            order.lines.slice(0, 2).map((line) => line.product_id.name)
        );
        expect((await syncedOrder(store, synced, order)).layaway_kind).toBe("pickup");
    });

    test("an expired layaway's balance is an installment, not a pick-up", async () => {
        const {store} = await setupRegister();
        await store.payLayaway(layaway({layaway_state: "expired"}), 520.0);
        expect(store.getOrder().layaway_kind).toBe("installment");
    });

    test("Cancel: a refund (the deposits back, the fee kept), with the manager's reason", async () => {
        const {store, synced} = await setupRegister();
        expect(await store.cancelLayaway(layaway(), "Changed her mind")).toBe(true);
        const order = store.getOrder();
        expect(order.layaway_kind).toBe("refund");
        expect(order.lines.map((line) => [line.product_id.id, line.price_unit])).toEqual([
            [DEPOSIT, -130],
            [FEE, 13],
        ]);
        expect(order.uiState.layaway).toEqual({saleOrderId: 1, name: "S00001"});
        const fee = store.models["product.product"].get(FEE);
        expect(lineNames(order)).toEqual([
            ["Layaway refund", "Layaway refund"],
            [fee.name, fee.name],
        ]);
        const sent = await syncedOrder(store, synced, order);
        expect([sent.layaway_kind, sent.layaway_cancel_reason]).toEqual(["refund", "Changed her mind"]);
    });

    test("an ordinary sale of the deposit product keeps the product's name", async () => {
        const {store} = await setupRegister();
        const order = store.addNewOrder();
        const product = store.models["product.product"].get(DEPOSIT);
        await store.addLineToOrder({product_tmpl_id: product.product_tmpl_id, product_id: product, qty: 1}, order);
        expect(lineNames(order)).toEqual([[product.name, product.name]]);
    });
});

describe("tax on layaway advances at the goods' rates", () => {
    /** The register of a company whose advances carry the goods' VAT: the server splits. */
    async function setupGoodsRegister() {
        const asked = [];
        onRpc("sale.order", "layaway_pos_advance_split", ({args}) => {
            asked.push(args);
            return [
                {price_unit: 62.0696, tax_ids: [1]},
                {price_unit: 18.62, tax_ids: []},
            ];
        });
        onRpc("sale.order", "layaway_pos_detail", () =>
            layaway({
                advances: [
                    {price_unit: 113.04, tax_ids: [1]},
                    {price_unit: 0.0, tax_ids: []},
                ],
            })
        );
        const register = await setupRegister();
        register.store.config.update({layaway_advance_tax: "goods"});
        return {...register, asked};
    }

    const lineTaxes = (order) =>
        order.lines
            .filter((line) => line.product_id.id === DEPOSIT)
            .map((line) => [line.price_unit, line.tax_ids.map((tax) => tax.id)]);

    test("an installment is one line per tax, as the server splits it", async () => {
        const {store, asked} = await setupGoodsRegister();
        expect(await store.payLayaway(layaway(), 90.0)).toBe(true);
        const order = store.getOrder();
        expect(asked).toEqual([[1, store.config.id, 90.0]]);
        expect(order.layaway_kind).toBe("installment");
        // The register keeps prices to the product price's decimals, as the server's check does.
        expect(lineTaxes(order)).toEqual([
            [62.07, [1]],
            [18.62, []],
        ]);
        expect(store.getLayawayLines(order)).toHaveLength(2);
    });

    test("the pick-up applies and the cancellation returns what was paid, per tax", async () => {
        const {store} = await setupGoodsRegister();
        await store.payLayaway(layaway(), 520.0);
        expect(store.getOrder().layaway_kind).toBe("pickup");
        expect(lineTaxes(store.getOrder())).toEqual([
            [-113.04, [1]],
            [-0, []],
        ]);
        await store.cancelLayaway(
            layaway({
                advances: [
                    {price_unit: 100.0, tax_ids: [1]},
                    {price_unit: 15.0, tax_ids: []},
                ],
            }),
            "Changed her mind"
        );
        expect(store.getOrder().layaway_kind).toBe("refund");
        expect(lineTaxes(store.getOrder())).toEqual([
            [-100, [1]],
            [-15, []],
        ]);
    });
});

describe("a mixed cart: the lines marked Lay away are laid away, the others sold now", () => {
    /** The register with a filled cart for customer 3, its products allowed on a layaway; alerts recorded. */
    async function setupMixedCart() {
        const register = await setupRegister();
        const {store} = register;
        const alerts = [];
        patchWithCleanup(store.dialog, {
            add(Component, props) {
                if (Component === AlertDialog) {
                    alerts.push(props.body);
                    return () => {};
                }
                return super.add(...arguments);
            },
        });
        const order = await getFilledOrder(store);
        order.setPartner(store.models["res.partner"].get(3));
        for (const line of order.lines) {
            line.product_id.product_tmpl_id.layaway_ok = true;
        }
        return {...register, alerts, order};
    }

    test("the Layaway button lays away the marked line; the other stays a sale in the same order", async () => {
        const {store, synced, previews, alerts, order} = await setupMixedCart();
        const [boughtNow, laidAway] = order.lines;
        const sold = [boughtNow.product_id.id, boughtNow.qty, boughtNow.price_unit];
        expect(store.toggleLayawayMark(laidAway)).toBe(true);
        expect(store.isLayawayMarked(laidAway)).toBe(true);
        expect(store.layawayGoodsLines(order)).toEqual([laidAway]);
        expect(store.layawayBoughtNowLines(order)).toEqual([boughtNow]);

        expect(await store.startLayaway()).toBe(true);
        expect(alerts).toEqual([]);
        // The preview and the layaway: the marked line's goods only.
        const goods = previews[0][2];
        expect(goods.map((line) => [line.product_id, line.qty])).toEqual([[6, 2]]);
        // The cart: the goods sold now, then the deposit.
        expect(order.lines.map((line) => [line.product_id.id, line.qty, line.price_unit])).toEqual([
            sold,
            [DEPOSIT, 1, 130],
        ]);
        expect(order.layaway_kind).toBe("deposit");
        // The mark is the register's own: never sent.
        const sent = await syncedOrder(store, synced, order);
        expect(sent.layaway_start).toEqual({plan_id: 7, installment_count: 3, goods});
        expect(sent.lines.map((line) => (Array.isArray(line) ? line[2] : line).product_id)).toEqual([5, DEPOSIT]);
        expect(JSON.stringify(sent)).not.toInclude("layawayMarked");
    });

    test("the toggle unmarks a marked line; nothing marked lays the whole cart away", async () => {
        const {store, previews, order} = await setupMixedCart();
        const line = order.lines[1];
        store.toggleLayawayMark(line);
        store.toggleLayawayMark(line);
        expect(store.isLayawayMarked(line)).toBe(false);
        expect(store.layawayBoughtNowLines(order)).toEqual([]);
        expect(await store.startLayaway()).toBe(true);
        expect(previews[0][2].map((goods) => goods.product_id)).toEqual([5, 6]);
        expect(order.lines.map((line) => line.product_id.id)).toEqual([DEPOSIT]);
    });

    test("refusals: a product that cannot be laid away, the layaway's money, a second layaway", async () => {
        const {store, alerts, order, previews} = await setupMixedCart();
        const [first, second] = order.lines;
        first.product_id.product_tmpl_id.layaway_ok = false;
        expect(store.toggleLayawayMark(first)).toBe(false);
        expect(store.isLayawayMarked(first)).toBe(false);
        expect(alerts).toEqual([
            `${first.product_id.display_name} cannot be laid away: only products marked 'Can be laid away' can. Sell it now, or ask a manager to allow it on the product.`,
        ]);
        expect(store.toggleLayawayMark(second)).toBe(true);
        expect(await store.startLayaway()).toBe(true);
        const deposit = order.lines.at(-1);
        expect(store.toggleLayawayMark(deposit)).toBe(false);
        expect(alerts.at(-1)).toBe("This line is the layaway's own money: only goods can be laid away.");
        // The order already starts a layaway: another press is refused, the cart unchanged.
        const cart = order.lines.map((line) => [line.product_id.id, line.qty]);
        expect(await store.startLayaway()).toBe(false);
        expect(alerts.at(-1)).toBe(
            "This order already carries a layaway's payment: take its payment first, then start the next layaway in a new order."
        );
        expect(order.lines.map((line) => [line.product_id.id, line.qty])).toEqual(cart);
        expect(previews).toHaveLength(1);
    });
});
