"""Real-browser fixtures: one live server on a temporary SQLite database filled
with demo data, one headless Chromium (Playwright, sync API), and pages for a
phone and a desktop viewport.

The server helpers are plain functions so that ``tests/e2e/screenshots.py`` can
start the very same server outside pytest.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
DEMO_PASSWORD = "jobfair2026"  # jobfair.cli.DEMO_PASSWORD
FAST_HASH = "pbkdf2:sha256:1"
ROOT = Path(__file__).resolve().parents[2]

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not found: e2e tests drive Debian's chromium (apt-get install chromium)"
    )
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(skip)


# ---------------------------------------------------------------------------
# live server
# ---------------------------------------------------------------------------


@dataclass
class Demo:
    """Who and what the browser tests can use in the seeded database."""

    admin: str = "admin@demo.jobfair.cn"
    staff: str = "staff@demo.jobfair.cn"
    seeker: str = "13800000001"
    employer: str = "hr01@demo.jobfair.cn"
    password: str = DEMO_PASSWORD
    posting_id: int = 0
    seeker_id: int = 0
    extra: dict = field(default_factory=dict)


@dataclass
class LiveServer:
    url: str
    app: object
    demo: Demo


def _root_conftest():
    """tests/conftest.py as a plain module (for TEST_CONFIG and the builders)."""
    spec = importlib.util.spec_from_file_location(
        "_jobfair_tests_conftest", ROOT / "tests" / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seed(session) -> None:
    from werkzeug.security import generate_password_hash

    try:
        from jobfair.demo import seed_demo
    except ImportError:
        _seed_with_builders()
        return
    hashed = generate_password_hash(DEMO_PASSWORD, method=FAST_HASH)
    seed_demo(session, seed=20261130, seekers=200, password_hash=hashed, staff_password_hash=hashed)


def _seed_with_builders() -> None:
    """Fallback while jobfair.demo is not there: the same demo logins, a little data."""
    make = _root_conftest().Builders()
    pw = DEMO_PASSWORD
    make.staff("admin", email="admin@demo.jobfair.cn", password=pw, display_name="管理员")
    make.staff(
        "staff", email="staff@demo.jobfair.cn", password=pw, display_name="赛罕区就业服务中心"
    )
    company = make.employer(name="青城同城配送有限公司")
    make.member(company, email="hr01@demo.jobfair.cn", password=pw, display_name="王经理")
    for i, (title, occ, trade) in enumerate(
        [
            ("外卖骑手", "D01", "delivery"),
            ("快递员", "D02", "delivery"),
            ("重型货车司机", "L01", "logistics"),
            ("仓储普工", "L10", "logistics"),
            ("带货主播", "S01", "livestream"),
            ("网店运营", "S06", "livestream"),
        ]
    ):
        make.posting(company, title=f"{title}{i + 1}", occupation_code=occ, trade=trade)
    make.posting(company, title="夜班分拣（草稿）", status="draft", published_at=None)
    make.employer(status="pending", name="鄂尔多斯市快运物流有限公司")
    make.employer(status="pending", name="包头市直播电商产业园有限公司")
    make.seeker(phone="13800000001", password=pw, name="巴特尔")
    for i, name in enumerate(["乌云其其格", "张伟", "李娜", "王芳", "刘洋"]):
        make.seeker(phone=f"138000001{i:02d}", password=pw, name=name)


def _find_demo(app) -> Demo:
    from sqlalchemy import select

    from jobfair.extensions import db
    from models import Posting, PostingStatus, SeekerProfile, User

    demo = Demo()
    with app.app_context():
        demo.posting_id = db.session.scalar(
            select(Posting.id)
            .where(Posting.status == PostingStatus.OPEN)
            .order_by(Posting.id)
            .limit(1)
        )
        demo.seeker_id = db.session.scalar(
            select(SeekerProfile.id)
            .join(User, User.id == SeekerProfile.user_id)
            .where(User.phone == demo.seeker)
        )
        for login in (demo.admin, demo.staff, demo.employer):
            assert db.session.scalar(select(User.id).where(User.email == login)), (
                f"demo login {login} missing"
            )
    assert demo.posting_id and demo.seeker_id, (
        "demo data has no open posting or no seeker 13800000001"
    )
    return demo


@contextmanager
def live_server(workdir: str | Path) -> Iterator[LiveServer]:
    """Create the app on a new SQLite file in ``workdir``, seed it, serve it on a free port."""
    from werkzeug.serving import make_server

    import models
    from jobfair import create_app
    from jobfair.extensions import db

    test_config = _root_conftest().TEST_CONFIG
    url = f"sqlite:///{Path(workdir) / 'e2e.sqlite3'}"
    app = create_app(
        {**test_config, "DATABASE_URL": url, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        models.Base.metadata.create_all(db.engine)
        _seed(db.session)
        db.session.commit()
        db.session.remove()
    demo = _find_demo(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, demo)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, base_url: str, viewport: dict, locale: str = "zh-CN"):
    context = browser.new_context(viewport=viewport, base_url=base_url, locale=locale)
    context.set_default_timeout(10_000)
    return context.new_page()


def login(page, identifier: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real form, as a person would."""
    page.goto("/auth/login")
    form = page.locator("main form")
    form.locator("#identifier").fill(identifier)
    form.locator("#password").fill(password)
    with page.expect_navigation():
        form.get_by_role("button").click()
    assert "/auth/login" not in page.url, (
        f"login as {identifier} failed: {page.locator('main').inner_text()[:300]}"
    )


def switch_language(page, to: str = "English") -> None:
    """Press the language button in the navbar (opening the collapsed menu on a phone)."""
    button = page.locator("header").get_by_role("button", name=to, exact=True)
    if not button.is_visible():
        page.locator(".navbar-toggler").click()
        button.wait_for(state="visible")
    with page.expect_navigation():
        button.click()


# ---------------------------------------------------------------------------
# fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def server() -> Iterator[LiveServer]:
    with (
        tempfile.TemporaryDirectory(prefix="jobfair-e2e-") as workdir,
        live_server(workdir) as live,
    ):
        yield live


@pytest.fixture(scope="session")
def demo(server) -> Demo:
    return server.demo


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture
def make_page(browser, server):
    """``make_page("phone")`` / ``make_page("desktop")``: a page in a fresh browser context."""
    contexts = []

    def make(viewport: str = "desktop"):
        page = new_page(browser, server.url, PHONE if viewport == "phone" else DESKTOP)
        contexts.append(page.context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(make_page):
    return make_page("phone")


@pytest.fixture
def desktop_page(make_page):
    return make_page("desktop")


@pytest.fixture(params=["phone", "desktop"])
def any_page(request, make_page):
    return make_page(request.param)


@pytest.fixture
def log_in():
    """``log_in(page, identifier, password=DEMO_PASSWORD)`` through the real login form."""
    return login


@pytest.fixture
def switch_lang():
    """``switch_lang(page, "English")`` by pressing the navbar button."""
    return switch_language
