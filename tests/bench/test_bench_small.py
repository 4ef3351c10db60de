"""Small runs of both benchmarks, so that they cannot rot."""

from __future__ import annotations

import gc
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
    assert "hard queries at N=2000" in out.stdout


def test_hard_queries_small_table():
    """Every kind of the hard-queries table runs (ranked and explained) and is reported."""
    from bench import speed
    from matching.matcher import Matcher

    seekers = speed.synthetic_seekers(1500)
    m = Matcher(as_of=speed.date(speed.gen.YEAR, 6, 30)).fit(seekers, speed.synthetic_postings(50))
    callbacks = list(gc.callbacks)
    rows = speed.hard_queries(m, repeats=1)
    assert [r["kind"] for r in rows] == [name for name, _p, _a in speed.HARD_QUERIES]
    assert all(r["median_ms"] > 0 and r["max_ms"] >= r["median_ms"] for r in rows)
    assert all(r["full_gc"] >= 0 for r in rows)
    # measured as a warm gunicorn worker, and the process left as it was
    assert gc.get_freeze_count() == 0 and gc.callbacks == callbacks
    lines: list[str] = []
    speed.report_hard(rows, 1500, (0.0, 0.0), out=lines.append)
    assert len(lines) == len(rows) + 2


def test_lookup_eval_small_finds_people():
    from bench import lookup_data, lookup_eval

    lines: list[str] = []
    results = lookup_eval.run(small=True, out=lines.append)
    assert set(lookup_data.KINDS) <= set(results)
    assert results["mobile"]["top1"] == 1.0
    assert results["tail4 + initials"]["top1"] >= 0.9
    assert results["all"]["top1_name"] >= 0.9
    assert any("| query kind |" in line for line in lines)


def test_lookup_data_is_deterministic_and_has_the_hard_cases():
    from collections import Counter

    from bench import lookup_data

    a = lookup_data.generate(seed=3, n_people=3000, per_kind=5)
    assert a == lookup_data.generate(seed=3, n_people=3000, per_kind=5)
    people = a[0]
    names = Counter(p.name for p in people)
    tails = Counter(p.mobile[-4:] for p in people)
    assert names.most_common(1)[0][1] >= 5  # namesakes
    assert tails.most_common(1)[0][1] >= 10  # a lucky tail shared by many
    assert any(n.startswith("欧阳") for n in names) and any(n.startswith("司马") for n in names)
    assert "乌云毕力格" in names and any(len(n) >= 5 for n in names)
    assert len({p.mobile for p in people}) == len(people)


def test_lookup_speed_small_runs():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "lookup_speed.py"), "--small"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert "rapidfuzz extractOne" in out.stdout
    assert "index build" in out.stdout and "upsert (changed)" in out.stdout


def test_kiosk_speed_small_runs():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "kiosk_speed.py"), "--small"],
        capture_output=True, text=True, timeout=180, cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert "first check-in, different people" in out.stdout
    assert "the same person again" in out.stdout
    assert "data set built in" in out.stdout
    assert "checked in at the end: 38;" in out.stdout  # 13 signed up and checked in + 25 new
