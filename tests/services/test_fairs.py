"""Fair and booth rules, called directly (jobfair/services/fairs.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jobfair.errors import DomainError, ValidationFailed
from jobfair.services import fairs
from tests.helpers.scenes import add_booth, make_fair

NOW = datetime.now(UTC)  # for dates far from any boundary


def test_fair_rules_for_staff(ctx, make):
    staff = make.staff()
    base = {
        "name": "春季专场",
        "mode": "onsite",
        "venue": "人力资源市场",
        "district_code": "150105",
        "description": "",
        "status": "published",
    }
    with pytest.raises(ValidationFailed) as e:
        fairs.create_fair(
            staff,
            {**base, "starts_at": NOW - timedelta(days=3), "ends_at": NOW - timedelta(days=4)},
        )
    assert e.value.errors["ends_at"] == "结束时间必须晚于开始时间。"
    with pytest.raises(ValidationFailed) as e:
        fairs.create_fair(
            staff,
            {
                **base,
                "venue": "",
                "starts_at": NOW + timedelta(days=1),
                "ends_at": NOW + timedelta(days=1, hours=6),
            },
        )
    assert "venue" in e.value.errors
    closed = make_fair(make, starts=-50, ends=-48, status="closed")
    employer = make.employer()
    booth = add_booth(
        closed, employer, [make.posting(employer=employer)], label=None, status="requested"
    )
    with pytest.raises(DomainError, match="已结束"):
        fairs.review_booth(staff, booth.id, True, "A01")
    online = make_fair(make, mode="online", name="线上专场")
    request = add_booth(online, employer, [], label=None, status="requested")
    with pytest.raises(ValidationFailed, match="格式"):
        fairs.review_booth(staff, request.id, True, "第一展位")
    assert fairs.review_booth(staff, request.id, True, "").status == "approved"


def test_booths_sort_by_label_number(ctx, make):
    fair = make_fair(make)
    for label in ("A10", "A02", "B01", "A100"):
        employer = make.employer()
        add_booth(fair, employer, [make.posting(employer=employer)], label=label)
    assert [b.label for b in fairs.booths_of(fair)] == ["A02", "A10", "A100", "B01"]


def test_booth_labels_are_stored_in_one_spelling(ctx, make):
    staff = make.staff()
    fair = make_fair(make, mode="onsite")
    first = add_booth(fair, make.employer(), [], label=None, status="requested")
    second = add_booth(fair, make.employer(), [], label=None, status="requested")
    assert fairs.review_booth(staff, first.id, True, "a001").label == "A01"
    try:
        fairs.review_booth(staff, second.id, True, "A01")
    except ValidationFailed as e:
        assert "已分配" in e.errors["label"]
    else:
        raise AssertionError("A01 assigned twice")
