"""Applications and the hiring pipeline: who may move what, when, and who is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from jobfair.i18n import gettext as _
from matching import reasons as R
from matching.documents import Match
from matching.reasons import Reason
from models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Booth,
    Fair,
    Posting,
    Role,
    SeekerProfile,
    User,
)

from .. import labels, reasons, validation
from ..clock import local_time, start_of_local_day
from ..errors import (
    ConcurrentChange,
    Conflict,
    DomainError,
    NotAllowed,
    NotFound,
    ValidationFailed,
)
from ..extensions import db
from . import fairs as fair_service
from . import notify
from .documents import own_seeker_doc, posting_doc, seeker_doc
from .live_index import matcher

S = ApplicationStatus
# The only moves there are. Rejected and withdrawn are reachable from every open state.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.APPLIED: frozenset({S.VIEWED, S.REJECTED, S.WITHDRAWN}),
    S.VIEWED: frozenset({S.SHORTLISTED, S.REJECTED, S.WITHDRAWN}),
    S.SHORTLISTED: frozenset({S.INTERVIEW, S.REJECTED, S.WITHDRAWN}),
    S.INTERVIEW: frozenset({S.OFFER, S.REJECTED, S.WITHDRAWN}),
    S.OFFER: frozenset({S.HIRED, S.REJECTED, S.WITHDRAWN}),
    S.HIRED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
SEEKER_MOVES = frozenset({S.WITHDRAWN})
EMPLOYER_MOVES = frozenset({S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.OFFER, S.HIRED, S.REJECTED})
INTERVIEW_SLOT = timedelta(minutes=15)
NOTE_LIMIT = 500
PLACE_LIMIT = 100


@dataclass(frozen=True)
class ApplyCheck:
    """What a seeker is told before applying: hard failures block, soft ones warn."""

    hard: tuple[Reason, ...]
    soft: tuple[Reason, ...]

    @property
    def ok(self) -> bool:
        return not self.hard and not self.soft


#: Unmet requirements a seeker can still sort out before starting; the others
#: (licence, age) block applying.
SOFT_REQUIREMENTS = frozenset(
    {
        R.NEEDS_HEALTH_CERTIFICATE,
        R.NEEDS_EBIKE,
        R.NEEDS_CAR,
        R.NEEDS_NIGHTS,
        R.NEEDS_WEEKENDS,
    }
)


@dataclass(frozen=True)
class Applicant:
    application: Application
    match: Match


def check_application(seeker: SeekerProfile, posting: Posting) -> ApplyCheck:
    """Split the posting's unmet requirements into hard ones (licence, age) and
    soft ones the seeker can still sort out before starting (health certificate,
    own vehicle, night or weekend shifts): :data:`SOFT_REQUIREMENTS`."""
    failures = matcher().eligibility(posting_doc(posting), own_seeker_doc(seeker)).failures
    return ApplyCheck(
        hard=tuple(f for f in failures if f.code not in SOFT_REQUIREMENTS),
        soft=tuple(f for f in failures if f.code in SOFT_REQUIREMENTS),
    )


def existing_application(seeker: SeekerProfile, posting_id: int) -> Application | None:
    return db.session.scalar(
        select(Application).where(
            Application.seeker_id == seeker.id, Application.posting_id == posting_id
        )
    )


def applied_posting_ids(seeker: SeekerProfile, posting_ids: list[int]) -> set[int]:
    """Of these postings, those the seeker has applied to."""
    if not posting_ids:
        return set()
    stmt = select(Application.posting_id).where(
        Application.seeker_id == seeker.id, Application.posting_id.in_(posting_ids)
    )
    return set(db.session.scalars(stmt))


def apply_to_posting(
    seeker: SeekerProfile,
    posting_id: int,
    note: str = "",
    fair_id: int | None = None,
    accept_soft: bool = False,
) -> Application:
    """Apply once to an open posting; through a fair only while that fair is open."""
    posting = db.session.get(Posting, posting_id)
    if posting is None:
        raise NotFound(_("没有找到该岗位。"))
    if not posting.is_public:
        raise DomainError(_("该岗位已停止招聘，不能申请。"))
    fair = None
    if fair_id is not None:
        fair = db.session.get(Fair, fair_id)
        if fair is None or posting.id not in fair_service.fair_posting_ids(fair):
            raise NotFound(_("该岗位不在这场招聘会中。"))
        if not fair.takes_online_applications:
            raise DomainError(_("这是现场招聘会，请到现场展位投递。"))
        fair_service.require_open_now(fair)
    earlier = existing_application(seeker, posting.id)
    if earlier is not None:
        raise Conflict(
            _(
                "您已经申请过这个岗位（当前状态：%(status)s），无需重复申请。",
                status=labels.application_status[earlier.status],
            )
        )
    note = validation.clean_one(note, "note", NOTE_LIMIT)
    check = check_application(seeker, posting)
    if check.hard:
        raise NotAllowed(
            _("您不符合这个岗位的硬性要求：%(what)s。", what=reasons.join(check.hard, "seeker"))
        )
    if check.soft and not accept_soft:
        raise ValidationFailed(
            {
                "accept_soft": _(
                    "这个岗位要求：%(what)s。请确认您能在入职前满足后再申请。",
                    what=reasons.join(check.soft, "seeker"),
                )
            }
        )
    application = Application(
        posting_id=posting.id, seeker_id=seeker.id, note=note, fair_id=fair.id if fair else None
    )
    application.events.append(
        ApplicationEvent(
            from_status=None, to_status=S.APPLIED, actor_user_id=seeker.user_id, note=note
        )
    )
    db.session.add(application)
    try:
        db.session.flush()
    except IntegrityError as e:  # the same seeker, twice at the same moment
        raise ConcurrentChange(_("您已经申请过这个岗位，无需重复申请。")) from e
    notify.notify(
        notify.employer_members(posting.employer_id),
        applied_notification_text(seeker.name, posting.title),
        f"/employer/applications/{application.id}",
        about_seeker_id=seeker.id,
    )
    db.session.flush()
    return application


def _load(application_id: int) -> Application:
    application = db.session.get(
        Application,
        application_id,
        options=[selectinload(Application.posting).selectinload(Posting.employer)],
    )
    if application is None:
        raise NotFound(_("没有找到该申请。"))
    return application


def application_for(user: User, application_id: int) -> Application:
    """The application if this user is its seeker or a member of its employer (else 404)."""
    application = _load(application_id)
    if user.role == Role.SEEKER and application.seeker.user_id == user.id:
        return application
    if user.role == Role.EMPLOYER and user.employer_id == application.posting.employer_id:
        return application
    raise NotFound(_("没有找到该申请。"))


def allowed_moves(actor: User, application: Application) -> list[str]:
    """The moves ``actor``'s side may make on ``application`` now, in pipeline order."""
    side = SEEKER_MOVES if actor.role == Role.SEEKER else EMPLOYER_MOVES
    possible = TRANSITIONS[application.status] & side
    return [status for status in labels.application_status if status in possible]


