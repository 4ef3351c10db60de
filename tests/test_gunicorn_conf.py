"""gunicorn.conf.py's worker warm-up: what a worker has loaded before its first request."""

from __future__ import annotations

import gc
import logging
import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class FakeWorker:
    """What post_worker_init uses of a gunicorn worker."""

    def __init__(self, app) -> None:
        self.wsgi = app
        self.pid = 4242
        self.log = logging.getLogger("gunicorn.error")
        self.notified = 0

    def notify(self) -> None:
        self.notified += 1


@pytest.fixture
def conf(tmp_path, monkeypatch):
    # the file sets this variable when it is unset; keep the test process as it was
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.delenv("JOBFAIR_WARM_UP", raising=False)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the test process collects as before


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_warmed_worker_has_its_matcher_and_takes_it_out_of_garbage_collection(
    conf, app, make, unfrozen, caplog
):
    for i in range(3):
        make.seeker(phone=f"1390000{i:04d}")
    make.posting(title="外卖骑手")
    assert gc.get_freeze_count() == 0
    worker = FakeWorker(app)
    with caplog.at_level(logging.INFO, logger="gunicorn.error"):
        conf["post_worker_init"](worker)
    line = next(r.getMessage() for r in caplog.records if "ready in" in r.getMessage())
    assert "matcher of 3 seekers and 1 postings" in line
    said = int(re.search(r"; (\d+) long-lived objects out of garbage collection", line)[1])
    frozen = gc.get_freeze_count()  # (lower as frozen objects are freed by their counts)
    assert said >= frozen > 10_000  # the libraries, the app and the matcher
    # a full collection no longer walks them: only what was made since is tracked
    assert len(gc.get_objects()) < frozen
    assert worker.notified >= 2


def test_warm_up_off_loads_and_freezes_nothing(conf, unfrozen, monkeypatch):
    monkeypatch.setenv("JOBFAIR_WARM_UP", "0")
    conf["post_worker_init"](FakeWorker(app=None))
    assert gc.get_freeze_count() == 0
