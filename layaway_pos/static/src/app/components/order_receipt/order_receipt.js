import {patch} from "@web/core/utils/patch";
import {OrderReceipt} from "@point_of_sale/app/screens/receipt_screen/receipt/order_receipt";
import {LayawayReceipt} from "@layaway_pos/app/components/layaway_receipt/layaway_receipt";

OrderReceipt.components = {...OrderReceipt.components, LayawayReceipt};

patch(OrderReceipt.prototype, {
    get layawayReceipt() {
        return this.order.uiState?.layawayReceipt;
    },
});