def move_application(
    actor: User,
    application_id: int,
    to_status: str,
    *,
    note: str = "",
    version: int,
    interview_at: datetime | None = None,
    interview_place: str = "",
    booth_id: int | None = None,
) -> Application:
    """Move an application one step along the pipeline, record who and when, tell the other side.

    ``version`` is the version the actor saw: if someone else moved the
    application since, the move is refused and the history stays as it was.
    """
    application = application_for(actor, application_id)
    if to_status not in (SEEKER_MOVES if actor.role == Role.SEEKER else EMPLOYER_MOVES):
        raise NotAllowed(
            _("您不能把申请改为“%(to)s”。", to=labels.application_status.get(to_status, to_status))
        )
    if to_status not in TRANSITIONS[application.status]:
        raise DomainError(
            _(
                "不能从“%(from)s”直接改为“%(to)s”。",
                **{
                    "from": labels.application_status[application.status],
                    "to": labels.application_status[to_status],
                },
            )
        )
    if version != application.version:
        raise Conflict(_("这份申请刚被其他人处理过，请刷新页面查看最新状态。"))
    note = validation.clean_one(note, "note", NOTE_LIMIT)
    if to_status == S.INTERVIEW:
        _set_interview(application, interview_at, interview_place, booth_id)
    elif to_status in (S.REJECTED, S.WITHDRAWN):
        application.interview_booth_id = None  # free the booth slot; time and place stay on record
    previous = application.status
    try:
        # the version check runs at the first flush: here, not in a later autoflush
        application.status = to_status
        application.events.append(
            ApplicationEvent(
                from_status=previous, to_status=to_status, actor_user_id=actor.id, note=note
            )
        )
        db.session.flush()
        _tell_the_other_side(actor, application, to_status)
        db.session.flush()
    except StaleDataError as e:  # the caller's unit of work rolls the request back
        raise ConcurrentChange(_("这份申请刚被其他人处理过，请刷新页面查看最新状态。")) from e
    except IntegrityError as e:
        raise ConcurrentChange(_("这个时段在该展位已安排了其他面试，请换一个时段。")) from e
    return application


