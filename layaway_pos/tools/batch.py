"""Batches of a scheduled job: commit each one, and stop when the scheduler's time is up.

Odoo's scheduler gives a job run a time (``cron_end_time`` in the context, 10 seconds and at
least 10 calls of the job); ``ir.cron._commit_progress`` commits a batch and says how much of
that time is left. A job that stops there and reports what is left is run again at once,
by the next free cron worker: no run lasts long enough to be killed by ``limit_time_real_cron``
(120 seconds by default) in the middle of a batch, and other jobs get their turn in between.
"""

import threading
import time


def _testing():
    """Inside a test's transaction, which must stay whole: nothing is committed."""
    return getattr(threading.current_thread(), "testing", False)


def commit_progress(env, processed):
    """Commit the batch just done (through ir.cron, which also reports progress).

    Returns whether the job may go on with another batch. Inside tests nothing is committed:
    the batch is only flushed, so the next batch's search sees it, and the time left is read
    from the context as ir.cron reads it.
    """
    if _testing():
        env.flush_all()
        return env.context.get("cron_end_time", float("inf")) > time.monotonic()
    return env["ir.cron"]._commit_progress(processed) > 0


def report_remaining(env, remaining):
    """The job stopped for time with ``remaining`` records of its current step left: the
    scheduler runs it again at once. At least 1 is reported, as the job's later steps (not
    counted) may have work even when the current one has none left."""
    if not _testing():
        env["ir.cron"]._commit_progress(remaining=max(remaining, 1))
