import {Component, onMounted, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {_t} from "@web/core/l10n/translation";
import {parseFloat} from "@web/views/fields/parsers";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {Dialog} from "@web/core/dialog/dialog";
import {usePos} from "@point_of_sale/app/hooks/pos_hook";
import {makeAwaitable} from "@point_of_sale/app/utils/make_awaitable_dialog";
import {NumberPopup} from "@point_of_sale/app/components/popups/number_popup/number_popup";
import {LayawayReceipt} from "@layaway_pos/app/components/layaway_receipt/layaway_receipt";
import {LayawayCancelDialog} from "@layaway_pos/app/components/layaway_cancel_dialog/layaway_cancel_dialog";
import {LayawayRescheduleDialog} from "@layaway_pos/app/components/layaway_reschedule_dialog/layaway_reschedule_dialog";
import {LayawayPickupDialog} from "@layaway_pos/app/components/layaway_pickup_dialog/layaway_pickup_dialog";
import {LayawayChangeDialog} from "@layaway_pos/app/components/layaway_change_dialog/layaway_change_dialog";
import {defaultPaymentAmount, layawayBadges, paymentError, selectionLabel} from "@layaway_pos/app/utils/layaway_utils";

const PAGE_SIZE = 20;

/** A receipt of the layaway as it is now, to print again. */
export class LayawayReprintDialog extends Component {
    static template = "layaway_pos.LayawayReprintDialog";
    static components = {Dialog, LayawayReceipt};
    static props = {layaway: Object, close: Function};
    setup() {
        this.pos = usePos();
    }
    async print() {
        await this.pos.printer.print(LayawayReceipt, {
            layaway: this.props.layaway,
            currency: this.pos.currency,
        });
    }
}

/**
 * The open layaways from the server, page by page (all of them at first, then by search or
 * by the current customer); pay, pick up, cancel, reprint, print the hold tags.
 */
export class LayawayScreen extends Component {
    static template = "layaway_pos.LayawayScreen";
    static storeOnOrder = false;
    static props = {};

    setup() {
        this.pos = usePos();
        this.dialog = useService("dialog");
        this.report = useService("report");
        this.format = this.pos.layawayFormat;
        const partner = this.pos.getOrder()?.getPartner();
        this.state = useState({
            query: "",
            // The current order's customer, offered as a filter: the screen opens on every open layaway.
            customer: partner ? {id: partner.id, name: partner.name} : null,
            customerFilter: false,
            layaways: [],
            hasMore: false,
            offline: false,
            selected: null,
            loading: false,
        });
        onMounted(() => this.search());
    }

    badges(layaway) {
        return layawayBadges(layaway);
    }

    label(values, field) {
        return selectionLabel(values, field);
    }

    /** Show only the current customer's layaways, or everyone's again. */
    toggleCustomerFilter() {
        this.state.customerFilter = !this.state.customerFilter;
        this.search();
    }

    /** Was the list narrowed by a search or a customer (else it shows every open layaway)? */
    get isFiltered() {
        return Boolean(this.state.query.trim() || this.state.customerFilter);
    }

    onQueryInput(ev) {
        this.state.query = ev.target.value;
    }

    onQueryKeydown(ev) {
        if (ev.key === "Enter") {
            this.search();
        }
    }

    async search(more = false) {
        this.state.loading = true;
        const offset = more ? this.state.layaways.length : 0;
        let offline = false;
        const result = await this.pos.layawayCall(
            "layaway_pos_search",
            [
                this.pos.config.id,
                this.state.query,
                offset,
                PAGE_SIZE,
                (this.state.customerFilter && this.state.customer?.id) || false,
            ],
            {onOffline: () => (offline = true)}
        );
        this.state.loading = false;
        this.state.offline = offline;
        if (!result) {
            return;
        }
        this.state.layaways = more ? [...this.state.layaways, ...result.orders] : result.orders;
        this.state.hasMore = result.has_more;
        if (!more) {
            this.state.selected = null;
        }
    }

    async select(layaway) {
        const detail = await this.pos.layawayCall("layaway_pos_detail", [layaway.id, this.pos.config.id]);
        if (detail) {
            this.state.selected = detail;
        }
    }

    async pay() {
        const layaway = this.state.selected;
        if (layaway.layaway_state === "expired") {
            this.dialog.add(AlertDialog, {
                title: _t("Layaway expired"),
                body: _t("%s has expired: a manager must extend it before it takes payments.", layaway.name),
            });
            return;
        }
        const format = this.format;
        const payload = await makeAwaitable(this.dialog, NumberPopup, {
            title: _t("Pay layaway %s", layaway.name),
            subtitle: _t("Balance: %s", format.money(layaway.amount_residual)),
            startingValue: String(defaultPaymentAmount(layaway, format)),
            isValid: (value) => !paymentError(parseFloat(String(value || "0")), layaway.amount_residual, format),
            feedback: (value) => paymentError(parseFloat(String(value || "0")), layaway.amount_residual, format),
        });
        if (!payload) {
            return;
        }
        const amount = parseFloat(payload);
        const error = paymentError(amount, layaway.amount_residual, format);
        if (error) {
            this.dialog.add(AlertDialog, {title: _t("Layaway payment"), body: error});
            return;
        }
        await this.pos.payLayaway(layaway, amount);
    }

    async pickUp() {
        await this.pos.payLayaway(this.state.selected, this.state.selected.amount_residual);
    }

    /** Partial pick-up: offered while some goods are left to hand over. */
    get canPickUpPartly() {
        const layaway = this.state.selected;
        return (
            ["active", "paid"].includes(layaway?.layaway_state) &&
            layaway.goods_here !== false &&
            (layaway.goods || []).some((good) => good.qty_left > 0)
        );
    }

    async pickUpPartly() {
        const layaway = this.state.selected;
        const result = await makeAwaitable(this.dialog, LayawayPickupDialog, {layaway});
        if (result) {
            await this.pos.pickUpLayawayPartly(layaway, result.items, result.preview);
        }
    }

    async cancel() {
        const layaway = this.state.selected;
        if (!this.pos.isLayawayManager) {
            this.dialog.add(AlertDialog, {
                title: _t("Managers only"),
                body: _t("Only a manager can cancel a layaway: ask a manager to log in."),
            });
            return;
        }
        // From the detail on screen: the layaway is loaded only once the manager confirms.
        const payload = await makeAwaitable(this.dialog, LayawayCancelDialog, {layaway});
        const {reason, paymentMethodId} = payload || {};
        if (reason) {
            await this.pos.cancelLayaway(layaway, reason, paymentMethodId);
        }
    }

    /** Change items: the dialog previews; money goes through the payment screen, none changes it here. */
    async changeItems() {
        const layaway = this.state.selected;
        const payload = await makeAwaitable(this.dialog, LayawayChangeDialog, {layaway});
        if (!payload) {
            return;
        }
        const result = await this.pos.changeLayawayItems(
            layaway,
            payload.changes,
            payload.preview,
            payload.paymentMethodId
        );
        if (result && typeof result === "object") {
            // Changed without money: the layaway as it is now.
            this.state.selected = result;
        }
    }

    reprint() {
        this.dialog.add(LayawayReprintDialog, {layaway: this.state.selected});
    }

    /** The goods set aside at another store are sent here; handed over once received here. */
    async transferHere() {
        const detail = await this.pos.layawayCall("layaway_pos_transfer", [this.state.selected.id, this.pos.config.id]);
        if (detail) {
            this.state.selected = detail;
            this.dialog.add(AlertDialog, {
                title: _t("Transfer requested"),
                body: _t("The goods of %(order)s are %(where)s. Hand them over once they are received here.", {
                    order: detail.name,
                    where: detail.goods_where,
                }),
            });
        }
    }

    /** Another count or later dates (managers): previewed by the server, then rescheduled. */
    async reschedule() {
        const detail = await makeAwaitable(this.dialog, LayawayRescheduleDialog, {layaway: this.state.selected});
        if (detail) {
            this.state.selected = detail;
        }
    }

    /** The hold tags of the goods set aside, as the back office prints them (a PDF to download). */
    async printHoldTags() {
        await this.report.doAction("layaway_pos.action_report_layaway_hold_tag", [this.state.selected.id]);
    }

    back() {
        if (this.state.selected) {
            this.state.selected = null;
            return;
        }
        this.pos.navigate("ProductScreen", {orderUuid: this.pos.getOrder()?.uuid});
    }
}

registry.category("pos_pages").add("LayawayScreen", {
    name: "LayawayScreen",
    component: LayawayScreen,
    route: `/pos/ui/${odoo.pos_config_id}/layaways`,
    params: {},
});
