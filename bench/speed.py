"""Speed and memory of the matcher next to plain scikit-learn, on synthetic data.

    python bench/speed.py --n 10000,100000,1000000     # the README figures
    python bench/speed.py --small                      # 2,000 seekers, 100 postings (tests)
    python bench/speed.py --n 1000000 --hard-only      # only the hard-queries table
    python bench/speed.py --n 1000000 --hard-only --index /tmp/m.npz   # reuse a saved index
    python bench/speed.py --n 1000000 --rss-only --index /tmp/m.npz    # only resident memory

For each N: N synthetic seekers and 1,000 postings. Figures are medians over
repeats (other jobs share the machine). The baseline is what scikit-learn
gives without this package: TfidfVectorizer(analyzer="char", ngram_range=(1, 2),
dtype=float32) over the normalised texts, then per posting ``X @ q.T`` and
``argpartition`` for the top 50 (no constraints, no explanations).

The "hard queries" (:data:`HARD_QUERIES`) are the postings and seekers that
the occupation and district blocks cannot prune: vague text that names no
occupation, no district, filters, deep pages, several occupations in one
text, empty and malformed profiles. Each kind is run over several pay and
schedule variants, repeated; median and max per kind, beside scikit-learn's
product for the same text in the same run.
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
    "hard_median_ms": 10.0,
    "hard_max_ms": 20.0,
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


#: Steps of :func:`rss_of_loaded_index`, in order: the resident memory after each.
RSS_STEPS = ("imports", "load", "posting query", "seeker query", "new profile")


def rss_of_loaded_index(path: str, posting_id: int, seeker_id: int) -> dict[str, float]:
    """RSS (MB) of a fresh process at each of :data:`RSS_STEPS`.

    After the imports; after loading the index at ``path``; after the first
    ranking of seekers for ``posting_id`` (with reasons: the first
    segmentation); after the first ranking of postings for ``seeker_id``;
    after a new profile with a text and no occupation codes is added and
    ranked (as a worker applies a change: the typo-tolerant code lookup).
    """
    root = str(Path(__file__).resolve().parent.parent)
    code = (
        f"import sys; sys.path.insert(0, {root!r})\n"
        "import gc, json\n"
        "from bench.speed import rss_mb\n"
        "from matching.documents import SeekerDoc\n"
        "from matching.matcher import Matcher\n"
        "out = {}\n"
        "def step(name):\n"
        "    gc.collect(); out[name] = rss_mb()\n"
        "step('imports')\n"
        f"m = Matcher.load({path!r}); step('load')\n"
        f"m.rank_seekers({posting_id}, k=50); step('posting query')\n"
        f"m.rank_postings({seeker_id}, k=20); step('seeker query')\n"
        "m.upsert_seeker(SeekerDoc(id=2**31 - 7, text='想找个开车拉货的活 会开叉车 住在包头'))\n"
        "m.rank_postings(2**31 - 7, k=20); step('new profile')\n"
        "print(json.dumps(out))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def _rss_figures(res: dict, rss: dict[str, float]) -> None:
    res["rss_process_mb"] = rss["load"]
    res["rss_index_mb"] = rss["load"] - rss["imports"]
    res["rss_first_queries_mb"] = max(rss["posting query"], rss["seeker query"])
    res["rss_new_profile_mb"] = rss["new profile"]
    res["rss_steps"] = rss


def run_size(
    n: int, n_postings: int, queries: int, fair_postings: int, hard_repeats: int = 5, out=print
) -> dict:
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

    res["hard_load"] = (os.getloadavg()[0], float("nan"))
    res["hard"] = hard_queries(m, X, vec, repeats=hard_repeats)
    res["hard_load"] = (res["hard_load"][0], os.getloadavg()[0])

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
        rss = rss_of_loaded_index(path, pids[0], 1)
    _rss_figures(res, rss)
    res["load_end"] = os.getloadavg()[0]
    return res


def _long_text(n_chars: int, seed: int = 3) -> str:
    """A run-on text of ``n_chars`` characters made of the generator's phrases."""
    rng = random.Random(seed)
    words = [w for o in gen.OCCUPATIONS for w in (o[3], *o[4], *o[7])] + gen.INTRO
    parts: list[str] = []
    size = 0
    while size < n_chars:
        w = rng.choice(words) + rng.choice(["，", "。", "、", " ", ""])
        parts.append(w)
        size += len(w)
    return "".join(parts)[:n_chars]


