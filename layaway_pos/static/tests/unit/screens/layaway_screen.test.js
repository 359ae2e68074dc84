import {describe, expect, test} from "@odoo/hoot";
import {click, edit, queryAllTexts} from "@odoo/hoot-dom";
import {animationFrame, mockTimeZone} from "@odoo/hoot-mock";
import {getService, mountWithCleanup, patchWithCleanup} from "@web/../tests/web_test_helpers";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {LayawayScreen} from "@layaway_pos/app/screens/layaway_screen/layaway_screen";

definePosModels();

/** sale.order.layaway_pos_search's summary of a layaway (_layaway_pos_summary). */
function summary(values = {}) {
    return {
        id: 42,
        name: "S00042",
        partner_id: 3,
        partner_name: "Deco Addict",
        partner_phone: "555-0101",
        plan_name: "Three months",
        layaway_state: "active",
        layaway_state_label: "Actif",
        amount_total: 290.0,
        amount_paid: 166.0,
        amount_residual: 124.0,
        next_due_date: "2026-05-24",
        next_due_amount: 49.34,
        is_overdue: false,
        expiry_date: "2026-10-11",
        ...values,
    };
}

/** sale.order.layaway_pos_detail, with the labels the server translates. */
function detail(values = {}) {
    return {
        ...summary(),
        start_date: "2026-03-25",
        deposit_amount: 66.0,
        terms: "",
        cancel_fee: 16.6,
        refund_amount: 149.4,
        installments: [
            {
                sequence: 1,
                due_date: "2026-04-24",
                amount: 74.67,
                amount_paid: 74.67,
                state: "paid",
                state_label: "Payé",
            },
            {
                sequence: 2,
                due_date: "2026-05-24",
                amount: 74.67,
                amount_paid: 25.33,
                state: "partial",
                state_label: "Partiel",
            },
        ],
        payments: [
            // UTC, as the server stores them.
            {date: "2026-03-25 23:30:00", amount: 66.0, kind: "deposit", kind_label: "Acompte", channel: "pos"},
            {date: "2026-04-20 11:00:00", amount: 100.0, kind: "installment", kind_label: "Versement", channel: "pos"},
        ],
        ...values,
    };
}

/**
 * The screen with its server calls answered by `found` (a function of the search's arguments,
 * or a list) and `layaway`; `partnerId`: the current order's customer.
 */
async function openDetail({found = [summary()], layaway = detail(), partnerId = null} = {}) {
    const store = await setupPosEnv();
    if (partnerId) {
        store.addNewOrder().setPartner(store.models["res.partner"].get(partnerId));
    }
    const calls = [];
    const searches = [];
    patchWithCleanup(store, {
        async layawayCall(method, args) {
            calls.push(method);
            if (method === "layaway_pos_search") {
                searches.push(args);
                const orders = typeof found === "function" ? found(...args) : found;
                return {orders, has_more: false};
            }
            return layaway;
        },
    });
    await mountWithCleanup(LayawayScreen, {props: {}});
    await animationFrame();
    return {store, calls, searches};
}

