/* global posmodel */

import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as OfflineUtil from "@point_of_sale/../tests/generic_helpers/offline_util";
import {refresh} from "@point_of_sale/../tests/generic_helpers/utils";
import * as PosSale from "@pos_sale/../tests/tours/utils/pos_sale_utils";
import {registry} from "@web/core/registry";
import {clickLayawayButton, modal, openLayaways} from "@layaway_pos/../tests/tours/layaway_tour_utils";

function fillCart() {
    return [
        ProductScreen.addOrderline("Sofa", "2"),
        ProductScreen.addOrderline("Lamp", "1"),
        ProductScreen.clickPartnerButton(),
        ProductScreen.clickCustomer("Layla Away"),
    ].flat();
}

function openLayawayDialog() {
    return [
        ...clickLayawayButton("Layaway"),
        {content: "the preview is shown", trigger: `${modal} .o_layaway_min_deposit:contains('66.00')`},
        {trigger: `${modal} .o_layaway_fee:contains('10.00')`},
        {trigger: `${modal} .o_layaway_total:contains('290.00')`},
        {trigger: `${modal} .o_layaway_schedule tr:nth-child(3):contains('74.66')`},
        {trigger: `${modal} .o_layaway_expiry:contains('Expires on')`},
    ];
}

function setDeposit(amount) {
    return [
        {
            content: `deposit ${amount}`,
            trigger: `${modal} input.o_layaway_deposit`,
            run: `edit ${amount} && press Enter`,
        },
    ];
}

function confirmDialog() {
    return [
        {content: "take the deposit", trigger: `${modal} .o_layaway_confirm`, run: "click"},
        {trigger: "body:not(:has(.modal))"},
    ];
}

function payCashAndValidate(balance) {
    return [
        PaymentScreen.clickPaymentMethod("Cash"),
        PaymentScreen.clickValidate(),
        ReceiptScreen.isShown(),
        {content: "the receipt shows the balance", trigger: `.o_layaway_receipt_balance:contains('${balance}')`},
    ].flat();
}

registry.category("web_tour.tours").add("LayawayStartMinimumTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            {
                content: "the sofa's tile says it can be laid away",
                trigger:
                    ".product-screen article.product:contains('Sofa') .o_layaway_product_badge[title='Can be laid away']",
            },
            {
                content: "the gift card's does not",
                trigger: ".product-screen article.product:contains('Gift Card'):not(:has(.o_layaway_product_badge))",
            },
            fillCart(),
            openLayawayDialog(),
            confirmDialog(),
            PaymentScreen.isShown(),
            PaymentScreen.totalIs("66.00"),
            payCashAndValidate("224.00"),
            {trigger: ".o_layaway_receipt_paid_now:contains('66.00')"},
            {trigger: ".o_layaway_receipt_installment:contains('74.67')"},
            {content: "the line is the deposit", trigger: ".pos-receipt .orderline:contains('Layaway deposit')"},
            {content: "the goods laid away", trigger: ".o_layaway_receipt_good:contains('2 x Sofa')"},
            {trigger: ".o_layaway_receipt_good:contains('1 x Lamp')"},
            {trigger: ".o_layaway_receipt_closing:contains('kept for you until the balance of'):contains('224.00')"},
            // The closing shows the session's layaways.
            ReceiptScreen.clickNextOrder(),
            Chrome.clickMenuOption("Close Register"),
            {trigger: `${modal} .o_layaway_closing_started:contains('(1)'):contains('66.00')`},
        ].flat(),
});

registry.category("web_tour.tours").add("LayawayStartMoreTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            fillCart(),
            openLayawayDialog(),
            {trigger: `${modal} select.o_layaway_count`, run: "select 2"},
            {trigger: `${modal} .o_layaway_schedule tr:nth-child(2):contains('112.00')`},
            setDeposit("110"),
            // The schedule follows the deposit typed: (290 - 110) / 2.
            {trigger: `${modal} .o_layaway_schedule_deposit:contains('110.00')`},
            {trigger: `${modal} .o_layaway_schedule tr:nth-child(2):contains('90.00')`},
            confirmDialog(),
            PaymentScreen.totalIs("110.00"),
            payCashAndValidate("180.00"),
            {trigger: ".o_layaway_receipt_installment:contains('90.00')"},
        ].flat(),
});

