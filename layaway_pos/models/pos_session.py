from odoo import api, models


class PosSession(models.Model):
    _inherit = "pos.session"

    @api.model
    def _load_pos_data_models(self, config):
        # Only the register's plans: layaways themselves are searched on demand.
        return [*super()._load_pos_data_models(config), "layaway.plan"]

    def get_closing_control_data(self):
        data = super().get_closing_control_data()
        if self.config_id.layaway_enabled:
            data["layaway_details"] = self._layaway_closing_details()
        return data

    def _layaway_closing_details(self):
        """Layaways of this session: started, payments, completed, cancelled (counts and amounts)."""
        self.ensure_one()
        details = {key: {"count": 0, "amount": 0.0} for key in ("started", "payments", "completed", "cancelled")}
        for payment in self.env["layaway.payment"].sudo().search([("pos_session_id", "=", self.id)]):
            key = "started" if payment.is_deposit else "payments"
            details[key]["count"] += 1
            details[key]["amount"] += payment.amount
        lines = (
            self.env["pos.order.line"]
            .sudo()
            .search(
                [
                    ("order_id.session_id", "=", self.id),
                    ("order_id.state", "in", ("paid", "done", "invoiced")),
                    ("sale_order_origin_id.layaway_state", "in", ("done", "cancelled")),
                ]
            )
        )
        deposit_product = self.company_id._layaway_deposit_product()
        for (_order, sale_order), order_lines in lines.grouped(
            lambda line: (line.order_id, line.sale_order_origin_id)
        ).items():
            if (order_lines.filtered(lambda line: line.product_id != deposit_product)).filtered("sale_order_line_id"):
                key, amount = "completed", sale_order.layaway_amount_total
            elif sale_order.layaway_state == "cancelled" and all(
                line.price_subtotal_incl < 0 for line in order_lines if line.product_id == deposit_product
            ):
                key, amount = "cancelled", -sum(order_lines.mapped("price_subtotal_incl"))
            else:
                continue
            details[key]["count"] += 1
            details[key]["amount"] += amount
        currency = self.currency_id
        for values in details.values():
            values["amount"] = currency.round(values["amount"])
        return details
