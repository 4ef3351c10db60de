"""Policy matching: every condition kind (met / unmet / unknown), each seeded scheme with a
fitting and a non-fitting profile, the readable reasons, and staff edits of schemes.

Most tests are plain (no Flask, no database): the rules are data and a pure function.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

import models
from jobfair.demo.schemes import SCHEMES
from jobfair.errors import ValidationFailed
from jobfair.extensions import db
from jobfair.services import policy_matching as pm
from jobfair.services import unit_of_work

TODAY = date(2026, 12, 3)
OUT = pm.Outcome


def facts(**given):
    """A seeker's facts, every one unknown unless given."""
    return {fact: None for fact in pm.FACTS} | given


def scheme(name: str) -> models.SupportScheme:
    for n, conditions, *_rest in SCHEMES:
        if n == name:
            return models.SupportScheme(name=n, conditions=conditions)
    raise KeyError(name)


def matches(s: models.SupportScheme, f: dict) -> pm.SchemeMatch | None:
    found = pm.evaluate_facts([s], f)
    return found[0] if found else None


# -- each operator: met, unmet, unknown -------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "given", "outcome"),
    [
        ({"fact": "age", "op": "between", "value": [16, 45]}, 45, OUT.MET),
        ({"fact": "age", "op": "between", "value": [16, 45]}, 46, OUT.UNMET),
        ({"fact": "age", "op": "between", "value": [16, 45]}, 15, OUT.UNMET),
        ({"fact": "age", "op": "between", "value": [40, None]}, 70, OUT.MET),
        ({"fact": "age", "op": "between", "value": [16, 45]}, None, OUT.UNKNOWN),
        ({"fact": "occupation", "op": "in", "value": ["D01", "O02"]}, ["O09", "O02"], OUT.MET),
        ({"fact": "occupation", "op": "in", "value": ["D01"]}, ["O09"], OUT.UNMET),
        ({"fact": "occupation", "op": "in", "value": ["D01"]}, None, OUT.UNKNOWN),
        ({"fact": "occupation", "op": "not_in", "value": ["D01"]}, ["O09"], OUT.MET),
        ({"fact": "occupation", "op": "not_in", "value": ["D01"]}, ["D01"], OUT.UNMET),
        ({"fact": "trade", "op": "in", "value": ["delivery"]}, ["delivery"], OUT.MET),
        ({"fact": "trade", "op": "not_in", "value": ["delivery"]}, ["delivery"], OUT.UNMET),
        ({"fact": "hukou_region", "op": "in", "value": ["150000"]}, "150105", OUT.MET),
        ({"fact": "hukou_region", "op": "in", "value": ["150100"]}, "150105", OUT.MET),
        ({"fact": "hukou_region", "op": "in", "value": ["150200"]}, "150105", OUT.UNMET),
        ({"fact": "hukou_region", "op": "in", "value": ["150000"]}, "999999", OUT.UNMET),
        ({"fact": "hukou_region", "op": "not_in", "value": ["150100"]}, "150203", OUT.MET),
        ({"fact": "hukou_region", "op": "in", "value": ["150000"]}, None, OUT.UNKNOWN),
        ({"fact": "district", "op": "in", "value": ["150105"]}, "150105", OUT.MET),
        ({"fact": "registered_unemployed", "op": "is_true"}, True, OUT.MET),
        ({"fact": "registered_unemployed", "op": "is_true"}, False, OUT.UNMET),
        ({"fact": "registered_unemployed", "op": "is_true"}, None, OUT.UNKNOWN),
        ({"fact": "pilot_platform_worker", "op": "is_true"}, False, OUT.UNMET),
        ({"fact": "employment_difficulty", "op": "is_true"}, True, OUT.MET),
    ],
)
def test_each_operator_is_met_unmet_or_unknown(condition, given, outcome):
    assert pm.check(condition, facts(**{condition["fact"]: given})) is outcome


