import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { setupPosEnv } from "@point_of_sale/../tests/unit/utils";
import { definePosModels } from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {
    defaultPaymentAmount,
    depositError,
    layawayBadges,
    paymentError,
    roundAmount,
    settlesBalance,
} from "@layaway_pos/app/utils/layaway_utils";

definePosModels();

describe("layaway_pos utils", () => {
    // The messages are translated: the POS env loads the (empty) translations.
    beforeEach(() => setupPosEnv());

    test("a deposit must be at least the minimum and at most the total", () => {
        expect(depositError(66, 66, 290)).toBe("");
        expect(depositError(110, 66, 290)).toBe("");
        expect(depositError(290, 66, 290)).toBe("");
        expect(depositError(65.99, 66, 290)).toInclude("at least 66");
        expect(depositError(0, 0, 290)).toInclude("at least");
        expect(depositError(NaN, 66, 290)).toInclude("at least");
        expect(depositError(290.01, 66, 290)).toInclude("more than the layaway total");
    });

    test("a payment is more than zero and never more than the balance", () => {
        expect(paymentError(74.67, 224)).toBe("");
        expect(paymentError(224, 224)).toBe("");
        expect(paymentError(224.01, 224)).toInclude("more than the balance");
        expect(paymentError(0, 224)).toInclude("more than zero");
        // Float noise does not refuse an exact balance.
        expect(paymentError(0.1 + 0.2, 0.3)).toBe("");
    });

    test("the proposed payment is what is due next, capped at the balance", () => {
        expect(defaultPaymentAmount({ next_due_amount: 74.67, amount_residual: 224 })).toBe(74.67);
        expect(defaultPaymentAmount({ next_due_amount: 80, amount_residual: 50 })).toBe(50);
        expect(defaultPaymentAmount({ next_due_amount: 0, amount_residual: 12.5 })).toBe(12.5);
    });

    test("settling and rounding", () => {
        expect(settlesBalance(124, 124)).toBe(true);
        expect(settlesBalance(123.99, 124)).toBe(false);
        expect(roundAmount(1.005)).toBe(1.01);
        expect(roundAmount(74.666)).toBe(74.67);
    });

    test("badges: overdue, expired, ready for pick-up", () => {
        const labels = (layaway) => layawayBadges(layaway, "2026-03-01").map((b) => b.label);
        expect(labels({ layaway_state: "active", is_overdue: false, next_due_date: "2026-03-15" })).toEqual([]);
        expect(labels({ layaway_state: "active", is_overdue: true })).toEqual(["Overdue"]);
        expect(labels({ layaway_state: "active", next_due_date: "2026-02-20" })).toEqual(["Overdue"]);
        expect(labels({ layaway_state: "expired" })).toEqual(["Expired"]);
        expect(labels({ layaway_state: "paid" })).toEqual(["Ready for pick-up"]);
    });
});
