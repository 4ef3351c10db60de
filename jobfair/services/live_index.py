"""The matcher index of this process, kept current through the change log.

Every change to a seeker or posting writes an ``IndexChange`` row in the same
transaction. Before answering a ranking, the process applies the rows it has
not seen yet (a primary-key range query; each upsert takes well under a
millisecond), so several gunicorn workers, or several hosts on one database,
never serve a profile older than the request itself.

At start a process loads the snapshot ``instance/matcher.npz`` (with the
change-log position it was taken at, in ``matcher.json``) and replays the
changes after it; without a usable snapshot it fits from the database and
writes one. ``flask rebuild-index`` refits in full and writes a new snapshot;
``flask rebuild-index --if-stale`` (what ``make run`` does) refits only when the
snapshot is missing, of an older format, behind a pruned change log or not of
this database, and otherwise loads it and replays the change log.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from matching.matcher import Matcher
from models import IndexChange, Posting, SeekerProfile

from ..extensions import db
from .documents import posting_doc, seeker_doc

log = logging.getLogger(__name__)
SEEKER, POSTING = "seeker", "posting"


def seeker_changed(seeker_id: int) -> None:
    """Log that a seeker changed or went away; the caller commits."""
    db.session.add(IndexChange(kind=SEEKER, entity_id=seeker_id))


def posting_changed(posting_id: int) -> None:
    db.session.add(IndexChange(kind=POSTING, entity_id=posting_id))


def employer_changed(employer_id: int) -> None:
    """An employer's verification changed: all its postings change with it."""
    ids = db.session.scalars(select(Posting.id).where(Posting.employer_id == employer_id))
    for posting_id in ids:
        posting_changed(posting_id)


