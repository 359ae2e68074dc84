import {patch} from "@web/core/utils/patch";
import {ProductCard} from "@point_of_sale/app/components/product_card/product_card";

patch(ProductCard.prototype, {
    /** Mark the product screen's tiles of products the register can lay away (none where layaways are off). */
    get showLayawayBadge() {
        const pos = this.env.services.pos;
        return Boolean(!this.props.isComboPopup && pos?.layawayEnabled && this.props.product?.layaway_ok);
    },
});
