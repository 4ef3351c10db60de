"""Background jobs: RQ on ``REDIS_URL``; what they do, their progress, their errors.

Three kinds (:data:`KINDS`):

* ``rebuild_index``: refit the matcher from the database, write a new snapshot and
  prune the change log, exactly what ``flask rebuild-index`` does
  (:func:`rebuild_index` is shared by both).
* ``fair_matches``: the fair-wide batch matching of the staff page "matching"
  (``ranking.fair_matches``: every checked-in seeker against every posting at the fair),
  written as a CSV of seeker numbers and scores that the jobs page offers for download.
* ``export``: one of a fair's exports (``services.exports``), written to a file in the
  instance folder instead of streamed; offered for download to the staff member who
  started it (the contact columns depend on that person's export permission).

A job runs inside an app context (:class:`AppWorker`), reports its progress in
``job.meta["progress"]`` (0-100) and, if it fails, its error in ``job.meta["error"]``
(the exception's type and message, never a traceback). The list of recent jobs is a
capped Redis list (``RECENT``), finished and failed jobs are kept for a week.

The nightly rebuild is an RQ scheduled job (the worker runs RQ's scheduler): the
worker schedules the next night's run when it starts, and every nightly run
schedules the one after it first. Its id carries the date, so that several
workers, or a restarted one, schedule one run a night, not several.

Without ``REDIS_URL`` there is no queue: the jobs page says so and the same work
is done by the commands (``flask rebuild-index``) or the pages themselves.
"""

from __future__ import annotations

import csv
import logging
import signal
import time
import traceback
import typing as t
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker, Worker, get_current_job
from rq.job import Job, JobStatus

if t.TYPE_CHECKING:
    from matching.matcher import Matcher

log = logging.getLogger(__name__)

QUEUE = "jobfair"
RECENT = "jobfair:jobs:recent"
KEEP_RECENT = 50
KEEP_SECONDS = 7 * 24 * 3600
FILES = "job-files"  # in the instance folder
NIGHTLY_PREFIX = "nightly-rebuild-"


class QueueUnavailable(RuntimeError):
    """No REDIS_URL, or Redis cannot be reached."""


# -- the work itself --------------------------------------------------------------
def report(done: int, total: int) -> None:
    """Record the current job's progress (a no-op outside a job); at most ~2 writes a second."""
    job = get_current_job()
    if job is None:
        return
    pct = min(100, int(100 * done / max(total, 1)))
    now = time.monotonic()
    last = job.meta.get("_saved", 0.0)
    if pct != job.meta.get("progress") and (pct == 100 or now - last >= 0.5):
        job.meta["progress"] = pct
        job.meta["_saved"] = now
        job.save_meta()


def rebuild_index(progress=None) -> tuple[Matcher, int]:
    """Refit the matcher, write its snapshot, prune the change log the snapshot holds.

    ``flask rebuild-index`` and the ``rebuild_index`` job both call this.
    Returns the matcher and how many change-log rows were pruned.
    """
    from .services.live_index import live_index

    index = live_index()
    matcher = index.rebuild(progress=progress)
    return matcher, index.prune()


def _rebuild_index() -> str:
    matcher, pruned = rebuild_index(progress=report)
    from .services.live_index import live_counts

    seekers, postings = live_counts(matcher)
    return f"{seekers} seekers, {postings} postings; {pruned} old change-log rows pruned"


def _nightly_rebuild() -> str:
    schedule_nightly(current_app, after=datetime.now(UTC) + timedelta(hours=1))
    from .services import accounts, unit_of_work

    with unit_of_work():  # kiosk slips' and mailed links, long spent
        links = accounts.prune_spent_links()
    return f"{_rebuild_index()}; {links} spent one-time links deleted"


def _job_file(job: Job, suffix: str) -> Path:
    folder = Path(current_app.instance_path) / FILES
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{job.id}.{suffix}"