class LiveIndex:
    """One process's matcher, its change-log cursor and a lock."""

    def __init__(self, folder: str, save_snapshots: bool = True) -> None:
        self.snapshot = Path(folder) / "matcher.npz"
        self.snapshot_meta = Path(folder) / "matcher.json"
        self.save_snapshots = save_snapshots
        self.matcher: Matcher | None = None
        self.cursor = 0
        self.lock = threading.RLock()

    def current(self) -> Matcher:
        """The matcher with every logged change applied."""
        with self.lock:
            if self.matcher is None:
                self._load_or_build()
            elif self._missed_pruned_changes():
                self.matcher = None
                self._load_or_build()
            self._catch_up()
            return self.matcher

    def rebuild(self, progress: Callable[[int, int], object] | None = None) -> Matcher:
        with self.lock:
            self.matcher = None
            self._build(progress)
            return self.matcher

    def load_if_current(self) -> tuple[int, str]:
        """Load the snapshot and replay the change log after it, if the snapshot is current.

        Returns ``(changes replayed, "")`` on success, else ``(0, why)`` with the
        reason it cannot be used (missing, older format, change log pruned past
        it, not of this database); the caller then refits with :meth:`rebuild`.
        """
        with self.lock:
            self.matcher = None
            why = self._snapshot_unusable()
            if why:
                return 0, why
            try:
                matcher = Matcher.load(self.snapshot)
            except ValueError as e:  # matching.snapshot refuses another format
                return 0, f"older format ({e})" if "format" in str(e) else str(e)
            except OSError as e:
                return 0, f"unreadable ({e})"
            self.matcher, self.cursor = matcher, self._meta()["cursor"]
            replayed = self._catch_up()
            held, in_db = live_counts(matcher), self._database_counts()
            if held != in_db:
                self.matcher = None
                return 0, (
                    f"not of this database (it holds {held[0]} seekers and {held[1]} postings, "
                    f"the database {in_db[0]} and {in_db[1]})"
                )
            return replayed, ""

    def discard_snapshot(self) -> None:
        """Forget the snapshot on disk (the database it was made from was replaced)."""
        for path in (self.snapshot_meta, self.snapshot):
            path.unlink(missing_ok=True)

    def prune(self, older_than: timedelta = timedelta(days=1)) -> int:
        """Delete change-log rows that the current snapshot already holds and that are
        older than ``older_than``; a worker still behind them reloads the snapshot."""
        if self.matcher is None or not self.save_snapshots:
            return 0
        # The newest row always stays: SQLite reuses the ids of an emptied table,
        # and a new change numbered at or below a worker's cursor would never reach it.
        newest = db.session.scalar(select(func.max(IndexChange.id))) or 0
        result = db.session.execute(
            delete(IndexChange).where(
                IndexChange.id <= self.cursor,
                IndexChange.id < newest,
                IndexChange.at < datetime.now(UTC) - older_than,
            )
        )
        db.session.commit()
        return result.rowcount or 0

    # -- internals -----------------------------------------------------------
    def _meta(self) -> dict:
        meta = json.loads(self.snapshot_meta.read_text())
        if not isinstance(meta.get("cursor"), int):
            raise ValueError("no change-log cursor")
        return meta

    def _snapshot_unusable(self) -> str:
        """Why the snapshot on disk cannot be loaded and replayed, or "" when it can."""
        if not (self.snapshot.exists() and self.snapshot_meta.exists()):
            return "missing"
        try:
            cursor = self._meta()["cursor"]
        except (OSError, ValueError) as e:
            return f"unreadable ({e})"
        oldest, newest = db.session.execute(
            select(func.min(IndexChange.id), func.max(IndexChange.id))
        ).one()
        if oldest is not None and oldest > cursor + 1:
            return "behind the change log (changes after it were pruned)"
        if newest is not None and newest < cursor:
            return "not of this database (its change-log position is ahead of the log)"
        return ""

    def _database_counts(self) -> tuple[int, int]:
        return (
            db.session.scalar(select(func.count()).select_from(SeekerProfile)) or 0,
            db.session.scalar(select(func.count()).select_from(Posting)) or 0,
        )

    def _load_or_build(self) -> None:
        _replayed, why = self.load_if_current()
        if why:
            if why != "missing":
                log.warning("matcher snapshot %s; refitting", why)
            self._build(None)

    def _missed_pruned_changes(self) -> bool:
        """True when rows this process has not applied were pruned after a newer snapshot."""
        oldest = db.session.scalar(select(func.min(IndexChange.id)))
        if oldest is not None and oldest <= self.cursor + 1:
            return False  # nothing we still need was pruned
        try:
            return json.loads(self.snapshot_meta.read_text())["cursor"] > self.cursor
        except (OSError, ValueError, KeyError):
            return False

    def _build(self, progress) -> None:
        # Read the cursor first: changes made during the fit are replayed after it.
        cursor = db.session.scalar(select(func.max(IndexChange.id))) or 0
        seekers = db.session.scalars(
            select(SeekerProfile).options(selectinload(SeekerProfile.user))
        )
        postings = db.session.scalars(select(Posting).options(selectinload(Posting.employer)))
        matcher = Matcher(n_jobs=1).fit(
            [seeker_doc(s) for s in seekers], [posting_doc(p) for p in postings], progress=progress
        )
        self.matcher, self.cursor = matcher, cursor
        if self.save_snapshots:
            self._save()

    def _save(self) -> None:
        self.snapshot.parent.mkdir(parents=True, exist_ok=True)
        self.matcher.save(self.snapshot)
        tmp = self.snapshot_meta.with_suffix(".tmp")
        tmp.write_text(json.dumps({"cursor": self.cursor}))
        tmp.replace(self.snapshot_meta)

    def _catch_up(self) -> int:
        """Apply the logged changes after the cursor; return how many rows were read."""
        rows = db.session.execute(
            select(IndexChange.id, IndexChange.kind, IndexChange.entity_id)
            .where(IndexChange.id > self.cursor)
            .order_by(IndexChange.id)
        ).all()
        if not rows:
            return 0
        for kind, model, parent, to_doc, upsert, remove in (
            (SEEKER, SeekerProfile, SeekerProfile.user, seeker_doc,
             self.matcher.upsert_seeker, self.matcher.remove_seeker),
            (POSTING, Posting, Posting.employer, posting_doc,
             self.matcher.upsert_posting, self.matcher.remove_posting),
        ):  # fmt: skip
            ids = {r.entity_id for r in rows if r.kind == kind}
            if not ids:
                continue
            stmt = select(model).where(model.id.in_(ids)).options(selectinload(parent))
            found = {row.id: row for row in db.session.scalars(stmt)}
            for entity_id in ids:
                if entity_id in found:
                    upsert(to_doc(found[entity_id]))
                else:
                    remove(entity_id)
        self.cursor = rows[-1].id
        return len(rows)


def live_counts(matcher: Matcher) -> tuple[int, int]:
    """How many seekers and postings ``matcher`` holds now."""
    return matcher.seekers_.n - len(matcher.seekers_.free), len(matcher.posting_docs_)


def init_app(app: Flask) -> None:
    app.extensions["jobfair.index"] = LiveIndex(
        app.config.get("MATCHER_FOLDER") or app.instance_path,
        save_snapshots=app.config.get("MATCHER_SNAPSHOTS", True),
    )


def live_index() -> LiveIndex:
    return current_app.extensions["jobfair.index"]


def matcher() -> Matcher:
    return live_index().current()
