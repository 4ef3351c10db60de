"""Background jobs across a Redis outage, against real processes: the stack's
gunicorn, its redis-server restarted to keep its data on disk (an append-only file,
as a production job queue does) and the ``flask --app jobfair worker`` process. A
job staff queued while no worker ran waits out the outage and runs once Redis is
back; a job started while Redis is away is refused with a clear message, never a
500, and never queued; the kiosk keeps working; the worker waits for Redis instead
of exiting, and stops when told to."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.faults.harness import Client, JobWorker, wait_until

pytestmark = pytest.mark.slow

RUNS_WITHIN = 20.0  # seconds after Redis is back, on a loaded CI machine
UNREACHABLE = "后台任务队列暂时无法连接"


def _started_jobs(staff: Client) -> list[dict]:
    """The jobs page's list (its JSON refresh), without the nightly rebuild the worker
    schedules for itself."""
    answer = staff.get("/staff/jobs.json", headers={"Accept": "application/json"})
    assert answer.status == 200, (answer.status, answer.body[:300])
    return [j for j in json.loads(answer.body)["jobs"] if not j["id"].startswith("nightly-")]


def test_a_job_queued_before_a_redis_outage_runs_when_redis_returns(stack, tmp_path):
    scene = stack.scene
    redis = stack.redis
    instance = Path(stack.web.env["JOBFAIR_INSTANCE"])
    # the stack's Redis, restarted to keep its data across a stop (an append-only
    # file, as a production job queue has); the stack's gunicorn serves the pages
    redis.stop()
    redis.persist = True
    redis.start()
    worker = JobWorker(stack.web.env, log=tmp_path / "worker.log")
    try:
        staff = stack.staff()

        # no worker runs: staff start an index rebuild on the jobs page; it waits
        answer = staff.post("/staff/jobs/rebuild-index")
        assert answer.status == 302 and answer.location.endswith("/staff/jobs")
        page = staff.get("/staff/jobs")
        assert page.status == 200 and "重建匹配索引" in page.body and "排队中" in page.body
        [waiting] = _started_jobs(staff)
        assert (waiting["state"], waiting["progress"]) == ("queued", 0)

        redis.stop()
        worker.start()
        # the kiosk is served; the jobs page says the queue cannot be reached
        assert staff.get(f"/kiosk/{scene.fair_id}/").status == 200
        assert staff.post(f"/kiosk/{scene.fair_id}/find", {"q": "1370000"}).status == 200
        page = staff.get("/staff/jobs")
        assert page.status == 503 and UNREACHABLE in page.body
        # a job started now is refused with that message, not a 500 (and not queued:
        # see the list below)
        answer = staff.post(
            "/staff/jobs/export", {"fair_id": scene.fair_id, "table": "summary", "fmt": "csv"}
        )
        assert answer.status == 503 and UNREACHABLE in answer.body
        assert '<option value="summary" selected>' in answer.body  # the choice is kept

        # the worker says once that Redis is away, and waits for it (it polls every 2 s)
        wait_until(lambda: "Redis is unreachable" in worker.log(), 30, "the worker starts")
        time.sleep(2.5)
        assert worker.running(), worker.log()[-2000:]
        assert worker.log().count("Redis is unreachable") == 1, worker.log()[-2000:]

        snapshot = instance / "matcher.npz"
        before = snapshot.stat().st_mtime if snapshot.exists() else 0.0
        redis.start()  # same port, same folder: the queue is back, the job in it

        def finished() -> dict | None:
            done = [j for j in _started_jobs(staff) if j["state"] == "finished"]
            return done[0] if done else None

        done = wait_until(finished, RUNS_WITHIN, "the waiting job runs", every=0.3)
        assert done["id"] == waiting["id"] and done["progress"] == 100 and not done["error"]
        seekers, postings = len(scene.seekers), len(scene.postings)
        assert re.fullmatch(
            rf"{seekers} seekers, {postings} postings; \d+ old change-log rows pruned",
            done["result"],
        ), done["result"]
        # only the job queued before the outage: the refused export was never queued
        assert [j["id"] for j in _started_jobs(staff)] == [waiting["id"]]
        page = staff.get("/staff/jobs")
        assert page.status == 200 and "已完成" in page.body and done["result"] in page.body
        # what the job did: a new matcher snapshot in the instance folder
        assert snapshot.exists() and snapshot.stat().st_mtime > before

        # Redis goes away under the running worker and comes back: the worker stays,
        # the next job staff start runs
        redis.stop()
        wait_until(lambda: "could not connect to Redis" in worker.log(), 10, "worker notices")
        assert worker.running(), worker.log()[-2000:]
        redis.start()
        wait_until(lambda: staff.post("/staff/jobs/rebuild-index").status == 302, 10, "queued")

        def both_finished() -> bool:
            return [j["state"] for j in _started_jobs(staff)] == ["finished", "finished"]

        wait_until(both_finished, RUNS_WITHIN, "the next job runs", every=0.3)
        assert worker.running()
        # and an operator's stop (SIGTERM, as systemd sends) ends it
        assert worker.stop(wait=10) == 0, worker.log()[-2000:]
    finally:
        worker.stop()
        redis.stop()  # back to the package's Redis without persistence, empty
        redis.persist = False
        redis.start()
