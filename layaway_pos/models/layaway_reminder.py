from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.batch import commit_progress
from .ir_qweb import MEMO_KEY

# kind: (mail template xmlid, model the template renders)
REMINDER_KINDS = {
    "started": ("layaway_pos.mail_template_layaway_started", "sale.order"),
    "due": ("layaway_pos.mail_template_layaway_installment_due", "layaway.installment"),
    "overdue": ("layaway_pos.mail_template_layaway_installment_overdue", "layaway.installment"),
    "expiring": ("layaway_pos.mail_template_layaway_expiring", "sale.order"),
    "expired": ("layaway_pos.mail_template_layaway_expired", "sale.order"),
}


class LayawayReminder(models.Model):
    """What the reminder job sent: at most one mail per layaway (or installment) and kind."""

    _name = "layaway.reminder"
    _description = "Layaway Reminder Sent"
    _order = "id desc"
    _check_company_auto = True

    order_id = fields.Many2one("sale.order", "Layaway", required=True, ondelete="cascade", index=True)
    installment_id = fields.Many2one("layaway.installment", ondelete="cascade", index="btree_not_null")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    kind = fields.Selection(
        [
            ("started", "Layaway started"),
            ("due", "Installment due soon"),
            ("overdue", "Installment overdue"),
            ("expiring", "About to expire"),
            ("expired", "Expired"),
        ],
        required=True,
    )
    sent_date = fields.Date("Sent On", required=True, default=fields.Date.context_today)
    mail_id = fields.Many2one("mail.mail", "Email", ondelete="set null", index="btree_not_null")

    _installment_kind_uniq = models.UniqueIndex("(installment_id, kind) WHERE installment_id IS NOT NULL")
    _order_kind_uniq = models.UniqueIndex("(order_id, kind) WHERE installment_id IS NULL")

    # ------------------------------------------------------------------
    # Scheduled job
    # ------------------------------------------------------------------

    @api.model
    def _cron_send_reminders(self, batch_size=500):
        """Send every reminder that is due today, kind by kind, in committed batches.

        Each layaway (or installment) gets each kind at most once: what was sent is logged
        here, and the candidates exclude what is logged.
        """
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            for kind in REMINDER_KINDS:
                self._send_reminders(kind, company, today, batch_size)
        return True

    @api.model
    def _send_reminders(self, kind, company, today, batch_size):
        template = self.env.ref(REMINDER_KINDS[kind][0], raise_if_not_found=False)
        if not template:
            return 0
        sent = 0
        # The template's body compiled once for all its mails (models/ir_qweb.py).
        template = template.with_company(company).sudo().with_context(**{MEMO_KEY: {}})
        while rows := self._reminder_candidates(kind, company, today, batch_size):
            res_ids = [row[0] for row in rows]
            mails = template.send_mail_batch(res_ids)
            mail_by_res = {mail.res_id: mail.id for mail in mails}
            self.sudo().create(
                [
                    {
                        "order_id": order_id,
                        "installment_id": installment_id,
                        "kind": kind,
                        "sent_date": today,
                        "mail_id": mail_by_res.get(res_id, False),
                    }
                    for res_id, order_id, installment_id in rows
                ]
            )
            sent += len(rows)
            commit_progress(self.env, len(rows))
        return sent

    @api.model
    def _reminder_candidates(self, kind, company, today, limit):
        """[(record id the template renders, order id, installment id or None)] still to send."""
        days = company.layaway_reminder_days
        emailable = SQL(
            "EXISTS (SELECT 1 FROM res_partner p WHERE p.id = s.partner_id AND COALESCE(p.email, '') != '')"
        )
        if kind in ("due", "overdue"):
            condition = (
                SQL(
                    "i.state IN ('pending', 'partial') AND i.due_date BETWEEN %s AND %s AND s.layaway_state = 'active'",
                    today,
                    today + timedelta(days=days),
                )
                if kind == "due"
                else SQL("i.state = 'overdue' AND s.layaway_state = 'active'")
            )
            query = SQL(
                """
                SELECT i.id, s.id, i.id
                  FROM layaway_installment i
                  JOIN sale_order s ON s.id = i.order_id
                 WHERE s.company_id = %(company)s
                   AND %(condition)s
                   AND %(emailable)s
                   AND NOT EXISTS (
                        SELECT 1 FROM layaway_reminder r WHERE r.installment_id = i.id AND r.kind = %(kind)s
                   )
                 ORDER BY i.due_date, i.id
                 LIMIT %(limit)s
                """,
                company=company.id,
                condition=condition,
                emailable=emailable,
                kind=kind,
                limit=limit,
            )
        else:
            condition = {
                # The start mail is sent the day the layaway starts; the job catches up for two days.
                "started": SQL(
                    "s.layaway_state IN ('active', 'paid') AND s.layaway_start_date >= %s", today - timedelta(days=2)
                ),
                "expiring": SQL(
                    "s.layaway_state = 'active' AND s.layaway_expiry_date BETWEEN %s AND %s",
                    today,
                    today + timedelta(days=days),
                ),
                "expired": SQL("s.layaway_state = 'expired'"),
            }[kind]
            query = SQL(
                """
                SELECT s.id, s.id, NULL
                  FROM sale_order s
                 WHERE s.company_id = %(company)s
                   AND s.layaway_plan_id IS NOT NULL
                   AND %(condition)s
                   AND %(emailable)s
                   AND NOT EXISTS (
                        SELECT 1 FROM layaway_reminder r
                         WHERE r.order_id = s.id AND r.installment_id IS NULL AND r.kind = %(kind)s
                   )
                 ORDER BY s.id
                 LIMIT %(limit)s
                """,
                company=company.id,
                condition=condition,
                emailable=emailable,
                kind=kind,
                limit=limit,
            )
        self.env.flush_all()
        return self.env.execute_query(query)
