"""Staff statistics pages: the fair dashboard and the region view, as a user sees them."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from tests.helpers.clients import Auth
from tests.helpers.stats_scene import stats_world


@pytest.fixture
def world(make):
    w = stats_world(make)
    w["staff"] = make.staff()
    w["seeker"] = make.seeker()
    w["member"] = make.member()
    return w


def chart_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    assert match, "no chart data block"
    return json.loads(match.group(1))["charts"]


def cell_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_staff_read_a_fairs_dashboard_with_charts_and_tables(client, world):
    fair = world["fair_a"]
    rec = world["record"]
    Auth(client).login_as(world["staff"])
    response = client.get(f"/staff/fairs/{fair.id}/stats")
    assert response.status_code == 200
    html = response.text
    apps = [a for a in rec.applications if a["fair"] == fair.id]
    checked = [r for r in rec.registrations if r["fair"] == fair.id and r["checked"]]
    text = cell_text(html)
    assert fair.name in text and "统计口径" in text and "达成就业意向" in text
    assert f"投递申请 {len(apps)}" in text  # the overview tile
    funnel = chart_data(html)["funnel"]["datasets"][0]["data"]
    assert funnel[1] == len(checked) and funnel[2] == len(apps)
    hires = sum(1 for a in apps if a["status"] == "hired")
    assert funnel[5] == hires
    # every chart has the same numbers in a table beside it: the half hours' row
    half_hours = chart_data(html)["check_ins"]
    assert sum(half_hours["datasets"][0]["data"]) == len(checked)
    for label in half_hours["labels"]:
        assert f">{label}</th>" in html
    # the best employer by applications is named, with its count
    best, n = Counter(a["employer"] for a in apps).most_common(1)[0]
    names = {e.id: e.name for e in world["employers"]}
    assert names[best] in html and str(n) in html


def test_the_page_loads_no_inline_script(client, world):
    Auth(client).login_as(world["staff"])
    html = client.get(f"/staff/fairs/{world['fair_a'].id}/stats").text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "/static/vendor/chartjs/chart.umd.js" in html and "/static/js/charts.js" in html
    for asset in ("vendor/chartjs/chart.umd.js", "js/charts.js"):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200
        response.close()
    assert "onclick" not in html


def test_tables_use_the_phone_patterns(client, world):
    Auth(client).login_as(world["staff"])
    for url in (
        f"/staff/fairs/{world['fair_a'].id}/stats",
        "/staff/stats?start=2026-01-01&end=2026-12-31",
    ):
        html = client.get(url).text
        tables = re.findall(r"<table\b[^>]*>.*?</table>", html, re.S)
        assert len(tables) >= 4
        for table in tables:
            start = html.index(table)
            in_scroll = html.rfind('class="table-scroll', 0, start) > html.rfind("</div>", 0, start)
            cards = "table-cards" in table[:200]
            assert cards or in_scroll, table[:120]
            if cards:
                cells = re.findall(r"<td\b[^>]*>", table)
                assert cells and all("data-label=" in td for td in cells)


@pytest.mark.parametrize("role", ["seeker", "member"])
def test_non_staff_are_refused(client, world, role):
    user = world["seeker"].user if role == "seeker" else world["member"]
    Auth(client).login_as(user)
    assert client.get(f"/staff/fairs/{world['fair_a'].id}/stats").status_code == 403
    assert client.get("/staff/stats").status_code == 403


def test_anonymous_are_sent_to_log_in(client, world):
    response = client.get(f"/staff/fairs/{world['fair_a'].id}/stats")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    response = client.get("/staff/stats")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_unknown_fair_is_404(client, world):
    Auth(client).login_as(world["staff"])
    assert client.get("/staff/fairs/987654/stats").status_code == 404


def test_region_view_lists_the_fairs_of_the_range_with_months(client, world):
    Auth(client).login_as(world["staff"])
    response = client.get("/staff/stats?start=2026-10-01&end=2026-11-30")
    assert response.status_code == 200
    html = response.text
    assert world["fair_a"].name in html and world["fair_b"].name in html
    assert world["old"].name not in html
    assert f'href="/staff/fairs/{world["fair_a"].id}/stats"' in html
    months = chart_data(html)["months"]
    assert months["labels"] == ["2026-10", "2026-11"]
    apps = Counter(a["fair"] for a in world["record"].applications)
    assert months["datasets"][1]["data"] == [apps[world["fair_b"].id], apps[world["fair_a"].id]]
    assert 'value="2026-10-01"' in html and 'value="2026-11-30"' in html


def test_region_view_defaults_to_this_year(client, world):
    Auth(client).login_as(world["staff"])
    response = client.get("/staff/stats")
    assert response.status_code == 200
    assert re.search(r'id="start" name="start"\s+value="\d{4}-01-01"', response.text)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-11-30", "2026-11-01", "结束日期不能早于开始日期。"),
        ("2020-01-01", "2026-01-01", "时间范围最长三年，请缩短。"),
        ("2026-02-30", "2026-03-01", "请按“年-月-日”填写日期"),
    ],
)
def test_bad_ranges_are_refused_and_typed_dates_kept(client, world, start, end, message):
    Auth(client).login_as(world["staff"])
    response = client.get(f"/staff/stats?start={start}&end={end}")
    assert response.status_code == 422
    html = response.text
    assert message in html and 'id="error-summary"' in html
    assert f'value="{start}"' in html and f'value="{end}"' in html
    assert world["fair_a"].name not in html  # no figures for a refused range


def test_english_pages_have_no_chinese_words_of_the_statistics(client, world):
    Auth(client).login_as(world["staff"])
    client.post("/lang", data={"lang": "en", "next": "/"})
    for url in (
        f"/staff/fairs/{world['fair_a'].id}/stats",
        "/staff/stats?start=2026-01-01&end=2026-12-31",
    ):
        html = client.get(url).text
        for words in ("统计口径", "达成就业意向", "按行业", "政策咨询", "招聘人数", "区外或未知"):
            assert words not in html, (url, words)
        assert "Employment intentions" in html or "intention" in html.lower()


def test_links_from_the_staff_desk_and_the_fair_list(client, world):
    Auth(client).login_as(world["staff"])
    assert 'href="/staff/stats"' in client.get("/staff/").text
    assert f'href="/staff/fairs/{world["fair_a"].id}/stats"' in client.get("/staff/fairs").text
