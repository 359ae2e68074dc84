import {beforeEach, describe, expect, test} from "@odoo/hoot";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {
    defaultPaymentAmount,
    depositError,
    layawayBadges,
    payLaterUsed,
    paymentError,
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
});
