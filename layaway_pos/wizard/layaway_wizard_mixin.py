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

    def _close(self):
        return {"type": "ir.actions.act_window_close"}


class LayawayMoneyWizardMixin(models.AbstractModel):
    """The wizards that take money in (start, payment): the journal it is received in, the day
    and the reference."""

    _name = "layaway.money.wizard.mixin"
    _inherit = "layaway.wizard.mixin"
    _description = "Layaway Wizard Receiving Money (shared fields)"

    journal_id = fields.Many2one(
        "account.journal",
        "Received In",
        compute="_compute_journal_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
    )

    payment_date = fields.Date(
        "Date",
        compute="_compute_payment_date",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="The day the money was received: today or earlier, not before the layaway's start.",
    )
    reference = fields.Char(help="Cheque number, transfer reference: shown on the payment and its journal items.")

    @api.depends("order_id")
    def _compute_journal_id(self):
        for wizard in self:
            wizard.journal_id = wizard.order_id._layaway_default_journal()

    @api.depends("order_id")
    def _compute_payment_date(self):
        for wizard in self:
            company = wizard.order_id.company_id or self.env.company
            wizard.payment_date = company._layaway_today()
