from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..report.layaway_report import layaway_closed_date_join


class LayawayLiabilityWizard(models.TransientModel):
    """Reconcile the Customer Deposits account with the deposits of the open layaways at a date.

    Liability amounts are shown as positive numbers (a credit balance of the account).
    """

    _name = "layaway.liability.wizard"
    _description = "Customer Deposits Reconciliation"
    _check_company_auto = True

    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    account_id = fields.Many2one(related="company_id.layaway_deposit_account_id", string="Customer Deposits Account")
    account_balance = fields.Monetary(
        "Account Balance", readonly=True, help="Posted balance of the account at the date (credit positive)."
    )
    expected_balance = fields.Monetary(
        "Open Layaways' Deposits",
        readonly=True,
        help="What the layaways open at the date have received up to the date.",
    )
    difference = fields.Monetary(readonly=True)
    line_ids = fields.One2many("layaway.liability.wizard.line", "wizard_id", "Layaways", readonly=True)
    move_line_ids = fields.Many2many(
        "account.move.line",
        string="Unexplained Journal Items",
        readonly=True,
        help="Items of the account at the date that belong to no layaway (manual entries, POS session closings).",
    )
    computed = fields.Boolean(readonly=True)

    def action_compute(self):
        """Fill the balances, the layaway lines and the unexplained items; reopen the wizard."""
        self.ensure_one()
        account = self.account_id
        if not account:
            raise UserError(
                self.env._(
                    "Set the Customer Deposits account of %s in Sales > Configuration > Settings > Layaway.",
                    self.company_id.name,
                )
            )
        result = self._reconcile(self.company_id, account, self.date)
        self.write(
            {
                "account_balance": result["account_balance"],
                "expected_balance": result["expected_balance"],
                "difference": result["difference"],
                "line_ids": [Command.clear()] + [Command.create(values) for values in result["lines"]],
                "move_line_ids": [Command.set(result["unexplained_move_line_ids"])],
                "computed": True,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Customer Deposits Reconciliation"),
        }

    @api.model
    def _reconcile(self, company, account, date):
        """The reconciliation at `date`, computed in SQL.

        Expected: for each layaway open at the date (started on or before it, not done or
        cancelled by then), the payments received up to the date (in the user's time zone).
        Booked: the account's posted items up to the date, attributed to a layaway when their
        entry is one of its documents (down-payment invoices, final invoice, credit note).

        :return: dict with account_balance, expected_balance, difference, lines (values for
            ``layaway.liability.wizard.line``) and unexplained_move_line_ids
        """
        tz = self.env.user.tz or "UTC"
        self.env.flush_all()
        rows = self.env.execute_query_dict(
            SQL(
                """
                WITH layaways AS (
                    SELECT s.id,
                           s.layaway_state IN ('done', 'cancelled') AND closed.closed_date <= %(date)s AS closed
                      FROM sale_order s
                      %(closed_join)s
                     WHERE s.company_id = %(company)s
                       AND s.layaway_plan_id IS NOT NULL
                       AND s.layaway_start_date <= %(date)s
                ),
                expected AS (
                    SELECT o.id AS order_id, SUM(lp.amount) AS amount
                      FROM layaways o
                      JOIN layaway_payment lp ON lp.order_id = o.id
                     WHERE NOT o.closed
                       AND (lp.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date <= %(date)s
                     GROUP BY o.id
                ),
                documents AS (
                    -- each entry is attributed to one layaway only
                    SELECT move_id, MIN(order_id) AS order_id
                      FROM (
                            SELECT aml.move_id, sol.order_id
                              FROM sale_order_line sol
                              JOIN sale_order s ON s.id = sol.order_id
                              JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                              JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                             WHERE s.company_id = %(company)s AND s.layaway_plan_id IS NOT NULL
                            UNION ALL
                            SELECT s.layaway_refund_move_id, s.id
                              FROM sale_order s
                             WHERE s.company_id = %(company)s AND s.layaway_refund_move_id IS NOT NULL
                            UNION ALL
                            SELECT lp.invoice_id, lp.order_id
                              FROM layaway_payment lp
                             WHERE lp.company_id = %(company)s AND lp.invoice_id IS NOT NULL
                      ) linked
                     GROUP BY move_id
                ),
                items AS (
                    SELECT aml.id, -aml.balance AS amount, documents.order_id
                      FROM account_move_line aml
                      LEFT JOIN documents ON documents.move_id = aml.move_id
                     WHERE aml.account_id = %(account)s
                       AND aml.company_id = %(company)s
                       AND aml.parent_state = 'posted'
                       AND aml.date <= %(date)s
                ),
                booked AS (
                    SELECT order_id, SUM(amount) AS amount FROM items WHERE order_id IS NOT NULL GROUP BY order_id
                )
                SELECT 'layaway' AS kind,
                       COALESCE(e.order_id, b.order_id) AS res_id,
                       COALESCE(e.amount, 0) AS expected,
                       COALESCE(b.amount, 0) AS booked
                  FROM expected e
                  FULL OUTER JOIN booked b ON b.order_id = e.order_id
                UNION ALL
                SELECT 'item', id, 0, amount FROM items WHERE order_id IS NULL
                """,
                date=date,
                tz=tz,
                company=company.id,
                account=account.id,
                closed_join=layaway_closed_date_join("s"),
            )
        )
        currency = company.currency_id
        lines = []
        unexplained = []
        account_balance = expected_balance = 0.0
        for row in rows:
            account_balance += row["booked"]
            expected_balance += row["expected"]
            if row["kind"] == "item":
                unexplained.append(row["res_id"])
                continue
            if currency.is_zero(row["expected"]) and currency.is_zero(row["booked"]):
                continue
            lines.append(
                {
                    "order_id": row["res_id"],
                    "expected": row["expected"],
                    "booked": row["booked"],
                    "difference": currency.round(row["booked"] - row["expected"]),
                }
            )
        lines.sort(key=lambda line: (currency.is_zero(line["difference"]), line["order_id"]))
        return {
            "account_balance": currency.round(account_balance),
            "expected_balance": currency.round(expected_balance),
            "difference": currency.round(account_balance - expected_balance),
            "lines": lines,
            "unexplained_move_line_ids": unexplained,
        }


class LayawayLiabilityWizardLine(models.TransientModel):
    _name = "layaway.liability.wizard.line"
    _description = "Customer Deposits Reconciliation Line"
    _order = "difference_abs desc, order_id"

    wizard_id = fields.Many2one("layaway.liability.wizard", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    order_id = fields.Many2one("sale.order", "Layaway", readonly=True)
    partner_id = fields.Many2one(related="order_id.partner_id")
    layaway_state = fields.Selection(related="order_id.layaway_state")
    expected = fields.Monetary("Deposits Received", readonly=True)
    booked = fields.Monetary("Booked", readonly=True)
    difference = fields.Monetary(readonly=True)
    difference_abs = fields.Float(compute="_compute_difference_abs", store=True)

    @api.depends("difference")
    def _compute_difference_abs(self):
        for line in self:
            line.difference_abs = abs(line.difference)