registry.category("web_tour.tours").add("LayawayRefusalsTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // No customer: the layaway asks for one.
            ProductScreen.addOrderline("Sofa", "1"),
            clickLayawayButton("Layaway"),
            ProductScreen.clickCustomer("Layla Away"),
            {content: "the dialog opens once the customer is chosen", trigger: `${modal} .o_layaway_min_deposit`},
            {trigger: `${modal} .btn-secondary:contains('Discard')`, run: "click"},
            {trigger: "body:not(:has(.modal))"},
            // A product that cannot be laid away is refused by name.
            ProductScreen.addOrderline("Gift Card", "1"),
            clickLayawayButton("Layaway"),
            {trigger: `${modal} .modal-body:contains('cannot be laid away: Gift Card')`},
            Dialog.confirm(),
            ProductScreen.selectedOrderlineHas("Gift Card", "1"),
            ProductScreen.clickNumpad("⌫"),
            ProductScreen.clickNumpad("⌫"),
            // A deposit below the minimum is refused.
            clickLayawayButton("Layaway"),
            {trigger: `${modal} .o_layaway_min_deposit:contains('33.00')`},
            setDeposit("20"),
            {trigger: `${modal} .o_layaway_confirm`, run: "click"},
            {trigger: `${modal} .o_layaway_error:contains('at least')`},
            setDeposit("33"),
            confirmDialog(),
            PaymentScreen.totalIs("33.00"),
        ].flat(),
});

// The page is reloaded (or closed) with the start dialog open: no layaway may be left behind.
registry.category("web_tour.tours").add("LayawayStartReloadTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            fillCart(),
            openLayawayDialog(),
            {trigger: `${modal} select.o_layaway_count`, run: "select 2"},
            {trigger: `${modal} .o_layaway_schedule tr:nth-child(2):contains('112.00')`},
            refresh(),
            {content: "the register is back, the dialog gone", trigger: "body:not(:has(.modal)) .product-screen"},
            {content: "the cart is kept", trigger: ".order-container .orderline .product-name:contains('Lamp')"},
            // Opened again and discarded: still nothing.
            openLayawayDialog(),
            {trigger: `${modal} .btn-secondary:contains('Discard')`, run: "click"},
            {trigger: "body:not(:has(.modal)) .order-container .orderline .product-name:contains('Sofa')"},
        ].flat(),
});

registry.category("web_tour.tours").add("LayawayPayTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            openLayaways("Layla"),
            {trigger: ".o_layaway_detail_balance:contains('224.00')"},
            {trigger: ".o_layaway_detail_schedule thead th:contains('Due date')"},
            {trigger: ".o_layaway_detail_payments thead th:contains('Date')"},
            {
                content: "the state's label",
                trigger: ".o_layaway_detail_schedule .o_layaway_installment_state:contains('Pending')",
            },
            {
                content: "the deposit's date is in the user's format, not the server's",
                trigger: ".o_layaway_detail_payments .o_layaway_payment_date:contains('/'):not(:contains('-'))",
            },
            // Reprint the layaway's receipt as it is now.
            {trigger: ".o_layaway_screen .o_layaway_reprint", run: "click"},
            {trigger: `${modal} .o_layaway_receipt_balance:contains('224.00')`},
            {trigger: `${modal} .o_layaway_receipt_installment:contains('74.67')`},
            {trigger: `${modal} .btn-secondary:contains('Close')`, run: "click"},
            {trigger: "body:not(:has(.modal))"},
            {trigger: ".o_layaway_screen .o_layaway_pay", run: "click"},
            {content: "default: what is due next", trigger: `${modal} .value:contains('74.67')`},
            Dialog.confirm(),
            PaymentScreen.totalIs("74.67"),
            payCashAndValidate("149.33"),
            {
                content: "an installment, not a deposit",
                trigger: ".pos-receipt .orderline:contains('Layaway installment'):not(:contains('Layaway Deposit'))",
            },
            {
                content: "the paid installment shows what was paid on it",
                trigger: ".o_layaway_receipt_installment:eq(0) td:last-child:contains('74.67')",
            },
            {trigger: ".o_layaway_receipt_closing:contains('Balance left to pay'):contains('Next payment')"},
        ].flat(),
});

registry.category("web_tour.tours").add("LayawayCompleteTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            openLayaways("Layla"),
            {trigger: ".o_layaway_screen .o_layaway_pickup", run: "click"},
            PaymentScreen.totalIs("124.00"),
            payCashAndValidate("0.00"),
            {trigger: ".pos-receipt .orderline:contains('Paid on the layaway')"},
            {trigger: ".o_layaway_receipt_closing:contains('nothing is left to pay')"},
        ].flat(),
});

