"""Find a person at the fair-day kiosk from what they say: one search box.

Staff type whatever the person in front of them says, and :class:`PersonIndex`
finds them among everyone registered, best match first:

* the full mobile number, or one digit off: ``13812345678``, ``138 1234 5678``;
* the last four (or more) digits and a name, its full pinyin or its pinyin
  initials: ``5678 张伟``, ``5678zhangwei``, ``5678 zw``; the masked form
  ``138****5678`` (prefix and last four);
* a name alone, no surname assumed: ``张伟``, ``巴特尔``, ``乌云毕力格``;
* full toneless pinyin alone: ``zhangwei``, ``zhang wei``, ``zhāng wěi``;
* homophones (same toneless pinyin): ``张卫`` for 张伟, ``苏日纳`` for 苏日娜;
* near-homophones (zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing, ü/u):
  ``zangwei``, ``苏日拉``;
* pinyin or characters with a typo: ``zhangwie``, ``乌云华力格``; initials
  with one letter wrong or swapped: ``wybgl`` for wyblg;
* part of a name: ``毕力格``, ``5678 bilige``, ``巴特尔师傅``;
* a name and a birth year: ``巴特尔 1990``, ``巴特尔 1990年生``; words
  around the facts are dropped (``手机尾号5678 张伟``).

Full-width digits and letters, spaces anywhere, tone marks and traditional
characters are normalised first (:func:`matching.text.normalise` does the
traditional -> simplified step). Every hit carries the person's id, a score
in 0..1, a machine code of what matched (:data:`KINDS`, for the app to
render in any language) and a short Chinese reason; never the mobile number.

How it is fast (100k people: a few milliseconds a query, see bench/README.md):
every query starts from dictionaries, never from a loop over everyone —
people by full mobile, by last four digits, by first seven digits (for a
mistyped number), by name, by toneless pinyin, by "blurred" pinyin (the
near-homophone key), by pinyin initials and by name character. Only a
query that none of those answers runs rapidfuzz over the distinct pinyin keys
(those with the query's first letter, else those of about its length)
with a score cutoff. The
candidates, at most a few thousand, are then scored one by one.

Scores are tiered so that the order is what staff expect: the full number
(0.98-1.0) > tail digits + name (0.70-0.97, the more digits the higher) >
name alone (up to 0.90) > a name found whose number does not end in the
typed digits (up to 0.5). Within a tier: exact name > typed pinyin or a
homophone > near-homophone > initials > part of a name > typo; then the
smaller id.

Examples
--------
>>> index = PersonIndex().fit([
...     PersonRecord(id=1, name="巴特尔", mobile="13812345678", birth_year=1990),
...     PersonRecord(id=2, name="张伟", mobile="13900005678"),
...     PersonRecord(id=3, name="苏日娜", mobile="15047001234", birth_year=1985),
... ])
>>> hit = index.search("5678 bte", k=5)[0]
>>> hit.id, hit.kind, hit.reason
(1, 'tail4+initials', '手机尾号+姓名拼音首字母')
>>> [(h.id, h.kind) for h in index.search("苏日纳")]
[(3, 'homophone')]
>>> index.search("１３９ ００００ ５６７８")[0].kind
'mobile'
>>> index.upsert(PersonRecord(id=4, name="张卫", mobile="18647001111"))
>>> [(h.id, h.kind) for h in index.search("张卫")]
[(4, 'name'), (2, 'homophone')]
>>> index.remove(4)
>>> [h.id for h in index.search("张卫")]
[2]
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from matching.lookup_query import (
    _VOWELS,
    Query,
    _clean_mobile,
    blur,
    clean_name,
    name_keys,
    parse_query,
)

__all__ = ["PersonIndex", "PersonRecord", "Hit", "KINDS", "NotFittedError", "Query", "parse_query"]


class NotFittedError(RuntimeError):
    """The index was searched or changed before :meth:`PersonIndex.fit`."""


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One registered person as the kiosk lookup needs them.

    ``mobile`` is the mainland mobile number (full-width digits, spaces and a
    +86 prefix are tolerated); it stays inside the index, hits carry ids only.
    """

    id: int
    name: str
    mobile: str = ""
    birth_year: int | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One person found: ``id``, ``score`` (0..1), ``kind`` (a :data:`KINDS` code),
    ``reason`` (short Chinese text of the kind) and ``digits``: how many trailing
    digits of the person's mobile matched the query (11 for the full number, 0
    when the query had none or this person's number does not end in them)."""

    id: int
    score: float
    kind: str
    reason: str
    digits: int = 0


