"""jobfair.jobs outside the page: the nightly rebuild's schedule and `flask worker`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from redis import Redis
from rq.registry import ScheduledJobRegistry

from jobfair import create_app, jobs
from jobfair.extensions import db
from tests.helpers.config import TEST_CONFIG
from tests.helpers.redis_server import redis_server  # noqa: F401 (fixture)


@pytest.fixture
def queued_app(redis_server, tmp_path):  # noqa: F811
    import models

    app = create_app({**TEST_CONFIG, "REDIS_URL": redis_server.url, "INSTANCE_PATH": str(tmp_path),
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}"})  # fmt: skip
    with app.app_context():
        models.Base.metadata.create_all(db.engine)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_next_night_is_three_in_the_morning_in_the_fairs_time_zone(queued_app):
    # 14:00 in Hohhot (UTC+8): tonight's 03:00 is tomorrow's date, 19:00 UTC today
    assert jobs.next_night(queued_app, datetime(2026, 12, 3, 6, 0, tzinfo=UTC)) == datetime(
        2026, 12, 3, 19, 0, tzinfo=UTC
    )
    # 02:00 in Hohhot: still tonight, an hour later
    assert jobs.next_night(queued_app, datetime(2026, 12, 3, 18, 0, tzinfo=UTC)) == datetime(
        2026, 12, 3, 19, 0, tzinfo=UTC
    )


def test_the_worker_schedules_one_nightly_rebuild_however_often_it_starts(queued_app):
    runner = queued_app.test_cli_runner()
    for _ in range(2):  # two workers, or one restarted
        result = runner.invoke(args=["worker", "--burst"])
        assert result.exit_code == 0, result.output
        assert "Next nightly index rebuild" in result.output
    conn = Redis.from_url(queued_app.config["REDIS_URL"])
    registry = ScheduledJobRegistry(jobs.QUEUE, connection=conn)
    [job_id] = registry.get_job_ids()
    assert job_id.startswith(jobs.NIGHTLY_PREFIX)
    when = registry.get_scheduled_time(job_id)
    assert when == jobs.next_night(queued_app)
    with queued_app.test_request_context():
        assert [j["kind"] for j in jobs.recent_jobs()] == ["nightly_rebuild"]


def test_a_nightly_run_schedules_the_next_night_first(queued_app):
    with queued_app.app_context():
        job = jobs.queue().enqueue(jobs.run, "nightly_rebuild")
    jobs.make_worker(queued_app, simple=True).work(burst=True)
    job.refresh()
    assert job.get_status().value == "finished"
    assert job.return_value().endswith("; 0 spent one-time links deleted")  # and pruned them
    registry = ScheduledJobRegistry(jobs.QUEUE, connection=job.connection)
    [next_id] = registry.get_job_ids()
    assert registry.get_scheduled_time(next_id) > datetime.now(UTC)


def test_worker_refuses_without_redis(tmp_path):
    app = create_app({**TEST_CONFIG, "INSTANCE_PATH": str(tmp_path),
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})  # fmt: skip
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output


def test_a_jobs_error_is_one_line_without_numbers_or_sql():
    from sqlalchemy.exc import IntegrityError

    assert jobs.error_text(RuntimeError("no seeker with 13812345678\nmore")) == (
        "RuntimeError: no seeker with 138****5678"
    )
    orig = ValueError('duplicate key value violates unique constraint "uq_user_phone"\n'
                      "DETAIL:  Key (phone)=(13812345678) already exists.")  # fmt: skip
    e = IntegrityError("INSERT INTO user (phone) VALUES (%(phone)s)", {"phone": "1"}, orig)
    assert jobs.error_text(e) == (
        'IntegrityError: duplicate key value violates unique constraint "uq_user_phone"'
    )
