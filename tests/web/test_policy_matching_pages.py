"""Policy matching through the pages: staff edit schemes (refused input is kept), others are
refused, the seeker's dashboard and the kiosk show "您可能符合以下政策", the profile asks for
the extra facts only with consent, and the fair's figure per scheme equals a count here."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

import models
from jobfair.demo.schemes import SCHEMES
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD

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


# -- what the seeker and the kiosk show ------------------------------------------------------


def test_the_dashboard_says_which_schemes_may_fit_why_and_what_to_check(client, make, auth):
    add_schemes()
    seeker = make.seeker(birth_year=models.utcnow().year - 45, occupation_codes=["O09"])
    give_facts(seeker, registered_unemployed=True, flexible_employed=True)
    auth.login_as(seeker.user)
    page = text(client.get("/me/"))
    assert "您可能符合以下政策" in page
    assert "年龄45周岁，灵活就业，登记失业，可申请灵活就业人员社会保险补贴" in page
    assert "需确认户籍所在地" in page  # 就业困难人员认定: hukou unknown
    assert "新就业形态人员职业伤害保障" not in page  # a cleaner: not a rider or driver


def test_nothing_is_said_when_no_scheme_is_published(client, make, auth):
    seeker = make.seeker()
    auth.login_as(seeker.user)
    assert "您可能符合以下政策" not in text(client.get("/me/"))


def test_the_kiosk_slip_and_the_desk_show_the_schemes_of_the_person_served(client, make, auth):
    from tests.helpers.scenes import make_fair

    add_schemes()
    fair = make_fair(make, mode="both")
    seeker = make.seeker(birth_year=models.utcnow().year - 30, occupation_codes=["D01"])
    give_facts(seeker, pilot_platform_worker=True)
    auth.login_as(make.staff())
    slip = client.get(client.post(f"/kiosk/{fair.id}/check-in/{seeker.id}").headers["Location"])
    page = text(slip)
    assert "您可能符合以下政策" in page
    assert "做网约配送员，在试点平台接单，可申请新就业形态人员职业伤害保障" in page
    desk = text(client.get(f"/kiosk/{fair.id}/consult"))
    assert "做网约配送员，在试点平台接单，可申请新就业形态人员职业伤害保障" in desk
    client.get(f"/kiosk/{fair.id}/")  # the next person: nobody is served
    assert "您可能符合以下政策" not in text(client.get(f"/kiosk/{fair.id}/consult"))


# -- the profile asks for the facts only with consent ------------------------------------------


def profile_form(seeker, **extra):
    data = {
        "name": seeker.name,
        "birth_year": str(seeker.birth_year),
        "district_code": seeker.district_code,
        "occupation_codes": seeker.occupation_codes,
        "availability": ["full_time"],
        "discoverable": "y",
    }
    return {**data, **extra}


def test_the_profile_asks_only_the_facts_a_scheme_needs(client, make, auth):
    seeker = make.seeker()
    auth.login_as(seeker.user)
    assert 'name="policy_consent"' not in text(client.get("/me/profile"))  # no scheme yet
    add_schemes()
    page = text(client.get("/me/profile"))
    assert 'name="policy_consent"' in page and 'name="registered_unemployed"' in page
    assert 'name="hukou_region"' in page
    assert 'name="employment_difficulty"' not in page  # no seeded scheme asks it


def test_facts_are_kept_only_with_consent_exported_and_deleted(client, make, auth):
    add_schemes()
    seeker = make.seeker()
    seeker_id = seeker.id
    auth.login_as(seeker.user)
    facts = {"registered_unemployed": "y", "hukou_region": "150203"}
    assert client.post("/me/profile", data=profile_form(seeker, **facts)).status_code == 302
    assert db.session.get(models.SeekerPolicyFacts, seeker_id) is None  # not without consent
    form = profile_form(seeker, policy_consent="y", **facts)
    assert client.post("/me/profile", data=form).status_code == 302
    db.session.expire_all()
    row = db.session.get(models.SeekerPolicyFacts, seeker_id)
    assert row.registered_unemployed is True and row.hukou_region == "150203"
    edit = text(client.get("/me/profile"))
    assert re.search(r'<option selected value="150203">', edit)
    exported = client.get("/me/export").get_json()
    assert exported["policy_facts"][0]["hukou_region"] == "150203"
    assert "登记失业" in text(client.get("/me/"))
    # a bad value is refused, the rest kept
    bad = client.post("/me/profile", data={**form, "hukou_region": "123456"})
    assert bad.status_code == 422 and "请选择列表中的旗县区。" in text(bad)
    # withdrawing consent deletes them
    assert client.post("/me/profile", data=profile_form(seeker, **facts)).status_code == 302
    db.session.expire_all()
    assert db.session.get(models.SeekerPolicyFacts, seeker_id) is None
    assert client.post("/me/profile", data=form).status_code == 302
    response = client.post("/me/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(models.SeekerPolicyFacts, seeker_id) is None


# -- staff: how many checked-in people may be eligible, per scheme ----------------------------


def test_the_figures_per_scheme_equal_a_count_made_here(client, make, auth):
    import random

    from tests.helpers.scenes import make_fair

    add_schemes()
    fair = make_fair(make)
    other = make_fair(make, name="另一场")
    year = models.utcnow().year
    rng = random.Random(12)
    people = []  # (checked in here, age, occupation, unemployed, flexible, platform, starting)
    for n in range(24):
        age = rng.choice([20, 35, 45, 58, 63])
        occupation = rng.choice(["D01", "O02", "O09"])
        facts = {
            "registered_unemployed": rng.choice([True, False, None]),
            "flexible_employed": rng.choice([True, None]),
            "pilot_platform_worker": rng.choice([True, False, None]),
            "starting_business": rng.choice([True, None]),
        }
        seeker = make.seeker(birth_year=year - age, occupation_codes=[occupation])
        if n % 3:
            give_facts(seeker, **facts)
        else:
            facts = dict.fromkeys(facts)  # gave nothing
        here = n % 4 != 0
        db.session.add(
            models.FairRegistration(
                fair_id=fair.id if here else other.id,
                seeker_id=seeker.id,
                checked_in_at=models.utcnow() if n % 5 else None,
            )
        )
        people.append((here and n % 5 != 0, age, occupation, facts))
    db.session.commit()

    def unmet(flag):  # a fact given as False fails; unknown (None) does not
        return flag is False

    expected = {
        "新就业形态人员职业伤害保障": sum(
            1
            for ok, _a, occ, f in people
            if ok and occ in ("D01", "O02") and not unmet(f["pilot_platform_worker"])
        ),
        "灵活就业人员社会保险补贴": sum(
            1
            for ok, age, _o, f in people
            if ok
            and 16 <= age <= 59
            and not unmet(f["flexible_employed"])
            and not unmet(f["registered_unemployed"])
        ),
        "职业技能提升培训补贴": sum(1 for ok, age, _o, _f in people if ok and 16 <= age <= 60),
        "创业担保贷款": sum(1 for ok, age, _o, f in people if ok and 18 <= age <= 60),
        "就业困难人员认定": sum(
            1
            for ok, age, _o, f in people
            if ok and age <= 59 and not unmet(f["registered_unemployed"])
        ),
    }
    auth.login_as(make.staff())
    page = client.get(f"/staff/schemes/fairs/{fair.id}")
    assert page.status_code == 200
    html = text(page)
    assert f"已签到{sum(ok for ok, *_r in people)}人" in html
    ids = {s.name: s.id for s in db.session.scalars(select(models.SupportScheme))}
    shown = {
        name: int(re.search(rf'data-scheme="{ids[name]}">(\d+)<', html).group(1)) for name in ids
    }
    assert shown == expected
    assert len(set(expected.values())) > 2  # the profiles spread over the schemes


def test_the_reasons_read_in_english_on_english_pages(client, make, auth):
    add_schemes()
    seeker = make.seeker(birth_year=models.utcnow().year - 45, occupation_codes=["O09"])
    give_facts(seeker, registered_unemployed=True, flexible_employed=True)
    auth.login_as(seeker.user)
    client.post("/lang", data={"lang": "en"})
    page = text(client.get("/me/"))
    assert "You may be eligible for these schemes" in page
    assert (
        "aged 45, in flexible employment, registered as unemployed: "
        "you can apply for 灵活就业人员社会保险补贴" in page
    )
    assert "Check: where your hukou is" in page
