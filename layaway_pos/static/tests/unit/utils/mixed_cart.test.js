import {beforeEach, describe, expect, test} from "@odoo/hoot";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {layawayMarkError, mixedCartError} from "@layaway_pos/app/utils/mixed_cart";

definePosModels();

/** A cart line as the checks read it: a lamp of 2, not marked, that can be laid away. */
const line = (values = {}) => ({
    name: "Lamp",
    productId: 2,
    qty: 2,
    marked: false,
    layawayOk: true,
    linked: false,
    ...values,
});
const sofa = (values = {}) => line({name: "Sofa", productId: 1, qty: 1, ...values});

describe("layaway_pos mixed cart", () => {
    // The messages are translated: the POS env loads the (empty) translations.
    beforeEach(() => setupPosEnv());

    test("a line may be laid away when it is goods that can be, sold (not returned), of no sale order", () => {
        expect(layawayMarkError(line())).toBe("");
        expect(layawayMarkError(line({name: "Gift Card", layawayOk: false}))).toBe(
            "Gift Card cannot be laid away: only products marked 'Can be laid away' can. Sell it now, or ask a manager to allow it on the product."
        );
        expect(layawayMarkError(line({linked: true}))).toBe(
            "Lamp settles a sale order: it cannot be laid away. Sell it now, or remove it from the cart."
        );
        expect(layawayMarkError(line({qty: -1}))).toBe("Only goods sold can be laid away: Lamp is a return.");
        expect(layawayMarkError(line({qty: 0}))).toInclude("is a return");
    });

    test("no line marked: the whole cart is laid away, as without a mixed cart", () => {
        expect(mixedCartError([sofa(), line()])).toBe("");
        expect(mixedCartError([])).toBe("");
    });

    test("the marked lines laid away, the others sold now", () => {
        expect(mixedCartError([sofa(), line({marked: true})])).toBe("");
        // Every line marked: the whole cart, nothing sold now.
        expect(mixedCartError([sofa({marked: true}), line({marked: true})])).toBe("");
    });

    test("each refusal names the products and says what to do", () => {
        expect(mixedCartError([sofa(), line({marked: true, layawayOk: false})])).toInclude("Lamp cannot be laid away");
        expect(mixedCartError([sofa({linked: true}), line({marked: true})])).toBe(
            "This cart settles a sale order (Sofa): settle it in an order of its own, then lay the goods away."
        );
        expect(mixedCartError([sofa({qty: -1}), line({marked: true})])).toBe(
            "This cart returns Sofa: take the return in an order of its own, then lay the goods away."
        );
        // A product both laid away and sold now (two lines that did not merge), named once.
        expect(mixedCartError([sofa(), line({marked: true}), line({qty: 1}), line({qty: 3})])).toBe(
            "Lamp is both marked Lay away and sold now: mark every line of that product Lay away, or none."
        );
    });
});
