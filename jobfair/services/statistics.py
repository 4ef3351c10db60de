"""Fair statistics for bureau staff: one fair's dashboard and a region-wide view.

Every figure is a SQL aggregate: each source table is read with one ``GROUP BY``
query (by fair, report trade and seekers' city, where they apply) and only those
groups reach Python, where they are added up into totals and breakdowns. The
same queries serve one fair and every fair of a date range, on SQLite and on
PostgreSQL (:func:`time_bucket` is the one place that knows the difference).

Definitions, stated on the pages too:

* employers present: approved booths; postings: the non-draft postings those booths
  show, headcount: the sum of their headcounts;
* signed up in advance: sign-ups made before the person checked in (or not checked
  in); walked in: checked in without an earlier sign-up (the kiosk's check-in made
  the sign-up, see :func:`jobfair.services.kiosk.check_in`); checked in: both;
* applications: those made through the fair (``Application.fair_id``); interviews,
  offers: applications that reached that stage of the pipeline at some time (now
  there or further, or their history went through it, even if rejected or
  withdrawn afterwards); an offer is an employment intention reached (达成就业意向);
  hires: applications now hired;
* seekers' trade: the trade of the first occupation they want; the seekers' city:
  the league-level city (地级市/盟) of their district.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, case, cast, func, select
from sqlalchemy import Integer as SAInteger

from jobfair.i18n import gettext as _
from matching import regions, taxonomy
from models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Booth,
    BoothStatus,
    Consultation,
    ConsultationTopic,
    Employer,
    Fair,
    FairRegistration,
    Posting,
    PostingStatus,
    SeekerProfile,
    Trade,
    booth_posting,
)

from .. import labels, reasons
from ..clock import bureau_zone, local_time
from ..errors import ValidationFailed
from ..extensions import db
from . import fairs as fair_service

# -- the four trades of the reports ----------------------------------------------------------

#: The trades the bureau reports by, in report order.
REPORT_TRADES: tuple[str, ...] = (Trade.DELIVERY, Trade.LOGISTICS, Trade.LIVESTREAM, Trade.OTHER)
#: The project's trades (``models.Trade``, the taxonomy's trades) mapped onto the
#: report's four; anything not listed (unknown, none) is reported as "other".
#: The one place that decides which report trade a posting, employer or seeker is in.
_REPORT_TRADE_OF: dict[str, str] = {
    Trade.DELIVERY: Trade.DELIVERY,
    Trade.LOGISTICS: Trade.LOGISTICS,
    Trade.LIVESTREAM: Trade.LIVESTREAM,
    Trade.OTHER: Trade.OTHER,
}


def report_trade(trade: str | None) -> str:
    """The report trade of a project trade (delivery, logistics, livestream, other)."""
    return _REPORT_TRADE_OF.get(trade or "", Trade.OTHER)


def _trade_sql(column: ColumnElement[str]) -> ColumnElement[str]:
    """:func:`report_trade` in SQL, for a column holding a project trade."""
    return case(
        *[(column == trade, group) for trade, group in _REPORT_TRADE_OF.items()],
        else_=Trade.OTHER,
    )


def _occupation_trade_sql(code: ColumnElement[str]) -> ColumnElement[str]:
    """The report trade of an occupation code, in SQL (from the taxonomy)."""
    by_group: dict[str, list[str]] = defaultdict(list)
    for occupation in taxonomy.OCCUPATIONS:
        by_group[report_trade(occupation.trade)].append(occupation.code)
    return case(*[(code.in_(codes), group) for group, codes in by_group.items()], else_=Trade.OTHER)


def _seeker_trade_sql() -> ColumnElement[str]:
    """A seeker's report trade: that of the first occupation they want."""
    return _occupation_trade_sql(SeekerProfile.occupation_codes[0].as_string())


# -- cities ----------------------------------------------------------------------------------

#: The key of seekers whose district is not in the region (or unknown, or anonymous).
ELSEWHERE = ""


