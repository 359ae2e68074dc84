import {describe, expect, test} from "@odoo/hoot";
import {click, edit} from "@odoo/hoot-dom";
import {animationFrame} from "@odoo/hoot-mock";
import {mountWithCleanup, onRpc, patchWithCleanup, serverState} from "@web/../tests/web_test_helpers";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {LayawayCancelDialog} from "@layaway_pos/app/components/layaway_cancel_dialog/layaway_cancel_dialog";

definePosModels();

/** The detail of a layaway of 290.00 with 66.00 paid, as layaway_pos_detail returns it. */
const detail = (values = {}) => ({
    id: 42,
    name: "S00042",
    partner_name: "Layla Away",
    layaway_state: "active",
    amount_paid: 66.0,
    cancel_fee: 29.0,
    refund_amount: 37.0,
    ...values,
});

/** Mount the dialog; every server call it makes, reason it confirms and close is recorded. */
async function mountDialog({layaway = detail(), currency} = {}) {
    const store = await setupPosEnv();
    if (currency) {
        patchWithCleanup(store, {currency});
    }
    const calls = {rpcs: [], payloads: [], closed: 0};
    onRpc(({route}) => {
        calls.rpcs.push(route);
    });
    await mountWithCleanup(LayawayCancelDialog, {
        props: {
            layaway,
            getPayload: (reason) => calls.payloads.push(reason),
            close: () => calls.closed++,
        },
    });
    return calls;
}

describe("LayawayCancelDialog", () => {
    test("shows what was paid, the fee kept and the refund, with no server call", async () => {
        const calls = await mountDialog();
        expect(".modal-title").toHaveText("Cancel this layaway?");
        expect(".o_layaway_cancel_dialog").toHaveText(/S00042 – Layla Away/);
        expect(".o_layaway_cancel_paid").toHaveText("$ 66.00");
        expect(".o_layaway_cancel_fee").toHaveText("$ 29.00");
        expect(".o_layaway_cancel_refund").toHaveText("$ 37.00");
        expect(".o_layaway_cancel_dialog").toHaveText(/The refund is paid out on the next screen/);
        // A destructive action: the danger button, next to one that keeps the layaway.
        expect(".modal-footer .btn-danger.o_layaway_cancel_confirm").toHaveText("Cancel layaway");
        expect(".modal-footer .btn-secondary.o_layaway_cancel_keep").toHaveText("Keep the layaway");
        expect(calls.rpcs).toEqual([]);
    });

    test("the reason is required: the button waits for it", async () => {
        const calls = await mountDialog();
        expect(".o_layaway_cancel_reason").toBeFocused();
        expect(".o_layaway_cancel_confirm").not.toBeEnabled();
        expect(".o_layaway_cancel_reason_help").toHaveText("Type the reason to cancel: it is kept on the layaway.");
        // Spaces are no reason.
        await edit("   ");
        await animationFrame();
        expect(".o_layaway_cancel_confirm").not.toBeEnabled();
        await click(".o_layaway_cancel_confirm");
        await animationFrame();
        expect(calls.payloads).toEqual([]);
        expect(calls.closed).toBe(0);

        await click(".o_layaway_cancel_reason");
        await edit("  Changed her mind ");
        await animationFrame();
        expect(".o_layaway_cancel_confirm").toBeEnabled();
        expect(".o_layaway_cancel_reason_help").toHaveCount(0);
        await click(".o_layaway_cancel_confirm");
        await animationFrame();
        expect(calls.payloads).toEqual([{reason: "Changed her mind", paymentMethodId: false}]);
        expect(calls.closed).toBe(1);
    });

    test("Keep the layaway closes without a reason", async () => {
        const calls = await mountDialog();
        await click(".o_layaway_cancel_keep");
        await animationFrame();
        expect(calls.payloads).toEqual([]);
        expect(calls.closed).toBe(1);
    });

    test("in a currency without decimals; nothing to pay out when the fee keeps it all", async () => {
        serverState.currencies = [...serverState.currencies, {id: 3, name: "JPY", symbol: "¥", position: "before"}];
        await mountDialog({
            layaway: detail({amount_paid: 2900, cancel_fee: 2900, refund_amount: 0}),
            currency: {id: 3, decimal_places: 0, rounding: 1},
        });
        expect(".o_layaway_cancel_paid").toHaveText("¥ 2,900");
        expect(".o_layaway_cancel_fee").toHaveText("¥ 2,900");
        expect(".o_layaway_cancel_refund").toHaveText("¥ 0");
        expect(".o_layaway_cancel_dialog").not.toHaveText(/paid out on the next screen/);
    });
});
