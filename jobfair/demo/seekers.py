"""Seeding step: seekers' accounts and profiles, the demo seeker first."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from matching import licences, regions
from models import Role, SeekerProfile, User

from . import draw
from .employers import Employers
from .run import DEMO_SEEKER_PHONE, Login, Run
from .texts import seeker_content

# The seeker the README names: a food-delivery rider in 赛罕区 with an e-bike
# and a health certificate, 29 years old.
DEMO_SEEKER_AGE = 29
DEMO_SEEKER = {
    "name": "宝音图",
    "district_code": "150105",
    "occupation_codes": ["D01", "D02"],
    "desired_text": "跑外卖，专送众包都干过，也可以送快递",
    "skills": "电动车驾驶、熟悉赛罕区路线、手机导航、会说蒙语",
    "experience": "在赛罕区跑了3年外卖，日均40单左右，大学东街、万达一带很熟，没有差评。",
    "experience_years": 3,
    "licence_classes": ["C1"],
    "has_ebike": True,
    "has_car": False,
    "health_certificate": True,
    "availability": ["full_time", "flexible", "weekends"],
    "pay_amount": 8000,
    "pay_unit": "month",
    "intro": "家在赛罕区，想找离家近、单量稳定的站点，全职兼职都可以。",
    "discoverable": True,
    "contact_consent": True,
}
DEMO_SEEKER_LOGIN = "演示求职者：赛罕区外卖骑手，有电动车和健康证"


@dataclass(frozen=True)
class SeekerFacts:
    """What decides whether a seeker meets a posting's hard requirements."""

    age: int
    codes: list[str]
    league: str
    licences: list[str]
    ebike: bool
    health: bool

    @classmethod
    def of(cls, profile: dict[str, t.Any], age: int) -> SeekerFacts:
        league = regions.league_of(profile["district_code"])
        return cls(
            age=age,
            codes=profile["occupation_codes"],
            league=league.code if league else "",
            licences=profile["licence_classes"],
            ebike=profile["has_ebike"],
            health=profile["health_certificate"],
        )

    def meets(self, posting: dict[str, t.Any]) -> bool:
        """Old enough, licensed, certified and equipped for the posting (a row's dict)."""
        return (
            self.age >= posting["min_age"]
            and licences.covers(self.licences, posting["required_licence"])
            and (not posting["needs_health_certificate"] or self.health)
            and (posting["needs_vehicle"] != "ebike" or self.ebike)
        )


@dataclass
class Seekers:
    """The seekers made; index ``i`` is the same person in every list, 0 the demo seeker."""

    profiles: list[dict[str, t.Any]]
    facts: list[SeekerFacts]
    ids: list[int]
    #: seeker id -> user id
    user_of: dict[int, int]
    logins: list[Login] = field(default_factory=list)

    def by_occupation(self) -> dict[str, list[int]]:
        """Indices of the seekers (not the demo seeker) who want each occupation."""
        found: dict[str, list[int]] = {}
        for i, facts in enumerate(self.facts[1:], start=1):
            for code in facts.codes:
                found.setdefault(code, []).append(i)
        return found


def seed_seekers(
    run: Run,
    employers: Employers,
    *,
    count: int,
    password_hash: str,
    password_hint: str,
    consent_version: str,
) -> Seekers:
    """``count`` seekers, the demo seeker included, all consenting to ``consent_version``."""
    rng = run.rng("seekers")
    phones = draw.Phones(rng, reserved=(DEMO_SEEKER_PHONE, *employers.phones))
    created = run.base - timedelta(days=40, hours=3)
    users = [_user(DEMO_SEEKER_PHONE, DEMO_SEEKER["name"], created, password_hash)]
    profiles = [{**DEMO_SEEKER, "birth_year": run.base.year - DEMO_SEEKER_AGE}]
    facts = [SeekerFacts.of(profiles[0], DEMO_SEEKER_AGE)]
    for _ in range(1, max(1, count)):
        content = seeker_content(rng, run.base.year)
        name = draw.person_name(rng)
        district = draw.district(rng)
        created = (run.base - timedelta(days=rng.uniform(1, 200))).replace(microsecond=0)
        league = regions.league_of(district)
        intro = content.pop("intro").format(
            dist=regions.get(district).name,  # type: ignore[union-attr]
            city=league.name if league else "本地",
        )
        users.append(_user(phones(), name, created, password_hash))
        age = content.pop("age")
        profiles.append({"name": name, "district_code": district, "intro": intro, **content})
        facts.append(SeekerFacts.of(profiles[-1], age))
    user_ids = run.insert(User, users)
    for profile, uid, user in zip(profiles, user_ids, users, strict=True):
        updated = user["created_at"] + timedelta(days=rng.choice((0, 0, 0, 1, 3, 7)))
        profile.update(
            user_id=uid,
            consent_version=consent_version,
            consent_at=user["created_at"],
            created_at=user["created_at"],
            updated_at=min(updated, run.base),
        )
    ids = run.insert(SeekerProfile, profiles)
    run.summary.seekers = len(ids)
    run.summary.users += len(user_ids)
    run.done("seekers")
    return Seekers(
        profiles=profiles,
        facts=facts,
        ids=ids,
        user_of=dict(zip(ids, user_ids, strict=True)),
        logins=[(Role.SEEKER.value, DEMO_SEEKER_PHONE, password_hint, DEMO_SEEKER_LOGIN)],
    )


def _user(phone: str, name: str, created: datetime, password_hash: str) -> dict[str, t.Any]:
    return {
        "role": Role.SEEKER,
        "phone": phone,
        "email": None,
        "password_hash": password_hash,
        "display_name": name,
        "active": True,
        "created_at": created,
    }
