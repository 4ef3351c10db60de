"""Shared fixtures: an app on a fresh database per test (SQLite, and PostgreSQL
where JOBFAIR_TEST_DATABASE_URL is set), a client, data builders and scenes.

The builders, clients and scenes themselves are plain code in ``tests/helpers``;
import them from there, never from this file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import models
from jobfair import ROOT, create_app
from jobfair.extensions import db
from jobfair.services import applications, unit_of_work
from tests.helpers import log_guard
from tests.helpers.builders import Builders
from tests.helpers.clients import Auth, Client
from tests.helpers.config import PG_SKIP, PG_URL, TEST_CONFIG
from tests.helpers.scenes import fair_scene, truck_scene


def pytest_configure(config):
    """No log line of the run may carry a mobile number or a seeker's name; the matcher's
    kernels compiled once, before any worker starts.

    On a fresh checkout numba's on-disk cache is empty: compiling takes ~40 s of one
    core. Done here, in the main process (not in an xdist worker), it happens once;
    otherwise both workers, and every server and gunicorn worker that the first tests
    start, compiled the same kernels at the same time (a fresh clone's suite took 561 s
    against 375 s with the cache filled)."""
    log_guard.install(config)
    if not hasattr(config, "workerinput"):
        from matching.matcher import warm_up

        warm_up()


# Where the database's own behaviour shows, tests run on PostgreSQL too: services,
# models, the API, the command-line and top-level tests, and these web tests (one
# transaction per request, access, streamed exports, SQL statistics, the audit page,
# the kiosk). The other web pages and the random form posts render the same on both
# databases; their PostgreSQL variants run with JOBFAIR_TEST_PG=all.
PG_WEB_FILES = {
    "test_one_transaction.py", "test_access.py", "test_exports.py", "test_staff_stats.py",
    "test_audit_page.py", "test_kiosk.py", "test_account_recovery.py", "test_auth.py",
}  # fmt: skip


def _pg_variant_kept(item) -> bool:
    path = Path(str(item.path))
    if path.parent.name == "properties" and path.name == "test_hostile_forms.py":
        return False
    if path.parent.name == "web":
        return path.name in PG_WEB_FILES
    return True


# The files whose tests take longest (tens of seconds: servers started, benchmarks, the
# API fuzzed), longest first. They run first: under pytest-xdist's worksteal a worker
# that starts one of them last keeps the whole run waiting while the other idles.
SLOW_FIRST = (
    "tests/bench/test_load_smoke.py",
    "tests/bench/test_export_bench.py",
    "tests/api/test_schemathesis.py",
    "tests/faults/test_faults.py",
    "tests/test_cross_process.py",
    "tests/properties/test_crawler.py",
    "tests/matching/test_kernels_hard.py",
    "tests/matching/test_kernels.py",
    "tests/bench/",
    "tests/e2e/test_kiosk.py",
    "tests/e2e/test_booth_queue.py",
    "tests/properties/test_validators.py",
    "tests/properties/test_matcher_input.py",
)


def _slow_rank(item) -> int:
    """Where ``item`` runs: its file's place in SLOW_FIRST, every other file after."""
    nodeid = item.nodeid
    for rank, prefix in enumerate(SLOW_FIRST):
        if nodeid.startswith(prefix):
            return rank
    return len(SLOW_FIRST)


def pytest_collection_modifyitems(config, items):
    if os.environ.get("JOBFAIR_TEST_PG") != "all":
        kept, dropped = [], []
        for item in items:
            variant = getattr(item, "callspec", None)
            on_pg = variant is not None and variant.params.get("backend") == "postgres"
            (dropped if on_pg and not _pg_variant_kept(item) else kept).append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept
            config._jobfair_pg_dropped = len(dropped)
    # a stable sort: each file's tests stay together and in their order
    items.sort(key=_slow_rank)


def pytest_terminal_summary(terminalreporter, config):
    dropped = getattr(config, "_jobfair_pg_dropped", 0)
    if dropped:
        terminalreporter.write_line(
            f"{dropped} PostgreSQL variants of page tests not run "
            "(they render alike on SQLite); JOBFAIR_TEST_PG=all runs them"
        )


@pytest.fixture(scope="session", autouse=True)
def matcher_kernels_compiled():
    """Compile the matcher's numba kernels once, before any test times a page.

    On a fresh checkout this takes several seconds; afterwards numba's on-disk
    cache makes it a fraction of a second.
    """
    from matching.matcher import warm_up

    warm_up()


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """`make test` compiles the catalogs; compile here too when run as bare pytest.

    Before any test asks for English: Flask-Babel keeps the first catalog it loads.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (ROOT / "jobfair" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as src, mo.open("wb") as dst:
                write_mo(dst, read_po(src))


@pytest.fixture(scope="session")
def pg_schema():
    """Create the schema once per run on PostgreSQL; tests truncate after themselves."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    url = "postgresql+psycopg://" + PG_URL.split("://", 1)[1]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    models.Base.metadata.create_all(engine)
    yield url
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory) -> Path:
    """An SQLite file holding the empty schema, made once per test process; every
    SQLite test starts on a copy of it (copying is faster than creating the tables)."""
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    models.Base.metadata.create_all(engine)
    engine.dispose()
    return path


@pytest.fixture
def app(backend, tmp_path, request):
    if backend == "postgres":
        url = request.getfixturevalue("pg_schema")
    else:
        database = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_schema"), database)
        url = f"sqlite:///{database}"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})
    yield app
    with app.app_context():
        if backend == "postgres":
            # DELETE is much faster than TRUNCATE on a handful of tiny tables
            with db.engine.begin() as conn:
                for table in reversed(models.Base.metadata.sorted_tables):
                    conn.execute(table.delete())
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_with(app):
    """Another app on the same test database with other settings: ``app_with(TRUSTED_PROXIES=1)``.

    The ``app`` fixture's teardown empties the database afterwards.
    """
    made = []

    def factory(**overrides):
        config = {**TEST_CONFIG, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                  "INSTANCE_PATH": app.instance_path, **overrides}  # fmt: skip
        made.append(create_app(config))
        return made[-1]

    yield factory
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app):
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An app context for tests that call services or query the database."""
    with app.app_context():
        yield


@pytest.fixture
def make(ctx):
    return Builders()


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def scene(make):
    """A running fair; a delivery employer at booth A01 with a rider posting; a seeker who fits."""
    return fair_scene(make)


@pytest.fixture
def applied(scene, make):
    """The scene's seeker applied to its rider posting."""
    with unit_of_work():
        application = applications.apply_to_posting(
            scene["seeker"], scene["posting"].id, accept_soft=True
        )
    return application


@pytest.fixture
def truck(make):
    """A verified logistics employer's member and its B2 heavy-truck posting."""
    return truck_scene(make)
