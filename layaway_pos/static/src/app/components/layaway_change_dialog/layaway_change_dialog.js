import {onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {ConnectionLostError, RPCError} from "@web/core/network/rpc";
import {refundDestinations} from "@layaway_pos/app/utils/layaway_utils";
import {LayawayDialog} from "@layaway_pos/app/components/layaway_dialog/layaway_dialog";

const SEARCH_LIMIT = 8;

/**
 * Change items of a layaway (add, remove, change quantities): the goods with their quantities
 * (0 removes a line), a search among the register's products that can be laid away, and the
 * server's preview (nothing written): new total, minimum deposit, what to take now or pay back,
 * the new schedule. The payload is {changes, preview, paymentMethodId}.
 */
export class LayawayChangeDialog extends LayawayDialog {
    static template = "layaway_pos.LayawayChangeDialog";

    setup() {
        super.setup();
        this.state = useState({
            quantities: Object.fromEntries(this.props.layaway.goods.map((good) => [good.line_id, good.qty])),
            additions: [],
            query: "",
            preview: null,
            error: "",
            loading: false,
            paymentMethodId: this.props.layaway.refund_payment_method_id || 0,
        });
        onWillStart(() => this.refresh());
    }

    /** The changes as the server takes them: lines whose quantity changed, products added. */
    get changes() {
        const changes = this.props.layaway.goods
            .filter((good) => this.format.compare(Number(this.state.quantities[good.line_id]), good.qty) !== 0)
            .map((good) => ({line_id: good.line_id, quantity: Number(this.state.quantities[good.line_id]) || 0}));
        for (const addition of this.state.additions) {
            if (Number(addition.qty) > 0) {
                changes.push({product_id: addition.product.id, quantity: Number(addition.qty)});
            }
        }
        return changes;
    }

    /** The register's products that can be laid away, matching the search. */
    get products() {
        const query = this.state.query.trim().toLowerCase();
        if (!query) {
            return [];
        }
        return this.pos.models["product.product"]
            .filter(
                (product) =>
                    product.product_tmpl_id?.layaway_ok &&
                    !this.pos.isLayawayProduct(product) &&
                    (product.display_name || product.name || "").toLowerCase().includes(query)
            )
            .slice(0, SEARCH_LIMIT);
    }

    /** Where money paid back goes: the plan's destination, or any (managers), the original tender first. */
    get refundMethods() {
        const original = this.props.layaway.refund_payment_method_id;
        const planMethod = this.state.preview?.refund_method;
        return refundDestinations(
            this.pos.config.payment_method_ids.filter(
                (method) =>
                    this.pos.isLayawayManager || (method.type === "pay_later") === (planMethod === "credit_note")
            ),
            original
        );
    }

    get hasRefund() {
        return this.state.preview && this.format.compare(this.state.preview.refund, 0) > 0;
    }

    get hasShortfall() {
        return this.state.preview && this.format.compare(this.state.preview.shortfall, 0) > 0;
    }

    setQuantity(good, ev) {
        this.state.quantities[good.line_id] = ev.target.value;
        this.refresh();
    }

    setAdditionQuantity(addition, ev) {
        addition.qty = ev.target.value;
        this.refresh();
    }

    addProduct(product) {
        this.state.additions.push({key: `${product.id}-${this.state.additions.length}`, product, qty: 1});
        this.state.query = "";
        this.refresh();
    }

    /** The server's preview of the changes; a refusal is shown in the dialog as it is. */
    async refresh() {
        const changes = this.changes;
        // Only the latest edit's answer is shown: quantities are typed faster than the server answers.
        const request = (this.request = (this.request || 0) + 1);
        this.state.preview = null;
        this.state.error = "";
        if (!changes.length) {
            return;
        }
        this.state.loading = true;
        try {
            const preview = await this.pos.data.call("sale.order", "layaway_pos_change_preview", [
                this.props.layaway.id,
                this.pos.config.id,
                changes,
            ]);
            if (request === this.request) {
                this.state.preview = preview;
            }
        } catch (error) {
            if (request !== this.request) {
                return;
            }
            if (error instanceof ConnectionLostError) {
                this.state.error = _t("The server cannot be reached: the items cannot be changed now.");
            } else if (error instanceof RPCError) {
                this.state.error = error.data?.message || error.message;
            } else {
                throw error;
            }
        } finally {
            if (request === this.request) {
                this.state.loading = false;
            }
        }
    }

    confirm() {
        if (!this.state.preview) {
            return;
        }
        this.props.getPayload({
            changes: this.changes,
            preview: this.state.preview,
            paymentMethodId: Number(this.state.paymentMethodId) || false,
        });
        this.props.close();
    }
}
