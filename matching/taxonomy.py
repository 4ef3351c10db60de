"""Occupation taxonomy of the three trades: delivery, logistics, livestream.

Canonical occupations with stable codes, synonyms (colloquial and dialect
forms included), typical skills and requirements, from
``reference/occupations.json``. :func:`match_title` maps a free-text job
title ("送外賣", "开大车的", "骑首") to the nearest entries, and
:func:`codes_for_text` reads every occupation mentioned in a longer text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching.text import has_cjk, normalise, pinyin, tokens_for_fuzzy

__all__ = [
    "Occupation",
    "TRADES",
    "OCCUPATIONS",
    "get",
    "by_trade",
    "grouped_choices",
    "match_title",
    "related",
    "codes_for_text",
]

_DATA_FILE = Path(__file__).with_name("reference") / "occupations.json"


@dataclass(frozen=True)
class Occupation:
    """One canonical occupation.

    ``needs_vehicle`` is ``"ebike"`` (own electric bike), ``"car"`` (own
    light van or truck) or None.
    """

    code: str
    name: str
    trade: str
    synonyms: tuple[str, ...]
    skills: tuple[str, ...]
    typical_licence: str | None
    needs_health_certificate: bool
    needs_vehicle: str | None


def _load() -> tuple[dict[str, str], tuple[Occupation, ...], dict[tuple[str, str], float]]:
    data = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
    trades = dict(data["trades"])
    occupations = tuple(
        Occupation(
            code=o["code"],
            name=o["name"],
            trade=o["trade"],
            synonyms=tuple(o["synonyms"]),
            skills=tuple(o["skills"]),
            typical_licence=o["typical_licence"],
            needs_health_certificate=bool(o["needs_health_certificate"]),
            needs_vehicle=o["needs_vehicle"],
        )
        for o in data["occupations"]
    )
    adjacency: dict[tuple[str, str], float] = {}
    for a, b, weight in data["adjacent"]:
        adjacency[(a, b)] = adjacency[(b, a)] = float(weight)
    return trades, occupations, adjacency


#: Trade code -> Chinese label.
TRADES: dict[str, str]
#: Every occupation, grouped by trade in the order of :data:`TRADES`.
OCCUPATIONS: tuple[Occupation, ...]
TRADES, OCCUPATIONS, _ADJACENT = _load()
_BY_CODE: dict[str, Occupation] = {o.code: o for o in OCCUPATIONS}
_ORDER: dict[str, int] = {o.code: i for i, o in enumerate(OCCUPATIONS)}


def get(code: str | None) -> Occupation | None:
    """The occupation with this code, or None."""
    return _BY_CODE.get(code) if code else None


def by_trade(trade: str | None) -> tuple[Occupation, ...]:
    """Occupations of one trade, in taxonomy order."""
    return tuple(o for o in OCCUPATIONS if o.trade == trade)


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(trade label, [(occupation code, name), ...]), ...]`` for <optgroup>."""
    groups = []
    for trade, label in TRADES.items():
        members = by_trade(trade)
        if members:
            groups.append((label, [(o.code, o.name) for o in members]))
    return groups


def related(code_a: str | None, code_b: str | None) -> float:
    """How related two occupations are, in [0, 1].

    1.0 for the same occupation, the adjacency weight from the reference data
    (about 0.5) for neighbouring ones such as 快递员/分拣员 or 带货主播/场控,
    0.0 otherwise and for unknown codes.
    """
    if not code_a or not code_b or code_a not in _BY_CODE or code_b not in _BY_CODE:
        return 0.0
    if code_a == code_b:
        return 1.0
    return _ADJACENT.get((code_a, code_b), 0.0)


# --------------------------------------------------------------------------
# Free-text matching
# --------------------------------------------------------------------------

# Score bands: an exact alias scores 100, an alias contained in the text
# 85-99 (more of the text covered scores higher), a homophone typo 84, and a
# fuzzy match at most 84.
_EXACT = 100.0
_CONTAINED_BASE, _CONTAINED_SPAN = 85.0, 14.0
_HOMOPHONE = 84.0
_FUZZY_SCALE = 0.84
_PINYIN_SCALE = 0.8


@dataclass(frozen=True)
class _Aliases:
    by_key: dict[str, str]  # normalised alias -> occupation code
    keys: tuple[str, ...]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _aliases() -> _Aliases:
    by_key: dict[str, str] = {}
    for occupation in OCCUPATIONS:
        for alias in (occupation.name, *occupation.synonyms):
            key = tokens_for_fuzzy(alias)
            if not key:
                continue
            owner = by_key.setdefault(key, occupation.code)
            if owner != occupation.code:
                raise ValueError(f"alias {alias!r} belongs to both {owner} and {occupation.code}")
    keys = tuple(sorted(by_key, key=lambda k: (-len(k), k)))
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return _Aliases(by_key, keys, pattern)


