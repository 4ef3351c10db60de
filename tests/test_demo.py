"""The demo data: counts, determinism, valid codes and numbers, timing."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

import models
from jobfair.demo import DEMO_SEEKER_PHONE, seed_demo
from jobfair.validation import CREDIT_CODE_CHARS, credit_code_check_char
from matching import licences, regions, taxonomy
from matching.documents import AVAILABILITY, PAY_UNITS
from models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Booth,
    BoothStatus,
    Employer,
    EmployerStatus,
    Fair,
    FairMode,
    FairRegistration,
    FairStatus,
    Posting,
    PostingStatus,
    SeekerProfile,
    User,
)

MOBILE = re.compile(r"^1[3-9]\d{9}$")
PIPELINE = ["applied", "viewed", "shortlisted", "interview", "offer", "hired"]


def _seeded(seed: int = 20261130, **kwargs):
    engine = sa.create_engine("sqlite://")
    models.Base.metadata.create_all(engine)
    session = Session(engine)
    started = time.perf_counter()
    summary = seed_demo(
        session, seed=seed, password_hash="pbkdf2:x", staff_password_hash="pbkdf2:y", **kwargs
    )
    return session, summary, time.perf_counter() - started


@pytest.fixture(scope="module")
def demo():
    steps: list[tuple[str, int, int]] = []
    session, summary, seconds = _seeded(progress=lambda *a: steps.append(a))
    yield session, summary, seconds, steps
    session.close()


@pytest.fixture(scope="module")
def small_runs():
    """Two small runs with the default seed and one with another seed."""
    runs = [_seeded(seekers=200), _seeded(seekers=200), _seeded(seed=7, seekers=200)]
    yield [run[0] for run in runs]
    for run in runs:
        run[0].close()


def _fingerprint(session: Session) -> tuple:
    seekers = session.execute(
        sa.select(
            SeekerProfile.name,
            User.phone,
            SeekerProfile.district_code,
            SeekerProfile.occupation_codes,
        )
        .join(User, SeekerProfile.user_id == User.id)
        .order_by(SeekerProfile.id)
    ).all()
    titles = session.scalars(sa.select(Posting.title).order_by(Posting.id)).all()
    employers = session.scalars(sa.select(Employer.credit_code).order_by(Employer.id)).all()
    statuses = session.scalars(sa.select(Application.status).order_by(Application.id)).all()
    return [tuple(map(str, s)) for s in seekers], titles, employers, statuses


def count(session: Session, model, *where) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_fast_enough(demo):
    _, summary, seconds, _ = demo
    assert seconds < 30, f"seeding 2,000 seekers took {seconds:.1f} s"
    assert summary.seconds < 30


def test_counts(demo):
    session, summary, _, _ = demo
    assert count(session, SeekerProfile) == summary.seekers == 2000
    assert count(session, Employer) == summary.employers >= 32
    assert count(session, Posting) == summary.postings == 120
    assert count(session, Fair) == summary.fairs == 3
    assert 250 <= count(session, Application) == summary.applications <= 350
    assert 120 <= count(session, FairRegistration) == summary.registrations <= 180
    assert count(session, User) == summary.users
    assert count(session, models.EmployerMember) == summary.employers


def test_progress_reported(demo):
    steps = demo[3]
    assert steps and all(isinstance(s, str) and 0 <= d <= n for s, d, n in steps)
    assert steps[-1][1] == steps[-1][2]


def test_same_seed_same_data_other_seed_differs(small_runs):
    a, b, other = (_fingerprint(s) for s in small_runs)
    assert a == b
    assert a[0] != other[0]
    assert a[1] != other[1]


def test_logins_come_first_and_exist(demo):
    session, summary, _, _ = demo
    roles = [login[0] for login in summary.logins[:3]]
    assert roles == ["admin", "staff", "seeker"]
    assert summary.logins[0][1] == "admin@demo.jobfair.cn"
    assert summary.logins[1][1] == "staff@demo.jobfair.cn"
    assert summary.logins[2][1] == DEMO_SEEKER_PHONE
    for role, login, _hint, description in summary.logins:
        column = User.phone if login.isdigit() else User.email
        user = session.scalar(sa.select(User).where(column == login))
        assert user is not None and user.role == role and description
    employers = [x for x in summary.logins if x[0] == "employer"]
    assert len(employers) == summary.employers
    assert employers[0][1] == "hr01@demo.jobfair.cn"


def test_passwords_are_the_given_hashes(demo):
    session = demo[0]
    hashes = dict(session.execute(sa.select(User.role, User.password_hash).distinct()).all())
    assert hashes["seeker"] == hashes["employer"] == "pbkdf2:x"
    assert hashes["staff"] == hashes["admin"] == "pbkdf2:y"


def test_demo_seeker(demo):
    session = demo[0]
    user = session.scalar(sa.select(User).where(User.phone == DEMO_SEEKER_PHONE))
    profile = user.seeker_profile
    assert user.role == "seeker"
    assert profile.district_code == "150105"
    assert "D01" in profile.occupation_codes
    assert profile.has_ebike and profile.health_certificate


def test_credit_codes_valid_and_unique(demo):
    session = demo[0]
    codes = session.scalars(sa.select(Employer.credit_code)).all()
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == 18 and set(code) <= set(CREDIT_CODE_CHARS)
        assert code[:2] == "91"
        assert credit_code_check_char(code[:17]) == code[17], code


def test_employer_statuses_and_near_duplicate(demo):
    session = demo[0]
    employers = session.scalars(sa.select(Employer)).all()
    by_status = {s: [e for e in employers if e.status == s] for s in EmployerStatus}
    assert len(by_status[EmployerStatus.PENDING]) == 3
    assert len(by_status[EmployerStatus.REJECTED]) == 1
    assert len(by_status[EmployerStatus.VERIFIED]) >= 28
    assert {e.trade for e in employers} == {"delivery", "logistics", "livestream"}
    assert len({regions.league_of(e.district_code).code for e in employers}) >= 7
    for e in employers:
        assert regions.is_county(e.district_code)
        assert e.credit_code[2:8] == e.district_code
        assert MOBILE.match(e.contact_phone)
        assert (e.reviewed_at is None) == (e.status == EmployerStatus.PENDING)
    names = {e.name for e in employers}
    assert "呼和浩特市顺达速运有限公司" in names and "呼和浩特顺达速运有限责任公司" in names


def test_phones_unique_and_valid(demo):
    session = demo[0]
    phones = session.scalars(sa.select(User.phone).where(User.phone.is_not(None))).all()
    phones += session.scalars(sa.select(Employer.contact_phone)).all()
    assert len(phones) == len(set(phones))
    assert all(MOBILE.match(p) for p in phones)


def test_seekers_valid(demo):
    session = demo[0]
    this_year = datetime.now(UTC).year
    names = set()
    for p in session.scalars(sa.select(SeekerProfile)):
        names.add(p.name)
        assert 2 <= len(p.name) <= 4, p.name
        assert regions.is_county(p.district_code), p.district_code
        assert 1 <= len(p.occupation_codes) <= 3
        assert all(taxonomy.get(c) for c in p.occupation_codes), p.occupation_codes
        assert 16 <= this_year - p.birth_year <= 60
        assert all(c in licences.CLASSES for c in p.licence_classes)
        assert p.availability and all(a in AVAILABILITY for a in p.availability)
        assert (p.pay_amount is None) == (p.pay_unit is None)
        assert p.pay_unit is None or p.pay_unit in PAY_UNITS
        assert p.consent_version == "2026-11" and p.consent_at.tzinfo is not None
    assert {"巴特尔", "其木格", "乌云"} & names  # Mongolian names without a Han surname


def test_seeker_mix_is_plausible(demo):
    session = demo[0]
    profiles = session.scalars(sa.select(SeekerProfile)).all()
    riders = [p for p in profiles if p.occupation_codes[0] == "D01"]
    drivers = [p for p in profiles if p.occupation_codes[0] in ("L01", "L02")]
    assert sum(p.has_ebike for p in riders) / len(riders) > 0.8
    assert all(licences.covers(p.licence_classes, "B2") for p in drivers)
    consent = sum(p.contact_consent for p in profiles) / len(profiles)
    assert 0.3 < consent < 0.5
    hohhot = sum(p.district_code.startswith("1501") for p in profiles) / len(profiles)
    assert hohhot > 0.15


def test_postings_valid(demo):
    session = demo[0]
    postings = session.scalars(sa.select(Posting)).all()
    statuses = {p.status for p in postings}
    assert statuses == {PostingStatus.OPEN, PostingStatus.DRAFT, PostingStatus.CLOSED}
    assert sum(p.status == PostingStatus.OPEN for p in postings) > 90
    for p in postings:
        occ = taxonomy.get(p.occupation_code)
        assert occ is not None and occ.trade == p.trade == p.employer.trade
        assert regions.is_county(p.district_code)
        assert 0 < p.pay_min <= p.pay_max and p.pay_unit in PAY_UNITS
        assert 1 <= p.headcount <= 50 and 16 <= p.min_age <= 60
        assert p.schedule and all(s in AVAILABILITY for s in p.schedule)
        assert p.needs_vehicle in (None, "ebike", "car")
        assert (p.published_at is not None) == (p.status != PostingStatus.DRAFT)
        assert 2 <= p.description.count("。") <= 4
        if p.occupation_code in ("L01", "L02"):
            assert p.required_licence in ("A2", "B2") and p.pay_unit == "month"
            assert 9000 <= p.pay_min and p.pay_max <= 15000
        if p.occupation_code in ("L03", "L04"):
            assert p.required_licence == "C1"
        if p.occupation_code == "D01":
            assert p.needs_health_certificate
            if p.pay_unit == "order":
                assert 4 <= p.pay_min and p.pay_max <= 9
            else:
                assert 6000 <= p.pay_min and p.pay_max <= 12000
        if "夜班" in p.title:
            assert "nights" in p.schedule
        if p.employer.status != EmployerStatus.VERIFIED:
            assert p.status == PostingStatus.DRAFT


def test_applications_cover_every_status_with_consistent_history(demo):
    session = demo[0]
    apps = session.scalars(sa.select(Application)).all()
    assert {a.status for a in apps} == set(ApplicationStatus)
    assert count(session, ApplicationEvent) > len(apps)
    for a in apps:
        steps = [e.to_status for e in a.events]
        assert steps[0] == "applied" and steps[-1] == a.status
        assert [e.from_status for e in a.events] == [None, *steps[:-1]]
        open_part = steps[:-1] if a.status in ("rejected", "withdrawn") else steps
        assert open_part == PIPELINE[: len(open_part)]
        times = [e.at for e in a.events]
        assert times == sorted(times) and a.created_at == times[0] and a.updated_at == times[-1]
        assert a.posting.status != PostingStatus.DRAFT
        assert a.posting.published_at <= a.created_at


def test_fairs(demo):
    session = demo[0]
    now = datetime.now(UTC)
    fairs = {f.mode: f for f in session.scalars(sa.select(Fair))}
    assert set(fairs) == set(FairMode)
    running = fairs[FairMode.BOTH]
    assert running.status == FairStatus.RUNNING
    china = timezone(timedelta(hours=8))
    local_start, local_end = running.starts_at.astimezone(china), running.ends_at.astimezone(china)
    assert local_start.date() == now.astimezone(china).date()
    assert (local_start.hour, local_start.minute, local_end.hour, local_end.minute) == (9, 0, 16, 0)
    upcoming = fairs[FairMode.ONSITE]
    assert upcoming.status == FairStatus.PUBLISHED and upcoming.starts_at > now
    assert "包头" in upcoming.venue
    for fair in fairs.values():
        assert fair.starts_at < fair.ends_at and regions.is_county(fair.district_code)
    checked = [r for r in running.registrations if r.checked_in_at]
    assert len(checked) >= 20
    assert all(r.checked_in_at <= now for r in checked)
    booths = session.scalars(sa.select(Booth).where(Booth.fair_id == running.id)).all()
    approved = [b for b in booths if b.status == BoothStatus.APPROVED]
    assert approved and all(re.fullmatch(r"A\d\d", b.label) for b in approved)
    assert any(b.status == BoothStatus.REQUESTED for b in booths)
    assert all(b.employer.status == EmployerStatus.VERIFIED for b in booths)
    assert any(b.postings for b in approved)
    for b in approved:
        assert all(
            p.employer_id == b.employer_id and p.status == PostingStatus.OPEN for p in b.postings
        )


# -- issue 4: the running fair's applications, interviews, notifications ----------

CHINA = timezone(timedelta(hours=8))
ANY_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
AFTER_INTERVIEW = ("interview", "offer", "hired")


def _running(session: Session) -> Fair:
    return session.scalar(sa.select(Fair).where(Fair.mode == FairMode.BOTH))


def _check_interviews(session: Session) -> None:
    running = _running(session)
    apps = session.scalars(sa.select(Application)).all()
    slots = set()
    for a in apps:
        steps = [e.to_status for e in a.events]
        if "interview" not in steps:
            assert a.interview_at is None and a.interview_booth_id is None
            continue
        at = a.interview_at
        assert at is not None and a.interview_place, a.id
        assert at.minute % 15 == 0 and at.second == 0 and at.microsecond == 0, at
        if a.interview_booth_id is None:
            assert a.interview_place.startswith("公司总部（")
            continue
        booth = session.get(Booth, a.interview_booth_id)
        assert booth.fair_id == running.id and booth.status == BoothStatus.APPROVED
        assert booth.employer_id == a.posting.employer_id
        assert a.interview_place == f"{running.name} 展位{booth.label}"
        assert running.starts_at <= at and at + timedelta(minutes=15) <= running.ends_at
        assert (booth.id, at) not in slots, "two interviews in one slot at one booth"
        slots.add((booth.id, at))
        interview = next(e for e in a.events if e.to_status == "interview")
        assert interview.at <= at or a.fair_id is None  # arranged before it takes place
        later = [e.at for e in a.events if steps.index(e.to_status) > steps.index("interview")]
        assert all(t >= at + timedelta(minutes=15) for t in later)


def _check_fair_applications(session: Session) -> None:
    now = datetime.now(UTC)
    apps = session.scalars(sa.select(Application).where(Application.fair_id.is_not(None))).all()
    assert apps
    for a in apps:
        fair = session.get(Fair, a.fair_id)
        shown = {
            p.id
            for b in fair.booths
            if b.status == BoothStatus.APPROVED and b.employer_id == a.posting.employer_id
            for p in b.postings
        }
        assert a.posting_id in shown
        assert fair.starts_at <= a.created_at <= min(fair.ends_at, now)
        assert a.events[-1].at <= now


def test_interviews_have_booth_unique_quarter_hour_slots(demo):
    session = demo[0]
    _check_interviews(session)
    apps = session.scalars(sa.select(Application)).all()
    assert all(a.interview_at for a in apps if a.status in AFTER_INTERVIEW)
    booth_ones = [a for a in apps if a.interview_booth_id]
    assert len(booth_ones) >= 10
    running = _running(session)
    for a in booth_ones:
        if a.status in AFTER_INTERVIEW:
            assert running.starts_at <= a.interview_at < running.ends_at


def test_booth_slot_is_unique_in_the_schema(demo):
    session = demo[0]
    taken = session.scalar(
        sa.select(Application).where(Application.interview_booth_id.is_not(None))
    )
    other = session.scalar(sa.select(Application).where(Application.interview_at.is_(None)))
    with pytest.raises(sa.exc.IntegrityError):
        with session.begin_nested():
            other.interview_booth_id = taken.interview_booth_id
            other.interview_at = taken.interview_at
            session.flush()
    session.expire_all()


def test_some_applications_came_through_a_fair(demo):
    _check_fair_applications(demo[0])


def test_the_demo_seeker_has_an_interview_with_time_and_place(demo):
    session = demo[0]
    seeker = session.scalar(sa.select(User).where(User.phone == DEMO_SEEKER_PHONE)).seeker_profile
    interview = session.scalar(
        sa.select(Application).where(
            Application.seeker_id == seeker.id, Application.status == "interview"
        )
    )
    assert interview.interview_at and interview.interview_place


def test_no_notification_contains_a_mobile_number(demo):
    session = demo[0]
    rows = session.execute(sa.select(models.Notification.text, models.Notification.link)).all()
    assert rows
    assert not [text for text, link in rows if ANY_MOBILE.search(text + link)]


def test_demo_logins_have_unread_and_older_ones_are_read(demo):
    session = demo[0]
    now = datetime.now(UTC)
    for column, login in ((User.phone, DEMO_SEEKER_PHONE), (User.email, "hr01@demo.jobfair.cn")):
        user = session.scalar(sa.select(User).where(column == login))
        notes = session.scalars(
            sa.select(models.Notification)
            .where(models.Notification.user_id == user.id)
            .order_by(models.Notification.created_at)
        ).all()
        unread = [n for n in notes if n.read_at is None]
        assert unread and len(unread) < len(notes), login
        assert notes[-1].read_at is None  # the newest are the unread ones
    for n in session.scalars(sa.select(models.Notification)):
        assert n.read_at is None or n.created_at <= n.read_at <= now


def test_notifications_follow_the_histories(demo):
    session = demo[0]
    texts: dict[tuple[int, str], list[str]] = {}
    for n in session.scalars(sa.select(models.Notification)):
        texts.setdefault((n.user_id, n.link), []).append(n.text)
    labels = {
        "viewed": "已查看",
        "shortlisted": "初筛通过",
        "interview": "面试",
        "offer": "达成就业意向",
        "hired": "已录用",
        "rejected": "未通过",
    }
    for a in session.scalars(sa.select(Application)):
        posting, employer = a.posting, a.posting.employer
        member_ids = session.scalars(
            sa.select(models.EmployerMember.user_id).where(
                models.EmployerMember.employer_id == employer.id
            )
        ).all()
        assert member_ids
        link = f"/employer/applications/{a.id}"
        for uid in member_ids:
            got = texts.get((uid, link), [])
            assert f"{a.seeker.name} 申请了岗位“{posting.title}”。" in got
            withdrawn = f"{a.seeker.name} 撤回了对“{posting.title}”的申请。"
            assert (withdrawn in got) == (a.status == "withdrawn")
        mine = texts.get((a.seeker.user_id, "/me/applications"), [])
        for e in a.events:
            if e.to_status in labels:
                label = labels[e.to_status]
                start = f"您申请的“{posting.title}”（{employer.name}）状态更新为：{label}。"
                assert any(t.startswith(start) for t in mine), start
                if e.to_status == "interview":
                    when = a.interview_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
                    assert any(
                        t.startswith(start) and when in t and a.interview_place in t for t in mine
                    )


def test_booth_approvals_are_notified(demo):
    session = demo[0]
    for b in session.scalars(sa.select(Booth).where(Booth.status == BoothStatus.APPROVED)):
        text = f"您报名的“{b.fair.name}”已批准，展位号：{b.label or '线上'}。"
        member = session.scalar(
            sa.select(models.EmployerMember.user_id).where(
                models.EmployerMember.employer_id == b.employer_id
            )
        )
        assert session.scalar(
            sa.select(models.Notification.id).where(
                models.Notification.user_id == member,
                models.Notification.text == text,
                models.Notification.link == "/employer/fairs",
            )
        )


def test_invitations_and_questions(demo):
    session = demo[0]
    invitations = session.scalars(sa.select(models.Invitation)).all()
    assert 5 <= len(invitations) <= 20
    assert any(i.seeker.user.phone == DEMO_SEEKER_PHONE for i in invitations)
    for i in invitations:
        assert i.posting.status == PostingStatus.OPEN
        assert i.invited_by_id and i.posting.employer_id == session.scalar(
            sa.select(models.EmployerMember.employer_id).where(
                models.EmployerMember.user_id == i.invited_by_id
            )
        )
        assert not session.scalar(
            sa.select(Application.id).where(
                Application.posting_id == i.posting_id, Application.seeker_id == i.seeker_id
            )
        )
    running = _running(session)
    questions = session.scalars(sa.select(models.Question)).all()
    assert questions and all(q.booth.fair_id == running.id for q in questions)
    answered = [q for q in questions if q.answered_at]
    assert answered and len(answered) < len(questions)
    assert all(q.answer and q.created_at <= q.answered_at for q in answered)


def test_status_labels_are_the_services(demo):
    from jobfair.demo import STATUS_LABELS
    from jobfair.services.applications import STATUS_LABELS as SERVICE_LABELS

    assert {k: str(v) for k, v in SERVICE_LABELS.items()} == STATUS_LABELS


@pytest.mark.parametrize("utc_hour", [0, 1, 3, 7, 9, 17, 23])
def test_any_time_of_day(monkeypatch, utc_hour):
    """Before, during and after the running fair's hours the invariants hold."""
    import jobfair.demo as demo_module

    fixed = datetime.now(UTC).replace(hour=utc_hour, minute=7, second=0, microsecond=0)

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return fixed if tz is None else fixed.astimezone(tz)

    monkeypatch.setattr(demo_module, "datetime", Clock)
    session, summary, _ = _seeded(seekers=200)
    monkeypatch.undo()
    try:
        _check_interviews(session)
        apps = session.scalars(sa.select(Application).where(Application.fair_id.is_not(None)))
        for a in apps:
            fair = session.get(Fair, a.fair_id)
            assert fair.starts_at <= a.created_at <= min(fair.ends_at, fixed)
            assert a.events[-1].at <= fixed
        assert summary.fair_applications > 0
    finally:
        session.close()
