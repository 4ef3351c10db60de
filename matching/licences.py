"""PRC motor-vehicle driving licence classes (准驾车型) and which covers which.

The table follows the annex "准驾车型及代号" of the Ministry of Public
Security's 《机动车驾驶证申领和使用规定》 as revised by MPS Order No. 162
(in force since 2022-04-01, which added C6 and let A2 cover it); see
``reference/README.md``. The data lives in ``reference/licences.json``.

A class always covers itself. Coverage is the annex's "准予驾驶的其他准驾车型"
column as written (it is already closed: whatever a covered class covers is
listed too).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "CLASSES",
    "LABELS",
    "VEHICLES",
    "COVERS",
    "normalise_class",
    "parse_classes",
    "covers",
    "classes_covering",
]

_DATA_FILE = Path(__file__).with_name("reference") / "licences.json"


def _load() -> tuple[tuple[str, ...], dict[str, str], dict[str, str], dict[str, frozenset[str]]]:
    data = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
    entries = data["classes"]
    classes = tuple(e["code"] for e in entries)
    labels = {e["code"]: e["label"] for e in entries}
    vehicles = {e["code"]: e["vehicles"] for e in entries}
    cover = {e["code"]: frozenset(e["covers"]) for e in entries}
    return classes, labels, vehicles, cover


#: Licence classes, heaviest first within each family.
CLASSES: tuple[str, ...]
#: Short Chinese name of each class ("B2": "大型货车").
LABELS: dict[str, str]
#: The vehicles a class permits, as the annex describes them.
VEHICLES: dict[str, str]
#: The *other* classes each class also permits (a class is not listed in its own set).
COVERS: dict[str, frozenset[str]]
CLASSES, LABELS, VEHICLES, COVERS = _load()

_ORDER = {code: i for i, code in enumerate(CLASSES)}
_COVERING: dict[str, frozenset[str]] = {
    required: frozenset(held for held in CLASSES if held == required or required in COVERS[held])
    for required in CLASSES
}
# Chinese names people write instead of the code ("大货", "摩托车"...).
_WORDS: dict[str, str] = {
    "大客": "A1",
    "大型客车": "A1",
    "牵引车": "A2",
    "重型牵引挂车": "A2",
    "半挂": "A2",
    "挂车": "A2",
    "城市公交": "A3",
    "公交车": "A3",
    "中型客车": "B1",
    "中客": "B1",
    "大型货车": "B2",
    "大货": "B2",
    "小型汽车": "C1",
    "小车": "C1",
    "小型自动挡汽车": "C2",
    "自动挡": "C2",
    "低速载货汽车": "C3",
    "三轮汽车": "C4",
    "轻型牵引挂车": "C6",
    "普通三轮摩托车": "D",
    "三轮摩托": "D",
    "普通二轮摩托车": "E",
    "二轮摩托": "E",
    "摩托车": "E",
    "轻便摩托车": "F",
}
_CODE_RE = re.compile(r"(?<![a-z])([abc][1-6])(?!\d)|(?<![a-z0-9])([defmnp])(?![a-z0-9])")
_SEPARATORS = re.compile(r"[\s,，、;；/|+和及与]+")
_NOISE = re.compile(r"(驾驶证|驾照|驾证|准驾车型|准驾|证|照|类|型|本)$")


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def normalise_class(text: str | None) -> str | None:
    """The class code written in ``text``, or None.

    >>> normalise_class("Ｂ２")
    'B2'
    >>> normalise_class("b2驾照")
    'B2'
    >>> normalise_class("大货")
    'B2'
    >>> normalise_class("B7") is None
    True
    """
    if not text or not isinstance(text, str):
        return None
    value = _prepare(text)
    value = re.sub(r"^(驾驶证|驾照|准驾车型|准驾)", "", value)
    previous = None
    while previous != value:
        previous = value
        value = _NOISE.sub("", value).strip(" :：-")
    upper = value.upper()
    if upper in _ORDER:
        return upper
    if value in _WORDS:
        return _WORDS[value]
    return None


def parse_classes(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """All classes in a string ("A2,C1", "A2 C1", "A2/C1驾照") or an iterable.

    Unknown parts are ignored; the result is de-duplicated and in
    :data:`CLASSES` order.

    >>> parse_classes("C1, a2")
    ('A2', 'C1')
    """
    if value is None:
        return ()
    if isinstance(value, str):
        prepared = _prepare(value)
        found = {
            code
            for m in _CODE_RE.finditer(prepared)
            if (code := (m.group(1) or m.group(2)).upper()) in _ORDER
        }
        for part in _SEPARATORS.split(prepared):
            code = normalise_class(part)
            if code:
                found.add(code)
        return tuple(sorted(found, key=_ORDER.__getitem__))
    found = set()
    for item in value:
        if isinstance(item, str):
            found.update(parse_classes(item))
    return tuple(sorted(found, key=_ORDER.__getitem__))


def covers(held: Iterable[str] | str | None, required: str | None) -> bool:
    """True when the held classes permit driving what ``required`` permits.

    ``required`` None (no licence needed) is always satisfied; an unknown
    required class is never satisfied.

    >>> covers(["A2"], "B2")
    True
    >>> covers(["C1"], "B2")
    False
    """
    if required is None or required == "":
        return True
    need = normalise_class(required)
    if need is None:
        return False
    return not _COVERING[need].isdisjoint(parse_classes(held))


def classes_covering(required: str) -> frozenset[str]:
    """Every class that permits ``required``, itself included.

    >>> sorted(classes_covering("B2"))
    ['A1', 'A2', 'B2']
    """
    need = normalise_class(required)
    return _COVERING[need] if need else frozenset()
