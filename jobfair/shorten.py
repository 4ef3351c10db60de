"""Shortening a long name for a narrow place (the header, a card): whole words and an
ellipsis, never a word cut in two ("包头市东河区快运通…", not "包头市东河区快运通同城货")."""

from __future__ import annotations

import re
from functools import lru_cache

from matching import regions
from matching.words import cut as cut_words

ELLIPSIS = "…"
#: Legal forms at the end of a company name: one word each.
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "分公司", "公司")


@lru_cache(maxsize=1)
def _fixed_words() -> re.Pattern[str]:
    """Place names of the region and legal forms, which a cut must never split."""
    names = {d.name for d in (*regions.LEAGUES, *regions.COUNTIES)}
    names |= {d.short_name for d in regions.LEAGUES if len(d.short_name) > 1}
    words = sorted(names | set(LEGAL_FORMS), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def _segment(text: str) -> list[str]:
    """Chinese words by jieba (the matcher's dictionary, :func:`matching.words.cut`),
    whose one-character pieces (often a brand split in two: 快/运通) join their
    neighbours; place names and legal forms whole."""
    pieces: list[tuple[str, bool]] = []  # (word, fixed)
    at = 0
    for match in _fixed_words().finditer(text):
        pieces += [(w, False) for w in cut_words(text[at : match.start()])]
        pieces.append((match.group(), True))
        at = match.end()
    pieces += [(w, False) for w in cut_words(text[at:])]
    words: list[tuple[str, bool]] = []
    for i, (word, fixed) in enumerate(pieces):
        if fixed or len(word) > 1:
            if words and not words[-1][1] and len(words[-1][0]) == 1 and not fixed:
                words[-1] = (words[-1][0] + word, False)  # 快 + 运通
            else:
                words.append((word, fixed))
            continue
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if words and not words[-1][1] and (nxt is None or nxt[1] or len(words[-1][0]) == 1):
            words[-1] = (words[-1][0] + word, False)  # 同 + 城, 草原 + 鹰 (before a fixed word)
        else:
            words.append((word, False))
    return [w for w, _ in words]


def shorten_name(text: str | None, limit: int = 16) -> str:
    """``text`` if it has at most ``limit`` characters, else its first whole words and "…".

    Words with spaces are cut at a space; Chinese at a word (jieba, place
    names and legal forms kept whole). A first word longer than the limit is cut
    (there is nothing else to show).
    """
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    if " " in text[: room + 1]:
        words = re.split(r"(?<= )", text)
    else:
        words = _segment(text)
    kept = ""
    for word in words:
        if len(kept) + len(word) > room:
            break
        kept += word
    kept = kept.rstrip(" ，,、（(·-")
    return (kept or text[:room]) + ELLIPSIS
