"""Seeding step: employers, one member account each, and staff's reviews of them."""

from __future__ import annotations

import random
import typing as t
from dataclasses import dataclass, field
from datetime import timedelta

from matching import regions, taxonomy
from models import AuditEntry, Employer, EmployerMember, EmployerStatus, Role, User

from . import draw
from .accounts import Staff
from .companies import EMPLOYERS, EXTRA_BRANDS, EXTRA_SUFFIX, EmployerSeed
from .phrases import REJECTION_REVIEW_NOTE
from .places import LEAGUE_WEIGHTS, STREETS, URBAN
from .run import DEMO_DOMAIN, DEMO_SEEKER_PHONE, Login, Run, by_status
from .texts import PostingContext

V, P, R = EmployerStatus.VERIFIED, EmployerStatus.PENDING, EmployerStatus.REJECTED
# How the printed demo logins describe each employer's review.
LOGIN_REVIEW_WORDS = {V: "已认证", P: "待审核", R: "未通过审核"}


@dataclass
class Employers:
    """The employers made, in one order: index ``i`` is the same company in every list."""

    seeds: list[EmployerSeed]
    rows: list[dict[str, t.Any]]
    ids: list[int]
    contexts: list[PostingContext]
    #: employer id -> the user id of its one member
    member_of: dict[int, int]
    #: every contact phone handed out, so that seekers get other numbers
    phones: set[str]
    logins: list[Login] = field(default_factory=list)

    def members(self, employer_id: int) -> list[int]:
        """The user ids of ``employer_id``'s members."""
        return [self.member_of[employer_id]]

    def with_status(self, status: str) -> list[int]:
        """Indices of the employers whose review ended in ``status``."""
        return [i for i, row in enumerate(self.rows) if row["status"] == status]


def _more_companies(rng: random.Random, seeds: list[EmployerSeed], count: int) -> None:
    """Append made-up companies to ``seeds`` until there are ``count``."""
    used_names = {e.name for e in seeds}
    trades = ("delivery", "logistics", "livestream")
    while len(seeds) < count:
        trade = trades[len(seeds) % 3]
        league = draw.weighted(rng, LEAGUE_WEIGHTS)
        district = rng.choice(URBAN[league])
        city = regions.get(league).name  # type: ignore[union-attr]
        name = f"{city}{rng.choice(EXTRA_BRANDS)}{rng.choice(EXTRA_SUFFIX[trade])}"
        if name in used_names:
            continue
        used_names.add(name)
        d = regions.get(district).name  # type: ignore[union-attr]
        seeds.append(
            EmployerSeed(
                name,
                trade,
                district,
                f"{d}{rng.choice(STREETS[league])}{rng.randint(1, 300)}号",
                "农副产品" if trade != "delivery" else "外卖",
                f"{city}的{taxonomy.TRADES[trade]}企业。",
            )
        )


def _context(seed: EmployerSeed) -> PostingContext:
    league = regions.league_of(seed.district)
    assert league is not None
    return PostingContext(
        seed.name,
        seed.trade,
        seed.district,
        league.code,
        league.name,
        regions.get(seed.district).name,  # type: ignore[union-attr]
        seed.product,
    )


def seed_employers(
    run: Run, staff: Staff, *, count: int, password_hash: str, password_hint: str
) -> Employers:
    """``count`` employers (the table's first, then made-up ones), reviewed by staff."""
    rng = run.rng("employers")
    phones = draw.Phones(rng, reserved=(DEMO_SEEKER_PHONE,))
    seeds = list(EMPLOYERS[:count])
    _more_companies(rng, seeds, count)

    rows, credit_codes = [], set()
    for es in seeds:
        code = draw.credit_code(rng, es.district)
        while code in credit_codes:
            code = draw.credit_code(rng, es.district)
        credit_codes.add(code)
        created = run.base - timedelta(days=rng.randint(60, 300), minutes=rng.randint(0, 1440))
        reviewed = (
            created + timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 8))
            if es.status != P
            else None
        )
        rows.append(
            {
                "name": es.name,
                "credit_code": code,
                "trade": es.trade,
                "district_code": es.district,
                "address": f"{regions.league_of(es.district).name}{es.address}",  # type: ignore[union-attr]
                "contact_name": draw.person_name(rng),
                "contact_phone": phones(),
                "intro": es.intro,
                "status": es.status,
                "review_note": REJECTION_REVIEW_NOTE if es.status == R else "",
                "reviewed_at": reviewed,
                "reviewed_by_id": staff.staff_id if reviewed else None,
                "created_at": created,
            }
        )
    ids = run.insert(Employer, rows)
    logins = [f"hr{i + 1:02d}@{DEMO_DOMAIN}" for i in range(len(rows))]
    member_ids = run.insert(
        User,
        [
            {
                "role": Role.EMPLOYER,
                "email": login,
                "phone": None,
                "password_hash": password_hash,
                "display_name": f"{row['contact_name']}（{row['name']}）",  # pages shorten it
                "active": True,
                "created_at": row["created_at"],
            }
            for login, row in zip(logins, rows, strict=True)
        ],
    )
    run.insert(
        EmployerMember,
        [
            {"employer_id": eid, "user_id": uid, "created_at": row["created_at"]}
            for eid, uid, row in zip(ids, member_ids, rows, strict=True)
        ],
    )
    audit_rows = [
        {
            "at": row["reviewed_at"],
            "actor_user_id": staff.staff_id,
            "actor_role": Role.STAFF.value,
            "action": "employer.verify" if row["status"] == V else "employer.reject",
            "subject_type": "employer",
            "subject_id": eid,
            "detail": {},
            "ip": "10.15.1.23",
        }
        for eid, row in zip(ids, rows, strict=True)
        if row["reviewed_at"]
    ]
    run.insert(AuditEntry, audit_rows)

    run.summary.employers = len(ids)
    run.summary.users += len(member_ids)
    run.summary.employers_by_status = by_status(rows)
    run.summary.audit_entries = len(audit_rows)
    run.done("employers")
    return Employers(
        seeds=seeds,
        rows=rows,
        ids=ids,
        contexts=[_context(es) for es in seeds],
        member_of=dict(zip(ids, member_ids, strict=True)),
        phones=phones.used,
        logins=[
            (
                Role.EMPLOYER.value,
                login,
                password_hint,
                f"{row['name']}（{LOGIN_REVIEW_WORDS[row['status']]}）",
            )
            for login, row in zip(logins, rows, strict=True)
        ],
    )
