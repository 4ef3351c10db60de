"""The staff page of background jobs: start a job, a worker runs it, the page shows
its state; a failed job shows its error and can be retried; staff only.

Each test gets a throwaway redis-server; the worker is RQ's SimpleWorker in this
process (``jobs.make_worker(app, simple=True).work(burst=True)``).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from redis import Redis

from jobfair import jobs
from jobfair.services import kiosk, unit_of_work
from jobfair.services.live_index import live_counts, live_index
from tests.helpers.clients import Auth
from tests.helpers.redis_server import redis_server  # noqa: F401 (fixture)
from tests.helpers.scenes import make_fair


@pytest.fixture
def queued(app, redis_server):  # noqa: F811
    """The test app with a job queue on the throwaway Redis."""
    app.config["REDIS_URL"] = redis_server.url
    yield app
    app.extensions.pop("jobfair.jobs_redis", None)


# The queue and the page do not depend on the database; the jobs that read it
# (fair matching, export) run on both.
one_database = pytest.mark.parametrize("backend", ["sqlite"])


def run_worker(app) -> None:
    jobs.make_worker(app, simple=True).work(burst=True)


def states(client) -> list[dict]:
    response = client.get("/staff/jobs.json")
    assert response.status_code == 200
    return response.get_json()["jobs"]


def test_staff_start_a_rebuild_and_see_it_finish(queued, client, make):
    staff = make.staff()
    make.seeker()
    make.posting()
    Auth(client).login_as(staff)

    response = client.post("/staff/jobs/rebuild-index")
    assert response.status_code == 302
    page = client.get("/staff/jobs").text
    assert "重建匹配索引" in page and "排队中" in page
    assert 'src="/static/js/jobs.js"' in page and "data-active" in page
    [waiting] = states(client)
    assert (waiting["state"], waiting["progress"]) == ("queued", 0)
    assert 'jobfair_queue_length{queue="jobfair"} 1.0' in client.get("/metrics").text

    run_worker(queued)
    assert 'jobfair_queue_length{queue="jobfair"} 0.0' in client.get("/metrics").text

    [done] = states(client)
    assert (done["state"], done["progress"], done["error"]) == ("finished", 100, None)
    assert "1 seekers, 1 postings" in done["result"]
    page = client.get("/staff/jobs").text
    assert "已完成" in page and "1 seekers, 1 postings" in page and "data-active" not in page
    assert live_counts(live_index().matcher) == (1, 1)  # the worker refitted this app's index


@one_database
def test_a_failed_job_shows_its_error_and_retry_runs_it_again(
    queued, client, make, monkeypatch
):
    Auth(client).login_as(make.staff())

    def broken():
        raise RuntimeError("matcher folder is read-only")

    monkeypatch.setitem(jobs.KINDS, "rebuild_index", broken)
    client.post("/staff/jobs/rebuild-index")
    run_worker(queued)

    [failed] = states(client)
    assert failed["state"] == "failed"
    assert failed["error"] == "RuntimeError: matcher folder is read-only"
    page = client.get("/staff/jobs").text
    assert "失败" in page and "RuntimeError: matcher folder is read-only" in page
    assert "Traceback" not in page and 'File "' not in page
    assert f'/staff/jobs/{failed["id"]}/retry' in page

    monkeypatch.undo()  # the cause is fixed; retry
    assert client.post(f"/staff/jobs/{failed['id']}/retry").status_code == 302
    [again] = states(client)
    assert (again["id"], again["state"], again["error"]) == (failed["id"], "queued", None)
    run_worker(queued)
    assert states(client)[0]["state"] == "finished"
    # a job that did not fail cannot be "retried"
    assert client.post(f"/staff/jobs/{failed['id']}/retry").status_code == 404
    assert client.post("/staff/jobs/no-such-job/retry").status_code == 404


def test_fair_matching_and_export_jobs_offer_their_file_to_who_started_them(
    queued, client, make, scene
):
    staff, other = make.staff(), make.staff()
    with unit_of_work():
        kiosk.check_in(staff, scene["fair"], scene["seeker"].id)
    Auth(client).login_as(staff)
    fair_id = scene["fair"].id
    assert client.post("/staff/jobs/fair-matches", data={"fair_id": fair_id}).status_code == 302
    assert client.post(
        "/staff/jobs/export", data={"fair_id": fair_id, "table": "summary", "fmt": "csv"}
    ).status_code == 302
    run_worker(queued)

    export, matches = states(client)
    assert (export["state"], matches["state"]) == ("finished", "finished")
    with client.get(matches["download"]) as got:
        assert got.status_code == 200 and got.headers["Cache-Control"] == "no-store"
        text = got.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["posting_id", "posting", "booth", "rank", "seeker_id", "score"]
    assert [r[0] for r in rows[1:]] == [str(scene["posting"].id)]
    assert rows[1][4] == str(scene["seeker"].id) and "巴特尔" not in text
    with client.get(export["download"]) as got:
        assert got.status_code == 200 and got.data.startswith("\ufeff".encode())

    Auth(client).logout()
    Auth(client).login_as(other)
    assert states(client)[0]["download"] is None
    assert client.get(matches["download"]).status_code == 404


@one_database
def test_only_staff_see_or_start_jobs(queued, client, make, redis_server):  # noqa: F811
    for user in (make.seeker().user, make.member()):
        Auth(client).login_as(user)
        assert client.get("/staff/jobs").status_code == 403
        assert client.get("/staff/jobs.json").status_code == 403
        assert client.post("/staff/jobs/rebuild-index").status_code == 403
        Auth(client).logout()
    assert client.get("/staff/jobs").status_code == 302  # anonymous: to the login page
    assert Redis.from_url(redis_server.url).llen(jobs.RECENT) == 0


@one_database
def test_without_redis_the_page_says_the_queue_is_not_configured(client, make):
    Auth(client).login_as(make.staff())
    page = client.get("/staff/jobs")
    assert page.status_code == 200 and "REDIS_URL" in page.text
    assert client.post("/staff/jobs/rebuild-index").status_code == 404


@one_database
def test_with_redis_down_the_page_says_so(queued, client, make, redis_server):  # noqa: F811
    Auth(client).login_as(make.staff())
    redis_server.stop()
    page = client.get("/staff/jobs")
    assert page.status_code == 503 and "无法连接" in page.text
    response = client.post("/staff/jobs/rebuild-index", follow_redirects=True)
    assert response.status_code == 503 and "无法连接" in response.text
    assert response.text.count("无法连接") == 1  # said once, not also as a flash message


@one_database
def test_an_export_started_while_redis_is_down_keeps_what_was_chosen(
    queued, client, make, redis_server  # noqa: F811
):
    Auth(client).login_as(make.staff())
    april = make_fair(make, name="四月招聘会")
    may = make_fair(make, name="五月招聘会")
    redis_server.stop()
    response = client.post(
        "/staff/jobs/export", data={"fair_id": may.id, "table": "checkins", "fmt": "xlsx"}
    )
    assert response.status_code == 503
    assert "您的选择已保留" in response.text and response.text.count("无法连接") == 1
    assert selected(response.text, "export-fair") == [str(may.id)] != [str(april.id)]
    assert selected(response.text, "export-table") == ["checkins"]
    assert selected(response.text, "export-fmt") == ["xlsx"]
    assert selected(response.text, "matches-fair") == []  # the other form: as it was


def selected(html: str, select_id: str) -> list[str]:
    """The values of the options a page's <select id=...> has preselected."""
    found = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert found, select_id
    return re.findall(r'<option value="([^"]*)" selected>', found.group(1))
