"""Postings: employers create and manage their own; everyone browses open ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, case, cast, false, func, or_, select
from sqlalchemy.orm import contains_eager
from sqlalchemy.sql import Select

from jobfair.i18n import gettext as _
from matching import licences, regions, scoring, taxonomy
from matching.documents import AVAILABILITY, PAY_UNITS
from models import Employer, Posting, PostingStatus, User

from .. import validation
from ..errors import NotFound, ValidationFailed
from ..extensions import Page, db, paginate
from . import live_index
from .employers import employer_of, may_publish

POSTING_FIELDS = frozenset(
    {
        "title",
        "occupation_code",
        "description",
        "requirements",
        "district_code",
        "pay_min",
        "pay_max",
        "pay_unit",
        "schedule",
        "headcount",
        "required_licence",
        "min_age",
        "needs_health_certificate",
        "needs_vehicle",
        "status",
    }
)
TEXT_LIMITS = {"title": 60, "description": 3000, "requirements": 1000}
MAX_HEADCOUNT = 5000
VEHICLES = ("ebike", "car")


@dataclass
class PostingFilters:
    trade: str | None = None
    district: str | None = None  # a county code or a league code
    schedule: str | None = None
    min_pay: int | None = None  # per the chosen unit
    pay_unit: str | None = None
    keyword: str | None = None


#: How the public posting list can be ordered, the default first. "distance" and
#: "match" need a seeker's profile (their district, their ranking); an order a
#: user may not use, or an unknown one, falls back to the default.
SORTS = ("newest", "match", "distance", "pay")
PROFILE_SORTS = frozenset({"match", "distance"})


def sorts_for(has_profile: bool) -> tuple[str, ...]:
    """The orders a user may choose: all of them with a seeker's profile."""
    return SORTS if has_profile else tuple(s for s in SORTS if s not in PROFILE_SORTS)


def clean_sort(value: str | None, has_profile: bool) -> str:
    """The requested order if the user may use it, else the default (never an error)."""
    return value if value in sorts_for(has_profile) else SORTS[0]


#: The trades whose pay per order has a monthly equivalent: riders and couriers
#: deliver about 800 orders a month. A price per order elsewhere (a freight trip,
#: a livestream commission) says nothing about a month's income.
PER_ORDER_TRADES = frozenset({"delivery"})


def monthly_pay(amount: int | None, unit: str | None, trade: str | None) -> int | None:
    """Pay per month in yuan, so that pay quoted per month, day, hour or order compares.

    The one conversion rule: the factors of :data:`matching.scoring.MONTHLY_FACTOR`
    (21.75 working days a month, 8 hours a day, 800 delivered orders a month),
    which the matcher's pay fit uses too, with pay per order converted only in
    :data:`PER_ORDER_TRADES`. :func:`monthly_pay_sql` is its SQL form. None when
    the amount or unit is missing or unknown, or pay per order has no monthly figure.
    """
    if unit == "order" and trade not in PER_ORDER_TRADES:
        return None
    value = scoring.monthly(amount, unit)
    return None if value != value else round(value)  # NaN: unknown


def monthly_pay_sql(amount: ColumnElement[int]) -> ColumnElement[float]:
    """:func:`monthly_pay` of a posting's pay column, NULL when it is unknown."""
    return case(
        *(
            (
                and_(
                    Posting.pay_unit == unit,
                    amount > 0,
                    Posting.trade.in_(PER_ORDER_TRADES) if unit == "order" else True,
                ),
                amount * factor,
            )
            for unit, factor in scoring.MONTHLY_FACTOR.items()
        ),
        else_=None,
    )


def distance_sql(district_code: str) -> ColumnElement[int]:
    """How far a posting is from ``district_code``, as :func:`matching.regions.proximity`
    ranks it: 0 the same county-level district, 1 the same league-level city (the
    first four digits of the code), 2 elsewhere in Inner Mongolia, 3 outside."""
    rank = regions.PROXIMITIES.index
    same_city = func.substr(Posting.district_code, 1, 4) == district_code[:4]
    in_region = Posting.district_code.startswith(regions.REGION.code[:2])
    return case(
        (Posting.district_code == district_code, rank("same_district")),
        (same_city, rank("same_city")),
        (in_region, rank("same_region")),
        else_=rank("outside"),
    )


