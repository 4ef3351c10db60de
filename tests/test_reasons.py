"""The matcher's reason codes in words (jobfair/reasons.py), in both languages."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from jobfair import reasons
from matching import reasons as R
from matching.reasons import Reason

# What the pages said before the matcher spoke in codes: Chinese stays as it was.
CHINESE = [
    (Reason(R.OCCUPATION_MATCH, {"occupation": "D01"}), "求职意向对口：网约配送员"),
    (Reason(R.OCCUPATION_RELATED, {"occupation": "D03"}), "相关职业：分拣员"),
    (Reason(R.LICENCE_OK, {"licence": "B2"}), "持有B2驾照，满足岗位要求"),
    (Reason(R.HAS_HEALTH_CERTIFICATE, {}), "持有健康证"),
    (Reason(R.HAS_EBIKE, {}), "自备电动车"),
    (Reason(R.HAS_CAR, {}), "自备汽车"),
    (Reason(R.WORKS_NIGHTS, {}), "可上夜班"),
    (Reason(R.WORKS_WEEKENDS, {}), "周末可上班"),
    (Reason(R.SAME_DISTRICT, {"district": "150105"}), "同在赛罕区"),
    (Reason(R.SAME_CITY, {"city": "150100"}), "同在呼和浩特市"),
    (Reason(R.SAME_CITY, {"city": None}), "同城"),
    (
        Reason(R.SAME_REGION, {"posting_city": "150800", "seeker_city": "150100"}),
        "岗位在巴彦淖尔市，求职者在呼和浩特市（同在内蒙古）",
    ),
    (Reason(R.SAME_REGION, {"posting_city": None, "seeker_city": "150100"}), "同在内蒙古"),
    (Reason(R.OUTSIDE, {}), "不在同一地区"),
    (Reason(R.SCHEDULE_FITS, {"schedule": "full_time"}), "工作时间合适（全职）"),
    (Reason(R.SCHEDULE_FITS, {"schedule": "flexible"}), "工作时间合适（灵活时间）"),
    (Reason(R.SCHEDULE_FITS, {"schedule": None}), "工作时间合适"),
    (Reason(R.PAY_ABOVE_EXPECTATION, {}), "岗位薪资高于期望"),
    (Reason(R.PAY_IN_RANGE, {}), "期望薪资在岗位范围内"),
    (Reason(R.PAY_ABOVE_RANGE, {}), "期望薪资高于岗位上限"),
    (Reason(R.MATCHED_TERMS, {"terms": ("骑手", "送餐")}), "匹配词：骑手、送餐"),
    (Reason(R.PROFILE_HIDDEN, {}), "求职者资料未公开"),
    (Reason(R.NEEDS_LICENCE, {"licence": "B2"}), "需要B2驾照"),
    (Reason(R.NEEDS_MIN_AGE, {"age": 18}), "年龄需满18周岁"),
    (Reason(R.NEEDS_HEALTH_CERTIFICATE, {}), "需要健康证"),
    (Reason(R.NEEDS_EBIKE, {}), "需要自备电动车"),
    (Reason(R.NEEDS_CAR, {}), "需要自备汽车"),
    (Reason(R.NEEDS_NIGHTS, {}), "需要能上夜班"),
    (Reason(R.NEEDS_WEEKENDS, {}), "需要周末能上班"),
]


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def test_every_code_has_words():
    codes = {r.code for r, _ in CHINESE}
    assert codes == set(R.MATCH_CODES) | set(R.UNMET_CODES)
    assert set(reasons._SAY) == codes


@pytest.mark.parametrize(("reason", "text"), CHINESE, ids=lambda x: getattr(x, "code", ""))
def test_chinese_reads_as_before(ctx, reason, text):
    assert reasons.render(reason) == text


def test_english_names_places_and_occupations(ctx):
    with force_locale("en"):
        said = reasons.render_all(r for r, _ in CHINESE)
        assert reasons.render(CHINESE[0][0]) == "Wants this work: Delivery rider"
        assert reasons.render(CHINESE[8][0]) == "Both in Saihan District"
        assert reasons.render(CHINESE[11][0]) == (
            "Job in Bayannur, seeker in Hohhot (both in Inner Mongolia)"
        )
        assert reasons.join(r for r, _ in CHINESE[-2:]) == (
            "Needs to work nights, Needs to work weekends"
        )
    for text in said:
        assert not any("\u4e00" <= c <= "\u9fff" for c in text.replace("骑手", "").replace(
            "送餐", "")), text


def test_matched_words_in_english_name_occupations_once(ctx):
    said = Reason(R.MATCHED_TERMS, {"terms": ("重型货车", "骑手", "外卖骑手", "python")})
    assert reasons.render(said) == "匹配词：重型货车、骑手、外卖骑手、python"
    with force_locale("en"):
        assert reasons.render(said) == "Matching words: 重型货车, Delivery rider, python"


def test_reasons_addressed_to_the_seeker(ctx):
    region = Reason(R.SAME_REGION, {"posting_city": "150900", "seeker_city": "150100"})
    assert reasons.render(region, "seeker") == "您在呼和浩特市，岗位在乌兰察布市（同在内蒙古）"
    assert reasons.render(region) == "岗位在乌兰察布市，求职者在呼和浩特市（同在内蒙古）"
    assert reasons.render(Reason("no_such_code", {})) == "no_such_code"


def test_tuples_render_too(ctx):
    assert reasons.render(("licence_ok", {"licence": "A2"})) == "持有A2驾照，满足岗位要求"


def test_a_logged_in_seeker_reads_reasons_addressed_to_them(app, make):
    """Left out, the audience is whoever is logged in: a seeker, or anyone else."""
    from flask_login import login_user

    region = Reason(R.SAME_REGION, {"posting_city": "150900", "seeker_city": "150100"})
    hidden = Reason(R.PROFILE_HIDDEN, {})
    seeker = make.seeker()
    member = make.member()
    with app.test_request_context():
        assert reasons.reader() == "employer"  # nobody logged in
        login_user(seeker.user)
        assert reasons.render(region) == "您在呼和浩特市，岗位在乌兰察布市（同在内蒙古）"
        assert reasons.join([hidden]) == "您的资料未公开"
        assert reasons.render(region, "employer").startswith("岗位在乌兰察布市")
    with app.test_request_context():
        login_user(member)
        assert reasons.render(region) == "岗位在乌兰察布市，求职者在呼和浩特市（同在内蒙古）"
        assert reasons.render(hidden) == "求职者资料未公开"
