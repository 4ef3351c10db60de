"""A small run of the export benchmark (bench/export.py), so that it cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_export_bench_small_runs():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "export.py"), "--small"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "2,000 applications" in out.stdout
    lines = {line.split()[0]: line for line in out.stdout.splitlines() if line.strip()}
    assert "2,000" in lines["csv"] and "2,000" in lines["xlsx"]  # the audit counted every row
    assert "within the 100 MB target" in out.stdout
