"""Batches of a scheduled job: commit each one, so a long run keeps its progress."""

import threading


def commit_progress(env, processed):
    """Commit the batch just done (through ir.cron, which also reports progress).

    Inside tests nothing is committed (the test's transaction must stay whole): the batch
    is only flushed, so the next batch's search sees it.
    """
    if getattr(threading.current_thread(), "testing", False):
        env.flush_all()
        return
    env["ir.cron"]._commit_progress(processed)
