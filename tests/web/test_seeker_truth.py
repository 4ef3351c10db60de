"""Seekers' pages tell the truth: reasons addressed to the seeker, never a requirement
and its opposite side by side, and a visibility sentence that follows the settings."""

from __future__ import annotations

import re

from flask_babel import refresh

from jobfair.extensions import db
from jobfair.services import privacy, seekers, unit_of_work


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_posting_never_says_weekends_are_needed_and_the_hours_fit(client, make, auth):
    posting = make.posting(schedule=["full_time", "weekends"], title="赛罕区周末外卖骑手")
    seeker = make.seeker(availability=["full_time"])  # full time, but not at weekends
    auth.login_as(seeker.user)
    page = _text(client.get(f"/postings/{posting.id}").get_data(as_text=True))
    assert "需要周末能上班" in page
    assert "工作时间合适" not in page
    # once the seeker works weekends, the hours fit and the requirement is met
    seeker.availability = ["full_time", "weekends"]
    db.session.commit()
    with unit_of_work():
        from jobfair.services import live_index

        live_index.seeker_changed(seeker.id)
    page = _text(client.get(f"/postings/{posting.id}").get_data(as_text=True))
    assert "需要周末能上班" not in page
    assert "工作时间合适（全职）" in page and "周末可上班" in page


def test_reasons_on_a_seekers_pages_address_the_seeker(client, make, auth):
    posting = make.posting(district_code="150902", title="集宁区外卖骑手")  # 乌兰察布市
    seeker = make.seeker(district_code="150105")  # 呼和浩特市
    auth.login_as(seeker.user)
    page = _text(client.get(f"/postings/{posting.id}").get_data(as_text=True))
    assert "您在呼和浩特市，岗位在乌兰察布市" in page
    assert "求职者在" not in page
    dashboard = _text(client.get("/me/").get_data(as_text=True))
    assert "您在呼和浩特市，岗位在乌兰察布市" in dashboard and "求职者在" not in dashboard
    refresh()
    client.post("/lang", data={"lang": "en"})
    page = _text(client.get(f"/postings/{posting.id}").get_data(as_text=True))
    assert "You are in Hohhot, the job is in Ulanqab" in page


def _candidates_page(client, auth, member, posting) -> str:
    auth.logout()
    auth.login_as(member)
    return _text(client.get(f"/employer/postings/{posting.id}/candidates").get_data(as_text=True))


def _dashboard(client, auth, seeker) -> str:
    auth.logout()
    auth.login_as(seeker.user)
    return _text(client.get("/me/").get_data(as_text=True))


def test_visibility_sentence_says_what_employers_see(client, make, auth):
    """The dashboard says what the candidates page really shows, for each setting."""
    employer = make.employer()
    member = make.member(employer)
    posting = make.posting(employer=employer)
    seeker = make.seeker(
        name="其木格", phone="13812345678", discoverable=True, contact_consent=True
    )

    mine = _dashboard(client, auth, seeker)
    assert "在“推荐人选”中看到您的资料和完整的姓名、手机号（您同意了被联系）" in mine
    assert "联系方式隐藏" not in mine  # the old sentence, untrue with consent
    assert 'href="/me/profile#discoverable"' in client.get("/me/").get_data(as_text=True)
    theirs = _candidates_page(client, auth, member, posting)
    assert "其木格 · 13812345678" in theirs

    seeker.contact_consent = False
    db.session.commit()
    mine = _dashboard(client, auth, seeker)
    assert "姓名和手机号隐藏（显示为 其** · 138****5678）" in mine
    theirs = _candidates_page(client, auth, member, posting)
    assert "其** · 138****5678" in theirs and "13812345678" not in theirs

    seeker.discoverable = False
    db.session.commit()
    with unit_of_work():
        from jobfair.services import live_index

        live_index.seeker_changed(seeker.id)
    mine = _dashboard(client, auth, seeker)
    assert "招聘单位的“推荐人选”中没有您（资料已隐藏）" in mine
    theirs = _candidates_page(client, auth, member, posting)
    assert "其**" not in theirs and "138****5678" not in theirs


def test_visibility_follows_the_privacy_rule(app, make):
    """visibility_to_employers agrees with privacy.contact_visible_ids for a verified
    employer the seeker never applied to."""
    employer = make.employer()
    for consent in (True, False):
        seeker = make.seeker(discoverable=True, contact_consent=consent)
        shown = seekers.visibility_to_employers(seeker).contact_shown
        assert shown == (seeker.id in privacy.contact_visible_ids(employer.id, [seeker.id]))


def test_profile_form_says_what_each_visibility_box_shows(client, make, auth):
    seeker = make.seeker()
    auth.login_as(seeker.user)
    html = client.get("/me/profile").get_data(as_text=True)
    page = _text(html)
    assert "联系方式会被隐藏" not in page  # untrue once the second box is ticked too
    assert "允许招聘单位在人才推荐中看到我" in page
    assert "再勾下一项，单位才能看到全名和手机号" in page
    box = re.search(r'<input[^>]*id="discoverable"[^>]*>', html).group(0)
    assert 'aria-describedby="discoverable-hint"' in box  # a screen reader reads the hint