#: Machine codes of what matched -> the Chinese reason shown at the kiosk.
#: A code may end in "+birth_year" (a typed year equals the birth year) and a
#: text kind may come with ``digits == 0`` although digits were typed: the name
#: matched but the number does not end in those digits (reason "...（尾号不符）").
KINDS: dict[str, str] = {
    "mobile": "手机号",
    "mobile_typo": "手机号（一位不同）",
    "tail4": "手机尾号",
    "name": "姓名",
    "homophone": "姓名同音",
    "pinyin": "姓名拼音",
    "near_homophone": "姓名近音",
    "initials": "姓名拼音首字母",
    "initials_typo": "姓名拼音首字母相近",
    "name_partial": "部分姓名",
    "pinyin_partial": "部分姓名拼音",
    "name_typo": "姓名相近",
    "pinyin_typo": "姓名拼音相近",
}
_TEXT_KINDS = [k for k in KINDS if k not in ("mobile", "mobile_typo", "tail4")]
for _k in _TEXT_KINDS:
    KINDS["tail4+" + _k] = "手机尾号+" + KINDS[_k]
del _k

# Text strength of each text kind (the top of its range; typo and partial
# kinds scale down with their similarity).
_T_NAME, _T_PINYIN, _T_HOMOPHONE, _T_NEAR, _T_INITIALS = 1.0, 0.95, 0.93, 0.88, 0.85
_T_PARTIAL_MAX, _T_TYPO_MAX, _T_FLOOR = 0.80, 0.80, 0.50
_T_INITIALS_TYPO = 0.62


# --------------------------------------------------------------------------
# Buckets: key -> one id (an int), a few (a tuple) or many (a set). Most keys
# hold one person, and a bare int or a small tuple costs a fraction of a set;
# a set keeps a change to a big bucket (a common character, a lucky tail) O(1).
# --------------------------------------------------------------------------

_SMALL = 24  # a tuple up to this size, a set above


def _add(bucket: dict, key: str, pid: int) -> None:
    cur = bucket.get(key)
    if cur is None:
        bucket[key] = pid
    elif isinstance(cur, set):
        cur.add(pid)
    elif isinstance(cur, tuple):
        if pid not in cur:
            bucket[key] = (*cur, pid) if len(cur) < _SMALL else {*cur, pid}
    elif cur != pid:
        bucket[key] = (cur, pid)


def _discard(bucket: dict, key: str, pid: int) -> None:
    cur = bucket.get(key)
    if cur is None:
        return
    if isinstance(cur, set):
        cur.discard(pid)
        if len(cur) <= _SMALL // 2:
            bucket[key] = tuple(cur)
    elif isinstance(cur, tuple):
        rest = tuple(i for i in cur if i != pid)
        bucket[key] = rest[0] if len(rest) == 1 else rest
    elif cur == pid:
        del bucket[key]


def _frozen(ids: list[int]):
    """The stored form of a bucket built in one go."""
    if len(ids) == 1:
        return ids[0]
    return tuple(ids) if len(ids) <= _SMALL else set(ids)


def _ids(bucket: dict, key: str) -> tuple[int, ...] | set[int]:
    cur = bucket.get(key)
    if cur is None:
        return ()
    return cur if isinstance(cur, (tuple, set)) else (cur,)


def _size(bucket: dict, key: str) -> int:
    cur = bucket.get(key)
    return 0 if cur is None else len(cur) if isinstance(cur, (tuple, set)) else 1