def _set_interview(
    application: Application, at: datetime | None, place: str, booth_id: int | None
) -> None:
    errors = {}
    if at is None:
        errors["interview_at"] = _("请填写面试时间。")
    elif at.tzinfo is None:
        raise ValueError("interview time must be timezone-aware")
    elif at < datetime.now(UTC):
        errors["interview_at"] = _("面试时间不能早于现在。")
    elif at > datetime.now(UTC) + timedelta(days=366):
        errors["interview_at"] = _("面试时间不能晚于一年以后。")
    elif (at.minute % 15) or at.second or at.microsecond:
        errors["interview_at"] = _("面试按15分钟一个时段安排，请选择整点、15分、30分或45分。")
    booth = None
    if booth_id:
        booth = db.session.get(Booth, booth_id)
        if booth is None or not fair_service.may_interview_at(
            booth, application.posting.employer_id
        ):
            errors["booth_id"] = _("请选择本单位已获批准的展位。")
        elif (
            at is not None
            and "interview_at" not in errors
            and not (booth.fair.starts_at <= at and at + INTERVIEW_SLOT <= booth.fair.ends_at)
        ):
            errors["interview_at"] = _("展位面试须安排在招聘会开放时间内。")
    try:
        place = validation.clean_one(place, "interview_place", PLACE_LIMIT)
    except ValidationFailed as e:
        errors.update(e.errors)
        place = ""
    if booth is None and not place and "interview_place" not in errors:
        errors["interview_place"] = _("请填写面试地点，或选择招聘会展位。")
    if errors:
        raise ValidationFailed(errors)
    if booth is not None:
        taken = db.session.scalar(
            select(Application.id).where(
                Application.interview_booth_id == booth.id,
                Application.interview_at == at,
                Application.id != application.id,
            )
        )
        if taken:
            raise Conflict(_("这个时段在该展位已安排了其他面试，请换一个时段。"))
        place = place or _("%(fair)s 展位%(label)s", fair=booth.fair.name, label=booth.label or "")
    application.interview_at = at
    application.interview_place = place
    application.interview_booth_id = booth.id if booth else None


def reschedule_interview(
    member: User,
    application_id: int,
    *,
    version: int,
    interview_at: datetime | None,
    interview_place: str = "",
    booth_id: int | None = None,
    note: str = "",
) -> Application:
    """Move an arranged interview to another time or place; the seeker is told.

    A booth slot the interview leaves is free again at once (the slot is the
    application's booth and time, and both change here).
    """
    application = _interview_of(member, application_id, version)
    note = validation.clean_one(note, "note", NOTE_LIMIT)
    before = (application.interview_at, application.interview_place, application.interview_booth_id)
    _set_interview(application, interview_at, interview_place, booth_id)
    after = (application.interview_at, application.interview_place, application.interview_booth_id)
    if after == before:
        raise ValidationFailed({"interview_at": _("面试时间和地点都没有变化。")})
    was = local_time(before[0])
    application.events.append(
        ApplicationEvent(
            from_status=S.INTERVIEW,
            to_status=S.INTERVIEW,
            actor_user_id=member.id,
            note=_("面试改期（原定%(at)s，%(place)s）", at=was, place=before[1])
            + (f"：{note}" if note else ""),
        )
    )
    _flush_interview_change(application)
    posting = application.posting
    notify.notify(
        [application.seeker.user],
        interview_moved_text(
            posting.title,
            posting.employer.name,
            local_time(application.interview_at),
            application.interview_place,
            note,
        ),
        "/me/applications",
    )
    db.session.flush()
    return application


