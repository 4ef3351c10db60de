"""The background jobs page in a real browser: its static script polls the JSON and
the page shows a job finishing without a reload by hand, with no CSP violation."""

from __future__ import annotations

import pytest

from jobfair import jobs
from tests.helpers.redis_server import redis_server  # noqa: F401 (fixture)

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def queued_server(server, redis_server):  # noqa: F811
    server.app.config["REDIS_URL"] = redis_server.url
    yield server
    server.app.config["REDIS_URL"] = None
    server.app.extensions.pop("jobfair.jobs_redis", None)


def test_the_page_follows_a_job_to_its_end(queued_server, make_page, demo):
    page = make_page("desktop", as_=demo.staff)
    page.add_init_script(WATCH)
    page.goto(queued_server.url + "/staff/jobs")
    page.get_by_role("button", name="重建匹配索引").click()
    row = page.locator("#jobs tbody tr").first
    assert "排队中" in row.inner_text()

    jobs.make_worker(queued_server.app, simple=True).work(burst=True)

    page.locator("#jobs tbody tr td.job-state", has_text="已完成").first.wait_for(timeout=15000)
    assert page.locator("#jobs tbody tr").first.locator("progress").get_attribute("value") == "100"
    assert page.evaluate("window.__violations") == []
