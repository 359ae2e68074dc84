import {patch} from "@web/core/utils/patch";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {SelectCreateDialog} from "@web/views/view_dialogs/select_create_dialog";

/** Layaways are paid, picked up and cancelled from the Layaways screen, never as pos_sale orders. */
export const NOT_A_LAYAWAY = ["layaway_plan_id", "=", false];

patch(ControlButtons.prototype, {
    async onClickLayaway() {
        await this.pos.startLayaway();
    },
    /** The selected cart line, for its "Lay away" toggle (a mixed cart). */
    get layawayMarkLine() {
        const line = this.currentOrder?.getSelectedOrderline();
        return line && !this.currentOrder.layaway_kind && !this.pos.isLayawayProduct(line.product_id) ? line : null;
    },
    onClickLayawayMark() {
        this.pos.toggleLayawayMark(this.layawayMarkLine);
    },
    onClickLayaways() {
        this.pos.navigate("LayawayScreen", {});
    },
    /** pos_sale's Quotation/Order list, without the layaways. */
    onClickQuotation() {
        const dialog = this.dialog;
        this.dialog = {
            ...dialog,
            add: (Component, props, options) => {
                if (Component === SelectCreateDialog && props.resModel === "sale.order") {
                    props = {...props, domain: [...(props.domain || []), NOT_A_LAYAWAY]};
                }
                return dialog.add(Component, props, options);
            },
        };
        try {
            return super.onClickQuotation(...arguments);
        } finally {
            this.dialog = dialog;
        }
    },
});
