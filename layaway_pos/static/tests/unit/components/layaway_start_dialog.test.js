import {describe, expect, test} from "@odoo/hoot";
import {click, edit, queryAllTexts, queryOne, select} from "@odoo/hoot-dom";
import {animationFrame} from "@odoo/hoot-mock";
import {mountWithCleanup, patchWithCleanup, serverState} from "@web/../tests/web_test_helpers";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {LayawayStartDialog} from "@layaway_pos/app/components/layaway_start_dialog/layaway_start_dialog";

definePosModels();

const PLANS = [
    {id: 7, name: "Three months"},
    {id: 8, name: "Eight weeks"},
];

/**
 * What sale.order.layaway_pos_preview returns (_layaway_pos_preview) for a sofa and a lamp,
 * 280 of goods on the 3-month plan: 10 of fee, 20 % of the goods + the fee as minimum deposit.
 */
function threeMonthPreview(values = {}) {
    return {
        plan_id: 7,
        plan_name: "Three months",
        installment_count: 3,
        installment_min: 1,
        installment_max: 6,
        total: 290.0,
        service_fee: 10.0,
        min_deposit: 66.0,
        installments: [
            {sequence: 1, due_date: "2026-04-24", amount: 74.67},
            {sequence: 2, due_date: "2026-05-24", amount: 74.67},
            {sequence: 3, due_date: "2026-06-24", amount: 74.66},
        ],
        expiry_date: "2026-10-11",
        ...values,
    };
}

/** The same goods in 4 installments: (290 - 66) / 4. */
function fourInstallmentPreview() {
    return threeMonthPreview({
        installment_count: 4,
        installments: [
            {sequence: 1, due_date: "2026-04-24", amount: 56.0},
            {sequence: 2, due_date: "2026-05-24", amount: 56.0},
            {sequence: 3, due_date: "2026-06-24", amount: 56.0},
            {sequence: 4, due_date: "2026-07-24", amount: 56.0},
        ],
    });
}

/** Mount the dialog (in the register's currency, or `currency`); the calls of its callbacks are recorded. */
async function mountDialog({preview = threeMonthPreview(), refresh, currency} = {}) {
    const store = await setupPosEnv();
    if (currency) {
        patchWithCleanup(store, {currency});
    }
    const calls = {payloads: [], refreshes: [], deposits: [], closed: 0};
    const dialog = await mountWithCleanup(LayawayStartDialog, {
        props: {
            preview,
            plans: PLANS,
            refresh: async (planId, count, deposit) => {
                calls.refreshes.push([planId, count]);
                calls.deposits.push(deposit);
                return refresh ? refresh(planId, count) : null;
            },
            getPayload: (payload) => calls.payloads.push(payload),
            close: () => calls.closed++,
        },
    });
    return {dialog, calls};
}

// Decimal amounts are pasted ({ instantly: true }): hoot types into a number input by setting
// its value key by key, and the browser sanitizes an intermediate "290." to "" (a real
// keyboard keeps it, checked in Chromium).

const scheduleColumn = (n) => queryAllTexts(`.o_layaway_schedule tr td:nth-child(${n})`);

