import {describe, expect, test} from "@odoo/hoot";
import {queryAllTexts} from "@odoo/hoot-dom";
import {mountWithCleanup, patchWithCleanup, serverState} from "@web/../tests/web_test_helpers";
import {getFilledOrder, setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import OrderPaymentValidation from "@point_of_sale/app/utils/order_payment_validation";
import {ReceiptScreen} from "@point_of_sale/app/screens/receipt_screen/receipt_screen";
import {LayawayReceipt} from "@layaway_pos/app/components/layaway_receipt/layaway_receipt";

definePosModels();

/**
 * What sale.order.layaway_pos_detail returns for a 290 layaway (3-month plan) after its
 * deposit of 66 and a payment of 100: the first installment paid, the second in part.
 */
function layawayDetail(values = {}) {
    return {
        id: 42,
        name: "S00042",
        partner_id: 3,
        partner_name: "Deco Addict",
        partner_phone: "",
        plan_name: "Three months",
        layaway_state: "active",
        layaway_state_label: "Active",
        amount_total: 290.0,
        amount_paid: 166.0,
        amount_residual: 124.0,
        next_due_date: "2026-05-24",
        next_due_amount: 49.34,
        is_overdue: false,
        expiry_date: "2026-10-11",
        start_date: "2026-03-25",
        deposit_amount: 66.0,
        goods: [
            {product_name: "Sofa", qty: 2, uom: "Units"},
            {product_name: "Lamp", qty: 1, uom: "Units"},
        ],
        terms: "<p>Goods are held for <b>200 days</b>.</p><p>Deposits &amp; payments are refunded less 10 %.</p>",
        cancel_fee: 16.6,
        refund_amount: 149.4,
        installments: [
            {sequence: 1, due_date: "2026-04-24", amount: 74.67, amount_paid: 74.67, state: "paid"},
            {sequence: 2, due_date: "2026-05-24", amount: 74.67, amount_paid: 25.33, state: "partial"},
            {sequence: 3, due_date: "2026-06-24", amount: 74.66, amount_paid: 0.0, state: "pending"},
        ],
        payments: [
            {date: "2026-03-25 10:00:00", amount: 66.0, kind: "deposit", channel: "pos", pos_order_id: 1},
            {date: "2026-04-20 11:00:00", amount: 100.0, kind: "installment", channel: "pos", pos_order_id: 2},
        ],
        ...values,
    };
}

/** What the front end puts on the order for its receipt (order_payment_validation.js). */
function receiptData(values = {}) {
    return {...layawayDetail(), kind: "installment", paid_now: 100.0, ...values};
}

/** The texts of a column of the receipt's schedule (1: due date, 2: amount, 3: paid on it). */
const column = (n) => queryAllTexts(`.o_layaway_receipt_installment > td:nth-child(${n})`);

// The order's currency: the register's (USD in the POS test data).
const USD = {id: 1, decimal_places: 2, rounding: 0.01};

async function mountReceipt(layaway, currency = USD) {
    await setupPosEnv();
    return mountWithCleanup(LayawayReceipt, {props: {layaway, currency}});
}

/** The text of a receipt row's value (the right-hand side of "label ... value"). */
const rowValue = (label) => `.o_layaway_receipt .d-flex:has(> span:first-child:contains('${label}')) > span:last-child`;

describe("LayawayReceipt", () => {
    test("a QR code of the layaway's page, its token in the link, to pay online", async () => {
        const url = "http://shop.example.com/my/layaways/42?access_token=0f1e2d";
        await mountReceipt(receiptData({pay_url: url}));
        // (The test environment replaces images' sources: the server's tests check the URL.)
        expect("img.o_layaway_receipt_qr").toHaveCount(1);
        expect(".o_layaway_receipt_pay").toHaveText("Scan to see your layaway and pay online");
    });

    test("no QR code without the page's link", async () => {
        await mountReceipt(receiptData());
        expect(".o_layaway_receipt_qr").toHaveCount(0);
    });

    test("an installment: reference, plan, amounts, what is left to pay and when, expiry, terms", async () => {
        await mountReceipt(receiptData());
        expect(".o_layaway_receipt_name").toHaveText("S00042");
        expect(rowValue("Plan")).toHaveText("Three months");
        expect(".o_layaway_receipt_paid_now").toHaveText("$ 100.00");
        expect(".o_layaway_receipt_paid").toHaveText("$ 166.00");
        expect(".o_layaway_receipt_balance").toHaveText("$ 124.00");

        // Each installment under its column headers: due date, amount, what was paid on it.
        expect(queryAllTexts(".o_layaway_receipt_schedule th")).toEqual(["Due date", "Amount", "Paid"]);
        expect(".o_layaway_receipt_installment").toHaveCount(3);
        expect(column(1)).toEqual(["04/24/2026", "05/24/2026", "06/24/2026"]);
        expect(column(2)).toEqual(["$ 74.67", "$ 74.67", "$ 74.66"]);
        // The paid installment shows what was paid on it.
        expect(column(3)).toEqual(["$ 74.67", "$ 25.33", "$ 0.00"]);
        expect(".o_layaway_receipt_expiry").toHaveText("Expires on 10/11/2026");
        // What is left and when the next payment is due; the goods are the deposit's receipt's.
        expect(".o_layaway_receipt_closing").toHaveText(
            "Balance left to pay: $ 124.00. Next payment: $ 49.34 by 05/24/2026."
        );
        expect(".o_layaway_receipt_goods").toHaveCount(0);

        // The plan's terms are HTML: rendered, not escaped.
        expect(".o_layaway_receipt_terms p").toHaveCount(2);
        expect(".o_layaway_receipt_terms b").toHaveText("200 days");
        expect(queryAllTexts(".o_layaway_receipt_terms p")).toEqual([
            "Goods are held for 200 days.",
            "Deposits & payments are refunded less 10 %.",
        ]);
        expect(".o_layaway_receipt_terms").not.toHaveText(/<p>|<b>/);
        // The cancellation amounts are not on an open layaway's receipt.
        expect(".o_layaway_receipt:contains(Cancellation fee)").toHaveCount(0);
    });

    test("the deposit that starts it: the goods laid away, the whole schedule, kept until paid", async () => {
        await mountReceipt(
            receiptData({
                kind: "deposit",
                next_due_date: "2026-04-24",
                next_due_amount: 74.67,
                paid_now: 66.0,
                amount_paid: 66.0,
                amount_residual: 224.0,
                installments: layawayDetail().installments.map((inst) => ({
                    ...inst,
                    amount_paid: 0.0,
                    state: "pending",
                })),
            })
        );
        expect(".o_layaway_receipt_paid_now").toHaveText("$ 66.00");
        expect(".o_layaway_receipt_paid").toHaveText("$ 66.00");
        expect(".o_layaway_receipt_balance").toHaveText("$ 224.00");
        expect(queryAllTexts(".o_layaway_receipt_good")).toEqual(["2 x Sofa", "1 x Lamp"]);
        expect(column(2)).toEqual(["$ 74.67", "$ 74.67", "$ 74.66"]);
        expect(column(3)).toEqual(["$ 0.00", "$ 0.00", "$ 0.00"]);
        expect(".o_layaway_receipt_closing").toHaveText(
            "Your goods are kept for you until the balance of $ 224.00 is paid, by 10/11/2026 at the latest."
        );
    });

    test("without payment now, expiry or terms, those rows are left out", async () => {
        // A reprint: no order, so no kind and nothing paid now; the layaway's state says the rest.
        await mountReceipt(layawayDetail({terms: "", expiry_date: false}));
        expect(".o_layaway_receipt_installment").toHaveCount(3);
        expect(".o_layaway_receipt_closing").toHaveText(
            "Balance left to pay: $ 124.00. Next payment: $ 49.34 by 05/24/2026."
        );
        expect(".o_layaway_receipt_paid_now").toHaveCount(0);
        expect(".o_layaway_receipt_expiry").toHaveCount(0);
        expect(".o_layaway_receipt_terms").toHaveCount(0);
        expect(".o_layaway_receipt_paid").toHaveText("$ 166.00");
    });

    test("a cancellation: the fee and the refund instead of the schedule", async () => {
        await mountReceipt(
            receiptData({
                kind: "refund",
                layaway_state: "cancelled",
                paid_now: -149.4,
                amount_residual: 0.0,
            })
        );
        expect(rowValue("Cancellation fee")).toHaveText("$ 16.60");
        // Money going back, with a minus sign, as core's refund receipts show it (core's formatter).
        expect(rowValue("Refunded")).toHaveText("$ -149.40");
        // The refund is the "Refunded" line, not a negative "Paid now".
        expect(".o_layaway_receipt_paid_now").toHaveCount(0);
        expect(".o_layaway_receipt_installment").toHaveCount(0);
        expect(".o_layaway_receipt_expiry").toHaveCount(0);
        expect(".o_layaway_receipt_closing").toHaveText(
            "Layaway cancelled: $ 149.40 refunded, the cancellation fee of $ 16.60 kept."
        );
    });

    test("a cancellation without a fee: no fee line, no word of a fee", async () => {
        await mountReceipt(
            receiptData({
                kind: "refund",
                layaway_state: "cancelled",
                paid_now: -166.0,
                amount_residual: 0.0,
                cancel_fee: 0.0,
                refund_amount: 166.0,
            })
        );
        expect(".o_layaway_receipt_cancel_fee").toHaveCount(0);
        expect(".o_layaway_receipt:contains(Cancellation fee)").toHaveCount(0);
        expect(rowValue("Refunded")).toHaveText("$ -166.00");
        expect(".o_layaway_receipt_closing").toHaveText("Layaway cancelled: $ 166.00 refunded.");
    });

    test("the pick-up: goods handed over, nothing left to pay, no schedule", async () => {
        await mountReceipt(
            receiptData({
                kind: "pickup",
                layaway_state: "done",
                amount_paid: 290.0,
                amount_residual: 0.0,
                paid_now: 124.0,
            })
        );
        expect(".o_layaway_receipt_paid_now").toHaveText("$ 124.00");
        expect(".o_layaway_receipt_balance").toHaveText("$ 0.00");
        expect(".o_layaway_receipt_closing").toHaveText(
            "Your goods have been handed over: nothing is left to pay. Thank you!"
        );
        expect(".o_layaway_receipt_installment").toHaveCount(0);
        expect(".o_layaway_receipt_expiry").toHaveCount(0);
        expect(".o_layaway_receipt_goods").toHaveCount(0);
    });

    test("amounts in the order's currency's own decimals", async () => {
        serverState.currencies = [...serverState.currencies, {id: 3, name: "JPY", symbol: "¥", position: "before"}];
        const detail = {amount_total: 290, amount_paid: 166, amount_residual: 124, paid_now: 100};
        await mountReceipt(receiptData(detail), {id: 3, decimal_places: 0, rounding: 1});
        expect(".o_layaway_receipt_paid_now").toHaveText("¥ 100");
        expect(".o_layaway_receipt_balance").toHaveText("¥ 124");
        // Shown as the yen has no decimals.
        expect(column(2)).toEqual(["¥ 75", "¥ 75", "¥ 75"]);
        expect(column(3)).toEqual(["¥ 75", "¥ 25", "¥ 0"]);
    });

    test("amounts in a currency of three decimals", async () => {
        serverState.currencies = [...serverState.currencies, {id: 4, name: "KWD", symbol: "KD", position: "after"}];
        await mountReceipt(receiptData({paid_now: 100.125}), {id: 4, decimal_places: 3, rounding: 0.001});
        expect(".o_layaway_receipt_paid_now").toHaveText("100.125 KD");
        expect(".o_layaway_receipt_balance").toHaveText("124.000 KD");
        expect(column(2)).toEqual(["74.670 KD", "74.670 KD", "74.660 KD"]);
        expect(column(3)).toEqual(["74.670 KD", "25.330 KD", "0.000 KD"]);
    });
});

describe("layaway receipt data", () => {
    test("after a synced layaway payment, the receipt shows the server's detail and what was paid now", async () => {
        const store = await setupPosEnv();
        const order = await getFilledOrder(store);
        await store.syncAllOrders();
        expect(order.isSynced).toBe(true);
        store.setLayawayKind(order, "installment", {saleOrderId: 42, name: "S00042", residual: 224.0});

        const calls = [];
        patchWithCleanup(store, {
            async layawayCall(method, args) {
                calls.push([method, args]);
                return layawayDetail();
            },
        });
        const validation = new OrderPaymentValidation({pos: store, orderUuid: order.uuid});
        await validation.afterOrderValidation(true);

        expect(calls).toEqual([["layaway_pos_detail", [42, store.config.id]]]);
        const data = order.uiState.layawayReceipt;
        expect(data.paid_now).toBe(order.priceIncl);
        // The order's kind chooses the receipt's closing.
        expect(data.kind).toBe("installment");
        expect(data.name).toBe("S00042");
        expect(data.amount_residual).toBe(124.0);
        expect(data.installments).toHaveLength(3);

        // The order's receipt carries it.
        await mountWithCleanup(ReceiptScreen, {props: {orderUuid: order.uuid}});
        expect(".pos-receipt .o_layaway_receipt").toHaveCount(1);
        expect(".o_layaway_receipt_name").toHaveText("S00042");
        expect(".o_layaway_receipt_balance").toHaveText("$ 124.00");
        expect(".o_layaway_receipt_installment").toHaveCount(3);
        expect(".o_layaway_receipt_terms b").toHaveText("200 days");
        expect(".o_layaway_receipt_closing").toHaveText(/^Balance left to pay: \$ 124\.00\./);
    });

    test("no layaway part when the server could not give the detail", async () => {
        const store = await setupPosEnv();
        const order = await getFilledOrder(store);
        await store.syncAllOrders();
        store.setLayawayKind(order, "installment", {saleOrderId: 42, name: "S00042", residual: 224.0});
        patchWithCleanup(store, {layawayCall: async () => null});
        await new OrderPaymentValidation({pos: store, orderUuid: order.uuid}).afterOrderValidation(true);
        expect(order.uiState.layawayReceipt).toBe(undefined);

        await mountWithCleanup(ReceiptScreen, {props: {orderUuid: order.uuid}});
        expect(".pos-receipt").toHaveCount(1);
        expect(".o_layaway_receipt").toHaveCount(0);
    });

    test("an ordinary order has no layaway part", async () => {
        const store = await setupPosEnv();
        const order = await getFilledOrder(store);
        await mountWithCleanup(ReceiptScreen, {props: {orderUuid: order.uuid}});
        expect(".pos-receipt").toHaveCount(1);
        expect(".o_layaway_receipt").toHaveCount(0);
    });
});
