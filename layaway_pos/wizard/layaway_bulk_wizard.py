from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class LayawayBulkWizard(models.TransientModel):
    """Extend or cancel many layaways at once (managers); each goes through the public API."""

    _name = "layaway.bulk.wizard"
    _description = "Extend or Cancel Layaways"

    action = fields.Selection([("extend", "Extend"), ("cancel", "Cancel")], required=True, default="extend")
    order_ids = fields.Many2many("sale.order", string="Layaways", required=True)
    extend_days = fields.Integer(
        "Extend By (days)",
        default=30,
        help="Each layaway's new expiry: the later of today and its current expiry, plus this.",
    )
    reason = fields.Text("Cancellation Reason")
    refund_method = fields.Selection(
        [("credit_note", "Customer credit"), ("payment", "Pay back now")], default="credit_note", required=True
    )
    journal_id = fields.Many2one("account.journal", "Refund Journal", domain="[('type', 'in', ('bank', 'cash'))]")

    @api.model
    def default_get(self, fields_list):
        """The layaways selected in the list, and the action of the menu that opened the wizard."""
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "sale.order" and "order_ids" in fields_list:
            values["order_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        if self.env.context.get("layaway_bulk_action") in ("extend", "cancel"):
            values["action"] = self.env.context["layaway_bulk_action"]
        return values

    def action_apply(self):
        """Extend or cancel each selected layaway; refuse everything when one refuses."""
        self.ensure_one()
        orders = self.order_ids
        not_layaways = orders.filtered(lambda o: not o.layaway_plan_id)
        if not_layaways:
            raise UserError(self.env._("These orders are not layaways: %s.", ", ".join(not_layaways.mapped("name"))))
        today = fields.Date.context_today(self)
        if self.action == "extend":
            if self.extend_days <= 0:
                raise UserError(self.env._("Extend by at least one day."))
            # Every order's state first: none is extended when one cannot be.
            orders._layaway_check_state(("active", "expired"), "extend")
            for order in orders:
                base = max(today, order.layaway_expiry_date or today)
                order.action_layaway_extend(base + relativedelta(days=self.extend_days))
        else:
            if not (self.reason or "").strip():
                raise UserError(self.env._("Give a reason to cancel the layaways."))
            orders._layaway_check_state(("draft", "active", "paid", "expired"), "cancel")
            for order in orders:
                order.action_layaway_cancel(
                    self.reason, refund_method=self.refund_method, journal_id=self.journal_id.id or False
                )
        return {"type": "ir.actions.act_window_close"}
