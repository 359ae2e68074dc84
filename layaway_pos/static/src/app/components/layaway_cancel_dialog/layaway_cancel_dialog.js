import {useState} from "@odoo/owl";
import {useAutofocus} from "@web/core/utils/hooks";
import {refundDestinations} from "@layaway_pos/app/utils/layaway_utils";
import {LayawayDialog} from "@layaway_pos/app/components/layaway_dialog/layaway_dialog";

/**
 * Cancel a layaway (managers), in the style of core's ConfirmationDialog for destructive
 * actions: what is kept and paid back, the reason (required, as in the back office), a
 * danger button. It opens from the detail already on the Layaways screen: no server call.
 * The payload is the reason typed.
 */
export class LayawayCancelDialog extends LayawayDialog {
    static template = "layaway_pos.LayawayCancelDialog";

    setup() {
        super.setup();
        this.state = useState({reason: "", paymentMethodId: this.props.layaway.refund_payment_method_id || 0});
        useAutofocus({refName: "reason"});
    }

    /** The reason as it will be kept; "" until one is typed. */
    get reason() {
        return this.state.reason.trim();
    }

    /** Is any money paid back (nothing when the fee keeps all that was paid)? */
    get hasRefund() {
        return this.format.compare(this.props.layaway.refund_amount, 0) > 0;
    }

    /**
     * Where the refund goes: the register's payment methods, the original tender (the method
     * that took the layaway's latest register payment) first, Customer Account as store credit.
     */
    get refundMethods() {
        return refundDestinations(this.pos.config.payment_method_ids, this.props.layaway.refund_payment_method_id);
    }

    confirm() {
        if (!this.reason) {
            return;
        }
        this.props.getPayload({reason: this.reason, paymentMethodId: Number(this.state.paymentMethodId) || false});
        this.props.close();
    }
}