def _city_sql(district: ColumnElement[str]) -> ColumnElement[str]:
    """The first four digits of a district code: its league-level city, in SQL."""
    return func.substr(district, 1, 4)


def city_of(prefix: str | None) -> str:
    """The league code of a district-code prefix from :func:`_city_sql`, or ELSEWHERE."""
    league = regions.league_of(f"{prefix}00") if prefix and len(prefix) == 4 else None
    return league.code if league is not None else ELSEWHERE


def city_name(code: str) -> str:
    return reasons.place_name(code) if code else _("区外或未知")


def _city_order(code: str) -> tuple[int, str]:
    return (code == ELSEWHERE, code)


# -- times: the one dialect-aware helper ------------------------------------------------------

HALF_HOUR = 1800


def time_bucket(column: ColumnElement[datetime], unit: Literal["half_hour", "month"]):
    """A stored UTC time in SQL as its bucket: ``half_hour`` gives the number of half
    hours since 1970 (an integer; the bureau's zone is a whole number of half hours
    from UTC), ``month`` the bureau's local month as ``'2026-12'``."""
    dialect = db.session.get_bind().dialect.name
    if unit == "half_hour":
        if dialect == "postgresql":
            return cast(func.floor(func.extract("epoch", column) / HALF_HOUR), SAInteger)
        return cast(func.strftime("%s", column), SAInteger) // HALF_HOUR
    if unit != "month":
        raise ValueError(unit)
    zone = bureau_zone()
    if dialect == "postgresql":
        return func.to_char(func.timezone(zone.key, column), "YYYY-MM")
    # SQLite has no zones: the zone's offset now (Beijing time keeps one all year)
    offset = int(datetime.now(UTC).astimezone(zone).utcoffset().total_seconds() // 60)
    return func.strftime("%Y-%m", column, f"{offset:+d} minutes")


def _half_hour_start(bucket: int) -> datetime:
    return datetime.fromtimestamp(bucket * HALF_HOUR, UTC)


# -- the application pipeline ----------------------------------------------------------------

S = ApplicationStatus
#: The pipeline's stages in order; rejected and withdrawn end it at whatever stage it was.
PIPELINE: tuple[str, ...] = (S.APPLIED, S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.OFFER, S.HIRED)
ENDED = (S.REJECTED, S.WITHDRAWN)
#: An offer is an employment intention reached (达成就业意向, ``labels.application_status``).
INTENTION = S.OFFER


STAGE: dict[str, int] = {status: i for i, status in enumerate(PIPELINE)}


def _stage_sql(status: ColumnElement[str]) -> ColumnElement[int]:
    return case(*[(status == s, i) for s, i in STAGE.items()], else_=-1)


def _history_sql() -> ColumnElement[int]:
    """The furthest pipeline stage an application's history went through (for one
    that was rejected or withdrawn: the stage it had reached)."""
    return func.coalesce(
        select(func.max(_stage_sql(ApplicationEvent.to_status)))
        .where(ApplicationEvent.application_id == Application.id)
        .scalar_subquery(),
        -1,
    )


#: The figures of the pipeline, in the order of the lists :func:`_add_outcomes` fills.
PIPELINE_FIGURES = ("applications", "interviews", "offers", "hires")


def _add_outcomes(into: list[int], stage: int, n: int, hired: bool) -> None:
    """Add ``n`` applications that reached ``stage`` to the interviews, offers and hires
    of ``into`` (an application that reached a stage counts for every one before)."""
    if stage >= STAGE[S.INTERVIEW]:
        into[1] += n
        if stage >= STAGE[INTENTION]:
            into[2] += n
    if hired:
        into[3] += n


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# -- figures ---------------------------------------------------------------------------------


@dataclass
class Figures:
    """The figures of a fair, a trade, a city, a month or a whole range."""

    employers: int = 0
    postings: int = 0
    headcount: int = 0
    signed_up: int = 0
    checked_in: int = 0
    walk_ins: int = 0
    applications: int = 0
    interviews: int = 0
    offers: int = 0
    hires: int = 0
    consultations: int = 0
    answered: int = 0

    def add(self, **counts: int) -> None:
        for key, value in counts.items():
            setattr(self, key, getattr(self, key) + int(value or 0))

    def __iadd__(self, other: Figures) -> Figures:
        self.add(**{f.name: getattr(other, f.name) for f in fields(self)})
        return self

    def get(self, key: str) -> int:
        return getattr(self, key)


FIGURES: tuple[str, ...] = tuple(f.name for f in fields(Figures))
#: The figures that belong to seekers (and so have a city).
SEEKER_FIGURES: tuple[str, ...] = (
    "signed_up", "checked_in", "walk_ins", "applications", "interviews", "offers", "hires",
    "consultations", "answered",
)  # fmt: skip


@dataclass
class Breakdown:
    """Figures in total, by report trade and by seekers' city."""

    total: Figures = field(default_factory=Figures)
    by_trade: dict[str, Figures] = field(
        default_factory=lambda: {trade: Figures() for trade in REPORT_TRADES}
    )
    by_city: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    topics: dict[str, list[int]] = field(
        default_factory=lambda: {topic: [0, 0] for topic in ConsultationTopic}
    )  # topic -> [asked, answered]
    #: One fair's applications per posting (``_collect(by_posting=True)``), and the
    #: postings' trade, occupation and employer.
    by_posting: dict[int, dict[str, int]] = field(default_factory=dict)
    postings: dict[int, _PostingFacts] = field(default_factory=dict)

    def add(self, trade: str | None, city: str | None, **counts: int) -> None:
        self.total.add(**counts)
        if trade is not None:
            self.by_trade[report_trade(trade)].add(**counts)
        if city is not None:
            self.by_city[city].add(**counts)

    def cities(self) -> list[tuple[str, Figures]]:
        return sorted(self.by_city.items(), key=lambda item: _city_order(item[0]))


FairFilter = Select | list[int]
# Grouped by these output names: PostgreSQL sees a repeated expression with bound
# parameters as a different one, and a name of no table column is never ambiguous.
TRADE_KEY, CITY_KEY, BUCKET_KEY = "report_trade", "city_key", "time_bucket"
KEY, STAGE_KEY = "group_key", "stage_key"


def _in(column, fair_ids: FairFilter):
    return column.in_(fair_ids)


def _collect(fair_ids: FairFilter, by_posting: bool = False) -> dict[int, Breakdown]:
    """Every figure of the fairs ``fair_ids`` (ids or a select of ids), per fair.

    ``by_posting``: the applications are grouped by posting rather than by trade (for
    one fair: :func:`fair_stats` reads the employers and occupations from the same
    groups)."""
    out: dict[int, Breakdown] = defaultdict(Breakdown)

    employers = (
        select(Booth.fair_id, _trade_sql(Employer.trade).label(TRADE_KEY), func.count())
        .join(Employer, Employer.id == Booth.employer_id)
        .where(_in(Booth.fair_id, fair_ids), Booth.status == BoothStatus.APPROVED)
        .group_by(Booth.fair_id, TRADE_KEY)
    )
    for fair_id, trade, n in db.session.execute(employers):
        out[fair_id].add(trade, None, employers=n)

    for fair_id, trade, _occupation, n, headcount in db.session.execute(_postings(fair_ids)):
        out[fair_id].add(trade, None, postings=n, headcount=headcount)

    reg = FairRegistration
    walked_in = and_(reg.checked_in_at.is_not(None), reg.registered_at >= reg.checked_in_at)
    registrations = (
        select(
            reg.fair_id,
            _seeker_trade_sql().label(TRADE_KEY),
            _city_sql(SeekerProfile.district_code).label(CITY_KEY),
            _count_if(~walked_in),
            func.count(reg.checked_in_at),
            _count_if(walked_in),
        )
        .join(SeekerProfile, SeekerProfile.id == reg.seeker_id)
        .where(_in(reg.fair_id, fair_ids))
        .group_by(reg.fair_id, TRADE_KEY, CITY_KEY)
    )
    for fair_id, trade, city, signed, checked, walked in db.session.execute(registrations):
        out[fair_id].add(
            trade, city_of(city), signed_up=signed, checked_in=checked, walk_ins=walked
        )

    by_key, by_city = _applications(fair_ids, by_posting)
    trade_of = _posting_facts({key for _f, key in by_key}) if by_posting else {}
    for (fair_id, key), counts in by_key.items():
        trade = trade_of[key].trade if by_posting else key
        named = dict(zip(PIPELINE_FIGURES, counts, strict=True))
        out[fair_id].add(trade, None, **named)
        if by_posting:
            out[fair_id].by_posting[key] = named
            out[fair_id].postings[key] = trade_of[key]
    for (fair_id, city), counts in by_city.items():
        out[fair_id].by_city[city_of(city)].add(**dict(zip(PIPELINE_FIGURES, counts, strict=True)))

    consultations = (
        select(
            Consultation.fair_id,
            Consultation.topic,
            _seeker_trade_sql().label(TRADE_KEY),  # anonymous questions: "other", city unknown
            _city_sql(SeekerProfile.district_code).label(CITY_KEY),
            func.count(),
            _count_if(Consultation.answered.is_(True)),
        )
        .outerjoin(SeekerProfile, SeekerProfile.id == Consultation.seeker_id)
        .where(_in(Consultation.fair_id, fair_ids))
        .group_by(Consultation.fair_id, Consultation.topic, TRADE_KEY, CITY_KEY)
    )
    for fair_id, topic, trade, city, n, answered in db.session.execute(consultations):
        breakdown = out[fair_id]
        breakdown.add(trade, city_of(city), consultations=n, answered=answered)
        asked = breakdown.topics.setdefault(topic, [0, 0])
        asked[0] += n
        asked[1] += answered
    return out


Pipeline = dict[tuple[int, Any], list[int]]  # PIPELINE_FIGURES


def _applications(fair_ids: FairFilter, by_posting: bool) -> tuple[Pipeline, Pipeline]:
    """Applications, interviews, offers and hires of the fairs, grouped by (fair, posting
    id or report trade) and by (fair, seekers' city prefix).

    Three grouped scans: by status per posting or trade, by status per city (the
    seeker joined), and, for the rejected and withdrawn that had reached an interview,
    by the stage their history reached (the only ones whose status does not tell it).
    """
    by_key: Pipeline = defaultdict(lambda: [0, 0, 0, 0])
    by_city: Pipeline = defaultdict(lambda: [0, 0, 0, 0])
    if by_posting:
        key, joined = Application.posting_id.label(KEY), Application.__table__
    else:
        key = _trade_sql(Posting.trade).label(KEY)
        joined = Application.__table__.join(Posting.__table__, Posting.id == Application.posting_id)
    mine = _in(Application.fair_id, fair_ids)
    city = _city_sql(SeekerProfile.district_code).label(CITY_KEY)
    with_seeker = Application.__table__.join(
        SeekerProfile.__table__, SeekerProfile.id == Application.seeker_id
    )

    def add(into: list[int], status: str, n: int) -> None:
        into[0] += n
        if status not in ENDED:
            _add_outcomes(into, STAGE.get(status, -1), n, status == S.HIRED)

    per_key = (
        select(Application.fair_id, key, Application.status, func.count())
        .select_from(joined)
        .where(mine)
        .group_by(Application.fair_id, KEY, Application.status)
    )
    for fair_id, k, status, n in db.session.execute(per_key):
        add(by_key[(fair_id, k)], status, n)
    per_city = (
        select(Application.fair_id, city, Application.status, func.count())
        .select_from(with_seeker)
        .where(mine)
        .group_by(Application.fair_id, CITY_KEY, Application.status)
    )
    for fair_id, c, status, n in db.session.execute(per_city):
        add(by_city[(fair_id, c)], status, n)
    history = _history_sql()
    ended = (
        select(Application.fair_id, key, city, history.label(STAGE_KEY), func.count())
        .select_from(with_seeker if by_posting else with_seeker.join(
            Posting.__table__, Posting.id == Application.posting_id))
        # only those that got as far as an interview count for anything: the seeker
        # (and posting) of the others are never looked up
        .where(mine, Application.status.in_(ENDED), history >= STAGE[S.INTERVIEW])
        .group_by(Application.fair_id, KEY, CITY_KEY, STAGE_KEY)
    )  # fmt: skip
    for fair_id, k, c, stage, n in db.session.execute(ended):
        _add_outcomes(by_key[(fair_id, k)], stage, n, hired=False)
        _add_outcomes(by_city[(fair_id, c)], stage, n, hired=False)
    return by_key, by_city


@dataclass(frozen=True)
class _PostingFacts:
    trade: str  # report trade
    occupation_code: str
    employer_id: int


def _posting_facts(ids: set[int]) -> dict[int, _PostingFacts]:
    facts: dict[int, _PostingFacts] = {}
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        stmt = select(
            Posting.id, Posting.trade, Posting.occupation_code, Posting.employer_id
        ).where(Posting.id.in_(ordered[i : i + 500]))
        for pid, trade, occupation, employer_id in db.session.execute(stmt):
            facts[pid] = _PostingFacts(report_trade(trade), occupation, employer_id)
    return facts


def _postings(fair_ids: FairFilter) -> Select:
    """(fair, report trade, occupation, postings, headcount) of the postings shown at
    approved booths, drafts left out."""
    return (
        select(
            Booth.fair_id,
            _trade_sql(Posting.trade).label(TRADE_KEY),
            Posting.occupation_code,
            func.count(func.distinct(Posting.id)),
            func.coalesce(func.sum(Posting.headcount), 0),
        )
        .join(booth_posting, booth_posting.c.booth_id == Booth.id)
        .join(Posting, Posting.id == booth_posting.c.posting_id)
        .where(
            _in(Booth.fair_id, fair_ids),
            Booth.status == BoothStatus.APPROVED,
            Posting.status != PostingStatus.DRAFT,
        )
        .group_by(Booth.fair_id, TRADE_KEY, Posting.occupation_code)
    )


# -- one fair --------------------------------------------------------------------------------

TOP_EMPLOYERS = 10


@dataclass(frozen=True)
class EmployerRow:
    employer_id: int
    name: str
    trade: str
    applications: int
    offers: int


@dataclass(frozen=True)
class OccupationRow:
    code: str
    name: str
    postings: int
    headcount: int
    offers: int

    @property
    def unmet(self) -> int:
        """Headcount that no employment intention has met yet."""
        return max(self.headcount - self.offers, 0)


@dataclass(frozen=True)
class HalfHour:
    label: str  # "09:30"
    checked_in: int


@dataclass
class FairStats:
    fair: Fair
    figures: Breakdown
    check_ins: list[HalfHour]
    top_employers: list[EmployerRow]
    occupations: list[OccupationRow]


def fair_stats(fair_id: int) -> FairStats:
    """The dashboard of one fair (404 for an unknown fair)."""
    fair = fair_service.get_fair(fair_id)
    figures = _collect([fair.id], by_posting=True).get(fair.id) or Breakdown()
    return FairStats(
        fair=fair,
        figures=figures,
        check_ins=_check_ins(fair.id),
        top_employers=_top_employers(figures),
        occupations=_occupations(fair.id, figures),
    )


def _check_ins(fair_id: int) -> list[HalfHour]:
    """Check-ins per half hour (bureau time), from the first to the last, gaps as 0."""
    bucket = time_bucket(FairRegistration.checked_in_at, "half_hour").label(BUCKET_KEY)
    checked_in = FairRegistration.checked_in_at.is_not(None)
    counts = dict(
        db.session.execute(
            select(bucket, func.count())
            .where(FairRegistration.fair_id == fair_id, checked_in)
            .group_by(BUCKET_KEY)
        ).all()
    )
    if not counts:
        return []
    first, last = min(counts), max(counts)
    if last - first > 48 * 31:  # a fair lasts at most 31 days: never a runaway list
        first = last - 48 * 31
    return [
        HalfHour(_half_hour_label(b, first, last), counts.get(b, 0)) for b in range(first, last + 1)
    ]


def _half_hour_label(bucket: int, first: int, last: int) -> str:
    fmt = "%H:%M" if last - first < 48 else "%m-%d %H:%M"
    return local_time(_half_hour_start(bucket), fmt)


def _top_employers(figures: Breakdown, k: int = TOP_EMPLOYERS) -> list[EmployerRow]:
    """The employers with the most applications through the fair (from the per-posting
    groups of :func:`_collect`), with their employment intentions."""
    per_employer: dict[int, Counter] = defaultdict(Counter)
    for posting_id, counts in figures.by_posting.items():
        per_employer[figures.postings[posting_id].employer_id].update(counts)
    if not per_employer:
        return []
    names = {
        eid: (name, trade)
        for eid, name, trade in db.session.execute(
            select(Employer.id, Employer.name, Employer.trade).where(
                Employer.id.in_(list(per_employer))
            )
        )
    }
    ranked = sorted(
        per_employer.items(),
        key=lambda item: (-item[1]["applications"], names[item[0]][0], item[0]),
    )
    return [
        EmployerRow(eid, names[eid][0], report_trade(names[eid][1]), c["applications"], c["offers"])
        for eid, c in ranked[:k]
    ]


def _occupations(fair_id: int, figures: Breakdown) -> list[OccupationRow]:
    """Per occupation: postings and headcount offered at the fair against intentions
    reached through it, most unmet demand first."""
    offered: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for _fair, _trade, code, n, headcount in db.session.execute(_postings([fair_id])):
        offered[code][0] += n
        offered[code][1] += headcount
    for posting_id, counts in figures.by_posting.items():
        offered[figures.postings[posting_id].occupation_code][2] += counts["offers"]
    rows = [
        OccupationRow(code, reasons.occupation_name(code), n, headcount, offers)
        for code, (n, headcount, offers) in offered.items()
    ]
    return sorted(rows, key=lambda r: (-r.unmet, -r.headcount, r.code))


# -- the region: fairs in a date range ---------------------------------------------------------

MAX_RANGE_YEARS = 3


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end] as UTC instants from the bureau's midnights."""
        zone = bureau_zone()
        lo = datetime.combine(self.start, time(), zone).astimezone(UTC)
        hi = datetime.combine(self.end + timedelta(days=1), time(), zone).astimezone(UTC)
        return lo, hi


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def clean_range(start: str | None, end: str | None) -> DateRange:
    """A date range typed by staff (``YYYY-MM-DD``); the end is included.

    Refused (``ValidationFailed`` by field): a missing or malformed date, an end
    before the start, a range longer than three years.
    """
    errors: dict[str, str] = {}
    days: dict[str, date] = {}
    for name, text in (("start", start), ("end", end)):
        text = (text or "").strip()
        if not text:
            errors[name] = _("请填写日期。")
            continue
        try:
            days[name] = date.fromisoformat(text)
        except ValueError:
            errors[name] = _("请按“年-月-日”填写日期，例如 2026-01-31。")
            continue
        if not 2000 <= days[name].year <= 2100:
            errors[name] = _("请填写2000年至2100年之间的日期。")
    if not errors:
        if days["end"] < days["start"]:
            errors["end"] = _("结束日期不能早于开始日期。")
        elif days["end"] > _years_later(days["start"], MAX_RANGE_YEARS):
            errors["end"] = _("时间范围最长三年，请缩短。")
    if errors:
        raise ValidationFailed(errors)
    return DateRange(days["start"], days["end"])


