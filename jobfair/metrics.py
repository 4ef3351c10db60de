"""Prometheus metrics: requests per endpoint, matcher and kiosk lookup times, queue lengths.

One process (``flask run``): the default registry. Several gunicorn workers: set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory *before* the app (and so
prometheus_client) is imported; every worker then writes its samples there and
``/metrics``, answered by any worker, adds up all of them. When a worker exits,
gunicorn's ``child_exit`` hook calls :func:`mark_worker_dead` so that its live
gauges are dropped.

Labels are bounded: the Flask endpoint name (never the URL, whose ids are
unbounded), the status class (``2xx`` ...), the matcher query's name and the
queue's name.

``/metrics`` itself (views/health.py) answers only loopback clients that did not
come through a proxy, or a request with ``Authorization: Bearer <METRICS_TOKEN>``.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from flask import Flask, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

log = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
TOKEN_ENV = "JOBFAIR_METRICS_TOKEN"

# seconds; pages should answer within 0.3 s, a full ranking in a few seconds at worst
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.3, 0.5, 1, 2.5, 5, 10)

REQUESTS = Counter(
    "jobfair_http_requests",
    "HTTP requests answered, by Flask endpoint and status class.",
    ["endpoint", "status"],
)
REQUEST_SECONDS = Histogram(
    "jobfair_http_request_duration_seconds",
    "Time from the start of the request to the response, by Flask endpoint.",
    ["endpoint"],
    buckets=LATENCY_BUCKETS,
)
MATCHER_SECONDS = Histogram(
    "jobfair_matcher_query_duration_seconds",
    "Time the matcher took for one ranking query.",
    ["query"],
    buckets=LATENCY_BUCKETS,
)
LOOKUP_SECONDS = Histogram(
    "jobfair_kiosk_lookup_duration_seconds",
    "Time the kiosk's person lookup took for one query.",
    buckets=LATENCY_BUCKETS,
)
QUEUE_LENGTH = Gauge(
    "jobfair_queue_length",
    "Jobs waiting in a background queue, as last seen by any process.",
    ["queue"],
    multiprocess_mode="mostrecent",
)


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


# -- recording ------------------------------------------------------------------------------


@contextmanager
def matcher_timer(query: str) -> Iterator[None]:
    """Time one matcher query: ``with matcher_timer("rank_postings"): ...``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        MATCHER_SECONDS.labels(query).observe(time.perf_counter() - start)


@contextmanager
def lookup_timer() -> Iterator[None]:
    """Time one kiosk person lookup."""
    start = time.perf_counter()
    try:
        yield
    finally:
        LOOKUP_SECONDS.observe(time.perf_counter() - start)


def set_queue_length(name: str, n: int) -> None:
    """The number of jobs waiting in queue ``name`` (fed by the RQ side)."""
    QUEUE_LENGTH.labels(name).set(n)


QueueProbe = Callable[[], Mapping[str, int]]
_queue_probes: list[QueueProbe] = []


def add_queue_probe(probe: QueueProbe) -> None:
    """Call ``probe()`` (``{queue name: jobs waiting}``) at every scrape of /metrics,
    so that the queue gauge is current when read; a probe that fails (Redis down)
    leaves the last values."""
    if probe not in _queue_probes:
        _queue_probes.append(probe)


def _run_queue_probes() -> None:
    for probe in _queue_probes:
        try:
            lengths = probe()
        except Exception as exc:  # Redis down: /metrics still answers
            log.warning("queue length probe failed (%s)", type(exc).__name__)
            continue
        for name, n in lengths.items():
            set_queue_length(name, n)


def mark_worker_dead(pid: int) -> None:
    """gunicorn's ``child_exit(server, worker)``: drop the dead worker's live gauges."""
    if multiprocess():
        from prometheus_client import multiprocess as mp

        mp.mark_process_dead(pid)


# -- serving --------------------------------------------------------------------------------


def exposition() -> tuple[bytes, str]:
    """The metrics text of this process, or of every process in multiprocess mode."""
    _run_queue_probes()
    if multiprocess():
        from prometheus_client import multiprocess as mp

        registry = CollectorRegistry()
        mp.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


_FORWARDING_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded", "X-Forwarded-Host")


def _loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode(), token.encode())


def may_read_metrics() -> bool:
    """A loopback client that no proxy forwarded, or the right bearer token.

    The socket's own peer address counts (before ProxyFix rewrote it), and a request
    carrying any forwarding header is a proxied one: through a reverse proxy on the
    same machine, an outside client would otherwise look like loopback.
    """
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and _same(given.strip(), token):
            return True
    original = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR")
    peer = original or request.environ.get("REMOTE_ADDR")
    if not (_loopback(peer) and _loopback(request.remote_addr)):
        return False
    return not any(name in request.headers for name in _FORWARDING_HEADERS)


def init_app(app: Flask) -> None:
    if not app.config.get("METRICS_TOKEN") and os.environ.get(TOKEN_ENV):
        app.config["METRICS_TOKEN"] = os.environ[TOKEN_ENV]

    def start_timer() -> None:
        g.metrics_start = time.perf_counter()

    # first, so that the time includes the other hooks (session, login, limits)
    app.before_request_funcs.setdefault(None, []).insert(0, start_timer)

    @app.after_request
    def count_request(response):
        endpoint = request.endpoint or "none"  # an unknown URL: one label, not the URL
        REQUESTS.labels(endpoint, f"{response.status_code // 100}xx").inc()
        start = g.pop("metrics_start", None)
        if start is not None:
            REQUEST_SECONDS.labels(endpoint).observe(time.perf_counter() - start)
        return response
