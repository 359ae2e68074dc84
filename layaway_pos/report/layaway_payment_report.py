from odoo import fields, models
from odoo.tools import SQL

from ..tools.states import PAYMENT_CHANNELS, PAYMENT_KINDS


class LayawayPaymentReport(models.Model):
    """Every layaway payment, with where and how it was taken (POS session, payment method)."""

    _name = "layaway.payment.report"
    _description = "Layaway Payments Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc, id desc"
    _depends = {
        "layaway.payment": [
            "order_id",
            "date",
            "amount",
            "kind",
            "channel",
            "user_id",
            "journal_id",
            "pos_session_id",
            "pos_order_id",
            "company_id",
            "partner_id",
        ],
        "sale.order": ["currency_id", "layaway_plan_id", "team_id"],
    }

    payment_id = fields.Many2one("layaway.payment", readonly=True)
    order_id = fields.Many2one("sale.order", "Layaway", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    plan_id = fields.Many2one("layaway.plan", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    date = fields.Datetime(readonly=True)
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    kind = fields.Selection(PAYMENT_KINDS, readonly=True)
    channel = fields.Selection(PAYMENT_CHANNELS, readonly=True)
    journal_id = fields.Many2one("account.journal", readonly=True)
    pos_payment_method_id = fields.Many2one("pos.payment.method", "POS Payment Method", readonly=True)
    user_id = fields.Many2one("res.users", "Received By", readonly=True)
    session_id = fields.Many2one("pos.session", "POS Session", readonly=True)
    config_id = fields.Many2one("pos.config", "Point of Sale", readonly=True)
    pos_order_id = fields.Many2one("pos.order", "POS Order", readonly=True)
    nbr = fields.Integer("# Payments", readonly=True)

    @property
    def _table_query(self):
        # A POS payment's method is the POS order's largest payment line (usually its only one).
        return SQL(
            """
            SELECT lp.id AS id,
                   lp.id AS payment_id,
                   lp.order_id AS order_id,
                   lp.partner_id AS partner_id,
                   lp.company_id AS company_id,
                   s.currency_id AS currency_id,
                   s.layaway_plan_id AS plan_id,
                   s.team_id AS team_id,
                   lp.date AS date,
                   lp.amount AS amount,
                   lp.kind AS kind,
                   lp.channel AS channel,
                   COALESCE(lp.journal_id, method.journal_id) AS journal_id,
                   method.payment_method_id AS pos_payment_method_id,
                   lp.user_id AS user_id,
                   lp.pos_session_id AS session_id,
                   ps.config_id AS config_id,
                   lp.pos_order_id AS pos_order_id,
                   1 AS nbr
              FROM layaway_payment lp
              JOIN sale_order s ON s.id = lp.order_id
              LEFT JOIN pos_session ps ON ps.id = lp.pos_session_id
              LEFT JOIN LATERAL (
                    SELECT pp.payment_method_id, ppm.journal_id
                      FROM pos_payment pp
                      JOIN pos_payment_method ppm ON ppm.id = pp.payment_method_id
                     WHERE pp.pos_order_id = lp.pos_order_id
                     ORDER BY pp.amount DESC, pp.id
                     LIMIT 1
              ) method ON TRUE
            """
        )
