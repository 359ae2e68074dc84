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
        help="Items of the account at the date that belong to no layaway (manual entries; register entries "
        "that carry more than their layaways' lines).",
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
        Register money is booked by the session's closing entry (or the POS order's invoice),
        one item for many layaways: each layaway is credited with its own deposit-product
        lines of that entry, and the entry's items are explained when those lines add up to
        them.

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
                register AS (
                    -- layaway money taken at a register, by the entry that books it
                    SELECT pol.sale_order_origin_id AS order_id,
                           COALESCE(po.account_move, ps.move_id) AS move_id,
                           SUM(pol.price_subtotal) AS amount
                      FROM pos_order_line pol
                      JOIN pos_order po ON po.id = pol.order_id
                      JOIN pos_session ps ON ps.id = po.session_id
                      JOIN sale_order s ON s.id = pol.sale_order_origin_id
                     WHERE pol.product_id = %(deposit_product)s
                       AND s.company_id = %(company)s
                       AND s.layaway_plan_id IS NOT NULL
                       AND COALESCE(po.account_move, ps.move_id) IS NOT NULL
                     GROUP BY 1, 2
                ),
                items AS (
                    SELECT aml.id, aml.move_id, -aml.balance AS amount, documents.order_id
                      FROM account_move_line aml
                      LEFT JOIN documents ON documents.move_id = aml.move_id
                     WHERE aml.account_id = %(account)s
                       AND aml.company_id = %(company)s
                       AND aml.parent_state = 'posted'
                       AND aml.date <= %(date)s
                ),
                register_moves AS (
                    -- a register entry is explained when its layaways' lines add up to its items
                    SELECT r.move_id,
                           ABS(SUM(r.amount) - (SELECT SUM(i.amount) FROM items i WHERE i.move_id = r.move_id))
                           < %(half_unit)s AS explained
                      FROM register r
                     WHERE r.move_id IN (SELECT move_id FROM items)
                       AND r.move_id NOT IN (SELECT move_id FROM documents)
                     GROUP BY r.move_id
                ),
                booked AS (
                    SELECT order_id, SUM(amount) AS amount
                      FROM (
                            SELECT order_id, amount FROM items WHERE order_id IS NOT NULL
                            UNION ALL
                            SELECT r.order_id, r.amount
                              FROM register r
                              JOIN register_moves m ON m.move_id = r.move_id AND m.explained
                      ) booked_items
                     GROUP BY order_id
                )
                SELECT 'layaway' AS kind,
                       COALESCE(e.order_id, b.order_id) AS res_id,
                       COALESCE(e.amount, 0) AS expected,
                       COALESCE(b.amount, 0) AS booked
                  FROM expected e
                  FULL OUTER JOIN booked b ON b.order_id = e.order_id
                UNION ALL
                SELECT 'item', i.id, 0, i.amount
                  FROM items i
                  LEFT JOIN register_moves m ON m.move_id = i.move_id
                 WHERE i.order_id IS NULL AND NOT COALESCE(m.explained, FALSE)
                UNION ALL
                SELECT 'balance', NULL, 0, COALESCE(SUM(amount), 0) FROM items
                """,
                date=date,
                tz=tz,
                company=company.id,
                account=account.id,
                closed_join=layaway_closed_date_join("s"),
                deposit_product=company._layaway_deposit_product().id,
                half_unit=company.currency_id.rounding / 2,
            )
        )
        currency = company.currency_id
        lines = []
        unexplained = []
        account_balance = expected_balance = 0.0
        for row in rows:
            expected_balance += row["expected"]
            if row["kind"] == "balance":
                account_balance = row["booked"]
                continue
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
