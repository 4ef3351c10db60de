"""Documents into numbers: the facts of seekers and postings as small integers.

What the index stores for each document (:func:`seeker_columns`,
:func:`posting_columns`) and how a document is read into it: constraint
bitmasks (:mod:`matching.constraints`), monthly pay (:mod:`matching.scoring`),
up to three occupation ids and a district. The ranking and the explanation of
one pair read occupations and districts through the same functions here, so
they always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from matching import constraints, regions, scoring, taxonomy, titles
from matching.documents import PostingDoc, SeekerDoc
from matching.text import normalise

__all__ = [
    "OCCUPATION_SLOTS",
    "seeker_columns",
    "posting_columns",
    "occupation_codes_of_seeker",
    "seeker_occupation_ids",
    "district_of_seeker",
    "occupation_code_of_posting",
    "encode_seekers",
    "encode_seekers_parallel",
]

#: Occupations kept per seeker (the first ones mentioned).
OCCUPATION_SLOTS = 3
_PARALLEL_MIN_DOCS = 100_000
_ENCODE_CHUNK = 50_000

ColumnSpec = dict[str, tuple[tuple[int, ...], Any, object]]


def seeker_columns(n_features: int, n_terms: int) -> ColumnSpec:
    """Column name -> (row shape, dtype, fill) of the seeker store.

    Term ids (and the padding id ``n_features``) take 2 bytes when they fit.
    """
    return {
        "ids": ((), np.int64, -1),
        "flags": ((), np.uint8, 0),
        "lic": ((), np.uint32, 0),
        "avail": ((), np.uint8, 0),
        "birth": ((), np.int16, 0),
        "pay": ((), np.float32, np.nan),
        "occ": ((OCCUPATION_SLOTS,), np.int16, -1),
        "dist": ((), np.int32, -1),
        "terms": ((n_terms,), np.uint16 if n_features <= 0xFFFF else np.int32, n_features),
        "weights": ((n_terms,), np.float32, 0.0),
    }


def posting_columns(n_features: int, n_terms: int) -> ColumnSpec:
    """Column name -> (row shape, dtype, fill) of the posting store."""
    return {
        "ids": ((), np.int64, -1),
        "flags": ((), np.uint8, 0),
        "lic": ((), np.uint32, 0),
        "sched": ((), np.uint8, 0),
        "min_age": ((), np.int16, 0),
        "lo": ((), np.float32, np.nan),
        "hi": ((), np.float32, np.nan),
        "occ": ((), np.int16, -1),
        "dist": ((), np.int32, -1),
        "terms": ((n_terms,), np.int32, n_features),
        "weights": ((n_terms,), np.float32, 0.0),
    }


def occupation_codes_of_seeker(doc: SeekerDoc, fuzzy: bool) -> tuple[str, ...]:
    """The seeker's occupation codes, or those its text names (typos too with ``fuzzy``)."""
    if doc.occupation_codes:
        return tuple(doc.occupation_codes)
    return titles.codes_for_text(doc.text, fuzzy=fuzzy)


def seeker_occupation_ids(doc: SeekerDoc, occ_index: dict[str, int], fuzzy: bool) -> list[int]:
    """Ids of the seeker's first :data:`OCCUPATION_SLOTS` known occupations, without repeats.

    >>> seeker_occupation_ids(SeekerDoc(1, "", occupation_codes=("X", "B", "A", "B", "C")),
    ...                       {"A": 0, "B": 1, "C": 2, "D": 3}, fuzzy=False)
    [1, 0, 2]
    """
    out: list[int] = []
    for c in occupation_codes_of_seeker(doc, fuzzy):
        o = occ_index.get(c)
        if o is not None and o not in out:
            out.append(o)
            if len(out) == OCCUPATION_SLOTS:
                break
    return out


