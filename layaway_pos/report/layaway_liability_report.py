from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.states import LAYAWAY_STATES

# Context keys that say when and for which company the reconciliation is computed.
DATE_KEY = "layaway_liability_date"
COMPANY_KEY = "layaway_liability_company_id"


def _local_date_at_most(column, date, tz):
    """SQL: the UTC timestamp ``column`` falls on ``date`` or before in the time zone ``tz``.
    Converted only within a day of the date: any offset is less than a day, so a timestamp
    before the date's midnight in UTC is on it or before anywhere, and one from two days after
    it is after it anywhere (converting all 175,000 payments of the bench cost about 100 ms)."""
    return SQL(
        "(%(column)s < %(date)s::timestamp OR (%(column)s < %(date)s::timestamp + INTERVAL '2 days'"
        " AND (%(column)s AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date <= %(date)s))",
        column=column,
        date=date,
        tz=tz,
    )


class LayawayLiabilityReport(models.Model):
    """Customer Deposits reconciliation at a date: one row per layaway, booked against expected,
    one row per register session whose layaway money is not posted yet at the date, and one row
    per journal item of the account that belongs to no layaway (the unexplained part).

    The columns add up to the reconciliation: Booked to the account's posted balance at the date,
    Deposits Received to what the layaways open at the date have received, Difference to the gap
    (money in open register sessions is no gap: the session's closing posts it). Amounts are as
    the account holds them: without tax, in the company's currency; liability amounts are
    positive (a credit balance of the account). Dates are the company's days.

    The date and company come from the context (``layaway_liability_date``,
    ``layaway_liability_company_id``; today and the current company otherwise): the wizard
    ``layaway.liability.wizard`` opens the report with them. Rows read at one date stay in the
    record cache: invalidate it before reading the same rows at another date in one transaction.
    """

    _name = "layaway.liability.report"
    _description = "Customer Deposits Reconciliation"
    _auto = False
    _rec_name = "name"
    # The differences first, then as "order_id, session_id, move_line_id" would order them (by
    # the layaway's, the session's and the item's own orders), from the view's columns: ordering
    # by the many2one fields would join their tables again, for every row.
    _order = (
        "difference_abs desc, order_date desc, order_id.id desc, session_id.id desc, "
        "date desc, move_name desc, move_line_id.id"
    )
    # The same layaway fields as layaway.report's view reads. pylint: disable-next=duplicate-code
    _depends = {
        "sale.order": [
            "name",
            "date_order",
            "partner_id",
            "company_id",
            "layaway_plan_id",
            "layaway_state",
            "layaway_start_date",
            "layaway_closed_date",
            "layaway_refund_move_id",
            "layaway_exchange_move_id",
            "layaway_recognition",
        ],
        "sale.order.line": ["order_id", "invoice_lines", "is_downpayment"],
        "layaway.payment": ["order_id", "company_id", "date", "amount_untaxed_company", "invoice_id"],
        "account.move": ["date", "state", "move_type"],
        "account.move.line": [
            "account_id",
            "company_id",
            "move_id",
            "parent_state",
            "date",
            "balance",
            "name",
            "move_name",
        ],
        "pos.order": ["account_move", "session_id", "date_order", "state", "currency_rate"],
        "pos.order.line": ["order_id", "product_id", "price_subtotal", "sale_order_origin_id"],
        "pos.session": ["move_id", "name"],
    }

    line_type = fields.Selection(
        [("layaway", "Layaway"), ("session", "In Open Register Session"), ("item", "Unexplained Journal Item")],
        "Type",
        readonly=True,
        help="In open register sessions: layaway money taken at a register whose session was not closed (its "
        "entry not posted) at the date; the account receives it when the session closes, so it is no "
        "difference. Unexplained journal items are the account's items that belong to no layaway (manual "
        "entries; register entries that carry more than their layaways' lines).",
    )
    name = fields.Char("Reference", readonly=True)
    order_id = fields.Many2one("sale.order", "Layaway", readonly=True)
    state = fields.Selection(LAYAWAY_STATES, "Layaway Status", readonly=True)
    session_id = fields.Many2one("pos.session", "Register Session", readonly=True)
    move_line_id = fields.Many2one("account.move.line", "Journal Item", readonly=True)
    move_id = fields.Many2one("account.move", "Journal Entry", readonly=True)
    date = fields.Date(readonly=True, help="The date of an unexplained journal item.")
    order_date = fields.Datetime(readonly=True)
    move_name = fields.Char("Entry Number", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    account_id = fields.Many2one("account.account", "Customer Deposits Account", readonly=True)
    expected = fields.Monetary(
        "Deposits Received",
        readonly=True,
        currency_field="currency_id",
        help="What the layaway, if open at the date, has received up to the date (without tax, in the "
        "company's currency), less its money still in open register sessions: that money is on the "
        "session's line.",
    )
    booked = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        help="The account's posted items up to the date that belong to the layaway, or the unexplained item.",
    )
    difference = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        help="Booked minus Deposits Received; none on an open register session's line (posted at its closing).",
    )
    difference_abs = fields.Monetary("Absolute Difference", readonly=True, currency_field="currency_id")

    @api.model
    def _reconciliation_date(self):
        """The day the reconciliation is computed at: ``layaway_liability_date`` in the context, else today."""
        return fields.Date.to_date(self.env.context.get(DATE_KEY)) or self._reconciliation_company()._layaway_today()

    @api.model
    def _reconciliation_company(self):
        """The company reconciled: ``layaway_liability_company_id`` in the context, else the current one."""
        company_id = self.env.context.get(COMPANY_KEY)
        return self.env["res.company"].browse(company_id) if company_id else self.env.company

    @property
    def _table_query(self):
        """Expected: for each layaway open at the date (started on or before it, not completed or
        cancelled by then), the payments received up to the date, as the account holds them
        (``amount_untaxed_company``).
        Booked: the account's posted items up to the date, attributed to a layaway when their
        entry is one of its documents (down-payment invoices, final invoice, credit note, exchange
        difference).
        Register money is booked by the session's closing entry (or the POS order's invoice),
        one item for many layaways: each layaway is credited with its own deposit-product
        lines of that entry, and the entry's items are explained when those lines add up to
        them. Every other item of the account is a row of its own.
        In open sessions: a layaway's deposit-product lines whose entry is not posted at the
        date leave its expected amount for their session's line, which shows no difference.
        """
        company = self._reconciliation_company()
        currency = company.currency_id
        account = company.layaway_deposit_account_id
        date = self._reconciliation_date()
        tz = company._layaway_tz().zone
        return SQL(
            """
            WITH layaways AS (
                SELECT s.id,
                       s.layaway_state IN ('done', 'cancelled') AND s.layaway_closed_date <= %(date)s AS closed
                  FROM sale_order s
                 WHERE s.company_id = %(company)s
                   AND s.layaway_plan_id IS NOT NULL
                   AND s.layaway_start_date <= %(date)s
                   -- an installment sale's money settles its invoice: no customer deposit
                   AND s.layaway_recognition IS DISTINCT FROM 'on_start'
            ),
            received AS (
                -- summed by layaway before the join (an ordered scan of the payments' order_id index)
                SELECT o.id AS order_id, paid.amount
                  FROM layaways o
                  JOIN (
                        SELECT lp.order_id, SUM(lp.amount_untaxed_company) AS amount
                          FROM layaway_payment lp
                         WHERE %(payment_by_date)s
                         GROUP BY lp.order_id
                  ) paid ON paid.order_id = o.id
                 WHERE NOT o.closed
            ),
            register_lines AS (
                -- layaway money taken at a register (deposit-product lines, without tax, in the
                -- company's currency), with the entry that books it and whether it is posted
                SELECT pol.sale_order_origin_id AS order_id,
                       po.session_id,
                       entry.id AS move_id,
                       COALESCE(entry.state = 'posted' AND entry.date <= %(date)s, FALSE) AS posted,
                       pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1) AS amount
                  FROM pos_order_line pol
                  JOIN pos_order po ON po.id = pol.order_id
                  JOIN pos_session ps ON ps.id = po.session_id
                  JOIN sale_order s ON s.id = pol.sale_order_origin_id
                  LEFT JOIN account_move entry ON entry.id = COALESCE(po.account_move, ps.move_id)
                 WHERE pol.product_id = %(deposit_product)s
                   AND s.company_id = %(company)s
                   AND s.layaway_plan_id IS NOT NULL
                   AND po.state NOT IN ('draft', 'cancel')
                   AND %(register_by_date)s
            ),
            pending AS (
                SELECT order_id, session_id, SUM(amount) AS amount
                  FROM register_lines
                 WHERE NOT posted
                 GROUP BY order_id, session_id
            ),
            expected AS (
                SELECT order_id, SUM(amount) AS amount
                  FROM (
                        SELECT order_id, amount FROM received
                        UNION ALL
                        SELECT order_id, -amount FROM pending
                  ) expected_parts
                 GROUP BY order_id
            ),
            account_items AS (
                SELECT aml.id, aml.move_id, -aml.balance AS amount
                  FROM account_move_line aml
                 WHERE aml.account_id = %(account)s
                   AND aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND aml.date <= %(date)s
            ),
            documents AS (
                -- each entry of the account's items is attributed to one layaway only (only
                -- those entries: the others are never looked up)
                SELECT move_id, MIN(order_id) AS order_id
                  FROM (
                        SELECT aml.move_id, sol.order_id
                          FROM account_move_line aml
                          JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
                          JOIN sale_order_line sol ON sol.id = rel.order_line_id
                          JOIN sale_order s ON s.id = sol.order_id
                         WHERE aml.move_id IN (SELECT move_id FROM account_items)
                           AND s.company_id = %(company)s AND s.layaway_plan_id IS NOT NULL
                        UNION ALL
                        SELECT s.layaway_refund_move_id, s.id
                          FROM sale_order s
                         WHERE s.company_id = %(company)s
                           AND s.layaway_refund_move_id IN (SELECT move_id FROM account_items)
                        UNION ALL
                        SELECT s.layaway_exchange_move_id, s.id
                          FROM sale_order s
                         WHERE s.company_id = %(company)s
                           AND s.layaway_exchange_move_id IN (SELECT move_id FROM account_items)
                        UNION ALL
                        SELECT lp.invoice_id, lp.order_id
                          FROM layaway_payment lp
                         WHERE lp.company_id = %(company)s
                           AND lp.invoice_id IN (SELECT move_id FROM account_items)
                  ) linked
                 GROUP BY move_id
            ),
            register AS (
                -- layaway money taken at a register, by the entry that books it
                SELECT order_id, move_id, SUM(amount) AS amount
                  FROM register_lines
                 WHERE move_id IS NOT NULL
                 GROUP BY 1, 2
            ),
            items AS (
                SELECT ai.id, ai.move_id, ai.amount, documents.order_id
                  FROM account_items ai
                  LEFT JOIN documents ON documents.move_id = ai.move_id
            ),
            register_moves AS (
                -- a register entry is explained when its layaways' lines add up to its items
                -- (both are sums of amounts rounded to the currency: explained means equal)
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
            ),
            reconciliation AS (
                SELECT 'layaway' AS line_type,
                       COALESCE(e.order_id, b.order_id) AS order_id,
                       NULL::integer AS session_id,
                       NULL::integer AS move_line_id,
                       ROUND(COALESCE(e.amount, 0), %(digits)s) AS expected,
                       ROUND(COALESCE(b.amount, 0), %(digits)s) AS booked,
                       ROUND(COALESCE(b.amount, 0), %(digits)s) - ROUND(COALESCE(e.amount, 0), %(digits)s)
                           AS difference
                  FROM expected e
                  FULL OUTER JOIN booked b ON b.order_id = e.order_id
                UNION ALL
                SELECT 'session', NULL, p.session_id, NULL, ROUND(SUM(p.amount), %(digits)s), 0, 0
                  FROM pending p
                 GROUP BY p.session_id
                UNION ALL
                SELECT 'item', NULL, NULL, i.id, 0, ROUND(i.amount, %(digits)s), ROUND(i.amount, %(digits)s)
                  FROM items i
                  LEFT JOIN register_moves m ON m.move_id = i.move_id
                 WHERE i.order_id IS NULL AND NOT COALESCE(m.explained, FALSE)
            )
            -- layaways, sessions and journal items never share an id: modulo 3
            SELECT CASE r.line_type
                       WHEN 'layaway' THEN 3 * r.order_id
                       WHEN 'session' THEN 3 * r.session_id + 1
                       ELSE 3 * r.move_line_id + 2
                   END AS id,
                   r.line_type AS line_type,
                   CASE WHEN r.line_type = 'session' THEN %(session_label)s || ps.name
                        ELSE COALESCE(s.name, aml.name, am.name)
                   END AS name,
                   r.order_id AS order_id,
                   s.layaway_state AS state,
                   r.session_id AS session_id,
                   r.move_line_id AS move_line_id,
                   aml.move_id AS move_id,
                   aml.date AS date,
                   s.date_order AS order_date,
                   aml.move_name AS move_name,
                   COALESCE(s.partner_id, aml.partner_id) AS partner_id,
                   %(company)s AS company_id,
                   %(currency)s AS currency_id,
                   %(account)s AS account_id,
                   r.expected AS expected,
                   r.booked AS booked,
                   r.difference AS difference,
                   ABS(r.difference) AS difference_abs
              FROM reconciliation r
              LEFT JOIN sale_order s ON s.id = r.order_id
              LEFT JOIN pos_session ps ON ps.id = r.session_id
              LEFT JOIN account_move_line aml ON aml.id = r.move_line_id
              LEFT JOIN account_move am ON am.id = aml.move_id
             WHERE r.line_type = 'item' OR r.expected != 0 OR r.booked != 0
            """,
            date=date,
            payment_by_date=_local_date_at_most(SQL("lp.date"), date, tz),
            register_by_date=_local_date_at_most(SQL("po.date_order"), date, tz),
            company=company.id,
            currency=currency.id,
            account=SQL("%s::integer", account.id or None),
            deposit_product=company._layaway_deposit_product().id,
            half_unit=currency.rounding / 2,
            digits=currency.decimal_places,
            session_label=self.env._("In open register session: "),
        )

    def action_open_document(self):
        """Open the row's layaway, register session, or the journal entry of an unexplained item."""
        self.ensure_one()
        record = self.order_id or self.session_id or self.move_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [[False, "form"]],
        }
