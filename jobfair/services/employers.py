"""Employers: registration, verification by staff, near-duplicate warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select

from jobfair.i18n import gettext as _
from matching import taxonomy
from models import (
    Booth,
    BoothStatus,
    Employer,
    EmployerMember,
    EmployerStatus,
    Fair,
    Role,
    User,
)

from .. import validation
from ..errors import DomainError, NotAllowed, NotFound, ValidationFailed
from ..extensions import db
from . import accounts, audit, live_index, notify

REVIEW_NOTE_LIMIT = 200
COMPANY_LIMITS = {"name": 100, "address": 200, "contact_name": 32, "intro": 2000}
COMPANY_FIELDS = frozenset(COMPANY_LIMITS) | {
    "credit_code",
    "trade",
    "district_code",
    "contact_phone",
}
# Legal-form words that make two different companies look alike.
_COMPANY_NOISE = re.compile(
    r"(内蒙古自治区|内蒙古|有限责任公司|股份有限公司|有限公司|分公司|集团|公司|科技|"
    r"呼和浩特市|呼和浩特|包头市|包头|赤峰市|赤峰|鄂尔多斯市|鄂尔多斯|通辽市|通辽|[()（）\s])"
)
DUPLICATE_THRESHOLD = 85
VISIT_GAP = timedelta(minutes=30)  # dashboard views closer than this are one visit


@dataclass(frozen=True)
class PendingEmployer:
    employer: Employer
    similar: list[tuple[Employer, float]]


def _core_name(name: str) -> str:
    core = _COMPANY_NOISE.sub("", name)
    return core or name


def clean_company(data: dict[str, Any]) -> dict[str, Any]:
    clean, errors = validation.clean_texts(data, COMPANY_LIMITS, set(COMPANY_LIMITS) - {"intro"})
    try:
        clean["credit_code"] = validation.clean_credit_code(data.get("credit_code"))
    except ValueError as e:
        errors["credit_code"] = str(e)
    if data.get("trade") not in taxonomy.TRADES:
        errors["trade"] = _("请选择所属行业。")
    clean["trade"] = data.get("trade")
    try:
        clean["district_code"] = validation.clean_county(data.get("district_code"))
    except ValueError as e:
        errors["district_code"] = str(e)
    try:
        clean["contact_phone"] = validation.clean_mobile(data.get("contact_phone"))
    except ValueError as e:
        errors["contact_phone"] = str(e)
    if errors:
        raise ValidationFailed(errors)
    return clean


def register_employer(
    *, login: str, password: str, company: dict[str, Any], dry_run: bool = False
) -> User | None:
    """Create a pending employer and its first member. ``login`` is an email or mobile.

    ``dry_run`` only checks and reports every error, writing nothing.
    """
    errors: dict[str, str] = {}
    login = (login or "").strip()
    email = phone = None
    if "@" in login:
        email = login.lower()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            errors["login"] = _("请填写有效的邮箱地址或手机号。")
    else:
        try:
            phone = validation.clean_mobile(login)
        except ValueError as e:
            errors["login"] = str(e)
    if "login" not in errors and accounts.find_user(email or phone):
        errors["login"] = _("该账号已注册，请直接登录。")
    try:
        accounts.check_password_rules(password)
    except ValidationFailed as e:
        errors.update(e.errors)
    try:
        clean = clean_company(company)
    except ValidationFailed as e:
        errors.update(e.errors)
    else:
        taken = db.session.scalar(
            select(Employer).where(Employer.credit_code == clean["credit_code"])
        )
        if taken:
            errors["credit_code"] = _("该统一社会信用代码已登记，请联系本单位的账号管理人。")
    if errors:
        raise ValidationFailed(errors)
    if dry_run:
        return None
    user = User(
        role=Role.EMPLOYER,
        email=email,
        phone=phone,
        password_hash=accounts.hash_password(password),
        display_name=clean["contact_name"],
    )
    employer = Employer(**clean, status=EmployerStatus.PENDING)
    db.session.add_all([user, employer])
    db.session.flush()
    db.session.add(EmployerMember(employer_id=employer.id, user_id=user.id))
    db.session.flush()
    return user


def similar_employers(
    employer: Employer, candidates: list[Employer]
) -> list[tuple[Employer, float]]:
    """Other employers whose names look like this one's (likely duplicates)."""
    others = {e.id: _core_name(e.name) for e in candidates if e.id != employer.id}
    if not others:
        return []
    hits = process.extract(
        _core_name(employer.name),
        others,
        scorer=fuzz.WRatio,
        score_cutoff=DUPLICATE_THRESHOLD,
        limit=5,
    )
    by_id = {e.id: e for e in candidates}
    return [(by_id[key], round(score)) for _name, score, key in hits]


def list_pending_employers(staff: User, ip: str | None = None) -> list[PendingEmployer]:
    """Employers waiting for review, each with the registered ones it resembles.

    The list shows each contact person's name and phone: every view is audited.
    """
    everyone = list(db.session.scalars(select(Employer).order_by(Employer.created_at)))
    pending = sorted(
        (e for e in everyone if e.status == EmployerStatus.PENDING),
        key=lambda e: e.resubmitted_at or e.created_at,
    )
    audit.record(
        staff, "staff.list_pending_employers", "employer", None, {"rows": len(pending)}, ip
    )
    db.session.flush()
    return [PendingEmployer(e, similar_employers(e, everyone)) for e in pending]