_VAGUE = "招聘员工若干，待遇从优，欢迎加入"
_BENCH_KIND = "招聘外卖骑手，接单快，准时送达，自备电动车，多劳多得"
_MALFORMED = {
    "20,000 characters": _long_text(20_000),
    "only punctuation": "！！？？。。，，……——、、；；：：“”‘’（）【】《》" * 3,
    "only emoji": "😀🚚🛵📦🔥💰👍🙏" * 4,
    "only Latin letters": "Drivers and riders wanted, good pay, long term, apply now",
    "traditional + simplified": "招聘外賣騎手 送餐員 送餐员 外卖骑手 待遇從優 包吃住",
    "full-width digits": "招聘骑手 月薪８０００－１２０００元 年龄１８－４５ 电话１３８００１３８",
}

#: (name, posting fields, rank_seekers arguments); a ``None`` posting means
#: rank_postings for a seeker with the text in the arguments (see :func:`hard_queries`).
HARD_QUERIES: list[tuple[str, dict | None, dict]] = [
    ("benchmark kind (code, district)",
     dict(text=_BENCH_KIND, occupation_code="D01", district_code="150105"), {}),
    ("vague: 招聘员工若干…", dict(text=_VAGUE), {}),
    ("vague: 急招 工资高 包吃住…", dict(text="急招 工资高 包吃住 长期 短期 均可"), {}),
    ("外卖骑手, no district", dict(text="外卖骑手"), {}),
    ("several occupations in one text", dict(text="骑手 快递 司机 主播 客服 仓管 分拣 都招"), {}),
    ("vague, district filter (league)", dict(text=_VAGUE), {"district_code": "150200"}),
    ("vague, district filter (county)", dict(text=_VAGUE), {"district_code": "150105"}),
    ("vague, licence filter B2", dict(text=_VAGUE), {"licence": "B2"}),
    ("vague, offset 950", dict(text=_VAGUE), {"offset": 950}),
    ("benchmark kind, offset 950",
     dict(text=_BENCH_KIND, occupation_code="D01", district_code="150105"), {"offset": 950}),
    *((f"posting: {name}", dict(text=text), {}) for name, text in _MALFORMED.items()),
    ("rank_postings: empty profile", None, {"text": ""}),
    *((f"rank_postings: {name}", None, {"text": text}) for name, text in _MALFORMED.items()),
]

#: Pay and schedule variants of every hard posting (the structured part of the bound).
_VARIANTS = [
    dict(),
    dict(schedule=frozenset({"full_time"}), pay_min=5000, pay_max=8000, pay_unit="month"),
    dict(schedule=frozenset({"part_time"}), pay_min=150, pay_max=250, pay_unit="day"),
    dict(schedule=frozenset({"flexible"}), pay_min=4000, pay_unit="month"),
]


def hard_queries(m, X=None, vec=None, repeats: int = 5, first_id: int = 900_000) -> list[dict]:
    """Median and max ms of each :data:`HARD_QUERIES` kind, and of scikit-learn's product.

    ``m``: a fitted matcher (postings and seekers are added to it); ``X``,
    ``vec``: the baseline's seeker matrix and vectoriser (None: no baseline).
    """
    # As a gunicorn worker does once it is warm (gunicorn.conf.py, freeze_long_lived):
    # what is loaded stays out of the full garbage collections, each of which walked
    # every object (~50 ms at 1M seekers) inside whichever query triggered it. The
    # table counts the full collections that still fell into a kind's timed queries.
    gc.collect()
    gc.freeze()
    full = [0, 0.0, 0.0]  # full collections, the longest (ms), when the last started

    def count_full(phase, info):
        if info["generation"] != 2:
            return
        if phase == "start":
            full[0] += 1
            full[2] = time.perf_counter()
        else:
            full[1] = max(full[1], (time.perf_counter() - full[2]) * 1000)

    gc.callbacks.append(count_full)
    try:
        return _hard_queries(m, X, vec, repeats, first_id, full)
    finally:
        gc.callbacks.remove(count_full)
        gc.unfreeze()


