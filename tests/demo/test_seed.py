"""The demo data: properties that hold for any seed and any time of day.

These tests check what the README promises and what the app enforces, not
how many rows of each kind there happen to be: every role has a working
login, every fair and application state occurs, the same seed gives the same
rows, and the rules the services apply to real users hold for the demo too.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

import models
from jobfair.config import Config
from jobfair.demo import DEMO_SEEKER_PHONE, DemoSummary, seed_demo
from jobfair.demo.names import MONGOLIAN_NAMES
from jobfair.services.employers import similar_employers
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
    EmployerMember,
    EmployerStatus,
    Fair,
    FairMode,
    FairRegistration,
    FairStatus,
    Notification,
    Posting,
    PostingStatus,
    Role,
    SeekerProfile,
    User,
)

MOBILE = re.compile(r"^1[3-9]\d{9}$")
ANY_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
CHINA = timezone(timedelta(hours=8))
PIPELINE = ["applied", "viewed", "shortlisted", "interview", "offer", "hired"]
AFTER_INTERVIEW = ("interview", "offer", "hired")
PASSWORD, STAFF_PASSWORD = "demo-pw", "staff-pw"
HASHES = {
    PASSWORD: generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"),
    STAFF_PASSWORD: generate_password_hash(STAFF_PASSWORD, method="pbkdf2:sha256:1"),
}


def _seeded(seed: int = 20261130, **kwargs) -> tuple[Session, DemoSummary]:
    engine = sa.create_engine("sqlite://")
    models.Base.metadata.create_all(engine)
    session = Session(engine)
    summary = seed_demo(
        session,
        seed=seed,
        password_hash=HASHES[PASSWORD],
        staff_password_hash=HASHES[STAFF_PASSWORD],
        password_hint=PASSWORD,
        staff_password_hint=STAFF_PASSWORD,
        **kwargs,
    )
    return session, summary


@pytest.fixture(scope="module")
def demo():
    """The default demo, as ``make run`` makes it, and the progress it reported."""
    steps: list[tuple[str, int, int]] = []
    session, summary = _seeded(progress=lambda *a: steps.append(a))
    yield session, summary, steps
    session.close()


@pytest.fixture(scope="module")
def small_runs():
    """Two small runs with the default seed and one with another seed, at one instant."""
    at = datetime.now(UTC).replace(microsecond=0)
    runs = [
        _seeded(seekers=200, now=at),
        _seeded(seekers=200, now=at),
        _seeded(seed=7, seekers=200, now=at),
    ]
    yield [session for session, _ in runs]
    for session, _ in runs:
        session.close()


def _dump(session: Session) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    return {
        table.name: [
            tuple(row)
            for row in session.execute(sa.select(table).order_by(*table.primary_key.columns))
        ]
        for table in models.Base.metadata.sorted_tables
    }


def count(session: Session, model, *where) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _running(session: Session) -> Fair:
    return session.scalar(sa.select(Fair).where(Fair.status == FairStatus.RUNNING))


# -- the seeding run --------------------------------------------------------------


def test_summary_matches_the_database_and_the_arguments(demo):
    session, summary, _ = demo
    assert count(session, SeekerProfile) == summary.seekers == 2000  # as asked
    assert count(session, Employer) == summary.employers == 32
    assert count(session, Posting) == summary.postings == 120
    assert count(session, Fair) == summary.fairs
    assert count(session, Booth) == summary.booths
    assert count(session, Application) == summary.applications > 0
    assert count(session, ApplicationEvent) == summary.application_events
    assert count(session, FairRegistration) == summary.registrations > 0
    assert count(session, Notification) == summary.notifications > 0
    assert count(session, User) == summary.users
    assert count(session, EmployerMember) == summary.employers
    assert summary.employers_by_status == {
        str(s): count(session, Employer, Employer.status == s) for s in summary.employers_by_status
    }


def test_progress_reported(demo):
    steps = demo[2]
    assert steps and all(isinstance(s, str) and 0 <= d <= n for s, d, n in steps)
    assert [d for _, d, _ in steps] == sorted(d for _, d, _ in steps)
    assert steps[-1][1] == steps[-1][2]


def test_same_seed_same_rows_other_seed_differs(small_runs):
    a, b, other = (_dump(s) for s in small_runs)
    assert a == b
    for table in ("seeker_profile", "employer", "posting", "application"):
        assert a[table] != other[table], table


def test_other_sizes():
    """A smaller demo keeps its shape; more employers than the table gets made-up ones."""
    session, summary = _seeded(seed=3, seekers=60, employers=40, postings=60)
    try:
        assert count(session, SeekerProfile) == 60 and count(session, Employer) == 40
        assert count(session, Posting) == 60
        names = session.scalars(sa.select(Employer.name)).all()
        assert len(set(names)) == len(names)
        assert {a.status for a in session.scalars(sa.select(Application))} == set(ApplicationStatus)
    finally:
        session.close()


# -- logins -------------------------------------------------------------------------


def test_every_role_has_a_login_that_works(demo):
    session, summary, _ = demo
    assert {login[0] for login in summary.logins} == {r.value for r in Role}
    for role, login, hint, description in summary.logins:
        column = User.phone if login.isdigit() else User.email
        user = session.scalar(sa.select(User).where(column == login))
        assert user is not None and user.role == role and user.active and description
        assert check_password_hash(user.password_hash, hint), login


def test_the_readme_logins_come_first(demo):
    """``make run`` prints the first logins: admin, staff, the demo seeker, then hr01…"""
    session, summary, _ = demo
    assert [login[:2] for login in summary.logins[:3]] == [
        ("admin", "admin@demo.jobfair.cn"),
        ("staff", "staff@demo.jobfair.cn"),
        ("seeker", DEMO_SEEKER_PHONE),
    ]
    employers = [x for x in summary.logins if x[0] == "employer"]
    assert len(employers) == summary.employers
    assert [x[1] for x in employers[:2]] == ["hr01@demo.jobfair.cn", "hr02@demo.jobfair.cn"]


def test_the_demo_seeker_is_the_rider_the_readme_describes(demo):
    session = demo[0]
    user = session.scalar(sa.select(User).where(User.phone == DEMO_SEEKER_PHONE))
    profile = user.seeker_profile
    assert user.role == "seeker"
    assert profile.district_code == "150105"  # 赛罕区
    assert "D01" in profile.occupation_codes
    assert profile.has_ebike and profile.health_certificate


def test_the_demo_employer_is_verified_and_at_the_running_fair(demo):
    session = demo[0]
    member = session.scalar(sa.select(User).where(User.email == "hr01@demo.jobfair.cn"))
    employer = member.membership.employer
    assert employer.status == EmployerStatus.VERIFIED
    booth = session.scalar(
        sa.select(Booth).where(
            Booth.employer_id == employer.id, Booth.fair_id == _running(session).id
        )
    )
    assert booth is not None and booth.status == BoothStatus.APPROVED and booth.postings


# -- employers and seekers ----------------------------------------------------------


def test_credit_codes_valid_and_unique(demo):
    session = demo[0]
    codes = session.scalars(sa.select(Employer.credit_code)).all()
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == 18 and set(code) <= set(CREDIT_CODE_CHARS)
        assert code[:2] == "91"
        assert credit_code_check_char(code[:17]) == code[17], code


def test_employers(demo):
    session = demo[0]
    employers = session.scalars(sa.select(Employer)).all()
    assert {e.status for e in employers} == set(EmployerStatus)
    assert {e.trade for e in employers} == {"delivery", "logistics", "livestream"}
    assert len({regions.league_of(e.district_code).code for e in employers}) > 1
    for e in employers:
        assert regions.is_county(e.district_code)
        assert e.credit_code[2:8] == e.district_code
        assert MOBILE.match(e.contact_phone)
        assert (e.reviewed_at is None) == (e.status == EmployerStatus.PENDING)
        assert (e.review_note != "") == (e.status == EmployerStatus.REJECTED)
        assert len(e.members) >= 1


def test_staff_have_a_likely_duplicate_to_flag(demo):
    session = demo[0]
    everyone = session.scalars(sa.select(Employer)).all()
    pending = [e for e in everyone if e.status == EmployerStatus.PENDING]
    assert any(similar_employers(e, everyone) for e in pending)


def test_reviews_are_audited(demo):
    session = demo[0]
    reviewed = session.scalars(sa.select(Employer).where(Employer.reviewed_at.is_not(None))).all()
    audited = {
        (entry.subject_id, entry.action)
        for entry in session.scalars(
            sa.select(models.AuditEntry).where(models.AuditEntry.subject_type == "employer")
        )
    }
    for e in reviewed:
        action = "employer.verify" if e.status == EmployerStatus.VERIFIED else "employer.reject"
        assert (e.id, action) in audited


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
        assert p.consent_version == Config.CONSENT_VERSION and p.consent_at.tzinfo is not None
    assert names & set(MONGOLIAN_NAMES)  # Mongolian names without a Han surname


def test_seekers_consent_to_the_configured_version():
    session, _ = _seeded(seekers=20, consent_version="2030-01")
    try:
        versions = set(session.scalars(sa.select(SeekerProfile.consent_version)))
        assert versions == {"2030-01"}
    finally:
        session.close()


def test_seeker_mix_is_plausible(demo):
    session = demo[0]
    profiles = session.scalars(sa.select(SeekerProfile)).all()
    riders = [p for p in profiles if p.occupation_codes[0] == "D01"]
    drivers = [p for p in profiles if p.occupation_codes[0] in ("L01", "L02")]
    assert sum(p.has_ebike for p in riders) / len(riders) > 0.5
    assert all(licences.covers(p.licence_classes, "B2") for p in drivers)
    assert 0 < sum(p.contact_consent for p in profiles) < len(profiles)
    assert 0 < sum(p.discoverable for p in profiles) < len(profiles)


# -- postings --------------------------------------------------------------------------


def test_postings_valid(demo):
    session = demo[0]
    postings = session.scalars(sa.select(Posting)).all()
    assert {p.status for p in postings} == set(PostingStatus)
    assert sum(p.status == PostingStatus.OPEN for p in postings) > len(postings) / 2
    for p in postings:
        occ = taxonomy.get(p.occupation_code)
        assert occ is not None and occ.trade == p.trade == p.employer.trade
        assert regions.is_county(p.district_code)
        assert 0 < p.pay_min <= p.pay_max and p.pay_unit in PAY_UNITS
        assert p.headcount >= 1 and 16 <= p.min_age <= 60
        assert p.schedule and all(s in AVAILABILITY for s in p.schedule)
        assert p.needs_vehicle in (None, "ebike", "car")
        assert (p.published_at is not None) == (p.status != PostingStatus.DRAFT)
        assert p.title and p.description and p.requirements
        if p.occupation_code in ("L01", "L02"):
            assert p.required_licence in ("A2", "B2") and p.pay_unit == "month"
        if p.occupation_code in ("L03", "L04"):
            assert p.required_licence == "C1"
        if p.occupation_code == "D01":
            assert p.needs_health_certificate
        if "夜班" in p.title:
            assert "nights" in p.schedule
        if p.employer.status != EmployerStatus.VERIFIED:
            assert p.status == PostingStatus.DRAFT


def test_postings_are_in_their_employers_city(demo):
    session = demo[0]
    for p in session.scalars(sa.select(Posting)):
        assert regions.league_of(p.district_code) == regions.league_of(p.employer.district_code)


def test_every_verified_employer_has_an_open_posting(demo):
    session = demo[0]
    for e in session.scalars(sa.select(Employer).where(Employer.status == "verified")):
        assert any(p.status == PostingStatus.OPEN for p in e.postings), e.name


def test_public_postings_are_of_verified_employers(demo):
    session = demo[0]
    for p in session.scalars(sa.select(Posting).where(Posting.status == PostingStatus.OPEN)):
        assert p.employer.status == EmployerStatus.VERIFIED


# -- applications and interviews ------------------------------------------------------


def test_applications_cover_every_status_with_consistent_history(demo):
    session = demo[0]
    apps = session.scalars(sa.select(Application)).all()
    assert {a.status for a in apps} == set(ApplicationStatus)
    for a in apps:
        steps = [e.to_status for e in a.events]
        assert steps[0] == "applied" and steps[-1] == a.status
        assert [e.from_status for e in a.events] == [None, *steps[:-1]]
        open_part = steps[:-1] if a.status in ("rejected", "withdrawn") else steps
        assert open_part == PIPELINE[: len(open_part)]
        times = [e.at for e in a.events]
        assert times == sorted(times) and a.created_at == times[0] and a.updated_at == times[-1]


def test_applications_only_to_postings_open_at_the_time(demo):
    """Seekers applied to published postings of verified employers, before they closed."""
    session = demo[0]
    for a in session.scalars(sa.select(Application)):
        posting = a.posting
        assert posting.employer.status == EmployerStatus.VERIFIED
        assert posting.status != PostingStatus.DRAFT
        assert posting.published_at <= a.created_at
        if posting.status == PostingStatus.CLOSED:
            assert a.created_at <= posting.updated_at


def test_each_move_is_made_by_the_side_allowed_to_make_it(demo):
    session = demo[0]
    for a in session.scalars(sa.select(Application)):
        seeker_user = a.seeker.user_id
        members = {m.user_id for m in a.posting.employer.members}
        for e in a.events:
            if e.to_status in ("applied", "withdrawn"):
                assert e.actor_user_id == seeker_user
            else:
                assert e.actor_user_id in members


def _check_interviews(session: Session) -> None:
    running = _running(session)
    slots = set()
    for a in session.scalars(sa.select(Application)):
        steps = [e.to_status for e in a.events]
        if "interview" not in steps:
            assert a.interview_at is None and a.interview_booth_id is None
            continue
        at = a.interview_at
        assert at is not None and a.interview_place, a.id
        assert at.minute % 15 == 0 and at.second == 0 and at.microsecond == 0, at
        if a.interview_booth_id is None:
            continue
        booth = session.get(Booth, a.interview_booth_id)
        assert booth.fair_id == running.id and booth.status == BoothStatus.APPROVED
        assert booth.employer_id == a.posting.employer_id
        assert booth.label and booth.label in a.interview_place
        assert running.starts_at <= at and at + timedelta(minutes=15) <= running.ends_at
        assert (booth.id, at) not in slots, "two interviews in one slot at one booth"
        slots.add((booth.id, at))
        interview = next(e for e in a.events if e.to_status == "interview")
        assert interview.at <= at or a.fair_id is None  # arranged before it takes place
        later = [e.at for e in a.events if steps.index(e.to_status) > steps.index("interview")]
        assert all(t >= at + timedelta(minutes=15) for t in later)


def _check_fair_applications(session: Session, now: datetime) -> None:
    apps = session.scalars(sa.select(Application).where(Application.fair_id.is_not(None))).all()
    assert apps
    for a in apps:
        fair = session.get(Fair, a.fair_id)
        assert fair.mode != FairMode.ONSITE  # on-site fairs take applications at the booth
        shown = {
            p.id
            for b in fair.booths
            if b.status == BoothStatus.APPROVED and b.employer_id == a.posting.employer_id
            for p in b.postings
        }
        assert a.posting_id in shown
        assert fair.starts_at <= a.created_at <= min(fair.ends_at, now)
        assert a.events[-1].at <= now


def test_interviews_have_quarter_hour_slots_never_double_booked(demo):
    session = demo[0]
    _check_interviews(session)
    apps = session.scalars(sa.select(Application)).all()
    assert all(a.interview_at for a in apps if a.status in AFTER_INTERVIEW)
    assert any(a.interview_booth_id for a in apps)


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
    _check_fair_applications(demo[0], datetime.now(UTC))


def test_the_demo_seeker_has_an_interview_with_time_and_place(demo):
    session = demo[0]
    seeker = session.scalar(sa.select(User).where(User.phone == DEMO_SEEKER_PHONE)).seeker_profile
    interview = session.scalar(
        sa.select(Application).where(
            Application.seeker_id == seeker.id, Application.status == "interview"
        )
    )
    assert interview.interview_at and interview.interview_place


# -- fairs ------------------------------------------------------------------------------


def test_fairs_in_every_mode_closed_upcoming_and_running_today(demo):
    session = demo[0]
    now = datetime.now(UTC)
    fairs = session.scalars(sa.select(Fair)).all()
    assert {f.mode for f in fairs} == set(FairMode)
    by_status = {f.status: f for f in fairs}
    assert {FairStatus.CLOSED, FairStatus.PUBLISHED, FairStatus.RUNNING} <= set(by_status)
    assert by_status[FairStatus.CLOSED].ends_at < now
    assert by_status[FairStatus.PUBLISHED].starts_at > now
    running = by_status[FairStatus.RUNNING]
    assert running.mode == FairMode.BOTH
    assert running.starts_at.astimezone(CHINA).date() == now.astimezone(CHINA).date()
    for fair in fairs:
        assert fair.starts_at < fair.ends_at and regions.is_county(fair.district_code)
        assert fair.created_at < fair.starts_at


def test_check_ins_only_at_the_running_fair_and_in_the_past(demo):
    session = demo[0]
    now = datetime.now(UTC)
    running = _running(session)
    for r in session.scalars(sa.select(FairRegistration)):
        assert r.registered_at <= now
        if r.checked_in_at is not None:
            assert r.fair_id == running.id and r.checked_in_at <= now
            assert r.registered_at <= r.checked_in_at
    assert any(r.checked_in_at for r in running.registrations)


def test_booths(demo):
    session = demo[0]
    booths = session.scalars(sa.select(Booth)).all()
    assert {b.status for b in booths} == set(BoothStatus)
    for b in booths:  # a request names open postings of a verified employer
        assert b.employer.status == EmployerStatus.VERIFIED
        assert b.postings
        assert all(
            p.employer_id == b.employer_id and p.status == PostingStatus.OPEN for p in b.postings
        )
        if b.status == BoothStatus.APPROVED and b.fair.mode != FairMode.ONLINE:
            assert re.fullmatch(r"A\d\d", b.label)
        if b.status != BoothStatus.APPROVED:
            assert b.label is None
    labels = [(b.fair_id, b.label) for b in booths if b.label]
    assert len(labels) == len(set(labels))


# -- invitations, questions, notifications -------------------------------------------


def test_invitations(demo):
    session = demo[0]
    invitations = session.scalars(sa.select(models.Invitation)).all()
    assert any(i.seeker.user.phone == DEMO_SEEKER_PHONE for i in invitations)
    for i in invitations:
        assert i.posting.status == PostingStatus.OPEN
        assert i.invited_by_id in {m.user_id for m in i.posting.employer.members}
        assert i.seeker.discoverable
        assert not session.scalar(
            sa.select(Application.id).where(
                Application.posting_id == i.posting_id, Application.seeker_id == i.seeker_id
            )
        )


def test_questions_at_the_running_fair(demo):
    session = demo[0]
    running = _running(session)
    questions = session.scalars(sa.select(models.Question)).all()
    assert questions and all(q.booth.fair_id == running.id for q in questions)
    assert all(q.booth.status == BoothStatus.APPROVED for q in questions)
    answered = [q for q in questions if q.answered_at]
    assert answered and len(answered) < len(questions)
    assert all(q.answer and q.created_at <= q.answered_at for q in answered)


def test_no_notification_contains_a_mobile_number(demo):
    session = demo[0]
    rows = session.execute(sa.select(Notification.text, Notification.link)).all()
    assert rows
    assert not [text for text, link in rows if ANY_MOBILE.search(text + link)]


def test_demo_logins_have_unread_and_older_ones_are_read(demo):
    session = demo[0]
    now = datetime.now(UTC)
    for column, login in ((User.phone, DEMO_SEEKER_PHONE), (User.email, "hr01@demo.jobfair.cn")):
        user = session.scalar(sa.select(User).where(column == login))
        notes = session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at)
        ).all()
        unread = [n for n in notes if n.read_at is None]
        assert unread and len(unread) < len(notes), login
        assert notes[-1].read_at is None  # the newest are the unread ones
    for n in session.scalars(sa.select(Notification)):
        assert n.read_at is None or n.created_at <= n.read_at <= now


def test_notifications_are_the_services_texts_for_every_move(demo):
    """Each move of each application was told as the service tells it."""
    from jobfair.services.applications import (
        applied_notification_text,
        status_notification_text,
        withdrawn_notification_text,
    )

    session = demo[0]
    texts: dict[tuple[int, str], list[str]] = {}
    for n in session.scalars(sa.select(Notification)):
        texts.setdefault((n.user_id, n.link), []).append(n.text)
    for a in session.scalars(sa.select(Application)):
        posting, employer, seeker = a.posting, a.posting.employer, a.seeker
        link = f"/employer/applications/{a.id}"
        for m in employer.members:
            got = texts.get((m.user_id, link), [])
            assert applied_notification_text(seeker.name, posting.title) in got
            withdrawn = withdrawn_notification_text(seeker.name, posting.title)
            assert (withdrawn in got) == (a.status == "withdrawn")
        mine = texts.get((seeker.user_id, "/me/applications"), [])
        for e in a.events:
            if e.to_status in ("applied", "withdrawn"):
                continue
            when, place = "", ""
            if e.to_status == "interview":
                when = a.interview_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
                place = a.interview_place
            text = status_notification_text(posting.title, employer.name, e.to_status, when, place)
            assert text[:300] in mine, text


def test_booth_decisions_and_questions_are_notified(demo):
    from jobfair.services.fairs import booth_decision_text
    from jobfair.services.questions import answer_notification_text, question_notification_text

    session = demo[0]

    def told(user_id: int, text: str, link: str) -> bool:
        return bool(
            session.scalar(
                sa.select(Notification.id).where(
                    Notification.user_id == user_id,
                    Notification.text == text,
                    Notification.link == link,
                )
            )
        )

    for b in session.scalars(sa.select(Booth).where(Booth.status != BoothStatus.REQUESTED)):
        text = booth_decision_text(b.fair.name, b.status == BoothStatus.APPROVED, b.label)
        assert all(told(m.user_id, text, "/employer/fairs") for m in b.employer.members)
    for q in session.scalars(sa.select(models.Question)):
        text = question_notification_text(q.booth.fair.name, q.text)
        assert all(told(m.user_id, text, "/employer/") for m in q.booth.employer.members)
        if q.answered_at:
            text = answer_notification_text(q.booth.employer.name, q.answer)
            assert told(q.seeker.user_id, text, "/me/applications")


# -- any time of day ---------------------------------------------------------------------


@pytest.mark.parametrize("utc_hour", [0, 1, 3, 7, 9, 17, 23])
def test_any_time_of_day(utc_hour):
    """Before, during and after the running fair's hours the invariants hold."""
    now = datetime.now(UTC).replace(hour=utc_hour, minute=7, second=0, microsecond=0)
    session, summary = _seeded(seekers=200, now=now)
    try:
        _check_interviews(session)
        _check_fair_applications(session, now)
        assert summary.fair_applications > 0
    finally:
        session.close()
