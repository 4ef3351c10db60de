"""/metrics: who may read it, what it counts, and gunicorn's multiprocess mode."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from prometheus_client.parser import text_string_to_metric_families

from jobfair import ROOT
from jobfair.services import kiosk, ranking, unit_of_work

OUTSIDE = {"REMOTE_ADDR": "10.0.0.5"}
TOKEN = "s3cret-scraper-token"


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


def scrape(client) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return response.get_data(as_text=True)


# -- who may read ---------------------------------------------------------------------------


def test_outside_addresses_get_404_unless_they_bring_the_token(app_with):
    client = app_with(METRICS_TOKEN=TOKEN).test_client()
    assert client.get("/metrics", environ_base=OUTSIDE).status_code == 404
    wrong = {"Authorization": "Bearer not-the-token"}
    assert client.get("/metrics", environ_base=OUTSIDE, headers=wrong).status_code == 404
    odd = {"Authorization": "Bearer пароль"}  # not ASCII: refused, not a 500
    assert client.get("/metrics", environ_base=OUTSIDE, headers=odd).status_code == 404
    right = {"Authorization": f"Bearer {TOKEN}"}
    response = client.get("/metrics", environ_base=OUTSIDE, headers=right)
    assert response.status_code == 200
    assert "jobfair_http_requests_total" in response.get_data(as_text=True)
    assert client.get("/metrics").status_code == 200  # loopback needs no token


def test_without_a_token_configured_no_bearer_gets_in(client):
    headers = {"Authorization": "Bearer "}
    assert client.get("/metrics", environ_base=OUTSIDE, headers=headers).status_code == 404


def test_a_request_forwarded_by_a_local_proxy_is_not_loopback(app_with):
    """Behind nginx on the same machine every request comes from 127.0.0.1; the one
    it forwards for an outside client must not pass, whatever that client claims."""
    proxied = app_with(TRUSTED_PROXIES=1).test_client()
    outside = {"X-Forwarded-For": "203.0.113.9"}
    assert proxied.get("/metrics", headers=outside).status_code == 404
    spoofed = {"X-Forwarded-For": "127.0.0.1"}  # what a client may send through the proxy
    assert proxied.get("/metrics", headers=spoofed).status_code == 404
    assert proxied.get("/metrics", headers={"X-Real-IP": "203.0.113.9"}).status_code == 404
    assert proxied.get("/metrics").status_code == 200  # curl on the machine itself


# -- what it counts -------------------------------------------------------------------------


def test_requests_are_counted_and_timed_per_endpoint_not_per_url(client):
    before = scrape(client)
    labels = {"endpoint": "main.posting_list", "status": "2xx"}
    for _ in range(3):
        assert client.get("/postings?page=1&trade=delivery").status_code == 200
    assert client.get("/postings/987654").status_code == 404
    after = scrape(client)
    name = "jobfair_http_requests_total"
    assert sample(after, name, **labels) - sample(before, name, **labels) == 3
    timed = "jobfair_http_request_duration_seconds_count"
    assert (
        sample(after, timed, endpoint="main.posting_list")
        - sample(before, timed, endpoint="main.posting_list")
        == 3
    )
    assert sample(after, name, endpoint="main.posting_detail", status="4xx") >= 1
    assert "987654" not in after and "trade=delivery" not in after


def test_matcher_and_kiosk_lookup_times_are_recorded(client, scene, make):
    before = scrape(client)
    ranking.recommended_postings(scene["seeker"])
    with unit_of_work():
        found = kiosk.find_person(make.staff("staff"), scene["fair"], "巴特尔")
    assert found
    after = scrape(client)
    count = "jobfair_matcher_query_duration_seconds_count"
    assert (
        sample(after, count, query="rank_postings") - sample(before, count, query="rank_postings")
        == 1
    )
    lookups = "jobfair_kiosk_lookup_duration_seconds_count"
    assert sample(after, lookups) - sample(before, lookups) == 1


def test_queue_lengths_fed_by_the_worker_side(client):
    from jobfair import metrics

    metrics.set_queue_length("exports", 7)
    assert sample(scrape(client), "jobfair_queue_length", queue="exports") == 7
    metrics.set_queue_length("exports", 0)
    assert sample(scrape(client), "jobfair_queue_length", queue="exports") == 0


def test_queue_probes_run_at_each_scrape_and_a_failing_one_is_skipped(client, monkeypatch):
    from jobfair import metrics

    monkeypatch.setattr(metrics, "_queue_probes", [])
    waiting = {"rebuild": 3}

    def redis_down():
        raise ConnectionError("redis down")

    metrics.add_queue_probe(redis_down)
    metrics.add_queue_probe(lambda: waiting)
    assert sample(scrape(client), "jobfair_queue_length", queue="rebuild") == 3
    waiting["rebuild"] = 1
    assert sample(scrape(client), "jobfair_queue_length", queue="rebuild") == 1


def test_metrics_and_probes_set_no_cookie(client):
    for url in ("/metrics", "/healthz", "/readyz"):
        assert "Set-Cookie" not in client.get(url).headers, url


# -- several processes ------------------------------------------------------------------------

MULTIPROCESS_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from jobfair import create_app, metrics
    from tests.helpers.config import TEST_CONFIG

    work = sys.argv[1]
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
                      "INSTANCE_PATH": work})
    client = app.test_client()
    for _ in range(3):
        client.get("/healthz")
    child = os.fork()  # as gunicorn forks its workers
    if child == 0:
        for _ in range(2):
            client.get("/healthz")
        metrics.set_queue_length("default", 4)
        os._exit(0)
    os.waitpid(child, 0)
    metrics.mark_worker_dead(child)  # gunicorn's child_exit hook
    sys.stdout.write(client.get("/metrics").get_data(as_text=True))
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork, as gunicorn does")
def test_multiprocess_mode_adds_up_every_worker(tmp_path):
    shared = tmp_path / "prometheus"
    shared.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(shared), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", MULTIPROCESS_SCRIPT, str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    text = run.stdout
    name = "jobfair_http_requests_total"
    assert sample(text, name, endpoint="health.healthz", status="2xx") == 5  # 3 + 2
    assert sample(text, "jobfair_queue_length", queue="default") == 4
    assert len(list(shared.glob("counter_*.db"))) == 2  # one file per process
