# Run inside `odoo-bin shell` by stress.py, scenario d: the daily job then the reminders job, as their
# crons run them, in small batches. stress.py kills this process with SIGKILL in the middle of a batch
# and runs it again.
#
# Outside a cron run, ir.cron._commit_progress has no progress record in its context and simply
# commits (odoo/addons/base/models/ir_cron.py), so the batches commit from a shell as they do in
# the cron worker. Each batch is flushed, then held open LAYAWAY_STRESS_PAUSE seconds before its
# commit, so that the kill lands while a batch is written but not committed; the log file says which.
import os
import time

env = env  # noqa: F821, PLW0127 (provided by odoo shell)
batch_size = int(os.environ.get("LAYAWAY_STRESS_BATCH", "4"))
pause = float(os.environ.get("LAYAWAY_STRESS_PAUSE", "0.3"))
log = open(os.environ["LAYAWAY_STRESS_JOB_LOG"], "a", buffering=1)  # noqa: SIM115 (open until killed)
IrCron = type(env["ir.cron"])
commit_progress = IrCron._commit_progress
batches = 0


def slow_commit_progress(self, processed=0, **kwargs):
    global batches  # noqa: PLW0603
    self.env.flush_all()
    batches += 1
    log.write(f"pid {os.getpid()} batch {batches}: {processed} written, not committed\n")
    time.sleep(pause)
    result = commit_progress(self, processed, **kwargs)
    log.write(f"pid {os.getpid()} batch {batches}: committed\n")
    return result


IrCron._commit_progress = slow_commit_progress
log.write(f"pid {os.getpid()} {time.strftime('%X')} daily job\n")
env["sale.order"]._cron_layaway_daily(batch_size=batch_size)
log.write(f"pid {os.getpid()} {time.strftime('%X')} reminders job\n")
env["layaway.reminder"]._cron_send_reminders(batch_size=batch_size)
env.cr.commit()
log.write(f"pid {os.getpid()} {time.strftime('%X')} done\n")
