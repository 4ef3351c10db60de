"""Seekers: registration, profile changes, data export, account deletion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from jobfair.i18n import gettext as _
from matching import licences, taxonomy
from matching.documents import AVAILABILITY, PAY_UNITS
from models import (
    Application,
    ApplicationStatus,
    Booth,
    BoothStatus,
    FairRegistration,
    Invitation,
    LoginSession,
    Notification,
    Question,
    Role,
    SavedPosting,
    SeekerPolicyFacts,
    SeekerProfile,
    User,
)

from .. import validation
from ..clock import now
from ..errors import ConcurrentChange, NotFound, ValidationFailed
from ..extensions import Page, db, paginate
from . import accounts, audit, live_index
from . import applications as application_service
from .privacy import mask_name, mask_phone, mask_query

# what a seeker may set on the profile, with the longest text allowed
TEXT_LIMITS = {"name": 30, "desired_text": 200, "skills": 500, "experience": 1000, "intro": 500}
PROFILE_FIELDS = frozenset(TEXT_LIMITS) | {
    "birth_year",
    "district_code",
    "occupation_codes",
    "experience_years",
    "licence_classes",
    "has_ebike",
    "has_car",
    "health_certificate",
    "availability",
    "pay_amount",
    "pay_unit",
    "discoverable",
    "contact_consent",
}
PAY_AMOUNT_CEILING = validation.PAY_CEILING


def clean_profile(data: dict[str, Any]) -> dict[str, Any]:
    """Check profile values; return the cleaned ones, or raise ValidationFailed with all errors."""
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"unknown profile fields: {sorted(unknown)}")
    clean: dict[str, Any]
    clean, errors = validation.clean_texts(data, TEXT_LIMITS, set(), present_only=True)
    if "name" in data and "name" not in errors:
        try:
            clean["name"] = validation.clean_person_name(clean.get("name"))
        except ValueError as e:
            errors["name"] = str(e)
    if "birth_year" in data:
        try:
            clean["birth_year"] = validation.clean_birth_year(data["birth_year"])
        except ValueError as e:
            errors["birth_year"] = str(e)
    if "district_code" in data:
        try:
            clean["district_code"] = validation.clean_county(data["district_code"])
        except ValueError as e:
            errors["district_code"] = str(e)
    if "occupation_codes" in data:
        codes = list(dict.fromkeys(data["occupation_codes"] or []))
        if any(taxonomy.get(c) is None for c in codes):
            errors["occupation_codes"] = _("请选择列表中的岗位。")
        clean["occupation_codes"] = codes
    if "experience_years" in data:
        years = data["experience_years"]
        if years is not None and not 0 <= years <= 60:
            errors["experience_years"] = _("工作年限应在0到60年之间。")
        clean["experience_years"] = years
    if "licence_classes" in data:
        held = data["licence_classes"] or []
        parsed = licences.parse_classes(held)
        if len(parsed) != len(set(held)):
            errors["licence_classes"] = _("请选择列表中的驾照类型。")
        clean["licence_classes"] = list(parsed)
    if "availability" in data:
        chosen = list(dict.fromkeys(data["availability"] or []))
        if any(a not in AVAILABILITY for a in chosen):
            errors["availability"] = _("请选择列表中的工作时间。")
        clean["availability"] = chosen
    if "pay_amount" in data or "pay_unit" in data:
        amount, unit = data.get("pay_amount"), data.get("pay_unit") or None
        if amount is not None:
            if unit not in PAY_UNITS:
                errors["pay_unit"] = _("请选择薪资单位。")
            elif not 0 < amount <= PAY_AMOUNT_CEILING[unit]:
                errors["pay_amount"] = _("期望薪资不合理，请检查金额和单位。")
        clean["pay_amount"] = amount
        clean["pay_unit"] = unit if amount is not None else None
    for flag in ("has_ebike", "has_car", "health_certificate", "discoverable", "contact_consent"):
        if flag in data:
            clean[flag] = bool(data[flag])
    if errors:
        raise ValidationFailed(errors)
    return clean


def suggest_occupations(text: str, chosen: list[str]) -> list[taxonomy.Occupation]:
    """Occupations of the taxonomy that a free-text wish names ("送外卖" -> 骑手), up to
    three, that the seeker has not ticked yet: sign-up asks them to confirm these.
    None for a text over the field's limit (refused anyway; a 100,000-character
    "title" would keep the matcher busy for seconds)."""
    if len(validation.clean_text(text)) > TEXT_LIMITS["desired_text"]:
        return []
    found = [occupation for occupation, _score in taxonomy.match_title(text, limit=3)]
    return [o for o in found if o.code not in chosen]


def create_seeker_account(
    *,
    phone: str,
    password: str,
    consent: bool,
    profile: dict[str, Any],
    code: str = "",
    dry_run: bool = False,
) -> User | None:
    """Create a seeker account and profile. Nothing is written unless all is valid.

    The number is proven by the code texted to it (:mod:`phone_codes`); a number
    that already has an account never gets a sign-up code, so sign-up says no more
    about it than "the code is not right". ``dry_run`` only checks and reports
    every error, writing nothing (the code stays usable).
    """
    from . import phone_codes

    errors: dict[str, str] = {}
    try:
        phone = validation.clean_mobile(phone)
    except ValueError as e:
        errors["phone"] = str(e)
    else:
        try:
            phone_codes.check_code(phone, phone_codes.SIGNUP, code, consume=not dry_run)
        except ValidationFailed as e:
            errors.update(e.errors)
    try:
        accounts.check_password_rules(password)
    except ValidationFailed as e:
        errors.update(e.errors)
    if not consent:
        errors["consent"] = _("请阅读并同意个人信息处理说明。")
    try:
        clean = clean_profile(profile)
    except ValidationFailed as e:
        errors.update(e.errors)
    for required in ("name", "birth_year", "district_code"):
        if required not in profile:
            errors.setdefault(required, _("此项必填。"))
    if errors:
        raise ValidationFailed(errors)
    if dry_run:
        return None
    user = User(
        role=Role.SEEKER,
        phone=phone,
        password_hash=accounts.hash_password(password),
        display_name=clean["name"],
    )
    user.seeker_profile = SeekerProfile(
        consent_version=current_app.config["CONSENT_VERSION"],
        consent_at=datetime.now(UTC),
        **clean,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as e:  # registered a moment ago with the same code
        raise ConcurrentChange(_("这个手机号刚刚注册过，请直接登录。")) from e
    live_index.seeker_changed(user.seeker_profile.id)
    db.session.flush()
    return user


# the facts that only policy matching needs: given with their own consent, "" is not given
POLICY_FACT_FLAGS = (
    "registered_unemployed",
    "pilot_platform_worker",
    "employment_difficulty",
    "flexible_employed",
    "starting_business",
)
POLICY_FACT_FIELDS = frozenset({"policy_consent", "hukou_region", "graduation_year"}) | set(
    POLICY_FACT_FLAGS
)
OUTSIDE_REGION = "999999"  # household registration outside the region


def clean_policy_facts(data: dict[str, Any]) -> dict[str, Any] | None:
    """The policy facts as typed -> the row's values, or None when consent is not given
    (then nothing is kept: the facts are deleted). ValidationFailed lists every error."""
    from . import policy_matching

    unknown = set(data) - POLICY_FACT_FIELDS
    if unknown:
        raise ValueError(f"unknown policy fact fields: {sorted(unknown)}")
    if not data.get("policy_consent"):
        return None
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    if "hukou_region" in data:  # only the facts the page asked for change
        region = (data.get("hukou_region") or "").strip()
        if region and region != OUTSIDE_REGION:
            try:
                region = validation.clean_county(region)
            except ValueError as e:
                errors["hukou_region"] = str(e)
        clean["hukou_region"] = region or None
    year = data.get("graduation_year")
    if "graduation_year" in data and year in (None, ""):
        clean["graduation_year"] = None
    elif "graduation_year" in data:
        try:
            year = int(year)
        except (TypeError, ValueError):
            year = -1
        this_year = now().year
        if year != policy_matching.NOT_A_GRADUATE and not this_year - 60 <= year <= this_year:
            errors["graduation_year"] = _("请选择毕业年份，或选“不是高校毕业生”。")
        clean["graduation_year"] = year
    for flag in POLICY_FACT_FLAGS:
        if flag not in data:
            continue
        value = data.get(flag)
        if value not in (None, "", "y", "n", True, False):
            errors[flag] = _("请选择“是”“否”或“不确定”。")
        clean[flag] = None if value in (None, "") else value in ("y", True)
    if errors:
        raise ValidationFailed(errors)
    return clean


def save_policy_facts(seeker: SeekerProfile, clean: dict[str, Any] | None) -> None:
    """Keep the cleaned facts (with the moment of consent), or delete them (no consent)."""
    row = db.session.get(SeekerPolicyFacts, seeker.id)
    if clean is None:
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        row = SeekerPolicyFacts(seeker_id=seeker.id, consent_at=datetime.now(UTC))
        db.session.add(row)
    for key, value in clean.items():
        setattr(row, key, value)


def update_seeker_profile(
    seeker: SeekerProfile, changes: dict[str, Any], dry_run: bool = False
) -> SeekerProfile:
    """Change the profile; ``changes["policy_facts"]`` (when the page asked for them) are
    the facts only policy matching needs, saved or deleted with their consent."""
    changes = dict(changes)
    facts = changes.pop("policy_facts", None)
    errors: dict[str, str] = {}
    clean_facts = None
    try:
        clean = clean_profile(changes)
    except ValidationFailed as e:
        errors.update(e.errors)
    if facts is not None:
        try:
            clean_facts = clean_policy_facts(facts)
        except ValidationFailed as e:
            errors.update(e.errors)
    if errors:
        raise ValidationFailed(errors)
    if dry_run:
        return seeker
    if facts is not None:
        save_policy_facts(seeker, clean_facts)
    for key, value in clean.items():
        setattr(seeker, key, value)
    if "name" in clean:
        seeker.user.display_name = clean["name"]
    live_index.seeker_changed(seeker.id)
    db.session.flush()
    return seeker


@dataclass(frozen=True)
class Visibility:
    """What employers see of a seeker, in the seeker's own words on their dashboard."""

    listed: bool  # among the ranked candidates (推荐人选) of verified employers' postings
    contact_shown: bool  # there with full name and mobile number, not masked
    masked_name: str  # how the name reads where it is masked (巴**)
    masked_phone: str  # 138****0001