def cancel_interview(
    member: User, application_id: int, *, version: int, note: str = ""
) -> Application:
    """Call an arranged interview off: the application goes back to "shortlisted"
    (it may be given a new interview, or be turned down), its booth slot is freed,
    and the seeker is told."""
    application = _interview_of(member, application_id, version)
    note = validation.clean_one(note, "note", NOTE_LIMIT)
    was = local_time(application.interview_at)
    application.events.append(
        ApplicationEvent(
            from_status=S.INTERVIEW,
            to_status=S.SHORTLISTED,
            actor_user_id=member.id,
            note=_("取消面试（原定%(at)s，%(place)s）", at=was, place=application.interview_place)
            + (f"：{note}" if note else ""),
        )
    )
    application.status = S.SHORTLISTED
    application.interview_at = None
    application.interview_place = ""
    application.interview_booth_id = None
    _flush_interview_change(application)
    posting = application.posting
    notify.notify(
        [application.seeker.user],
        interview_cancelled_text(posting.title, posting.employer.name, was, note),
        "/me/applications",
    )
    db.session.flush()
    return application


def _interview_of(member: User, application_id: int, version: int) -> Application:
    """An application of the member's employer with an interview arranged, as they saw it."""
    application = application_for(member, application_id)
    if member.role != Role.EMPLOYER:
        raise NotAllowed(_("只有招聘单位可以调整面试。"))
    if application.status != S.INTERVIEW:
        raise DomainError(_("这份申请当前没有安排面试。"))
    if version != application.version:
        raise Conflict(_("这份申请刚被其他人处理过，请刷新页面查看最新状态。"))
    return application


def _flush_interview_change(application: Application) -> None:
    try:
        db.session.flush()
    except StaleDataError as e:  # the caller's unit of work rolls the request back
        raise ConcurrentChange(_("这份申请刚被其他人处理过，请刷新页面查看最新状态。")) from e
    except IntegrityError as e:
        raise ConcurrentChange(_("这个时段在该展位已安排了其他面试，请换一个时段。")) from e


def interview_moved_text(title: str, company: str, at: str, place: str, note: str = "") -> str:
    """What a seeker is told when the employer moves their interview (``at``: local time)."""
    text = _(
        "您申请的“%(title)s”（%(company)s）面试已改期，新的时间：%(at)s，地点：%(place)s。",
        title=title,
        company=company,
        at=at,
        place=place,
    )
    return text + (_("单位留言：%(note)s", note=note) if note else "")


def interview_cancelled_text(title: str, company: str, at: str, note: str = "") -> str:
    """What a seeker is told when the employer calls their interview off."""
    text = _(
        "您申请的“%(title)s”（%(company)s）原定%(at)s的面试已取消，申请仍保留在“初筛通过”。",
        title=title,
        company=company,
        at=at,
    )
    return text + (_("单位留言：%(note)s", note=note) if note else "")


def applied_notification_text(seeker_name: str, title: str) -> str:
    """What an employer's members are told when a seeker applies to their posting."""
    return _("%(name)s 申请了岗位“%(title)s”。", name=seeker_name, title=title)


def withdrawn_notification_text(seeker_name: str, title: str) -> str:
    """What an employer's members are told when a seeker withdraws an application."""
    return _("%(name)s 撤回了对“%(title)s”的申请。", name=seeker_name, title=title)


def status_notification_text(
    title: str, company: str, to_status: str, interview_at: str = "", interview_place: str = ""
) -> str:
    """What a seeker is told when the employer moves their application to ``to_status``.

    ``interview_at`` is the interview's time as the seeker reads it (local
    time, already formatted); when given, the text says when and where.
    """
    text = _(
        "您申请的“%(title)s”（%(company)s）状态更新为：%(status)s。",
        title=title,
        company=company,
        status=labels.application_status[to_status],
    )
    if interview_at:
        text += _("面试时间：%(at)s，地点：%(place)s。", at=interview_at, place=interview_place)
    return text


def _tell_the_other_side(actor: User, application: Application, to_status: str) -> None:
    posting = application.posting
    if actor.role == Role.SEEKER:
        notify.notify(
            notify.employer_members(posting.employer_id),
            withdrawn_notification_text(application.seeker.name, posting.title),
            f"/employer/applications/{application.id}",
            about_seeker_id=application.seeker_id,
        )
        return
    interview_at = ""
    if to_status == S.INTERVIEW and application.interview_at:
        interview_at = local_time(application.interview_at)
    text = status_notification_text(
        posting.title, posting.employer.name, to_status, interview_at, application.interview_place
    )
    notify.notify([application.seeker.user], text, "/me/applications")


