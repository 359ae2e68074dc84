from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.batch import commit_progress, report_remaining
from .ir_qweb import MEMO_KEY

# kind: (mail template xmlid, model the template renders)
REMINDER_KINDS = {
    "started": ("layaway_pos.mail_template_layaway_started", "sale.order"),
    "due": ("layaway_pos.mail_template_layaway_installment_due", "layaway.installment"),
    "overdue": ("layaway_pos.mail_template_layaway_installment_overdue", "layaway.installment"),
    "expiring": ("layaway_pos.mail_template_layaway_expiring", "sale.order"),
    "expired": ("layaway_pos.mail_template_layaway_expired", "sale.order"),
}
# kind: SMS template xmlid (on the same model as the kind's mail template)
REMINDER_SMS_TEMPLATES = {
    "started": "layaway_pos.sms_template_layaway_started",
    "due": "layaway_pos.sms_template_layaway_installment_due",
    "overdue": "layaway_pos.sms_template_layaway_installment_overdue",
    "expiring": "layaway_pos.sms_template_layaway_expiring",
    "expired": "layaway_pos.sms_template_layaway_expired",
}
# Days the job catches up on a reminder of the day (the job did not run, or SMS was just turned on).
CATCH_UP_DAYS = 2


class LayawayReminder(models.Model):
    """What the reminder job sent: at most one mail, and one SMS, per layaway (or installment) and kind."""

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
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, default="email")
    sent_date = fields.Date("Sent On", required=True, default=fields.Date.context_today)
    mail_id = fields.Many2one("mail.mail", "Email", ondelete="set null", index="btree_not_null")
    sms_id = fields.Many2one("sms.sms", "SMS", ondelete="set null", index="btree_not_null")

    _installment_kind_uniq = models.UniqueIndex("(installment_id, kind, channel) WHERE installment_id IS NOT NULL")
    _order_kind_uniq = models.UniqueIndex("(order_id, kind, channel) WHERE installment_id IS NULL")

    # ------------------------------------------------------------------
    # Scheduled job
    # ------------------------------------------------------------------

    @api.model
    def _cron_send_reminders(self, batch_size=500):
        """Send every reminder that is due today, kind by kind, in committed batches.

        Each layaway (or installment) gets each kind at most once by email and, where the company
        turned SMS on, once by SMS: what was sent is logged here, and the candidates exclude what
        is logged for that channel. When the scheduler's time for the run is up, the job stops
        after a batch and says how many reminders of the kind are left: the scheduler runs it
        again at once, and it goes on where it stopped (tools/batch.py).
        """
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            channels = ("email", "sms") if company.layaway_reminder_sms else ("email",)
            for kind in REMINDER_KINDS:
                for channel in channels:
                    if not self._send_reminders(kind, company, today, batch_size, channel):
                        return True
        return True

    @api.model
    def _send_reminders(self, kind, company, today, batch_size, channel="email"):
        """Send the reminders of one kind, company and channel in committed batches: False when
        the run's time was up before all were sent."""
        xmlid = REMINDER_KINDS[kind][0] if channel == "email" else REMINDER_SMS_TEMPLATES[kind]
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template:
            return True
        send = self._send_mails if channel == "email" else self._send_sms
        # The template's body compiled once for all its mails (models/ir_qweb.py).
        template = template.with_company(company).sudo().with_context(**{MEMO_KEY: {}})
        after = None
        while rows := self._reminder_candidates(kind, company, today, batch_size, channel, after):
            after = rows[-1]
            # The mails' links carry the layaway's access token.
            self.env["sale.order"].browse(row[1] for row in rows)._layaway_ensure_access_tokens()
            sent_by_res = send(template, [row[0] for row in rows])
            self.sudo().create(
                [
                    {
                        "order_id": order_id,
                        "installment_id": installment_id,
                        "kind": kind,
                        "channel": channel,
                        "sent_date": today,
                        **sent_by_res.get(res_id, {}),
                    }
                    for res_id, order_id, installment_id, _due_date in rows
                ]
            )
            if not commit_progress(self.env, len(rows)):
                report_remaining(self.env, self._reminders_left(kind, company, today, channel, after))
                return False
        return True

    @api.model
    def _send_mails(self, template, res_ids):
        """Queue the mails of `template` for `res_ids`: {res_id: {"mail_id": the mail's id}}."""
        return {mail.res_id: {"mail_id": mail.id} for mail in template.send_mail_batch(res_ids)}

    @api.model
    def _send_sms(self, template, res_ids):
        """Queue the SMS of `template` for `res_ids`: {res_id: {"sms_id": the SMS's id}}.

        Odoo's SMS composer in mass mode renders them in one pass and queues them for the SMS
        job; a number it cannot use gives a cancelled SMS, logged like a sent one (the job does
        not retry it every day).
        """
        composer = (
            self.env["sms.composer"]
            .sudo()
            .with_company(template.env.company)
            .with_context(layaway_reminder=True)
            .create(
                {
                    "composition_mode": "mass",
                    "res_model": template.model,
                    "res_ids": repr(res_ids),
                    "template_id": template.id,
                    "mass_keep_log": False,
                    "mass_force_send": False,
                }
            )
        )
        sms = composer._action_send_sms()
        # The composer creates one SMS per record, in the order of `res_ids`.
        return {res_id: {"sms_id": sms_id} for res_id, sms_id in zip(res_ids, sms.ids, strict=True)}

    @api.model
    def _reminder_candidates(self, kind, company, today, limit, channel="email", after=None):
        """[(record id the template renders, order id, installment id or None, due date or None)]
        still to send by `channel`, in the order the job sends them; `after`: the last row of the
        previous batch (each batch starts after it, and reads no row of the batches before)."""
        self.env.flush_all()
        return self.env.execute_query(self._reminder_query(kind, company, today, limit, channel, after))

    @api.model
    def _reminders_left(self, kind, company, today, channel="email", after=None):
        """How many reminders of `kind` are still to send by `channel` (after the row `after`)."""
        self.env.flush_all()
        query = self._reminder_query(kind, company, today, None, channel, after)
        return self.env.execute_query(SQL("SELECT count(*) FROM (%s) AS candidates", query))[0][0]

    @api.model
    def _reminder_query(self, kind, company, today, limit, channel, after=None):
        """The candidates' query (`limit` None: all of them).

        What was sent is looked up in the log for each candidate, by the log's unique index
        (``OFFSET 0`` keeps the ``NOT EXISTS`` a lookup per row): PostgreSQL would otherwise
        join the whole log, and while a run adds thousands of rows to it, before autovacuum
        analyzes it again, it takes the log for nearly empty and compares every candidate
        with every row (3 s a batch at 10,000 reminders, growing with the square of them).
        """
        days = company.layaway_reminder_days
        contact_field = SQL.identifier("p", "email" if channel == "email" else "phone")
        reachable = SQL(
            "EXISTS (SELECT 1 FROM res_partner p WHERE p.id = s.partner_id AND COALESCE(%s, '') != '')",
            contact_field,
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
            if after:
                condition = SQL("%s AND (i.due_date, i.id) > (%s, %s)", condition, after[3], after[0])
            query = SQL(
                """
                SELECT i.id, s.id, i.id, i.due_date
                  FROM layaway_installment i
                  JOIN sale_order s ON s.id = i.order_id
                 WHERE s.company_id = %(company)s
                   AND %(condition)s
                   AND %(reachable)s
                   AND NOT EXISTS (
                        SELECT 1 FROM layaway_reminder r
                         WHERE r.installment_id = i.id AND r.kind = %(kind)s AND r.channel = %(channel)s
                        OFFSET 0
                   )
                 ORDER BY i.due_date, i.id
                 LIMIT %(limit)s
                """,
                company=company.id,
                condition=condition,
                reachable=reachable,
                kind=kind,
                channel=channel,
                limit=limit,
            )
        else:
            condition = {
                # The start mail is sent the day the layaway starts; the job catches up for two days.
                "started": SQL(
                    "s.layaway_state IN ('active', 'paid') AND s.layaway_start_date >= %s",
                    today - timedelta(days=CATCH_UP_DAYS),
                ),
                "expiring": SQL(
                    "s.layaway_state = 'active' AND s.layaway_expiry_date BETWEEN %s AND %s",
                    today,
                    today + timedelta(days=days),
                ),
                "expired": SQL("s.layaway_state = 'expired'")
                if channel == "email"
                # Turning SMS on must not text every customer whose layaway expired long ago: only
                # the recent expiries (a layaway expires the day after its expiry date).
                else SQL(
                    "s.layaway_state = 'expired' AND s.layaway_expiry_date >= %s",
                    today - timedelta(days=CATCH_UP_DAYS + 1),
                ),
            }[kind]
            if after:
                condition = SQL("%s AND s.id > %s", condition, after[0])
            query = SQL(
                """
                SELECT s.id, s.id, NULL, NULL
                  FROM sale_order s
                 WHERE s.company_id = %(company)s
                   AND s.layaway_plan_id IS NOT NULL
                   AND %(condition)s
                   AND %(reachable)s
                   AND NOT EXISTS (
                        SELECT 1 FROM layaway_reminder r
                         WHERE r.order_id = s.id AND r.installment_id IS NULL AND r.kind = %(kind)s
                           AND r.channel = %(channel)s
                        OFFSET 0
                   )
                 ORDER BY s.id
                 LIMIT %(limit)s
                """,
                company=company.id,
                condition=condition,
                reachable=reachable,
                kind=kind,
                channel=channel,
                limit=limit,
            )
        return query
