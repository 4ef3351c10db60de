"""One fault-test stack for the package: a throwaway PostgreSQL cluster, a throwaway
redis-server and gunicorn (gunicorn.conf.py, two workers), all on free ports, plus
the logged-in clients the tests share (sign-in is rate-limited per address)."""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
import pytest

from tests.faults.harness import (
    PASSWORD,
    Client,
    Gunicorn,
    Postgres,
    RedisServer,
    Scene,
    Unavailable,
    app_env,
    seed,
)

WORKERS = 2


@dataclass
class Stack:
    pg: Postgres
    redis: RedisServer
    web: Gunicorn
    scene: Scene
    _staff: Client | None = None
    _seekers: dict[int, Client] = field(default_factory=dict)

    def staff(self) -> Client:
        if self._staff is None:
            self._staff = Client(self.web.url).login(
                self.scene.staff_email, PASSWORD, then=f"/kiosk/{self.scene.fair_id}/"
            )
        return self._staff

    def seeker(self, index: int) -> Client:
        if index not in self._seekers:
            _id, phone = self.scene.seekers[index]
            self._seekers[index] = Client(self.web.url).login(
                phone, PASSWORD, then=f"/postings/{self.scene.postings[0]}"
            )
        return self._seekers[index]

    def query(self, sql: str, *args) -> list[tuple]:
        with psycopg.connect(self.pg.url, connect_timeout=5) as conn:
            return conn.execute(sql, args).fetchall()


@pytest.fixture(scope="package")
def stack(tmp_path_factory):
    try:
        pg = Postgres()
        redis = RedisServer()
    except Unavailable as e:
        pytest.skip(f"fault tests need their own servers: {e}")
    try:
        pg.init()
        pg.start()
    except Exception as e:  # noqa: BLE001 - e.g. a container that forbids runuser
        pg.cleanup()
        pytest.skip(f"cannot start a throwaway PostgreSQL cluster: {e}")
    redis.start()
    folder = tmp_path_factory.mktemp("faults")
    web = None
    try:
        scene = seed(pg.url, folder / "instance")
        web = Gunicorn(
            app_env(pg.url, redis.url, folder / "instance"),
            workers=WORKERS,
            log=folder / "gunicorn.log",
        )
        web.start()
        yield Stack(pg, redis, web, scene)
    finally:
        if web is not None:
            web.stop()
        redis.__exit__()
        pg.cleanup()