def visibility_to_employers(seeker: SeekerProfile) -> Visibility:
    """What employers see of this seeker, as the rules that show it decide.

    A hidden profile is never ranked (the matcher's ``profile_hidden``), so it is
    on no candidates page; a listed one shows name and mobile in full where
    :func:`privacy.contact_visible_ids` allows it (the seeker agreed to be
    contacted), masked otherwise. Employers the seeker applied to always see
    name and mobile (their applicants page), and staff see the record (audited).
    """
    return Visibility(
        listed=seeker.discoverable,
        contact_shown=seeker.discoverable and seeker.contact_consent,
        masked_name=mask_name(seeker.name),
        masked_phone=mask_phone(seeker.phone),
    )


@dataclass(frozen=True)
class MyApplication:
    """An application as its seeker follows it: where to go and what happens next."""

    application: Application
    interview_booth: Booth | None  # the fair booth of the interview, if it is at one
    fair_booth: Booth | None  # the employer's booth at the fair applied through, if any
    next_step: str


def my_applications(seeker: SeekerProfile) -> list[MyApplication]:
    """The seeker's applications, latest change first, each with its interview's booth
    (label, hall area, fair), the booth of the fair it was made through, and what
    happens next in plain words."""
    found = application_service.applications_of(seeker)
    booth_ids = {a.interview_booth_id for a in found if a.interview_booth_id}
    fair_ids = {a.fair_id for a in found if a.fair_id}
    booths = (
        list(
            db.session.scalars(
                select(Booth)
                .where(or_(Booth.id.in_(booth_ids), Booth.fair_id.in_(fair_ids)))
                .options(selectinload(Booth.fair))
            )
        )
        if booth_ids or fair_ids
        else []
    )
    by_id = {b.id: b for b in booths}
    at_fair = {(b.fair_id, b.employer_id): b for b in booths if b.status == BoothStatus.APPROVED}
    result = []
    for a in found:
        interview_booth = by_id.get(a.interview_booth_id) if a.interview_booth_id else None
        fair_booth = at_fair.get((a.fair_id, a.posting.employer_id)) if a.fair_id else None
        result.append(MyApplication(a, interview_booth, fair_booth, next_step(a, interview_booth)))
    return result


