"""Words of normalised text: segmentation, content words, words two texts share.

Chinese is written without spaces, so the words of a text come from a
segmenter: jieba's dictionary and precise-mode algorithm (a DAG of the
dictionary words at every position, the most probable route through it,
no HMM guessing of unknown words), through ``rjieba``, the Python binding of
jieba-rs; it segments a short profile in about 2 µs (the pure-Python
``jieba`` package: about 50 µs). rjieba's own full dictionary (349,046
words, 33 MB resident) is never built: the segmenter starts empty and loads
:data:`DICTIONARY`, the 105,258 words of jieba's dictionary that matter
(every word with a frequency of 11 or more, every single character, and every
word found in the evaluation and benchmark texts, the taxonomy and the code's
own Chinese text; 10 MB resident, 0.4 s at the first use), with the full
dictionary's total frequency, so that every word keeps jieba's probability and
those texts are cut exactly as with the full dictionary
(matching/reference/make_jieba_words.py; nothing is downloaded at run time).
A rarer word outside that list (1.5 % of the word occurrences of jieba's
corpus) is cut into shorter words. The occupation taxonomy's names, synonyms
and skills that jieba would break into single characters ("网约配送员" ->
网/约/配送/员, "剪映" -> 剪/映) are added to the dictionary first, so they
stay whole.

Three uses:

* :func:`content_words` — the words the text component counts (search
  mode, so a long word also gives its dictionary sub-words: "财务报表" gives
  财务, 报表 and 财务报表): words of two or more characters and Latin tokens
  with a letter ("b2", "excel"); never single characters, digits or spaces;
* :func:`shared_terms` — at most four whole words (or runs of words, such
  as "重型货车") that occur in both texts, for the reasons shown to people;
  generic words ("经验", "招聘") are left out;
* :func:`known_word_code` — the occupation a shown word names, so English
  pages can say it in English.

Work is bounded: only the first :data:`MAX_CHARS` characters of a text are
segmented (a 20,000-character text costs what a 2,000-character one does).
Every function takes already-normalised text (:func:`matching.text.normalise`)
and never raises.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from matching.text import normalise

__all__ = [
    "MAX_CHARS",
    "tokens",
    "cut",
    "search_tokens",
    "content_words",
    "is_content_word",
    "shared_terms",
    "known_word_code",
]

#: Characters of a text that are segmented (and rescored, see matching.rescore).
MAX_CHARS = 2000

#: Words too generic to show as the reason two texts match (they still count,
#: with their low idf, in the text score), and schedule and pay words that only
#: repeat what the schedule and pay reasons already say (全职, 日均).
GENERIC_WORDS = frozenset(
    """
    招聘 求职 应聘 想找 找份 意向 工作 岗位 职位 经验 要求 以上 以下 左右 优先 可以 能够 负责
    我们 公司 熟悉 了解 掌握 具有 具备 相关 良好 进行 以及 或者 还是 一定 能力 欢迎 加入 希望
    待遇 从优 面议 若干 人员 员工 年龄 工资 薪资 薪水 月薪 日薪 底薪 提成 长期 短期 稳定 本人
    自己 个人 一名 一些 没有 不限 需要 需求 有无 身体健康 吃苦耐劳 能吃苦 服从安排 做事踏实
    责任心 责任心强 踏实 认真 以来 目前 现在 之前 曾经 主要 其他 其它 方面 工作经验 年经验
    全职 兼职 日均 月均 平均 收入 综合 每天 每月 每周
    """.split()
)

_LOCK = threading.Lock()
_SEGMENTER = None
#: The part of jieba's dictionary that is loaded (matching/reference/README.md).
DICTIONARY = Path(__file__).with_name("reference") / "jieba_words.txt"
#: A "word" that never occurs in text (private-use characters are never in a
#: run jieba segments): it carries the frequency of the words left out, so the
#: dictionary's total, and with it every word's probability, stays jieba's.
_REST = "\ue000\ue000"


def _cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def _jieba_class():
    """rjieba's ``Jieba`` class, without the full default dictionary.

    ``import rjieba`` builds a segmenter with the whole compiled dictionary
    (349,046 words, about 33 MB resident) at import; the compiled module is
    loaded on its own instead, under the name the package would give it (a
    later ``import rjieba`` reuses it).
    """
    import importlib.machinery
    import importlib.util
    import sys

    name = "rjieba.rjieba"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.find_spec("rjieba")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("rjieba is not installed")
        folder = Path(next(iter(spec.submodule_search_locations)))
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            if (folder / f"rjieba{suffix}").exists():
                break
        else:
            raise ImportError("rjieba's compiled module was not found")
        spec = importlib.util.spec_from_file_location(name, folder / f"rjieba{suffix}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module.Jieba


def new_segmenter(path: Path = DICTIONARY):
    """A jieba segmenter with the words of ``path`` (see :data:`DICTIONARY`).

    The file's first line is ``# total N``, the full dictionary's total
    frequency; then ``word frequency`` per line.
    """
    seg = _jieba_class().empty()
    kept = 0
    total = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                total = int(line.split()[-1])
                continue
            word, freq = line.split()
            seg.add_word(word, int(freq), None)
            kept += int(freq)
    if total is not None and total > kept:
        seg.add_word(_REST, total - kept, None)
    return seg


def _segmenter():
    """The segmenter, with the taxonomy words it would split into characters added (once)."""
    global _SEGMENTER
    if _SEGMENTER is None:
        with _LOCK:
            if _SEGMENTER is None:
                seg = new_segmenter()
                for word in _vocabulary_to_add(seg):
                    seg.add_word(word, None, None)
                _SEGMENTER = seg
    return _SEGMENTER


def _vocabulary_to_add(seg) -> list[str]:
    from matching import taxonomy

    out = []
    for occupation in taxonomy.OCCUPATIONS:
        for word in (occupation.name, *occupation.synonyms, *occupation.skills):
            key = normalise(word)
            if len(key) < 2 or " " in key or not all(_cjk(c) for c in key):
                continue
            if any(len(t) == 1 for t in seg.cut(key, False)):
                out.append(key)
    return out


def _clip(text: str) -> str:
    if not text or not isinstance(text, str):
        return ""
    return text[:MAX_CHARS]


@lru_cache(maxsize=32768)
def _precise(text: str) -> tuple[str, ...]:
    """Precise-mode words in order, each run of spaces as one " "."""
    text = _clip(text)
    if not text:
        return ()
    return tuple(" " if t.isspace() else t for t in _segmenter().cut(text, False))


def tokens(text: str) -> tuple[str, ...]:
    """Precise-mode words of normalised ``text`` in order, spaces dropped.

    >>> tokens("招聘重型货车司机 需b2驾照")
    ('招聘', '重型', '货车', '司机', '需', 'b2', '驾照')
    """
    return tuple(t for t in _precise(text) if t != " ")


def cut(text: str, hmm: bool = True) -> list[str]:
    """jieba's words of ``text`` with this module's dictionary (the taxonomy's words
    whole: "同城货运"), unclipped; ``hmm``: unknown runs of characters grouped by
    jieba's HMM. For the app's other uses of segmentation (shortening a name), so that
    a process holds one dictionary."""
    return list(_segmenter().cut(text, hmm)) if text else []


def search_tokens(text: str) -> list[str]:
    """Search-mode words: the precise words plus the dictionary words inside long ones."""
    text = _clip(text)
    if not text:
        return []
    return [t for t in _segmenter().cut_for_search(text, False) if not t.isspace()]


def is_content_word(word: str) -> bool:
    """Two or more characters with a CJK character or a Latin letter, or a CJK word.

    >>> [w for w in ("货车", "车", "3", "b2", "excel", "2025") if is_content_word(w)]
    ['货车', 'b2', 'excel']
    """
    if len(word) < 2:
        return False
    if word.isascii():
        return any(c.isalpha() for c in word)
    return any(_cjk(c) for c in word)


_CONTENT: dict[str, bool] = {}


def _is_content(word: str) -> bool:
    """:func:`is_content_word`, remembered (up to 2^18 words)."""
    ok = _CONTENT.get(word)
    if ok is None:
        ok = is_content_word(word)
        if len(_CONTENT) < 1 << 18:
            _CONTENT[word] = ok
    return ok


def content_words(text: str) -> list[str]:
    """The words of ``text`` the text score counts (search mode), repeats kept.

    >>> content_words("会计 财务报表 3年")
    ['会计', '财务', '报表', '财务报表']
    """
    return [w for w in search_tokens(text) if _is_content(w)]


_SEP = "\x00"  # never in a normalised text: joins words so that a run is found as a substring


class _Side:
    """What :func:`shared_terms` reads of one text, each part built once and only
    when asked: most seekers of a page share no showable word with the posting,
    and then their precise words are never needed."""

    __slots__ = ("text", "showable", "_tokens", "_content", "_first", "_joined")

    def __init__(self, text: str) -> None:
        self.text = text
        #: showable search-mode words
        self.showable = frozenset(w for w in search_tokens(text) if _showable(w))
        self._tokens: tuple[str, ...] | None = None
        self._content: tuple[bool, ...] | None = None
        self._first: dict[str, int] | None = None
        self._joined: str | None = None

    def tokens(self) -> tuple[str, ...]:
        """Precise-mode words (spaces dropped)."""
        if self._tokens is None:
            self._tokens = _precise(self.text)
        return self._tokens

    def content(self) -> tuple[bool, ...]:
        """For each precise word: is it a content word (:func:`is_content_word`)."""
        if self._content is None:
            self._content = tuple(_is_content(w) for w in self.tokens())
        return self._content

    def first(self) -> dict[str, int]:
        """First position of each precise word."""
        if self._first is None:
            self._first = {w: i for i, w in reversed(list(enumerate(self.tokens())))}
        return self._first

    def joined(self) -> str:
        """The precise words joined by :data:`_SEP`: a run of words is looked up in it."""
        if self._joined is None:
            self._joined = _SEP + _SEP.join(self.tokens()) + _SEP
        return self._joined


# Postings are few and asked again and again. A seeker is asked again within one
# ranking of postings (one entry per posting shown), and across the candidate pages of
# postings alike (same trade, same district: the same best seekers): 1,024 (~3 MB)
# took one posting's page at 100k seekers from 3.4-3.6 to 2.5-2.7 ms against 64.
_posting_side = lru_cache(maxsize=4096)(_Side)
_seeker_side = lru_cache(maxsize=1024)(_Side)


def _showable(word: str) -> bool:
    return _is_content(word) and word not in GENERIC_WORDS


def _runs_around(side: _Side, shared: frozenset[str], n: int) -> list[tuple[str, ...]]:
    """Runs of ``n`` adjacent content words of a text that hold a word of ``shared``."""
    tokens, content = side.tokens(), side.content()
    out: dict[tuple[str, ...], None] = {}
    last = len(tokens) - n
    for i, w in enumerate(tokens):
        if w in shared:
            for start in range(max(0, i - n + 1), min(i, last) + 1):
                if all(content[start : start + n]):
                    out[tokens[start : start + n]] = None
    return list(out)


def shared_terms(
    posting_text: str,
    seeker_text: str,
    limit: int = 4,
    weight: Callable[[str], float] | None = None,
) -> tuple[str, ...]:
    """At most ``limit`` whole words (or runs of words) found in both normalised texts.

    A run of two or three words that stand next to each other in both texts
    is shown as one term ("重型货车", not 重型 and 货车); otherwise single
    words, the heaviest first (``weight``, e.g. the idf; default: length),
    never a word contained in one already shown, never a generic word
    (:data:`GENERIC_WORDS`), never a fragment that is not a word.

    >>> shared_terms("招聘重型货车司机", "开过重型货车")
    ('重型货车',)
    >>> shared_terms("外卖骑手", "想找骑手的工作 有电动车")
    ('骑手',)
    """
    if not posting_text or not seeker_text:
        return ()
    # runs never cross a space: "行政事务 文件整理" is two terms
    post = _posting_side(posting_text)
    seeker = _seeker_side(seeker_text)
    shared = post.showable & seeker.showable
    if not shared:
        return ()
    first = post.first()
    weigh = weight or len
    # A run must stand in both texts: the shorter text's runs around a shared word
    # are looked up in the longer one's joined words.
    short, long = (
        (seeker, post) if len(seeker.tokens()) <= len(post.tokens()) else (post, seeker)
    )
    joined = long.joined()
    candidates: dict[str, tuple[float, int]] = {}
    for n in (3, 2):
        for run in _runs_around(short, shared, n):
            if _SEP + _SEP.join(run) + _SEP in joined:
                candidates["".join(run)] = (sum(weigh(w) for w in run), first.get(run[0], 0))
    for w in shared:
        candidates.setdefault(w, (weigh(w), first.get(w, len(post.tokens()))))
    ordered = sorted(candidates, key=lambda w: (-candidates[w][0], -len(w), candidates[w][1], w))
    out: list[str] = []
    for w in ordered:
        if any(w in chosen for chosen in out):
            continue
        out.append(w)
        if len(out) == limit:
            break
    return tuple(out)


@lru_cache(maxsize=1)
def _alias_codes() -> dict[str, str]:
    from matching import taxonomy

    out: dict[str, str] = {}
    for occupation in taxonomy.OCCUPATIONS:
        for word in (occupation.name, *occupation.synonyms):
            out.setdefault(normalise(word), occupation.code)
    return out


def known_word_code(word: str) -> str | None:
    """The occupation code a shown word is a name or synonym of ("骑手" -> "D01"), or None.

    >>> known_word_code("外卖骑手"), known_word_code("重型")
    ('D01', None)
    """
    return _alias_codes().get(normalise(word))
