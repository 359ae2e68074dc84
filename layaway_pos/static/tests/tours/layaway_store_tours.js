import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import {registry} from "@web/core/registry";
import {modal, openLayaways} from "@layaway_pos/../tests/tours/layaway_tour_utils";

/** Open the register, then the detail of Layla's layaway on the Layaways screen. */
function openLaylasLayaway() {
    return [Chrome.startPoS(), Dialog.confirm("Open Register"), openLayaways("Layla")].flat();
}

registry.category("web_tour.tours").add("LayawayTransferHereTour", {
    steps: () =>
        [
            openLaylasLayaway(),
            {
                content: "the goods are at the first store: no pick-up here, a transfer",
                trigger: ".o_layaway_goods_where:contains('at Main Store')",
            },
            {trigger: ".o_layaway_detail:not(:has(.o_layaway_pickup))"},
            {trigger: ".o_layaway_detail .o_layaway_transfer_here", run: "click"},
            {trigger: `${modal} .modal-title:contains('Transfer requested')`},
            {trigger: `${modal} .modal-body:contains('in transit to Uptown Store')`},
            Dialog.confirm("Ok"),
            {trigger: "body:not(:has(.modal))"},
            {
                content: "the detail says where the goods are until they arrive",
                trigger: ".o_layaway_goods_where:contains('in transit to Uptown Store')",
            },
            {trigger: ".o_layaway_detail:not(:has(.o_layaway_pickup)):not(:has(.o_layaway_transfer_here))"},
        ].flat(),
});

registry.category("web_tour.tours").add("LayawayRescheduleAtRegisterTour", {
    steps: () =>
        [
            openLaylasLayaway(),
            {trigger: ".o_layaway_detail_schedule tbody tr:nth-child(3):contains('74.66')"},
            {trigger: ".o_layaway_detail .o_layaway_reschedule", run: "click"},
            {trigger: `${modal} .o_layaway_reschedule_help`},
            {
                content: "nothing to confirm before a preview",
                trigger: `${modal} .o_layaway_reschedule_confirm:disabled`,
            },
            {trigger: `${modal} input.o_layaway_reschedule_count`, run: "edit 4"},
            {trigger: `${modal} .o_layaway_reschedule_preview_button`, run: "click"},
            {trigger: `${modal} .o_layaway_reschedule_preview tbody tr:nth-child(4):contains('56.00')`},
            {trigger: `${modal} .o_layaway_reschedule_preview tbody:not(:has(tr:nth-child(5)))`},
            {trigger: `${modal} .o_layaway_reschedule_confirm:enabled`, run: "click"},
            {trigger: "body:not(:has(.modal))"},
            {
                content: "the detail shows the new schedule",
                trigger: ".o_layaway_detail_schedule tbody tr:nth-child(4):contains('56.00')",
            },
        ].flat(),
});