def _hard_queries(m, X, vec, repeats, first_id, full) -> list[dict]:
    from matching.documents import PostingDoc

    rows = []
    next_id = first_id
    for name, posting, args in HARD_QUERIES:
        full_before = full[0]
        full[1] = 0.0
        times, base_times = [], []
        if posting is None:
            # seekers: the profile text with each variant's facts as a seeker would have them
            sids = []
            for _v in range(len(_VARIANTS)):
                next_id += 1
                m.upsert_seeker(SeekerDoc(id=next_id, text=args["text"]))
                sids.append(next_id)
            m.rank_postings(sids[0], k=20)  # warm
            for _ in range(repeats):
                for sid in sids:
                    t = time.perf_counter()
                    m.rank_postings(sid, k=20)
                    times.append(time.perf_counter() - t)
            for sid in sids:
                m.remove_seeker(sid)
        else:
            pids = []
            for v in _VARIANTS:
                next_id += 1
                m.upsert_posting(PostingDoc(id=next_id, **posting, **v))
                pids.append(next_id)
            k = 50
            m.rank_seekers(pids[0], k=k, **args)  # warm
            for _ in range(repeats):
                for pid in pids:
                    t = time.perf_counter()
                    m.rank_seekers(pid, k=k, **args)
                    times.append(time.perf_counter() - t)
            for pid in pids:
                m.remove_posting(pid)
            if X is not None:
                kk = k + args.get("offset", 0)
                q = vec.transform([normalise(posting["text"])])
                for _ in range(repeats):
                    t = time.perf_counter()
                    sc = (X @ q.T).toarray().ravel()
                    top = np.argpartition(-sc, kk)[:kk]
                    top[np.argsort(-sc[top])]
                    base_times.append(time.perf_counter() - t)
        rows.append({
            "kind": name,
            "median_ms": statistics.median(times) * 1000,
            "max_ms": max(times) * 1000,
            "base_median_ms": statistics.median(base_times) * 1000 if base_times else float("nan"),
            "base_max_ms": max(base_times) * 1000 if base_times else float("nan"),
            "full_gc": full[0] - full_before,
            "full_gc_max_ms": full[1],
        })
    return rows


def report_hard(rows: list[dict], n: int, load: tuple[float, float], out=print) -> None:
    out(f"hard queries at N={n}: load average (1 min) {load[0]:.1f} at start, "
        f"{load[1]:.1f} at end, on {os.cpu_count()} CPUs; target median < "
        f"{TARGETS['hard_median_ms']:g} ms, max < {TARGETS['hard_max_ms']:g} ms")
    out(f"{'query':44s} {'median':>8s} {'max':>8s} {'sk median':>10s} {'sk max':>8s} "
        f"{'full gc':>7s} {'gc max':>7s}")
    for r in rows:
        out(f"{r['kind']:44s} {r['median_ms']:8.2f} {r['max_ms']:8.2f} "
            f"{r['base_median_ms']:10.2f} {r['base_max_ms']:8.2f} {r.get('full_gc', 0):7d} "
            f"{r.get('full_gc_max_ms', 0.0):7.2f}")


