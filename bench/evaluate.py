"""Quality of the matcher on the labelled evaluation set, next to simple baselines.

    python bench/evaluate.py                 # the committed set, all methods side by side
    python bench/evaluate.py --vectorisers   # also compare text analysers
    python bench/evaluate.py --tune          # grid-search the weights on a *fresh* set (seed 7)
    python bench/evaluate.py --small         # a 400-seeker generated set (used by the tests)
    python bench/evaluate.py --long          # the long-text slice (--seed 11: held out)

Metrics (mean over postings): NDCG@10 with gain 2^rel - 1 against the ideal
order of all labelled seekers; recall@50 of the relevant seekers (rel >= 2),
out of min(50, number relevant); violations = seekers in a top 50 who fail a
hard constraint (by the labeller's own rules). Labels come from
bench/generate.py's rules only (see bench/README.md).
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate as gen  # noqa: E402
from matching import scoring  # noqa: E402
from matching.matcher import Matcher  # noqa: E402
from matching.text import normalise  # noqa: E402

K_NDCG = 10
K_RECALL = 50


def ndcg(ranked: list[int], labels: dict[int, int], k: int = K_NDCG) -> float:
    gains = sorted(labels.values(), reverse=True)[:k]
    ideal = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    if ideal == 0:
        return 0.0
    dcg = sum((2 ** labels.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranked[:k]))
    return dcg / ideal


def recall(ranked: list[int], labels: dict[int, int], k: int = K_RECALL) -> float:
    rel = {s for s, g in labels.items() if g >= 2}
    if not rel:
        return 1.0
    return len(rel & set(ranked[:k])) / min(k, len(rel))


def score_method(rankings: dict[int, list[int]], data: dict) -> dict[str, float]:
    nd, rc, viol = [], [], 0
    for pid, ranked in rankings.items():
        labels = {int(s): g for s, g in data["labels"][str(pid)].items()}
        bad = set(data["ineligible"][str(pid)])
        nd.append(ndcg(ranked, labels))
        rc.append(recall(ranked, labels))
        viol += sum(1 for s in ranked[:K_RECALL] if s in bad)
    return {"ndcg@10": float(np.mean(nd)), "recall@50": float(np.mean(rc)), "violations": viol}


def hard_case_recall(rankings, data, seekers) -> dict[str, float]:
    """Recall@50 of relevant seekers grouped by how they wrote their title / filled fields."""
    kinds: dict[int, list[str]] = {}
    for s, t in zip(seekers, data["truths"], strict=True):
        k = [t["title_kind"]]
        if not s.occupation_codes:
            k.append("no_codes")
            k.append(t["title_kind"] + "+no_codes")
        if s.district_code is None:
            k.append("no_district")
        kinds[s.id] = k
    hit: dict[str, int] = {}
    tot: dict[str, int] = {}
    for pid, ranked in rankings.items():
        top = set(ranked[:K_RECALL])
        for s, g in data["labels"][str(pid)].items():
            if g < 3:
                continue
            for k in kinds[int(s)]:
                tot[k] = tot.get(k, 0) + 1
                hit[k] = hit.get(k, 0) + (int(s) in top)
    return {k: hit[k] / tot[k] for k in sorted(tot)}


# --------------------------------------------------------------------------
# Methods
# --------------------------------------------------------------------------


def rank_random(seekers, postings, seed=0):
    rng = random.Random(seed)
    ids = [s.id for s in seekers]
    out = {}
    for p in postings:
        order = ids[:]
        rng.shuffle(order)
        out[p.id] = order[:K_RECALL]
    return out


def rank_rapidfuzz(seekers, postings):
    from rapidfuzz import fuzz, process

    st = [normalise(s.text) for s in seekers]
    pt = [normalise(p.text) for p in postings]
    sims = process.cdist(pt, st, scorer=fuzz.token_set_ratio, workers=1)
    return _top_from_matrix(np.asarray(sims, dtype=np.float64), seekers, postings)


def rank_tfidf(seekers, postings, ngram_range=(1, 2)):
    from sklearn.feature_extraction.text import TfidfVectorizer

    st = [normalise(s.text) for s in seekers]
    pt = [normalise(p.text) for p in postings]
    vec = TfidfVectorizer(analyzer="char", ngram_range=ngram_range, sublinear_tf=True)
    vec.fit(st + pt)
    sims = (vec.transform(pt) @ vec.transform(st).T).toarray()
    return _top_from_matrix(sims, seekers, postings)


def _top_from_matrix(sims, seekers, postings):
    ids = np.array([s.id for s in seekers])
    out = {}
    for i, p in enumerate(postings):
        order = np.lexsort((ids, -sims[i]))[:K_RECALL]
        out[p.id] = ids[order].tolist()
    return out


def rank_matcher(seekers, postings, year, **params):
    m = Matcher(as_of=date(year, 6, 30), **params).fit(seekers, postings)
    return {p.id: [x.id for x in m.rank_seekers(p.id, k=K_RECALL)[0]] for p in postings}, m


# --------------------------------------------------------------------------
# The long-text slice (bench/generate.py generate_long): text methods as full
# score matrices, so that the mean per-posting AUC can be reported too
# --------------------------------------------------------------------------

TEXT_ONLY = {"text": 1.0, "occupation": 0.0, "location": 0.0, "schedule": 0.0, "pay": 0.0}


def scores_rapidfuzz(seekers, postings) -> np.ndarray:
    from rapidfuzz import fuzz, process

    st = [normalise(s.text) for s in seekers]
    pt = [normalise(p.text) for p in postings]
    return np.asarray(process.cdist(pt, st, scorer=fuzz.token_set_ratio, workers=1), np.float64)


def scores_tfidf(seekers, postings, ngram_range=(1, 2)) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    st = [normalise(s.text) for s in seekers]
    pt = [normalise(p.text) for p in postings]
    vec = TfidfVectorizer(analyzer="char", ngram_range=ngram_range, sublinear_tf=True)
    vec.fit(st + pt)
    return (vec.transform(pt) @ vec.transform(st).T).toarray()


def scores_matcher(seekers, postings, year, **params) -> np.ndarray:
    """Every eligible seeker's score (others -inf), through rank_seekers."""
    m = Matcher(as_of=date(year, 6, 30), **params).fit(seekers, postings)
    col = {s.id: j for j, s in enumerate(seekers)}
    out = np.full((len(postings), len(seekers)), -np.inf)
    for i, p in enumerate(postings):
        for x in m.rank_seekers(p.id, k=len(seekers))[0]:
            out[i, col[x.id]] = x.score
    return out


