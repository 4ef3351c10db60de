"""A process that loads a snapshot and ranks keeps only what ranking needs in memory.

The 400 MB budget of a process holding the 1M index (bench/speed.py
--rss-only): scikit-learn and scipy (about 70 MB) are needed only to fit, and
jieba's full dictionary (about 33 MB) is never built.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_loaded_index_ranks_without_scikit_learn_or_the_full_jieba_dictionary(tmp_path):
    from matching.documents import PostingDoc, SeekerDoc
    from matching.matcher import Matcher

    seekers = [
        SeekerDoc(1, "想找外卖骑手的工作 有电动车 熟悉城区路线", occupation_codes=("D01",)),
        SeekerDoc(2, "开过重型货车 有b2驾照", occupation_codes=("L01",)),
    ]
    postings = [PostingDoc(10, "招聘外卖骑手，熟悉城区路线，自备电动车", occupation_code="D01")]
    path = tmp_path / "index.npz"
    Matcher(n_jobs=1).fit(seekers, postings).save(path)
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from matching.matcher import Matcher\n"
        f"m = Matcher.load({str(path)!r})\n"
        "matches, _ = m.rank_seekers(10, k=5)\n"
        "assert matches[0].id == 1 and '外卖骑手' in matches[0].matched_terms, matches\n"
        "assert m.rank_postings(2, k=5)[0]\n"
        "print(sorted(n for n in ('sklearn', 'scipy.sparse', 'rjieba') if n in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout
