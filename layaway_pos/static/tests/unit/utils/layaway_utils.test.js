import {beforeEach, describe, expect, test} from "@odoo/hoot";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {
    defaultPaymentAmount,
    depositError,
    layawayBadges,
    layawayLineLabel,
    payLaterUsed,
    paymentError,
    receiptClosing,
    cancelFeeKept,
    refundedMoney,
    receiptKind,
    selectionLabel,
    settlesBalance,
} from "@layaway_pos/app/utils/layaway_utils";
import {LayawayFormat} from "@layaway_pos/app/utils/layaway_format";

definePosModels();

// The register's currency (USD in the POS test data) and a currency without decimals.
const usd = new LayawayFormat({id: 1, decimal_places: 2, rounding: 0.01});
const noDecimals = new LayawayFormat({id: 1, decimal_places: 0, rounding: 1});

describe("layaway_pos utils", () => {
    // The messages are translated: the POS env loads the (empty) translations.
    beforeEach(() => setupPosEnv());

    test("Customer Account (a method without journal) is not layaway money", () => {
        const cash = {type: "cash"};
        const payLater = {type: "pay_later"};
        expect(payLaterUsed({payment_ids: [{payment_method_id: cash, amount: 50}]})).toBe(false);
        expect(
            payLaterUsed({
                payment_ids: [
                    {payment_method_id: cash, amount: 20},
                    {payment_method_id: payLater, amount: 30},
                ],
            })
        ).toBe(true);
        // Money going back to the customer's account (a refund) is not money taken.
        expect(payLaterUsed({payment_ids: [{payment_method_id: payLater, amount: -30}]})).toBe(false);
        expect(payLaterUsed({payment_ids: []})).toBe(false);
    });

    test("a deposit must be at least the minimum and at most the total", () => {
        expect(depositError(66, 66, 290, usd)).toBe("");
        expect(depositError(110, 66, 290, usd)).toBe("");
        expect(depositError(290, 66, 290, usd)).toBe("");
        expect(depositError(65.99, 66, 290, usd)).toBe("The deposit must be at least $\u00a066.00.");
        expect(depositError(0, 0, 290, usd)).toInclude("at least");
        expect(depositError(NaN, 66, 290, usd)).toInclude("at least");
        expect(depositError(290.01, 66, 290, usd)).toBe(
            "The deposit cannot be more than the layaway total of $\u00a0290.00."
        );
    });

    test("a deposit is compared in the currency's own decimals", () => {
        // Below the minimum by less than the currency's smallest amount: it is the minimum.
        expect(depositError(65.996, 66, 290, usd)).toBe("");
        expect(depositError(65.6, 66, 290, noDecimals)).toBe("");
        expect(depositError(65.4, 66, 290, noDecimals)).toBe("The deposit must be at least $\u00a066.");
        expect(depositError(290.4, 66, 290, noDecimals)).toBe("");
        expect(depositError(290.5, 66, 290, noDecimals)).toInclude("more than the layaway total of $\u00a0290.");
    });

    test("a payment is more than zero and never more than the balance", () => {
        expect(paymentError(74.67, 224, usd)).toBe("");
        expect(paymentError(224, 224, usd)).toBe("");
        expect(paymentError(224.01, 224, usd)).toBe(
            "$\u00a0224.01 is more than the balance ($\u00a0224.00). Take at most $\u00a0224.00."
        );
        expect(paymentError(0, 224, usd)).toInclude("more than zero");
        // Float noise does not refuse an exact balance.
        expect(paymentError(0.1 + 0.2, 0.3, usd)).toBe("");
        expect(paymentError(224.4, 224, noDecimals)).toBe("");
        expect(paymentError(224.5, 224, noDecimals)).toInclude("more than the balance ($\u00a0224)");
    });

    test("the proposed payment is what is due next, capped at the balance", () => {
        expect(defaultPaymentAmount({next_due_amount: 74.67, amount_residual: 224}, usd)).toBe(74.67);
        expect(defaultPaymentAmount({next_due_amount: 80, amount_residual: 50}, usd)).toBe(50);
        expect(defaultPaymentAmount({next_due_amount: 0, amount_residual: 12.5}, usd)).toBe(12.5);
        expect(defaultPaymentAmount({next_due_amount: 74.666, amount_residual: 224}, usd)).toBe(74.67);
        expect(defaultPaymentAmount({next_due_amount: 74.67, amount_residual: 224}, noDecimals)).toBe(75);
    });

    test("settling: the payment covers the balance once rounded", () => {
        expect(settlesBalance(124, 124, usd)).toBe(true);
        expect(settlesBalance(124.5, 124, usd)).toBe(true);
        expect(settlesBalance(123.99, 124, usd)).toBe(false);
        expect(settlesBalance(123.996, 124, usd)).toBe(true);
        expect(settlesBalance(0.1 + 0.2, 0.3, usd)).toBe(true);
        expect(settlesBalance(123.6, 124, noDecimals)).toBe(true);
        expect(settlesBalance(123.4, 124, noDecimals)).toBe(false);
    });

    test("badges: overdue, expired, ready for pick-up", () => {
        const labels = (layaway) => layawayBadges(layaway, "2026-03-01").map((b) => b.label);
        expect(labels({layaway_state: "active", is_overdue: false, next_due_date: "2026-03-15"})).toEqual([]);
        expect(labels({layaway_state: "active", is_overdue: true})).toEqual(["Overdue"]);
        expect(labels({layaway_state: "active", next_due_date: "2026-02-20"})).toEqual(["Overdue"]);
        expect(labels({layaway_state: "expired"})).toEqual(["Expired"]);
        expect(labels({layaway_state: "paid"})).toEqual(["Ready for pick-up"]);
    });

    test("labels: the server's translated label, else the value itself", () => {
        expect(selectionLabel({state: "partial", state_label: "Partiellement payé"}, "state")).toBe(
            "Partiellement payé"
        );
        expect(selectionLabel({state: "partial"}, "state")).toBe("partial");
        expect(selectionLabel({kind: "deposit", kind_label: "Acompte"}, "kind")).toBe("Acompte");
        expect(selectionLabel({kind: "deposit", kind_label: false}, "kind")).toBe("deposit");
        expect(selectionLabel({layaway_state: "active", layaway_state_label: "Actif"}, "layaway_state")).toBe("Actif");
        expect(selectionLabel({}, "kind")).toBe("");
    });

    test("the layaway line is named after the order's kind", () => {
        expect(layawayLineLabel("deposit")).toBe("Layaway deposit");
        expect(layawayLineLabel("installment")).toBe("Layaway installment");
        expect(layawayLineLabel("pickup")).toBe("Paid on the layaway");
        expect(layawayLineLabel("refund")).toBe("Layaway refund");
        expect(layawayLineLabel(false)).toBe("");
        expect(layawayLineLabel(undefined)).toBe("");
    });

    test("a receipt's kind: the order's, else (a reprint) the layaway's state", () => {
        expect(receiptKind({kind: "deposit", layaway_state: "active"})).toBe("deposit");
        expect(receiptKind({kind: "pickup", layaway_state: "done"})).toBe("pickup");
        expect(receiptKind({layaway_state: "active"})).toBe("installment");
        expect(receiptKind({layaway_state: "paid"})).toBe("installment");
        expect(receiptKind({layaway_state: "expired"})).toBe("installment");
        expect(receiptKind({layaway_state: "done"})).toBe("pickup");
        expect(receiptKind({layaway_state: "cancelled"})).toBe("refund");
    });

    test("a cancellation's refund shows as money going back, its fee only when one is kept", () => {
        expect(refundedMoney({refund_amount: 55}, usd)).toBe("$\u00a0-55.00");
        expect(refundedMoney({refund_amount: 0}, usd)).toBe("$\u00a00.00");
        expect(cancelFeeKept({cancel_fee: 29}, usd)).toBe(true);
        expect(cancelFeeKept({cancel_fee: 0}, usd)).toBe(false);
        expect(cancelFeeKept({cancel_fee: 0.004}, usd)).toBe(false);
        expect(cancelFeeKept({}, usd)).toBe(false);
    });

    test("a receipt's closing sentence fits its kind", () => {
        const layaway = {
            layaway_state: "active",
            amount_residual: 224,
            expiry_date: "2026-10-11",
            next_due_date: "2026-04-24",
            next_due_amount: 74.67,
            refund_amount: 37,
            cancel_fee: 29,
        };
        const closing = (values) => receiptClosing({...layaway, ...values}, usd);
        expect(closing({kind: "deposit"})).toBe(
            "Your goods are kept for you until the balance of $\u00a0224.00 is paid, by 10/11/2026 at the latest."
        );
        expect(closing({kind: "deposit", expiry_date: false})).toBe(
            "Your goods are kept for you until the balance of $\u00a0224.00 is paid."
        );
        expect(closing({kind: "installment", amount_residual: 149.33})).toBe(
            "Balance left to pay: $\u00a0149.33. Next payment: $\u00a074.67 by 04/24/2026."
        );
        // The next payment is never more than the balance.
        expect(closing({kind: "installment", amount_residual: 50, next_due_amount: 74.67})).toBe(
            "Balance left to pay: $\u00a050.00. Next payment: $\u00a050.00 by 04/24/2026."
        );
        expect(closing({kind: "installment", next_due_date: false})).toBe("Balance left to pay: $\u00a0224.00.");
        expect(closing({kind: "installment", layaway_state: "paid", amount_residual: 0.001})).toBe(
            "Everything is paid: your goods are ready for pick-up."
        );
        expect(closing({layaway_state: "expired"})).toBe(
            "This layaway expired on 10/11/2026: the store must extend it before it takes payments. Balance: $\u00a0224.00."
        );
        expect(closing({kind: "pickup", layaway_state: "done", amount_residual: 0})).toBe(
            "Your goods have been handed over: nothing is left to pay. Thank you!"
        );
        expect(closing({kind: "refund", layaway_state: "cancelled"})).toBe(
            "Layaway cancelled: $\u00a037.00 refunded, the cancellation fee of $\u00a029.00 kept."
        );
        // A reprint of a cancelled layaway says the same.
        expect(closing({layaway_state: "cancelled"})).toBe(closing({kind: "refund"}));
        // No fee kept (none, or less than the currency's smallest amount): not a word of it.
        expect(closing({kind: "refund", cancel_fee: 0, refund_amount: 66})).toBe(
            "Layaway cancelled: $\u00a066.00 refunded."
        );
        expect(closing({kind: "refund", cancel_fee: 0.004, refund_amount: 66})).toBe(
            "Layaway cancelled: $\u00a066.00 refunded."
        );
    });
});
