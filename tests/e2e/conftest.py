"""Real-browser fixtures: one live server on a temporary SQLite database filled
with demo data, one headless Chromium (Playwright, sync API), and pages for a
phone and a desktop viewport.

The server helpers are plain functions so that ``tests/e2e/screenshots.py`` can
start the very same server outside pytest.
"""

from __future__ import annotations

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
TABLET = {"width": 1024, "height": 768}
TABLET_PORTRAIT = {"width": 768, "height": 1024}
KIOSK_IDLE_SECONDS = 10  # the kiosk forgets a person after 60 s; the browser tests wait less
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
    # issue 4 (fairs); 0 where the demo data has no fairs
    fair_id: int = 0  # the running fair (online + on-site), open now
    upcoming_fair_id: int = 0  # the on-site fair next week, with requested booths
    booth_id: int = 0  # the demo employer's approved booth at the running fair
    booth_posting_id: int = 0  # the demo employer's posting shown at that booth
    applicants_posting_id: int = 0  # the demo employer's posting with the most applicants
    application_id: int = 0  # a shortlisted application to the demo employer (interview form)
    soft_posting_id: int = 0  # at the running fair, a soft requirement the demo seeker lacks
    soft_booth_id: int = 0  # the booth showing soft_posting_id
    extra: dict = field(default_factory=dict)


@dataclass
class LiveServer:
    url: str
    app: object
    demo: Demo


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
    from tests.helpers.builders import Builders

    make = Builders()
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
    with app.test_request_context():
        _find_fair_data(demo)
        db.session.remove()
    return demo


def _find_fair_data(demo: Demo) -> None:
    """The fairs, booths and applications of the demo data the fair pages are tested with."""
    from sqlalchemy import func, select

    from jobfair.extensions import db
    from jobfair.services import applications, fairs
    from models import (
        Application,
        ApplicationStatus,
        Booth,
        BoothStatus,
        EmployerMember,
        Fair,
        FairStatus,
        Posting,
        SeekerProfile,
        User,
    )

    running = db.session.scalar(select(Fair).where(Fair.status == FairStatus.RUNNING))
    if running is None:
        return
    demo.fair_id = running.id
    demo.upcoming_fair_id = (
        db.session.scalar(
            select(Booth.fair_id)
            .join(Fair, Fair.id == Booth.fair_id)
            .where(Fair.status == FairStatus.PUBLISHED, Booth.status == BoothStatus.REQUESTED)
            .order_by(Booth.fair_id)
            .limit(1)
        )
        or 0
    )
    employer_id = db.session.scalar(
        select(EmployerMember.employer_id)
        .join(User, User.id == EmployerMember.user_id)
        .where(User.email == demo.employer)
    )
    booth = next(
        (b for b in fairs.booths_of(running) if b.employer_id == employer_id and b.postings), None
    )
    if booth is not None:
        demo.booth_id = booth.id
        demo.booth_posting_id = booth.postings[0].id
    demo.applicants_posting_id = (
        db.session.scalar(
            select(Application.posting_id)
            .join(Posting, Posting.id == Application.posting_id)
            .where(Posting.employer_id == employer_id)
            .group_by(Application.posting_id)
            .order_by(func.count().desc(), Application.posting_id)
            .limit(1)
        )
        or 0
    )
    demo.application_id = (
        db.session.scalar(
            select(Application.id)
            .join(Posting, Posting.id == Application.posting_id)
            .where(Posting.employer_id == employer_id)
            .where(Application.status == ApplicationStatus.SHORTLISTED)
            .order_by(Application.id)
            .limit(1)
        )
        or 0
    )
    seeker = db.session.get(SeekerProfile, demo.seeker_id)
    for b in fairs.booths_of(running):
        for p in b.postings:
            if p.status != "open" or applications.existing_application(seeker, p.id):
                continue
            check = applications.check_application(seeker, p)
            if check.soft and not check.hard:
                demo.soft_posting_id, demo.soft_booth_id = p.id, b.id
                return


def _keep_running_fair_open(session) -> None:
    """The demo's running fair is today 9:00-16:00 Beijing time; outside those hours
    (or in its last 90 minutes) move it so that it is open now and for hours more,
    so that applying online and booking a booth interview slot can be tested."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from models import Fair, FairStatus

    now = datetime.now(UTC)
    for fair in session.scalars(select(Fair).where(Fair.status == FairStatus.RUNNING)):
        if fair.starts_at <= now and now + timedelta(minutes=90) <= fair.ends_at:
            continue
        start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)
        fair.starts_at, fair.ends_at = start, start + timedelta(hours=7)


@contextmanager
def live_server(workdir: str | Path) -> Iterator[LiveServer]:
    """Create the app on a new SQLite file in ``workdir``, seed it, serve it on a free port."""
    from werkzeug.serving import make_server

    import models
    from jobfair import create_app
    from jobfair.extensions import db
    from tests.helpers.config import TEST_CONFIG as test_config

    url = f"sqlite:///{Path(workdir) / 'e2e.sqlite3'}"
    app = create_app(
        {
            **test_config,
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            "KIOSK_IDLE_SECONDS": KIOSK_IDLE_SECONDS,
        }
    )
    with app.app_context():
        models.Base.metadata.create_all(db.engine)
        _seed(db.session)
        db.session.commit()
        _keep_running_fair_open(db.session)
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


def new_page(browser, base_url: str, viewport: dict, locale: str = "zh-CN", storage_state=None):
    context = browser.new_context(
        viewport=viewport, base_url=base_url, locale=locale, storage_state=storage_state
    )
    context.set_default_timeout(20_000)  # a loaded CI machine: a login page may take seconds
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


def open_menu(page) -> None:
    """Open the collapsed navbar menu and wait until it has finished opening: a click
    on an item while Bootstrap's collapse is still moving it could land on nothing
    (no navigation: the e2e tests' rare 20-second timeouts after a menu click)."""
    page.locator(".navbar-toggler").click()
    page.locator("header .navbar-collapse.show").wait_for(state="visible")


def switch_language(page, to: str = "English") -> None:
    """Press the language button in the navbar (opening the collapsed menu on a phone)."""
    button = page.locator("header").get_by_role("button", name=to, exact=True)
    if not button.is_visible():
        open_menu(page)
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


@pytest.fixture(scope="session")
def login_state(browser, server):
    """``login_state(identifier)``: the cookies of one real login per person, reused
    by pages that only need to be logged in (no test here logs out)."""
    states = {}

    def state(identifier: str) -> dict:
        if identifier not in states:
            page = new_page(browser, server.url, DESKTOP)
            try:
                login(page, identifier)
                states[identifier] = page.context.storage_state()
            finally:
                page.context.close()
        return states[identifier]

    return state


@pytest.fixture
def make_page(browser, server, login_state):
    """``make_page("phone")`` / ``make_page("desktop")``: a page in a fresh browser context;
    ``make_page("phone", as_=demo.seeker)`` starts it logged in."""
    contexts = []

    def make(viewport: str = "desktop", as_: str | None = None):
        page = new_page(
            browser,
            server.url,
            viewport if isinstance(viewport, dict) else {"phone": PHONE, "tablet": TABLET}.get(
                viewport, DESKTOP
            ),
            storage_state=login_state(as_) if as_ else None,
        )
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
