"""Accuracy of the kiosk person lookup (matching/lookup.py) per kind of query.

    python bench/lookup_eval.py                      # seed 1, 30,000 people, 400 queries a kind
    python bench/lookup_eval.py --seed 11            # another population and other queries
    python bench/lookup_eval.py --small              # 3,000 people, 40 a kind (the tests)
    python bench/lookup_eval.py --misses 5           # also print 5 missed queries a kind

People and queries come from bench/lookup_data.py (rules in bench/README.md,
"Kiosk person lookup"). For each query: top-1 = the expected person is the
first hit; "top-1 same name" = the first hit has the expected person's name
(what a query naming only the name can tell apart: with namesakes staff
confirm by the masked phone and birth year); top-5 = the expected person is
among the first five.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import lookup_data  # noqa: E402
from matching.lookup import PersonIndex  # noqa: E402


def run(seed: int = 1, n_people: int = 30_000, per_kind: int = 400, small: bool = False,
        misses: int = 0, out=print) -> dict[str, dict]:
    """Evaluate; returns {kind: {"n", "top1", "top1_name", "top5"}} (and prints the table)."""
    if small:
        n_people, per_kind = 3_000, 40
    people, queries = lookup_data.generate(seed, n_people, per_kind)
    by_id = {p.id: p for p in people}
    start = time.perf_counter()
    index = PersonIndex().fit(p.record() for p in people)
    build = time.perf_counter() - start

    results: dict[str, dict] = {}
    missed: dict[str, list[str]] = {}
    for q in queries:
        hits = index.search(q.text, k=5)
        r = results.setdefault(q.kind, {"n": 0, "top1": 0, "top1_name": 0, "top5": 0})
        r["n"] += 1
        ids = [h.id for h in hits]
        if ids and ids[0] == q.expected:
            r["top1"] += 1
        elif misses and len(missed.setdefault(q.kind, [])) < misses:
            got = f"{by_id[ids[0]].name} ({hits[0].kind})" if ids else "nothing"
            missed[q.kind].append(f"{q.text!r} -> {got}, wanted {by_id[q.expected].name}")
        if ids and by_id[ids[0]].name == by_id[q.expected].name:
            r["top1_name"] += 1
        if q.expected in ids:
            r["top5"] += 1
    for r in results.values():
        for key in ("top1", "top1_name", "top5"):
            r[key] = r[key] / r["n"]
    total = {key: sum(r[key] * r["n"] for r in results.values()) / len(queries)
             for key in ("top1", "top1_name", "top5")}
    results["all"] = {"n": len(queries), **total}

    out(f"kiosk person lookup, seed {seed}: {len(people):,} people, {len(queries):,} queries, "
        f"index built in {build:.1f} s")
    out("")
    out("| query kind | n | top-1 | top-1 same name | top-5 |")
    out("|---|---|---|---|---|")
    for kind in [*lookup_data.KINDS, "all"]:
        if kind in results:
            r = results[kind]
            out(f"| {kind} | {r['n']} | {r['top1']:.3f} | {r['top1_name']:.3f} | {r['top5']:.3f} |")
    for kind, lines in missed.items():
        out(f"\nmissed, {kind}:")
        for line in lines:
            out("  " + line)
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="kiosk person lookup: accuracy per query kind")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--people", type=int, default=30_000)
    ap.add_argument("--per-kind", type=int, default=400)
    ap.add_argument("--small", action="store_true", help="3,000 people, 40 queries a kind")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses a kind")
    args = ap.parse_args(argv)
    run(args.seed, args.people, args.per_kind, args.small, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