def _fair_matches(fair_id: int, staff_id: int, ip: str | None = None) -> str:
    from models import User

    from .extensions import db
    from .services import fairs, ranking, unit_of_work

    job = get_current_job()
    with unit_of_work():
        staff = db.session.get(User, staff_id)
        fair = fairs.get_fair(fair_id)
        report(1, 4)
        results = ranking.fair_matches(staff, fair, k=5, ip=ip)
    report(3, 4)
    path = _job_file(job, "csv")
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow(["posting_id", "posting", "booth", "rank", "seeker_id", "score"])
        for row in results:
            for rank, (seeker, match) in enumerate(row.seekers, 1):
                title = row.posting.title
                if title[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    title = "'" + title  # never a formula in a spreadsheet
                score = f"{match.score:.3f}"
                out.writerow([row.posting.id, title, row.booth_label or "", rank, seeker.id, score])
    _remember_file(job, path, f"fair-{fair_id}-matches.csv", staff_id)
    return f"{len(results)} postings ranked"


def _export(fair_id: int, table: str, fmt: str, staff_id: int, ip: str | None = None) -> str:
    from models import User

    from .extensions import db
    from .services import exports, unit_of_work

    job = get_current_job()
    with unit_of_work():
        staff = db.session.get(User, staff_id)
        export = exports.start_export(staff, fair_id, table, fmt, ip)
    path = _job_file(job, fmt)
    with path.open("wb") as f:
        for n, chunk in enumerate(export.chunks, 1):
            f.write(chunk)
            if n % 50 == 0:
                report(min(n, 99), 100)
    _remember_file(job, path, export.filename, staff_id)
    return export.filename


def _remember_file(job: Job, path: Path, name: str, owner_id: int) -> None:
    job.meta.update(file=path.name, filename=name, owner=owner_id)
    job.save_meta()


KINDS: dict[str, t.Callable[..., str]] = {
    "rebuild_index": _rebuild_index,
    "nightly_rebuild": _nightly_rebuild,
    "fair_matches": _fair_matches,
    "export": _export,
}


def run(kind: str, *args: t.Any) -> str:
    """What RQ calls: one job of ``kind`` inside an app context; the error kept in meta."""
    if has_app_context():
        return _run(kind, args)
    from . import create_app  # a plain `rq worker`: make the app here

    with create_app().app_context():
        return _run(kind, args)


def _run(kind: str, args: tuple) -> str:
    job = get_current_job()
    if job is not None:
        job.meta.update(progress=0, error=None)
        job.save_meta()
    try:
        result = KINDS[kind](*args)
    except Exception as e:
        if job is not None:
            job.meta["error"] = error_text(e)
            job.save_meta()
        raise
    report(1, 1)
    return result


def error_text(e: BaseException) -> str:
    """What the jobs page shows of an error: type and first line of the message, cut
    short, mobile numbers masked; no traceback, no SQL, no values of the rows."""
    from sqlalchemy.exc import StatementError

    from .services.privacy import mask_phones_in

    cause = e.orig if isinstance(e, StatementError) and e.orig is not None else e
    lines = str(cause).strip().splitlines() or [traceback.format_exception_only(cause)[0]]
    message = mask_phones_in(" ".join(lines[0].split()))[:300]
    return f"{type(e).__name__}: {message}"


# -- the queue --------------------------------------------------------------------
def configured(app: Flask | None = None) -> bool:
    return bool((app or current_app).config.get("REDIS_URL"))


def connection(app: Flask | None = None) -> Redis:
    """This app's Redis client for jobs (made once); raises QueueUnavailable without one."""
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        raise QueueUnavailable("REDIS_URL is not set")
    client = app.extensions.get("jobfair.jobs_redis")
    if client is None:
        client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5)
        app.extensions["jobfair.jobs_redis"] = client
    return client


def queue(app: Flask | None = None) -> Queue:
    return Queue(QUEUE, connection=connection(app))