def review_employer(
    staff: User,
    employer_id: int,
    approve: bool,
    note: str = "",
    ip: str | None = None,
    dry_run: bool = False,
) -> Employer:
    """Verify or reject a pending employer; a rejection needs a reason, which the
    employer's members are told and see on their dashboard.

    ``dry_run`` only checks (the staff's confirm step before a rejection).
    """
    employer = employer_to_review(employer_id)
    note = validation.clean_one(
        note,
        "note",
        REVIEW_NOTE_LIMIT,
        required=False if approve else _("驳回时请填写理由，单位会看到这条理由并据此修改资料。"),
    )
    if dry_run:
        return employer
    employer.status = EmployerStatus.VERIFIED if approve else EmployerStatus.REJECTED
    employer.review_note = note
    employer.reviewed_at = datetime.now(UTC)
    employer.reviewed_by_id = staff.id
    audit.record(
        staff,
        "employer.verify" if approve else "employer.reject",
        "employer",
        employer.id,
        {} if approve else {"note": note},
        ip,
    )
    live_index.employer_changed(employer.id)
    notify.notify(
        notify.employer_members(employer.id),
        review_decision_text(employer.name, approve, note),
        "/employer/",
    )
    db.session.flush()
    return employer


def employer_to_review(employer_id: int) -> Employer:
    """A pending employer (404 when there is none, 400 once it was reviewed)."""
    employer = db.session.get(Employer, employer_id)
    if employer is None:
        raise NotFound(_("没有找到该单位。"))
    if employer.status != EmployerStatus.PENDING:
        raise DomainError(_("该单位已审核过。"))
    return employer


def review_decision_text(name: str, approved: bool, note: str) -> str:
    """What an employer's members are told when staff verify or reject their registration."""
    if approved:
        return _("“%(name)s”已通过审核，现在可以发布岗位、报名参加招聘会了。", name=name)
    return _(
        "“%(name)s”的注册未通过审核，理由：%(note)s。请在单位中心修改资料后重新提交审核。",
        name=name,
        note=note,
    )


def may_publish(employer: Employer) -> bool:
    """Only a verified employer publishes postings and takes part in fairs."""
    return employer.verified


def may_edit_company(employer: Employer) -> bool:
    """Members correct their company's details until staff verified it; afterwards the
    bureau changes them, so that a verified name cannot become another one."""
    return employer.status != EmployerStatus.VERIFIED


def update_company(
    member: User, company: dict[str, Any], dry_run: bool = False, ip: str | None = None
) -> Employer:
    """Correct the company's details; a rejected employer is thereby resubmitted
    for review (pending again, audited, back in the staff's list)."""
    employer = employer_of(member)
    if not may_edit_company(employer):
        raise NotAllowed(_("单位已通过审核，如需变更资料请联系就业服务机构。"))
    clean = clean_company(company)
    taken = db.session.scalar(
        select(Employer.id).where(
            Employer.credit_code == clean["credit_code"], Employer.id != employer.id
        )
    )
    if taken:
        raise ValidationFailed(
            {"credit_code": _("该统一社会信用代码已登记，请联系本单位的账号管理人。")}
        )
    if dry_run:
        return employer
    changed = sorted(k for k, v in clean.items() if getattr(employer, k) != v)
    for key, value in clean.items():
        setattr(employer, key, value)
    resubmitted = employer.status == EmployerStatus.REJECTED
    if resubmitted:
        employer.status = EmployerStatus.PENDING
        employer.resubmitted_at = datetime.now(UTC)
    audit.record(
        member,
        "employer.resubmit" if resubmitted else "employer.update",
        "employer",
        employer.id,
        {"fields": changed},
        ip,
    )
    db.session.flush()
    return employer


def record_dashboard_visit(member: User) -> datetime | None:
    """The member opens the dashboard: return the time applications count as "new"
    from (None before a first visit: all are new), and remember this view.

    Views less than :data:`VISIT_GAP` apart are one visit, so that "new" does not
    vanish when the member comes back to the dashboard from a posting a minute later.
    """
    membership = member.membership
    if membership is None:
        raise NotAllowed(_("您的账号未关联任何单位。"))
    at = datetime.now(UTC)
    last = membership.last_dashboard_at
    if last is None or at - last > VISIT_GAP:
        membership.new_since_at = last  # a new visit: new since the previous one
    membership.last_dashboard_at = at
    db.session.flush()
    return membership.new_since_at


def withdraw_booth_request(member: User, booth_id: int, ip: str | None = None) -> Fair:
    """Take back a booth request staff have not reviewed yet (afterwards it stays);
    returns the fair it was for."""
    employer = employer_of(member)
    booth = db.session.get(Booth, booth_id)
    if booth is None or booth.employer_id != employer.id:
        raise NotFound(_("没有找到该参会申请。"))
    if booth.status != BoothStatus.REQUESTED:
        raise DomainError(_("工作人员已审核这份参会申请，不能再撤回。"))
    fair = booth.fair
    audit.record(member, "booth.withdraw", "booth", booth.id, {"fair_id": fair.id}, ip)
    db.session.delete(booth)
    db.session.flush()
    return fair


def employer_of(user: User) -> Employer:
    """The employer a member acts for; an account linked to none is refused (403)."""
    if user.membership is None:
        raise NotAllowed(_("您的账号未关联任何单位。"))
    return user.membership.employer
