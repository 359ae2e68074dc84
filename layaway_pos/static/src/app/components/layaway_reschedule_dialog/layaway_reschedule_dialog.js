import {useState} from "@odoo/owl";
import {LayawayDialog} from "@layaway_pos/app/components/layaway_dialog/layaway_dialog";

/**
 * Reschedule a layaway (managers): another number of installments within the plan's range, or a
 * later first due date. The new schedule is previewed by the server, which writes nothing; the
 * reschedule itself is the server's, checked again. The payload is the layaway's new detail.
 */
export class LayawayRescheduleDialog extends LayawayDialog {
    static template = "layaway_pos.LayawayRescheduleDialog";

    setup() {
        super.setup();
        const terms = this.props.layaway.reschedule;
        this.state = useState({
            count: String(terms.installment_count),
            firstDueDate: terms.first_due_date,
            // The schedule previewed for `previewed` (count and date); null until asked.
            preview: null,
            previewed: null,
        });
    }

    get terms() {
        return this.props.layaway.reschedule;
    }

    /** The values typed, as the server takes them. */
    get values() {
        return [parseInt(this.state.count, 10) || 0, this.state.firstDueDate || false];
    }

    /** Is the preview shown the one of the values typed? */
    get isPreviewCurrent() {
        return Boolean(this.state.preview) && JSON.stringify(this.values) === this.state.previewed;
    }

    async previewSchedule() {
        const values = this.values;
        const preview = await this.pos.layawayCall("layaway_pos_reschedule_preview", [
            this.props.layaway.id,
            this.pos.config.id,
            ...values,
        ]);
        this.state.preview = preview;
        this.state.previewed = preview ? JSON.stringify(values) : null;
    }

    async confirm() {
        if (!this.isPreviewCurrent) {
            return;
        }
        const detail = await this.pos.layawayCall("layaway_pos_reschedule", [
            this.props.layaway.id,
            this.pos.config.id,
            ...this.values,
        ]);
        if (detail) {
            this.props.getPayload(detail);
            this.props.close();
        }
    }
}