@lru_cache(maxsize=1)
def _pinyin_aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for key, code in _aliases().by_key.items():
        if has_cjk(key):
            out.setdefault(pinyin(key), code)
    return out


def _useful(query: str) -> bool:
    return any(c.isalnum() for c in query)


def _scores(query: str, limit: int, fuzzy: bool = True) -> dict[str, float]:
    """Best score per occupation code for an already compacted query."""
    aliases = _aliases()
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
        key=lambda item: (-item[1], _ORDER[item[0]]),
    )
    return [(_BY_CODE[code], score) for code, score in ranked[:limit]]


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


# --------------------------------------------------------------------------
# Typo index: aliases by pinyin (toneless, toned, accent-blurred)
# --------------------------------------------------------------------------

# Lead-in and trailing words around a job title in free text; stripped to find
# the "core" of a word that must sound like a synonym as a whole.
_PREFIXES = tuple(sorted(set("""
本人 我 我想 我要 想 想找 想做 想当 想干 想去 想应聘 求 求职 应聘 意向 求职意向 目标 期望
找 找份 找个 寻找 一份 一个 一名 份 个 名 做 做过 干 干过 当 当过 从事 能 能做 会 会做
可以 可以做 也可以 也可以做 或者 或 还 也 兼职 全职 专职 曾任 担任 以前 之前 以前做 之前做
""".split()), key=len, reverse=True))
_SUFFIXES = tuple(sorted(set("""
的 的工作 工作 的岗位 岗位 职位 的职位 的活 的活儿 活儿 活 经验 相关 类 方面 等 一职 都行 也行
优先 均可 的话
""".split()), key=len, reverse=True))
_CORE_MIN, _RUN_MIN_TONED, _RUN_MIN_BLURRED, _LATIN_MIN = 2, 3, 4, 5


def _blur(syllable: str) -> str:
    """A toneless syllable with the usual accent confusions merged (模糊音)."""
    s = syllable
    if s[:2] in ("zh", "ch", "sh"):
        s = s[0] + s[2:]
    elif s[:1] == "l":
        s = "n" + s[1:]
    if len(s) >= 3 and s.endswith("ng") and s[-3] in "aei":
        s = s[:-1]
    return s


_CHAR_PINYIN: dict[str, str] = {}


def _char_pinyin(c: str) -> str:
    """Toned pinyin (TONE3: "zhu4") of one character's usual reading; cached."""
    syllable = _CHAR_PINYIN.get(c)
    if syllable is None:
        if _is_cjk(c):
            from pypinyin import Style, lazy_pinyin

            syllable = (lazy_pinyin(c, style=Style.TONE3) or [c])[0]
        else:
            syllable = c
        _CHAR_PINYIN[c] = syllable
    return syllable


def _syllables(word: str) -> list[str]:
    """Toned pinyin of each character of a word, character by character.

    The usual reading of each character, without phrase context: a typo is
    read the way a pinyin keyboard offers it, and one table lookup per
    character keeps an uncached word cheap. Aliases are indexed under this
    reading and under their reading in context (调度 diao4du4).
    """
    get = _CHAR_PINYIN.get
    return [get(c) or _char_pinyin(c) for c in word]


def _syllables_in_context(word: str) -> list[str] | None:
    from pypinyin import Style, lazy_pinyin

    out = lazy_pinyin(word, style=Style.TONE3, errors=lambda s: list(s))
    return out if len(out) == len(word) else None


def _toneless(syllable: str) -> str:
    return syllable.rstrip("012345")


_Entry = tuple[str, tuple[str, ...], str]  # (alias, toned syllables, code)


@dataclass(frozen=True)
class _TypoIndex:
    toneless: dict[tuple[str, ...], tuple[_Entry, ...]]
    toned: dict[tuple[str, ...], tuple[_Entry, ...]]
    blurred: dict[tuple[str, ...], tuple[_Entry, ...]]
    latin: dict[str, str]
    lengths: frozenset[int]
    first: frozenset[str]  # blurred first syllables of every alias


@lru_cache(maxsize=1)
def _typo_index() -> _TypoIndex:
    toneless: dict[tuple[str, ...], list[_Entry]] = {}
    toned: dict[tuple[str, ...], list[_Entry]] = {}
    blurred: dict[tuple[str, ...], list[_Entry]] = {}
    latin: dict[str, set[str]] = {}
    lengths: set[int] = set()
    first: set[str] = set()
    for key, code in _aliases().by_key.items():
        if not all(_is_cjk(c) for c in key):
            continue
        readings = {tuple(_syllables(key))}
        context = _syllables_in_context(key)
        if context is not None:
            readings.add(tuple(context))
        for syl in readings:
            entry = (key, syl, code)
            plain = tuple(_toneless(x) for x in syl)
            toneless.setdefault(plain, []).append(entry)
            lengths.add(len(key))
            first.add(_blur(plain[0]))
            if len(key) >= _RUN_MIN_TONED:
                toned.setdefault(syl, []).append(entry)
            if len(key) >= _RUN_MIN_BLURRED:
                blurred.setdefault(tuple(_blur(x) for x in plain), []).append(entry)
            joined = "".join(plain)
            if len(joined) >= _LATIN_MIN:
                latin.setdefault(joined, set()).add(code)
    return _TypoIndex(
        {k: tuple(v) for k, v in toneless.items()},
        {k: tuple(v) for k, v in toned.items()},
        {k: tuple(v) for k, v in blurred.items()},
        {k: next(iter(v)) for k, v in latin.items() if len(v) == 1},
        frozenset(lengths),
        frozenset(first),
    )


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, object]:
    from pypinyin.phrases_dict import phrases_dict

    return phrases_dict


