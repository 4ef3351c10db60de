"""Small runs of both benchmarks, so that they cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_evaluate_small_beats_baselines():
    from bench import evaluate

    lines: list[str] = []
    results = evaluate.run(small=True, out=lines.append)
    full = results["full matcher"]
    assert full["violations"] == 0
    for name, r in results.items():
        if name != "full matcher":
            assert full["ndcg@10"] > r["ndcg@10"], name
    assert any("NDCG@10" in line for line in lines)


def test_committed_eval_set_is_reproducible():
    from bench import generate

    data = generate.generate(seed=1, n_seekers=2000)
    _, _, committed = generate.load(generate.DEFAULT_PATH)
    assert data["labels"] == committed["labels"]
    assert len(committed["postings"]) >= 60 and len(committed["seekers"]) >= 1500


def test_speed_small_runs():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "speed.py"), "--small"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert "one posting top-50" in out.stdout
    assert "fair batch" in out.stdout
