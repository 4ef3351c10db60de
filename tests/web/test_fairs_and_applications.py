"""Fairs for seekers and employers, applications, the pipeline and notifications."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

import models
from jobfair.extensions import db
from jobfair.services import applications, unit_of_work
from tests.helpers.clients import Auth
from tests.helpers.database import count
from tests.helpers.scenes import add_booth, make_fair

NOW = datetime.now(UTC)  # for dates far from any boundary; times near "now" use now()


def now() -> datetime:
    return datetime.now(UTC)


def apply(client, posting, **data):
    return client.post(f"/me/apply/{posting.id}", data=data)


# -- fairs ---------------------------------------------------------------------------------------


def test_fair_page_shows_booths_and_ranks_postings_for_a_seeker(client, make, auth, scene):
    other = make.employer(trade="logistics")
    add_booth(
        scene["fair"],
        other,
        [
            make.posting(
                employer=other, title="仓库分拣员", occupation_code="L06", trade="logistics"
            )
        ],
        label="B02",
    )
    page = client.get(f"/fairs/{scene['fair'].id}").get_data(as_text=True)
    assert "A01" in page and "B02" in page and "赛罕区外卖骑手" in page and "仓库分拣员" in page
    filtered = client.get(f"/fairs/{scene['fair'].id}?trade=logistics").get_data(as_text=True)
    assert "仓库分拣员" in filtered and "赛罕区外卖骑手" not in filtered
    auth.login_as(scene["seeker"].user)
    page = client.get(f"/fairs/{scene['fair'].id}").get_data(as_text=True)
    assert (
        "为您排序的岗位" in page and "展位 A01" in page and "匹配度" in page and "在线申请" in page
    )


def test_draft_fair_is_not_public(client, make):
    fair = make_fair(make, status="draft", starts=24, ends=30)
    assert client.get(f"/fairs/{fair.id}").status_code == 404
    assert fair.name not in client.get("/fairs/").get_data(as_text=True)


def test_seeker_signs_up_for_a_fair_once(client, make, auth, scene):
    auth.login_as(scene["seeker"].user)
    url = f"/fairs/{scene['fair'].id}/register"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert count(models.FairRegistration) == 1
    assert "您已报名这场招聘会" in client.get(f"/fairs/{scene['fair'].id}").get_data(as_text=True)
    closed = make_fair(make, starts=-50, ends=-48, status="closed", name="已结束的招聘会")
    client.post(f"/fairs/{closed.id}/register")
    assert count(models.FairRegistration, models.FairRegistration.fair_id == closed.id) == 0


def test_employer_requests_a_booth_and_staff_notification_follows(client, make, auth, scene):
    employer = make.employer()
    member = make.member(employer)
    posting = make.posting(employer=employer)
    other_posting = make.posting()
    auth.login_as(member)
    url = f"/employer/fairs/{scene['fair'].id}/booth"
    client.post(url, data={"posting_ids": [str(other_posting.id)]})
    assert count(models.Booth, models.Booth.employer_id == employer.id) == 0  # not its posting
    assert client.post(url, data={"posting_ids": [str(posting.id)]}).status_code == 302
    booth = db.session.scalar(select(models.Booth).where(models.Booth.employer_id == employer.id))
    assert booth.status == "requested" and [p.id for p in booth.postings] == [posting.id]


def test_unverified_employer_and_closed_fair_are_refused_booths(client, make, auth, scene):
    pending = make.employer(status="pending")
    member = make.member(pending)
    posting = make.posting(employer=pending, status="draft")
    auth.login_as(member)
    client.post(
        f"/employer/fairs/{scene['fair'].id}/booth", data={"posting_ids": [str(posting.id)]}
    )
    assert count(models.Booth, models.Booth.employer_id == pending.id) == 0
    verified_member = make.member()
    own = make.posting(employer=verified_member.membership.employer)
    closed = make_fair(make, starts=-50, ends=-48, status="closed")
    auth.logout()
    auth.login_as(verified_member)
    response = client.post(
        f"/employer/fairs/{closed.id}/booth",
        data={"posting_ids": [str(own.id)]},
        follow_redirects=True,
    )
    assert "已结束" in response.get_data(as_text=True)
    assert count(models.Booth, models.Booth.fair_id == closed.id) == 0


# -- applying -------------------------------------------------------------------------------------


def test_apply_once_with_note_and_employer_is_notified(client, make, auth, scene):
    auth.login_as(scene["seeker"].user)
    response = apply(client, scene["posting"], note="我在赛罕区跑了两年外卖", accept_soft="y")
    assert response.status_code == 302 and response.headers["Location"] == "/me/applications"
    app_row = db.session.scalar(select(models.Application))
    assert app_row.status == "applied" and app_row.note == "我在赛罕区跑了两年外卖"
    assert [e.to_status for e in app_row.events] == ["applied"]
    note = db.session.scalar(
        select(models.Notification).where(models.Notification.user_id == scene["member"].id)
    )
    assert "巴特尔 申请了岗位" in note.text
    again = apply(client, scene["posting"], note="再来一次")
    assert again.status_code == 302
    assert "您已经申请过这个岗位" in client.get("/").get_data(as_text=True)  # the flash message
    followed = apply(client, scene["posting"])
    assert count(models.Application) == 1 and count(models.ApplicationEvent) == 1
    db.session.refresh(app_row)
    assert app_row.note == "我在赛罕区跑了两年外卖"
    assert followed.status_code == 302


def test_applying_twice_says_so(client, make, auth, scene):
    auth.login_as(scene["seeker"].user)
    apply(client, scene["posting"])
    response = client.post(f"/me/apply/{scene['posting'].id}", data={}, follow_redirects=True)
    assert "您已经申请过这个岗位" in response.get_data(as_text=True)


def test_hard_constraint_blocks_and_names_the_rule(client, make, auth, scene):
    truck = make.posting(
        employer=scene["employer"],
        title="重卡司机",
        occupation_code="L01",
        trade="logistics",
        required_licence="B2",
    )
    seeker = make.seeker(licence_classes=["C1"])
    auth.login_as(seeker.user)
    detail = client.get(f"/postings/{truck.id}").get_data(as_text=True)
    assert "需要B2驾照" in detail and "不能申请这个岗位" in detail
    response = client.post(f"/me/apply/{truck.id}", data={}, follow_redirects=True)
    assert "您不符合这个岗位的硬性要求：需要B2驾照" in response.get_data(as_text=True)
    assert count(models.Application) == 0


def test_soft_requirement_asks_for_confirmation(client, make, auth, scene):
    seeker = make.seeker(health_certificate=False, has_ebike=True)
    auth.login_as(seeker.user)
    response = apply(client, scene["posting"], note="可以马上办健康证")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "需要健康证" in body and "可以马上办健康证" in body
    assert count(models.Application) == 0
    assert (
        apply(client, scene["posting"], note="可以马上办健康证", accept_soft="y").status_code == 302
    )
    assert count(models.Application) == 1


def test_closed_posting_cannot_be_applied_to(client, make, auth, scene):
    closed = make.posting(employer=scene["employer"], status="closed")
    auth.login_as(scene["seeker"].user)
    response = client.post(f"/me/apply/{closed.id}")
    assert response.status_code == 302
    assert "已停止招聘" in client.get("/").get_data(as_text=True)  # the flash message
    assert count(models.Application) == 0


def test_applying_through_a_fair_needs_it_open(client, make, auth, scene):
    later = make_fair(make, starts=48, ends=56, status="published", name="下周的招聘会")
    posting = make.posting(employer=scene["employer"], title="快递员", occupation_code="D02")
    add_booth(later, scene["employer"], [posting], label="C03")
    auth.login_as(scene["seeker"].user)
    response = client.post(
        f"/me/apply/{posting.id}",
        data={"fair_id": later.id, "accept_soft": "y"},
        follow_redirects=True,
    )
    assert "招聘会尚未开始" in response.get_data(as_text=True)
    assert count(models.Application) == 0
    ok = client.post(
        f"/me/apply/{scene['posting'].id}", data={"fair_id": scene["fair"].id, "accept_soft": "y"}
    )
    assert ok.status_code == 302
    assert db.session.scalar(select(models.Application.fair_id)) == scene["fair"].id


def test_onsite_only_fair_takes_no_online_applications(client, make, auth, scene):
    onsite = make_fair(make, mode="onsite", name="现场专场")
    posting = make.posting(employer=scene["employer"])
    add_booth(onsite, scene["employer"], [posting], label="D01")
    auth.login_as(scene["seeker"].user)
    response = client.post(
        f"/me/apply/{posting.id}",
        data={"fair_id": onsite.id, "accept_soft": "y"},
        follow_redirects=True,
    )
    assert "请到现场展位投递" in response.get_data(as_text=True)


# -- the pipeline -----------------------------------------------------------------------


def move(client, application, to_status, **data):
    """Post a move as the application page would: with the version it was rendered at."""
    db.session.refresh(application)
    return client.post(
        f"/employer/applications/{application.id}/move",
        data={"to_status": to_status, "version": application.version, **data},
        follow_redirects=True,
    )


def slot(hours=1, minute=0):
    """A Beijing-time slot at ``minute`` past the hour, between ``hours`` and ``hours + 1``
    hours from now (computed when called: the suite may run long after import)."""
    local = (now() + timedelta(hours=hours + 1)).astimezone(ZoneInfo("Asia/Shanghai"))
    return local.replace(minute=minute, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")


def test_full_pipeline_with_history_notifications_and_contact(client, make, auth, scene, applied):
    auth.login_as(scene["member"])
    page = client.get(f"/employer/applications/{applied.id}").get_data(as_text=True)
    assert "13812345678" in page  # contact visible from "applied" on
    db.session.refresh(applied)
    assert applied.status == "viewed"
    move(client, applied, "shortlisted")
    move(client, applied, "interview", interview_at=slot(), booth_id=str(scene["booth"].id))
    db.session.refresh(applied)
    assert applied.status == "interview" and applied.interview_booth_id == scene["booth"].id
    assert "A01" in applied.interview_place
    move(client, applied, "offer", note="欢迎加入")
    move(client, applied, "hired")
    db.session.refresh(applied)
    assert [e.to_status for e in applied.events] == [
        "applied",
        "viewed",
        "shortlisted",
        "interview",
        "offer",
        "hired",
    ]
    assert all(e.actor_user_id == scene["member"].id for e in applied.events[1:])
    texts = db.session.scalars(
        select(models.Notification.text).where(
            models.Notification.user_id == scene["seeker"].user_id
        )
    ).all()
    assert (
        len(texts) == 5
        and any("面试时间" in t for t in texts)
        and any("已录用" in t for t in texts)
    )
    assert not any("13812345678" in t for t in db.session.scalars(select(models.Notification.text)))
    seeker_client = Auth(client)
    seeker_client.logout()
    seeker_client.login_as(scene["seeker"].user)
    mine = client.get("/me/applications").get_data(as_text=True)
    assert "已录用" in mine and "处理记录" in mine
    assert "撤回申请" not in mine  # hired is final


def test_only_listed_moves_are_allowed(client, make, auth, scene, applied):
    auth.login_as(scene["member"])
    url = f"/employer/applications/{applied.id}/move"
    response = client.post(url, data={"to_status": "hired", "version": applied.version})
    assert response.status_code == 302
    db.session.refresh(applied)
    assert applied.status == "applied" and len(applied.events) == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "不能从“已申请”直接改为“已录用”" in page


def test_seeker_withdraws_but_cannot_move_forward(client, make, auth, scene, applied):
    auth.login_as(scene["seeker"].user)
    response = client.post(
        f"/employer/applications/{applied.id}/move", data={"to_status": "shortlisted"}
    )
    assert response.status_code == 403
    assert (
        client.post(
            f"/me/applications/{applied.id}/withdraw", data={"version": applied.version}
        ).status_code
        == 302
    )
    db.session.refresh(applied)
    assert applied.status == "withdrawn"
    assert (
        count(models.Notification, models.Notification.user_id == scene["member"].id) == 2
    )  # applied + withdrawn
    client.post(f"/me/applications/{applied.id}/withdraw")
    db.session.refresh(applied)
    assert len(applied.events) == 2


def test_other_employer_gets_404(client, make, auth, scene, applied):
    auth.login_as(make.member())
    assert client.get(f"/employer/applications/{applied.id}").status_code == 404
    assert (
        client.post(
            f"/employer/applications/{applied.id}/move", data={"to_status": "viewed"}
        ).status_code
        == 404
    )


def test_interview_slots_are_unique_per_booth_and_checked(client, make, auth, scene, applied):
    second_seeker = make.seeker(health_certificate=True, has_ebike=True)
    with unit_of_work():
        second = applications.apply_to_posting(
            second_seeker, scene["posting"].id, accept_soft=True
        )
    auth.login_as(scene["member"])
    for a in (applied, second):
        move(client, a, "viewed")
        move(client, a, "shortlisted")
    booth = str(scene["booth"].id)
    move(client, applied, "interview", interview_at=slot(), booth_id=booth)
    clash = move(client, second, "interview", interview_at=slot(), booth_id=booth)
    assert "已安排了其他面试" in clash.get_data(as_text=True)
    odd = move(client, second, "interview", interview_at=slot(minute=7), booth_id=booth)
    assert "15分钟一个时段" in odd.get_data(as_text=True)
    late = move(client, second, "interview", interview_at=slot(hours=30), booth_id=booth)
    assert "招聘会开放时间内" in late.get_data(as_text=True)
    nowhere = move(client, second, "interview", interview_at=slot())
    assert "请填写面试地点" in nowhere.get_data(as_text=True)
    db.session.refresh(second)
    assert second.status == "shortlisted"
    ok = move(client, second, "interview", interview_at=slot(minute=15), booth_id=booth)
    assert ok.status_code == 200
    db.session.refresh(second)
    assert second.status == "interview"


def test_stale_form_is_refused(client, make, auth, scene, applied):
    auth.login_as(scene["member"])
    client.get(f"/employer/applications/{applied.id}")  # -> viewed, version 2
    response = move(client, applied, "shortlisted", version="1")
    assert "刚被其他人处理过" in response.get_data(as_text=True)
    db.session.refresh(applied)
    assert applied.status == "viewed"


def test_bulk_shortlist_and_reject(client, make, auth, scene, applied):
    with unit_of_work():
        other = applications.apply_to_posting(
            make.seeker(health_certificate=True, has_ebike=True),
            scene["posting"].id,
            accept_soft=True,
        )
    auth.login_as(scene["member"])
    url = f"/employer/postings/{scene['posting'].id}/applicants/bulk"
    client.post(url, data={"application_ids": [str(applied.id)], "to_status": "shortlisted"})
    client.post(url, data={"application_ids": [str(other.id)], "to_status": "rejected"})
    db.session.refresh(applied)
    db.session.refresh(other)
    assert (applied.status, other.status) == ("shortlisted", "rejected")
    listing = client.get(f"/employer/postings/{scene['posting'].id}/applicants").get_data(
        as_text=True
    )
    assert "按匹配度排序" in listing and "初筛通过" in listing


def test_notifications_page_counts_and_marks_read(client, make, auth, scene, applied):
    auth.login_as(scene["member"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "申请了岗位" in page and "条未读" in page
    client.post("/notifications/read")
    assert "条未读" not in client.get("/notifications").get_data(as_text=True)


def test_question_to_a_booth_and_answer(client, make, auth, scene, app):
    auth.login_as(scene["seeker"].user)
    url = f"/fairs/{scene['fair'].id}/booths/{scene['booth'].id}"
    assert "本地即时配送服务商" in client.get(url).get_data(as_text=True)
    empty = client.post(f"{url}/question", data={"text": " "})
    assert empty.status_code == 422 and "请填写内容" in empty.get_data(as_text=True)
    assert client.post(f"{url}/question", data={"text": "提供住宿吗？"}).status_code == 302
    question = db.session.scalar(select(models.Question))
    employer = app.test_client()
    Auth(employer).login_as(scene["member"])
    assert "提供住宿吗" in employer.get("/employer/").get_data(as_text=True)
    employer.post(f"/employer/questions/{question.id}/answer", data={"answer": "提供四人间宿舍"})
    mine = client.get("/me/applications").get_data(as_text=True)
    assert "提供四人间宿舍" in mine


def test_staff_see_checked_in_seekers_matched_to_every_posting(client, make, auth, scene):
    fair = scene["fair"]
    courier_employer = make.employer()
    courier = make.posting(employer=courier_employer, title="快递员", occupation_code="D02")
    add_booth(fair, courier_employer, [courier], label="A02")
    rider_fan = make.seeker(name="乌云其其格", health_certificate=True, has_ebike=True)
    unfit = make.seeker(name="没有健康证", health_certificate=False)
    not_here = make.seeker(name="没签到", health_certificate=True, has_ebike=True)
    for s in (rider_fan, unfit):
        db.session.add(models.FairRegistration(fair_id=fair.id, seeker_id=s.id, checked_in_at=NOW))
    db.session.add(models.FairRegistration(fair_id=fair.id, seeker_id=not_here.id))
    db.session.commit()
    staff = make.staff()
    auth.login_as(staff)
    page = client.get(f"/staff/fairs/{fair.id}/matches").get_data(as_text=True)
    rider_section = page[
        page.index("赛罕区外卖骑手") : page.index("快递员", page.index("赛罕区外卖骑手"))
    ]
    assert "乌云其其格" in rider_section and "没有健康证" not in rider_section
    assert "没签到" not in page
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "staff.view_fair_matches")
    )
    assert entry.actor_user_id == staff.id and entry.detail == {"seekers": 2}


def test_fair_page_marks_postings_already_applied_to(client, make, auth, scene, applied):
    auth.login_as(scene["seeker"].user)
    page = client.get(f"/fairs/{scene['fair'].id}").get_data(as_text=True)
    section = page[page.index("为您排序的岗位") : page.index("参会单位")]
    assert "已申请" in section and "在线申请" not in section


def test_questions_only_while_the_fair_is_open(client, make, auth, scene):
    later = make_fair(make, starts=48, ends=56, status="published", name="下周的招聘会")
    booth = add_booth(later, scene["employer"], [scene["posting"]], label="C01")
    auth.login_as(scene["seeker"].user)
    url = f"/fairs/{later.id}/booths/{booth.id}"
    assert "招聘会开放期间可以在线申请和提问" in client.get(url).get_data(as_text=True)
    response = client.post(f"{url}/question", data={"text": "提供住宿吗？"}, follow_redirects=True)
    assert "招聘会尚未开始" in response.get_data(as_text=True)
    assert count(models.Question) == 0