def default_range(today: date) -> DateRange:
    """This calendar year."""
    return DateRange(date(today.year, 1, 1), date(today.year, 12, 31))


@dataclass(frozen=True)
class FairLine:
    fair: Fair
    figures: Figures


@dataclass
class MonthLine:
    month: str  # "2026-12"
    fairs: int
    figures: Figures


@dataclass
class RegionStats:
    range: DateRange
    fairs: list[FairLine]
    figures: Breakdown
    months: list[MonthLine]


def _fairs_in(span: DateRange) -> Select:
    lo, hi = span.bounds()
    return select(Fair.id).where(Fair.starts_at >= lo, Fair.starts_at < hi)


def region_stats(span: DateRange) -> RegionStats:
    """Every fair that starts in the range (drafts too: staff decide what to read),
    with the same figures per fair, per city and per trade, and per month."""
    ids = _fairs_in(span)
    month = time_bucket(Fair.starts_at, "month")
    month_of = dict(db.session.execute(select(Fair.id, month).where(Fair.id.in_(ids))).all())
    fair_rows = list(
        db.session.scalars(select(Fair).where(Fair.id.in_(ids)).order_by(Fair.starts_at, Fair.id))
    )
    per_fair = _collect(ids)
    total = Breakdown()
    months: dict[str, MonthLine] = {}
    lines = []
    for fair in fair_rows:
        figures = per_fair.get(fair.id) or Breakdown()
        lines.append(FairLine(fair, figures.total))
        _merge(total, figures)
        key = month_of[fair.id]
        line = months.setdefault(key, MonthLine(key, 0, Figures()))
        line.fairs += 1
        line.figures += figures.total
    return RegionStats(span, lines, total, [months[m] for m in sorted(months)])


