import {animationFrame, describe, expect, test} from "@odoo/hoot";
import {click} from "@odoo/hoot-dom";
import {getService, mountWithCleanup, patchWithCleanup} from "@web/../tests/web_test_helpers";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";

definePosModels();

/** The register with an order, layaways on or off, on a tablet or a phone. */
async function setupRegister({enabled = true, small = false} = {}) {
    const store = await setupPosEnv();
    store.addNewOrder();
    patchWithCleanup(store.config, {layaway_enabled: enabled});
    patchWithCleanup(getService("ui"), {isSmall: small});
    const pages = [];
    patchWithCleanup(store, {navigate: (page) => pages.push(page)});
    return {store, pages};
}

describe("the Layaway buttons", () => {
    test("in the product screen's bar, one tap each; not again in the Actions popup", async () => {
        const {pages} = await setupRegister();
        await mountWithCleanup(ControlButtons, {props: {onClickMore: () => {}}});
        // Icons in the bar, their labels for screen readers (and their titles on hover).
        expect(".o_layaway_button").toHaveCount(1);
        expect(".o_layaway_button .visually-hidden").toHaveText("Layaway");
        expect(".o_layaways_button .visually-hidden").toHaveText("Layaways");
        expect(".o_layaway_button").toHaveAttribute(
            "title",
            "Layaway: lay the cart (or its lines marked Lay away) away for the customer"
        );
        // Before the Actions button.
        expect(".o_layaways_button + .more-btn").toHaveCount(1);
        await click(".o_layaways_button");
        expect(pages).toEqual(["LayawayScreen"]);
    });

    test("the Actions popup of a tablet has no second copy", async () => {
        await setupRegister();
        await mountWithCleanup(ControlButtons, {props: {showRemainingButtons: true}});
        expect(".o_layaway_button").toHaveCount(0);
        expect(".o_layaways_button").toHaveCount(0);
    });

    test("on a phone (no bar), in the Actions popup, labelled", async () => {
        await setupRegister({small: true});
        await mountWithCleanup(ControlButtons, {props: {showRemainingButtons: true}});
        expect(".control-buttons-modal .o_layaway_button").toHaveText("Layaway");
        expect(".control-buttons-modal .o_layaways_button").toHaveText("Layaways");
        expect(".o_layaway_button .visually-hidden").toHaveCount(0);
    });

    test("none where layaways are off", async () => {
        await setupRegister({enabled: false});
        await mountWithCleanup(ControlButtons, {props: {onClickMore: () => {}}});
        expect(".o_layaway_button, .o_layaways_button").toHaveCount(0);
    });
});

describe("the selected line's Lay away toggle (a mixed cart)", () => {
    test("in the Actions popup with a goods line selected: it marks and unmarks the line", async () => {
        const {store} = await setupRegister();
        const order = store.getOrder();
        const template = store.models["product.template"].get(5);
        template.layaway_ok = true;
        await store.addLineToOrder({product_tmpl_id: template, qty: 1}, order);
        const line = order.getSelectedOrderline();
        await mountWithCleanup(ControlButtons, {props: {showRemainingButtons: true}});
        expect(".control-buttons-modal .o_layaway_mark_button").toHaveText("Lay away");
        expect(".o_layaway_mark_button").toHaveAttribute("aria-pressed", "false");
        await click(".o_layaway_mark_button");
        await animationFrame();
        expect(store.isLayawayMarked(line)).toBe(true);
        expect(".o_layaway_mark_button").toHaveAttribute("aria-pressed", "true");
        await click(".o_layaway_mark_button");
        await animationFrame();
        expect(store.isLayawayMarked(line)).toBe(false);
        expect(".o_layaway_mark_button").toHaveAttribute("aria-pressed", "false");
    });

    test("none without a selected line", async () => {
        await setupRegister();
        await mountWithCleanup(ControlButtons, {props: {showRemainingButtons: true}});
        expect(".control-buttons-modal").toHaveCount(1);
        expect(".o_layaway_mark_button").toHaveCount(0);
    });
});
