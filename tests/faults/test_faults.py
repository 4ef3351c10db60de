"""Faults on a fair day, against real processes (tests/faults/harness.py): a gunicorn
worker killed mid-burst, PostgreSQL stopped for ten seconds under load, Redis
stopped. What an operator and the people at the kiosk would notice: no answered
write lost or doubled, nothing half-written, a clear 503 instead of a hang or a
500, and recovery without anyone restarting anything."""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from tests.faults.conftest import WORKERS
from tests.faults.harness import Client, wait_until

pytestmark = pytest.mark.slow

OUTAGE_SECONDS = 10
ANSWER_WITHIN = 5.0  # no request may hang longer than this while the database is down
RECOVERY_WITHIN = 5.0  # after the database is back, requests succeed again within this
UNAVAILABLE = "服务暂时不可用"


@dataclass
class Outcome:
    kind: str
    key: tuple
    started: float
    ended: float
    status: int | None  # None: no answer (connection cut)
    ok: bool
    content_type: str = ""
    body: str = ""
    retry_after: str = ""


def _write(stack, kind: str, who: int, posting: int | None = None, accept: str = "") -> Outcome:
    """One check-in (staff at the kiosk) or one application (a seeker), as a browser."""
    scene = stack.scene
    headers = {"Accept": accept} if accept else None
    started = time.monotonic()
    seeker_id = scene.seekers[who][0]
    try:
        if kind == "apply":
            answer = stack.seeker(who).post(f"/me/apply/{posting}", {"note": ""}, headers=headers)
            ok = answer.status == 302 and answer.location.endswith("/me/applications")
            key = (seeker_id, posting)
        else:
            answer = stack.staff().post(
                f"/kiosk/{scene.fair_id}/check-in/{seeker_id}", headers=headers
            )
            ok = answer.status == 302 and f"/slip/{seeker_id}" in answer.location
            key = (seeker_id,)
    except (OSError, http.client.HTTPException):
        key = (seeker_id, posting) if kind == "apply" else (seeker_id,)
        return Outcome(kind, key, started, time.monotonic(), None, False)
    return Outcome(
        kind, key, started, time.monotonic(), answer.status, ok,
        answer.headers.get("content-type", ""), answer.body, answer.headers.get("retry-after", ""),
    )  # fmt: skip


def _read(stack, kind: str, accept: str = "") -> Outcome:
    scene = stack.scene
    headers = {"Accept": accept} if accept else None
    started = time.monotonic()
    try:
        if kind == "find":
            answer = stack.staff().post(
                f"/kiosk/{scene.fair_id}/find", {"q": scene.seekers[3][1]}, headers=headers
            )
        else:
            answer = stack.seeker(0).get("/postings", headers=headers)
    except (OSError, http.client.HTTPException):
        return Outcome(kind, (), started, time.monotonic(), None, False)
    return Outcome(
        kind, (), started, time.monotonic(), answer.status, answer.status == 200,
        answer.headers.get("content-type", ""), answer.body, answer.headers.get("retry-after", ""),
    )  # fmt: skip


def _applications(stack) -> dict[tuple[int, int], int]:
    rows = stack.query("SELECT seeker_id, posting_id, count(*) FROM application GROUP BY 1, 2")
    return {(s, p): n for s, p, n in rows}


def _assert_applications_whole(stack) -> None:
    """Every application has its first event and the employer's notification."""
    rows = stack.query(
        "SELECT a.id,"
        " (SELECT count(*) FROM application_event e WHERE e.application_id = a.id),"
        " (SELECT count(*) FROM notification n"
        "   WHERE n.link = '/employer/applications/' || a.id::text)"
        " FROM application a"
    )
    half = [(i, events, notes) for i, events, notes in rows if (events, notes) != (1, 1)]
    assert not half, f"applications without their event or notification: {half}"


