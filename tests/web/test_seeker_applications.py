"""我的申请: where and when each interview is, what happens next; cancelling a fair sign-up."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

import models
from jobfair.errors import DomainError, NotFound
from jobfair.extensions import db
from jobfair.services import fairs, unit_of_work
from tests.helpers.database import count
from tests.helpers.scenes import make_fair


def _text(html: str) -> str:
    """The page's text as a person reads it (no space before full-width punctuation)."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ?([，。：）]) ?", r"\1", text)


def _application(seeker, posting, status="applied", **fields):
    a = models.Application(posting_id=posting.id, seeker_id=seeker.id, status=status, **fields)
    a.events.append(models.ApplicationEvent(from_status=None, to_status="applied"))
    db.session.add(a)
    db.session.commit()
    return a


def test_my_applications_show_the_interview_booth_and_what_happens_next(client, make, auth, scene):
    seeker, booth = scene["seeker"], scene["booth"]
    soon = scene["fair"].starts_at + timedelta(hours=3)
    _application(
        seeker, scene["posting"], "interview", interview_at=soon,
        interview_place="呼和浩特新业态专场 展位A01", interview_booth_id=booth.id,
    )  # fmt: skip
    other = make.employer(name="包头市速达物流有限公司")
    _application(
        seeker, make.posting(employer=other, title="昆区仓库分拣员"), "interview",
        interview_at=datetime.now(UTC) + timedelta(days=2), interview_place="昆区钢铁大街8号",
    )  # fmt: skip
    _application(seeker, make.posting(employer=other, title="快递员"), "shortlisted")
    _application(seeker, make.posting(employer=other, title="货车司机"), "rejected")
    auth.login_as(seeker.user)
    page = _text(client.get("/me/applications").get_data(as_text=True))
    # the booth interview: its time, the booth label with its hall area, the fair and hall
    beijing = (soon + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert f"面试：{beijing}（北京时间）" in page
    assert "地点：展位 A01（A区），呼和浩特新业态专场，呼和浩特市人力资源市场" in page
    assert "在入口签到后去展位A01面试" in page
    # elsewhere: the place the employer typed
    assert "昆区钢铁大街8号" in page and "请按上面的时间和地点去面试" in page
    # every status says what comes next
    assert "您已通过初筛。单位会约您面试" in page
    assert "这次没有通过" in page


def test_an_interview_in_the_past_waits_for_the_result(client, make, auth, scene):
    _application(
        scene["seeker"], scene["posting"], "interview",
        interview_at=datetime.now(UTC) - timedelta(hours=1), interview_place="赛罕区大学东街1号",
    )  # fmt: skip
    auth.login_as(scene["seeker"].user)
    page = _text(client.get("/me/applications").get_data(as_text=True))
    assert "面试时间已过。单位会在这里告诉您结果" in page


def test_an_application_through_a_fair_names_its_booth(client, make, auth, scene):
    _application(scene["seeker"], scene["posting"], fair_id=scene["fair"].id)
    auth.login_as(scene["seeker"].user)
    page = _text(client.get("/me/applications").get_data(as_text=True))
    assert "通过“呼和浩特新业态专场”申请，展位 A01（A区）" in page
    assert "单位还没有查看您的申请" in page


# -- cancelling a fair sign-up -------------------------------------------------------------------


def _sign_up(seeker, fair, checked_in=False):
    r = models.FairRegistration(
        fair_id=fair.id,
        seeker_id=seeker.id,
        checked_in_at=datetime.now(UTC) if checked_in else None,
    )
    db.session.add(r)
    db.session.commit()
    return r


def test_seeker_cancels_a_fair_sign_up_after_confirming(client, make, auth, scene):
    fair, seeker = scene["fair"], scene["seeker"]
    _sign_up(seeker, fair)
    _sign_up(make.seeker(), fair)
    auth.login_as(seeker.user)
    fair_page = _text(client.get(f"/fairs/{fair.id}").get_data(as_text=True))
    assert "2人报名" in fair_page and "取消报名" in fair_page
    mine = client.get("/me/applications").get_data(as_text=True)
    assert f'href="/me/fairs/{fair.id}/cancel"' in mine
    confirm = client.get(f"/me/fairs/{fair.id}/cancel")
    assert confirm.status_code == 200
    assert "确定取消报名这场招聘会吗" in confirm.get_data(as_text=True)
    assert count(models.FairRegistration) == 2  # asking changes nothing
    done = client.post(f"/me/fairs/{fair.id}/cancel", data={"next": f"/fairs/{fair.id}"})
    assert done.status_code == 302 and done.headers["Location"] == f"/fairs/{fair.id}"
    assert fairs.registration_of(seeker, fair) is None and count(models.FairRegistration) == 1
    page = _text(client.get(f"/fairs/{fair.id}").get_data(as_text=True))
    assert "已取消报名“呼和浩特新业态专场”" in page
    assert "1人报名" in page and "报名参加" in page  # the count follows; signing up again
    mine = _text(client.get("/me/applications").get_data(as_text=True))
    assert "呼和浩特新业态专场" not in mine.split("我报名的招聘会")[1]


@pytest.mark.parametrize("why", ["over", "checked_in"])
def test_a_sign_up_cannot_be_cancelled_after_the_fair_or_a_check_in(client, make, auth, why):
    seeker = make.seeker()
    if why == "over":
        fair = make_fair(make, starts=-30, ends=-2)
        message = "这场招聘会已结束，不能再取消报名"
    else:
        fair = make_fair(make)
        message = "您已在现场签到，不能取消报名"
    _sign_up(seeker, fair, checked_in=why == "checked_in")
    auth.login_as(seeker.user)
    assert "/cancel" not in client.get("/me/applications").get_data(as_text=True)
    for method in (client.get, client.post):
        response = method(f"/me/fairs/{fair.id}/cancel", follow_redirects=True)
        assert message in response.get_data(as_text=True)
    assert count(models.FairRegistration) == 1


def test_cancelling_without_a_sign_up_or_as_someone_else_is_refused(client, make, auth, scene):
    fair = scene["fair"]
    _sign_up(scene["seeker"], fair)
    url = f"/me/fairs/{fair.id}/cancel"
    assert client.post(url).status_code == 302  # anonymous: to the login page
    auth.login_as(scene["member"])
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    auth.logout()
    auth.login_as(make.seeker().user)  # a seeker who did not sign up
    assert client.post(url).status_code == 404
    assert client.get("/me/fairs/999999/cancel").status_code == 404
    assert count(models.FairRegistration) == 1


def test_cancel_loses_to_a_check_in_at_the_same_moment(app, make, scene):
    """The kiosk checks the seeker in between the check and the delete: nothing is deleted."""
    fair, seeker = scene["fair"], scene["seeker"]
    registration = _sign_up(seeker, fair)
    real = fairs.cancellable_sign_up

    def checked_in_meanwhile(s, fair_id):
        found = real(s, fair_id)
        db.session.execute(
            models.FairRegistration.__table__.update()
            .where(models.FairRegistration.id == registration.id)
            .values(checked_in_at=datetime.now(UTC))
        )
        return found

    fairs.cancellable_sign_up = checked_in_meanwhile
    try:
        with pytest.raises(DomainError), unit_of_work():
            fairs.cancel_sign_up(seeker, fair.id)
    finally:
        fairs.cancellable_sign_up = real
    assert db.session.scalar(select(models.FairRegistration.id)) == registration.id
    with pytest.raises(NotFound), unit_of_work():
        fairs.cancel_sign_up(make.seeker(), fair.id)


# -- the apply-confirm page ----------------------------------------------------------------------


def _checkbox(html: str) -> str:
    return re.search(r'<input[^>]*id="accept_soft"[^>]*>', html).group(0)


def test_unticked_confirmation_shows_an_error_beside_the_box_and_keeps_the_note(
    client, make, auth, scene
):
    seeker = make.seeker(health_certificate=False, has_ebike=True)
    auth.login_as(seeker.user)
    url = f"/me/apply/{scene['posting'].id}"
    # first the page asks: the requirement is listed, the box is not marked as wrong
    first = client.post(url, data={"note": "可以马上办健康证"})
    html = first.get_data(as_text=True)
    assert first.status_code == 422 and "需要健康证" in html
    assert "is-invalid" not in _checkbox(html) and "accept_soft-error" not in html
    # sent again without ticking: an error beside the box, the note still there
    again = client.post(url, data={"note": "可以马上办健康证", "confirming": "1"})
    html = again.get_data(as_text=True)
    assert again.status_code == 422
    box = _checkbox(html)
    assert "is-invalid" in box and 'aria-invalid="true"' in box and "checked" not in box
    assert "accept_soft-error" in box  # described by its error
    error = re.search(r'<div id="accept_soft-error" class="field-error[^"]*">([^<]*)</div>', html)
    assert error and "请确认您能在入职前满足后再申请" in error.group(1)
    assert html.index('id="accept_soft"') < html.index('id="accept_soft-error"')
    assert '<a href="#accept_soft"' in html  # and in the summary at the top
    assert ">可以马上办健康证</textarea>" in html
    assert count(models.Application) == 0


def test_a_ticked_box_stays_ticked_when_the_note_is_too_long(client, make, auth, scene):
    seeker = make.seeker(health_certificate=False, has_ebike=True)
    auth.login_as(seeker.user)
    response = client.post(
        f"/me/apply/{scene['posting'].id}",
        data={"note": "长" * 501, "confirming": "1", "accept_soft": "y"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="note-error"' in html
    assert "checked" in _checkbox(html)  # what the seeker ticked is kept
    assert 'type="hidden" name="accept_soft"' not in html  # never accepted on their behalf
    assert count(models.Application) == 0