def test_graduates_within_two_years_count_from_1_july():
    assert pm.graduated_within_two_years(2025, TODAY) is True
    assert pm.graduated_within_two_years(2024, date(2026, 6, 30)) is True
    assert pm.graduated_within_two_years(2024, date(2026, 7, 1)) is False
    assert pm.graduated_within_two_years(2030, TODAY) is False  # not yet left
    assert pm.graduated_within_two_years(pm.NOT_A_GRADUATE, TODAY) is False
    assert pm.graduated_within_two_years(None, TODAY) is None


def test_a_seekers_facts_come_from_the_profile_and_the_consented_facts():
    seeker = models.SeekerProfile(birth_year=1981, occupation_codes=["D01"], district_code="150105")
    extra = models.SeekerPolicyFacts(registered_unemployed=True, graduation_year=0)
    f = pm.seeker_facts(seeker, extra, TODAY)
    assert f["age"] == 45 and f["trade"] == ["delivery"] and f["district"] == "150105"
    assert f["registered_unemployed"] is True and f["graduate_within_two_years"] is False
    assert f["hukou_region"] is None and f["pilot_platform_worker"] is None
    bare = pm.seeker_facts(models.SeekerProfile(occupation_codes=[]), None, TODAY)
    assert bare["age"] is None and bare["occupation"] is None
    assert all(bare[fact] is None for fact in pm.CONSENTED_FACTS)


# -- never "eligible" on missing data --------------------------------------------------------


def test_an_unknown_fact_gives_may_be_eligible_with_what_to_check():
    m = matches(scheme("灵活就业人员社会保险补贴"), facts(age=45, flexible_employed=True))
    assert m is not None and not m.confirmed
    assert m.missing == ["需确认是否已登记失业"]
    assert m.reason == "年龄45周岁，灵活就业，可能可以申请灵活就业人员社会保险补贴"


def test_one_unmet_condition_drops_the_scheme_whatever_is_unknown():
    s = scheme("灵活就业人员社会保险补贴")
    assert matches(s, facts(age=62)) is None
    assert matches(s, facts(registered_unemployed=False)) is None


def test_the_reason_reads_like_the_desk_would_say_it():
    m = matches(
        scheme("灵活就业人员社会保险补贴"),
        facts(age=45, registered_unemployed=True, flexible_employed=True),
    )
    assert m.confirmed and m.missing == []
    assert m.reason == "年龄45周岁，灵活就业，登记失业，可申请灵活就业人员社会保险补贴"


def test_sure_matches_come_before_those_with_facts_to_check():
    schemes = [scheme(name) for name, *_rest in SCHEMES]
    found = pm.evaluate_facts(schemes, facts(age=30, registered_unemployed=True))
    assert [len(m.unknown) for m in found] == sorted(len(m.unknown) for m in found)
    assert found[0].scheme.name == "职业技能提升培训补贴"


# -- each seeded scheme: a fitting and a non-fitting profile ---------------------------------

FITTING = {
    "新就业形态人员职业伤害保障": (
        facts(occupation=["O02"], pilot_platform_worker=True),
        facts(occupation=["O09"], pilot_platform_worker=True),  # a cleaner: not a rider/driver
        "做网约车司机，在试点平台接单，可申请新就业形态人员职业伤害保障",
    ),
    "灵活就业人员社会保险补贴": (
        facts(age=45, registered_unemployed=True, flexible_employed=True),
        facts(age=45, registered_unemployed=True, flexible_employed=False),
        "年龄45周岁，灵活就业，登记失业，可申请灵活就业人员社会保险补贴",
    ),
    "职业技能提升培训补贴": (
        facts(age=22),
        facts(age=64),
        "年龄22周岁，可申请职业技能提升培训补贴",
    ),
    "创业担保贷款": (
        facts(age=35, starting_business=True, district="150105"),
        facts(age=35, starting_business=False, district="150105"),
        "年龄35周岁，准备创业或已创业，常住赛罕区，可申请创业担保贷款",
    ),
    "就业困难人员认定": (
        facts(age=50, registered_unemployed=True, hukou_region="150203"),
        facts(age=50, registered_unemployed=True, hukou_region=pm.OUTSIDE_REGION),
        "年龄50周岁，登记失业，户籍在昆都仑区，可申请就业困难人员认定",
    ),
}


