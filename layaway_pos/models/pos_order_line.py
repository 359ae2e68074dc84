from odoo import models


class PosOrderLine(models.Model):
    """Register lines of a layaway's money read with the tax amounts they were booked at."""

    _inherit = "pos.order.line"

    def _prepare_base_line_for_taxes_computation(self):
        """A cancellation at the register returns a layaway's advances with the tax amounts they
        were booked at (`extra_tax_data`, quantity 1, as the register computes the line). Odoo
        books a refund order's lines with their quantity negated, which no longer matches those
        frozen amounts: read them reversed, as sale does for its down payments, so that the
        session's entry and the invoice return the advances' VAT to the cent."""
        base_line = super()._prepare_base_line_for_taxes_computation()
        extra = self.extra_tax_data
        if (
            extra
            and extra.get("manual_tax_amounts")
            and extra.get("quantity")
            and self.sale_order_origin_id.layaway_plan_id
            and base_line["quantity"] == -extra["quantity"]
        ):
            AccountTax = self.env["account.tax"]
            base_line.update(
                AccountTax._import_base_line_extra_tax_data(
                    base_line, AccountTax._reverse_quantity_base_line_extra_tax_data(extra)
                )
            )
        return base_line
