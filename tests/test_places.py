"""Places in the page's language (jobfair/places.py): district names on English pages."""

from __future__ import annotations

import re

from jobfair.places import district_groups, district_name


def test_district_names_follow_the_page_language(app):
    with app.test_request_context():
        assert district_name("150105") == "呼和浩特市 赛罕区"
        assert district_name("150100") == "呼和浩特市"
        assert district_name("999999") == district_name(None) == ""
    with app.test_request_context("/?lang=en"):
        assert district_name("150105") == "Saihan District, Hohhot"
        assert district_name("150100") == "Hohhot"
        groups = dict(district_groups())
        assert ("150105", "Saihan District") in groups["Hohhot"]
        assert all(
            not re.search(r"[\u4e00-\u9fff]", name) for _, c in groups.items() for _, name in c
        )


def test_an_english_page_shows_districts_in_english(client, auth, make):
    seeker = make.seeker(district_code="150105")
    auth.login_as(seeker.user)
    client.post("/lang", data={"lang": "en", "next": "/"})
    html = client.get("/me/").get_data(as_text=True)
    assert "Saihan District, Hohhot" in html and "赛罕区" not in html
    select = client.get("/postings").get_data(as_text=True)
    assert '<optgroup label="Hohhot">' in select and ">Saihan District<" in select
    client.post("/lang", data={"lang": "zh_Hans_CN", "next": "/"})
    assert "呼和浩特市 赛罕区" in client.get("/me/").get_data(as_text=True)
