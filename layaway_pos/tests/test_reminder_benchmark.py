import cProfile
import logging
import os
import pstats
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from .common import LayawayCommon

_logger = logging.getLogger(__name__)

LAYAWAYS = int(os.environ.get("LAYAWAY_BENCH_COUNT", "10000"))
BATCH = 500


@tagged("post_install", "-at_install")
class TestLayawayReminderBenchmark(LayawayCommon):
    """The reminder job on 10,000 layaways: batched, each mail once, and how long it takes."""

    def _clone_layaways(self, template_order, count):
        """`count` copies of a started layaway, each with one installment due in two days (SQL, for speed)."""
        self.env.flush_all()
        columns = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'sale_order' "
                    "AND column_name NOT IN ('id', 'name', 'access_token')"
                )
            )
        ]
        column_list = SQL(", ").join(SQL.identifier(c) for c in columns)
        source_list = SQL(", ").join(SQL.identifier("s", c) for c in columns)
        new_ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    INSERT INTO sale_order (name, %(columns)s)
                    SELECT s.name || '-' || n, %(source)s
                      FROM sale_order s, generate_series(1, %(count)s) n
                     WHERE s.id = %(id)s
                    RETURNING id
                    """,
                    columns=column_list,
                    source=source_list,
                    count=count,
                    id=template_order.id,
                )
            )
        ]
        # Started a month ago: only the installment reminder is due for them.
        self.env.execute_query(
            SQL(
                "UPDATE sale_order SET layaway_start_date = %s WHERE id = ANY(%s)",
                self.today - timedelta(days=30),
                new_ids,
            )
        )
        self.env.execute_query(
            SQL(
                """
                INSERT INTO layaway_installment
                       (order_id, company_id, sequence, due_date, amount, amount_paid, amount_residual, state,
                        create_uid, write_uid, create_date, write_date)
                SELECT id, company_id, 1, %(due)s, 10.0, 0.0, 10.0, 'pending', 1, 1, now(), now()
                  FROM sale_order WHERE id = ANY(%(ids)s)
                """,
                due=self.today + timedelta(days=2),
                ids=new_ids,
            )
        )
        # Rows created by SQL in this transaction have no statistics yet; a live database has.
        self.env.execute_query(SQL("ANALYZE sale_order, layaway_installment, layaway_reminder, res_partner"))
        self.env.invalidate_all()
        return new_ids

    def test_reminder_job_on_10000_layaways(self):
        self.partner_a.email = "customer.a@example.com"
        # No freezegun here: it slows down every clock read and would distort the timing.
        self.today = fields.Date.context_today(self.env["sale.order"])
        order = self.make_layaway()
        order.action_layaway_start(90.0, journal_id=self.bank_journal.id)
        self.env["layaway.reminder"].create({"order_id": order.id, "kind": "started"})
        new_ids = self._clone_layaways(order, LAYAWAYS)
        self.assertEqual(len(new_ids), LAYAWAYS)

        batches = []
        SaleOrder = type(self.env["sale.order"])
        with patch.object(
            SaleOrder, "_layaway_commit_progress", lambda self, n: batches.append(n) or self.env.flush_all()
        ):
            profile = cProfile.Profile() if os.environ.get("LAYAWAY_BENCH_PROFILE") else None
            started = time.perf_counter()
            if profile:
                profile.enable()
            self.env["layaway.reminder"]._cron_send_reminders(batch_size=BATCH)
            if profile:
                profile.disable()
                pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
            elapsed = time.perf_counter() - started
            _logger.info(
                "Reminder job: %d reminders in %d batches of %d in %.1f s (%.2f ms each)",
                sum(batches),
                len(batches),
                BATCH,
                elapsed,
                elapsed * 1000 / LAYAWAYS,
            )
            print(f"\nreminder job: {sum(batches)} mails, {len(batches)} batches, {elapsed:.1f} s")  # noqa: T201  # pylint: disable=print-used
        self.assertEqual(batches, [BATCH] * (LAYAWAYS // BATCH) + ([LAYAWAYS % BATCH] if LAYAWAYS % BATCH else []))
        logs = self.env["layaway.reminder"].search_count([("kind", "=", "due"), ("order_id", "in", new_ids)])
        self.assertEqual(logs, LAYAWAYS)
        mails = self.env["mail.mail"].search_count([("model", "=", "layaway.installment")])
        self.assertEqual(mails, LAYAWAYS)

        # A second run the same day finds nothing left to send.
        batches.clear()
        with patch.object(SaleOrder, "_layaway_commit_progress", lambda self, n: batches.append(n)):
            self.env["layaway.reminder"]._cron_send_reminders(batch_size=BATCH)
        self.assertEqual(batches, [])
