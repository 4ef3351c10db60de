"""The employer's dashboard (applicants, new since the last visit, today's interviews),
rescheduling and cancelling interviews, withdrawing booth requests, and where a saved
posting leads."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

import models
from jobfair.clock import now
from jobfair.extensions import db
from jobfair.services import applications, unit_of_work
from tests.helpers.database import count
from tests.helpers.scenes import add_booth, make_fair
from tests.web.test_employers import POSTING


def slot(hours=2, minute=0):
    """A Beijing-time slot some hours from now, as the date-time input sends it."""
    local = (now() + timedelta(hours=hours)).astimezone(ZoneInfo("Asia/Shanghai"))
    return local.replace(minute=minute, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")


def apply(make, posting, **seeker):
    seeker = make.seeker(health_certificate=True, has_ebike=True, **seeker)
    with unit_of_work():
        return applications.apply_to_posting(seeker, posting.id, accept_soft=True)


def to_interview(application, at=None, booth=None, place=""):
    """Put an application in "interview" directly (a past time is fine here)."""
    application.status = "interview"
    application.interview_at = at or now().replace(second=0, microsecond=0)
    application.interview_booth_id = booth.id if booth else None
    application.interview_place = place or "公司二楼"
    db.session.commit()
    return application


def test_dashboard_counts_applicants_new_since_the_last_visit_and_todays_interviews(
    client, make, auth, scene
):
    member, posting = scene["member"], scene["posting"]
    first = apply(make, posting, name="乌云")
    apply(make, posting, name="苏日娜")
    auth.login_as(member)
    page = client.get("/employer/").get_data(as_text=True)
    assert "第一次访问" in page and "2 新" in page
    # a visit later (more than 30 minutes after the last view): only what came since is new
    membership = db.session.get(models.EmployerMember, member.membership.id)
    membership.last_dashboard_at = now() - timedelta(hours=3)
    db.session.commit()
    for a in db.session.scalars(select(models.Application)):
        a.created_at = now() - timedelta(hours=4)
    db.session.commit()
    apply(make, posting, name="其木格")
    page = client.get("/employer/").get_data(as_text=True)
    assert "1 新" in page and "上次访问" in page
    assert "1 新" in client.get("/employer/").get_data(as_text=True)  # still new in this visit
    applicants = client.get(f"/employer/postings/{posting.id}/applicants").get_data(as_text=True)
    assert applicants.count('fw-semibold">新<') == 1
    to_interview(db.session.get(models.Application, first.id), place="赛罕区站点")
    page = client.get("/employer/").get_data(as_text=True)
    assert "今日面试" in page and "乌云" in page and "赛罕区站点" in page


def test_reschedule_tells_the_seeker_and_frees_the_booth_slot(client, make, auth, scene):
    member, posting, booth = scene["member"], scene["posting"], scene["booth"]
    first, second = apply(make, posting, name="乌云"), apply(make, posting, name="苏日娜")
    auth.login_as(member)
    old = slot(2)
    for a in (first, second):
        for status in ("viewed", "shortlisted"):
            db.session.refresh(a)
            client.post(
                f"/employer/applications/{a.id}/move",
                data={"to_status": status, "version": a.version},
            )
    db.session.refresh(first)
    client.post(
        f"/employer/applications/{first.id}/move",
        data={"to_status": "interview", "version": first.version, "interview_at": old,
              "booth_id": str(booth.id)},
    )  # fmt: skip
    db.session.refresh(first)
    assert first.status == "interview"
    page = client.get(f"/employer/applications/{first.id}").get_data(as_text=True)
    assert "改期或取消面试" in page and f'value="{old}"' in page

    def reschedule(**data):
        db.session.refresh(first)
        return client.post(
            f"/employer/applications/{first.id}/reschedule",
            data={"version": first.version, "re-booth_id": str(booth.id), **data},
        )

    unchanged = reschedule(**{"re-interview_at": old})
    assert unchanged.status_code == 422 and "没有变化" in unchanged.get_data(as_text=True)
    odd = reschedule(**{"re-interview_at": slot(3, minute=10)})
    assert odd.status_code == 422 and "15分钟一个时段" in odd.get_data(as_text=True)
    assert slot(3, minute=10) in odd.get_data(as_text=True)  # the typed time is kept
    new = slot(3, minute=30)
    moved = reschedule(**{"re-interview_at": new, "re-note": "上午有培训，改到下午"})
    assert moved.status_code == 302
    db.session.refresh(first)
    assert first.status == "interview"
    assert (
        first.interview_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M") == new
    )
    assert first.events[-1].to_status == "interview" and "面试改期" in first.events[-1].note
    told = db.session.scalars(
        select(models.Notification.text).where(models.Notification.user_id == first.seeker.user_id)
    ).all()
    assert any(new.replace("T", " ") in t and "改期" in t for t in told)
    # the old slot at the booth is free again: the second applicant may take it
    db.session.refresh(second)
    taken = client.post(
        f"/employer/applications/{second.id}/move",
        data={"to_status": "interview", "version": second.version, "interview_at": old,
              "booth_id": str(booth.id)},
    )  # fmt: skip
    assert taken.status_code == 302
    db.session.refresh(second)
    assert second.status == "interview"


def test_cancel_an_interview_frees_the_slot_and_tells_the_seeker(client, make, auth, scene):
    member, posting, booth = scene["member"], scene["posting"], scene["booth"]
    application = to_interview(apply(make, posting), at=None, booth=booth)
    auth.login_as(member)
    stale = client.post(
        f"/employer/applications/{application.id}/cancel-interview", data={"version": "1"}
    )
    assert stale.status_code == 302
    db.session.refresh(application)
    assert application.status == "interview"  # a stale form changed nothing
    response = client.post(
        f"/employer/applications/{application.id}/cancel-interview",
        data={"version": application.version, "note": "岗位已满", "next": "/employer/"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/employer/"
    db.session.refresh(application)
    assert application.status == "shortlisted"
    assert application.interview_booth_id is None and application.interview_at is None
    assert "取消面试" in application.events[-1].note
    text = db.session.scalar(
        select(models.Notification.text)
        .where(models.Notification.user_id == application.seeker.user_id)
        .order_by(models.Notification.id.desc())
    )
    assert "面试已取消" in text and "岗位已满" in text


def test_another_employer_cannot_move_or_cancel_an_interview(client, make, auth, scene):
    application = to_interview(apply(make, scene["posting"]))
    auth.login_as(make.member())
    for action in ("reschedule", "cancel-interview"):
        response = client.post(
            f"/employer/applications/{application.id}/{action}",
            data={"version": application.version, "re-interview_at": slot(4)},
        )
        assert response.status_code == 404, action
    db.session.refresh(application)
    assert application.status == "interview"


def test_booth_requests_are_withdrawn_before_review_only(client, make, auth):
    employer = make.employer()
    member = make.member(employer)
    posting = make.posting(employer=employer)
    upcoming = make_fair(make, starts=48, ends=56, status="published", name="包头专场")
    running = make_fair(make)
    requested = add_booth(upcoming, employer, [posting], label=None, status="requested")
    approved = add_booth(running, employer, [posting], label="A02")
    auth.login_as(member)
    page = client.get("/employer/fairs").get_data(as_text=True)
    assert "我的参会申请" in page and page.count("撤回申请") == 1
    refused = client.post(f"/employer/booths/{approved.id}/withdraw", follow_redirects=True)
    assert "不能再撤回" in refused.get_data(as_text=True)
    assert db.session.get(models.Booth, approved.id) is not None
    requested_id = requested.id
    done = client.post(f"/employer/booths/{requested_id}/withdraw", follow_redirects=True)
    assert "已撤回“包头专场”的参会申请" in done.get_data(as_text=True)
    assert count(models.Booth, models.Booth.id == requested_id) == 0
    assert count(models.AuditEntry, models.AuditEntry.action == "booth.withdraw") == 1
    someone_elses = add_booth(upcoming, make.employer(), [], label=None, status="requested")
    assert client.post(f"/employer/booths/{someone_elses.id}/withdraw").status_code == 404
    assert db.session.get(models.Booth, someone_elses.id) is not None


def test_a_saved_posting_opens_its_page_with_the_next_actions(client, make, auth):
    auth.login_as(make.member())
    response = client.post("/employer/postings/new", data={**POSTING, "status": "draft"})
    posting = db.session.scalar(select(models.Posting))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/employer/postings/{posting.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "美团外卖骑手（赛罕区）" in page and "岗位已保存" in page
    assert "查看申请人" in page and 'value="open"' in page and "编辑" in page
    published = client.post(
        f"/employer/postings/{posting.id}/status",
        data={"status": "open", "next": f"/employer/postings/{posting.id}"},
    )
    assert published.headers["Location"] == f"/employer/postings/{posting.id}"
    page = client.get(f"/employer/postings/{posting.id}").get_data(as_text=True)
    assert "查看推荐人选" in page and 'value="closed"' in page
    edited = client.post(
        f"/employer/postings/{posting.id}/edit", data={**POSTING, "title": "骑手（大学城）"}
    )
    assert edited.headers["Location"] == f"/employer/postings/{posting.id}"
