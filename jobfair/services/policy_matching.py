"""Policy matching: which support schemes a seeker may be eligible for, and why.

A scheme's conditions are data (:class:`models.SupportScheme`): a list of
``{"fact": ..., "op": ..., "value": ...}``. The facts are the fixed list in
:data:`FACTS` (the profile's birth year, occupations and residence, and the facts a
seeker gives with consent on the profile page); the operators are ``in``, ``not_in``,
``between`` and ``is_true``. Nothing is evaluated as code.

Each condition is *met*, *not met* or *unknown* (the fact is missing). A scheme is
"may be eligible" when no condition is unmet; the unknown ones are listed as
"需确认…" so that nobody is told "eligible" on missing data. Staff must still check
each case against the current local documents: this is a pointer, not a decision.

The evaluation (:func:`evaluate_facts`) needs no Flask; only the readable sentences
use gettext (they read as Chinese outside a request).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from jobfair.i18n import gettext as _
from matching import regions, taxonomy
from models import SeekerPolicyFacts, SeekerProfile, SupportScheme

from .. import labels, validation
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from . import audit


class Outcome(enum.StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


# fact -> kind: "number" (between), "codes" (in / not_in over a list: any one matches),
# "region" (in / not_in: a county, or any county of a league or the region, by code),
# "flag" (is_true)
FACTS: dict[str, str] = {
    "age": "number",
    "occupation": "codes",
    "trade": "codes",
    "district": "region",
    "hukou_region": "region",
    "registered_unemployed": "flag",
    "graduate_within_two_years": "flag",
    "pilot_platform_worker": "flag",
    "employment_difficulty": "flag",
    "flexible_employed": "flag",
    "starting_business": "flag",
}
OPS_BY_KIND = {
    "number": ("between",),
    "codes": ("in", "not_in"),
    "region": ("in", "not_in"),
    "flag": ("is_true",),
}
OPS = ("in", "not_in", "between", "is_true")
# the facts a seeker gives on the profile page (with consent), and the column of each
CONSENTED_FACTS = {
    "hukou_region": "hukou_region",
    "registered_unemployed": "registered_unemployed",
    "graduate_within_two_years": "graduation_year",
    "pilot_platform_worker": "pilot_platform_worker",
    "employment_difficulty": "employment_difficulty",
    "flexible_employed": "flexible_employed",
    "starting_business": "starting_business",
}
FACT_COLUMNS = tuple(CONSENTED_FACTS.values())
NOT_A_GRADUATE = 0  # graduation_year of someone who did not graduate from a college


def fact_label(fact: str) -> str:
    return {
        "age": _("年龄（周岁）"),
        "occupation": _("岗位"),
        "trade": _("行业"),
        "district": _("常住地"),
        "hukou_region": _("户籍地区"),
        "registered_unemployed": _("已登记失业"),
        "graduate_within_two_years": _("离校2年内的高校毕业生"),
        "pilot_platform_worker": _("在试点平台接单（骑手、司机等）"),
        "employment_difficulty": _("已认定为就业困难人员"),
        "flexible_employed": _("以灵活就业方式就业"),
        "starting_business": _("准备创业或已自主创业"),
    }[fact]


def op_label(op: str) -> str:
    return {
        "in": _("属于"),
        "not_in": _("不属于"),
        "between": _("介于"),
        "is_true": _("是"),
    }[op]


# -- the facts of a seeker -----------------------------------------------------------------


def graduated_within_two_years(year: int | None, today: date) -> bool | None:
    """Left college (taken as 1 July of ``year``) less than two years before ``today``."""
    if year is None:
        return None
    if year == NOT_A_GRADUATE:
        return False
    return year <= today.year and today < date(year + 2, 7, 1)


def seeker_facts(
    seeker: SeekerProfile, extra: SeekerPolicyFacts | None, today: date
) -> dict[str, Any]:
    """The facts of one seeker; a missing fact is None."""
    codes = list(seeker.occupation_codes or [])
    trades = []
    for code in codes:
        occupation = taxonomy.get(code)
        if occupation is not None and occupation.trade not in trades:
            trades.append(occupation.trade)
    facts: dict[str, Any] = {
        "age": today.year - seeker.birth_year if seeker.birth_year else None,
        "occupation": codes or None,
        "trade": trades or None,
        "district": seeker.district_code or None,
    }
    for fact, column in CONSENTED_FACTS.items():
        value = getattr(extra, column) if extra is not None else None
        if fact == "graduate_within_two_years":
            value = graduated_within_two_years(value, today)
        facts[fact] = value
    return facts


# -- evaluating ------------------------------------------------------------------------------


def within(place: str, code: str) -> bool:
    """``place`` is the division ``code`` or lies in it (150000 holds 150102)."""
    while code.endswith("00"):
        code = code[:-2]
    return bool(code) and place.startswith(code)


def check(condition: dict[str, Any], facts: dict[str, Any]) -> Outcome:
    """One condition against the facts: met, unmet, or unknown when the fact is missing."""
    fact, op, value = condition["fact"], condition["op"], condition.get("value")
    have = facts.get(fact)
    if have is None:
        return Outcome.UNKNOWN
    kind = FACTS[fact]
    if op == "is_true":
        hit = have is True
    elif op == "between":
        low, high = value
        hit = (low is None or have >= low) and (high is None or have <= high)
    elif kind == "region":
        inside = any(within(str(have), str(code)) for code in value or [])
        hit = inside if op == "in" else not inside
    else:  # codes: any one of the seeker's in the list
        inside = any(item in (value or []) for item in have)
        hit = inside if op == "in" else not inside
    return Outcome.MET if hit else Outcome.UNMET


@dataclass
class SchemeMatch:
    """A scheme the seeker may be eligible for: the conditions met and those to check."""

    scheme: SupportScheme
    met: list[dict[str, Any]] = field(default_factory=list)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def confirmed(self) -> bool:
        """Every condition is met (still "may be": staff check the papers)."""
        return not self.unknown

    @property
    def reason(self) -> str:
        """ "年龄45周岁，登记失业，可申请灵活就业人员社会保险补贴"."""
        phrases = [met_phrase(c, self.facts) for c in self.met]
        if not phrases:
            return _("可能可以申请%(scheme)s", scheme=self.scheme.name)
        if self.unknown:
            return _(
                "%(facts)s，可能可以申请%(scheme)s",
                facts=_("，").join(phrases),
                scheme=self.scheme.name,
            )
        return _(
            "%(facts)s，可申请%(scheme)s", facts=_("，").join(phrases), scheme=self.scheme.name
        )

    @property
    def missing(self) -> list[str]:
        """What to check, like "需确认是否已登记失业": one per unknown fact."""
        seen, questions = set(), []
        for condition in self.unknown:
            if condition["fact"] not in seen:
                seen.add(condition["fact"])
                questions.append(missing_phrase(condition["fact"]))
        return questions


def evaluate_facts(schemes: list[SupportScheme], facts: dict[str, Any]) -> list[SchemeMatch]:
    """The schemes (in the given order) with no unmet condition; the sure ones first."""
    found = []
    for scheme in schemes:
        match = SchemeMatch(scheme, facts=facts)
        for condition in scheme.conditions or []:
            outcome = check(condition, facts)
            if outcome is Outcome.UNMET:
                break
            (match.met if outcome is Outcome.MET else match.unknown).append(condition)
        else:
            found.append(match)
    found.sort(key=lambda m: len(m.unknown))
    return found


def current_schemes(today: date) -> list[SupportScheme]:
    """Published schemes whose valid-until day has not passed, by name."""
    stmt = (
        select(SupportScheme)
        .where(SupportScheme.published.is_(True))
        .where((SupportScheme.valid_until.is_(None)) | (SupportScheme.valid_until >= today))
        .order_by(SupportScheme.name)
    )
    return list(db.session.scalars(stmt))


def facts_row(seeker: SeekerProfile) -> SeekerPolicyFacts | None:
    return db.session.get(SeekerPolicyFacts, seeker.id)


def evaluate(seeker: SeekerProfile, today: date | None = None) -> list[SchemeMatch]:
    """The current schemes this seeker may be eligible for, with reasons and what to check."""
    from .policies import local_today

    today = today or local_today()
    facts = seeker_facts(seeker, facts_row(seeker), today)
    return evaluate_facts(current_schemes(today), facts)


def facts_needed(today: date | None = None) -> list[str]:
    """The consented facts that some current scheme asks about (the profile asks only these)."""
    from .policies import local_today

    used = {
        c.get("fact")
        for scheme in current_schemes(today or local_today())
        for c in scheme.conditions or []
    }
    return [fact for fact in CONSENTED_FACTS if fact in used]


# -- readable sentences ----------------------------------------------------------------------


OUTSIDE_REGION = "999999"  # household registration outside the region's divisions


def _place(code: str) -> str:
    if code == OUTSIDE_REGION:
        return _("区外")
    division = regions.get(code)
    return division.name if division else code


def met_phrase(condition: dict[str, Any], facts: dict[str, Any]) -> str:
    fact = condition["fact"]
    have = facts.get(fact)
    if fact == "age":
        return _("年龄%(age)s周岁", age=have)
    if fact == "occupation":
        chosen = [c for c in have if (c in condition.get("value", [])) == (condition["op"] == "in")]
        names = [o.name for c in chosen if (o := taxonomy.get(c)) is not None]
        return _("做%(jobs)s", jobs="、".join(names) or "—")
    if fact == "trade":
        return _("在%(trades)s行业", trades="、".join(str(labels.trade.get(t, t)) for t in have))
    if fact == "district":
        return _("常住%(place)s", place=_place(have))
    if fact == "hukou_region":
        return _("户籍在%(place)s", place=_place(have))
    return {
        "registered_unemployed": _("登记失业"),
        "graduate_within_two_years": _("离校2年内的高校毕业生"),
        "pilot_platform_worker": _("在试点平台接单"),
        "employment_difficulty": _("已认定为就业困难人员"),
        "flexible_employed": _("灵活就业"),
        "starting_business": _("准备创业或已创业"),
    }[fact]


def missing_phrase(fact: str) -> str:
    return {
        "age": _("需确认出生年份"),
        "occupation": _("需确认从事的工作"),
        "trade": _("需确认从事的行业"),
        "district": _("需确认常住地"),
        "hukou_region": _("需确认户籍所在地"),
        "registered_unemployed": _("需确认是否已登记失业"),
        "graduate_within_two_years": _("需确认是否为离校2年内的高校毕业生"),
        "pilot_platform_worker": _("需确认是否在试点平台接单"),
        "employment_difficulty": _("需确认是否已认定为就业困难人员"),
        "flexible_employed": _("需确认是否以灵活就业方式就业"),
        "starting_business": _("需确认是否准备创业"),
    }[fact]


# -- staff: editing schemes ------------------------------------------------------------------

SCHEME_FIELDS = frozenset(
    {"name", "conditions", "benefit", "documents", "where_to_apply", "valid_until",
     "source_title", "published"}
)  # fmt: skip
TEXT_LIMITS = {
    "name": 60, "benefit": 2000, "documents": 2000, "where_to_apply": 300, "source_title": 200,
}  # fmt: skip
MAX_CONDITIONS = 12


def _split(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace("，", ",").replace("、", ",").split(",")
    return [str(v).strip() for v in value or [] if str(v).strip()]


def clean_condition(row: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """One condition row as typed on the form -> (condition, None) or (None, a kind message).

    ``value``: for ``between`` a pair (from, to) of which one may be empty; for
    ``in`` / ``not_in`` a list (or a text with commas) of occupation codes, trade
    values or region codes; nothing for ``is_true``.
    """
    fact, op = row.get("fact") or "", row.get("op") or ""
    if fact not in FACTS:
        return None, _("请选择条件涉及的情况。")
    kind = FACTS[fact]
    if op not in OPS_BY_KIND[kind]:
        allowed = "、".join(op_label(o) for o in OPS_BY_KIND[kind])
        return None, _("“%(fact)s”只能用“%(ops)s”。", fact=fact_label(fact), ops=allowed)
    if op == "is_true":
        return {"fact": fact, "op": op}, None
    if op == "between":
        low, high = row.get("low"), row.get("high")
        try:
            low = None if low in (None, "") else int(low)
            high = None if high in (None, "") else int(high)
        except (TypeError, ValueError):
            return None, _("年龄请填整数，例如 16 和 45。")
        if low is None and high is None:
            return None, _("请至少填写起止中的一个。")
        if any(v is not None and not 0 <= v <= 120 for v in (low, high)):
            return None, _("年龄应在0到120之间。")
        if low is not None and high is not None and low > high:
            return None, _("起始值不能大于截止值。")
        return {"fact": fact, "op": op, "value": [low, high]}, None
    items = list(dict.fromkeys(_split(row.get("value"))))
    if not items:
        return None, _("请填写至少一个值（用逗号分开）。")
    if kind == "region":
        wrong = [v for v in items if regions.get(v) is None]
        if wrong:
            return None, _("这些地区代码不在列表中：%(codes)s", codes="、".join(wrong))
    elif fact == "occupation":
        wrong = [v for v in items if taxonomy.get(v) is None]
        if wrong:
            return None, _("这些岗位代码不在列表中：%(codes)s", codes="、".join(wrong))
    else:  # trade
        wrong = [v for v in items if v not in labels.trade]
        if wrong:
            return None, _("这些行业不在列表中：%(codes)s", codes="、".join(wrong))
    return {"fact": fact, "op": op, "value": items}, None


def clean_scheme(data: dict[str, Any]) -> dict[str, Any]:
    """Check a scheme as typed; return it clean or raise ValidationFailed with every error.

    Condition errors are keyed ``conditions-<n>`` (the form row) so the page shows each
    beside its row.
    """
    unknown = set(data) - SCHEME_FIELDS
    if unknown:
        raise ValueError(f"unknown scheme fields: {sorted(unknown)}")
    clean, errors = validation.clean_texts(data, TEXT_LIMITS, {"name", "benefit"})
    if "name" in errors and not clean.get("name"):
        errors["name"] = _("请填写政策名称。")
    if "benefit" in errors and not clean.get("benefit"):
        errors["benefit"] = _("请写明能享受什么。")
    conditions = []
    rows = [r for r in data.get("conditions") or [] if any(v not in (None, "") for v in r.values())]
    if len(rows) > MAX_CONDITIONS:
        errors["conditions"] = _("条件最多%(n)s条。", n=MAX_CONDITIONS)
    for n, row in enumerate(rows):
        condition, error = clean_condition(row)
        if error:
            errors[f"conditions-{n}"] = error
        else:
            conditions.append(condition)
    if not rows and "conditions" not in errors:
        errors["conditions"] = _("请至少写一条条件。")
    clean["conditions"] = conditions
    valid_until = data.get("valid_until")
    if isinstance(valid_until, str):
        try:
            valid_until = date.fromisoformat(valid_until.strip()) if valid_until.strip() else None
        except ValueError:
            errors["valid_until"] = _("请按“年-月-日”填写日期，例如 2027-06-30。")
    clean["valid_until"] = valid_until
    clean["published"] = bool(data.get("published"))
    if errors:
        raise ValidationFailed(errors)
    return clean


def all_schemes() -> list[SupportScheme]:
    return list(db.session.scalars(select(SupportScheme).order_by(SupportScheme.name)))


def get_scheme(scheme_id: int) -> SupportScheme:
    scheme = db.session.get(SupportScheme, scheme_id)
    if scheme is None:
        raise NotFound(_("没有找到这项政策。"))
    return scheme


def save_scheme(
    staff,
    scheme_id: int | None,
    data: dict[str, Any],
    dry_run: bool = False,
    ip: str | None = None,
) -> SupportScheme | None:
    """Create (``scheme_id`` None) or change a scheme; audited with its name."""
    clean = clean_scheme(data)
    scheme = get_scheme(scheme_id) if scheme_id is not None else None
    taken = db.session.scalar(select(SupportScheme.id).where(SupportScheme.name == clean["name"]))
    if taken is not None and (scheme is None or taken != scheme.id):
        raise ValidationFailed({"name": _("已有同名的政策。")})
    if dry_run:
        return scheme
    if scheme is None:
        scheme = SupportScheme(**clean)
        db.session.add(scheme)
        db.session.flush()
        action = "scheme.create"
    else:
        for key, value in clean.items():
            setattr(scheme, key, value)
        action = "scheme.update"
    audit.record(staff, action, "support_scheme", scheme.id, {"name": scheme.name}, ip)
    db.session.flush()
    return scheme


# -- staff: how many checked-in people of a fair may be eligible ----------------------------


@dataclass(frozen=True)
class SchemeCount:
    scheme: SupportScheme
    may_be: int  # no condition unmet (some may still need checking)
    all_met: int  # every condition met on the facts given


def fair_counts(fair_id: int, today: date | None = None) -> tuple[int, list[SchemeCount]]:
    """(checked-in people, per current scheme how many of them may be eligible).

    The conditions (regions by prefix, occupation lists in JSON, graduation counted from
    1 July) are evaluated in Python, over the checked-in people of the fair only, reading
    just the columns the facts come from (no ORM objects): about 2,000 people in well
    under a second (measured in the README).
    """
    from types import SimpleNamespace

    from models import FairRegistration

    from .policies import local_today

    today = today or local_today()
    schemes = current_schemes(today)
    F = SeekerPolicyFacts
    stmt = (
        select(
            SeekerProfile.birth_year,
            SeekerProfile.district_code,
            SeekerProfile.occupation_codes,
            F.seeker_id,
            *(getattr(F, c) for c in FACT_COLUMNS),
        )
        .join(FairRegistration, FairRegistration.seeker_id == SeekerProfile.id)
        .outerjoin(F, F.seeker_id == SeekerProfile.id)
        .where(FairRegistration.fair_id == fair_id, FairRegistration.checked_in_at.is_not(None))
    )
    may_be = dict.fromkeys((s.id for s in schemes), 0)
    all_met = dict(may_be)
    people = 0
    for row in db.session.execute(stmt):
        people += 1
        seeker = SimpleNamespace(
            birth_year=row.birth_year,
            district_code=row.district_code,
            occupation_codes=row.occupation_codes,
        )
        extra = (
            SimpleNamespace(**{c: getattr(row, c) for c in FACT_COLUMNS})
            if row.seeker_id is not None
            else None
        )
        for match in evaluate_facts(schemes, seeker_facts(seeker, extra, today)):
            may_be[match.scheme.id] += 1
            all_met[match.scheme.id] += match.confirmed
    return people, [SchemeCount(s, may_be[s.id], all_met[s.id]) for s in schemes]
