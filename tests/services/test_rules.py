"""Rules that have one name and one home (issue 13), and the drift that fixing them ended."""

from __future__ import annotations

import enum

import pytest
from sqlalchemy import select

import models
from jobfair import labels
from jobfair.extensions import db
from jobfair.services import applications, fairs
from tests.helpers.scenes import make_fair


def _fair(make, *, starts: float, ends: float, status="running", mode="both") -> models.Fair:
    return make_fair(make, starts=starts, ends=ends, status=status, mode=mode)


@pytest.mark.parametrize(
    "status, starts, ends, over, phase",
    [
        ("running", -2, 6, False, "open"),
        ("running", -8, -1, True, "over"),  # staff forgot to close it: still over
        ("published", 24, 30, False, "upcoming"),
        ("closed", -2, 6, True, "over"),
        ("draft", -2, 6, False, "upcoming"),
    ],
)
def test_fair_is_over_and_its_phase(ctx, make, status, starts, ends, over, phase):
    fair = _fair(make, status=status, starts=starts, ends=ends)
    assert fairs.fair_is_over(fair) is over
    assert fairs.fair_phase(fair) == phase


def test_a_fair_past_its_end_offers_no_sign_up(client, make, auth):
    fair = _fair(make, status="running", starts=-8, ends=-1)
    auth.login_as(make.seeker().user)
    page = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    assert "报名参加" not in page and "已结束" in page
    assert "正在进行" not in client.get("/fairs/").get_data(as_text=True)
    refused = client.post(f"/fairs/{fair.id}/register", follow_redirects=True)
    assert "已结束" in refused.get_data(as_text=True)
    assert db.session.scalar(select(models.FairRegistration)) is None


def test_employers_are_offered_only_fairs_they_can_still_join(client, make, auth):
    over = _fair(make, status="published", starts=-30, ends=-24)
    upcoming = _fair(make, status="published", starts=24, ends=30)
    member = make.member()
    make.posting(employer=member.membership.employer)
    auth.login_as(member)
    page = client.get("/employer/fairs").get_data(as_text=True)
    assert f"/employer/fairs/{upcoming.id}/booth" in page
    assert f"/employer/fairs/{over.id}/booth" not in page


@pytest.mark.parametrize(
    "mode, hall, online", [("online", False, True), ("onsite", True, False), ("both", True, True)]
)
def test_what_a_fair_mode_means(mode, hall, online):
    assert models.FairMode(mode).has_hall is hall
    assert models.FairMode(mode).takes_online_applications is online


def test_posting_is_public_in_python_and_in_sql_agree(ctx, make):
    verified, pending = make.employer(), make.employer(status="pending")
    rows = [
        make.posting(employer=employer, status=status)
        for employer in (verified, pending)
        for status in ("draft", "open", "closed")
    ]
    in_sql = set(db.session.scalars(select(models.Posting.id).where(models.Posting.is_public)))
    in_python = {p.id for p in rows if p.is_public}
    assert in_sql == in_python == {rows[1].id}


def test_allowed_moves_follow_the_pipeline_in_order(ctx, make):
    member = make.member()
    posting = make.posting(employer=member.membership.employer)
    seeker = make.seeker()
    application = models.Application(posting_id=posting.id, seeker_id=seeker.id)
    db.session.add(application)
    db.session.commit()
    assert applications.allowed_moves(member, application) == ["viewed", "rejected"]
    assert applications.allowed_moves(seeker.user, application) == ["withdrawn"]
    application.status = "offer"
    assert applications.allowed_moves(member, application) == ["hired", "rejected"]
    application.status = "hired"
    assert applications.allowed_moves(member, application) == []


def test_next_free_booth_label():
    booths = [models.Booth(label=label) for label in ("A01", "A02", "A04", None)]
    assert fairs.next_free_booth_label(booths) == "A03"
    assert fairs.next_free_booth_label([]) == "A01"


@pytest.mark.parametrize(
    "enum_type, names",
    [
        (models.ApplicationStatus, labels.application_status),
        (models.PostingStatus, labels.posting_status),
        (models.EmployerStatus, labels.employer_status),
        (models.FairMode, labels.fair_mode),
        (models.FairStatus, labels.fair_status),
        (models.BoothStatus, labels.booth_status),
        (models.Trade, labels.trade),
        (models.Role, labels.role),
    ],
)
def test_every_enum_value_has_a_label(app, enum_type: type[enum.StrEnum], names):
    assert set(names) == set(enum_type)
    with app.test_request_context():
        assert all(str(label) for label in names.values())


def test_forms_send_the_fields_the_services_take(app):
    from jobfair import forms
    from jobfair.services import employers, postings, seekers

    with app.test_request_context(method="POST"):
        pairs = [
            (forms.SeekerProfileForm(meta={"csrf": False}).profile_data(), seekers.PROFILE_FIELDS),
            (forms.PostingForm(meta={"csrf": False}).posting_data(), postings.POSTING_FIELDS),
            (
                forms.EmployerSignupForm(meta={"csrf": False}).company_data(),
                employers.COMPANY_FIELDS,
            ),
            (forms.FairForm(meta={"csrf": False}).fair_data(), fairs.FAIR_FIELDS),
        ]
    for sent, taken in pairs:
        assert set(sent) == set(taken)


def test_every_lookup_kind_has_words():
    """The kiosk says what the lookup matched in the page's language: every base code
    of matching.lookup.KINDS (prefixes and suffixes are composed) has a label."""
    from matching.lookup import KINDS

    base = {k for k in KINDS if not k.startswith("tail4+")}
    assert set(labels.lookup_kind) == base
