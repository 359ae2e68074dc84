from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.states import LAYAWAY_STATES

# Aging buckets of what is behind schedule: (field, first day late, last day late).
AGING_BUCKETS = [
    ("amount_late_1_30", 1, 30),
    ("amount_late_31_60", 31, 60),
    ("amount_late_61_90", 61, 90),
    ("amount_late_over_90", 91, None),
]


class LayawayReport(models.Model):
    """Layaway analysis: one row per layaway, with amounts and the aging of late installments."""

    _name = "layaway.report"
    _description = "Layaway Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "start_date desc, id desc"
    _depends = {
        "sale.order": [
            "name",
            "partner_id",
            "company_id",
            "currency_id",
            "user_id",
            "team_id",
            "layaway_plan_id",
            "layaway_state",
            "layaway_start_date",
            "layaway_expiry_date",
            "layaway_next_due_date",
            "layaway_is_overdue",
            "layaway_amount_total",
            "layaway_amount_paid",
            "layaway_amount_residual",
            "layaway_closed_date",
        ],
        "layaway.installment": ["order_id", "due_date", "amount_residual", "state"],
        "layaway.payment": ["order_id", "date", "pos_session_id"],
    }

    order_id = fields.Many2one("sale.order", "Layaway", readonly=True)
    name = fields.Char("Reference", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    config_id = fields.Many2one("pos.config", "Point of Sale", readonly=True, help="Where the deposit was taken.")
    plan_id = fields.Many2one("layaway.plan", readonly=True)
    state = fields.Selection(LAYAWAY_STATES, "Layaway Status", readonly=True)
    start_date = fields.Date(readonly=True)
    expiry_date = fields.Date(readonly=True)
    closed_date = fields.Date("Closed On", readonly=True, help="Completion or cancellation date.")
    next_due_date = fields.Date(readonly=True)
    is_overdue = fields.Boolean("Overdue", readonly=True)
    nbr = fields.Integer("# Layaways", readonly=True)
    amount_total = fields.Monetary("Total", readonly=True, currency_field="currency_id")
    amount_paid = fields.Monetary("Paid", readonly=True, currency_field="currency_id")
    amount_residual = fields.Monetary("Outstanding", readonly=True, currency_field="currency_id")
    amount_current = fields.Monetary(
        "Not Yet Due", readonly=True, currency_field="currency_id", help="Outstanding installments not late yet."
    )
    amount_late = fields.Monetary(
        "Late", readonly=True, currency_field="currency_id", help="Outstanding installments past their due date."
    )
    amount_late_1_30 = fields.Monetary("1-30 Days Late", readonly=True, currency_field="currency_id")
    amount_late_31_60 = fields.Monetary("31-60 Days Late", readonly=True, currency_field="currency_id")
    amount_late_61_90 = fields.Monetary("61-90 Days Late", readonly=True, currency_field="currency_id")
    amount_late_over_90 = fields.Monetary("Over 90 Days Late", readonly=True, currency_field="currency_id")

    @api.model
    def _aging_date(self):
        """The day the aging is measured at: ``layaway_aging_date`` in the context, else today."""
        return fields.Date.to_date(self.env.context.get("layaway_aging_date")) or fields.Date.context_today(self)

    @property
    def _table_query(self):
        today = self._aging_date()
        buckets = SQL(", ").join(
            SQL(
                "SUM(i.amount_residual) FILTER (WHERE %(today)s - i.due_date >= %(low)s %(high)s) AS %(field)s",
                today=today,
                low=low,
                high=SQL("AND %s - i.due_date <= %s", today, high) if high else SQL(),
                field=SQL.identifier(field),
            )
            for field, low, high in AGING_BUCKETS
        )
        late = SQL(" + ").join(
            SQL("COALESCE(aging.%s, 0)", SQL.identifier(field)) for field, _low, _high in AGING_BUCKETS
        )
        return SQL(
            """
            SELECT s.id AS id,
                   s.id AS order_id,
                   s.name AS name,
                   s.partner_id AS partner_id,
                   s.company_id AS company_id,
                   s.currency_id AS currency_id,
                   s.user_id AS user_id,
                   s.team_id AS team_id,
                   first_pos.config_id AS config_id,
                   s.layaway_plan_id AS plan_id,
                   s.layaway_state AS state,
                   s.layaway_start_date AS start_date,
                   s.layaway_expiry_date AS expiry_date,
                   s.layaway_closed_date AS closed_date,
                   s.layaway_next_due_date AS next_due_date,
                   COALESCE(s.layaway_is_overdue, FALSE) AS is_overdue,
                   1 AS nbr,
                   s.layaway_amount_total AS amount_total,
                   COALESCE(s.layaway_amount_paid, 0) AS amount_paid,
                   s.layaway_amount_residual AS amount_residual,
                   COALESCE(aging.amount_current, 0) AS amount_current,
                   %(late)s AS amount_late,
                   %(bucket_columns)s
              FROM sale_order s
              -- the register of the first payment taken at one (a join the planner drops when unread)
              LEFT JOIN (
                    SELECT DISTINCT ON (lp.order_id) lp.order_id, ps.config_id
                      FROM layaway_payment lp
                      JOIN pos_session ps ON ps.id = lp.pos_session_id
                     ORDER BY lp.order_id, lp.date, lp.id
              ) first_pos ON first_pos.order_id = s.id
              -- the unpaid installments aggregated once by layaway (an index-only scan of
              -- layaway_installment_unpaid_aging_index), not once per layaway
              LEFT JOIN (
                    SELECT i.order_id,
                           SUM(i.amount_residual) FILTER (WHERE i.due_date >= %(today)s) AS amount_current,
                           %(buckets)s
                      FROM layaway_installment i
                     WHERE i.state != 'paid'
                     GROUP BY i.order_id
              ) aging ON aging.order_id = s.id AND s.layaway_state IN ('active', 'expired')
             WHERE s.layaway_plan_id IS NOT NULL
            """,
            late=late,
            bucket_columns=SQL(", ").join(
                SQL("COALESCE(aging.%s, 0) AS %s", SQL.identifier(field), SQL.identifier(field))
                for field, _low, _high in AGING_BUCKETS
            ),
            today=today,
            buckets=buckets,
        )

    def action_open_order(self):
        """Open the layaway of this analysis row."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "views": [[False, "form"]],
        }
