"""Use cases: the rules of the domain, each in one place.

Services change the session and flush; they never commit. The caller ends one
unit of work per request::

    with unit_of_work():
        applications.move_application(...)

so that a request either does everything it reports or nothing.
"""

from __future__ import annotations

from ..extensions import db

unit_of_work = db.unit_of_work

__all__ = ["unit_of_work"]