def clean_posting(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - POSTING_FIELDS
    if unknown:
        raise ValueError(f"unknown posting fields: {sorted(unknown)}")
    clean, errors = validation.clean_texts(data, TEXT_LIMITS, {"title", "description"})
    occupation = taxonomy.get(data.get("occupation_code") or "")
    if occupation is None:
        errors["occupation_code"] = _("请选择岗位类别。")
    else:
        clean["occupation_code"] = occupation.code
        clean["trade"] = occupation.trade
    try:
        clean["district_code"] = validation.clean_county(data.get("district_code"))
    except ValueError as e:
        errors["district_code"] = str(e)
    try:
        clean["pay_min"], clean["pay_max"], clean["pay_unit"] = validation.clean_pay_range(
            data.get("pay_min"), data.get("pay_max"), data.get("pay_unit")
        )
    except ValueError as e:
        errors["pay_max" if data.get("pay_min") and data.get("pay_max") else "pay_min"] = str(e)
    schedule = list(dict.fromkeys(data.get("schedule") or []))
    if not schedule or any(s not in AVAILABILITY for s in schedule):
        errors["schedule"] = _("请至少选择一种工作时间。")
    clean["schedule"] = schedule
    headcount = data.get("headcount")
    if headcount is None or not 1 <= headcount <= MAX_HEADCOUNT:
        errors["headcount"] = _("招聘人数应在1到%(n)d之间。", n=MAX_HEADCOUNT)
    clean["headcount"] = headcount
    licence = data.get("required_licence") or None
    if licence is not None and licences.normalise_class(licence) != licence:
        errors["required_licence"] = _("请选择列表中的驾照类型。")
    clean["required_licence"] = licence
    min_age = data.get("min_age")
    if min_age is None or not validation.MIN_WORKING_AGE <= min_age <= 60:
        errors["min_age"] = _("最低年龄应在%(n)d到60岁之间。", n=validation.MIN_WORKING_AGE)
    clean["min_age"] = min_age
    vehicle = data.get("needs_vehicle") or None
    if vehicle is not None and vehicle not in VEHICLES:
        errors["needs_vehicle"] = _("请选择列表中的选项。")
    clean["needs_vehicle"] = vehicle
    clean["needs_health_certificate"] = bool(data.get("needs_health_certificate"))
    status = data.get("status") or PostingStatus.DRAFT
    if status not in tuple(PostingStatus):
        errors["status"] = _("请选择列表中的状态。")
    clean["status"] = status
    if errors:
        raise ValidationFailed(errors)
    return clean


def _check_publishable(employer: Employer, status: str) -> None:
    if status == PostingStatus.OPEN and not may_publish(employer):
        raise ValidationFailed({"status": _("单位通过审核后才能发布岗位，您可以先保存为草稿。")})


def statuses_for(employer: Employer) -> list[str]:
    """The statuses an employer may give a posting now (not "open" before verification)."""
    return [s for s in PostingStatus if s != PostingStatus.OPEN or may_publish(employer)]


def create_posting(user: User, data: dict[str, Any], dry_run: bool = False) -> Posting | None:
    employer = employer_of(user)
    clean = clean_posting(data)
    _check_publishable(employer, clean["status"])
    if dry_run:
        return None
    posting = Posting(employer_id=employer.id, **clean)
    if posting.status == PostingStatus.OPEN:
        posting.published_at = datetime.now(UTC)
    db.session.add(posting)
    db.session.flush()
    live_index.posting_changed(posting.id)
    db.session.flush()
    return posting


def own_posting(user: User, posting_id: int) -> Posting:
    """A posting of the user's employer; another employer's posting is 404, not 403,
    so that ids do not reveal what exists."""
    employer = employer_of(user)
    posting = db.session.get(Posting, posting_id)
    if posting is None or posting.employer_id != employer.id:
        raise NotFound(_("没有找到该岗位。"))
    return posting


def update_posting(
    user: User, posting_id: int, data: dict[str, Any], dry_run: bool = False
) -> Posting:
    posting = own_posting(user, posting_id)
    clean = clean_posting(data)
    _check_publishable(posting.employer, clean["status"])
    if dry_run:
        return posting
    if clean["status"] == PostingStatus.OPEN and posting.published_at is None:
        posting.published_at = datetime.now(UTC)
    for key, value in clean.items():
        setattr(posting, key, value)
    live_index.posting_changed(posting.id)
    db.session.flush()
    return posting


def set_posting_status(user: User, posting_id: int, status: str) -> Posting:
    posting = own_posting(user, posting_id)
    if status not in tuple(PostingStatus):
        raise ValidationFailed({"status": _("请选择列表中的状态。")})
    _check_publishable(posting.employer, status)
    posting.status = status
    if status == PostingStatus.OPEN and posting.published_at is None:
        posting.published_at = datetime.now(UTC)
    live_index.posting_changed(posting.id)
    db.session.flush()
    return posting


def employer_postings(user: User, open_only: bool = False) -> list[Posting]:
    """The postings of the user's employer, last changed first (only open ones if asked)."""
    employer = employer_of(user)
    stmt = (
        select(Posting)
        .where(Posting.employer_id == employer.id)
        .order_by(Posting.updated_at.desc())
    )
    if open_only:
        stmt = stmt.where(Posting.status == PostingStatus.OPEN)
    return list(db.session.scalars(stmt))


def public_posting(posting_id: int) -> Posting:
    """An open posting of a verified employer, as the public sees it."""
    posting = db.session.get(Posting, posting_id)
    if posting is None or not posting.is_public:
        raise NotFound(_("没有找到该岗位，可能已停止招聘。"))
    return posting


def search_postings(
    filters: PostingFilters,
    page: int,
    per_page: int,
    sort: str = "newest",
    near: str | None = None,
) -> Page:
    """One page of public postings that pass ``filters``, in the order ``sort``.

    "newest": last published first. "pay": the most per month first
    (:func:`monthly_pay_sql` of the top of the range, then of its bottom), unknown
    pay last. "distance": nearest to the county code ``near`` first
    (:func:`distance_sql`). Ties go to the newest. "match" is ranked by the matcher
    (:mod:`.posting_search`); here it is the newest.
    """
    order: list[ColumnElement] = []
    if sort == "pay":
        order = [
            monthly_pay_sql(Posting.pay_max).desc().nulls_last(),
            monthly_pay_sql(Posting.pay_min).desc().nulls_last(),
        ]
    elif sort == "distance" and near:
        order = [distance_sql(near)]
    stmt = (
        _public_postings(filters)
        .options(contains_eager(Posting.employer))
        .order_by(*order, *NEWEST_FIRST)
    )
    return paginate(db.session, stmt, page, per_page)


NEWEST_FIRST = (Posting.published_at.desc(), Posting.id.desc())


def public_posting_ids(filters: PostingFilters) -> list[int]:
    """The ids of every public posting that passes ``filters``, newest first."""
    stmt = _public_postings(filters).with_only_columns(Posting.id).order_by(*NEWEST_FIRST)
    return list(db.session.scalars(stmt))


def _public_postings(filters: PostingFilters) -> Select:
    stmt = select(Posting).join(Employer).where(Posting.is_public)
    if filters.trade in taxonomy.TRADES:
        stmt = stmt.where(Posting.trade == filters.trade)
    # Filters come from the query string as typed: only known values reach the SQL
    # (PostgreSQL refuses a string holding NUL, "?q=%00", with an error, not no rows).
    if filters.district:
        if regions.get(filters.district) is None:
            stmt = stmt.where(false())  # no posting is in a place that does not exist
        elif len(filters.district) == 6 and filters.district.endswith("00"):
            stmt = stmt.where(Posting.district_code.startswith(filters.district[:4]))
        else:
            stmt = stmt.where(Posting.district_code == filters.district)
    if filters.schedule in AVAILABILITY:
        # JSON lists are stored as text on both backends; the quoted value is unique
        stmt = stmt.where(cast(Posting.schedule, Text).contains(f'"{filters.schedule}"'))
    if filters.min_pay and filters.pay_unit in PAY_UNITS:
        stmt = stmt.where(Posting.pay_unit == filters.pay_unit, Posting.pay_max >= filters.min_pay)
    keyword = validation.clean_text(filters.keyword)[:50]
    if keyword:
        like = f"%{keyword}%"
        stmt = stmt.where(
            or_(
                Posting.title.ilike(like),
                Posting.description.ilike(like),
                Employer.name.ilike(like),
                Posting.occupation_code.in_(taxonomy.codes_for_text(keyword) or ("-",)),
            )
        )
    return stmt
