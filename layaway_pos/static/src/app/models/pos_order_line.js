import {patch} from "@web/core/utils/patch";
import {PosOrderline} from "@point_of_sale/app/models/pos_order_line";
import {layawayLineLabel} from "@layaway_pos/app/utils/layaway_utils";

/**
 * The layaway's money line is a line of the Layaway Deposit product whatever the order does:
 * in the cart and on the receipt it is named after what it is (deposit, installment, ...),
 * from the kind the order carries.
 */
patch(PosOrderline.prototype, {
    get layawayLabel() {
        const depositProduct = this.config?.layaway_deposit_product_id;
        if (!depositProduct || this.product_id?.id !== depositProduct.id) {
            return "";
        }
        return layawayLineLabel(this.order_id?.layaway_kind);
    },
    get orderDisplayProductName() {
        const result = super.orderDisplayProductName;
        const label = this.layawayLabel;
        return label ? {...result, name: label} : result;
    },
    setFullProductName() {
        super.setFullProductName(...arguments);
        const label = this.layawayLabel;
        if (label) {
            this.full_product_name = label;
        }
    },
});