def enqueue(kind: str, *args: t.Any, by: int | None = None) -> Job:
    """Put a job of ``kind`` on the queue; remember it in the recent list."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    try:
        q = queue()
        job = q.enqueue(run, kind, *args, **_job_options(kind, by))
        _remember(q.connection, job.id)
    except RedisError as e:
        raise QueueUnavailable(str(e)) from e
    return job


def _job_options(kind: str, by: int | None) -> dict:
    return {
        "job_timeout": 3600,
        "result_ttl": KEEP_SECONDS,
        "failure_ttl": KEEP_SECONDS,
        "meta": {"kind": kind, "by": by, "progress": 0},
    }


def _remember(conn: Redis, job_id: str) -> None:
    with conn.pipeline() as pipe:
        pipe.lrem(RECENT, 0, job_id)
        pipe.lpush(RECENT, job_id)
        pipe.ltrim(RECENT, 0, KEEP_RECENT - 1)
        pipe.execute()


def next_night(app: Flask, after: datetime | None = None) -> datetime:
    """The next NIGHTLY_REBUILD_HOUR o'clock in the fair's time zone after ``after`` (UTC)."""
    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
    local = (after or datetime.now(UTC)).astimezone(zone)
    at = local.replace(hour=app.config.get("NIGHTLY_REBUILD_HOUR", 3), minute=0, second=0,
                       microsecond=0)  # fmt: skip
    if at <= local:
        at += timedelta(days=1)
    return at.astimezone(UTC)


def schedule_nightly(app: Flask, after: datetime | None = None) -> Job | None:
    """Schedule the next nightly rebuild unless it already is; returns the job if new."""
    when = next_night(app, after)
    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
    job_id = NIGHTLY_PREFIX + when.astimezone(zone).strftime("%Y-%m-%d")
    conn = connection(app)
    if Job.exists(job_id, connection=conn):
        return None
    job = queue(app).enqueue_at(
        when, run, "nightly_rebuild", job_id=job_id, **_job_options("nightly_rebuild", None)
    )
    _remember(conn, job.id)
    return job


def queue_lengths() -> dict[str, int]:
    """Jobs waiting, for /metrics (jobfair.metrics calls this at each scrape)."""
    if not has_app_context() or not configured():
        return {}
    try:
        return {QUEUE: queue().count}
    except RedisError as e:
        raise QueueUnavailable(str(e)) from e


def init_app(app: Flask) -> None:
    """Report the queue's length in /metrics, where both exist."""
    try:
        from . import metrics
    except ImportError:
        return
    if hasattr(metrics, "add_queue_probe"):
        metrics.add_queue_probe(queue_lengths)  # once per process: the same function


# -- reading jobs for the page ----------------------------------------------------
ACTIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED}  # the page polls for these


def recent_jobs(limit: int = KEEP_RECENT) -> list[dict]:
    """The recent jobs, newest first, as plain dicts for the page and its JSON."""
    try:
        conn = connection()
        ids = [i.decode() for i in conn.lrange(RECENT, 0, limit - 1)]
        jobs = Job.fetch_many(ids, connection=conn)
    except RedisError as e:
        raise QueueUnavailable(str(e)) from e
    return [describe(job) for job in jobs if job is not None]


def describe(job: Job) -> dict:
    status = job.get_status(refresh=False)
    state = status.value if status else "unknown"
    meta = job.meta or {}
    progress = 100 if state == JobStatus.FINISHED.value else int(meta.get("progress") or 0)
    error = meta.get("error") if state == JobStatus.FAILED.value else None
    if state == JobStatus.FAILED.value and not error:
        error = "the job stopped without an error message (killed or timed out)"
    result = job.return_value() if state == JobStatus.FINISHED.value else None
    return {
        "id": job.id,
        "kind": meta.get("kind", ""),
        "args": list(job.args[1:]) if job.args else [],
        "by": meta.get("by"),
        "state": state,
        "active": status in ACTIVE,
        "progress": progress,
        "error": error,
        "result": result if isinstance(result, str) else None,
        "file": meta.get("filename") if meta.get("file") else None,
        "owner": meta.get("owner"),
        "created_at": _iso(job.created_at),
        "scheduled_for": _iso(_scheduled_for(job)) if status == JobStatus.SCHEDULED else None,
        "ended_at": _iso(job.ended_at),
    }


