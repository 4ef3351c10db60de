"""A small run of the fair statistics benchmark (bench/stats.py), so that it cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_stats_speed_small_runs():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "stats.py"), "--small"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "2,000 seekers, 10,000 applications" in out.stdout
    assert "10,000 applications," in out.stdout  # the fair's own, not the other fair's
    assert "| GET /staff/fairs/<id>/stats (dashboard page) | 3 |" in out.stdout
    assert "statistics.region_stats" in out.stdout
