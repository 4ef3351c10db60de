"""Real processes for the fault tests: a throwaway PostgreSQL cluster, a throwaway
redis-server and gunicorn serving ``wsgi:app``, each on a free port of 127.0.0.1,
started and stopped by the test itself (never the machine's shared servers on 5432
and 6379). Plus a small HTTP client that logs in like a browser (session cookie,
CSRF token scraped from the page) and can be shared by threads.

Plain code, usable outside pytest too::

    with Postgres() as pg, RedisServer() as redis:
        scene = seed(pg.url)
        with Gunicorn(env(pg.url, redis.url, instance)) as web:
            ...
"""

from __future__ import annotations

import glob
import html
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the venv's bin: gunicorn, flask
PASSWORD = "fault-test-9"


class Unavailable(RuntimeError):
    """A server this harness needs cannot be started on this machine (tests skip)."""


class Exited(RuntimeError):
    """A server process ended while it was being waited for (no use waiting on)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check: Callable[[], object], timeout: float, what: str, every: float = 0.1):
    """Call ``check`` until it returns something true (or stops raising); return that."""
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exited:
            raise
        except Exception as e:  # noqa: BLE001 - not ready yet
            last = e
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {timeout:.0f} s (last error: {last!r})")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


# -- PostgreSQL ----------------------------------------------------------------------------


def pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version_key)
    if not found:
        path = shutil.which("pg_ctl")
        if not path:
            raise Unavailable("no PostgreSQL server binaries (pg_ctl) on this machine")
        return Path(path).parent
    return Path(found[-1]).parent


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", path)[:2])


class Postgres:
    """A PostgreSQL cluster of its own in a temporary folder, on a free port.

    As root, initdb refuses to run: the cluster belongs to the ``postgres`` OS user
    (``runuser -u postgres``), the folder is handed to it.
    """

    def __init__(self) -> None:
        self.bin = pg_bin()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="jobfair-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                raise Unavailable("running as root without runuser: initdb refuses root")
            self.as_user = ["runuser", "-u", "postgres", "--"]
            try:
                shutil.chown(self.dir, "postgres")
            except LookupError as e:
                raise Unavailable("running as root and there is no 'postgres' OS user") from e

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> None:
        out = subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, timeout=timeout
        )
        if out.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {out.stderr or out.stdout}")

    def init(self) -> Postgres:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync", "--locale=C.UTF-8",
        )  # fmt: skip
        return self

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
            "-c fsync=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "-t", "30", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """``immediate`` is the harsh one: no checkpoint, open transactions cut off."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists() and port_open(self.port)

    def cleanup(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except Exception:  # noqa: BLE001
                pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Postgres:
        self.init()
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()


# -- Redis ---------------------------------------------------------------------------------


class RedisServer:
    """redis-server on a free port; no persistence unless ``persist``: then an
    append-only file in its folder, written through on every command (what a
    production Redis holding a job queue keeps), so that a stop and a start on the
    same port and folder keep the data."""

    def __init__(self, persist: bool = False) -> None:
        self.persist = persist
        self.exe = shutil.which("redis-server")
        if not self.exe:
            raise Unavailable("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="jobfair-redis-"))
        self.proc: subprocess.Popen | None = None
        self.started_once = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, tries: int = 3) -> None:
        """Start on ``self.port``; a port taken meanwhile (by another program between
        ``free_port`` and the bind) means another free port, once the first try failed
        and only if it is not a restart of a running test's server."""
        for attempt in range(tries):
            self.proc = subprocess.Popen(
                [
                    self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                    "--dir", str(self.dir), "--protected-mode", "no", *self._persistence(),
                ],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                wait_until(self.ping, 10, "redis-server answers PING")
                return
            except (Exited, TimeoutError):
                self.stop()
                if attempt == tries - 1 or self.started_once:
                    raise
                self.port = free_port()
            finally:
                self.started_once = self.proc is not None

    def _persistence(self) -> list[str]:
        if not self.persist:
            return ["--appendonly", "no"]
        return ["--appendonly", "yes", "--appendfsync", "always"]

    def ping(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise Exited(f"redis-server exited with {self.proc.returncode}")
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            reply = s.recv(64)
        if not reply.startswith(b"+PONG"):
            raise RuntimeError(f"redis-server answered {reply[:60]!r}")
        return True

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# -- the app's data and gunicorn -----------------------------------------------------------


@dataclass
class Scene:
    """What the fault tests use in the seeded database."""

    staff_email: str
    fair_id: int
    seekers: list[tuple[int, str]]  # (seeker id, mobile)
    postings: list[int]
    password: str = PASSWORD


def app_env(database_url: str, redis_url: str | None, instance: str | Path) -> dict[str, str]:
    """The environment gunicorn runs the app with: production settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOBFAIR_", "PYTEST"))}
    env.update(
        DATABASE_URL=database_url,
        JOBFAIR_ENV="production",
        JOBFAIR_INSTANCE=str(instance),
        SECRET_KEY="fault-tests-" + secrets.token_hex(16),
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def seed(database_url: str, instance: str | Path, seekers: int = 60, postings: int = 6) -> Scene:
    """Create the schema (the migrations, as ``flask db-upgrade``) and a small fair day:
    a member of staff, a running on-site fair, an employer with open postings and
    ``seekers`` job seekers who meet their requirements."""
    from datetime import UTC, datetime, timedelta

    import models
    from jobfair import create_app
    from jobfair.cli import upgrade_database
    from jobfair.extensions import db
    from tests.helpers.builders import Builders

    Path(instance).mkdir(parents=True, exist_ok=True)
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "seed",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade_database()
        make = Builders()
        staff = make.staff("staff", password=PASSWORD)
        now = datetime.now(UTC).replace(microsecond=0)
        fair = models.Fair(
            name="故障演练招聘会",
            mode=models.FairMode.ONSITE,
            venue="呼和浩特市人力资源市场一楼大厅",
            district_code="150105",
            starts_at=now - timedelta(hours=2),
            ends_at=now + timedelta(hours=10),
            status=models.FairStatus.RUNNING,
            created_by_id=staff.id,
        )
        db.session.add(fair)
        db.session.commit()
        company = make.employer()
        make.member(company, password=PASSWORD)
        posting_ids = [make.posting(company, title=f"外卖骑手{i + 1}").id for i in range(postings)]
        people = []
        for i in range(seekers):
            phone = f"1370000{i:04d}"
            people.append((make.seeker(phone=phone, password=PASSWORD).id, phone))
        scene = Scene(staff.email, fair.id, people, posting_ids)
        db.session.remove()
        db.engine.dispose()
    return scene


class Gunicorn:
    """gunicorn serving ``wsgi:app`` on a free port (the committed gunicorn.conf.py when
    there is one; the workers (0: the file's) and the address given here win over it)."""

    def __init__(self, env: dict[str, str], workers: int = 2, log: Path | None = None) -> None:
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.log_path = log or Path(tempfile.mkstemp(prefix="jobfair-gunicorn-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        cmd = [str(BIN / "gunicorn")]
        if (ROOT / "gunicorn.conf.py").exists():
            cmd += ["-c", str(ROOT / "gunicorn.conf.py")]
        if self.workers:
            cmd += ["-w", str(self.workers)]
        return cmd + ["-b", f"127.0.0.1:{self.port}", "--graceful-timeout", "5", "wsgi:app"]

    def start(self, timeout: float = 60) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        wait_until(self.ready, timeout, "gunicorn answers", every=0.2)
        if self.workers:
            wait_until(lambda: len(self.worker_pids()) == self.workers, 30, "all workers up")

    def ready(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            raise Exited(f"gunicorn exited:\n{self.log()[-3000:]}")
        return Client(self.url).get("/auth/login", timeout=5).status == 200

    def worker_pids(self) -> set[int]:
        assert self.proc is not None
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return set()
        return {int(pid) for pid in text.split()}

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, graceful: bool = False) -> None:
        """SIGTERM (``graceful``) lets workers finish; SIGQUIT stops at once."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM if graceful else signal.SIGQUIT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def __enter__(self) -> Gunicorn:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class JobWorker:
    """``flask --app jobfair worker``, the background-job process, in a session of its
    own (RQ forks a child per job and a scheduler process: stopping ends them all)."""

    def __init__(self, env: dict[str, str], log: Path | None = None) -> None:
        self.env = env
        self.log_path = log or Path(tempfile.mkstemp(prefix="jobfair-worker-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [str(BIN / "flask"), "--app", "jobfair", "worker"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, wait: float = 10) -> int | None:
        """SIGTERM (RQ's warm shutdown) to the worker's process group, SIGKILL after
        ``wait`` seconds; returns the exit status (-9: it had to be killed)."""
        if self.proc is None:
            return None
        for sig, seconds in ((signal.SIGTERM, wait), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(seconds)
                break
            except subprocess.TimeoutExpired:
                continue
        try:  # what is left of its group (a job's child, the scheduler)
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        status, self.proc = self.proc.poll(), None
        return status

    def __enter__(self) -> JobWorker:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# -- HTTP ----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@dataclass
class Client:
    """A browser's cookie and CSRF token, one connection per request (thread-safe once
    logged in: the session cookie is kept as it was after login, answers' new cookies
    are taken only while ``learn`` is on)."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""
    learn: bool = True

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 15,
    ) -> Answer:
        url = urllib.parse.urlsplit(self.base)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
        sent = {"User-Agent": "jobfair-fault-tests", "Accept": "text/html"}
        sent.update(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode({"csrf_token": self.csrf, **form}, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        seconds = time.monotonic() - started
        got = {k.lower(): v for k, v in response.getheaders()}
        if self.learn:
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, got, text, seconds)

    def get(self, path: str, **kw) -> Answer:
        return self.request("GET", path, **kw)

    def post(self, path: str, form: dict[str, object] | None = None, **kw) -> Answer:
        return self.request("POST", path, form=form or {}, **kw)

    def scrape_csrf(self, path: str) -> str:
        answer = self.get(path)
        found = CSRF.search(answer.body)
        if not found:
            raise AssertionError(f"no csrf_token on {path} ({answer.status})")
        self.csrf = html.unescape(found.group(1) or found.group(2))
        return self.csrf

    def login(self, identifier: str, password: str, then: str = "/") -> Client:
        """Log in through the form; ``then``: a page with a form, for the session's token."""
        self.scrape_csrf("/auth/login")
        answer = self.post("/auth/login", {"identifier": identifier, "password": password})
        if answer.status != 302:
            raise AssertionError(f"login of {identifier[:3]}... answered {answer.status}")
        self.scrape_csrf(then)
        self.learn = False
        return self
