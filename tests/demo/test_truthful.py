"""The demo data tells the truth (issue 14): titles name the posting's own district,
names are never cut mid-word, the printed staff duties are ones the app does, a
draft fair is there to try, and times follow the app's time zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

import models
from jobfair.demo import seed_demo
from jobfair.demo.accounts import STAFF_DUTIES
from jobfair.demo.postings import counties_named
from jobfair.shorten import shorten_name
from matching import regions
from models import (
    Application,
    Booth,
    Employer,
    EmployerMember,
    Fair,
    FairStatus,
    Notification,
    Posting,
    User,
)

WORK_PLACE = re.compile(r"(?:工作地点在|负责|位于)(\w{2,8}?[区县旗市])")


def _seeded(seed: int, **kwargs) -> tuple[Session, object]:
    engine = sa.create_engine("sqlite://")
    models.Base.metadata.create_all(engine)
    session = Session(engine)
    summary = seed_demo(
        session, seed=seed, seekers=300, password_hash="x", staff_password_hash="x", **kwargs
    )
    return session, summary


@pytest.fixture(scope="module", params=[20261130, 7])
def demo(request):
    session, summary = _seeded(request.param)
    yield session, summary
    session.close()


def test_a_title_names_no_district_but_the_postings_own(demo):
    session = demo[0]
    postings = session.scalars(sa.select(Posting)).all()
    named_own = 0
    for p in postings:
        named = counties_named(p.title)
        assert named <= {p.district_code}, (p.title, regions.full_name(p.district_code))
        for place in WORK_PLACE.findall(p.description):  # "工作地点在…", "负责…"; not routes
            assert counties_named(place) <= {p.district_code}, p.description
        named_own += bool(named)
    assert named_own >= 10  # titles do name districts: the check is not empty


def test_every_booth_request_shows_postings(demo):
    session = demo[0]
    booths = session.scalars(sa.select(Booth)).all()
    assert booths and all(b.postings for b in booths)


def test_member_names_carry_the_whole_company_name(demo):
    session = demo[0]
    for employer, user in session.execute(
        sa.select(Employer, User)
        .join(EmployerMember, EmployerMember.employer_id == Employer.id)
        .join(User, User.id == EmployerMember.user_id)
    ):
        assert user.display_name.endswith(f"（{employer.name}）"), user.display_name


@pytest.mark.parametrize(
    ("name", "limit", "short"),
    [
        ("包头市东河区快运通同城货运有限公司", 12, "包头市东河区快运通…"),  # not …同城货
        ("鄂尔多斯市康巴什区云骑同城配送有限公司", 12, "鄂尔多斯市康巴什区云骑…"),
        ("呼和浩特市土默特左旗敕勒川仓储有限公司", 12, "呼和浩特市土默特左旗…"),
        ("呼和浩特市顺达速运有限公司", 13, "呼和浩特市顺达速运有限公司"),  # fits: unchanged
        ("Inner Mongolia Grassland Express Co., Ltd.", 20, "Inner Mongolia…"),
    ],
)
def test_long_employer_names_shorten_at_a_word(name, limit, short):
    assert shorten_name(name, limit) == short


def test_every_demo_employer_name_shortens_to_whole_words(demo):
    session = demo[0]
    for name in session.scalars(sa.select(Employer.name)):
        short = shorten_name(name, 12)
        if short == name:
            continue
        kept = short.removesuffix("…")
        assert short.endswith("…") and len(short) <= 12 and name.startswith(kept)
        # never inside a place name or a legal form, and never one character of a pair
        for place in (d.name for d in (*regions.LEAGUES, *regions.COUNTIES)):
            at = name.find(place)
            assert at < 0 or not (at < len(kept) < at + len(place)), (name, short)


def test_the_printed_staff_duties_are_ones_the_app_does(demo, client, auth, make):
    summary = demo[1]
    description = dict((login, text) for _role, login, _hint, text in summary.logins)[
        "staff@demo.jobfair.cn"
    ]
    assert description.endswith("：" + "、".join(duty for duty, _ in STAFF_DUTIES))
    auth.login_as(make.staff())
    from flask import url_for

    for duty, endpoint in STAFF_DUTIES:
        with client.application.test_request_context():
            url = url_for(endpoint)
        assert client.get(url).status_code == 200, (duty, url)


def test_a_draft_fair_staff_are_preparing(demo):
    session = demo[0]
    drafts = session.scalars(sa.select(Fair).where(Fair.status == FairStatus.DRAFT)).all()
    assert len(drafts) == 1
    draft = drafts[0]
    assert draft.starts_at > datetime.now(UTC) and draft.venue
    assert draft.booths == [] and draft.registrations == []


def test_fair_hours_and_interviews_follow_the_configured_zone():
    tokyo = ZoneInfo("Asia/Tokyo")  # UTC+9: an hour off Beijing time
    session, _summary = _seeded(20261130, zone="Asia/Tokyo")
    running = session.scalar(sa.select(Fair).where(Fair.status == FairStatus.RUNNING))
    assert running.starts_at.astimezone(tokyo).hour == 9
    assert running.starts_at.astimezone(tokyo).date() == datetime.now(tokyo).date()
    interviews = session.scalars(
        sa.select(Application).where(
            Application.interview_at.is_not(None), Application.fair_id.is_(None)
        )
    ).all()
    assert interviews
    assert all(9 <= a.interview_at.astimezone(tokyo).hour < 17 for a in interviews)
    a = interviews[0]
    told = a.interview_at.astimezone(tokyo).strftime("%Y-%m-%d %H:%M")
    texts = session.scalars(sa.select(Notification.text)).all()
    assert any(told in text for text in texts)
    session.close()
