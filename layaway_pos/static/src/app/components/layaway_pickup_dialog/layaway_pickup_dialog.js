import {useState} from "@odoo/owl";
import {parseFloat} from "@web/views/fields/parsers";
import {LayawayDialog} from "@layaway_pos/app/components/layaway_dialog/layaway_dialog";

/**
 * Partial pick-up: the cashier ticks the items leaving now (all of a line, or a number of
 * them); the server's preview (it writes nothing) gives their value and whether what was paid
 * covers it, with the plan's reserve on the goods left. The payload is the items and the
 * preview, whose `parts` are the lines applying their value. It reads the layaway's goods with
 * their `line_id` and `qty_left`.
 */
export class LayawayPickupDialog extends LayawayDialog {
    static template = "layaway_pos.LayawayPickupDialog";

    setup() {
        super.setup();
        this.request = 0;
        this.state = useState({
            lines: this.props.layaway.goods.filter((good) => good.qty_left > 0).map((good) => ({...good, quantity: 0})),
            preview: null,
            loading: false,
        });
    }

    /** The items ticked, as the preview and the sync take them. */
    get items() {
        return this.state.lines
            .filter((line) => line.quantity > 0)
            .map((line) => ({line_id: line.line_id, quantity: line.quantity}));
    }

    get canConfirm() {
        return Boolean(this.items.length && this.state.preview?.covered && !this.state.loading);
    }

    /** Ticked: all that is left of the line leaves; unticked: none of it. */
    toggle(line) {
        line.quantity = line.quantity > 0 ? 0 : line.qty_left;
        this.refresh();
    }

    setQuantity(line, ev) {
        let quantity = 0;
        try {
            quantity = parseFloat(ev.target.value || "0");
        } catch {
            quantity = 0;
        }
        line.quantity = quantity > 0 ? quantity : 0;
        this.refresh();
    }

    /** The server's preview of the items ticked; only the last answer is shown. */
    async refresh() {
        const items = this.items;
        const request = ++this.request;
        if (!items.length) {
            this.state.preview = null;
            this.state.loading = false;
            return;
        }
        this.state.loading = true;
        const preview = await this.pos.layawayCall("layaway_pos_pickup_preview", [
            this.props.layaway.id,
            this.pos.config.id,
            items,
        ]);
        if (request === this.request) {
            this.state.preview = preview;
            this.state.loading = false;
        }
    }

    confirm() {
        if (!this.canConfirm) {
            return;
        }
        this.props.getPayload({items: this.items, preview: this.state.preview});
        this.props.close();
    }
}
