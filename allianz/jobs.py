"""Background jobs: one runner for the network's pictures and the matcher's index, their work done in a job process.

A job is known by its key while it runs: a second start with the same key joins the running one
instead of starting the work again. At most `limit` jobs of a lane (below) run at once in a worker when the
caller gives a limit (the network's `NETWORK_MAX_JOBS`); beyond it `Full` is raised and nothing starts. Jobs of the
lane started without a limit still count towards it.

Where the work runs: not in the web worker. Each web worker process has one job process per lane (started on
first use, with "spawn": a fresh interpreter, so nothing of the worker's threads, locks or Neo4j
connections is inherited) that runs that lane's jobs one after the other at the lowest scheduling priority
(`nice` JOB_NICE for the whole process) with an app of its own on the same configuration, made by the
factory the app handed over at start-up (`init_app(app, factory)`: this module imports nothing of the
app above it). A job is a
`Task`: a module-level function and its arguments, run there inside an app context; its result comes
back through a pipe, and `then(result)` puts it in place in the worker (a thread of the worker waits
for it meanwhile without holding the GIL). So a job never holds the GIL of a worker that serves
requests, and the kernel gives the CPU to requests first. See bench/RESULTS.md ("The CPU-pinning
attack") for the figures. The job process ends after JOB_IDLE_EXIT seconds without work (its memory
is given back) and is started again by the next job; if it dies, the job fails and the next request
starts it again. Lanes (`LANES`): the network's pictures and analytics in one, the matcher's index in another, so
that the index (seconds to a minute at 100k partners) never waits behind the pictures' work (minutes there), and the
open-data files in a third (seconds at CORDIS scale; they never wait behind either).
JOB_NICE and JOB_IDLE_EXIT are settings (config.py); the constants here are their defaults.
"""
import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import threading
import time
import traceback
from contextlib import contextmanager
from typing import Callable, NamedTuple

from flask import current_app

# Defaults of the settings JOB_NICE and JOB_IDLE_EXIT (config.py reads them from the environment).
JOB_NICE = 19          # the nice value of the job process (0 is a request's, 19 the lowest priority; 0 switches it off)
JOB_IDLE_EXIT = 60.0   # seconds without work before the job process ends
EXTENSION = "allianz.jobs"  # app.extensions[EXTENSION]: the app factory the job process builds its app with
NETWORK, MATCHING, OPEN_DATA = "network", "matching", "opendata"
# each lane has its own job process per worker (and RQ queue, listened to in this order)
LANES = (MATCHING, OPEN_DATA, NETWORK)

_lock = threading.Lock()
_jobs = {}  # key -> Job (running only)
log = logging.getLogger(__name__)


class Full(Exception):
    """As many jobs as allowed run already in this worker; nothing was started."""


class Failed(Exception):
    """The job's work raised in the job process (the message holds its traceback), or the process died."""


class InProgress(Exception):
    """What was asked for is being made by a background job (the pages answer "wird berechnet"); `started` is when
    (time.monotonic()). The network's `Pending`, the matcher's and the open data's `Building` are of this kind."""

    def __init__(self, message, started):
        super().__init__(message)
        self.started = started

    @property
    def seconds(self):
        """How long the work has been running, in whole seconds."""
        return int(time.monotonic() - self.started)


def init_app(app, factory):
    """Let `app` start jobs: the job process builds its own app with `factory(config)` (a module-level function,
    so that it pickles), given by the app factory, so that this module needs nothing above it."""
    app.extensions[EXTENSION] = factory


class Task(NamedTuple):
    """Work for the job process: `function(*args)`; function, arguments and result must pickle
    (a module-level function; it runs inside an app context of the job process's own app)."""
    function: Callable
    args: tuple = ()


class Sendable:
    """A result the job process sends back (a snapshot, an index): pickled without its locks (`LOCKS`, attribute
    names), which the receiving side makes anew."""
    LOCKS = ("_memo_lock",)

    def __getstate__(self):
        """Everything but the locks."""
        state = dict(self.__dict__)
        for name in self.LOCKS:
            state.pop(name, None)
        return state

    def __setstate__(self, state):
        """The state sent, with new locks."""
        self.__dict__.update(state)
        for name in self.LOCKS:
            setattr(self, name, threading.Lock())


