"""Free text to occupations: a job title to the nearest taxonomy entries, a text to its codes.

:func:`match_title` maps a free-text job title ("送外賣", "开大车的", "骑首")
to the nearest occupations of :mod:`matching.taxonomy`, scored 0-100;
:func:`codes_for_text` reads every occupation mentioned in a longer text,
typos included through the pinyin index of :mod:`matching.typos`.
"""

from __future__ import annotations

from functools import lru_cache

from matching import taxonomy, typos
from matching.taxonomy import Occupation
from matching.text import has_cjk, normalise, pinyin, tokens_for_fuzzy

__all__ = ["match_title", "codes_for_text", "prepare"]

# Score bands: an exact alias scores 100, an alias contained in the text
# 85-99 (more of the text covered scores higher), a homophone typo 84, and a
# fuzzy match at most 84.
_EXACT = 100.0
_CONTAINED_BASE, _CONTAINED_SPAN = 85.0, 14.0
_HOMOPHONE = 84.0
_FUZZY_SCALE = 0.84
_PINYIN_SCALE = 0.8


@lru_cache(maxsize=1)
def _pinyin_aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for key, code in taxonomy.aliases().by_key.items():
        if has_cjk(key):
            out.setdefault(pinyin(key), code)
    return out


def _useful(query: str) -> bool:
    return any(c.isalnum() for c in query)


def _scores(query: str, limit: int, fuzzy: bool = True) -> dict[str, float]:
    """Best score per occupation code for an already compacted query."""
    aliases = taxonomy.aliases()
    scores: dict[str, float] = {}

    def offer(code: str, score: float) -> None:
        if score > scores.get(code, -1.0):
            scores[code] = score

    exact = aliases.by_key.get(query)
    if exact is not None:
        offer(exact, _EXACT)
    length = len(query.replace(" ", "")) or 1
    for match in aliases.pattern.finditer(query):
        key = match.group(0)
        if key != query:
            offer(
                aliases.by_key[key],
                _CONTAINED_BASE + _CONTAINED_SPAN * min(len(key) / length, 1.0),
            )
    if not fuzzy or len(scores) >= limit:
        return scores

    from rapidfuzz import fuzz, process

    for key, score, _ in process.extract(
        query, aliases.keys, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=50
    ):
        offer(aliases.by_key[key], score * _FUZZY_SCALE)
    if has_cjk(query):
        pinyin_aliases = _pinyin_aliases()
        query_pinyin = pinyin(query)
        code = pinyin_aliases.get(query_pinyin)
        if code is not None:
            offer(code, _HOMOPHONE)
        for key, score, _ in process.extract(
            query_pinyin,
            tuple(pinyin_aliases),
            scorer=fuzz.ratio,
            limit=limit * 2,
            score_cutoff=88,
        ):
            offer(pinyin_aliases[key], score * _PINYIN_SCALE)
    return scores


def match_title(
    text: str | None, limit: int = 3, score_cutoff: float = 60
) -> list[tuple[Occupation, float]]:
    """The taxonomy entries nearest to a free-text job title, best first.

    Scores are 0-100: 100 for an exact synonym, 85-99 when a synonym is
    contained in the text, up to 84 for a homophone or fuzzy match. Text is
    normalised first, so traditional characters, full-width letters and
    spacing do not matter. Empty or meaningless text gives ``[]``.

    Examples
    --------
    >>> [(o.name, s) for o, s in match_title("外卖小哥", limit=1)]
    [('网约配送员', 100.0)]
    >>> match_title("开大车的")[0][0].name
    '货车司机'
    """
    query = tokens_for_fuzzy(text)
    if not query or not _useful(query) or limit <= 0:
        return []
    scores = _scores(query, limit)
    ranked = sorted(
        ((code, round(score, 1)) for code, score in scores.items() if score >= score_cutoff),
        key=lambda item: (-item[1], taxonomy.position(item[0])),
    )
    return [(taxonomy.get(code), score) for code, score in ranked[:limit]]


def codes_for_text(text: str | None, fuzzy: bool = True) -> tuple[str, ...]:
    """Codes of every occupation confidently mentioned in a longer text.

    A synonym contained in the text counts (longest synonym first, so
    "快递分拣" is a sorter, not a courier). With ``fuzzy``, typos count too,
    through a precomputed pinyin index (see :func:`_word_matches`): a word
    whose core ("想找骑守的工作" -> "骑守") sounds like a synonym, a run of 3+
    characters inside a word with the same toned pinyin as a synonym, or of
    4+ characters with the same pinyin up to the usual accent confusions
    (zh/z, ing/in, l/n ...). A typo match that covers more than an exact one
    wins ("网店运赢" is 网店运营, not 网店). Codes come in order of first
    mention, without duplicates. Results are cached per word, so the cost on
    real data (which repeats a lot) is a dictionary lookup per word.

    >>> codes_for_text("想找外卖骑手或者快递分拣的工作，会开叉车")
    ('D01', 'D03', 'L08')
    >>> codes_for_text("想找外买员，能吃苦耐劳")
    ('D01',)
    """
    norm = normalise(text)
    if not norm:
        return ()
    found: dict[str, int] = {}
    for word_start, word in _words(norm):
        for start, code in _word_matches(word, fuzzy):
            found.setdefault(code, word_start + start)
    return tuple(sorted(found, key=found.__getitem__))


@lru_cache(maxsize=1 << 18)
def _word_matches(word: str, fuzzy: bool = True) -> tuple[tuple[int, str], ...]:
    """(start, code) of each occupation named in one normalised word."""
    aliases = taxonomy.aliases()
    spans: list[tuple[int, int, int, str]] = []  # (start, end, exact?, code)
    for match in aliases.pattern.finditer(word):
        spans.append((match.start(), match.end(), 1, aliases.by_key[match.group(0)]))
    if fuzzy:
        spans.extend(typos.spans(word, {(s, e) for s, e, _, _ in spans}))
    if not spans:
        return ()
    # Longest first, exact before typo at equal length; no overlaps.
    spans.sort(key=lambda t: (-(t[1] - t[0]), -t[2], t[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, str]] = []
    for s, e, _exact, code in spans:
        if all(e <= a or s >= b for a, b in taken):
            taken.append((s, e))
            chosen.append((s, code))
    chosen.sort()
    return tuple(chosen)


def prepare() -> None:
    """Build the synonym pattern and the typo index now (before forking workers)."""
    taxonomy.aliases()
    typos.prepare()


def _words(norm: str) -> list[tuple[int, str]]:
    out = []
    position = 0
    for word in norm.split(" "):
        out.append((position, word))
        position += len(word) + 1
    return out
