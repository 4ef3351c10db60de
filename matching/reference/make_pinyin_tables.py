"""Write the pinyin tables that :mod:`matching.typos` reads instead of pypinyin.

    python matching/reference/make_pinyin_tables.py

Input: the ``pypinyin`` package 0.55.0 (PyPI, MIT licence, the version of
``requirements.txt``): its character readings (``pypinyin.pinyin_dict``
through ``lazy_pinyin``) and its phrase list (``pypinyin.phrases_dict``), and
the taxonomy's synonyms (``matching/reference/occupations.json`` through
:func:`matching.taxonomy.aliases`). pypinyin is imported here, at build time
only; the matcher reads the generated files and never imports it (about
60 MB resident).

Output, beside this script (plain UTF-8, one record per line):

* ``pinyin_chars.txt``: ``reading characters`` — every character of
  :data:`FIRST`..:data:`LAST` that pypinyin knows, grouped by its usual
  reading in TONE3 (``lazy_pinyin(c, style=Style.TONE3)``: "zhu4 主住助…").
  A character not listed reads as itself, as pypinyin leaves it.
* ``pinyin_aliases.txt``: ``synonym syllable syllable …`` — the reading in
  context (``lazy_pinyin(synonym, style=Style.TONE3)``, phrase rules applied:
  调度 diao4 du4) of each all-CJK synonym whose reading differs from its
  characters' usual readings.
* ``pinyin_words.txt``: one phrase a line — the phrases of pypinyin's list
  that :func:`matching.typos.spans` can ever ask about: those whose toneless
  or blurred key (built from ``pinyin_chars.txt`` the way ``spans`` builds
  it) is a key of the typo index. ``spans`` asks ``_is_word`` only about a
  span whose key found index entries, and a toned match implies a toneless
  one, so for every span it asks about this list answers as the whole phrase
  list would.

Regenerate after editing the synonyms of ``occupations.json`` (the tests in
``tests/matching/test_typos_tables.py`` fail until then) or upgrading pypinyin.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHARS, ALIASES, WORDS = (
    HERE / "pinyin_chars.txt",
    HERE / "pinyin_aliases.txt",
    HERE / "pinyin_words.txt",
)
FIRST, LAST = 0x3400, 0x9FFF  # matching.typos._is_cjk: CJK Extension A .. the unified block


def char_readings() -> dict[str, str]:
    """Each character's usual TONE3 reading, where pypinyin knows one."""
    from pypinyin import Style, lazy_pinyin

    out: dict[str, str] = {}
    for cp in range(FIRST, LAST + 1):
        c = chr(cp)
        got = lazy_pinyin(c, style=Style.TONE3)
        assert len(got) <= 1 and " " not in "".join(got), (c, got)
        if got and got[0] != c:
            out[c] = got[0]
    return out


def alias_readings(chars: dict[str, str]) -> dict[str, list[str]]:
    """Synonyms read differently in context than character by character."""
    from pypinyin import Style, lazy_pinyin

    from matching import taxonomy
    from matching.typos import _is_cjk

    out: dict[str, list[str]] = {}
    for key in sorted(taxonomy.aliases().by_key):
        if not all(_is_cjk(c) for c in key):
            continue
        context = lazy_pinyin(key, style=Style.TONE3, errors=lambda s: list(s))
        if len(context) == len(key) and context != [chars.get(c, c) for c in key]:
            out[key] = context
    return out


def colliding_phrases() -> list[str]:
    """Phrases of pypinyin's list whose key is a key of the typo index (run after the tables)."""
    from pypinyin.phrases_dict import phrases_dict

    from matching import typos

    index = typos._typo_index()
    out = []
    for phrase in phrases_dict:
        plain = tuple(typos._toneless(x) for x in typos._syllables(phrase))
        if plain in index.toneless or tuple(typos._blur(x) for x in plain) in index.blurred:
            out.append(phrase)
    return sorted(out)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    chars = char_readings()
    groups: dict[str, list[str]] = {}
    for c, reading in chars.items():
        groups.setdefault(reading, []).append(c)
    with CHARS.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(f"{r} {''.join(cs)}\n" for r, cs in sorted(groups.items()))
    aliases = alias_readings(chars)
    with ALIASES.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(f"{k} {' '.join(v)}\n" for k, v in aliases.items())
    words = colliding_phrases()  # reads the two files just written
    with WORDS.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(f"{w}\n" for w in words)
    print(
        f"{len(chars)} characters in {len(groups)} readings -> {CHARS.name}; "
        f"{len(aliases)} synonyms -> {ALIASES.name}; {len(words)} phrases -> {WORDS.name}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
