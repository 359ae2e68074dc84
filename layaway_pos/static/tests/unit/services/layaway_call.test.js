import {describe, expect, test} from "@odoo/hoot";
import {animationFrame} from "@odoo/hoot-mock";
import {mountWithCleanup, patchWithCleanup} from "@web/../tests/web_test_helpers";
import {ConnectionLostError, RPCError} from "@web/core/network/rpc";
import {MainComponentsContainer} from "@web/core/main_components_container";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";

definePosModels();

/**
 * The POS store with its server calls replaced by `respond`, every call and every
 * dialog recorded; the main components are mounted so that the dialogs render.
 */
async function setupStore(respond) {
    const store = await setupPosEnv();
    await mountWithCleanup(MainComponentsContainer);
    const calls = [];
    const dialogs = [];
    patchWithCleanup(store.data, {
        async call(model, method, args) {
            calls.push(["call", model, method, args]);
            return respond();
        },
        async callRelated(model, method, args, kwargs, queue) {
            calls.push(["callRelated", model, method, args, queue]);
            return respond();
        },
    });
    patchWithCleanup(store.dialog, {
        add(component, props, options) {
            dialogs.push({component, props});
            return super.add(component, props, options);
        },
    });
    return {store, calls, dialogs};
}

function serverRefusal(message) {
    const error = new RPCError("Odoo Server Error");
    error.exceptionName = "odoo.exceptions.UserError";
    error.data = {name: "odoo.exceptions.UserError", message, arguments: [message]};
    return error;
}

describe("PosStore.layawayCall", () => {
    test("a normal result is returned unchanged, without dialog", async () => {
        const preview = {plan_id: 7, total: 290.0, installments: [{sequence: 1, amount: 74.67}]};
        const {store, calls, dialogs} = await setupStore(() => preview);
        const args = [1, 3, [{product_id: 5, qty: 1}], 7, false];
        const result = await store.layawayCall("layaway_pos_preview", args);
        expect(result).toBe(preview);
        expect(calls).toEqual([["call", "sale.order", "layaway_pos_preview", args]]);
        expect(dialogs).toEqual([]);
    });

    test("related calls load through callRelated", async () => {
        const loaded = {"sale.order": [{id: 42}]};
        const {store, calls} = await setupStore(() => loaded);
        expect(await store.layawayCall("layaway_pos_load", [42, 1], {related: true})).toBe(loaded);
        // Never queued for later: offline, the cashier must be told at once.
        expect(calls).toEqual([["callRelated", "sale.order", "layaway_pos_load", [42, 1], false]]);
        expect((await store.layawayLoadSaleOrder(42)).id).toBe(42);
    });

    test("offline with onOffline: the caller says it, no dialog", async () => {
        const {store, dialogs} = await setupStore(() => {
            throw new ConnectionLostError("/pos/data/call");
        });
        let told = 0;
        const result = await store.layawayCall("layaway_pos_search", [1, "", 0, 20], {
            onOffline: () => told++,
        });
        expect(result).toBe(null);
        expect(told).toBe(1);
        expect(dialogs).toEqual([]);
    });

    test("a refusal with onOffline still shows the server's message", async () => {
        const {store, dialogs} = await setupStore(() => {
            throw serverRefusal("Layaways are not enabled at the register 'Shop'.");
        });
        let told = 0;
        const result = await store.layawayCall("layaway_pos_search", [1, "", 0, 20], {
            onOffline: () => told++,
        });
        expect(result).toBe(null);
        expect(told).toBe(0);
        expect(dialogs).toHaveLength(1);
        expect(String(dialogs[0].props.body)).toBe("Layaways are not enabled at the register 'Shop'.");
    });

    test("offline: null and a dialog saying layaways need the server", async () => {
        const {store, dialogs} = await setupStore(() => {
            throw new ConnectionLostError("/pos/data/call");
        });
        const result = await store.layawayCall("layaway_pos_preview", [1, 3, [], 7, false]);
        expect(result).toBe(null);
        expect(dialogs).toHaveLength(1);
        expect(dialogs[0].component).toBe(AlertDialog);
        expect(String(dialogs[0].props.title)).toBe("Layaways need the server");

        await animationFrame();
        expect(".modal .modal-title").toHaveText("Layaways need the server");
        expect(".modal .modal-body").toHaveText(/The server cannot be reached/);
        expect(".modal .modal-body").toHaveText(/Ordinary sales keep working/);
    });

    test("offline while loading a layaway: no sale order, the same dialog", async () => {
        const {store, dialogs} = await setupStore(() => {
            throw new ConnectionLostError();
        });
        expect(await store.layawayLoadSaleOrder(42)).toBe(null);
        expect(dialogs).toHaveLength(1);
        expect(String(dialogs[0].props.title)).toBe("Layaways need the server");
    });

    test("a server refusal is shown as it is, and null is returned", async () => {
        const refusal = "Choose between 1 and 6 installments for the plan Three months.";
        const {store, dialogs} = await setupStore(() => {
            throw serverRefusal(refusal);
        });
        const result = await store.layawayCall("layaway_pos_preview", [1, 3, [], 7, 7]);
        expect(result).toBe(null);
        expect(dialogs).toHaveLength(1);
        expect(dialogs[0].component).toBe(AlertDialog);
        expect(String(dialogs[0].props.title)).toBe("Layaway");
        expect(dialogs[0].props.body).toBe(refusal);

        await animationFrame();
        expect(".modal .modal-title").toHaveText("Layaway");
        expect(".modal .modal-body").toHaveText(refusal);
    });

    test("a refusal without data shows the error's message", async () => {
        const {store, dialogs} = await setupStore(() => {
            throw new RPCError("Access Denied");
        });
        expect(await store.layawayCall("layaway_pos_detail", [42])).toBe(null);
        expect(dialogs[0].props.body).toBe("Access Denied");
    });

    test("other errors are not swallowed", async () => {
        const {store, dialogs} = await setupStore(() => {
            throw new TypeError("a bug");
        });
        await expect(store.layawayCall("layaway_pos_detail", [42])).rejects.toThrow(/a bug/);
        expect(dialogs).toEqual([]);
    });
});
