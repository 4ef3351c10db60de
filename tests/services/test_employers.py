"""Employers' review, resubmission and dashboard visits, called directly
(jobfair/services/employers.py, the dashboard counts in services/applications.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

import models
from jobfair.clock import now
from jobfair.errors import DomainError, NotAllowed, ValidationFailed
from jobfair.extensions import db
from jobfair.services import applications, employers, unit_of_work
from tests.helpers.database import count


def test_reject_needs_a_reason_and_a_dry_run_changes_nothing(make):
    employer = make.employer(status="pending")
    staff = make.staff()
    with pytest.raises(ValidationFailed) as refused, unit_of_work():
        employers.review_employer(staff, employer.id, approve=False, note=" \n ")
    assert "note" in refused.value.errors
    with unit_of_work():
        employers.review_employer(staff, employer.id, False, "名称与执照不符", dry_run=True)
    db.session.refresh(employer)
    assert employer.status == "pending" and count(models.AuditEntry) == 0
    with unit_of_work():
        employers.review_employer(staff, employer.id, False, "名称与执照不符")
    db.session.refresh(employer)
    assert employer.status == "rejected" and employer.review_note == "名称与执照不符"
    with pytest.raises(DomainError, match="已审核过"), unit_of_work():
        employers.review_employer(staff, employer.id, True)


def test_an_approval_needs_no_reason_and_tells_every_member(make):
    employer = make.employer(status="pending")
    members = [make.member(employer), make.member(employer)]
    with unit_of_work():
        employers.review_employer(make.staff(), employer.id, approve=True)
    for member in members:
        assert count(models.Notification, models.Notification.user_id == member.id) == 1


def test_resubmission_only_after_a_rejection_and_never_once_verified(make):
    rejected = make.employer(status="rejected", review_note="地址不全")
    member = make.member(rejected)
    data = {
        "name": rejected.name,
        "credit_code": rejected.credit_code,
        "trade": "delivery",
        "district_code": "150105",
        "address": "赛罕区大学东街1号2单元",
        "contact_name": "王经理",
        "contact_phone": "13912345678",
        "intro": "",
    }
    with unit_of_work():
        employers.update_company(member, data)
    db.session.refresh(rejected)
    assert rejected.status == "pending" and rejected.resubmitted_at is not None
    assert rejected.review_note == "地址不全"  # staff still see why it was rejected
    with unit_of_work():  # a pending employer corrects again: it stays pending, no resubmit
        employers.update_company(member, {**data, "address": "赛罕区大学东街1号3单元"})
    actions = db.session.scalars(
        select(models.AuditEntry.action).order_by(models.AuditEntry.id)
    ).all()
    assert actions == ["employer.resubmit", "employer.update"]
    verified = make.employer()
    with pytest.raises(NotAllowed), unit_of_work():
        employers.update_company(make.member(verified), {**data, "credit_code": "x"})


def test_a_dashboard_visit_spans_views_less_than_half_an_hour_apart(make):
    member = make.member()
    with unit_of_work():
        assert employers.record_dashboard_visit(member) is None  # first visit: all new
    with unit_of_work():
        assert employers.record_dashboard_visit(member) is None  # the same visit
    membership = db.session.get(models.EmployerMember, member.membership.id)
    earlier = now() - timedelta(hours=2)
    membership.last_dashboard_at = earlier
    db.session.commit()
    with unit_of_work():
        since = employers.record_dashboard_visit(member)
    assert since == earlier
    with unit_of_work():
        assert employers.record_dashboard_visit(member) == earlier  # stays for the visit


def test_activity_counts_per_posting(make, scene):
    posting = scene["posting"]
    other = make.posting(employer=scene["employer"], title="快递员", occupation_code="L01")
    with unit_of_work():
        old = applications.apply_to_posting(scene["seeker"], posting.id, accept_soft=True)
        applications.apply_to_posting(
            make.seeker(health_certificate=True, has_ebike=True), posting.id, accept_soft=True
        )
    old.created_at = now() - timedelta(days=1)
    old.status, old.interview_at, old.interview_place = "interview", now(), "站点"
    db.session.commit()
    rows = applications.employer_activity(
        scene["member"], [posting, other], now() - timedelta(hours=1)
    )
    assert [(r.applicants, r.new, r.interviews_today) for r in rows] == [(2, 1, 1), (0, 0, 0)]
    assert [a.id for a in applications.interviews_today(scene["member"])] == [old.id]
    assert applications.interviews_today(make.member()) == []