def next_step(application: Application, interview_booth: Booth | None = None) -> str:
    """What happens next with an application, said to its seeker."""
    S = ApplicationStatus
    status = application.status
    if status == S.INTERVIEW:
        if application.interview_at and application.interview_at < now():
            return _("面试时间已过。单位会在这里告诉您结果；有疑问可以联系单位。")
        if interview_booth is not None and interview_booth.label:
            return _(
                "请按时到招聘会现场，在入口签到后去展位%(label)s面试，带上身份证。"
                "面试后单位会在这里告诉您结果。",
                label=interview_booth.label,
            )
        return _("请按上面的时间和地点去面试，带上身份证。面试后单位会在这里告诉您结果。")
    words = {
        S.APPLIED: _("单位还没有查看您的申请。单位查看或约您面试时，我们会通知您。"),
        S.VIEWED: _("单位已看过您的申请，正在筛选。通过初筛后会通知您。"),
        S.SHORTLISTED: _("您已通过初筛。单位会约您面试，时间和地点会显示在这里并通知您。"),
        S.OFFER: _("单位愿意录用您。请和单位确认入职时间和要带的材料；入职后状态会改为“已录用”。"),
        S.HIRED: _("您已被录用，祝工作顺利！"),
        S.REJECTED: _("这次没有通过。看看为您推荐的其他岗位吧。"),
        S.WITHDRAWN: _("您已撤回这份申请，单位不会再处理它。"),
    }
    return words.get(status, "")