describe("LayawayScreen", () => {
    test("the list: the state's label, the balance in the currency, the next due date localized", async () => {
        const {calls} = await openDetail();
        expect(calls).toEqual(["layaway_pos_search"]);
        expect(".o_layaway_row").toHaveCount(1);
        expect(".o_layaway_row_state").toHaveText("Actif");
        expect(queryAllTexts(".o_layaway_row td")).toEqual([
            "S00042",
            "Deco Addict 555-0101",
            "Actif",
            "$ 124.00",
            "05/24/2026",
            "",
        ]);
    });

    test("the detail: translated states and kinds, localized dates and datetimes", async () => {
        mockTimeZone(+2);
        await openDetail();
        await click(".o_layaway_row");
        await animationFrame();
        expect(".o_layaway_detail .o_layaway_state").toHaveText("Actif");
        expect(".o_layaway_detail_balance").toHaveText("$ 124.00");
        // Both tables say what their columns are.
        expect(queryAllTexts(".o_layaway_detail_schedule th")).toEqual(["Due date", "Amount", "Paid", "Status"]);
        expect(queryAllTexts(".o_layaway_detail_payments th")).toEqual(["Date", "Type", "Amount"]);
        expect(queryAllTexts(".o_layaway_detail_schedule tr td:first-child")).toEqual(["04/24/2026", "05/24/2026"]);
        expect(queryAllTexts(".o_layaway_installment_state")).toEqual(["Payé", "Partiel"]);
        // The deposit was taken late in the evening (UTC): the next day in the user's time zone.
        expect(queryAllTexts(".o_layaway_payment_date")).toEqual(["03/26/2026 01:30:00", "04/20/2026 13:00:00"]);
        expect(queryAllTexts(".o_layaway_payment_kind")).toEqual(["Acompte", "Versement"]);
        expect(queryAllTexts(".o_layaway_detail_payments tr td:last-child")).toEqual(["$ 66.00", "$ 100.00"]);
    });

    test("without the server's labels, the values themselves", async () => {
        const bare = detail({
            layaway_state_label: undefined,
            installments: detail().installments.map(({state_label, ...inst}) => inst),
            payments: detail().payments.map(({kind_label, ...payment}) => payment),
        });
        await openDetail({found: [summary({layaway_state_label: undefined})], layaway: bare});
        expect(".o_layaway_row_state").toHaveText("active");
        await click(".o_layaway_row");
        await animationFrame();
        expect(".o_layaway_detail .o_layaway_state").toHaveText("active");
        expect(queryAllTexts(".o_layaway_installment_state")).toEqual(["paid", "partial"]);
        expect(queryAllTexts(".o_layaway_payment_kind")).toEqual(["deposit", "installment"]);
    });

    test("it opens on every open layaway, the current customer offered as a removable filter", async () => {
        // Two customers' layaways; the current order is Administrator's (partner 3).
        const theirs = summary({id: 43, name: "S00043", partner_id: 7, partner_name: "Ready Mat"});
        const {searches} = await openDetail({
            partnerId: 3,
            found: (configId, query, offset, limit, partnerId) =>
                partnerId ? [summary()].filter((s) => s.partner_id === partnerId) : [summary(), theirs],
        });
        expect(searches).toHaveLength(1);
        expect(searches[0].slice(1)).toEqual(["", 0, 20, false]);
        expect(queryAllTexts(".o_layaway_row td:first-child")).toEqual(["S00042", "S00043"]);
        expect(".o_layaway_search").toHaveValue("");
        expect(".o_layaway_customer_filter").toHaveText("Administrator");
        expect(".o_layaway_customer_filter").toHaveAttribute("aria-pressed", "false");

        // Only the customer's, then everyone's again.
        await click(".o_layaway_customer_filter");
        await animationFrame();
        expect(searches.at(-1).slice(1)).toEqual(["", 0, 20, 3]);
        expect(queryAllTexts(".o_layaway_row td:first-child")).toEqual(["S00042"]);
        expect(".o_layaway_customer_filter").toHaveAttribute("aria-pressed", "true");
        expect(".o_layaway_customer_filter .fa-times").toHaveCount(1);
        await click(".o_layaway_customer_filter");
        await animationFrame();
        expect(searches.at(-1).slice(1)).toEqual(["", 0, 20, false]);
        expect(".o_layaway_row").toHaveCount(2);
    });

    test("hold tags: offered for goods set aside, printed as the back office's PDF", async () => {
        await openDetail({layaway: detail({goods_held: true})});
        const printed = [];
        patchWithCleanup(getService("report"), {
            async doAction(reportXmlId, activeIds) {
                printed.push([reportXmlId, activeIds]);
            },
        });
        await click(".o_layaway_row");
        await animationFrame();
        await click(".o_layaway_hold_tag");
        await animationFrame();
        expect(printed).toEqual([["layaway_pos.action_report_layaway_hold_tag", [42]]]);
    });

    test("hold tags: not offered when nothing is set aside", async () => {
        await openDetail({layaway: detail({goods_held: false})});
        await click(".o_layaway_row");
        await animationFrame();
        expect(".o_layaway_reprint").toHaveCount(1);
        expect(".o_layaway_hold_tag").toHaveCount(0);
    });

    test("no customer on the order: no filter to offer", async () => {
        await openDetail();
        expect(".o_layaway_customer_filter").toHaveCount(0);
    });

    test("the empty list says whether there is no open layaway or none matches", async () => {
        await openDetail({found: [], partnerId: 3});
        expect(".o_layaway_none").toHaveText("There is no open layaway.");
        await click(".o_layaway_customer_filter");
        await animationFrame();
        expect(".o_layaway_none").toHaveText("No open layaway matches.");
        await click(".o_layaway_customer_filter");
        await animationFrame();
        expect(".o_layaway_none").toHaveText("There is no open layaway.");
        await click(".o_layaway_search");
        await edit("Nobody");
        await click(".o_layaway_search_button");
        await animationFrame();
        expect(".o_layaway_none").toHaveText("No open layaway matches.");
    });
});
