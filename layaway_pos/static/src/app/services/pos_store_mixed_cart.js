import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {PosStore} from "@point_of_sale/app/services/pos_store";
import {layawayMarkError, mixedCartError} from "@layaway_pos/app/utils/mixed_cart";

/**
 * The mixed cart: the cashier marks cart lines "Lay away" (the mark is kept in the line's UI
 * state, never sent); the Layaway button then lays away the marked lines only and the others
 * stay in the order as an ordinary sale, paid with the deposit.
 */
patch(PosStore.prototype, {
    /** The cart's goods: its lines, without the layaway's own money and fee lines. */
    layawayCartLines(order) {
        return order.lines.filter((line) => !this.isLayawayProduct(line.product_id));
    },

    isLayawayMarked(line) {
        return Boolean(line.uiState?.layawayMarked);
    },

    /** The goods the Layaway button lays away: the lines marked "Lay away", else the whole cart. */
    layawayGoodsLines(order) {
        const goods = this.layawayCartLines(order);
        const marked = goods.filter((line) => this.isLayawayMarked(line));
        return marked.length ? marked : goods;
    },

    /** The goods sold now with a layaway's deposit: the lines not marked, when some are. */
    layawayBoughtNowLines(order) {
        const goods = this.layawayCartLines(order);
        return goods.some((line) => this.isLayawayMarked(line))
            ? goods.filter((line) => !this.isLayawayMarked(line))
            : [];
    },

    /** A cart line as the mixed cart's checks read it (utils/mixed_cart.js). */
    layawayCartLineValues(line) {
        return {
            name: line.product_id.display_name,
            productId: line.product_id.id,
            qty: line.qty,
            marked: this.isLayawayMarked(line),
            layawayOk: Boolean(line.product_id.product_tmpl_id?.layaway_ok),
            linked: Boolean(line.sale_order_origin_id || line.sale_order_line_id),
        };
    },

    /** The selected line's "Lay away" toggle; a line that cannot be laid away is refused by name. */
    toggleLayawayMark(line) {
        if (!line) {
            return false;
        }
        if (!this.isLayawayMarked(line)) {
            const error = this.isLayawayProduct(line.product_id)
                ? _t("This line is the layaway's own money: only goods can be laid away.")
                : layawayMarkError(this.layawayCartLineValues(line));
            if (error) {
                this.dialog.add(AlertDialog, {title: _t("Lay away"), body: error});
                return false;
            }
        }
        line.uiState.layawayMarked = !this.isLayawayMarked(line);
        return true;
    },

    async startLayaway() {
        const order = this.getOrder();
        const error = order?.layaway_kind
            ? _t(
                  "This order already carries a layaway's payment: take its payment first, then start the next layaway in a new order."
              )
            : mixedCartError(this.layawayCartLines(order).map((line) => this.layawayCartLineValues(line)));
        if (error) {
            this.dialog.add(AlertDialog, {title: _t("Layaway"), body: error});
            return false;
        }
        return super.startLayaway(...arguments);
    },
});
