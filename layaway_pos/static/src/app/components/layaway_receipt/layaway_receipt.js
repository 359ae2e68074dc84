import {Component, markup} from "@odoo/owl";
import {LayawayFormat} from "@layaway_pos/app/utils/layaway_format";
import {cancelFeeKept, receiptClosing, receiptKind, refundedMoney} from "@layaway_pos/app/utils/layaway_utils";
import {generateQRCodeDataUrl} from "@point_of_sale/utils";

/**
 * The layaway part of a receipt: the goods laid away (the deposit's), what was paid, what is
 * left and when, and a closing sentence fit for its kind (deposit, installment, pick-up,
 * cancellation); then the store's terms.
 */
export class LayawayReceipt extends Component {
    static template = "layaway_pos.LayawayReceipt";
    static props = {
        // sale.order.layaway_pos_detail, with the order's `kind` and `paid_now` when it prints one.
        layaway: Object,
        // The order's res.currency (printed outside the register's screens: no usePos here).
        currency: Object,
    };

    get format() {
        return new LayawayFormat(this.props.currency);
    }

    get kind() {
        return receiptKind(this.props.layaway);
    }

    /** A cancellation's fee line: only when a fee was kept. */
    get showCancelFee() {
        return cancelFeeKept(this.props.layaway, this.format);
    }

    /** A cancellation's refund: money going back, with a minus sign. */
    get refunded() {
        return refundedMoney(this.props.layaway, this.format);
    }

    get closing() {
        return receiptClosing(this.props.layaway, this.format);
    }

    /** The layaway's page (its token in the link): the customer scans it to see it and pay online. */
    get payQrCode() {
        return this.props.layaway.pay_url ? generateQRCodeDataUrl(this.props.layaway.pay_url) : "";
    }

    get terms() {
        return this.props.layaway.terms ? markup(this.props.layaway.terms) : "";
    }
}