def district_of_seeker(doc: SeekerDoc) -> str | None:
    """The seeker's district code, or one named explicitly in their text when empty.

    ``regions.place_in_text``: exact, unambiguous Inner Mongolia names only
    ("住在包头昆区" -> 150203); None when nothing sure is found (the location
    component then stays "unknown").
    """
    if doc.district_code:
        return doc.district_code
    place = regions.place_in_text(doc.text)
    return place.code if place is not None else None


def occupation_code_of_posting(doc: PostingDoc) -> str | None:
    """The posting's occupation code, or the first one its text names."""
    if doc.occupation_code and taxonomy.get(doc.occupation_code) is not None:
        return doc.occupation_code
    codes = titles.codes_for_text(doc.text)
    return codes[0] if codes else None


def encode_seekers(docs: Sequence[SeekerDoc], occ_index: dict[str, int], fuzzy: bool):
    """Normalised texts and fact arrays of a list of seekers (district codes, not ids).

    Returns ``(texts, ids, flags, lic, avail, birth, pay, occ, district codes)``.
    """
    n = len(docs)
    texts: list[str] = []
    ids = np.empty(n, np.int64)
    flags = np.empty(n, np.uint8)
    lic = np.empty(n, np.uint32)
    avail = np.empty(n, np.uint8)
    birth = np.empty(n, np.int16)
    pay = np.empty(n, np.float32)
    occ = np.full((n, OCCUPATION_SLOTS), -1, np.int16)
    dists: list[str | None] = []
    seeker_flags = constraints.seeker_flags
    licence_mask = constraints.licence_mask
    availability_mask = constraints.availability_mask
    monthly = scoring.monthly
    for i, d in enumerate(docs):
        texts.append(normalise(d.text))
        ids[i] = d.id
        flags[i] = seeker_flags(d)
        lic[i] = licence_mask(tuple(d.licences)) if d.licences else 0
        avail[i] = availability_mask(d.availability)
        birth[i] = d.birth_year or 0
        pay[i] = monthly(d.pay_amount, d.pay_unit)
        o = seeker_occupation_ids(d, occ_index, fuzzy)
        occ[i, : len(o)] = o
        dists.append(district_of_seeker(d))
    return texts, ids, flags, lic, avail, birth, pay, occ, dists


_POOL_DOCS: list | None = None


def _encode_slice(args):
    start, stop, occ_index, fuzzy = args
    assert _POOL_DOCS is not None
    return encode_seekers(_POOL_DOCS[start:stop], occ_index, fuzzy)


def encode_seekers_parallel(
    docs: list[SeekerDoc],
    occ_index: dict[str, int],
    fuzzy: bool,
    n_jobs: int,
    progress: Callable[[int, int], Any] | None = None,
):
    """:func:`encode_seekers` over chunks, in forked worker processes when large.

    Returns ``(texts, [ids, flags, lic, avail, birth, pay, occ], district codes)``.
    """
    global _POOL_DOCS
    n = len(docs)
    bounds = [(s, min(n, s + _ENCODE_CHUNK)) for s in range(0, n, _ENCODE_CHUNK)]
    results = []
    if fuzzy:
        titles.prepare()  # once in the parent, shared by the forked workers
    if n_jobs > 1 and n >= _PARALLEL_MIN_DOCS:
        from matching import forked

        _POOL_DOCS = docs
        try:
            with forked.pool(n_jobs) as pool:
                for i, res in enumerate(
                    pool.imap(_encode_slice, [(s, e, occ_index, fuzzy) for s, e in bounds])
                ):
                    results.append(res)
                    if progress:
                        progress(bounds[i][1], n)
        finally:
            _POOL_DOCS = None
    else:
        for s, e in bounds:
            results.append(encode_seekers(docs[s:e], occ_index, fuzzy))
            if progress:
                progress(e, n)
    if not results:
        results.append(encode_seekers([], occ_index, fuzzy))
    texts = [t for r in results for t in r[0]]
    arrays = [np.concatenate([r[i] for r in results]) for i in range(1, 8)]
    dists = [d for r in results for d in r[8]]
    return texts, arrays, dists