@pytest.mark.parametrize("name", [name for name, *_rest in SCHEMES])
def test_each_seeded_scheme_with_a_fitting_and_a_non_fitting_profile(name):
    fitting, not_fitting, reason = FITTING[name]
    m = matches(scheme(name), fitting)
    assert m is not None and m.confirmed
    assert m.reason == reason
    assert matches(scheme(name), not_fitting) is None


def test_every_seeded_scheme_names_its_source_and_staff_are_told_to_check_it():
    import jobfair.demo.schemes as seed

    assert "STAFF MUST CHECK" in seed.__doc__
    for name, conditions, benefit, documents, where, _days, source in SCHEMES:
        assert benefit and documents and where and source, name
        assert (
            pm.clean_scheme(
                {"name": name, "benefit": benefit, "conditions": [_as_row(c) for c in conditions]}
            )["conditions"]
            == conditions
        )


def _as_row(condition: dict) -> dict:
    """A condition as the staff form sends it."""
    row = {"fact": condition["fact"], "op": condition["op"]}
    value = condition.get("value")
    if condition["op"] == "between":
        row["low"], row["high"] = value
    elif value is not None:
        row["value"] = ",".join(value)
    return row


# -- checking what staff type ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"fact": "shoe_size", "op": "is_true"}, "请选择条件涉及的情况。"),
        ({"fact": "age", "op": "in", "value": "1"}, "“年龄（周岁）”只能用“介于”。"),
        ({"fact": "age", "op": "between", "low": "x"}, "年龄请填整数，例如 16 和 45。"),
        ({"fact": "age", "op": "between", "low": "50", "high": "40"}, "起始值不能大于截止值。"),
        ({"fact": "age", "op": "between"}, "请至少填写起止中的一个。"),
        ({"fact": "occupation", "op": "in", "value": ""}, "请填写至少一个值（用逗号分开）。"),
        ({"fact": "occupation", "op": "in", "value": "D01,ZZ9"}, "这些岗位代码不在列表中：ZZ9"),
        ({"fact": "hukou_region", "op": "in", "value": "123"}, "这些地区代码不在列表中：123"),
        ({"fact": "trade", "op": "in", "value": "mining"}, "这些行业不在列表中：mining"),
    ],
)
def test_a_wrong_condition_row_gets_a_kind_message(row, message):
    condition, error = pm.clean_condition(row)
    assert condition is None and error == message


def test_condition_values_may_be_typed_with_chinese_commas():
    condition, error = pm.clean_condition(
        {"fact": "occupation", "op": "in", "value": "D01，O02、D01"}
    )
    assert error is None and condition["value"] == ["D01", "O02"]


# -- through the database ---------------------------------------------------------------------


def test_only_published_current_schemes_are_matched(make):
    staff = make.staff()
    seeker = make.seeker(birth_year=1996)
    with unit_of_work():
        for name, published, valid_until in [
            ("A", True, None),
            ("B", False, None),
            ("C", True, date(2020, 1, 1)),
        ]:
            pm.save_scheme(
                staff,
                None,
                {
                    "name": name,
                    "benefit": "x",
                    "published": published,
                    "valid_until": valid_until,
                    "conditions": [{"fact": "age", "op": "between", "low": "16", "high": "60"}],
                },
            )
    assert [m.scheme.name for m in pm.evaluate(seeker, TODAY)] == ["A"]
    logged = db.session.scalars(select(models.AuditEntry.action)).all()
    assert logged.count("scheme.create") == 3


def test_a_second_scheme_of_the_same_name_is_refused(make):
    staff = make.staff()
    data = {"name": "A", "benefit": "x", "conditions": [{"fact": "age", "op": "between", "low": 1}]}
    with unit_of_work():
        pm.save_scheme(staff, None, data)
    with pytest.raises(ValidationFailed) as e, unit_of_work():
        pm.save_scheme(staff, None, data)
    assert e.value.errors == {"name": "已有同名的政策。"}