@contextmanager
def paused_gc():
    """Python's cyclic garbage collector paused for the block: reading, building or loading a large result (the
    matcher's index, the network's snapshot) makes some hundred thousand objects that live on, and the collections
    their making sets off would traverse them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Job:
    """One piece of background work, known by its key while it runs."""

    def __init__(self, key, what, lane=None):
        self.key = key
        self.what = what
        self.lane = lane
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


def _finish(job):
    """Forget `job` and wake whoever waits for it."""
    with _lock:
        if _jobs.get(job.key) is job:
            del _jobs[job.key]
    job.done.set()


def start(key, what, task, limit=None, then=None, lane=NETWORK):
    """Run `task` in the job process of `lane` (one of LANES), unless a job with `key` runs already; `then(result)`
    runs in this worker afterwards (in a background thread). Call it inside an app context: the job process gets
    this app's configuration.

    Returns `(job, started)`: the running job and whether this call started it. With `limit`,
    raises `Full` (starting nothing) when that many jobs of the lane run already. A failing job is logged;
    the next request starts it again.
    """
    with _lock:
        job = _jobs.get(key)
        if job is not None:
            return job, False
        if limit is not None and sum(1 for other in _jobs.values() if other.lane == lane) >= limit:
            raise Full(key)
        job = _jobs[key] = Job(key, what, lane)
    factory = current_app.extensions.get(EXTENSION)
    if factory is None:
        _finish(job)
        raise RuntimeError("this app cannot start jobs: its factory did not call allianz.jobs.init_app(app, factory)")
    config = portable_config(current_app.config)   # only for a job that starts: a joining request costs nothing

    runner = (lambda *args: queued(*args, lane=lane)) if config.get("REDIS_URL") else _workers[lane].run

    def run():
        try:
            result = runner(factory, config, task, key)
            if then is not None:
                then(result)
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


def portable_config(config):
    """The settings of `config` that can be sent to the job process (the rest stays behind)."""
    portable = {}
    for name, value in config.items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - whatever does not pickle is not needed by a job
            continue
        portable[name] = value
    return portable


class JobProcess:
    """This worker's job process: started on first use, one task at a time, started again after it ended."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None
        self._conn = None
        self._pid = None  # the worker that started it (a forked worker starts its own)

    def run(self, factory, config, task, _key=None):
        """Run `task` there in an app `factory(config)` makes (waiting for the job before it) and return its result;
        raises `Failed`. A process it starts gets its priority and idle time from `config` (JOB_NICE, JOB_IDLE_EXIT)."""
        with self._lock:
            for attempt in (1, 2):  # a second time when the process had just ended on its own
                fresh = self._ensure(config)
                try:
                    self._conn.send((factory, config, task))
                    state, value = self._conn.recv()
                    break
                except (EOFError, OSError) as error:
                    self._forget()
                    if fresh or attempt == 2:
                        raise Failed(f"the job process ended during the job ({error!r})") from None
        if state == "failed":
            raise Failed(value)
        return value

    def _ensure(self, config):
        """Start the process unless it runs (for this worker); True when it was started now."""
        if self._process is not None and self._pid == os.getpid() and self._process.is_alive():
            return False
        self._forget()
        context = multiprocessing.get_context("spawn")
        self._conn, theirs = context.Pipe()
        nice, idle_exit = config.get("JOB_NICE", JOB_NICE), config.get("JOB_IDLE_EXIT", JOB_IDLE_EXIT)
        self._process = context.Process(target=serve, args=(theirs, nice, idle_exit), name="allianz-jobs",
                                        daemon=True)
        self._process.start()
        theirs.close()
        self._pid = os.getpid()
        return True

    def _forget(self):
        """Drop the pipe and the process handle (the process ends by itself or has ended)."""
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = self._process = self._pid = None


_workers = {lane: JobProcess() for lane in LANES}

