import { Component, markup } from "@odoo/owl";
import { formatCurrency } from "@web/core/currency";

/** The layaway part of a receipt: what was paid, what is left, when, and the store's terms. */
export class LayawayReceipt extends Component {
    static template = "layaway_pos.LayawayReceipt";
    static props = {
        layaway: Object,
        currencyId: { type: Number, optional: true },
    };

    formatCurrency(amount) {
        return formatCurrency(amount, this.props.currencyId);
    }

    formatDate(isoDate) {
        return isoDate ? luxon.DateTime.fromISO(isoDate).toLocaleString(luxon.DateTime.DATE_SHORT) : "";
    }

    get terms() {
        return this.props.layaway.terms ? markup(this.props.layaway.terms) : "";
    }
}
