import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import OrderPaymentValidation from "@point_of_sale/app/utils/order_payment_validation";
import {depositError, paymentError, payLaterUsed, startedLayawayId} from "@layaway_pos/app/utils/layaway_utils";

patch(OrderPaymentValidation.prototype, {
    async isOrderValid(isForceValidate) {
        const kind = this.order.layaway_kind;
        const layaway = this.order.uiState?.layaway;
        if (["deposit", "installment", "pickup", "change"].includes(kind) && payLaterUsed(this.order)) {
            this.pos.dialog.add(AlertDialog, {
                title: _t("Customer Account"),
                body: _t(
                    "A layaway is paid with money received: Customer Account is credit, not money. Remove that payment and take cash or card."
                ),
            });
            return false;
        }
        if (layaway && ["deposit", "installment"].includes(kind)) {
            // With tax on advances, the money is one line per tax: their sum.
            const amount = this.pos.getLayawayLines(this.order).reduce((total, line) => total + line.priceIncl, 0);
            const format = this.pos.layawayFormat;
            const error =
                kind === "deposit"
                    ? depositError(amount, layaway.minDeposit, layaway.total, format)
                    : paymentError(amount, layaway.residual, format);
            if (error) {
                this.pos.dialog.add(AlertDialog, {
                    title: kind === "deposit" ? _t("Deposit below the minimum") : _t("Layaway payment"),
                    body: error,
                });
                return false;
            }
        }
        return super.isOrderValid(...arguments);
    },

    async afterOrderValidation() {
        const layaway = this.order.uiState?.layaway;
        // A start's layaway exists once its order is synced: the sync linked the deposit to it.
        const saleOrderId = layaway?.saleOrderId || startedLayawayId(this.pos.getLayawayLines(this.order));
        if (layaway && this.order.isSynced && saleOrderId) {
            // The receipt shows the layaway as the server now has it.
            const detail = await this.pos.layawayCall("layaway_pos_detail", [saleOrderId, this.pos.config.id]);
            if (detail) {
                this.order.uiState.layawayReceipt = {
                    ...detail,
                    kind: this.order.layaway_kind,
                    // A mixed cart's goods sold now are not paid on the layaway.
                    paid_now:
                        this.order.layaway_kind === "deposit"
                            ? this.pos.getLayawayLines(this.order).reduce((total, line) => total + line.priceIncl, 0)
                            : this.order.priceIncl,
                };
            }
        }
        return super.afterOrderValidation(...arguments);
    },
});
