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
