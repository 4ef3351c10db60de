"""Test data with sensible defaults: ``Builders().seeker(birth_year=1990)``.

The ``make`` fixture hands out a ``Builders``; code outside pytest (the e2e live
server) may use one directly inside an app context.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import models
from jobfair.extensions import db
from jobfair.validation import credit_code_check_char

PASSWORD = "correct-horse-9"

_counter = itertools.count(1)


def unique_phone() -> str:
    return f"139{next(_counter):08d}"


def valid_credit_code(n: int | None = None) -> str:
    n = next(_counter) if n is None else n
    first17 = f"91150105MA{n:07d}"
    return first17 + credit_code_check_char(first17)


class Builders:
    """Test data with sensible defaults: ``make.seeker(birth_year=1990)``."""

    def user(self, role: str, **kw) -> models.User:
        user = models.User(
            role=role,
            phone=kw.pop("phone", None),
            email=kw.pop("email", None),
            password_hash=_hash(kw.pop("password", PASSWORD)),
            display_name=kw.pop("display_name", role),
        )
        db.session.add(user)
        db.session.commit()
        return user

    def staff(self, role: str = "staff", **kw) -> models.User:
        return self.user(role, email=kw.pop("email", f"{role}{next(_counter)}@bureau.test"), **kw)

    def seeker(self, **kw) -> models.SeekerProfile:
        user = self.user(
            "seeker", phone=kw.pop("phone", unique_phone()), password=kw.pop("password", PASSWORD)
        )
        fields = dict(
            name="巴特尔",
            birth_year=1990,
            district_code="150105",
            occupation_codes=["D01"],
            availability=["full_time"],
            consent_version="2026-11",
            consent_at=datetime.now(UTC),
        )
        fields.update(kw)
        profile = models.SeekerProfile(user_id=user.id, **fields)
        db.session.add(profile)
        db.session.commit()
        return profile

    def employer(self, status: str = "verified", **kw) -> models.Employer:
        fields = dict(
            name=f"测试配送服务有限公司{next(_counter)}",
            credit_code=valid_credit_code(),
            trade="delivery",
            district_code="150105",
            address="赛罕区大学东街1号",
            contact_name="王经理",
            contact_phone=unique_phone(),
            status=status,
        )
        fields.update(kw)
        employer = models.Employer(**fields)
        db.session.add(employer)
        db.session.commit()
        return employer

    def member(self, employer: models.Employer | None = None, **kw) -> models.User:
        employer = employer or self.employer()
        user = self.user(
            "employer", email=kw.pop("email", f"hr{next(_counter)}@company.test"), **kw
        )
        db.session.add(models.EmployerMember(employer_id=employer.id, user_id=user.id))
        db.session.commit()
        return user

    def posting(self, employer: models.Employer | None = None, **kw) -> models.Posting:
        employer = employer or self.employer()
        fields = dict(
            title="外卖骑手",
            occupation_code="D01",
            trade="delivery",
            description="负责赛罕区外卖配送。",
            district_code="150105",
            pay_min=6000,
            pay_max=9000,
            pay_unit="month",
            schedule=["full_time"],
            headcount=5,
            min_age=18,
            status="open",
            published_at=datetime.now(UTC),
        )
        fields.update(kw)
        posting = models.Posting(employer_id=employer.id, **fields)
        db.session.add(posting)
        db.session.commit()
        return posting


def _hash(password: str) -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="pbkdf2:sha256:1")
