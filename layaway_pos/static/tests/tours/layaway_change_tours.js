import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import {registry} from "@web/core/registry";
import {modal, openLayaways} from "@layaway_pos/../tests/tours/layaway_tour_utils";

/**
 * Change items on the Layaways screen: 3 lamps instead of 1 on Layla's layaway (deposit 66):
 * the preview asks 20 more for the new minimum deposit and shows the new schedule; the
 * difference is taken on the payment screen, the receipt shows the new balance and schedule.
 */
registry.category("web_tour.tours").add("LayawayChangeItemsTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            openLayaways("Layla"),
            {trigger: ".o_layaway_screen .o_layaway_detail .o_layaway_change_items", run: "click"},
            {trigger: `${modal} .o_layaway_change_line:contains('Sofa') .o_layaway_change_qty`},
            {trigger: `${modal} .o_layaway_change_hint`},
            {
                content: "3 lamps instead of 1",
                trigger: `${modal} .o_layaway_change_line:contains('Lamp') .o_layaway_change_qty`,
                run: "edit 3",
            },
            {content: "the new total", trigger: `${modal} .o_layaway_change_total:contains('390.00')`},
            {trigger: `${modal} .o_layaway_change_min_deposit:contains('86.00')`},
            {content: "the difference to take now", trigger: `${modal} .o_layaway_change_shortfall:contains('20.00')`},
            {trigger: `${modal} .o_layaway_change_balance:contains('304.00')`},
            {
                content: "the new schedule",
                trigger: `${modal} .o_layaway_change_schedule tr:nth-child(3) .o_layaway_change_installment:contains('101.34')`,
            },
            {trigger: `${modal} .o_layaway_change_confirm:contains('Take the difference')`, run: "click"},
            PaymentScreen.totalIs("20.00"),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {trigger: ".pos-receipt .orderline:contains('Layaway change of items')"},
            {content: "the receipt shows the new balance", trigger: ".o_layaway_receipt_balance:contains('304.00')"},
            {trigger: ".o_layaway_receipt_installment:eq(2):contains('101.34')"},
        ].flat(),
});
