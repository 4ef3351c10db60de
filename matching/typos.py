"""Typo tolerance for occupation names: a pinyin index of the taxonomy's synonyms.

A word of free text that is not an exact synonym may still be one, mistyped
the way a pinyin keyboard mistypes: "骑守" for 骑手, "外买员" for 外卖员,
"网店运赢" for 网店运营. Every synonym of :func:`matching.taxonomy.aliases` is
indexed under its toneless, toned and accent-blurred (zh/z, ing/in, l/n ...)
pinyin; :func:`spans` finds the synonyms a word sounds like, and
:mod:`matching.titles` weighs them against the exact ones. Real words (the
pypinyin phrase list) are never typos: 克服 is not 客服.

The readings come from tables generated from pypinyin at development time
(``matching/reference/make_pinyin_tables.py``): the matcher never imports
pypinyin, whose dictionaries cost about 60 MB resident.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching import taxonomy
from matching.text import has_cjk

__all__ = ["spans", "prepare"]

_REFERENCE = Path(__file__).resolve().parent / "reference"

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
_FIRST_CJK, _LAST_CJK = 0x3400, 0x9FFF  # the range of _is_cjk


@lru_cache(maxsize=1)
def _char_table() -> tuple[str | None, ...]:
    """Usual TONE3 reading of each character of U+3400..U+9FFF by code point (None: unknown).

    ``reference/pinyin_chars.txt`` (``reading characters`` a line) is what
    pypinyin's ``lazy_pinyin(c, style=Style.TONE3)`` gives; a tuple of shared
    reading strings costs about 0.3 MB, a dict keyed by character ten times more.
    """
    table: list[str | None] = [None] * (_LAST_CJK - _FIRST_CJK + 1)
    with (_REFERENCE / "pinyin_chars.txt").open(encoding="utf-8") as fh:
        for line in fh:
            reading, chars = line.split()
            for c in chars:
                table[ord(c) - _FIRST_CJK] = reading
    return tuple(table)


def _char_pinyin(c: str) -> str:
    """Toned pinyin (TONE3: "zhu4") of one character's usual reading; cached."""
    syllable = _CHAR_PINYIN.get(c)
    if syllable is None:
        syllable = (_char_table()[ord(c) - _FIRST_CJK] if _is_cjk(c) else None) or c
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


@lru_cache(maxsize=1)
def _alias_readings() -> dict[str, tuple[str, ...]]:
    """Synonyms read otherwise in context than character by character (``pinyin_aliases.txt``)."""
    out: dict[str, tuple[str, ...]] = {}
    with (_REFERENCE / "pinyin_aliases.txt").open(encoding="utf-8") as fh:
        for line in fh:
            alias, *syllables = line.split()
            out[alias] = tuple(syllables)
    return out


def _syllables_in_context(word: str) -> list[str]:
    """Toned pinyin of a synonym read as a phrase (pypinyin's ``lazy_pinyin`` of the whole word).

    Precomputed for the taxonomy's synonyms where it differs from the
    character reading (and gives one syllable per character); any other word
    reads character by character.
    """
    context = _alias_readings().get(word)
    return list(context) if context is not None else _syllables(word)


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
    for key, code in taxonomy.aliases().by_key.items():
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
def _dictionary() -> frozenset[str]:
    """The phrases of pypinyin's list that sound like a synonym (``reference/pinyin_words.txt``).

    :func:`spans` asks only about spans whose pinyin found index entries; the
    generator keeps every phrase whose key is a key of the typo index, so for
    those spans the answer is the whole list's.
    """
    with (_REFERENCE / "pinyin_words.txt").open(encoding="utf-8") as fh:
        return frozenset(line.rstrip("\n") for line in fh if line.strip())


# Real words that sound like a synonym but are missing from pypinyin's phrase
# list (found by running a general word list through the typo index): 报案 is
# not 保安, 出师 not 厨师, 选聘 not 选品, 报关员 not 保管员.
_REAL_WORDS = frozenset("""
设想 出自 打出 一战 坚硬 初时 理工 一盏 出资 出使 立功 网点 棋手 一站 初始 逐出 出世
出事 出示 出师 兼营 翼展 奸计 中空 火辣辣 手印 麝香 歼击 兼及 大宝 报案 报捷 科夫 碱基
宝洁 离宫 剪影 裤管 宝安 初试 克复 旗手 鸨母 贱货 手淫 加征 剑戟 毡帐 报界 报关员 可夫
抗爆 驻波 选聘
""".split())


def _is_word(text: str) -> bool:
    """A real word (pypinyin's phrase list, :data:`_REAL_WORDS`) is not a typo: 克服 is not 客服."""
    return text in _REAL_WORDS or text in _dictionary()


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


def _cjk_spans(word: str, exact: set[tuple[int, int]]) -> list[tuple[int, int, int, str]]:
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


def spans(word: str, exact: set[tuple[int, int]]) -> list[tuple[int, int, int, str]]:
    """(start, end, 0, code) of each synonym one normalised word sounds like.

    ``exact``: spans already matched exactly (not offered again). A latin
    word (typed pinyin, "waimaiyuan") counts only without exact matches.
    """
    if len(word) < _CORE_MIN:
        return []
    if has_cjk(word):
        return _cjk_spans(word, exact)
    if word.isalpha() and len(word) >= _LATIN_MIN and not exact:
        code = _typo_index().latin.get(word)
        if code is not None:
            return [(0, len(word), 0, code)]
    return []


def prepare() -> None:
    """Build the typo index and load the phrase list now (before forking workers)."""
    _typo_index()
    _dictionary()
