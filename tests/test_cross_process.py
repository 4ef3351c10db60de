"""The matcher index stays consistent across processes (issue 9).

Two app processes (separate Python interpreters, each with its own instance folder,
so nothing but the database is shared) serve one PostgreSQL database. A seeker
changes her profile through process A; process B, whose index was already built,
ranks her with the new profile on its very next request: every process applies
the change log (jobfair/services/live_index.py) before it answers a ranking.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import create_engine, text

import models
from jobfair import ROOT, create_app
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD, Builders
from tests.helpers.config import PG_SKIP, PG_URL, TEST_CONFIG
from tests.helpers.redis_server import free_port
from tests.helpers.scenes import truck_scene

pytestmark = pytest.mark.postgres

SERVE = """
import json, sys
from jobfair import create_app
config, port = json.loads(sys.argv[1]), int(sys.argv[2])
create_app(config).run(host="127.0.0.1", port=port, use_reloader=False, threaded=False)
"""


@pytest.fixture(scope="session", autouse=True)
def matcher_kernels_compiled():
    """This test ranks in its server processes only: nothing to compile here."""


@pytest.fixture
def scratch_database_url():
    """A database of its own next to the shared test database, dropped afterwards."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    server = create_engine(
        "postgresql+psycopg://" + PG_URL.split("://", 1)[1], isolation_level="AUTOCOMMIT"
    )
    name = f"jobfair_xproc_{secrets.token_hex(6)}"
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One user's cookies against one server process."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.read().decode()

    def login(self, identifier: str, password: str) -> None:
        status, _ = self.request("/auth/login", {"identifier": identifier, "password": password})
        assert status == 302


def _start(config: dict, port: int, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SERVE, json.dumps(config), str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=log,  # a file: a pipe nobody reads could fill and stop the server
    )


def _wait_until_up(process: subprocess.Popen, port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the app on port {port} exited: see its log")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/auth/login", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the app on port {port} did not start")


@pytest.fixture
def two_processes(scratch_database_url, tmp_path):
    config = {**TEST_CONFIG, "DATABASE_URL": scratch_database_url}
    ports = free_port(), free_port()
    # start both (their imports take the longest) while the data is made here
    logs = [open(tmp_path / f"{name}.log", "wb") for name in "ab"]  # noqa: SIM115
    processes = [
        _start({**config, "INSTANCE_PATH": str(tmp_path / name)}, port, log)
        for name, port, log in zip("ab", ports, logs, strict=True)
    ]
    try:
        here = create_app({**config, "INSTANCE_PATH": str(tmp_path / "here")})
        with here.app_context():
            models.Base.metadata.create_all(db.engine)
            member, posting = truck_scene(Builders())
            seeker = Builders().seeker(
                name="苏日娜", occupation_codes=["L01"], licence_classes=["C1"], birth_year=1990
            )
            scene = {"member": member.email or member.phone, "posting": posting.id,
                     "seeker": seeker.user.phone}  # fmt: skip
            db.session.remove()
            db.engine.dispose()
        deadline = time.monotonic() + 60
        for process, port in zip(processes, ports, strict=True):
            _wait_until_up(process, port, deadline)
        yield ports, scene
    finally:
        for process in processes:
            process.terminate()
        for process, log in zip(processes, logs, strict=True):
            process.wait(10)
            log.close()


def test_a_profile_change_in_one_process_is_ranked_by_the_other_at_once(two_processes):
    (port_a, port_b), scene = two_processes
    candidates = f"/employer/postings/{scene['posting']}/candidates"
    employer_on_b = Browser(port_b)
    employer_on_b.login(scene["member"], PASSWORD)
    status, page = employer_on_b.request(candidates)
    assert status == 200 and "共0人" in page  # B's index is built: a C1 licence does not fit

    seeker_on_a = Browser(port_a)
    seeker_on_a.login(scene["seeker"], PASSWORD)
    form = {"name": "苏日娜", "birth_year": "1990", "district_code": "150105",
            "occupation_codes": ["L01"], "licence_classes": ["B2"],
            "availability": ["full_time"], "discoverable": "y"}  # fmt: skip
    assert seeker_on_a.request("/me/profile", form)[0] == 302

    status, page = employer_on_b.request(candidates)
    assert status == 200 and "共1人" in page and "苏**" in page
