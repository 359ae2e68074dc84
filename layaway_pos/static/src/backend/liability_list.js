import {markup} from "@odoo/owl";
import {DateTimeInput} from "@web/core/datetime/datetime_input";
import {deserializeDate, serializeDate, today} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {ListController} from "@web/views/list/list_controller";
import {listView} from "@web/views/list/list_view";

/**
 * The Customer Deposits reconciliation, a page of its own: the day it is computed at sits in the
 * control panel, and choosing another opens the report again at that day (the server names the
 * page with it: "Customer Deposits Reconciliation at 3/31/2026").
 */
export class LayawayLiabilityListController extends ListController {
    static components = {...ListController.components, DateTimeInput};

    setup() {
        super.setup();
        this.orm = useService("orm");
        this.actionService = useService("action");
    }

    get liabilityDate() {
        const value = this.props.context.layaway_liability_date;
        return value ? deserializeDate(value) : today();
    }

    async onLiabilityDateChange(date) {
        if (!date || date.hasSame(this.liabilityDate, "day")) {
            return;
        }
        const action = await this.orm.call("layaway.liability.wizard", "action_open_at", [
            serializeDate(date),
            this.props.context.layaway_liability_company_id || false,
        ]);
        // As the action service does for an action a button returns: its help is the server's HTML.
        if (action.help) {
            action.help = markup(action.help);
        }
        await this.actionService.doAction(action, {stackPosition: "replaceCurrentAction"});
    }
}

registry.category("views").add("layaway_liability_list", {
    ...listView,
    Controller: LayawayLiabilityListController,
    buttonTemplate: "layaway_pos.LiabilityListButtons",
});
