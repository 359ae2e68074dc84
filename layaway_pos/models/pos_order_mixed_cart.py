from odoo import models
from odoo.exceptions import UserError


class PosOrder(models.Model):
    """A mixed cart: one register order pays for goods bought now and starts a layaway of the others."""

    _inherit = "pos.order"

    def _layaway_check_bought_now(self, layaway_lines):
        """Refuse a layaway deposit whose other lines are not goods bought now.

        The register lays away the lines the cashier marked and sells the others in the same
        order (``layaway_kind`` "deposit"): those leave with the order's picking and are
        booked as any sale at the session's closing. So each must be a plain sale of a
        quantity above zero: no return, no line of another sale order, no layaway product
        (deposit, service fee, cancellation fee), and no product the layaway holds (its
        goods would leave and stay on hold at once).

        :param layaway_lines: the order's lines of its layaway (``_layaway_check_kind``'s).
        """
        self.ensure_one()
        if self.layaway_kind != "deposit":
            return
        bought_now = self.sudo().lines - layaway_lines
        if not bought_now:
            return
        _ = self.env._
        company = self.company_id
        layaway = layaway_lines.sale_order_origin_id
        linked = bought_now.filtered(lambda line: line.sale_order_origin_id or line.sale_order_line_id)
        if linked:
            raise UserError(
                _(
                    "%(order)s starts a layaway and settles %(sale_orders)s: settle that sale order in an order of "
                    "its own, then lay the goods away again.",
                    order=self.name,
                    sale_orders=", ".join(
                        (linked.sale_order_origin_id | linked.sale_order_line_id.order_id).mapped("name")
                    ),
                )
            )
        returned = bought_now.filtered(lambda line: line.refunded_orderline_id or line.qty <= 0)
        if returned:
            raise UserError(
                _(
                    "%(order)s starts a layaway and returns %(products)s: take the return in an order of its own, "
                    "then lay the goods away again.",
                    order=self.name,
                    products=", ".join(returned.product_id.mapped("display_name")),
                )
            )
        fees = bought_now.product_id & (
            company._layaway_deposit_product() | company._layaway_fee_product() | company._layaway_cancel_fee_product()
        )
        if fees:
            raise UserError(
                _(
                    "%(order)s sells %(products)s with the goods bought now: the register adds the layaway's money "
                    "and fees itself. Remove those lines and lay the goods away again.",
                    order=self.name,
                    products=", ".join(fees.mapped("display_name")),
                )
            )
        both = bought_now.product_id & layaway._layaway_goods_lines().product_id
        if both:
            raise UserError(
                _(
                    "%(order)s both lays away and sells now %(products)s. Lay all of it away or sell all of it now: "
                    "mark every line of that product Lay away, or none.",
                    order=self.name,
                    products=", ".join(both.mapped("display_name")),
                )
            )