def rankings_from(scores: np.ndarray, seekers, postings, data) -> dict[int, list[int]]:
    """Top 50 of eligible seekers (a text method knows no constraints: the others are dropped,
    so that NDCG and recall measure the text alone)."""
    ids = np.array([s.id for s in seekers])
    out = {}
    for i, p in enumerate(postings):
        bad = set(data["ineligible"][str(p.id)])
        order = np.lexsort((ids, -scores[i]))
        out[p.id] = [int(x) for x in ids[order] if int(x) not in bad][:K_RECALL]
    return out


def mean_auc(scores: np.ndarray, seekers, postings, data) -> float:
    """Mean over postings of the AUC of relevant (rel >= 2) vs other eligible seekers."""
    from scipy.stats import rankdata

    ids = [s.id for s in seekers]
    aucs = []
    for i, p in enumerate(postings):
        bad = set(data["ineligible"][str(p.id)])
        labels = data["labels"][str(p.id)]
        keep = [j for j, sid in enumerate(ids) if sid not in bad]
        y = np.array([labels.get(str(ids[j]), 0) >= 2 for j in keep])
        if y.all() or not y.any():
            continue
        r = rankdata(np.nan_to_num(scores[i, keep], neginf=-1e9))
        n_pos, n_neg = y.sum(), (~y).sum()
        aucs.append((r[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
    return float(np.mean(aucs))


def run_long(seed: int = 1, out=print, n_seekers: int = 1000) -> dict[str, dict]:
    """The long-text slice: baselines, the matcher's text alone and the full matcher,
    each on the pruned index alone (rescore_depth=0, the old ranking) and rescored."""
    data = gen.generate_long(seed=seed, n_seekers=n_seekers)
    seekers = [gen._seeker(d) for d in data["seekers"]]
    postings = [gen._posting(d) for d in data["postings"]]
    year = data["year"]
    lengths = [len(s.text) for s in seekers] + [len(p.text) for p in postings]
    out(f"long-text slice (seed {seed}): {len(postings)} postings x {len(seekers)} seekers, "
        f"texts {min(lengths)}-{max(lengths)} characters, "
        f"{sum(len(v) for v in data['labels'].values())} labelled pairs")
    methods = [
        ("rapidfuzz token_set_ratio", lambda: scores_rapidfuzz(seekers, postings)),
        ("TF-IDF char 1-2", lambda: scores_tfidf(seekers, postings, (1, 2))),
        ("TF-IDF char 2-3", lambda: scores_tfidf(seekers, postings, (2, 3))),
        ("matcher text alone, pruned index", lambda: scores_matcher(
            seekers, postings, year, weights=TEXT_ONLY, rescore_depth=0)),
        ("matcher text alone, rescored", lambda: scores_matcher(
            seekers, postings, year, weights=TEXT_ONLY)),
        ("full matcher, pruned index", lambda: scores_matcher(
            seekers, postings, year, rescore_depth=0)),
        ("full matcher, rescored", lambda: scores_matcher(seekers, postings, year)),
    ]
    results: dict[str, dict] = {}
    out(f"{'method':34s} {'NDCG@10':>8s} {'recall@50':>10s} {'AUC':>6s} {'violations':>10s}")
    for name, fn in methods:
        t = time.perf_counter()
        sc = fn()
        r = score_method(rankings_from(sc, seekers, postings, data), data)
        if name.startswith("full matcher"):  # the matcher's own top 50, constraints included
            ids = np.array([s.id for s in seekers])
            tops = {p.id: [int(x) for x in ids[np.lexsort((ids, -sc[i]))]
                           if np.isfinite(sc[i, np.searchsorted(ids, x)])][:K_RECALL]
                    for i, p in enumerate(postings)}
            r = score_method(tops, data)
        r["auc"] = mean_auc(sc, seekers, postings, data)
        r["time"] = time.perf_counter() - t
        results[name] = r
        out(f"{name:34s} {r['ndcg@10']:8.3f} {r['recall@50']:10.3f} {r['auc']:6.3f} "
            f"{r['violations']:10d}")
    return results


# --------------------------------------------------------------------------
# Tuning
# --------------------------------------------------------------------------


def tune(seed: int = 7, n_seekers: int = 2000, step: float = 0.1) -> list[tuple[float, dict]]:
    """Grid-search the weights on a freshly generated set (not the reported one)."""
    data = gen.generate(seed, n_seekers)
    seekers = [gen._seeker(d) for d in data["seekers"]]
    postings = [gen._posting(d) for d in data["postings"]]
    m = Matcher(as_of=date(data["year"], 6, 30)).fit(seekers, postings)
    comps = []
    for p in postings:
        page, _ = m.rank_seekers(p.id, k=len(seekers))
        ids = np.array([x.id for x in page])
        c = np.array([[x.components[n] for n in scoring.COMPONENTS] for x in page], np.float64)
        labels = {int(s): g for s, g in data["labels"][str(p.id)].items()}
        comps.append((ids, c.reshape(-1, len(scoring.COMPONENTS)), labels))
    grid = np.round(np.arange(0.0, 0.6 + 1e-9, step), 4)
    # scores of all pairs at once: one matrix per posting, weights as columns
    combos = []
    for w in itertools.product(grid, repeat=len(scoring.COMPONENTS) - 1):
        last = round(1.0 - sum(w), 4)
        if 0 <= last <= 0.6:
            combos.append([*w, last])
    W = np.array(combos).T  # components x combos
    nd = np.zeros(W.shape[1])
    rc = np.zeros(W.shape[1])
    for ids, c, labels in comps:
        S = c @ W
        gain = np.array([2 ** labels.get(int(i), 0) - 1 for i in ids], np.float64)
        rel = np.array([labels.get(int(i), 0) >= 2 for i in ids])
        ideal_g = sorted(labels.values(), reverse=True)[:K_NDCG]
        ideal = sum((2**g - 1) / math.log2(r + 2) for r, g in enumerate(ideal_g)) or 1.0
        n_rel = sum(1 for g in labels.values() if g >= 2)
        disc = 1.0 / np.log2(np.arange(K_NDCG) + 2)
        top = np.argsort(-S, axis=0, kind="stable")[:K_RECALL]  # ties: id order
        nd += (gain[top[:K_NDCG]] * disc[: min(K_NDCG, len(ids)), None]).sum(0) / ideal
        rc += rel[top].sum(0) / min(K_RECALL, n_rel) if n_rel else 1.0
    nd /= len(comps)
    rc /= len(comps)
    results = [
        (float(nd[j]), float(rc[j]), dict(zip(scoring.COMPONENTS, W[:, j].round(4).tolist(),
                                              strict=True)))
        for j in range(W.shape[1])
    ]
    results.sort(key=lambda r: (-r[0], -r[1]))
    return results


# --------------------------------------------------------------------------


def run(data_path=None, small=False, vectorisers=False, out=print, seed=None) -> dict[str, dict]:
    if seed is not None:  # a held-out set, generated afresh (not committed)
        data = gen.generate(seed=seed, n_seekers=2000)
        seekers = [gen._seeker(d) for d in data["seekers"]]
        postings = [gen._posting(d) for d in data["postings"]]
    elif small:
        data = gen.generate(seed=3, n_seekers=400, per_occupation=4)
        seekers = [gen._seeker(d) for d in data["seekers"]]
        postings = [gen._posting(d) for d in data["postings"]]
    else:
        seekers, postings, data = gen.load(data_path or gen.DEFAULT_PATH)
    out(f"evaluation set: {len(postings)} postings x {len(seekers)} seekers, "
        f"{sum(len(v) for v in data['labels'].values())} labelled pairs")
    results: dict[str, dict] = {}
    timings: dict[str, float] = {}
    methods = [
        ("random", lambda: rank_random(seekers, postings)),
        ("rapidfuzz token_set_ratio", lambda: rank_rapidfuzz(seekers, postings)),
        ("TF-IDF text alone (char 1-2)", lambda: rank_tfidf(seekers, postings)),
        ("full matcher", lambda: rank_matcher(seekers, postings, data["year"])[0]),
    ]
    rankings = {}
    for name, fn in methods:
        t = time.perf_counter()
        rankings[name] = fn()
        timings[name] = time.perf_counter() - t
        results[name] = score_method(rankings[name], data)
    out(f"{'method':32s} {'NDCG@10':>8s} {'recall@50':>10s} {'violations':>10s} {'time s':>7s}")
    for name, r in results.items():
        out(f"{name:32s} {r['ndcg@10']:8.3f} {r['recall@50']:10.3f} {r['violations']:10d} "
            f"{timings[name]:7.2f}")
    out("\nrecall@50 of rel-3 seekers by hard case (TF-IDF alone | full matcher):")
    a = hard_case_recall(rankings["TF-IDF text alone (char 1-2)"], data, seekers)
    b = hard_case_recall(rankings["full matcher"], data, seekers)
    for k in b:
        out(f"  {k:14s} {a.get(k, 0):.3f} | {b[k]:.3f}")
    if vectorisers:
        out("\ntext analyser (TF-IDF alone | full matcher):")
        for ng in [(1, 1), (1, 2), (2, 2), (1, 3), (2, 3)]:
            t = score_method(rank_tfidf(seekers, postings, ng), data)
            f = score_method(rank_matcher(seekers, postings, data["year"], ngram_range=ng)[0], data)
            out(f"  char {ng}: NDCG@10 {t['ndcg@10']:.3f} | {f['ndcg@10']:.3f}   "
                f"recall@50 {t['recall@50']:.3f} | {f['recall@50']:.3f}")
        for terms in (16, 24, 32, 48):
            f = score_method(rank_matcher(seekers, postings, data["year"],
                                          seeker_terms=terms)[0], data)
            out(f"  seeker_terms={terms}: NDCG@10 {f['ndcg@10']:.3f} "
                f"recall@50 {f['recall@50']:.3f}")
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="matcher quality vs baselines")
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--small", action="store_true", help="a small generated set (fast)")
    ap.add_argument("--vectorisers", action="store_true", help="compare text analysers too")
    ap.add_argument("--tune", action="store_true", help="grid-search weights on a fresh set")
    ap.add_argument("--seed", type=int, default=None,
                    help="evaluate on a freshly generated held-out set of this seed instead")
    ap.add_argument("--long", action="store_true",
                    help="the long-text slice (200-800 characters) instead, of --seed (default 1)")
    args = ap.parse_args(argv)
    if args.long:
        res = run_long(args.seed or 1)
        full = res["full matcher, rescored"]
        return 0 if full["violations"] == 0 else 1
    if args.tune:
        res = tune()
        print("best weights on the tuning set (seed 7): NDCG@10 recall@50 weights")
        for nd, rc, w in res[:10]:
            print(f"  {nd:.4f} {rc:.4f} {w}")
        return 0
    results = run(args.data, args.small, args.vectorisers, seed=args.seed)
    full = results["full matcher"]
    ok = full["violations"] == 0 and all(
        full["ndcg@10"] > r["ndcg@10"] for n, r in results.items() if n != "full matcher"
    )
    print("\nfull matcher: zero violations and beats every baseline:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