class _KeyList:
    """Distinct keys for rapidfuzz, by first letter and by length.

    A removed key stays in the lists (its bucket is empty, so it finds
    nobody) until more than half are stale; then the lists are rebuilt.
    """

    __slots__ = ("by_letter", "by_length", "live", "listed")

    def __init__(self) -> None:
        self.by_letter: dict[str, list[str]] = {}
        self.by_length: dict[int, list[str]] = {}
        self.live: set[str] = set()  # keys that find someone
        self.listed: set[str] = set()  # keys in the lists, stale ones included

    def add(self, key: str) -> None:
        if key in self.live:
            return
        self.live.add(key)
        if key not in self.listed:
            self.listed.add(key)
            self.by_letter.setdefault(key[0], []).append(key)
            self.by_length.setdefault(len(key), []).append(key)

    def discard(self, key: str) -> None:
        self.live.discard(key)
        if len(self.listed) > 1000 and len(self.live) < len(self.listed) // 2:
            keys = [k for lst in self.by_letter.values() for k in lst if k in self.live]
            self.listed = set(keys)
            self.by_letter, self.by_length = {}, {}
            for k in keys:
                self.by_letter.setdefault(k[0], []).append(k)
                self.by_length.setdefault(len(k), []).append(k)

    def nearest(self, query: str, cutoff: float, limit: int) -> list[str]:
        """Keys within ``cutoff`` (normalised OSA): those with the query's first
        letter; when none is close enough, those one letter shorter, as long
        or one longer (a wrong first letter)."""
        found = self._extract(query, self.by_letter.get(query[0], ()), cutoff, limit)
        if not found:
            for n in (len(query), len(query) - 1, len(query) + 1):
                found += self._extract(query, self.by_length.get(n, ()), cutoff, limit)
        return found

    def _extract(self, query: str, keys, cutoff: float, limit: int) -> list[str]:
        if not keys:
            return []
        found = process.extract(
            query, keys, scorer=OSA.normalized_similarity, score_cutoff=cutoff, limit=limit
        )
        return [key for key, _s, _i in found if key in self.live]


# What the index keeps of a person: a plain tuple of strings and ints, which
# the garbage collector stops tracking (a full collection stays cheap with
# 100k people in memory; a tuple subclass or a slotted object would not be).
_ID, _NAME, _MOBILE, _YEAR, _PYS, _BLURS, _INITS = range(7)
_Person = tuple  # (id, name, mobile, birth year, pinyins, blurred, initials)


def _person(record: PersonRecord) -> _Person:
    name = clean_name(record.name)
    year = record.birth_year
    year = int(year) if isinstance(year, int) and not isinstance(year, bool) else None
    return (int(record.id), name, _clean_mobile(record.mobile), year, *name_keys(name))


def _differences(a: str, b: str) -> int:
    """Positions where two strings of the same length differ."""
    return sum(x != y for x, y in zip(a, b, strict=True))


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


# --------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------


