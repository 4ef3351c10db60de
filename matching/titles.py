"""Free text to occupations: a job title to the nearest taxonomy entries, a text to its codes.

:func:`match_title` maps a free-text job title ("送外賣", "开大车的", "骑首")
to the nearest occupations of :mod:`matching.taxonomy`, scored 0-100;
:func:`codes_for_text` reads every occupation mentioned in a longer text,
typos included through the pinyin index of :mod:`matching.typos`. Both read
a name in its context (:func:`matching.taxonomy.context`): the word before it
("韵达配送员" is a courier, "医药配送员" no occupation), the other occupations
the text names ("配送员，负责派件" is a courier only), and a homophone's
surroundings ("火车司机" is a train driver, a truck driver beside "B2" or
"跑长途"); words that merely contain a synonym ("确保安全") name nothing.
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


def _exact_spans(word: str) -> list[tuple[int, int, str | None, str]]:
    """(start, end, code, alias) of each synonym in a normalised word, read with the word before it.

    A word of ``not_occupations`` ("确保安全") and a synonym that the word
    before it voids ("医药配送员") keep their span with code None, so that no
    shorter synonym or typo is read inside them.

    >>> [(s, e, c) for s, e, c, _ in _exact_spans("韵达配送员")]
    [(2, 5, 'D02')]
    >>> [(s, e, c) for s, e, c, _ in _exact_spans("确保安全送达")]
    [(0, 3, None)]
    """
    aliases = taxonomy.aliases()
    prefixes = taxonomy.context().prefixes
    out: list[tuple[int, int, str | None, str]] = []
    for match in aliases.pattern.finditer(word):
        key = match.group(0)
        code = aliases.by_key.get(key)  # None for a blocked word
        for before, reads_as in prefixes.get(key, ()):
            if word.endswith(before, 0, match.start()):
                code = reads_as
                break
        out.append((match.start(), match.end(), code, key))
    return out


def _in_context(mentions: list[tuple[int, str, str]], norm: str) -> list[tuple[int, str]]:
    """(position, code) of each mention ``(position, code, alias)`` read against the whole text.

    A generic name yields to the occupations the text names otherwise
    (``yields``); a homophone reads as its look-alike when the text has the
    look-alike's cues (``homophones``). ``alias`` is "" for a typo.
    """
    rules = taxonomy.context()
    if not any(key in rules.yields or key in rules.homophones for _, _, key in mentions):
        return [(position, code) for position, code, _ in mentions]
    named = {code for _, code, key in mentions if key not in rules.yields}
    out = []
    for position, code, key in mentions:
        yields_to = rules.yields.get(key)
        if yields_to is not None and yields_to & named:
            continue
        homophone = rules.homophones.get(key)
        if homophone is not None and (
            homophone.codes & named or any(w in norm for w in homophone.words)
        ):
            code = homophone.reads_as
        out.append((position, code))
    return out


def _scores(query: str, limit: int, fuzzy: bool = True) -> dict[str, float]:
    """Best score per occupation code for an already compacted query."""
    aliases = taxonomy.aliases()
    scores: dict[str, float] = {}
    ruled_out: set[str] = set()

    def offer(code: str, score: float) -> None:
        if code not in ruled_out and score > scores.get(code, -1.0):
            scores[code] = score

    spans = _exact_spans(query)
    length = len(query.replace(" ", "")) or 1
    mentions = [(s, code, key) for s, _e, code, key in spans if code is not None]
    lengths = {s: e - s for s, e, _code, _key in spans}
    for s, code in _in_context(mentions, query):
        if lengths[s] == len(query):
            offer(code, _EXACT)
        else:
            offer(code, _CONTAINED_BASE + _CONTAINED_SPAN * min(lengths[s] / length, 1.0))
    # What the context ruled out ("医药配送员", the rider in "韵达配送员") is not
    # guessed back by fuzzy matching.
    if not fuzzy or len(scores) >= limit or any(code is None for _, _, code, _ in spans):
        return scores
    ruled_out.update({aliases.by_key[key] for _, _, _, key in spans} - set(scores))

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
    mentions = [
        (word_start + start, code, alias)
        for word_start, word in _words(norm)
        for start, code, alias in _word_matches(word, fuzzy)
    ]
    found: dict[str, int] = {}
    for position, code in _in_context(mentions, norm):
        found.setdefault(code, position)
    return tuple(sorted(found, key=found.__getitem__))


@lru_cache(maxsize=1 << 18)
def _word_matches(word: str, fuzzy: bool = True) -> tuple[tuple[int, str, str], ...]:
    """(start, code, alias) of each occupation named in one normalised word ("" for a typo)."""
    spans: list[tuple[int, int, int, str | None, str]] = [  # (start, end, exact?, code, alias)
        (s, e, 1, code, key) for s, e, code, key in _exact_spans(word)
    ]
    if fuzzy:
        exact = {(s, e) for s, e, *_ in spans}
        spans.extend((s, e, x, code, "") for s, e, x, code in typos.spans(word, exact))
    if not spans:
        return ()
    # Longest first, exact before typo at equal length; no overlaps.
    spans.sort(key=lambda t: (-(t[1] - t[0]), -t[2], t[0]))
    taken = bytearray(len(word))  # 1 where a chosen span lies (a list of spans: quadratic)
    chosen: list[tuple[int, str, str]] = []
    for s, e, _exact, code, key in spans:
        if s < e and not any(taken[s:e]):
            taken[s:e] = b"\x01" * (e - s)
            if code is not None:  # a blocked or voided span holds its place, names nothing
                chosen.append((s, code, key))
    chosen.sort()
    return tuple(chosen)


def prepare() -> None:
    """Build the synonyms, context rules and typo index now (before forking workers)."""
    taxonomy.aliases()
    taxonomy.context()
    typos.prepare()


def _words(norm: str) -> list[tuple[int, str]]:
    out = []
    position = 0
    for word in norm.split(" "):
        out.append((position, word))
        position += len(word) + 1
    return out
