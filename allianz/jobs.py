"""Background jobs of one worker process: one runner for the network's pictures and the matcher's index.

A job is known by its key while it runs: a second start with the same key joins the running one
instead of starting the work again. At most `limit` jobs run at once in a worker when the caller
gives a limit (the network's `NETWORK_MAX_JOBS`); beyond it `Full` is raised and nothing starts.
Jobs started without a limit (the matcher's one index build per graph) still count towards it.

Jobs run at a lower priority than requests: each job's thread lowers its own scheduling priority
(Linux: `nice` JOB_NICE of that thread alone, through its native thread id), so that on a busy
machine the kernel gives the CPU to the request threads and to the other workers first. See
bench/RESULTS.md ("The CPU-pinning attack") for what that and the cap do to `/healthz` under attack.
"""
import logging
import os
import threading
import time

# The nice value of a job's thread (0 is a request's, 19 the lowest priority; ALLIANZ_JOB_NICE=0 switches it off).
JOB_NICE = int(os.environ.get("ALLIANZ_JOB_NICE", "19"))

_lock = threading.Lock()
_jobs = {}  # key -> Job (running only)
log = logging.getLogger(__name__)


class Full(Exception):
    """As many jobs as allowed run already in this worker; nothing was started."""


class Job:
    """One piece of background work, known by its key while it runs."""

    def __init__(self, key, what):
        self.key = key
        self.what = what
        self.started = time.monotonic()
        self.done = threading.Event()


def running(key):
    """The job running under `key`, or None."""
    with _lock:
        return _jobs.get(key)


def count():
    """How many jobs run in this worker now."""
    with _lock:
        return len(_jobs)


def lower_priority():
    """Lower the calling thread's scheduling priority to JOB_NICE (where the system allows it)."""
    if not JOB_NICE:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), JOB_NICE)
    except (AttributeError, OSError):  # not Linux, or not allowed: the job runs at the normal priority
        pass


def _finish(job):
    """Forget `job` and wake whoever waits for it."""
    with _lock:
        if _jobs.get(job.key) is job:
            del _jobs[job.key]
    job.done.set()


def start(key, what, work, limit=None):
    """Run `work()` in a background thread at low priority, unless a job with `key` runs already.

    Returns `(job, started)`: the running job and whether this call started it. With `limit`,
    raises `Full` (starting nothing) when that many jobs run already. A failing job is logged;
    the next request starts it again.
    """
    with _lock:
        job = _jobs.get(key)
        if job is not None:
            return job, False
        if limit is not None and len(_jobs) >= limit:
            raise Full(key)
        job = _jobs[key] = Job(key, what)

    def run():
        lower_priority()
        try:
            work()
        except Exception:  # noqa: BLE001 - logged; the next request starts it again
            log.exception("background job %r (%s) failed", key, what)
        finally:
            _finish(job)
    threading.Thread(target=run, name=f"job-{what}", daemon=True).start()
    return job, True


def run_here(key, what, work):
    """Run `work()` in the calling thread unless a job with `key` runs already (then wait for that one);
    known as running meanwhile, so that nobody starts it twice."""
    with _lock:
        job = _jobs.get(key)
        mine = job is None
        if mine:
            job = _jobs[key] = Job(key, what)
    if not mine:
        job.done.wait()
        return
    try:
        work()
    finally:
        _finish(job)


def wait_idle(timeout=60, kind=None):
    """Wait until no job runs (only those whose key starts with `kind`, if given); True when idle."""
    def busy():
        with _lock:
            return [job for key, job in _jobs.items() if kind is None or key[0] == kind]
    deadline = time.monotonic() + timeout
    while (jobs := busy()) and time.monotonic() < deadline:
        jobs[0].done.wait(max(0.0, deadline - time.monotonic()))
    return not busy()
