"""A scene for the fair statistics: two fairs in two months and an old one, employers
of every trade, seekers of several cities, sign-ups, walk-ins, applications in every
state with their histories, and questions at the desk.

``stats_world(make)`` writes it and returns plain records of what it wrote, so that
tests can count the expected figures with plain Python, independently of the
service's queries.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import models
from jobfair.extensions import db
from tests.helpers.builders import Builders

# The codes a test reads its expectations from (not the service's mapping).
CITY_OF = {
    "150105": "150100",
    "150121": "150100",
    "150203": "150200",
    "150602": "150600",
    "152502": "152500",
    "110105": "",  # outside the region
}
TRADE_OF_PREFIX = {"D": "delivery", "L": "logistics", "S": "livestream", "O": "other"}
OCCUPATIONS = {
    "delivery": ["D01", "D02"],
    "logistics": ["L01", "L05"],
    "livestream": ["S01", "S06"],
    "other": ["O01"],
}
PATHS = {  # the statuses an application went through, in order
    "applied": ["applied"],
    "viewed": ["applied", "viewed"],
    "shortlisted": ["applied", "viewed", "shortlisted"],
    "interview": ["applied", "viewed", "shortlisted", "interview"],
    "offer": ["applied", "viewed", "shortlisted", "interview", "offer"],
    "hired": ["applied", "viewed", "shortlisted", "interview", "offer", "hired"],
    "rejected early": ["applied", "rejected"],
    "rejected after interview": ["applied", "viewed", "shortlisted", "interview", "rejected"],
    "withdrawn after offer": [
        "applied",
        "viewed",
        "shortlisted",
        "interview",
        "offer",
        "withdrawn",
    ],
    "withdrawn early": ["applied", "viewed", "withdrawn"],
}
BEIJING = timedelta(hours=8)


def seeker_trade(occupations: list[str]) -> str:
    return TRADE_OF_PREFIX[occupations[0][0]] if occupations else "other"


@dataclass
class Record:
    booths: list[dict] = field(default_factory=list)  # fair, trade, status
    shown: list[dict] = field(
        default_factory=list
    )  # fair, booth status, trade, occ, headcount, status
    registrations: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)
    consultations: list[dict] = field(default_factory=list)


def _fair(name: str, start_local: datetime, hours: int = 7, status: str = "closed") -> models.Fair:
    start = (start_local - BEIJING).replace(tzinfo=UTC)
    fair = models.Fair(
        name=name, mode="both", venue="呼和浩特市人力资源市场", district_code="150105",
        starts_at=start, ends_at=start + timedelta(hours=hours), status=status,
    )  # fmt: skip
    db.session.add(fair)
    db.session.commit()
    return fair


def stats_world(make: Builders, seed: int = 7) -> dict:
    rng = random.Random(seed)
    rec = Record()
    fair_a = _fair("十一月新业态专场", datetime(2026, 11, 10, 9, 0))
    fair_b = _fair("十月直播电商专场", datetime(2026, 10, 20, 9, 0))
    old = _fair("往年专场", datetime(2023, 3, 1, 9, 0))
    fairs = [fair_a, fair_b, old]

    employers = []
    for i, trade in enumerate(
        ["delivery", "delivery", "logistics", "livestream", "other", "logistics"]
    ):
        employers.append(make.employer(trade=trade, name=f"统计测试单位{i + 1:02d}"))
    postings = []  # (posting, employer)
    for employer in employers:
        for _ in range(2):
            trade = rng.choice(list(OCCUPATIONS))
            occ = rng.choice(OCCUPATIONS[trade])
            posting = make.posting(
                employer=employer, trade=trade, occupation_code=occ,
                headcount=rng.randint(1, 9), title=f"{occ}岗位",
            )  # fmt: skip
            postings.append((posting, employer))
    draft = make.posting(employer=employers[0], status="draft", headcount=50, title="草稿岗位")

    # booths: every employer at fair A (one requested, one declined), four at fair B
    booth_status = ["approved", "approved", "approved", "approved", "requested", "declined"]
    for fair, chosen in ((fair_a, range(6)), (fair_b, (0, 2, 3, 5)), (old, (1,))):
        for n, e in enumerate(chosen):
            employer = employers[e]
            status = booth_status[e] if fair is fair_a else "approved"
            booth = models.Booth(
                fair_id=fair.id, employer_id=employer.id, label=f"A{n + 1:02d}", status=status
            )
            shown = [p for p, owner in postings if owner is employer]
            if fair is fair_a and e == 0:
                shown.append(draft)
            booth.postings = shown
            db.session.add(booth)
            rec.booths.append({"fair": fair.id, "trade": employer.trade, "status": status})
            for p in shown:
                rec.shown.append(
                    {"fair": fair.id, "booth_status": status, "trade": p.trade,
                     "occ": p.occupation_code, "headcount": p.headcount, "status": p.status}
                )  # fmt: skip
    db.session.commit()

    seekers = []
    districts = list(CITY_OF)
    all_occ = [o for codes in OCCUPATIONS.values() for o in codes]
    for i in range(36):
        occs = [] if i % 11 == 5 else rng.sample(all_occ, rng.randint(1, 2))
        seeker = make.seeker(
            name=f"测试{i}", district_code=districts[i % len(districts)], occupation_codes=occs
        )
        seekers.append(seeker)

    for fair, people in ((fair_a, seekers[:30]), (fair_b, seekers[20:]), (old, seekers[:3])):
        for s in people:
            kind = rng.choice(["signed", "signed", "came", "came", "walk"])
            start = fair.starts_at
            checked = start + timedelta(minutes=rng.randint(-20, 380))
            if kind == "signed":
                registered, checked = start - timedelta(days=rng.randint(1, 9)), None
            elif kind == "came":
                registered = start - timedelta(days=rng.randint(1, 9))
            else:
                registered = checked
            db.session.add(
                models.FairRegistration(
                    fair_id=fair.id, seeker_id=s.id, registered_at=registered, checked_in_at=checked
                )
            )
            rec.registrations.append(
                {"fair": fair.id, "district": s.district_code, "occs": list(s.occupation_codes),
                 "registered": registered, "checked": checked}
            )  # fmt: skip
    db.session.commit()

    kinds = list(PATHS)
    for fair, people in ((fair_a, seekers[:32]), (fair_b, seekers[18:]), (None, seekers[:6])):
        shown_here = (
            [p for p, _e in postings]
            if fair is None
            else [p for p, e in postings if any(
                b.employer_id == e.id and b.status == "approved"
                for b in db.session.query(models.Booth).filter_by(fair_id=fair.id)
            )]
        )  # fmt: skip
        for s in people:
            for posting in rng.sample(shown_here, rng.randint(1, 3)):
                if (
                    db.session.query(models.Application)
                    .filter_by(posting_id=posting.id, seeker_id=s.id)
                    .first()
                ):
                    continue
                kind = rng.choice(kinds)
                path = PATHS[kind]
                application = models.Application(
                    posting_id=posting.id, seeker_id=s.id, status=path[-1],
                    fair_id=fair.id if fair else None,
                )  # fmt: skip
                for prev, to in zip([None, *path[:-1]], path, strict=True):
                    application.events.append(
                        models.ApplicationEvent(from_status=prev, to_status=to)
                    )
                db.session.add(application)
                db.session.flush()
                rec.applications.append(
                    {"fair": fair.id if fair else None, "trade": posting.trade,
                     "occ": posting.occupation_code, "employer": posting.employer_id,
                     "district": s.district_code, "status": path[-1], "path": path}
                )  # fmt: skip
    db.session.commit()

    topics = [t.value for t in models.ConsultationTopic]
    for fair, n in ((fair_a, 14), (fair_b, 5)):
        for i in range(n):
            s = None if i % 4 == 3 else rng.choice(seekers)
            topic = rng.choice(topics)
            answered = rng.random() < 0.7
            db.session.add(
                models.Consultation(
                    fair_id=fair.id, seeker_id=s.id if s else None, topic=topic, answered=answered
                )
            )
            rec.consultations.append(
                {"fair": fair.id, "topic": topic, "answered": answered,
                 "district": s.district_code if s else None,
                 "occs": list(s.occupation_codes) if s else None}
            )  # fmt: skip
    db.session.commit()
    return {
        "fair_a": fair_a, "fair_b": fair_b, "old": old, "fairs": fairs,
        "employers": employers, "record": rec,
    }  # fmt: skip
