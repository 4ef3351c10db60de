"""Security headers on every kind of response, HSTS and Secure cookies only in
production, no inline script in any template, and the request body limit's 413."""

from __future__ import annotations

import re

import pytest

from jobfair import ROOT

RESPONSES = [
    ("page", "/", {}),
    ("json", "/readyz", {}),
    ("static file", "/static/js/app.js", {}),
    ("error page", "/no-such-page", {}),
    ("json error", "/no-such-page", {"Accept": "application/json"}),
]


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip()
    )


@pytest.mark.parametrize(("kind", "url", "headers"), RESPONSES, ids=[r[0] for r in RESPONSES])
def test_every_kind_of_response_has_the_headers(client, kind, url, headers):
    with client.get(url, headers=headers) as response:  # a static file is a stream to close
        assert response.status_code in (200, 404)
    policy = csp(response)
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert "unsafe" not in policy["default-src"]
    assert policy["style-src-elem"] == "'self'"  # style="" attributes only, no <style>
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == policy["form-action"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions
    assert "Strict-Transport-Security" not in response.headers  # development serves http


def test_production_adds_hsts_and_secure_cookies(client, app_with):
    production = app_with(ENV="production").test_client()
    response = production.get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("jobfair_session=")
    assert "; Secure" in cookie and "HttpOnly" in cookie
    # development: no HSTS, and the cookie works over plain http
    response = client.get("/")
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers["Set-Cookie"]


def test_no_template_runs_inline_script():
    """CSP refuses inline script: every <script> is a file or a JSON data block,
    and no element carries an on...="" handler or a javascript: URL."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            if "src=" not in tag and 'type="application/json"' not in tag:
                found.append(f"{path.name}: {tag}")
        for tag in re.findall(r"<[a-z][^>]*>", text, flags=re.I | re.S):
            if re.search(r"\son[a-z]+\s*=", tag, flags=re.I) or "javascript:" in tag.lower():
                found.append(f"{path.name}: {tag[:80]}")
        if re.search(r"<style\b", text, flags=re.I):
            found.append(f"{path.name}: <style>")
    assert found == []


# -- the request body limit ----------------------------------------------------------------


def test_an_oversized_post_gets_a_clear_413_page(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 1024 * 1024
    big = {"identifier": "x" * (limit + 1), "password": "secret"}
    response = client.post("/auth/login", data=big)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "内容过大" in page
    assert "提交的内容超过了 1 MB 的上限，未保存任何内容。" in page
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]

    response = client.post("/auth/login", data=big, headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == 413
    assert "1 MB" in response.get_json()["error"]["message"]

    client.post("/lang", data={"lang": "en", "next": "/"})  # in English too
    page = client.post("/auth/login", data=big).get_data(as_text=True)
    assert "larger than the limit of 1 MB, so nothing was saved" in page


def test_a_long_policy_article_is_well_under_the_limit(client):
    """The largest legitimate body, 20,000 Chinese characters form-encoded, passes."""
    body = "政" * 20_000  # policies.TEXT_LIMITS["body"]
    response = client.post("/auth/login", data={"identifier": body, "password": "x"})
    assert response.status_code != 413
