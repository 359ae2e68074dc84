import {registry} from "@web/core/registry";

/**
 * On a layaway's portal page (logged in, or opened from its token link): Pay, the next
 * installment, the Demo provider's successful payment; back on the page, the payment is there.
 */
function payNextInstallment() {
    return [
        {content: "the balance before paying", trigger: ".o_layaway_balance:contains('200.00')"},
        {content: "open Pay", trigger: "button.o_layaway_pay", run: "click"},
        {
            content: "the next installment is offered, and chosen",
            trigger: "#o_layaway_pay_dialog label[for='o_layaway_pay_next']:contains('66.67')",
        },
        {trigger: "#o_layaway_pay_dialog input#o_layaway_pay_next:checked"},
        {
            content: "continue to the payment form",
            trigger: "#o_layaway_pay_dialog button.o_layaway_pay_continue",
            run: "click",
            expectUnloadPage: true,
        },
        {content: "the amount to pay", trigger: ".o_layaway_pay_page:contains('66.67')"},
        {
            content: "the Demo provider's card details",
            trigger: "input[name='customer_input']",
            run: "edit 4242424242424242",
        },
        {
            content: "pay",
            trigger: "button[name='o_payment_submit_button']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "back on the layaway: the payment was received",
            trigger: ".o_layaway_tx_done:contains('66.67')",
            timeout: 30000,
        },
        {content: "the balance went down", trigger: ".o_layaway_balance:contains('133.33')"},
        {content: "the payment is listed, online", trigger: ".o_layaway_payments td:contains('Online')"},
        {
            content: "the first installment is paid",
            trigger: ".o_layaway_schedule tbody tr:first-child td:contains('Paid')",
        },
    ];
}

registry.category("web_tour.tours").add("layaway_portal_pay_tour", {steps: payNextInstallment});
// The same from the link of the emails, contract and receipts, without logging in.
registry.category("web_tour.tours").add("layaway_token_pay_tour", {steps: payNextInstallment});
