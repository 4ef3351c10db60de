"""Booth queue pages: booth staff, the person's route, the kiosk, the hall screen
(jobfair/views/booth_queues.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import models
from jobfair.extensions import db
from jobfair.services import booth_queues as bq
from jobfair.services import unit_of_work
from tests.helpers.clients import Auth
from tests.helpers.scenes import add_booth, fair_scene, make_fair


@pytest.fixture
def stage(make):
    """The fair scene (booth A01, member, 巴特尔 who fits), a second employer's booth
    A02, and three people waiting at A01: 巴特尔 (signed up) first."""
    scene = fair_scene(make)
    other = make.employer(trade="logistics", name="鹿城物流")
    other_member = make.member(other)
    rider2 = make.posting(employer=other, title="赛罕区配送员")
    scene["other_booth"] = add_booth(scene["fair"], other, [rider2], label="A02")
    scene["other_member"] = other_member
    named = (("乌云", "13900000011"), ("格日勒", "13900000012"))
    people = [scene["seeker"]] + [make.seeker(name=n, phone=p) for n, p in named]
    for person in people:
        db.session.add(models.FairRegistration(fair_id=scene["fair"].id, seeker_id=person.id))
    db.session.commit()
    for person in people:
        with unit_of_work():
            bq.join_queue(scene["fair"], scene["booth"].id, person.id, "slip")
    scene["people"] = people
    return scene


def test_booth_staff_see_masked_names_and_call_and_end(client, stage):
    Auth(client).login_as(stage["member"])
    fair = stage["fair"].id
    page = client.get(f"/booth-queue/{fair}").get_data(as_text=True)
    assert "巴**" in page and "乌*" in page and "格**" in page
    assert "巴特尔" not in page and "13812345678" not in page and "5678" not in page
    assert "排队中（3 人）" in page and "queue-booth.js" in page
    listed = client.get(f"/booth-queue/{fair}/queue.json").get_json()
    assert [p["name"] for p in listed["waiting"]] == ["巴**", "乌*", "格**"]
    assert "巴特尔" not in str(listed) and "5678" not in str(listed)
    response = client.post(f"/booth-queue/{fair}/next")
    assert response.status_code == 302
    page = client.get(f"/booth-queue/{fair}").get_data(as_text=True)
    assert "排队中（2 人）" in page and "达成意向" in page
    entry = db.session.scalar(
        select(models.BoothQueueEntry).where(models.BoothQueueEntry.started_at.is_not(None))
    )
    assert entry.seeker_id == stage["seeker"].id
    done = f"/booth-queue/{fair}/entries/{entry.id}/done"
    client.post(done, data={"outcome": "intention_reached"})
    db.session.refresh(entry)
    assert entry.outcome == "intention_reached" and entry.ended_at is not None
    assert "没有正在交谈的人" in client.get(f"/booth-queue/{fair}").get_data(as_text=True)


def test_another_employer_cannot_touch_this_booth(client, stage, make):
    entry_id = bq.queue_of(stage["booth"])[1][0].id
    fair = stage["fair"].id
    Auth(client).login_as(make.member(make.employer()))  # no booth at this fair
    assert client.get(f"/booth-queue/{fair}").status_code == 404
    assert client.get(f"/booth-queue/{fair}/queue.json").status_code == 404
    assert client.post(f"/booth-queue/{fair}/next").status_code == 404
    Auth(client).logout()
    Auth(client).login_as(stage["other_member"])  # a booth at this fair, not this one
    response = client.post(f"/booth-queue/{fair}/entries/{entry_id}/done", data={"outcome": ""})
    assert response.status_code == 404
    assert db.session.get(models.BoothQueueEntry, entry_id).ended_at is None


def test_booth_staff_add_by_number_and_are_told_when_refused(client, stage, make):
    Auth(client).login_as(stage["other_member"])
    fair = stage["fair"].id
    walk_in = stage["people"][1]
    response = client.post(f"/booth-queue/{fair}/add", data={"number": str(walk_in.id)})
    assert response.status_code == 302
    assert "排队中（1 人）" in client.get(f"/booth-queue/{fair}").get_data(as_text=True)
    stranger = make.seeker(name="路人")
    response = client.post(
        f"/booth-queue/{fair}/add", data={"number": str(stranger.id)}, follow_redirects=True
    )
    assert "没有报名或签到本场招聘会" in response.get_data(as_text=True)
    assert "排队中（1 人）" in response.get_data(as_text=True)


def test_the_route_page_joins_leaves_and_reorders_as_a_queue_grows(client, stage, make):
    fair = stage["fair"]
    newcomer = make.seeker(name="萨仁", phone="13900000099", health_certificate=True,
                           has_ebike=True)
    db.session.add(models.FairRegistration(fair_id=fair.id, seeker_id=newcomer.id))
    db.session.commit()
    Auth(client).login_as(newcomer.user)
    data = client.get(f"/fairs/{fair.id}/route.json").get_json()
    stops = {s["booth"]: s for s in data["stops"]}
    a01, a02 = stage["booth"].id, stage["other_booth"].id
    assert set(stops) == {a01, a02}
    assert stops[a01]["wait"] == round(3 * bq.PRIOR_MINUTES) and stops[a02]["wait"] == 0
    page = client.get(f"/fairs/{fair.id}/route").get_data(as_text=True)
    assert "queue-route.js" in page and "<script>" not in page
    # the same match at both: the empty queue first; eight people at A02 turn it round
    before = [s["booth"] for s in data["stops"]]
    for person in stage["people"][1:]:
        with unit_of_work():
            bq.join_queue(fair, a02, person.id, "booth")
    with unit_of_work():
        for _i in range(6):
            extra = make.seeker()
            db.session.add(models.FairRegistration(fair_id=fair.id, seeker_id=extra.id))
            db.session.flush()
            bq.join_queue(fair, a02, extra.id, "kiosk")
    after = [s["booth"] for s in client.get(f"/fairs/{fair.id}/route.json").get_json()["stops"]]
    assert (before, after) == ([a02, a01], [a01, a02])  # 12 minutes at A01, then 32 at A02
    response = client.post(f"/fairs/{fair.id}/route/join/{a01}", follow_redirects=True)
    assert "已加入排队" in response.get_data(as_text=True)
    stop = next(
        s for s in client.get(f"/fairs/{fair.id}/route.json").get_json()["stops"]
        if s["booth"] == a01
    )
    assert stop["state"] == "waiting" and stop["ahead"] == 3
    response = client.post(f"/fairs/{fair.id}/route/join/{a01}", follow_redirects=True)
    assert "已经在这个展位排队了" in response.get_data(as_text=True)
    entry = db.session.scalar(
        select(models.BoothQueueEntry).where(models.BoothQueueEntry.seeker_id == newcomer.id)
    )
    client.post(f"/fairs/{fair.id}/route/leave/{entry.id}")
    db.session.refresh(entry)
    assert entry.outcome == "left"


def test_a_person_not_signed_up_is_refused_with_a_message(client, stage, make):
    outsider = make.seeker(name="其木格", health_certificate=True, has_ebike=True)
    Auth(client).login_as(outsider.user)
    fair = stage["fair"].id
    page = client.get(f"/fairs/{fair}/route").get_data(as_text=True)
    assert "还没有报名这场招聘会" in page
    response = client.post(f"/fairs/{fair}/route/join/{stage['booth'].id}", follow_redirects=True)
    assert "没有报名或签到本场招聘会" in response.get_data(as_text=True)
    assert db.session.scalar(
        select(func.count()).select_from(models.BoothQueueEntry)
        .where(models.BoothQueueEntry.seeker_id == outsider.id)
    ) == 0


def test_kiosk_staff_put_a_checked_in_person_in_a_queue(client, stage, make):
    staff = make.staff()
    Auth(client).login_as(staff)
    fair, person = stage["fair"].id, stage["people"][2]
    client.post(f"/kiosk/{fair}/check-in/{person.id}")
    slip = client.get(f"/kiosk/{fair}/slip/{person.id}").get_data(as_text=True)
    assert f"/kiosk/{fair}/queue/{person.id}/" in slip
    response = client.post(
        f"/kiosk/{fair}/queue/{person.id}/{stage['other_booth'].id}", follow_redirects=True
    )
    assert "已在展位 A02 排队" in response.get_data(as_text=True)
    entry = bq.queue_of(stage["other_booth"])[1][0]
    assert entry.seeker_id == person.id and entry.source == "kiosk"


def test_the_hall_screen_shows_queues_and_no_personal_data(client, stage):
    fair = stage["fair"].id
    for url in (f"/fairs/{fair}/hall", f"/fairs/{fair}/hall.json"):
        response = client.get(url)
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        for person in stage["people"]:
            assert person.name not in text and person.name[0] + "*" not in text
            assert person.user.phone not in text and person.user.phone[-4:] not in text
    booths = {b["label"]: b for b in client.get(f"/fairs/{fair}/hall.json").get_json()["booths"]}
    assert booths["A01"]["waiting"] == 3 and booths["A01"]["wait"] == round(3 * bq.PRIOR_MINUTES)
    assert booths["A02"]["waiting"] == 0 and booths["A02"]["employer"] == "鹿城物流"
    page = client.get(f"/fairs/{fair}/hall").get_data(as_text=True)
    assert "3人 · 约12分" in page and "hall.js" in page
    assert client.get("/fairs/999999/hall.json").status_code == 404


def test_an_online_fair_has_no_hall_screen(client, make):
    online = make_fair(make, mode="online", name="线上专场")
    assert client.get(f"/fairs/{online.id}/hall").status_code == 404
    assert client.get(f"/fairs/{online.id}/hall.json").status_code == 404



def test_the_fair_pages_link_the_queue_pages(client, stage):
    fair = stage["fair"].id
    auth = Auth(client)
    auth.login_as(stage["member"])
    assert f'href="/booth-queue/{fair}"' in client.get("/employer/fairs").get_data(as_text=True)
    auth.logout()
    auth.login_as(stage["seeker"].user)
    page = client.get(f"/fairs/{fair}").get_data(as_text=True)
    assert f'href="/fairs/{fair}/route"' in page and "我的展位路线与排队" in page
