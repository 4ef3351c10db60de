"""This process's kiosk person lookup, kept current through the change log.

Like the matcher's live index (:mod:`jobfair.services.live_index`): at the first
search the process loads every seeker's name, mobile and birth year into a
:class:`matching.lookup.PersonIndex`; before each later search it applies the
seeker rows of the ``index_change`` log it has not seen, so a person registered
at one kiosk is found at the next one at once, whichever worker serves it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import func, select

from jobfair.i18n import gettext as _
from matching.lookup import PersonIndex, PersonRecord
from models import IndexChange, SeekerProfile, User

from .. import labels
from ..extensions import db
from .live_index import SEEKER

_ROWS = select(SeekerProfile.id, SeekerProfile.name, User.phone, SeekerProfile.birth_year).join(
    User, User.id == SeekerProfile.user_id
)


@dataclass(frozen=True)
class PersonFound:
    seeker: SeekerProfile
    score: float
    kind: str  # a matching.lookup.KINDS code

    @property
    def reason(self) -> str:
        """What matched, in the page's language ("手机尾号+姓名拼音首字母")."""
        base = self.kind.removesuffix("+birth_year")
        parts = []
        if base.startswith("tail4+"):
            parts.append(str(labels.lookup_kind["tail4"]))
            base = base.removeprefix("tail4+")
        parts.append(str(labels.lookup_kind.get(base, base)))
        if self.kind.endswith("+birth_year"):
            parts.append(_("出生年份"))
        return "+".join(parts)


class LivePeople:
    """One process's person index, its change-log cursor and a lock."""

    def __init__(self) -> None:
        self.index: PersonIndex | None = None
        self.cursor = 0
        self.lock = threading.Lock()

    def current(self) -> PersonIndex:
        with self.lock:
            if self.index is None:
                self.cursor = db.session.scalar(select(func.max(IndexChange.id))) or 0
                self.index = PersonIndex().fit(_record(*row) for row in db.session.execute(_ROWS))
            else:
                self._catch_up()
            return self.index

    def _catch_up(self) -> None:
        changes = db.session.execute(
            select(IndexChange.id, IndexChange.entity_id)
            .where(IndexChange.id > self.cursor, IndexChange.kind == SEEKER)
            .order_by(IndexChange.id)
        ).all()
        if not changes:
            return
        ids = {c.entity_id for c in changes}
        found = {row[0]: row for row in db.session.execute(_ROWS.where(SeekerProfile.id.in_(ids)))}
        for seeker_id in ids:
            if seeker_id in found:
                self.index.upsert(_record(*found[seeker_id]))
            else:
                self.index.remove(seeker_id)
        self.cursor = changes[-1].id


def _record(seeker_id: int, name: str, phone: str | None, birth_year: int | None):
    return PersonRecord(id=seeker_id, name=name, mobile=phone or "", birth_year=birth_year)


def init_app(app: Flask) -> None:
    app.extensions["jobfair.people"] = LivePeople()


def find_people(query: str, k: int = 5) -> list[PersonFound]:
    """Seekers that ``query`` may mean (a mobile, tail digits plus a name or pinyin,
    a name, a homophone ...), best first."""
    hits = current_app.extensions["jobfair.people"].current().search(query, k=k)
    if not hits:
        return []
    seekers = {
        s.id: s
        for s in db.session.scalars(
            select(SeekerProfile).where(SeekerProfile.id.in_([h.id for h in hits]))
        )
    }
    return [PersonFound(seekers[h.id], h.score, h.kind) for h in hits if h.id in seekers]
