"""gunicorn settings for `make serve` (``gunicorn -c gunicorn.conf.py wsgi:app``).

Every setting can be changed from the environment without editing this file:

JOBFAIR_BIND      address to listen on (default 127.0.0.1:8000; a reverse proxy in front)
JOBFAIR_WORKERS   worker processes (default 2 x cores + 1, at most 9)
JOBFAIR_TIMEOUT   seconds a worker may spend on one request before it is killed (default 60)
JOBFAIR_GRACEFUL  seconds a worker gets to finish its requests on restart/stop (default 30)
JOBFAIR_MAX_REQUESTS  requests after which a worker is replaced (default 2000, 0: never)
JOBFAIR_WARM_UP   1 (default): each worker loads the ranking kernels and the matcher
                  index before it takes its first request, then takes what it loaded
                  out of Python's cyclic garbage collection (gc.freeze); 0: on first use
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip().isdigit() else default


bind = os.environ.get("JOBFAIR_BIND", "127.0.0.1:8000")

# Worker class: "sync", one request at a time per process, on purpose.
# * The matcher (jobfair/services/live_index.py) is one object per process that a
#   request first brings up to date from the change log (upserts change its arrays in
#   place) and then ranks with. Under gthread, one thread's catch-up could change
#   arrays that another thread is reading; sync workers never share the index.
# * The ranking kernels are numba `parallel=True` code: each call already uses every
#   core, so threads in a worker would add contention, not throughput.
# * Requests are short (a ranked page well under a second); slow clients and
#   keep-alive are a reverse proxy's job (nginx in front buffers them).
worker_class = "sync"
# Several workers share the cores, so a kernel's OpenMP threads must not spin waiting
# for work between calls (libgomp's default spins for a while, CPU another worker's
# request could use): they sleep at once. Read when a worker first loads OpenMP.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# 2 x cores + 1 keeps both cores busy while some workers wait on PostgreSQL. Capped:
# each worker holds its own matcher index (tens of MB at 100k seekers) and its own
# database connections (pool of 5 + overflow), so more workers mostly cost memory.
workers = _int("JOBFAIR_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9))

# The fair-wide matching page and a cold index load take a few seconds; nothing
# interactive should take a minute. Long work (full rebuilds, batch matching) runs
# in the RQ worker (`make worker`), not here.
timeout = _int("JOBFAIR_TIMEOUT", 60)
graceful_timeout = _int("JOBFAIR_GRACEFUL", 30)
# Replace workers now and then (memory growth in a long-lived process); the jitter
# keeps all workers from restarting in the same second.
max_requests = _int("JOBFAIR_MAX_REQUESTS", 2000)
max_requests_jitter = max(max_requests // 10, 0)

# preload_app: the master imports the app once (Flask, SQLAlchemy, numpy, scipy,
# scikit-learn, numba: well over 100 MB) and forks the workers, which share those
# pages copy-on-write, and a broken app fails at start instead of in every worker.
# What the master must NOT do is run a ranking kernel or load the matcher index:
# numba uses GNU OpenMP (its "omp" threading layer) here, and a process forked after
# OpenMP started is terminated on its first parallel kernel ("fork() called from a
# process already using GNU OpenMP, this is unsafe" - tried). So the index and the
# kernels are loaded per worker, after the fork (post_worker_init below). The master
# opens no database connection either, so no socket is shared across the fork.
# (A code change needs a restart, not a HUP, with preload.)
preload_app = True

# Prometheus multiprocess mode (jobfair/metrics.py): every worker writes its counters
# to files in this directory, which must exist and be empty before the workers start.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="jobfair-prometheus-")

errorlog = "-"
loglevel = os.environ.get("JOBFAIR_LOG_LEVEL", "info").lower()
accesslog = None  # the app writes one access line per request itself (jobfair.logs)
try:  # gunicorn's own lines in the app's format (JSON in production) and masking
    from jobfair.logs import gunicorn_logconfig_dict

    logconfig_dict = gunicorn_logconfig_dict()
except ImportError:
    pass
proc_name = "jobfair"


def post_worker_init(worker):
    """Warm this worker: compile/load the numba kernels, the matcher index (snapshot
    plus change log) and the kiosk's person index, so that its first ranked page and
    its first kiosk search are as fast as the others."""
    if os.environ.get("JOBFAIR_WARM_UP", "1") == "0":
        return
    import time

    started = time.perf_counter()
    seekers = postings = 0
    try:
        from matching.matcher import warm_up

        warm_up()
        worker.notify()  # each step tells the master this worker is alive (timeout)
        app = worker.wsgi
        if hasattr(app, "app_context"):
            from jobfair.services.live_index import live_counts, live_index

            with app.app_context():
                seekers, postings = live_counts(live_index().current())
                worker.notify()
                # the kiosk's person lookup too: at 100k seekers its first build takes
                # seconds, which a fair-day kiosk must not wait for after a restart
                app.extensions["jobfair.people"].current()
            worker.notify()
        frozen = freeze_long_lived()
        worker.log.info(
            "worker %s ready in %.1f s: matcher of %d seekers and %d postings; "
            "%d long-lived objects out of garbage collection",
            worker.pid, time.perf_counter() - started, seekers, postings, frozen,
        )  # fmt: skip
    except Exception:  # a worker that cannot warm up still serves; it loads on first use
        worker.log.exception("warm-up failed; the matcher loads on first use")


def freeze_long_lived() -> int:
    """Take every object alive now out of Python's cyclic garbage collection; return
    how many. Called once a worker has loaded what it keeps for its whole life (the
    libraries, the app, the matcher index, the kiosk's person index). A full
    collection walks every tracked object, and one falls into whichever request
    happens to trigger it: with the app loaded that took ~0.2 s, with a 1M-seeker
    matcher alone ~50 ms (bench/README.md), so a page that takes 10 ms now and then
    took 60-200 ms. Frozen objects that later become garbage are freed by reference
    counting as before; only cycles among them wait for the worker's replacement
    (max_requests)."""
    import gc

    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def child_exit(server, worker):
    """A worker died or was replaced: drop its live gauges from the metrics."""
    try:
        from jobfair.metrics import mark_worker_dead
    except ImportError:
        return
    mark_worker_dead(worker.pid)
