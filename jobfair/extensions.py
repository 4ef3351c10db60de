"""Unbound extensions, bound to an app in create_app()."""

from __future__ import annotations

import logging
import typing as t
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, current_app, has_request_context
from flask.globals import app_ctx, request_ctx
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, Select, create_engine, event, func, select
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, scoped_session, sessionmaker

log = logging.getLogger(__name__)
_WROTE = "jobfair.flushed_writes"


class _AppBoundSession(Session):
    """A session that uses the engine of the current Flask app."""

    def get_bind(self, mapper=None, clause=None, **kwargs):  # noqa: D401
        return current_app.extensions["jobfair.db"]

    def has_unsaved_writes(self) -> bool:
        """True when this session flushed or holds changes that no commit has ended."""
        return bool(
            self.info.get(_WROTE)
            or self.new
            or self.deleted
            or any(self.is_modified(obj) for obj in self.dirty)
        )


@event.listens_for(_AppBoundSession, "after_flush")
def _remember_flushed_writes(session: Session, flush_context) -> None:
    session.info[_WROTE] = True


@event.listens_for(_AppBoundSession, "after_transaction_end")
def _forget_flushed_writes(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction committed or rolled back
        session.info.pop(_WROTE, None)


class UncommittedWrites(RuntimeError):
    """A request changed the database outside a unit of work (a bug: the change is lost)."""


def _context_id() -> int:
    """One session per request, or per app context outside requests (CLI, tests)."""
    if has_request_context():
        return id(request_ctx._get_current_object())
    return id(app_ctx._get_current_object())


class Database:
    """Plain SQLAlchemy wired to Flask: one engine per app, one session per app context."""

    def __init__(self) -> None:
        self.session: scoped_session[Session] = scoped_session(
            sessionmaker(class_=_AppBoundSession, expire_on_commit=False),
            scopefunc=_context_id,
        )

    def init_app(self, app: Flask) -> None:
        app.extensions["jobfair.db"] = make_engine(app.config["SQLALCHEMY_DATABASE_URI"])

        @app.teardown_request
        def end_request(exc: BaseException | None) -> None:
            lost = self.session.registry.has() and self.session().has_unsaved_writes()
            self.end_session()
            if lost and exc is None:
                log.error("request ended with writes outside a unit of work; rolled back")
                if app.config.get("TESTING"):
                    raise UncommittedWrites(
                        "the request wrote to the database outside `with unit_of_work():`"
                    )

        @app.teardown_appcontext
        def remove_session(exc: BaseException | None) -> None:
            self.end_session()

    def end_session(self) -> None:
        """Close this context's session (rolling back what no commit ended). If the
        database cut the connection meanwhile (it stopped or restarted just after the
        answer was ready), there is nothing left to roll back: the answer stands, and
        the pool has already dropped the connection."""
        try:
            self.session.remove()
        except DBAPIError as e:
            if not (isinstance(e, OperationalError | InterfaceError) or e.connection_invalidated):
                raise
            self.session.registry.clear()
            log.warning("database connection lost while ending a request; nothing to roll back")

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """Commit everything the block changed, or, if it raises, nothing.

        Services change the session and flush; the caller (a view, a command)
        ends the request's work with one commit here, so that an error anywhere
        rolls back all of it, audit entries and notifications included.
        """
        session = self.session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    @property
    def engine(self) -> Engine:
        return current_app.extensions["jobfair.db"]


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, connection_record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    # hide_parameters: error logs must not carry names and phone numbers. While the
    # database is down or unreachable a request fails within seconds (a 503 page,
    # jobfair.errors) instead of hanging: connecting gives up after 3 s, waiting for a
    # pooled connection after 10 s; pre-ping drops connections a restart has cut.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_timeout=10,
        connect_args={"connect_timeout": 3},
        hide_parameters=True,
    )


@dataclass
class Page:
    """One page of a query's results."""

    items: list[t.Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(session: Session, stmt: Select, page: int, per_page: int) -> Page:
    """Run ``stmt`` for one page; out-of-range pages are clamped."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, total=total, page=page, per_page=per_page)


db = Database()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
