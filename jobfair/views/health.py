"""For load balancers and monitoring: /healthz, /readyz and /metrics.

All three are cheap, exempt from rate limits, never cached and never set a
cookie; none names a version or repeats an exception's text.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, jsonify
from sqlalchemy import text

from .. import metrics
from ..access import public
from ..extensions import db, limiter

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)
limiter.exempt(bp)

PROBE_TIMEOUT_SECONDS = 2


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@public
def healthz():
    """The process is alive and answers; nothing else is touched."""
    return Response("ok\n", mimetype="text/plain")


@bp.get("/readyz")
@public
def readyz():
    """The database answers ``SELECT 1`` and Redis (where REDIS_URL is set) answers PING.

    200 when all do; 503 naming the dependency that does not.
    """
    checks = {"database": _database_ok()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis_ok()
    ready = all(checks.values())
    body = {
        "status": "ready" if ready else "unavailable",
        "checks": {name: "ok" if ok else "down" for name, ok in checks.items()},
    }
    return jsonify(body), 200 if ready else 503


@bp.get("/metrics")
@public
def prometheus_metrics():
    """Prometheus' text format; loopback or the bearer token only, else 404."""
    if not metrics.may_read_metrics():
        abort(404)
    data, content_type = metrics.exposition()
    return Response(data, content_type=content_type)


def _database_ok() -> bool:
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception as exc:  # any failure means "not ready"; its text may hold the URL
        log.warning("readyz: database unreachable (%s)", type(exc).__name__)
        return False


def _redis_ok() -> bool:
    try:
        return bool(_redis().ping())
    except Exception as exc:
        log.warning("readyz: redis unreachable (%s)", type(exc).__name__)
        return False


def _redis():
    """One client per app, made on the first probe (not in the factory)."""
    client = current_app.extensions.get("jobfair.health_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(
            current_app.config["REDIS_URL"],
            socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
            socket_timeout=PROBE_TIMEOUT_SECONDS,
        )
        current_app.extensions["jobfair.health_redis"] = client
    return client