def _scheduled_for(job: Job) -> datetime | None:
    try:
        from rq.registry import ScheduledJobRegistry

        registry = ScheduledJobRegistry(QUEUE, connection=job.connection)
        return registry.get_scheduled_time(job)
    except Exception:  # the registry entry vanished between the reads
        return None


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def fetch(job_id: str) -> Job | None:
    try:
        return Job.fetch(job_id, connection=connection())
    except RedisError as e:
        raise QueueUnavailable(str(e)) from e
    except Exception:  # NoSuchJobError, or an id that is not one of ours
        return None


def retry(job_id: str) -> Job | None:
    """Put a failed job back on the queue; None when it is not a failed job."""
    job = fetch(job_id)
    if job is None or job.get_status() != JobStatus.FAILED:
        return None
    job.meta.update(progress=0, error=None)
    job.save_meta()
    job.requeue()
    _remember(job.connection, job.id)
    return job


def job_file(job_id: str, user_id: int) -> tuple[Path, str] | None:
    """The file a finished job wrote, for the user who started it; else None."""
    job = fetch(job_id)
    if job is None or job.get_status() != JobStatus.FINISHED:
        return None
    meta = job.meta or {}
    if not meta.get("file") or meta.get("owner") != user_id:
        return None
    path = Path(current_app.instance_path) / FILES / meta["file"]
    return (path, meta["filename"]) if path.is_file() else None


# -- the worker -------------------------------------------------------------------
class _AppContext:
    app: Flask
    told_to_stop = False  # SIGTERM / Ctrl-C reached RQ's loop
    # RQ retries a lost Redis with a doubling pause of up to a minute: a job queued
    # meanwhile would wait that long after Redis is back
    max_connection_wait_time = 5.0

    def perform_job(self, job: Job, queue: Queue) -> bool:
        with self.app.app_context():
            return super().perform_job(job, queue)  # type: ignore[misc]

    def request_stop(self, signum, frame) -> None:
        # RQ marks a stop only when it comes during a job; when idle it just leaves
        # its loop, which :func:`work` would take for a lost Redis and start again
        self.told_to_stop = True
        super().request_stop(signum, frame)  # type: ignore[misc]


class AppWorker(_AppContext, Worker):
    """RQ's forking worker (one child per job: a crash or leak ends with the job) that
    runs each job inside the app's context."""


class SimpleAppWorker(_AppContext, SimpleWorker):
    """The same, in this process (tests)."""


def wait_for_redis(app: Flask, say=log.warning, every: float = 2.0) -> None:
    """Return once Redis answers; say so once if it does not at first."""
    client = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=1)
    told = False
    while True:
        try:
            client.ping()
            client.close()
            return
        except RedisError as e:
            if not told:
                say(f"Redis is unreachable ({type(e).__name__}); waiting for it to return")
                told = True
            time.sleep(every)


def work(app: Flask, burst: bool = False) -> None:
    """Run a worker until it is told to stop (SIGTERM, Ctrl-C). RQ's loop retries a
    lost Redis itself (every 5 s at most); when it ends for another reason (a Redis
    timeout, Redis lost while starting or tearing down), wait for Redis and start a new
    one, so queued jobs run once it is back."""
    while True:
        wait_for_redis(app)
        worker = make_worker(app)
        try:
            schedule_nightly(app)  # again after a restart: a Redis without disk forgets
            worker.work(burst=burst, with_scheduler=True)
        except RedisError as e:  # lost during start-up or tear-down
            log.warning("worker lost Redis (%s)", type(e).__name__)
        finally:  # RQ's handlers belong to the loop that ended: a stop now ends at once
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
        if burst or worker.told_to_stop or getattr(worker, "_stop_requested", False):
            return
        time.sleep(1)


def make_worker(app: Flask, simple: bool = False) -> Worker:
    cls = SimpleAppWorker if simple else AppWorker
    # the worker's own connection: no socket timeout, its BLPOP waits for jobs
    conn = Redis.from_url(app.config["REDIS_URL"])
    worker = cls([Queue(QUEUE, connection=conn)], connection=conn)
    worker.app = app
    return worker
