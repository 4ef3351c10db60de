"""Speed and memory of the matcher next to plain scikit-learn, on synthetic data.

    python bench/speed.py --n 10000,100000,1000000     # the README figures
    python bench/speed.py --small                      # 2,000 seekers, 100 postings (tests)

For each N: N synthetic seekers and 1,000 postings. Figures are medians over
repeats (other jobs share the machine). The baseline is what scikit-learn
gives without this package: TfidfVectorizer(analyzer="char", ngram_range=(1, 2),
dtype=float32) over the normalised texts, then per posting ``X @ q.T`` and
``argpartition`` for the top 50 (no constraints, no explanations).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate as gen  # noqa: E402
from matching.documents import SeekerDoc  # noqa: E402
from matching.matcher import Matcher  # noqa: E402
from matching.text import normalise  # noqa: E402

TARGETS = {  # n -> figure -> target
    "query_1M_ms": 10.0,
    "query_100k_ms": 1.5,
    "fair_1M_s": 4.0,
    "build_1M_s": 15.0,
    "rss_1M_mb": 400.0,
    "update_ms": 1.0,
}

_SKILLS = [s for o in gen.OCCUPATIONS for s in o[7]]
_AVAIL = ["full_time", "part_time", "flexible", "nights", "weekends"]
_COUNTIES = [c for _l, cs, _w in gen.LEAGUE_WEIGHTS for c in cs]


def synthetic_seekers(n: int, seed: int = 0) -> list[SeekerDoc]:
    """N seekers shaped like the evaluation set's (titles, skills, places, facts)."""
    rng = random.Random(seed)
    nr = np.random.default_rng(seed)
    occ_idx = nr.integers(0, len(gen.OCCUPATIONS), n)
    county = nr.integers(0, len(_COUNTIES), n)
    flags = nr.random((n, 6))
    birth = nr.integers(1965, 2009, n)
    pay = nr.choice([4000, 5000, 6000, 7000, 8000, 10000], n)
    lic_choice = nr.integers(0, 6, n)
    lics = [(), ("C1",), ("B2",), ("A2",), ("A1", "C1"), ()]
    avails = [frozenset(rng.sample(_AVAIL, rng.randint(1, 3))) for _ in range(64)]
    out = []
    for i in range(n):
        occ = gen.OCCUPATIONS[occ_idx[i]]
        title = occ[3] if flags[i, 0] < 0.5 else rng.choice(occ[4])
        text = (f"想找{title}，{rng.choice(['1年', '3年', '五年', '半年'])}经验，"
                f"{rng.choice(occ[7])}，{rng.choice(_SKILLS)}，{rng.choice(gen.INTRO)}")
        out.append(SeekerDoc(
            id=i + 1,
            text=text,
            occupation_codes=(occ[0],) if flags[i, 1] < 0.95 else (),
            district_code=_COUNTIES[county[i]] if flags[i, 2] < 0.92 else None,
            licences=lics[lic_choice[i]],
            has_ebike=bool(flags[i, 3] < 0.5),
            health_certificate=bool(flags[i, 4] < 0.5),
            availability=avails[i & 63],
            pay_amount=int(pay[i]),
            pay_unit="month",
            birth_year=int(birth[i]),
            visible=bool(flags[i, 5] < 0.97),
        ))
    return out