def _merge(into: Breakdown, other: Breakdown) -> None:
    into.total += other.total
    for trade, figures in other.by_trade.items():
        into.by_trade[trade] += figures
    for city, figures in other.by_city.items():
        into.by_city[city] += figures
    for topic, (asked, answered) in other.topics.items():
        mine = into.topics.setdefault(topic, [0, 0])
        mine[0] += asked
        mine[1] += answered


# -- words -----------------------------------------------------------------------------------


def figure_label(key: str) -> str:
    return str(labels.fair_figure[key])


def summary_rows(fair_id: int) -> list[tuple[str, int | str]]:
    """A fair's report as (label, value) rows, for the fair-summary export (404 for an
    unknown fair). The labels are in the page's language."""
    stats = fair_stats(fair_id)
    fair, figures = stats.fair, stats.figures
    rows: list[tuple[str, int | str]] = [
        (_("招聘会"), fair.name),
        (_("举办形式"), str(labels.fair_mode.get(fair.mode, fair.mode))),
        (_("开始时间"), local_time(fair.starts_at)),
        (_("结束时间"), local_time(fair.ends_at)),
        (_("举办地点"), fair.venue),
    ]
    rows += [(figure_label(key), figures.total.get(key)) for key in FIGURES]
    for trade in REPORT_TRADES:
        name = str(labels.trade[trade])
        for key in FIGURES:
            rows.append((f"{figure_label(key)}（{name}）", figures.by_trade[trade].get(key)))
    for city, city_figures in figures.cities():
        for key in SEEKER_FIGURES:
            rows.append((f"{figure_label(key)}（{city_name(city)}）", city_figures.get(key)))
    for topic, (asked, answered) in figures.topics.items():
        topic_name = str(labels.consultation_topic.get(topic, topic))
        rows.append((_("政策咨询：%(topic)s", topic=topic_name), asked))
        rows.append((_("已解答：%(topic)s", topic=topic_name), answered))
    for row in stats.occupations:
        rows.append((_("招聘人数：%(occupation)s", occupation=row.name), row.headcount))
        rows.append((_("达成就业意向：%(occupation)s", occupation=row.name), row.offers))
    return rows