def export_seeker_data(user: User, ip: str | None = None) -> dict[str, Any]:
    """Everything stored about this seeker, for download; the export is audited."""
    seeker = user.seeker_profile
    if seeker is None:
        raise NotFound(_("没有找到求职者资料。"))
    audit.record(user, "seeker.export_data", "seeker", seeker.id, {}, ip)
    db.session.flush()
    return {
        "account": {
            "phone": user.phone,
            "created_at": _iso(user.created_at),
            "last_login_at": _iso(user.last_login_at),
        },
        "profile": _row(seeker),
        "applications": [
            {
                **_row(a),
                "posting_title": a.posting.title,
                "history": [_row(e) for e in a.events],
            }
            for a in db.session.scalars(
                select(Application).where(Application.seeker_id == seeker.id)
            )
        ],
        "invitations": [
            {**_row(i), "posting_title": i.posting.title}
            for i in db.session.scalars(select(Invitation).where(Invitation.seeker_id == seeker.id))
        ],
        "fair_registrations": [
            {**_row(r), "fair_name": r.fair.name}
            for r in db.session.scalars(
                select(FairRegistration).where(FairRegistration.seeker_id == seeker.id)
            )
        ],
        "saved_postings": [
            {**_row(s), "posting_title": s.posting.title}
            for s in db.session.scalars(
                select(SavedPosting).where(SavedPosting.seeker_id == seeker.id)
            )
        ],
        "questions": [
            _row(q)
            for q in db.session.scalars(select(Question).where(Question.seeker_id == seeker.id))
        ],
        "notifications": [
            _row(n)
            for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id))
        ],
        "policy_facts": [
            _row(f)
            for f in db.session.scalars(
                select(SeekerPolicyFacts).where(SeekerPolicyFacts.seeker_id == seeker.id)
            )
        ],
        "exported_at": _iso(datetime.now(UTC)),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _row(obj) -> dict[str, Any]:
    """A model row's columns as JSON-ready values."""
    return {
        c.name: _iso(v) if isinstance(v := getattr(obj, c.key), datetime) else v
        for c in obj.__table__.columns
    }


def delete_seeker_account(user: User, password: str, ip: str | None = None) -> None:
    """Remove the account and profile; the audit log keeps only that it happened.

    The seeker confirms with the password, so that a borrowed phone cannot do it.
    """
    if not accounts.check_password(user, accounts.login_identifier(user), password, ip or ""):
        raise ValidationFailed({"password": _("密码不正确，账号未删除。")})
    seeker_id = user.seeker_profile.id if user.seeker_profile else None
    user_id = user.id
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    if seeker_id is not None:  # the database cascades too; say it where it is decided
        db.session.execute(
            delete(SeekerPolicyFacts).where(SeekerPolicyFacts.seeker_id == seeker_id)
        )
    db.session.delete(user)
    audit.record(None, "seeker.delete_account", "seeker", seeker_id, {"user_id": user_id}, ip)
    if seeker_id is not None:
        live_index.seeker_changed(seeker_id)
    db.session.flush()


def view_seeker_as_staff(staff: User, seeker_id: int, ip: str | None) -> SeekerProfile:
    """A staff member opens a seeker's full record: written to the audit log."""
    seeker = db.session.get(SeekerProfile, seeker_id)
    if seeker is None:
        raise NotFound(_("没有找到该求职者。"))
    audit.record(staff, "staff.view_seeker", "seeker", seeker.id, {}, ip)
    db.session.flush()
    return seeker


def search_seekers(
    staff: User, query: str, page: int, per_page: int, ip: str | None = None
) -> Page:
    """Staff list or look seekers up by name or phone.

    Every page of it shows personal data, so every page view is audited once:
    a search with its query masked (the audit log is personal data too).
    """
    stmt = (
        select(SeekerProfile)
        .options(selectinload(SeekerProfile.user))
        .order_by(SeekerProfile.id.desc())
    )
    q = validation.clean_text(query)[:50]
    if q:
        like = f"%{q}%"
        stmt = stmt.join(User).where(or_(SeekerProfile.name.like(like), User.phone.like(like)))
    result = paginate(db.session, stmt, page, per_page)
    detail = {"page": result.page, "rows": len(result.items)}
    if q:
        detail["query"] = mask_query(q)
    audit.record(
        staff, "staff.search_seekers" if q else "staff.list_seekers", "seeker", None, detail, ip
    )
    db.session.flush()
    return result