# -- several hosts: the jobs in RQ's queue on the Redis of ALLIANZ_REDIS_URL ----------------------------------
QUEUE = "allianz"            # the RQ queue of the jobs (lane "network"); `allianz jobs worker` works it off
QUEUED_POLL = 0.1            # seconds between two looks at a queued job's state
QUEUED_TIMEOUT = 30 * 60     # seconds a queued job may take (RQ's job timeout) and a worker waits for it


def queue(config, lane=NETWORK):
    """The RQ queue of `lane` on the Redis of REDIS_URL."""
    import redis  # noqa: I001 - only needed with ALLIANZ_REDIS_URL
    import rq
    name = QUEUE if lane == NETWORK else f"{QUEUE}-{lane}"
    return rq.Queue(name, connection=redis.Redis.from_url(config["REDIS_URL"]), default_timeout=QUEUED_TIMEOUT)


def queued(_factory, config, task, key, lane=NETWORK):
    """Run `task` through RQ (with REDIS_URL) instead of this worker's job process: once per key across every host
    (a second start of the same key, from any host, joins the job queued or running), done by `allianz jobs worker`
    processes at low priority; waits for it here (in the job's thread) and returns its result. Raises `Failed`."""
    from rq.job import Job as QueuedJob, JobStatus  # noqa: I001
    jobs = queue(config, lane)
    name = "allianz-" + hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    try:
        job = QueuedJob.fetch(name, connection=jobs.connection)
        if job.get_status() in (JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
            job.delete()
            raise LookupError(name)
    except Exception:  # noqa: BLE001 - none queued or running under this key (or an ended one): queue it
        job = jobs.enqueue(run_queued, task, job_id=name, result_ttl=600, failure_ttl=600)
    deadline = time.monotonic() + QUEUED_TIMEOUT
    while time.monotonic() < deadline:
        status = job.get_status(refresh=True)
        if status == JobStatus.FINISHED:
            return job.return_value()
        if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
            raise Failed(f"the queued job {name} ended as {status}")
        time.sleep(QUEUED_POLL)
    raise Failed(f"the queued job {name} did not end within {QUEUED_TIMEOUT} s")


def run_queued(task):
    """(In an `allianz jobs worker` process, inside its app context.) Run `task`."""
    return task.function(*task.args)


def work_queue(config, burst=False):
    """Work off the queues in this process (the command `allianz jobs worker`; call it inside an app context), at the
    priority JOB_NICE; with `burst`, until they are empty. The matcher's queue first: a worker free to take a job
    takes a waiting index build, then waiting open-data files, before waiting pictures."""
    import rq  # noqa: I001
    nice = config.get("JOB_NICE", JOB_NICE)
    if nice:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, nice)
        except OSError:
            pass
    queues = [queue(config, lane) for lane in LANES]
    rq.SimpleWorker(queues, connection=queues[0].connection).work(burst=burst, with_scheduler=False)


def serve(conn, nice, idle_exit):
    """The job process: lower its priority, then run each task it is sent, until idle for `idle_exit` s."""
    if nice:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, nice)
        except OSError:  # not allowed here: the jobs run at the normal priority
            pass
    apps = {}
    while conn.poll(idle_exit):
        try:
            factory, config, task = conn.recv()
        except EOFError:  # the worker has gone
            return
        try:
            try:
                conn.send(("done", _in_app(apps, factory, config, task)))
            except Exception:  # noqa: BLE001 - the worker logs it
                conn.send(("failed", traceback.format_exc()))
        except OSError:  # the worker has gone while the job ran
            return


def _in_app(apps, factory, config, task):
    """Run `task` inside an app context of the app `factory(config)` makes (one app per database, kept between
    tasks)."""
    where = tuple(config.get(name) for name in ("NEO4J_URI", "LOCAL_NEO4J_BOLT_PORT", "NEO4J_DATABASE"))
    app = apps.get(where)
    if app is None:
        app = apps[where] = factory(config)
    else:
        app.config.update(config)
    with app.app_context():
        return task.function(*task.args)
