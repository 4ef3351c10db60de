"""Applying and moving applications, called directly (jobfair/services/applications.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import models
from jobfair.errors import Conflict
from jobfair.extensions import db
from jobfair.services import applications, unit_of_work
from tests.helpers.scenes import add_booth, make_fair


def test_two_members_move_the_same_application_at_once(app, make, scene, applied):
    """Both load version 1; the first move wins, the second gets a clear message."""
    other_member = make.member(scene["employer"])
    first = scene["member"]
    with app.app_context():
        a = db.session.get(models.Application, applied.id)
        assert a.version == 1
        with app.app_context():  # a second worker with its own session and its own copy
            b_session_copy = db.session.get(models.Application, applied.id)
            assert b_session_copy.version == 1
            with unit_of_work():
                applications.move_application(
                    db.session.get(models.User, first.id), applied.id, "viewed", version=1
                )
        with pytest.raises(Conflict, match="刚被其他人处理过"), unit_of_work():
            applications.move_application(
                db.session.get(models.User, other_member.id), applied.id, "rejected", version=1
            )
    db.session.expire_all()
    fresh = db.session.get(models.Application, applied.id)
    assert fresh.status == "viewed"
    assert [e.to_status for e in fresh.events] == ["applied", "viewed"]


def test_a_rejected_interview_frees_its_booth_slot(make):
    employer = make.employer()
    member = make.member(employer)
    posting = make.posting(employer=employer)
    fair = make_fair(make)
    booth = add_booth(fair, employer, [posting])
    with unit_of_work():
        first, second = (
            applications.apply_to_posting(
                make.seeker(health_certificate=True, has_ebike=True), posting.id
            )
            for _ in range(2)
        )
    at = (datetime.now(UTC) + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)

    def move(application, status, **kwargs):
        with unit_of_work():
            return applications.move_application(
                member, application.id, status, version=application.version, **kwargs
            )

    for a in (first, second):
        for status in ("viewed", "shortlisted"):
            move(a, status)
    move(first, "interview", interview_at=at, booth_id=booth.id)
    move(first, "rejected")
    moved = move(second, "interview", interview_at=at, booth_id=booth.id)
    assert moved.status == "interview" and moved.interview_booth_id == booth.id
    db.session.refresh(first)
    assert first.interview_at == at and first.interview_booth_id is None  # the record stays
