"""A small run of the load benchmark (bench/load/run.py --small) so that it cannot rot:
small data on a throwaway PostgreSQL cluster, gunicorn, locust with a few users for a
few seconds; every endpoint of the fair-day mix is hit and none fails."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.harness import Postgres, Unavailable

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

ENDPOINTS = {
    "kiosk lookup",
    "kiosk check-in",
    "kiosk slip",
    "postings ranked for me",
    "candidates ranked",
    "fair matching (staff)",
    "healthz (reference)",
}


def test_load_smoke_has_no_failures(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    try:
        pg = Postgres()
        pg.init()
        pg.start()
    except (Unavailable, RuntimeError) as e:
        pytest.skip(f"needs a throwaway PostgreSQL cluster: {e}")
    try:
        figures = tmp_path / "figures.json"
        done = subprocess.run(
            [
                sys.executable, str(ROOT / "bench" / "load" / "run.py"), "--small",
                "--database-url", pg.url.rsplit("/", 1)[0] + "/jobfair_load",
                "--out", str(tmp_path), "--json", str(figures),
            ],
            capture_output=True, text=True, timeout=240, cwd=ROOT,
        )  # fmt: skip
    finally:
        pg.cleanup()
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    rows = json.loads(figures.read_text())["results"]["8"]
    by_name = {r["name"]: r for r in rows}
    assert ENDPOINTS <= set(by_name), sorted(by_name)
    failed = {r["name"]: r["failures"] for r in rows if r["failures"]}
    assert not failed, (failed, (tmp_path / "u8.log").read_text()[-3000:])
    assert "p95" in done.stdout and "kiosk check-in" in done.stdout
