import {Component, markup} from "@odoo/owl";
import {LayawayFormat} from "@layaway_pos/app/utils/layaway_format";

/** The layaway part of a receipt: what was paid, what is left, when, and the store's terms. */
export class LayawayReceipt extends Component {
    static template = "layaway_pos.LayawayReceipt";
    static props = {
        layaway: Object,
        // The order's res.currency (printed outside the register's screens: no usePos here).
        currency: Object,
    };

    get format() {
        return new LayawayFormat(this.props.currency);
    }

    get terms() {
        return this.props.layaway.terms ? markup(this.props.layaway.terms) : "";
    }
}