def synthetic_postings(n: int = 1000, seed: int = 1, first_id: int = 1):
    rng = random.Random(seed)
    return [gen.make_posting(rng, first_id + i, gen.OCCUPATIONS[i % len(gen.OCCUPATIONS)])
            for i in range(n)]


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _median_ms(fn, args_list) -> float:
    times = []
    for a in args_list:
        t = time.perf_counter()
        fn(a)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _rss_of_loaded_index(path: str) -> tuple[float, float]:
    """(RSS after imports, RSS after loading the index) in a fresh process."""
    root = str(Path(__file__).resolve().parent.parent)
    code = (
        f"import sys; sys.path.insert(0, {root!r})\n"
        "from bench.speed import rss_mb\n"
        "from matching.matcher import Matcher\n"
        f"import gc; a = rss_mb(); m = Matcher.load({path!r}); gc.collect(); b = rss_mb()\n"
        "print(a, b)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    a, b = out.stdout.split()
    return float(a), float(b)


def run_size(n: int, n_postings: int, queries: int, fair_postings: int, out=print) -> dict:
    res: dict[str, float] = {"n": n, "load_start": os.getloadavg()[0]}
    seekers = synthetic_seekers(n)
    postings = synthetic_postings(n_postings)
    as_of = date(gen.YEAR, 6, 30)

    # warm the compiled kernels (cached on disk after the first run)
    Matcher(as_of=as_of).fit(seekers[:200], postings[:5]).rank_fair(range(1, 50), [1], 5)

    gc.collect()
    t = time.perf_counter()
    m = Matcher(as_of=as_of).fit(seekers, postings)
    res["build_s"] = time.perf_counter() - t

    # baseline build: scikit-learn TF-IDF on the normalised texts
    from sklearn.feature_extraction.text import TfidfVectorizer

    t = time.perf_counter()
    texts = [normalise(s.text) for s in seekers]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True,
                          dtype=np.float32)
    X = vec.fit_transform(texts)
    res["base_build_s"] = time.perf_counter() - t
    del texts
    res["base_index_mb"] = (X.data.nbytes + X.indices.nbytes + X.indptr.nbytes) / 2**20
    qmat = vec.transform([normalise(p.text) for p in postings])

    rng = random.Random(5)
    pids = [p.id for p in postings]
    sample = [rng.choice(pids) for _ in range(queries)]
    for pid in sample[:5]:
        m.rank_seekers(pid, k=50)
    res["query_ms"] = _median_ms(lambda pid: m.rank_seekers(pid, k=50), sample)
    res["query_no_explain_ms"] = float("nan")

    def base_query(i):
        s = (X @ qmat[i].T).toarray().ravel()
        top = np.argpartition(-s, 50)[:50]
        return top[np.argsort(-s[top])]

    base_sample = [rng.randrange(len(postings)) for _ in range(max(5, queries // 10))]
    res["base_query_ms"] = _median_ms(base_query, base_sample)

    # fair batch: every seeker x fair_postings postings, top 50 each
    seeker_ids = np.arange(1, n + 1)
    fair_ids = pids[:fair_postings]
    t = time.perf_counter()
    m.rank_fair(seeker_ids, fair_ids, k=50)
    res["fair_s"] = time.perf_counter() - t
    n_base = min(len(fair_ids), 20)
    t = time.perf_counter()
    for i in range(n_base):
        base_query(i)
    res["base_fair_s"] = (time.perf_counter() - t) * len(fair_ids) / n_base  # extrapolated

    # updates
    upd = [SeekerDoc(id=n + 10 + i, text=f"想找外卖骑手 送餐员 {i}年经验",
                     occupation_codes=("D01",), district_code="150105", has_ebike=True,
                     birth_year=1990) for i in range(200)]
    for d in upd[:5]:
        m.upsert_seeker(d)
    res["update_ms"] = _median_ms(m.upsert_seeker, upd[5:])
    # an update is visible at once
    assert m.rank_postings(upd[-1].id, k=1) is not None

    # memory of the fitted index: save, then load it in a fresh process
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "index.npz")
        m.save(path)
        res["file_mb"] = os.path.getsize(path) / 2**20
        before, after = _rss_of_loaded_index(path)
    res["rss_process_mb"] = after
    res["rss_index_mb"] = after - before
    res["load_end"] = os.getloadavg()[0]
    return res


def report(results: list[dict], out=print) -> None:
    out(f"{'figure':34s} {'N':>9s} {'matcher':>10s} {'sklearn':>10s} {'ratio':>7s} {'target':>8s}")

    def row(name, n, ours, base, target=None, unit=""):
        ratio = base / ours if ours and base == base and ours == ours else float("nan")
        tg = f"{target:g}{unit}" if target else "-"
        b = f"{base:10.2f}" if base == base else f"{'-':>10s}"
        out(f"{name:34s} {n:9d} {ours:10.2f} {b} {ratio:6.1f}x {tg:>8s}")

    for r in results:
        n = r["n"]
        out(f"N={n}: load average (1 min) {r['load_start']:.1f} at start, "
            f"{r['load_end']:.1f} at end, on {os.cpu_count()} CPUs")
        tq = {1_000_000: TARGETS["query_1M_ms"], 100_000: TARGETS["query_100k_ms"]}.get(n)
        row("one posting top-50, ms (median)", n, r["query_ms"], r["base_query_ms"], tq, "ms")
        row("fair batch top-50 each, s", n, r["fair_s"], r["base_fair_s"],
            TARGETS["fair_1M_s"] if n == 1_000_000 else None, "s")
        row("index build, s", n, r["build_s"], r["base_build_s"],
            TARGETS["build_1M_s"] if n == 1_000_000 else None, "s")
        row("fitted index RSS, MB (process)", n, r["rss_process_mb"], float("nan"),
            TARGETS["rss_1M_mb"] if n == 1_000_000 else None, "MB")
        row("  of which the index, MB", n, r["rss_index_mb"], r["base_index_mb"])
        row("one profile update, ms (median)", n, r["update_ms"], float("nan"),
            TARGETS["update_ms"], "ms")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="matcher speed vs plain scikit-learn")
    ap.add_argument("--n", default="10000,100000,1000000", help="comma-separated sizes")
    ap.add_argument("--postings", type=int, default=1000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--small", action="store_true", help="2,000 seekers, 100 postings")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    if args.small:
        sizes, n_post, queries = [2000], 100, 30
    else:
        sizes = [int(x) for x in args.n.split(",")]
        n_post, queries = args.postings, args.queries
    results = []
    for n in sizes:
        r = run_size(n, n_post, queries, n_post)
        results.append(r)
        print(json.dumps(r), file=sys.stderr, flush=True)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
