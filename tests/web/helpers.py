"""Helpers shared by the web tests: HTML checks, scenes to test in, database snapshots."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

import models
from jobfair.extensions import db
from tests.conftest import Builders


def checked_values(html: str, name: str) -> list[str]:
    """Values of the checked checkboxes called ``name`` in ``html``."""
    values = []
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and "checked" in tag:
            match = re.search(r'value="([^"]*)"', tag)
            if match:
                values.append(match.group(1))
    return values


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


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    db.session.expire_all()
    rows = {}
    with db.engine.connect() as conn:
        for table in models.Base.metadata.sorted_tables:
            order = ", ".join(c.name for c in table.primary_key.columns) or "1"
            query = text(f'SELECT * FROM "{table.name}" ORDER BY {order}')
            rows[table.name] = [tuple(r) for r in conn.execute(query)]
    return rows


def restore(rows: dict[str, list[tuple]]) -> None:
    """Put the database back to ``rows`` (raw values, as ``snapshot`` read them)."""
    with db.engine.begin() as conn:
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        for table in reversed(models.Base.metadata.sorted_tables):
            conn.execute(table.delete())
        for table in models.Base.metadata.sorted_tables:
            if rows[table.name]:
                marks = ", ".join([mark] * len(table.columns))
                values = [  # PostgreSQL's driver decodes JSON columns: encode them again
                    tuple(json.dumps(v) if isinstance(v, list | dict) else v for v in row)
                    for row in rows[table.name]
                ]
                conn.exec_driver_sql(f'INSERT INTO "{table.name}" VALUES ({marks})', values)


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
