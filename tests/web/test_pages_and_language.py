"""Language switch, error pages in the user's language, static assets served locally."""

from __future__ import annotations

import re
from pathlib import Path

from jobfair import ROOT


def test_chinese_by_default(client):
    body = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in body and "找工作" in body


def test_english_switch_sticks_and_returns_to_the_page(client):
    response = client.post("/lang", data={"lang": "en", "next": "/postings?trade=delivery"})
    assert (
        response.status_code == 302 and response.headers["Location"] == "/postings?trade=delivery"
    )
    body = client.get("/postings").get_data(as_text=True)
    assert '<html lang="en">' in body and "Find a job" in body and "找工作" not in body
    client.post("/lang", data={"lang": "zh_Hans_CN", "next": "/"})
    assert "找工作" in client.get("/").get_data(as_text=True)


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post("/lang", data={"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_validation_messages_follow_the_language(client):
    client.post("/lang", data={"lang": "en"})
    response = client.post(
        "/auth/signup",
        data={
            "phone": "1381234567",
            "password": "abcdefgh1",
            "name": "Wu",
            "birth_year": "1990",
            "district_code": "150105",
            "consent": "y",
        },
    )
    assert response.status_code == 422
    assert "A mobile number has 11 digits; you entered 10." in response.get_data(as_text=True)


def test_error_pages_in_both_languages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True)
    client.post("/lang", data={"lang": "en"})
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)


def test_api_style_clients_get_json_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["error"]["code"] == 404


def test_500_page_rolls_back_and_explains(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    boom.roles = ("anyone",)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert "服务器出错了" in response.get_data(as_text=True)


def test_pages_load_no_assets_from_the_internet(client):
    body = client.get("/").get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="([^"]+)"', body):
        assert not url.startswith(("http:", "https:", "//")), url
    for asset in (
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "css/app.css",
    ):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200
        response.close()
    assert (Path(ROOT) / "jobfair/static/vendor/bootstrap/LICENSE").exists()


def test_page_titles_are_plain_text(client, make, auth):
    """A title block must hold a title only (a stray block once put a whole section there)."""
    member = make.member()
    auth.login_as(member)
    for url in (
        "/employer/",
        "/employer/fairs",
        "/employer/postings/new",
        "/notifications",
        "/fairs/",
    ):
        body = client.get(url).get_data(as_text=True)
        title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
        assert "<" not in title and len(title) < 80, (url, title)


def test_every_message_has_an_english_translation(tmp_path):
    """Extract the messages afresh: a new Chinese text without English fails here."""
    import subprocess
    import sys

    from babel.messages.pofile import read_po

    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with (ROOT / "jobfair/translations/en/LC_MESSAGES/messages.po").open("rb") as f:
        english = {m.id: m.string for m in read_po(f) if m.id}
    missing = sorted(i for i in wanted if not english.get(i))
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:3]}"
    for msgid in wanted:
        ids = sorted(re.findall(r"%\(\w+\)\w", msgid))
        assert ids == sorted(re.findall(r"%\(\w+\)\w", english[msgid])), msgid


def test_trade_labels_follow_the_language(client):
    from jobfair.labels import trade as TRADE_LABELS
    from matching import taxonomy

    assert set(TRADE_LABELS) == set(taxonomy.TRADES)  # the same trades as the taxonomy
    assert "即时配送/快递" in client.get("/").get_data(as_text=True)
    client.post("/lang", data={"lang": "en"})
    body = client.get("/").get_data(as_text=True)
    assert "即时配送/快递" not in body
