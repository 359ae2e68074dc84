"""Run inside `odoo-bin shell` by stress.py, scenario d: the daily job then the reminders job, as their
crons run them, in small batches. stress.py kills this process with SIGKILL in the middle of a batch
and runs it again.

Outside a cron run, ir.cron._commit_progress has no progress record in its context and simply
commits (odoo/addons/base/models/ir_cron.py), so the batches commit from a shell as they do in
the cron worker. Each batch is flushed, then held open LAYAWAY_STRESS_PAUSE seconds before its
commit, so that the kill lands while a batch is written but not committed; the log file says which.
"""

import itertools
import os
import time

env = globals()["env"]  # provided by odoo shell
batch_size = int(os.environ.get("LAYAWAY_STRESS_BATCH", "4"))
pause = float(os.environ.get("LAYAWAY_STRESS_PAUSE", "0.2"))
IrCron = type(env["ir.cron"])
commit_progress = IrCron._commit_progress
batch_numbers = itertools.count(1)


def log(text):
    """One line of the job log, written at once (the process may be killed the next instant)."""
    with open(os.environ["LAYAWAY_STRESS_JOB_LOG"], "a", encoding="utf-8") as log_file:
        log_file.write(f"pid {os.getpid()} {text}\n")


def slow_commit_progress(self, processed=0, **kwargs):
    """ir.cron._commit_progress, after the batch is flushed and held open a moment."""
    number = next(batch_numbers)
    self.env.flush_all()
    log(f"batch {number}: {processed} written, not committed")
    time.sleep(pause)
    result = commit_progress(self, processed, **kwargs)
    log(f"batch {number}: committed")
    return result


IrCron._commit_progress = slow_commit_progress
log(f"{time.strftime('%X')} daily job")
env["sale.order"]._cron_layaway_daily(batch_size=batch_size)
log(f"{time.strftime('%X')} reminders job")
env["layaway.reminder"]._cron_send_reminders(batch_size=batch_size)
env.cr.commit()
log(f"{time.strftime('%X')} done")
