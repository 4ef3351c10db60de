"""The matcher's reasons on a page, in the page's language."""

from __future__ import annotations

from flask_babel import refresh


def test_english_page_shows_english_reasons(client, make, auth):
    employer = make.employer(trade="logistics", district_code="150203")
    member = make.member(employer)
    posting = make.posting(
        employer=employer, title="重型货车司机", occupation_code="L01", trade="logistics",
        district_code="150203", required_licence="B2",
    )  # fmt: skip
    make.seeker(occupation_codes=["L01"], licence_classes=["A2"], district_code="150203")
    auth.login_as(member)
    url = f"/employer/postings/{posting.id}/candidates"
    html = client.get(url).get_data(as_text=True)
    assert "持有A2驾照，满足岗位要求" in html and "同在昆都仑区" in html
    refresh()  # the test's app context outlives the requests: forget the cached locale
    client.post("/lang", data={"lang": "en"})
    html = client.get(url).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Holds licence class A2, as the job requires" in html
    assert "Both in Kundulun District" in html and "Wants this work: Truck driver" in html
    assert "同在" not in html