def report(results: list[dict], out=print) -> None:
    if any("query_ms" in r for r in results):
        out(f"{'figure':34s} {'N':>9s} {'matcher':>10s} {'sklearn':>10s} {'ratio':>7s} "
            f"{'target':>8s}")

    def row(name, n, ours, base, target=None, unit=""):
        ratio = base / ours if ours and base == base and ours == ours else float("nan")
        tg = f"{target:g}{unit}" if target else "-"
        b = f"{base:10.2f}" if base == base else f"{'-':>10s}"
        out(f"{name:34s} {n:9d} {ours:10.2f} {b} {ratio:6.1f}x {tg:>8s}")

    for r in results:
        n = r["n"]
        if "query_ms" not in r:  # --rss-only
            report_rss(r, out)
            continue
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
        row("RSS after the first queries, MB", n, r["rss_first_queries_mb"], float("nan"),
            TARGETS["rss_1M_mb"] if n == 1_000_000 else None, "MB")
        row("RSS after a new profile, MB", n, r["rss_new_profile_mb"], float("nan"),
            TARGETS["rss_1M_mb"] if n == 1_000_000 else None, "MB")
        row("one profile update, ms (median)", n, r["update_ms"], float("nan"),
            TARGETS["update_ms"], "ms")


def report_rss(r: dict, out=print) -> None:
    """The resident memory of a fresh process holding the index, step by step."""
    target = f" (target < {TARGETS['rss_1M_mb']:g} MB)" if r["n"] == 1_000_000 else ""
    out(f"N={r['n']}: RSS of a fresh process holding the index, MB{target}")
    for name in RSS_STEPS:
        out(f"  after {name:28s} {r['rss_steps'][name]:8.1f}")


def run_rss(n: int, n_postings: int, index: Path | None) -> dict:
    """Only the resident memory: fit (or load ``index``, written if missing), then measure."""
    with tempfile.TemporaryDirectory() as tmp:
        path = index or Path(tmp) / "index.npz"
        if not path.exists():
            m = Matcher(as_of=date(gen.YEAR, 6, 30)).fit(
                synthetic_seekers(n), synthetic_postings(n_postings)
            )
            m.save(path)
            del m
        res: dict = {"n": n}
        _rss_figures(res, rss_of_loaded_index(str(path), synthetic_postings(1)[0].id, 1))
    return res


def run_hard(n: int, n_postings: int, repeats: int, index: Path | None) -> dict:
    """Only the hard-queries table: fit (or load ``index``, written if missing) and the baseline."""
    seekers = synthetic_seekers(n)
    postings = synthetic_postings(n_postings)
    if index is not None and index.exists():
        m = Matcher.load(index)
    else:
        m = Matcher(as_of=date(gen.YEAR, 6, 30)).fit(seekers, postings)
        if index is not None:
            m.save(index)
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True,
                          dtype=np.float32)
    X = vec.fit_transform([normalise(s.text) for s in seekers])
    del seekers
    gc.collect()
    load = os.getloadavg()[0]
    rows = hard_queries(m, X, vec, repeats=repeats)
    return {"n": n, "hard": rows, "hard_load": (load, os.getloadavg()[0])}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="matcher speed vs plain scikit-learn")
    ap.add_argument("--n", default="10000,100000,1000000", help="comma-separated sizes")
    ap.add_argument("--postings", type=int, default=1000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--small", action="store_true", help="2,000 seekers, 100 postings")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--hard-only", action="store_true", help="only the hard-queries table")
    ap.add_argument("--hard-repeats", type=int, default=5, help="runs of each hard variant")
    ap.add_argument("--rss-only", action="store_true",
                    help="only the resident memory after load and the first queries")
    ap.add_argument("--index", type=Path, default=None,
                    help="with --hard-only or --rss-only: load this saved index "
                         "(written if missing)")
    args = ap.parse_args(argv)
    if args.small:
        sizes, n_post, queries, repeats = [2000], 100, 30, 1
    else:
        sizes = [int(x) for x in args.n.split(",")]
        n_post, queries, repeats = args.postings, args.queries, args.hard_repeats
    results = []
    for n in sizes:
        if args.rss_only:
            r = run_rss(n, n_post, args.index)
        elif args.hard_only:
            r = run_hard(n, n_post, repeats, args.index)
        else:
            r = run_size(n, n_post, queries, n_post, repeats)
        results.append(r)
        print(json.dumps(r, ensure_ascii=False), file=sys.stderr, flush=True)
    if not args.hard_only:
        report(results)
    for r in results:
        if "hard" in r:
            report_hard(r["hard"], r["n"], r["hard_load"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
