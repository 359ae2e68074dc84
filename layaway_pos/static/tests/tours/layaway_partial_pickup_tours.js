import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import {registry} from "@web/core/registry";
import {modal, openLayaways} from "@layaway_pos/../tests/tours/layaway_tour_utils";

const sofa = `${modal} .o_layaway_pickup_item:contains('Sofa')`;

/**
 * Partial pick-up of Layla's layaway (166 paid): both sofas (230) are not covered, one (115) is;
 * it leaves with nothing to pay, the receipt says the rest stays on layaway.
 */
registry.category("web_tour.tours").add("LayawayPartialPickupTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            openLayaways("Layla"),
            {trigger: ".o_layaway_screen .o_layaway_pickup_partial", run: "click"},
            {content: "nothing ticked yet", trigger: `${modal} .o_layaway_pickup_confirm[disabled]`},
            {content: "tick the sofas: both leave", trigger: `${sofa} .o_layaway_pickup_tick`, run: "click"},
            {trigger: `${modal} .o_layaway_pickup_value:contains('230.00')`},
            {trigger: `${modal} .o_layaway_pickup_held:contains('166.00')`},
            {
                content: "not covered: the dialog says what to take first",
                trigger: `${modal} .o_layaway_pickup_refused:contains('64.00 more first')`,
            },
            {trigger: `${modal} .o_layaway_pickup_confirm[disabled]`},
            {content: "only one sofa", trigger: `${sofa} input.o_layaway_pickup_qty`, run: "edit 1 && press Enter"},
            {trigger: `${modal} .o_layaway_pickup_value:contains('115.00')`},
            {trigger: `${modal} .o_layaway_pickup_covered`},
            {trigger: `${modal} .o_layaway_pickup_confirm:not([disabled])`, run: "click"},
            {trigger: "body:not(:has(.modal))"},
            PaymentScreen.totalIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {trigger: ".pos-receipt .orderline:contains('Sofa')"},
            {trigger: ".pos-receipt .orderline:contains('Applied to the items taken')"},
            {trigger: ".o_layaway_receipt_balance:contains('124.00')"},
            {trigger: ".o_layaway_receipt_closing:contains('the rest stays on layaway')"},
        ].flat(),
});