class PersonIndex:
    """People by mobile, tail digits, name, pinyin, near-homophone key, initials.

    Parameters
    ----------
    typo_cutoff : float
        Least similarity (rapidfuzz OSA, normalised: one swapped or wrong
        letter in "zhangwie" costs 1/8) for a typo match.
    max_candidates : int
        Most people scored for one query (an initials-only query such as "zw"
        may match thousands; they all score the same, the lowest ids are kept).

    Attributes
    ----------
    n_people_ : int
        People currently in the index.

    Examples
    --------
    >>> index = PersonIndex().fit([PersonRecord(1, "乌云毕力格", "13612349876")])
    >>> [(h.id, h.kind) for h in index.search("9876 wyblg")]
    [(1, 'tail4+initials')]
    >>> [(h.id, h.kind) for h in index.search("9876 wybgl")]  # two letters swapped
    [(1, 'tail4+initials_typo')]
    >>> index.search("wuyunbilieg")[0].kind
    'pinyin_typo'
    >>> index.search("")
    []
    """

    def __init__(self, typo_cutoff: float = 0.7, max_candidates: int = 3000) -> None:
        self.typo_cutoff = typo_cutoff
        self.max_candidates = max_candidates

    # -------------------------------------------------------------- building
    def fit(self, records: Iterable[PersonRecord]) -> PersonIndex:
        """Index ``records`` (replacing anything indexed before); returns self."""
        self._lock = threading.RLock()
        with self._lock:
            self._people: dict[int, _Person] = {}
            self._by_mobile: dict = {}
            self._by_tail: dict = {}
            self._by_head: dict = {}
            self._by_name: dict = {}
            self._by_pinyin: dict = {}
            self._by_blur: dict = {}
            self._by_initials: dict = {}
            self._by_char: dict = {}
            # Distinct pinyin and initials keys for the typo search.
            self._pinyin_keys = _KeyList()
            self._initials_keys = _KeyList()
            for record in records:  # the last record of an id wins
                person = _person(record)
                self._people[person[_ID]] = person
            # Lists while building, then an int or a tuple per key.
            for p in self._people.values():
                for bucket, key in self._entries(p):
                    bucket.setdefault(key, []).append(p[_ID])
                for key in p[_PYS]:
                    self._pinyin_keys.add(key)
                for key in p[_INITS]:
                    self._initials_keys.add(key)
            for bucket in self._buckets():
                for key, ids in bucket.items():
                    bucket[key] = _frozen(ids)
            self.n_people_ = len(self._people)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "n_people_"):
            raise NotFittedError("call fit() first")

    def upsert(self, record: PersonRecord) -> None:
        """Add a person, or replace what is indexed for their id."""
        self._check_fitted()
        person = _person(record)
        with self._lock:
            old = self._people.get(person[_ID])
            if old is not None:
                self._delete(old)
            self._insert(person)
            self.n_people_ = len(self._people)

    def remove(self, person_id: int) -> None:
        """Forget a person (no error when the id is not indexed)."""
        self._check_fitted()
        with self._lock:
            old = self._people.get(int(person_id))
            if old is not None:
                self._delete(old)
                self.n_people_ = len(self._people)

    def __len__(self) -> int:
        return len(self._people) if hasattr(self, "_people") else 0

    def _buckets(self) -> tuple[dict, ...]:
        return (
            self._by_mobile,
            self._by_tail,
            self._by_head,
            self._by_name,
            self._by_char,
            self._by_pinyin,
            self._by_blur,
            self._by_initials,
        )

    def _entries(self, p: _Person) -> Iterator[tuple[dict, str]]:
        if p[_MOBILE]:
            yield self._by_mobile, p[_MOBILE]
            if len(p[_MOBILE]) >= 4:
                yield self._by_tail, p[_MOBILE][-4:]
            if len(p[_MOBILE]) == 11:
                yield self._by_head, p[_MOBILE][:7]
        if p[_NAME]:
            yield self._by_name, p[_NAME]
            for c in set(p[_NAME]):
                yield self._by_char, c
        for key in p[_PYS]:
            yield self._by_pinyin, key
        for key in p[_BLURS]:
            yield self._by_blur, key
        for key in p[_INITS]:
            yield self._by_initials, key

    def _insert(self, p: _Person) -> None:
        self._people[p[_ID]] = p
        for bucket, key in self._entries(p):
            _add(bucket, key, p[_ID])
        for key in p[_PYS]:
            self._pinyin_keys.add(key)
        for key in p[_INITS]:
            self._initials_keys.add(key)

    def _delete(self, p: _Person) -> None:
        del self._people[p[_ID]]
        for bucket, key in self._entries(p):
            _discard(bucket, key, p[_ID])
        for key in p[_PYS]:
            if key not in self._by_pinyin:
                self._pinyin_keys.discard(key)
        for key in p[_INITS]:
            if key not in self._by_initials:
                self._initials_keys.discard(key)

    # -------------------------------------------------------------- search
    def search(self, text: str | None, k: int = 5) -> list[Hit]:
        """The ``k`` people who best match a kiosk search string, best first.

        Never raises on odd input: empty, one character, only punctuation,
        emoji or 200 characters give a (possibly empty) list, quickly.
        """
        self._check_fitted()
        q = parse_query(text)
        k = max(0, int(k))
        if k == 0 or not (q.has_digits or q.has_text):
            return []
        with self._lock:
            scored = self._score_all(q, self._candidates(q, k))
            if q.has_text and not any(s[3] >= _T_INITIALS for s in scored):
                # No name, homophone or initials found the cheap way: typos, parts of names.
                extra = self._fuzzy_candidates(q, k) - {s[4][_ID] for s in scored}
                scored += self._score_all(q, extra)
        scored.sort(key=lambda s: (-s[0], s[4][_ID]))
        return [
            Hit(
                p[_ID],
                round(min(1.0, max(0.0, score)), 4),
                kind,
                self._reason(kind, q, digits),
                digits,
            )
            for score, kind, digits, _t, p in scored[:k]
        ]

    def _reason(self, kind: str, q: Query, digits: int) -> str:
        base = kind.removesuffix("+birth_year")
        reason = KINDS.get(base, base)
        if kind.endswith("+birth_year"):
            reason += "+出生年份"
        elif q.has_digits and not digits and base in _TEXT_KINDS:
            reason += "（尾号不符）"
        return reason

    def _candidates(self, q: Query, k: int) -> set[int]:
        """Ids from the exact indexes (dictionary look-ups only).

        Beyond ``max_candidates`` (a tail shared by thousands, initials such as
        "zw") the people matching both the digits and the text are kept
        first, then text matches, then the rest, each by id.
        """
        digits: set[int] = set()
        if q.mobile:
            digits.update(_ids(self._by_mobile, q.mobile))
            if not digits:  # one digit off: same last four or same first seven
                digits.update(_ids(self._by_tail, q.mobile[-4:]))
                digits.update(_ids(self._by_head, q.mobile[:7]))
        for tail in q.tails:
            digits.update(_ids(self._by_tail, tail[-4:]))
        text: set[int] = set()
        if q.name:
            text.update(_ids(self._by_name, q.name))
        for py in q.pinyins:
            text.update(_ids(self._by_pinyin, py))
            text.update(_ids(self._by_blur, blur(py)))
        if q.latin and len(q.latin) <= 8:
            text.update(_ids(self._by_initials, q.latin))
        cap = self.max_candidates
        if len(digits) + len(text) <= cap:
            return digits | text
        both = digits & text
        rest = sorted(text - both) + sorted(digits - both)
        return both | set(rest[: max(0, cap - len(both))])

    def _fuzzy_candidates(self, q: Query, k: int) -> set[int]:
        """Ids of names sharing rare characters, and of pinyin keys within the typo cutoff."""
        out: set[int] = set()
        budget = self.max_candidates
        if q.name:
            # Names sharing all characters of a 2-character query, or all but
            # one (at least 2 of 3, 3 of 4 or more): each holds one of the
            # rarest few characters, so only those buckets are read.
            chars = sorted(set(q.name), key=lambda c: _size(self._by_char, c))
            need = len(chars) if len(chars) <= 2 else min(len(chars) - 1, 3)
            pool = chars[: len(chars) - need + 1]
            if sum(_size(self._by_char, c) for c in pool) <= 10 * budget:
                q_chars = set(chars)
                people = self._people
                for c in pool:
                    for pid in _ids(self._by_char, c):
                        if len(q_chars.intersection(people[pid][_NAME])) >= need:
                            out.add(pid)
            # Names written inside the query ("巴特尔师傅", "图门巴雅尔" holding 图门).
            n = len(q.name)
            for i in range(n - 1):
                for j in range(i + 2, n + 1 if i else n):
                    out.update(_ids(self._by_name, q.name[i:j]))
        limit = max(20, 4 * k)
        for py in q.pinyins:
            # Letters without a vowel ("wybgl") are initials, never pinyin.
            if len(py) >= 3 and _VOWELS.intersection(py):
                for key in self._pinyin_keys.nearest(py, self.typo_cutoff, limit):
                    out.update(_ids(self._by_pinyin, key))
        if q.latin and 4 <= len(q.latin) <= 8:
            for key in self._initials_keys.nearest(q.latin, 0.74, limit):
                out.update(_ids(self._by_initials, key))
        if len(out) > budget:
            out = set(sorted(out)[:budget])
        return out

    # -------------------------------------------------------------- scoring
    def _score_all(self, q: Query, ids: Iterable[int]) -> list:
        people = self._people
        q_pys = set(q.pinyins)
        q_blurs = tuple(dict.fromkeys(blur(p) for p in q.pinyins))
        q_chars = set(q.name) if q.name else None
        out = []
        for pid in ids:
            p = people.get(pid)
            if p is None:
                continue
            text = self._text_match(q, p, q_pys, q_blurs, q_chars) if q.has_text else None
            score, kind, digits = self._combine(q, p, text)
            if score > 0:
                out.append((score, kind, digits, text[1] if text else 0.0, p))
        return out

    def _text_match(
        self, q: Query, p: _Person, q_pys, q_blurs, q_chars
    ) -> tuple[str, float] | None:
        """(text kind, strength 0..1) of the query's name or pinyin against a person."""
        shared = 0.0
        if q_chars is not None and p[_NAME]:
            if q.name == p[_NAME]:
                return "name", _T_NAME
            shared = len(q_chars.intersection(p[_NAME])) / max(len(q_chars), len(set(p[_NAME])))
        if any(py in q_pys for py in p[_PYS]):
            if q.name:
                return "homophone", _T_HOMOPHONE + 0.03 * shared
            return "pinyin", _T_PINYIN
        if any(b in q_blurs for b in p[_BLURS]):  # (a tuple of one or two)
            return "near_homophone", _T_NEAR + 0.03 * shared
        if q.latin and q.latin in p[_INITS]:
            return "initials", _T_INITIALS
        best: tuple[str, float] | None = None
        if q.latin and 4 <= len(q.latin) <= 8:
            # One letter wrong, missing or swapped in initials ("wybgl" for wyblg).
            for init in p[_INITS]:
                if OSA.distance(q.latin, init, score_cutoff=1) <= 1:
                    best = ("initials_typo", _T_INITIALS_TYPO)
                    break
        # Part of a name: "毕力格" of 乌云毕力格, "巴特尔师傅" holding 巴特尔.
        if q.name and p[_NAME] and min(len(q.name), len(p[_NAME])) >= 2:
            if q.name in p[_NAME] or p[_NAME] in q.name:
                ratio = min(len(q.name), len(p[_NAME])) / max(len(q.name), len(p[_NAME]))
                best = ("name_partial", _T_FLOOR + (_T_PARTIAL_MAX - _T_FLOOR) * ratio)
        elif q.latin and len(q.latin) >= 4:
            for py in p[_PYS]:
                if q.latin in py:
                    ratio = len(q.latin) / len(py)
                    best = ("pinyin_partial", _T_FLOOR + (_T_PARTIAL_MAX - _T_FLOOR) * ratio)
                    break
        # Typos: pinyin (or characters) within the cutoff.
        cutoff = self.typo_cutoff
        sim = 0.0
        for a in q.pinyins:
            for b in p[_PYS]:
                sim = max(sim, OSA.normalized_similarity(a, b, score_cutoff=cutoff))
        for a in q_blurs:
            for b in p[_BLURS]:
                sim = max(sim, OSA.normalized_similarity(a, b, score_cutoff=cutoff) - 0.02)
        if q.name and p[_NAME]:
            sim = max(sim, OSA.normalized_similarity(q.name, p[_NAME], score_cutoff=cutoff))
        if sim >= cutoff:
            strength = _T_FLOOR + (_T_TYPO_MAX - _T_FLOOR) * (sim - cutoff) / (1.0 - cutoff)
            strength += 0.02 * shared
            if best is None or strength > best[1]:
                best = ("name_typo" if q.name else "pinyin_typo", strength)
        return best

    def _combine(self, q: Query, p: _Person, text: tuple[str, float] | None):
        """(score, kind, digits matched) of one person: digits and text together."""
        t_kind, t = text if text else (None, 0.0)
        if q.mobile and p[_MOBILE]:
            if p[_MOBILE] == q.mobile:
                return (0.98 + 0.02 * (t if q.has_text else 1.0)), "mobile", 11
            if len(p[_MOBILE]) == 11 and _differences(p[_MOBILE], q.mobile) == 1:
                return 0.6 + 0.3 * t, "mobile_typo", 10
        best_digits, digit_adjust = 0, 0.0
        for tail in q.tails:
            n = _common_suffix(p[_MOBILE], tail)
            if n >= 4:
                adjust = 0.003 * (n - 4) - 0.05 * (len(tail) - n)
                if n > best_digits or (n == best_digits and adjust > digit_adjust):
                    best_digits, digit_adjust = n, adjust
        if best_digits:
            if q.prefix:
                digit_adjust += 0.01 if p[_MOBILE].startswith(q.prefix) else -0.03
            if not q.has_text:
                return 0.6 + digit_adjust, "tail4", best_digits
            if t_kind is None:
                return 0.45 + digit_adjust, "tail4", best_digits
            return 0.72 + 0.25 * t + digit_adjust, "tail4+" + t_kind, best_digits
        if t_kind is None:
            return 0.0, "", 0
        if q.years and p[_YEAR] in q.years:
            return 0.9 * t + 0.04, t_kind + "+birth_year", 0
        if q.has_digits:  # the name fits, the number does not end in the digits typed
            return 0.5 * t, t_kind, 0
        return 0.9 * t, t_kind, 0