def _check_ins(stack) -> tuple[set[int], dict[int, int]]:
    """Checked-in seekers of the fair, and the kiosk audit entries per seeker."""
    fair = stack.scene.fair_id
    present = {
        s
        for (s,) in stack.query(
            "SELECT seeker_id FROM fair_registration"
            " WHERE fair_id = %s AND checked_in_at IS NOT NULL",
            fair,
        )
    }
    audits = dict(
        stack.query(
            "SELECT subject_id, count(*) FROM audit_entry"
            " WHERE action = 'kiosk.check_in' GROUP BY subject_id"
        )
    )
    return present, audits


def test_sigkilled_worker_loses_no_answered_write_and_is_replaced(stack):
    scene = stack.scene
    appliers = range(10)
    for i in appliers:
        stack.seeker(i)  # signed in before the burst
    stack.staff()
    jobs = [("apply", i, p) for i in appliers for p in scene.postings[:4]]
    jobs += [("check_in", i, None) for i in range(10, 50)]
    random.Random(9).shuffle(jobs)
    workers = stack.web.worker_pids()
    assert len(workers) == WORKERS
    victim = min(workers)

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(_write, stack, kind, who, posting) for kind, who, posting in jobs]
        wait_until(lambda: sum(f.done() for f in futures) >= len(jobs) // 4, 60, "burst started")
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        outcomes = [f.result() for f in futures]

    # the master replaces the worker, and the replacement serves
    wait_until(
        lambda: len(pids := stack.web.worker_pids()) == WORKERS and victim not in pids,
        30,
        "the master forks a new worker",
    )
    after = [_write(stack, "check_in", i) for i in range(50, 54)]
    assert all(o.ok for o in after), [(o.status, o.body[:200]) for o in after]
    assert all(o.ended > killed_at for o in outcomes[-3:])

    cut = [o for o in outcomes if o.status is None]
    wrong = [o for o in outcomes if o.status is not None and not o.ok]
    assert not wrong, [(o.kind, o.status, o.body[:300]) for o in wrong]
    assert len(cut) <= 2, f"only the killed worker's request may lose its answer: {cut}"

    # every answered application is there, none twice, none half-written
    applications = _applications(stack)
    for o in outcomes:
        if o.kind == "apply" and o.ok:
            assert applications.get(o.key) == 1, o.key
    assert all(n == 1 for n in applications.values())
    _assert_applications_whole(stack)
    # every answered check-in is there, with its one audit entry; no entry without one
    present, audits = _check_ins(stack)
    for o in [*outcomes, *after]:
        if o.kind == "check_in" and o.ok:
            assert o.key[0] in present and audits.get(o.key[0]) == 1, o.key
    assert set(audits) == present
    assert all(n == 1 for n in audits.values())


def test_database_outage_answers_503_quickly_and_recovers(stack):
    scene = stack.scene
    for i in range(10):
        stack.seeker(i)
    stack.staff()
    workers_before = stack.web.worker_pids()
    writes = [("apply", i, p) for i in range(10) for p in scene.postings[4:6]]
    writes += [("check_in", i, None) for i in range(10)]
    random.Random(3).shuffle(writes)
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer():
        for n, (kind, who, posting) in enumerate(writes):
            if stop.is_set():
                return
            accept = "application/json" if n % 3 == 0 else ""
            o = _write(stack, kind, who, posting, accept)
            with lock:
                outcomes.append(o)
            time.sleep(0.35)

    def reader(kinds):
        n = 0
        while not stop.is_set():
            kind = kinds[n % len(kinds)]
            o = _read(stack, kind, "application/json" if n % 2 else "")
            with lock:
                outcomes.append(o)
            n += 1
            time.sleep(0.1)

    threads = [
        threading.Thread(target=writer),
        threading.Thread(target=reader, args=(["find", "list"],)),
        threading.Thread(target=reader, args=(["list", "find"],)),
    ]
    for t in threads:
        t.start()
    try:
        time.sleep(1.5)
        down_from = time.monotonic()
        stack.pg.stop("immediate")
        down = time.monotonic()
        time.sleep(max(0.0, OUTAGE_SECONDS - (down - down_from)))
        up_from = time.monotonic()
        stack.pg.start()
        up = time.monotonic()
        wait_until(
            lambda: any(o.ok and o.started > up for o in list(outcomes)), 30, "a success after"
        )
        time.sleep(RECOVERY_WITHIN + 1)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
        if not stack.pg.running():
            stack.pg.start()

    assert not [
        o for o in outcomes if o.status is not None and o.status >= 500 and o.status != 503
    ], "a 500 (or other 5xx) while the database was away"
    slow = [round(o.ended - o.started, 1) for o in outcomes if o.ended - o.started > ANSWER_WITHIN]
    assert not slow, f"requests hung for {slow} s"
    assert all(o.status is not None for o in outcomes), "a connection cut without an answer"

    during = [o for o in outcomes if o.started > down and o.ended < up_from]
    assert len(during) >= 20
    assert all(o.status == 503 for o in during), {o.status for o in during}
    for o in during:
        assert o.retry_after
        if "application/json" in o.content_type:
            assert json.loads(o.body)["error"]["code"] == 503
        else:
            assert "text/html" in o.content_type and UNAVAILABLE in o.body
    assert any("application/json" in o.content_type for o in during)

    first_ok = min(o.ended for o in outcomes if o.ok and o.started > up)
    assert first_ok - up < RECOVERY_WITHIN
    late = [o for o in outcomes if o.started > up + RECOVERY_WITHIN]
    assert late and all(o.ok for o in late), [(o.kind, o.status) for o in late if not o.ok]
    assert stack.web.worker_pids() == workers_before, "the app recovered without a restart"

    # answered writes are there; writes refused while it was down are not; nothing is
    # half-written
    applications = _applications(stack)
    present, audits = _check_ins(stack)
    for o in outcomes:
        if o.kind == "apply":
            if o.ok:
                assert applications.get(o.key) == 1, o.key
            elif o.started > down and o.ended < up_from:
                assert o.key not in applications, o.key
        elif o.kind == "check_in":
            if o.ok:
                assert o.key[0] in present, o.key
            elif o.started > down and o.ended < up_from:
                assert o.key[0] not in present, o.key
    assert any(o.ok for o in outcomes if o.kind in ("apply", "check_in"))
    _assert_applications_whole(stack)
    assert set(audits) == present and all(n == 1 for n in audits.values())


def test_redis_outage_keeps_pages_served_and_is_logged_once(stack):
    scene = stack.scene
    staff = stack.staff()
    log_before = len(stack.web.log())
    stack.redis.stop()
    answers = []
    try:
        for _ in range(4):
            anonymous = Client(stack.web.url)
            anonymous.scrape_csrf("/auth/login")
            # sign-in is rate-limited (counted in Redis): a wrong password is refused as
            # such, not with a 500
            answers.append(
                anonymous.post(
                    "/auth/login", {"identifier": scene.seekers[59][1], "password": "wrong-1"}
                )
            )
            answers.append(staff.get(f"/kiosk/{scene.fair_id}/"))
            answers.append(staff.post(f"/kiosk/{scene.fair_id}/find", {"q": "1370000"}))
            answers.append(anonymous.get("/postings"))
        statuses = [a.status for a in answers]
        assert statuses == [401, 200, 200, 200] * 4
        log = stack.web.log()[log_before:]
        told = log.count("rate-limit store (Redis) unreachable")
        assert 1 <= told <= WORKERS, f"logged {told} times"
    finally:
        stack.redis.start()

    def shared_again() -> bool:
        anonymous = Client(stack.web.url)
        anonymous.scrape_csrf("/auth/login")
        anonymous.post("/auth/login", {"identifier": "nobody@example.cn", "password": "x"})
        return "reachable again" in stack.web.log()[log_before:]

    wait_until(shared_again, 20, "the limiter goes back to Redis", every=1.0)
