"""Policy matching through the pages: staff edit schemes (refused input is kept), others are
refused, the seeker's dashboard and the kiosk show "您可能符合以下政策", the profile asks for
the extra facts only with consent, and the fair's figure per scheme equals a count here."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

import models
from jobfair.demo.schemes import SCHEMES
from jobfair.extensions import db

FLEX = "灵活就业人员社会保险补贴"


def add_schemes():
    """The seeded five, published."""
    for name, conditions, benefit, documents, where, _days, source in SCHEMES:
        db.session.add(
            models.SupportScheme(
                name=name,
                conditions=conditions,
                benefit=benefit,
                documents=documents,
                where_to_apply=where,
                source_title=source,
                published=True,
            )
        )
    db.session.commit()


def give_facts(seeker, **facts):
    db.session.add(
        models.SeekerPolicyFacts(seeker_id=seeker.id, consent_at=models.utcnow(), **facts)
    )
    db.session.commit()


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


GOOD = {
    "name": "测试补贴",
    "benefit": "每月500元",
    "documents": "身份证",
    "where_to_apply": "旗县区就业服务中心",
    "source_title": "测试文件",
    "valid_until": "",
    "published": "y",
    "c-0-fact": "age",
    "c-0-op": "between",
    "c-0-low": "16",
    "c-0-high": "45",
    "c-1-fact": "registered_unemployed",
    "c-1-op": "is_true",
}


# -- staff edit schemes -----------------------------------------------------------------------


def test_staff_create_a_scheme_from_condition_rows_and_it_is_audited(client, make, auth):
    staff = make.staff()
    auth.login_as(staff)
    response = client.post("/staff/schemes/new", data=GOOD)
    assert response.status_code == 302
    scheme = db.session.scalar(select(models.SupportScheme))
    assert scheme.conditions == [
        {"fact": "age", "op": "between", "value": [16, 45]},
        {"fact": "registered_unemployed", "op": "is_true"},
    ]
    assert scheme.published
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "scheme.create")
    )
    assert entry.actor_user_id == staff.id and entry.subject_id == scheme.id
    page = text(client.get("/staff/schemes"))
    assert "测试补贴" in page and "年龄（周岁） 介于 16–45" in page
    edit = text(client.get(f"/staff/schemes/{scheme.id}"))
    assert 'value="45"' in edit and "每月500元" in edit


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "请填写政策名称。"),
        ({"c-0-low": "五十"}, "年龄请填整数，例如 16 和 45。"),
        ({"c-1-op": "between"}, "“已登记失业”只能用“是”。"),
        (
            {"c-2-fact": "occupation", "c-2-op": "in", "c-2-value": "D01,骑手"},
            "这些岗位代码不在列表中：骑手",
        ),
        ({"valid_until": "明年"}, "请按“年-月-日”填写日期，例如 2027-06-30。"),
    ],
)
def test_a_bad_scheme_is_refused_keeping_what_was_typed(client, make, auth, changes, message):
    auth.login_as(make.staff())
    response = client.post("/staff/schemes/new", data={**GOOD, **changes})
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert "每月500元" in page  # the rest of the form is kept
    for key, value in changes.items():
        if value and key != "c-1-op":
            assert f'value="{value}"' in page or f">{value}<" in page, key
    assert db.session.scalar(select(models.SupportScheme)) is None


@pytest.mark.parametrize("role", ["seeker", "employer"])
def test_others_cannot_edit_schemes(client, make, auth, role):
    user = make.seeker().user if role == "seeker" else make.member()
    auth.login_as(user)
    assert client.get("/staff/schemes").status_code == 403
    assert client.post("/staff/schemes/new", data=GOOD).status_code == 403
    assert db.session.scalar(select(models.SupportScheme)) is None
