"""The page chrome a phone user sees: the app's icons and web manifest, and the
unread-notification count beside the collapsed menu (templates/base.html)."""

from __future__ import annotations

import json
import re
import struct

from jobfair.services import notify, unit_of_work

ICON_LINKS = re.compile(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"([^>]*)>')


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def fetch(client, url: str):
    """GET ``url`` and close the response (static files are streamed from disk)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def head_links(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for rel, href, _rest in ICON_LINKS.findall(html):
        found.setdefault(rel, []).append(href)
    return found


def test_every_page_links_icons_the_app_serves(client):
    links = head_links(client.get("/").get_data(as_text=True))
    assert set(links) == {"icon", "apple-touch-icon", "manifest"}
    svg, png = links["icon"]
    response = fetch(client, svg)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    assert png_size(fetch(client, png).data) == (32, 32)
    assert png_size(fetch(client, links["apple-touch-icon"][0]).data) == (180, 180)


def test_the_manifest_names_the_app_and_its_icons_exist(client):
    href = head_links(client.get("/").get_data(as_text=True))["manifest"][0]
    response = fetch(client, href)
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["short_name"] == "新业态招聘会" and manifest["start_url"] == "/"
    folder = href.rsplit("/", 1)[0]
    sizes = {}
    for icon in manifest["icons"]:
        served = fetch(client, f"{folder}/{icon['src']}")
        assert served.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            sizes[(icon["sizes"], icon["purpose"])] = png_size(served.data)
    assert sizes == {
        ("192x192", "any"): (192, 192),
        ("512x512", "any"): (512, 512),
        ("512x512", "maskable"): (512, 512),
    }


def test_english_pages_link_an_english_manifest(client):
    """A phone that adds the app to its home screen from an English page names it in
    English; the icons are the same files."""
    zh_href = head_links(client.get("/").get_data(as_text=True))["manifest"][0]
    zh = json.loads(fetch(client, zh_href).data)
    client.post("/lang", data={"lang": "en", "next": "/"})
    href = head_links(client.get("/").get_data(as_text=True))["manifest"][0]
    response = fetch(client, href)
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    en = json.loads(response.data)
    assert (en["short_name"], en["lang"]) == ("Gig Economy Job Fair", "en")
    assert en["icons"] == zh["icons"] and en["start_url"] == zh["start_url"]


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/static/icons/favicon-32.png")


def test_the_kiosk_has_the_icons_too(client, auth, make):
    auth.login_as(make.staff())
    html = client.get("/kiosk/").get_data(as_text=True)
    assert set(head_links(html)) == {"icon", "apple-touch-icon", "manifest"}


def collapsed_header(html: str) -> str:
    """The part of the navbar shown beside the menu toggler (before the collapsed menu)."""
    start = html.index('class="navbar-brand')
    return html[start : html.index('id="nav"')]


def test_unread_count_sits_beside_the_menu_toggler(client, auth, make):
    seeker = make.seeker()
    with unit_of_work():
        notify.notify([seeker.user], "您的申请已被查看", "/me/applications")
        notify.notify([seeker.user], "面试时间已安排", "/me/applications")
    auth.login_as(seeker.user)
    header = collapsed_header(client.get("/postings").get_data(as_text=True))
    unread = re.search(r'<a class="nav-unread[^"]*" href="/notifications">(.*?)</a>', header, re.S)
    assert unread, header
    assert re.search(r'text-bg-warning">2<span class="visually-hidden">条未读</span>', unread[1])
    assert '<span class="visually-hidden">通知</span>' in unread[1]  # what a screen reader says
    client.post("/notifications/read")
    header = collapsed_header(client.get("/postings").get_data(as_text=True))
    assert "nav-unread" in header and "条未读" not in header


def test_unread_label_is_english_on_english_pages(client, auth, make):
    seeker = make.seeker()
    with unit_of_work():
        notify.notify([seeker.user], "您的申请已被查看", "/me/applications")
    auth.login_as(seeker.user)
    client.post("/lang", data={"lang": "en", "next": "/"})
    header = collapsed_header(client.get("/postings").get_data(as_text=True))
    assert '1<span class="visually-hidden"> unread</span>' in header
    assert '<span class="visually-hidden">Notifications</span>' in header


def test_no_notification_link_for_visitors(client):
    assert "nav-unread" not in collapsed_header(client.get("/").get_data(as_text=True))


def test_a_long_name_in_the_header_is_shortened_at_a_word(client, auth, make):
    member = make.member(display_name="王经理（包头市东河区快运通同城货运有限公司）")
    auth.login_as(member)
    html = client.get("/employer/").get_data(as_text=True)
    assert (
        'title="王经理（包头市东河区快运通同城货运有限公司）">王经理（包头市东河区快运通同城货运…</span>'
        in html
    )
