import {describe, expect, test} from "@odoo/hoot";
import {mountWithCleanup, patchWithCleanup} from "@web/../tests/web_test_helpers";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {ProductCard} from "@point_of_sale/app/components/product_card/product_card";

definePosModels();

/** A product tile of the register (layaways on or off) for a product that can be laid away or not. */
async function mountCard({enabled = true, layawayOk = true, isComboPopup = false} = {}) {
    const store = await setupPosEnv();
    patchWithCleanup(store.config, {layaway_enabled: enabled});
    await mountWithCleanup(ProductCard, {
        props: {
            name: "Sofa",
            product: {id: 5, layaway_ok: layawayOk},
            productId: 5,
            imageUrl: false,
            isComboPopup,
        },
    });
}

describe("the layaway badge on product tiles", () => {
    test("a product that can be laid away says so, discreetly", async () => {
        await mountCard();
        expect(".product .o_layaway_product_badge").toHaveCount(1);
        expect(".o_layaway_product_badge").toHaveAttribute("title", "Can be laid away");
        expect(".o_layaway_product_badge").toHaveAttribute("aria-label", "Can be laid away");
        expect(".o_layaway_product_badge").toHaveText("");
    });

    test("none on a product that cannot be laid away", async () => {
        await mountCard({layawayOk: false});
        expect(".product").toHaveCount(1);
        expect(".o_layaway_product_badge").toHaveCount(0);
    });

    test("none where layaways are off", async () => {
        await mountCard({enabled: false});
        expect(".o_layaway_product_badge").toHaveCount(0);
    });

    test("none on a combo's choices (the combo is laid away, not its parts)", async () => {
        await mountCard({isComboPopup: true});
        expect(".o_layaway_product_badge").toHaveCount(0);
    });
});
