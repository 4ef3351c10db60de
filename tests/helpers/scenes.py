"""Scenes to test in: a fair with booths, a fair with a fitting seeker, a truck posting,
and a world with one of everything."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import models
from jobfair.extensions import db
from tests.helpers.builders import Builders


def make_fair(make, *, starts=-2, ends=6, mode="both", status="running", name="呼和浩特新业态专场"):
    fair = models.Fair(
        name=name,
        mode=mode,
        venue="呼和浩特市人力资源市场",
        district_code="150105",
        starts_at=datetime.now(UTC) + timedelta(hours=starts),
        ends_at=datetime.now(UTC) + timedelta(hours=ends),
        status=status,
    )
    db.session.add(fair)
    db.session.commit()
    return fair


def add_booth(fair, employer, postings, label="A01", status="approved"):
    booth = models.Booth(fair_id=fair.id, employer_id=employer.id, label=label, status=status)
    booth.postings = list(postings)
    db.session.add(booth)
    db.session.commit()
    return booth


def build_world(make: Builders) -> dict:
    """A running fair with one employer at booth A01, a pending employer, two seekers
    who applied, a question at the booth, and a staff member."""
    employer = make.employer(trade="delivery")
    member = make.member(employer)
    rider = make.posting(employer=employer, title="赛罕区外卖骑手")
    courier = make.posting(employer=employer, title="赛罕区快递员", occupation_code="L01")
    extra = make.posting(employer=employer, title="赛罕区分拣员", occupation_code="L02")
    fair = make_fair(make)
    booth = add_booth(fair, employer, [rider, courier])
    other_fair = make_fair(make, name="包头专场", status="published", starts=24, ends=30)
    pending = make.employer(status="pending")
    seeker = make.seeker(phone="13812345678", health_certificate=True, has_ebike=True)
    second = make.seeker(phone="13812345679", health_certificate=True, has_ebike=True)
    applications = []
    for s in (seeker, second):
        a = models.Application(posting_id=rider.id, seeker_id=s.id)
        a.events.append(models.ApplicationEvent(from_status=None, to_status="applied"))
        db.session.add(a)
        applications.append(a)
    question = models.Question(booth_id=booth.id, seeker_id=seeker.id, text="包住吗？")
    db.session.add(question)
    db.session.commit()
    return {
        "employer": employer,
        "member": member,
        "rider": rider,
        "courier": courier,
        "extra": extra,
        "fair": fair,
        "other_fair": other_fair,
        "booth": booth,
        "pending": pending,
        "seeker": seeker,
        "second": second,
        "applications": applications,
        "question": question,
        "staff": make.staff(),
    }


def fair_scene(make: Builders) -> dict:
    """A running fair; a delivery employer at booth A01 with a rider posting; a seeker who fits."""
    employer = make.employer(trade="delivery", intro="本地即时配送服务商，提供电动车租赁。")
    member = make.member(employer)
    rider = make.posting(employer=employer, title="赛罕区外卖骑手", needs_health_certificate=True)
    fair = make_fair(make)
    booth = add_booth(fair, employer, [rider])
    seeker = make.seeker(
        name="巴特尔", phone="13812345678", health_certificate=True, has_ebike=True
    )
    return {
        "employer": employer,
        "member": member,
        "posting": rider,
        "fair": fair,
        "booth": booth,
        "seeker": seeker,
    }


def truck_scene(make: Builders) -> tuple[models.User, models.Posting]:
    """A verified logistics employer with a B2 heavy-truck posting, and its member."""
    employer = make.employer(trade="logistics", district_code="150203")
    member = make.member(employer)
    posting = make.posting(
        employer=employer,
        title="重型货车司机（包头—鄂尔多斯线）",
        occupation_code="L01",
        trade="logistics",
        description="跑包头到鄂尔多斯的煤炭专线，车辆公司提供。",
        district_code="150203",
        required_licence="B2",
        min_age=21,
        pay_min=9000,
        pay_max=14000,
        schedule=["full_time"],
    )
    return member, posting