describe("LayawayStartDialog", () => {
    test("shows the minimum deposit, fee, total, schedule and expiry", async () => {
        await mountDialog();
        expect(".o_layaway_start_dialog").toHaveCount(1);
        // No order exists yet (the preview writes nothing): no reference to show.
        expect(".o_layaway_start_dialog").not.toHaveText(/S0/);
        expect(".o_layaway_total").toHaveText("$ 290.00");
        expect(".o_layaway_fee").toHaveText("$ 10.00");
        expect(".o_layaway_min_deposit").toHaveText("$ 66.00");

        expect(".o_layaway_schedule tr").toHaveCount(3);
        expect(scheduleColumn(1)).toEqual(["1", "2", "3"]);
        expect(scheduleColumn(2)).toEqual(["04/24/2026", "05/24/2026", "06/24/2026"]);
        expect(scheduleColumn(3)).toEqual(["$ 74.67", "$ 74.67", "$ 74.66"]);
        expect(".o_layaway_expiry").toHaveText("Expires on 10/11/2026");

        // The plan and the count are the preview's, the counts within the plan's range.
        expect(".o_layaway_plan").toHaveValue("7");
        expect(queryAllTexts(".o_layaway_plan option")).toEqual(["Three months", "Eight weeks"]);
        expect(".o_layaway_count").toHaveValue("3");
        expect(queryAllTexts(".o_layaway_count option")).toEqual(["1", "2", "3", "4", "5", "6"]);
        expect(".o_layaway_error").toHaveCount(0);
    });

    test("the deposit is typed in the currency's smallest amount", async () => {
        await mountDialog();
        expect(".o_layaway_deposit").toHaveAttribute("step", "0.01");
    });

    test("a register in a currency without decimals", async () => {
        serverState.currencies = [...serverState.currencies, {id: 3, name: "JPY", symbol: "¥", position: "before"}];
        const {calls} = await mountDialog({currency: {id: 3, decimal_places: 0, rounding: 1}});
        expect(".o_layaway_total").toHaveText("¥ 290");
        expect(".o_layaway_min_deposit").toHaveText("¥ 66");
        expect(scheduleColumn(3)).toEqual(["¥ 75", "¥ 75", "¥ 75"]);
        expect(".o_layaway_deposit").toHaveAttribute("step", "1");
        // 65.6 is 66 in yen: the minimum is taken.
        await click(".o_layaway_deposit");
        await edit("65.6", {instantly: true});
        await animationFrame();
        await click(".o_layaway_confirm");
        await animationFrame();
        expect(".o_layaway_error").toHaveCount(0);
        expect(calls.payloads).toHaveLength(1);
        // 65.4 is 65 in yen: refused, in yen.
        await click(".o_layaway_deposit");
        await edit("65.4", {instantly: true});
        await animationFrame();
        await click(".o_layaway_confirm");
        await animationFrame();
        expect(".o_layaway_error").toHaveText("The deposit must be at least ¥ 66.");
        expect(calls.payloads).toHaveLength(1);
    });

    test("a plan without expiry says so", async () => {
        await mountDialog({preview: threeMonthPreview({expiry_date: false})});
        expect(".o_layaway_expiry").toHaveText("Never expires");
    });

    test("the deposit defaults to the minimum, which is accepted as is", async () => {
        const {calls} = await mountDialog();
        expect(".o_layaway_deposit").toHaveValue(66);
        await click(".o_layaway_confirm");
        await animationFrame();
        expect(calls.payloads).toHaveLength(1);
        expect(calls.payloads[0].deposit).toBe(66);
        expect(calls.closed).toBe(1);
    });

    test("a deposit below the minimum is refused and nothing is taken", async () => {
        const {calls} = await mountDialog();
        await click(".o_layaway_deposit");
        await edit("50");
        await animationFrame();
        await click(".o_layaway_confirm");
        await animationFrame();
        expect(".o_layaway_error").toHaveCount(1);
        expect(".o_layaway_error").toHaveText("The deposit must be at least $ 66.00.");
        expect(calls.payloads).toEqual([]);
        expect(calls.closed).toBe(0);

        // Typing again clears the error.
        await click(".o_layaway_deposit");
        await edit("65.99", {instantly: true});
        await animationFrame();
        expect(".o_layaway_error").toHaveCount(0);
    });

    test("a deposit above the total is refused", async () => {
        const {calls} = await mountDialog();
        await click(".o_layaway_deposit");
        await edit("290.01", {instantly: true});
        await animationFrame();
        await click(".o_layaway_confirm");
        await animationFrame();
        expect(".o_layaway_error").toHaveText("The deposit cannot be more than the layaway total of $ 290.00.");
        expect(calls.payloads).toEqual([]);
        expect(calls.closed).toBe(0);
    });

    test("a deposit above the minimum is taken with the preview, then the dialog closes", async () => {
        const {calls} = await mountDialog();
        await click(".o_layaway_deposit");
        await edit("100");
        await animationFrame();
        await click(".o_layaway_confirm");
        await animationFrame();
        expect(".o_layaway_error").toHaveCount(0);
        expect(calls.payloads).toHaveLength(1);
        expect(calls.payloads[0].deposit).toBe(100);
        expect(calls.payloads[0].preview.plan_id).toBe(7);
        expect(calls.payloads[0].preview.min_deposit).toBe(66);
        expect(calls.closed).toBe(1);
    });

    test("a deposit above the minimum asks the server for the schedule it gives", async () => {
        // (290 - 110) / 3
        const higher = threeMonthPreview({
            deposit: 110.0,
            installments: [
                {sequence: 1, due_date: "2026-04-24", amount: 60.0},
                {sequence: 2, due_date: "2026-05-24", amount: 60.0},
                {sequence: 3, due_date: "2026-06-24", amount: 60.0},
            ],
        });
        const {calls} = await mountDialog({preview: threeMonthPreview({deposit: 66.0}), refresh: () => higher});
        expect(".o_layaway_schedule_deposit").toHaveText("Schedule with a deposit of $ 66.00");
        await click(".o_layaway_deposit");
        await edit("110", {confirm: "enter"});
        await animationFrame();
        expect(calls.refreshes).toEqual([[7, 3]]);
        expect(calls.deposits).toEqual([110]);
        expect(".o_layaway_schedule_deposit").toHaveText("Schedule with a deposit of $ 110.00");
        expect(scheduleColumn(3)).toEqual(["$ 60.00", "$ 60.00", "$ 60.00"]);
        expect(".o_layaway_deposit").toHaveValue(110);
        // Below the minimum: no call, the error says so when confirming.
        await click(".o_layaway_deposit");
        await edit("50", {confirm: "enter"});
        await animationFrame();
        expect(calls.refreshes).toHaveLength(1);
    });

    test("another installment count asks the server and shows its preview", async () => {
        const {calls} = await mountDialog({refresh: () => fourInstallmentPreview()});
        await select("4", {target: ".o_layaway_count"});
        await animationFrame();
        expect(calls.refreshes).toEqual([[7, 4]]);
        expect(".o_layaway_count").toHaveValue("4");
        expect(".o_layaway_schedule tr").toHaveCount(4);
        expect(scheduleColumn(2)).toEqual(["04/24/2026", "05/24/2026", "06/24/2026", "07/24/2026"]);
        expect(scheduleColumn(3)).toEqual(["$ 56.00", "$ 56.00", "$ 56.00", "$ 56.00"]);
        expect(".o_layaway_min_deposit").toHaveText("$ 66.00");
        expect(".o_layaway_deposit").toHaveValue(66);

        // Confirming sends the preview now shown.
        await click(".o_layaway_confirm");
        await animationFrame();
        expect(calls.payloads[0].preview.installment_count).toBe(4);
    });

    test("another plan asks the server with its default count; the deposit follows a higher minimum", async () => {
        const weekly = threeMonthPreview({
            plan_id: 8,
            plan_name: "Eight weeks",
            installment_count: 2,
            installment_min: 2,
            installment_max: 8,
            min_deposit: 90.0,
            installments: [
                {sequence: 1, due_date: "2026-04-01", amount: 100.0},
                {sequence: 2, due_date: "2026-04-08", amount: 100.0},
            ],
            expiry_date: false,
        });
        const {calls} = await mountDialog({
            refresh: (planId) => (planId === 8 ? weekly : threeMonthPreview({deposit: 70.0})),
        });
        await click(".o_layaway_deposit");
        await edit("70");
        await animationFrame();
        await select("8", {target: ".o_layaway_plan"});
        await animationFrame();
        // Leaving the deposit field asks for the schedule of 70 first, then the plan changes.
        expect(calls.refreshes).toEqual([
            [7, 3],
            [8, false],
        ]);
        expect(calls.deposits).toEqual([70, 70]);
        expect(".o_layaway_plan").toHaveValue("8");
        expect(queryAllTexts(".o_layaway_count option")).toEqual(["2", "3", "4", "5", "6", "7", "8"]);
        expect(".o_layaway_min_deposit").toHaveText("$ 90.00");
        expect(scheduleColumn(3)).toEqual(["$ 100.00", "$ 100.00"]);
        expect(".o_layaway_expiry").toHaveText("Never expires");
        // 70 is below the new minimum: the deposit becomes the minimum.
        expect(".o_layaway_deposit").toHaveValue(90);
    });

    test("a refused refresh keeps the preview shown", async () => {
        const {calls} = await mountDialog({refresh: () => null});
        await select("5", {target: ".o_layaway_count"});
        await animationFrame();
        expect(calls.refreshes).toEqual([[7, 5]]);
        expect(".o_layaway_schedule tr").toHaveCount(3);
        expect(scheduleColumn(3)).toEqual(["$ 74.67", "$ 74.67", "$ 74.66"]);
        // The count shown is the one of the schedule shown.
        expect(".o_layaway_count").toHaveValue("3");
        expect(".o_layaway_confirm").toBeEnabled();
        expect(queryOne(".o_layaway_count")).toBeEnabled();
    });
});
