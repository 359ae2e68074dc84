import {Component, useState} from "@odoo/owl";
import {Dialog} from "@web/core/dialog/dialog";
import {usePos} from "@point_of_sale/app/hooks/pos_hook";
import {depositError} from "@layaway_pos/app/utils/layaway_utils";

/**
 * Plan, installment count, and what the server computed for them: minimum deposit,
 * service fee, schedule and expiry. The cashier picks the deposit (the minimum or more).
 */
export class LayawayStartDialog extends Component {
    static template = "layaway_pos.LayawayStartDialog";
    static components = {Dialog};
    static props = {
        preview: Object,
        plans: Array,
        refresh: Function,
        getPayload: Function,
        close: Function,
    };

    setup() {
        this.pos = usePos();
        this.format = this.pos.layawayFormat;
        this.state = useState({
            preview: this.props.preview,
            deposit: this.props.preview.min_deposit,
            count: this.props.preview.installment_count,
            error: "",
            loading: false,
        });
    }

    get preview() {
        return this.state.preview;
    }

    /** A mixed cart: the cart's lines not marked Lay away, sold now in the same payment. */
    get boughtNow() {
        const order = this.pos.getOrder();
        return order
            ? this.pos.layawayBoughtNowLines(order).map((line) => `${line.qty} x ${line.product_id.display_name}`)
            : [];
    }

    get countChoices() {
        const choices = [];
        for (let n = this.preview.installment_min; n <= this.preview.installment_max; n++) {
            choices.push(n);
        }
        return choices;
    }

    /** The deposit typed, when it may start the layaway (the server shows its schedule). */
    get validDeposit() {
        const error = depositError(this.state.deposit, this.preview.min_deposit, this.preview.total, this.format);
        return error ? false : this.state.deposit;
    }

    async refresh(planId, count) {
        this.state.loading = true;
        const preview = await this.props.refresh(planId, count, this.validDeposit);
        this.state.loading = false;
        if (preview) {
            this.state.preview = preview;
            this.state.count = preview.installment_count;
            if (this.format.compare(this.state.deposit, preview.min_deposit) < 0) {
                this.state.deposit = preview.min_deposit;
            }
            if (this.format.compare(this.state.deposit, preview.total) > 0) {
                this.state.deposit = preview.min_deposit;
            }
        }
    }

    onPlanChange(ev) {
        this.refresh(parseInt(ev.target.value), false);
    }

    onCountChange(ev) {
        this.refresh(this.preview.plan_id, parseInt(ev.target.value));
    }

    onDepositInput(ev) {
        this.state.deposit = parseFloat(ev.target.value);
        this.state.error = "";
    }

    /** A deposit above the minimum shortens the installments: show the schedule it gives. */
    onDepositChange() {
        const deposit = this.validDeposit;
        const shown = this.preview.deposit;
        if (deposit !== false && (typeof shown !== "number" || this.format.compare(deposit, shown) !== 0)) {
            this.refresh(this.preview.plan_id, this.preview.installment_count);
        }
    }

    confirm() {
        const error = depositError(this.state.deposit, this.preview.min_deposit, this.preview.total, this.format);
        if (error) {
            this.state.error = error;
            return;
        }
        this.props.getPayload({deposit: this.state.deposit, preview: this.preview});
        this.props.close();
    }
}
