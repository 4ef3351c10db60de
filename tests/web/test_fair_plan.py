"""A fair's booth floor plan for seekers: booths by hall area and label, employer, trade
and postings, with the logged-in seeker's best matches marked."""

from __future__ import annotations

import re

from jobfair.services import fairs
from tests.helpers.scenes import add_booth, make_fair


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _plan(html: str) -> str:
    start = html.index('id="plan-title"')
    return html[start : html.index("</section>\n", html.rindex('id="area-'))]


def _hall(make):
    fair = make_fair(make)
    rider_co = make.employer(trade="delivery", name="青城即时配送有限公司")
    truck_co = make.employer(trade="logistics", name="鄂尔多斯煤海运输有限公司")
    live_co = make.employer(trade="livestream", name="草原优选电子商务有限公司")
    rider = make.posting(employer=rider_co, title="赛罕区外卖骑手")
    truck = make.posting(
        employer=truck_co, title="重卡司机", occupation_code="L01", trade="logistics",
        required_licence="B2",
    )  # fmt: skip
    host = make.posting(
        employer=live_co, title="带货主播", occupation_code="S01", trade="livestream"
    )
    add_booth(fair, truck_co, [truck], label="B01")
    add_booth(fair, live_co, [host], label="A10")
    add_booth(fair, rider_co, [rider], label="A02")
    return fair, rider, truck, host


def test_the_plan_groups_booths_by_hall_area_in_label_order(client, make):
    fair, rider, truck, host = _hall(make)
    plan = _text(_plan(client.get(f"/fairs/{fair.id}").get_data(as_text=True)))
    assert "A01在A区" in plan
    # area A (2 booths: A02 before A10), then area B; each with employer, trade, postings
    assert re.search(
        r"A区 · 2个展位 A02 青城即时配送有限公司 即时配送/快递 赛罕区外卖骑手 .*"
        r"A10 草原优选电子商务有限公司 直播电商 带货主播 .*"
        r"B区 · 1个展位 B01 鄂尔多斯煤海运输有限公司 物流货运/仓储 重卡司机",
        plan,
    ), plan
    assert "★" not in plan and "登录 后为您标出匹配的岗位和展位" in plan


def test_a_seekers_best_matches_are_marked_on_the_plan(client, make, auth):
    fair, rider, truck, host = _hall(make)
    seeker = make.seeker(occupation_codes=["D01"], licence_classes=[])  # a rider, no B2
    auth.login_as(seeker.user)
    html = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    plan = _plan(html)
    tiles = {t.split("</span>")[0].split(">")[-1]: _text(t) for t in plan.split("<article")[1:]}
    assert set(tiles) == {"A02", "A10", "B01"}
    assert "★ 匹配" in tiles["A02"] and "赛罕区外卖骑手 ★" in tiles["A02"]
    assert "重卡司机" in tiles["B01"] and "★" not in tiles["B01"]  # needs B2: never a match
    assert re.search(r"标★的展位：</span>\s*<a [^>]*href=\"#booth-\d+\">A02</a>", plan)


def test_an_online_fair_lists_its_booths_without_areas(client, make):
    fair = make_fair(make, mode="online")
    employer = make.employer(name="网上配送有限公司")
    add_booth(fair, employer, [make.posting(employer=employer, title="网约配送员")], label=None)
    plan = _text(_plan(client.get(f"/fairs/{fair.id}").get_data(as_text=True)))
    assert "线上展位 · 1个展位 线上 网上配送有限公司" in plan
    assert "A01在A区" not in plan


def test_floor_plan_keeps_the_booth_order_of_the_staff_plan(app, make):
    fair, *_ = _hall(make)
    booths = fairs.booths_of(fair)
    plan = fairs.floor_plan(booths)
    assert [(a.letter, [b.label for b in a.booths]) for a in plan] == [
        ("A", ["A02", "A10"]),
        ("B", ["B01"]),
    ]
    assert [b for a in plan for b in a.booths] == booths