def _is_word(text: str) -> bool:
    """A real word (pypinyin's phrase list) is not a typo: 克服 is not 客服."""
    return text in _dictionary()


def _resolve(entries: tuple[_Entry, ...], text: str, syl: tuple[str, ...]) -> str | None:
    """The one occupation a typo most likely means, or None when it is ambiguous.

    Entries whose toned pinyin equals the text's win ("住播" is 助播 zhu4, not
    主播 zhu3); then those sharing the most characters with the text.
    """
    same_tone = [e for e in entries if e[1] == syl]
    pool = same_tone or list(entries)
    best = max(sum(a == b for a, b in zip(e[0], text, strict=False)) for e in pool)
    codes = {e[2] for e in pool if sum(a == b for a, b in zip(e[0], text, strict=False)) == best}
    return codes.pop() if len(codes) == 1 else None


def _cores(word: str) -> set[tuple[int, int]]:
    """Spans of a word left after stripping lead-in and trailing words."""
    starts = {0}
    frontier = [0]
    while frontier:
        s = frontier.pop()
        for p in _PREFIXES:
            if word.startswith(p, s) and len(word) - s - len(p) >= _CORE_MIN:
                if s + len(p) not in starts:
                    starts.add(s + len(p))
                    frontier.append(s + len(p))
    ends = {len(word)}
    frontier = [len(word)]
    while frontier:
        e = frontier.pop()
        for x in _SUFFIXES:
            if e - len(x) >= _CORE_MIN and word.endswith(x, 0, e) and e - len(x) not in ends:
                ends.add(e - len(x))
                frontier.append(e - len(x))
    return {(s, e) for s in starts for e in ends if e - s >= _CORE_MIN}


@lru_cache(maxsize=1 << 18)
def _word_matches(word: str, fuzzy: bool = True) -> tuple[tuple[int, str], ...]:
    """(start, code) of each occupation named in one normalised word."""
    aliases = _aliases()
    spans: list[tuple[int, int, int, str]] = []  # (start, end, exact?, code)
    for match in aliases.pattern.finditer(word):
        spans.append((match.start(), match.end(), 1, aliases.by_key[match.group(0)]))
    if fuzzy and len(word) >= _CORE_MIN:
        if has_cjk(word):
            spans.extend(_typo_spans(word, {(s, e) for s, e, _, _ in spans}))
        elif word.isalpha() and len(word) >= _LATIN_MIN and not spans:
            code = _typo_index().latin.get(word)
            if code is not None:
                spans.append((0, len(word), 0, code))
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


def _typo_spans(word: str, exact: set[tuple[int, int]]) -> list[tuple[int, int, int, str]]:
    index = _typo_index()
    syl = _syllables(word)
    plain = [_toneless(x) for x in syl]
    blur = [_blur(x) for x in plain]
    out: list[tuple[int, int, int, str]] = []

    def offer(s: int, e: int, entries) -> None:
        if entries and (s, e) not in exact and not _is_word(word[s:e]):
            code = _resolve(entries, word[s:e], tuple(syl[s:e]))
            if code is not None:
                out.append((s, e, 0, code))

    # 1. The core of the word, as a whole, sounds like a synonym (any tone).
    for s, e in _cores(word):
        if all(_is_cjk(c) for c in word[s:e]):
            offer(s, e, index.toneless.get(tuple(plain[s:e])))
    # 2. Runs inside the word: same toned pinyin (3+), or blurred pinyin (4+).
    n = len(word)
    for s in range(n):
        if blur[s] not in index.first or not _is_cjk(word[s]):
            continue
        for length in index.lengths:
            e = s + length
            if length < _RUN_MIN_TONED or e > n:
                continue
            if (s, e) in exact:
                continue
            entries = index.toned.get(tuple(syl[s:e]))
            if not entries and length >= _RUN_MIN_BLURRED:
                entries = index.blurred.get(tuple(blur[s:e]))
            offer(s, e, entries)
    return out


def prepare() -> None:
    """Build the synonym pattern and the typo index now (before forking workers)."""
    _aliases()
    _typo_index()
    _dictionary()


def _words(norm: str) -> list[tuple[int, str]]:
    out = []
    position = 0
    for word in norm.split(" "):
        out.append((position, word))
        position += len(word) + 1
    return out
