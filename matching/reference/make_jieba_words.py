"""Write ``jieba_words.txt``: the part of jieba's dictionary the matcher loads.

    python matching/reference/make_jieba_words.py PATH/TO/jieba/dict.txt

``dict.txt`` is the dictionary of the pure-Python ``jieba`` package 0.42.1
(PyPI sdist, ``jieba/dict.txt``, MIT licence), the same dictionary that
jieba-rs compiles into ``rjieba``. It is read here, at build time only; the
matcher reads the generated file and never downloads anything.

Kept (in the dictionary's order, with their frequencies):

* every word with a frequency of at least :data:`MIN_FREQ` (about 100,000
  words, 98.5 % of the word occurrences of jieba's own corpus);
* every single character (a character left out would count as frequency 1);
* every dictionary word found anywhere in the texts of :func:`corpus`: the
  evaluation sets (seeds 1, 7, 11, 13), the long-text slices, the speed
  benchmark's profiles, the taxonomy, and the Chinese literals of the
  matcher, the app and their tests, so that each of those texts is cut
  exactly as with the full dictionary.

The first line holds the full dictionary's total frequency: the segmenter adds
the rest as one word that never occurs in text, so every word keeps the
probability it has in the full dictionary (:mod:`matching.words`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_name("jieba_words.txt")
MIN_FREQ = 11
_CJK_LITERAL = re.compile(r"[^\x00-\x7f\s\"'`]*[\u3400-\u9fff][^\s\"'`]*")


def corpus() -> list[str]:
    """Texts whose segmentation must not change (raw and normalised)."""
    sys.path.insert(0, str(ROOT))
    from bench import generate as gen
    from bench import speed
    from matching import taxonomy
    from matching.text import normalise

    texts: list[str] = []
    for seed in (1, 7, 11, 13):
        for data in (gen.generate(seed=seed), gen.generate_long(seed=seed)):
            for doc in (*data["seekers"], *data["postings"]):
                texts.append(doc["text"] if isinstance(doc, dict) else doc.text)
    texts += [s.text for s in speed.synthetic_seekers(50_000)]
    texts += [p.text for p in speed.synthetic_postings(1000)]
    texts += [p["text"] for _n, p, _a in speed.HARD_QUERIES if p] + [
        a["text"] for _n, p, a in speed.HARD_QUERIES if p is None
    ]
    for occupation in taxonomy.OCCUPATIONS:
        texts += [occupation.name, *occupation.synonyms, *occupation.skills]
    for folder in ("matching", "jobfair", "bench", "tests/matching", "tests/bench"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".json", ".html", ".po"} and path.is_file():
                texts += _CJK_LITERAL.findall(path.read_text(encoding="utf-8", errors="ignore"))
    return texts + [normalise(t) for t in texts]


def main(argv: list[str]) -> int:
    entries = []
    for line in Path(argv[1]).read_text(encoding="utf-8").splitlines():
        if line:
            word, freq, _tag = line.split(" ")
            entries.append((word, int(freq)))
    total = sum(f for _w, f in entries)
    known = {w for w, _f in entries}
    longest = max(len(w) for w in known)
    found: set[str] = set()
    for text in set(corpus()):
        for i in range(len(text)):
            for j in range(i + 1, min(len(text), i + longest) + 1):
                if text[i:j] in known:
                    found.add(text[i:j])
    kept = [(w, f) for w, f in entries if f >= MIN_FREQ or len(w) == 1 or w in found]
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# total {total}\n")
        fh.writelines(f"{w} {f}\n" for w, f in kept)
    print(f"{len(kept)} of {len(entries)} words ({len(found)} from the corpus) -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