/**
 * Cancel on the layaway's detail: the dialog opens from what the screen shows, without a
 * server call, in well under a second.
 */
function openCancelDialog() {
    return [
        {
            content: "cancel the layaway, counting the server calls",
            trigger: ".o_layaway_screen .o_layaway_detail .o_layaway_cancel",
            run: () => {
                const data = posmodel.data;
                const calls = (window.layawayCancelCalls = []);
                for (const method of ["call", "callRelated"]) {
                    const original = data[method];
                    data[method] = function (model, name, ...args) {
                        calls.push(`${model}.${name}`);
                        return original.call(this, model, name, ...args);
                    };
                }
                window.layawayCancelStart = performance.now();
                document.querySelector(".o_layaway_screen .o_layaway_detail .o_layaway_cancel").click();
            },
        },
        {
            content: "the dialog is open at once, no server call made",
            trigger: `${modal} .o_layaway_cancel_dialog`,
            run: () => {
                const elapsed = Math.round(performance.now() - window.layawayCancelStart);
                console.log(`The cancel dialog opened in ${elapsed} ms.`);
                if (window.layawayCancelCalls.length || elapsed > 1000) {
                    throw new Error(
                        `The cancel dialog took ${elapsed} ms and called ${window.layawayCancelCalls.join(", ") || "nothing"}.`
                    );
                }
            },
        },
    ];
}

registry.category("web_tour.tours").add("LayawayCancelTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            openLayaways("Layla"),
            openCancelDialog(),
            {trigger: `${modal} .o_layaway_cancel_fee:contains('29.00')`},
            {trigger: `${modal} .o_layaway_cancel_refund:contains('37.00')`},
            {content: "a destructive action", trigger: `${modal} .modal-footer .btn-danger.o_layaway_cancel_confirm`},
            {content: "no reason, no cancellation", trigger: `${modal} .o_layaway_cancel_confirm:disabled`},
            {trigger: `${modal} .o_layaway_cancel_reason_help:contains('Type the reason')`},
            {
                content: "pressing it anyway does nothing",
                trigger: `${modal} .o_layaway_cancel_dialog`,
                run: () => document.querySelector(`${modal} .o_layaway_cancel_confirm`).click(),
            },
            {trigger: `${modal} .o_layaway_cancel_dialog`},
            {trigger: `${modal} textarea.o_layaway_cancel_reason`, run: "edit Changed her mind"},
            // Where the refund goes: taken in the back office, it has no original tender here, so
            // the cashier chooses (nothing chosen by default); Cash is chosen in the dialog.
            {
                content: "nothing chosen by default",
                trigger: `${modal} select.o_layaway_cancel_refund_to:has(option:selected:contains('Choose on the payment screen'))`,
            },
            {
                content: "refund to Cash",
                trigger: `${modal} select.o_layaway_cancel_refund_to:has(option:contains('Cash'))`,
                run: () => {
                    const select = document.querySelector(`${modal} select.o_layaway_cancel_refund_to`);
                    const cash = [...select.options].find((option) => option.textContent.includes("Cash"));
                    select.value = cash.value;
                    select.dispatchEvent(new Event("change", {bubbles: true}));
                },
            },
            {trigger: `${modal} .o_layaway_cancel_confirm:enabled`, run: "click"},
            {trigger: "body:not(:has(.modal))"},
            PaymentScreen.totalIs("-37.00"),
            // The payment screen opens with the refund on Cash already.
            PaymentScreen.selectedPaymentlineHas("Cash", "-37.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {trigger: ".o_layaway_receipt:contains('Refunded')"},
            {trigger: ".pos-receipt .orderline:contains('Layaway refund')"},
            {trigger: ".o_layaway_receipt_closing:contains('refunded, the cancellation fee of')"},
        ].flat(),
});

const layawaysNeedTheServer = [
    {
        content: "the dialog says layaways need the server",
        trigger: `${modal} .modal-header:contains('Layaways need the server')`,
    },
    {
        content: "the body says why, and that ordinary sales keep working",
        trigger: `${modal} .modal-body:contains('The server cannot be reached'):contains('Ordinary sales keep working')`,
    },
    Dialog.confirm("Ok"),
    {trigger: "body:not(:has(.modal))"},
];

registry.category("web_tour.tours").add("LayawayOfflineTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // A layaway opened while online, then the connection drops: Pay says so (no silent queue).
            openLayaways("Layla"),
            OfflineUtil.setOfflineMode(),
            {trigger: ".o_layaway_screen .o_layaway_pay", run: "click"},
            Dialog.confirm(),
            layawaysNeedTheServer,
            {trigger: ".o_layaway_screen .o_layaway_detail"},
            OfflineUtil.setOnlineMode(),
            {content: "back to the list", trigger: ".o_layaway_screen .o_layaway_back", run: "click"},
            {trigger: ".o_layaway_screen .o_layaway_row"},
            {content: "back to the register", trigger: ".o_layaway_screen .o_layaway_back", run: "click"},
            ProductScreen.isShown(),
            fillCart(),
            OfflineUtil.setOfflineMode(),
            // The layaway cannot start: the register says why, the cart stays as it was.
            clickLayawayButton("Layaway"),
            layawaysNeedTheServer,
            ProductScreen.selectedOrderlineHas("Lamp", "1"),
            // The Layaways screen searches as it opens, and again on Search: both fail, and the
            // screen says so itself (no dialog on top of it).
            clickLayawayButton("Layaways"),
            {content: "the screen says it is offline", trigger: ".o_layaway_screen .o_layaway_offline"},
            {trigger: "body:not(:has(.modal))"},
            {trigger: ".o_layaway_screen input.o_layaway_search", run: "edit Layla"},
            {trigger: ".o_layaway_screen .o_layaway_search_button", run: "click"},
            {trigger: ".o_layaway_screen .o_layaway_offline"},
            {trigger: "body:not(:has(.modal))"},
            {trigger: ".o_layaway_screen:not(:has(.o_layaway_row))"},
            {trigger: ".o_layaway_screen .o_layaway_back", run: "click"},
            // An ordinary sale still works offline: the cart is still there; keep only the lamp.
            ProductScreen.isShown(),
            ProductScreen.clickOrderline("Sofa", "2"),
            ProductScreen.clickNumpad("⌫"),
            ProductScreen.clickNumpad("⌫"),
            ProductScreen.totalAmountIs("50.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            Dialog.confirm("Continue with limited functionality"),
            ReceiptScreen.totalAmountContains("50.00"),
            ReceiptScreen.clickNextOrder(),
            // Back online: the browser's "online" event makes the register sync its queued order.
            OfflineUtil.setOnlineMode(),
            {
                content: "the connection is back and the queued sale is synced",
                trigger: "body",
                run: async () => {
                    window.dispatchEvent(new Event("online"));
                    const unsynced = () => posmodel.models["pos.order"].filter((o) => o.isUnsyncedPaid);
                    for (let i = 0; i < 100 && unsynced().length; i++) {
                        await new Promise((resolve) => setTimeout(resolve, 100));
                    }
                    if (unsynced().length) {
                        throw new Error("The sale made offline was not synced once back online.");
                    }
                },
            },
        ].flat(),
});

registry.category("web_tour.tours").add("LayawayQuotationListTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // pos_sale's list shows the ordinary order (50.00), not the layaway (290.00).
            ProductScreen.clickControlButton("Quotation/Order"),
            {
                content: "the ordinary order is listed",
                trigger: `${modal} table.o_list_table tbody tr.o_data_row td:contains('50.00')`,
            },
            {
                content: "the layaway is not",
                trigger: `${modal} table.o_list_table tbody:not(:has(tr.o_data_row:contains('290.00')))`,
            },
            {
                content: "one order only",
                trigger: `${modal} table.o_list_table tbody:not(:has(tr.o_data_row ~ tr.o_data_row))`,
            },
            Dialog.cancel(),
            {trigger: "body:not(:has(.modal))"},
            // Settle the ordinary order the pos_sale way.
            PosSale.settleSaleOrderByPrice("50.00"),
            ProductScreen.selectedOrderlineHas("Lamp", "1"),
            ProductScreen.totalAmountIs("50.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            ReceiptScreen.totalAmountContains("50.00"),
        ].flat(),
});