def open_for_employer(member: User, application_id: int) -> Application:
    """An employer member opens an application: a new one becomes "viewed".

    Raises ``ConcurrentChange`` when another member moved it at the same moment;
    the caller rolls back and shows the application as it now is.
    """
    application = application_for(member, application_id)
    if application.status == S.APPLIED:
        move_application(member, application.id, S.VIEWED, version=application.version)
    return application


def bulk_move(member: User, application_ids: list[int], to_status: str) -> tuple[int, list[str]]:
    """Shortlist or reject several applications; returns how many moved and why others did not."""
    if to_status not in (S.SHORTLISTED, S.REJECTED):
        raise NotAllowed(_("批量操作只能初筛通过或不通过。"))
    moved, problems = 0, []
    for application_id in dict.fromkeys(application_ids):
        try:  # a refused move is refused before it writes anything
            application = application_for(member, application_id)
            if to_status == S.SHORTLISTED and application.status == S.APPLIED:
                move_application(member, application_id, S.VIEWED, version=application.version)
            move_application(member, application_id, to_status, version=application.version)
            moved += 1
        except ConcurrentChange:
            raise  # the session is spent: the whole request rolls back
        except DomainError as e:
            problems.append(f"#{application_id}: {e.message}")
    return moved, problems


def applicants(
    member: User, posting_id: int, status: str | None = None
) -> tuple[Posting, list[Applicant]]:
    """The applications to an employer's own posting, best match first."""
    from . import postings

    posting = postings.own_posting(member, posting_id)
    stmt = (
        select(Application)
        .where(Application.posting_id == posting.id)
        .options(selectinload(Application.seeker).selectinload(SeekerProfile.user))
    )
    if status in TRANSITIONS:
        stmt = stmt.where(Application.status == status)
    index = matcher()
    p_doc = posting_doc(posting)
    result = [
        Applicant(a, index.explain(p_doc, seeker_doc(a.seeker))) for a in db.session.scalars(stmt)
    ]
    result.sort(key=lambda x: (-x.match.score, x.application.created_at))
    return posting, result


@dataclass(frozen=True)
class PostingActivity:
    """A line of the employer's dashboard: a posting and what happened to it."""

    posting: Posting
    applicants: int  # every application, whatever its status
    new: int  # applied since the member's previous visit
    interviews_today: int


def employer_activity(
    member: User, postings: list[Posting], since: datetime | None
) -> list[PostingActivity]:
    """For each of these postings of the member's employer: applicants, new ones
    since ``since`` (all of them when None: a first visit) and today's interviews."""
    ids = [p.id for p in postings]
    start = start_of_local_day()
    totals: dict[int, int] = {}
    new: dict[int, int] = {}
    today: dict[int, int] = {}
    if ids:
        rows = db.session.execute(
            select(
                Application.posting_id,
                Application.status,
                Application.created_at,
                Application.interview_at,
            ).where(Application.posting_id.in_(ids))
        )
        for posting_id, status, created_at, interview_at in rows:
            totals[posting_id] = totals.get(posting_id, 0) + 1
            if since is None or created_at > since:
                new[posting_id] = new.get(posting_id, 0) + 1
            if status == S.INTERVIEW and start <= interview_at < start + timedelta(days=1):
                today[posting_id] = today.get(posting_id, 0) + 1
    return [
        PostingActivity(p, totals.get(p.id, 0), new.get(p.id, 0), today.get(p.id, 0))
        for p in postings
    ]


def interviews_today(member: User) -> list[Application]:
    """The interviews arranged for today (the bureau's day) at the member's employer."""
    from .employers import employer_of

    start = start_of_local_day()
    stmt = (
        select(Application)
        .join(Posting, Posting.id == Application.posting_id)
        .where(
            Posting.employer_id == employer_of(member).id,
            Application.status == S.INTERVIEW,
            Application.interview_at >= start,
            Application.interview_at < start + timedelta(days=1),
        )
        .options(selectinload(Application.seeker), selectinload(Application.posting))
        .order_by(Application.interview_at, Application.id)
    )
    return list(db.session.scalars(stmt))


def applications_of(seeker: SeekerProfile) -> list[Application]:
    stmt = (
        select(Application)
        .where(Application.seeker_id == seeker.id)
        .options(selectinload(Application.events), selectinload(Application.posting))
        .order_by(Application.updated_at.desc())
    )
    return list(db.session.scalars(stmt))
