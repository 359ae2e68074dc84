from odoo import api, models


class PosSession(models.Model):
    """The register's session: loads the layaway plans and closes with the layaway totals."""

    _inherit = "pos.session"

    @api.model
    def _load_pos_data_models(self, config):
        # Only the register's plans: layaways themselves are searched on demand.
        return [*super()._load_pos_data_models(config), "layaway.plan"]

    def get_closing_control_data(self):
        """The closing popup's data, with the session's layaways when the register takes layaways."""
        data = super().get_closing_control_data()
        if self.config_id.layaway_enabled:
            data["layaway_details"] = self._layaway_closing_details()
        return data

    def _layaway_closing_details(self):
        """Layaways of this session: started, payments, completed, cancelled (counts and amounts),
        read from what each payment and register order says it is."""
        self.ensure_one()
        details = {key: {"count": 0, "amount": 0.0} for key in ("started", "payments", "completed", "cancelled")}
        payments = (
            self.env["layaway.payment"]
            .sudo()
            ._read_group(
                # A partial pick-up applies money already received: no money moves.
                [("pos_session_id", "=", self.id), ("kind", "!=", "applied")],
                ["kind"],
                ["__count", "amount:sum"],
            )
        )
        for kind, count, amount in payments:
            key = "started" if kind == "deposit" else "payments"
            details[key]["count"] += count
            details[key]["amount"] += amount
        pos_orders = (
            self.env["pos.order"]
            .sudo()
            .search(
                [
                    ("session_id", "=", self.id),
                    ("state", "in", ("paid", "done", "invoiced")),
                    ("layaway_kind", "in", ("pickup", "refund")),
                ]
            )
        )
        for pos_order in pos_orders:
            for sale_order in pos_order.lines.sale_order_origin_id.filtered("layaway_plan_id"):
                if pos_order.layaway_kind == "pickup":
                    key, amount = "completed", sale_order.layaway_amount_total
                else:
                    lines = pos_order.lines.filtered(lambda line, so=sale_order: line.sale_order_origin_id == so)
                    key, amount = "cancelled", -sum(lines.mapped("price_subtotal_incl"))
                details[key]["count"] += 1
                details[key]["amount"] += amount
        currency = self.currency_id
        for values in details.values():
            values["amount"] = currency.round(values["amount"])
        return details