registry.category("web_tour.tours").add("LayawayListAllTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Layla Away"),
            clickLayawayButton("Layaways"),
            {
                content: "the search is empty: not narrowed to the order's customer",
                trigger: ".o_layaway_screen input.o_layaway_search",
                run: () => {
                    if (document.querySelector(".o_layaway_screen input.o_layaway_search").value) {
                        throw new Error("The Layaways screen opened on a search.");
                    }
                },
            },
            {content: "Layla's layaway is listed", trigger: ".o_layaway_row:contains('Layla Away')"},
            {content: "and another customer's", trigger: ".o_layaway_row:contains('Bob Other')"},
            // The current customer is a filter to turn on, and off again.
            {trigger: ".o_layaway_customer_filter[aria-pressed='false']:contains('Layla Away')", run: "click"},
            {trigger: ".o_layaway_customer_filter[aria-pressed='true']"},
            {
                content: "only Layla's",
                trigger:
                    ".o_layaway_list:has(.o_layaway_row:contains('Layla Away')):not(:has(.o_layaway_row:contains('Bob Other')))",
            },
            {trigger: ".o_layaway_customer_filter", run: "click"},
            {trigger: ".o_layaway_customer_filter[aria-pressed='false']"},
            {trigger: ".o_layaway_row:contains('Bob Other')"},
            {trigger: ".o_layaway_row:contains('Layla Away')"},
        ].flat(),
});

/** The selected cart line's "Lay away" toggle, in the Actions popup. */
function toggleLayawayMark() {
    return [
        ProductScreen.clickControlButtonMore(),
        {content: "toggle Lay away", trigger: `${modal} .o_layaway_mark_button`, run: "click"},
        {trigger: "body:not(:has(.modal))"},
    ].flat();
}

// A mixed cart: the sofa is bought now, the two lamps are laid away, one order takes both.
registry.category("web_tour.tours").add("LayawayMixedCartTour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // A product that cannot be laid away is refused by name, and stays a sale.
            ProductScreen.addOrderline("Gift Card", "1"),
            ProductScreen.clickControlButtonMore(),
            {trigger: `${modal} .o_layaway_mark_button[aria-pressed='false']`, run: "click"},
            {trigger: `${modal} .modal-body:contains('Gift Card cannot be laid away')`},
            Dialog.confirm(),
            {
                content: "the gift card is not marked",
                trigger: ".order-container .orderline:contains('Gift Card'):not(:has(.o_layaway_marked_tag))",
            },
            ProductScreen.clickNumpad("⌫"),
            ProductScreen.clickNumpad("⌫"),
            ProductScreen.orderIsEmpty(),
            // Mark the lamps (the line just added): the cart says so.
            ProductScreen.addOrderline("Sofa", "1"),
            ProductScreen.addOrderline("Lamp", "2"),
            ProductScreen.selectedOrderlineHas("Lamp", "2"),
            toggleLayawayMark(),
            {
                content: "the lamps are tagged Lay away",
                trigger: ".order-container .orderline:contains('Lamp') .o_layaway_marked_tag:contains('Lay away')",
            },
            {
                content: "the sofa is not",
                trigger: ".order-container .orderline:contains('Sofa'):not(:has(.o_layaway_marked_tag))",
            },
            ProductScreen.clickControlButtonMore(),
            {content: "the toggle shows the mark", trigger: `${modal} .o_layaway_mark_button[aria-pressed='true']`},
            Dialog.cancel(),
            {trigger: "body:not(:has(.modal))"},
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Layla Away"),
            // The dialog previews the lamps only: 100 + fee 10, minimum 10 + 20 % of 100.
            clickLayawayButton("Layaway"),
            {trigger: `${modal} .o_layaway_bought_now:contains('1 x Sofa'):not(:contains('Lamp'))`},
            {trigger: `${modal} .o_layaway_total:contains('110.00')`},
            {trigger: `${modal} .o_layaway_min_deposit:contains('30.00')`},
            {trigger: `${modal} .o_layaway_schedule tr:nth-child(3):contains('26.66')`},
            confirmDialog(),
            // The sofa (115) and the deposit (30) in one payment.
            PaymentScreen.isShown(),
            PaymentScreen.totalIs("145.00"),
            payCashAndValidate("80.00"),
            ReceiptScreen.receiptAmountTotalIs("145.00"),
            {content: "the sofa bought now", trigger: ".pos-receipt .orderline:contains('Sofa'):contains('115.00')"},
            {trigger: ".pos-receipt .orderline:contains('Layaway deposit'):contains('30.00')"},
            {content: "no lamp sold now", trigger: ".pos-receipt:not(:has(.orderline:contains('Lamp')))"},
            {trigger: ".o_layaway_receipt_paid_now:contains('30.00')"},
            {content: "the goods laid away", trigger: ".o_layaway_receipt_good:contains('2 x Lamp')"},
            {trigger: ".o_layaway_receipt_goods:not(:contains('Sofa'))"},
            {trigger: ".o_layaway_receipt_installment:contains('26.67')"},
        ].flat(),
});
