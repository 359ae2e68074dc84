from odoo import api, fields, models


class LayawayWizardMixin(models.AbstractModel):
    """What every layaway wizard shares: the order it acts on, its company and currency."""

    _name = "layaway.wizard.mixin"
    _description = "Layaway Wizard (shared fields)"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order",
        "Layaway",
        required=True,
        readonly=True,
        ondelete="cascade",
        default=lambda self: self._default_order_id(),
    )
    company_id = fields.Many2one(related="order_id.company_id")
    currency_id = fields.Many2one(related="order_id.currency_id")
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    plan_id = fields.Many2one(related="order_id.layaway_plan_id", string="Plan")

    @api.model
    def _default_order_id(self):
        # Opened from the order form: the button passes the order as active record.
        if self.env.context.get("active_model") == "sale.order":
            return self.env.context.get("active_id")
        return False

    def _default_payment_journal(self, order):
        """The company's first bank or cash journal, as the API methods default to."""
        if not order:
            return self.env["account.journal"]
        return self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(order.company_id), ("type", "in", ("bank", "cash"))],
            limit=1,
        )

    def _close(self):
        return {"type": "ir.actions.act_window_close"}
