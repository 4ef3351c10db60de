"""The matcher: rank eligible seekers for a posting, postings for a seeker, a fair in one batch.

:class:`Matcher` follows scikit-learn's estimator conventions: ``__init__``
stores parameters, :meth:`Matcher.fit` learns the attributes ending in ``_``
and returns ``self``. After ``fit`` single documents are added, changed and
removed in place (:meth:`upsert_seeker`, :meth:`remove_seeker`, ...), each
bumping :attr:`version_` so workers can tell their copy is stale.

How a ranking is computed (see bench/README.md for the measurements):

1. hard constraints first (:mod:`matching.constraints`): an excluded seeker
   is never scored, so it cannot appear at any offset;
2. score = weighted sum (:mod:`matching.scoring`) of text cosine (character
   n-gram TF-IDF of :func:`matching.text.normalise`d text), occupation
   relatedness through the taxonomy, location proximity, schedule and pay;
3. an exact top-k with bounded heaps in compiled loops
   (:mod:`matching.kernels`) over seekers kept in blocks of (occupation set,
   district) (:class:`matching.index.SeekerGroups`), skipping whole blocks,
   and the text product of single seekers, whose best possible score cannot
   enter the top-k; the eligible count comes from per-class counts
   (:class:`matching.index.ConstraintClasses`);
4. every returned result is explained (:mod:`matching.explain`).

Examples
--------
>>> from matching.documents import PostingDoc, SeekerDoc
>>> m = Matcher().fit(
...     [SeekerDoc(1, "外卖骑手 有电动车", occupation_codes=("D01",), has_ebike=True)],
...     [PostingDoc(10, "招聘外卖骑手", occupation_code="D01", needs_vehicle="ebike")],
... )
>>> matches, total = m.rank_seekers(10)
>>> matches[0].id, total
(1, 1)
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Callable, Collection, Iterable
from datetime import date
from typing import Any

import numpy as np

from matching import constraints, explain, kernels, regions, scoring, taxonomy
from matching.documents import Eligibility, Match, PostingDoc, SeekerDoc
from matching.index import (
    MAX_BLOCKS,
    Columns,
    ConstraintClasses,
    DistrictTable,
    IdMap,
    OccupationTable,
    SeekerGroups,
    decode_keys,
)
from matching.text import normalise
from matching.vectorizer import CharNgramTfidf

__all__ = ["Matcher", "NotFittedError"]

#: 2: seeker term ids in uint16 when the vocabulary allows.
_FORMAT = 2
_PARALLEL_MIN_DOCS = 100_000
_ENCODE_CHUNK = 50_000


#: Seeker columns passed to the ranking kernels (``kernels.top_seekers*``), in order.
SCAN_COLUMNS = ("flags", "lic", "avail", "birth", "occ", "dist", "pay", "terms", "weights")


class NotFittedError(RuntimeError):
    """The matcher was used before :meth:`Matcher.fit` or :meth:`Matcher.load`."""


# ----------------------------------------------------------------------------
# Encoding documents into numbers
# ----------------------------------------------------------------------------


def _occupation_codes_of_seeker(doc: SeekerDoc, fuzzy: bool) -> tuple[str, ...]:
    if doc.occupation_codes:
        return tuple(doc.occupation_codes)
    return taxonomy.codes_for_text(doc.text, fuzzy=fuzzy)


def _district_of_seeker(doc: SeekerDoc) -> str | None:
    """The seeker's district code, or one named explicitly in their text when empty.

    ``regions.place_in_text``: exact, unambiguous Inner Mongolia names only
    ("住在包头昆区" -> 150203); None when nothing sure is found (the location
    component then stays "unknown").
    """
    if doc.district_code:
        return doc.district_code
    place = regions.place_in_text(doc.text)
    return place.code if place is not None else None


def _occupation_code_of_posting(doc: PostingDoc) -> str | None:
    if doc.occupation_code and taxonomy.get(doc.occupation_code) is not None:
        return doc.occupation_code
    codes = taxonomy.codes_for_text(doc.text)
    return codes[0] if codes else None


def _encode_seekers(docs, occ_index: dict[str, int], fuzzy: bool):
    """Normalised texts and fact arrays of a list of seekers (no district ids yet)."""
    n = len(docs)
    texts: list[str] = []
    ids = np.empty(n, np.int64)
    flags = np.empty(n, np.uint8)
    lic = np.empty(n, np.uint32)
    avail = np.empty(n, np.uint8)
    birth = np.empty(n, np.int16)
    pay = np.empty(n, np.float32)
    occ = np.full((n, 3), -1, np.int16)
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
        m = 0
        for c in _occupation_codes_of_seeker(d, fuzzy):
            o = occ_index.get(c)
            if o is not None and (m == 0 or o not in occ[i, :m]):
                occ[i, m] = o
                m += 1
                if m == 3:
                    break
        dists.append(_district_of_seeker(d))
    return texts, ids, flags, lic, avail, birth, pay, occ, dists


_POOL_DOCS: list | None = None


def _encode_slice(args):
    start, stop, occ_index, fuzzy = args
    assert _POOL_DOCS is not None
    return _encode_seekers(_POOL_DOCS[start:stop], occ_index, fuzzy)


def _encode_seekers_parallel(docs: list, occ_index, fuzzy, n_jobs: int, progress=None):
    """:func:`_encode_seekers` over chunks, in forked worker processes when large."""
    global _POOL_DOCS
    n = len(docs)
    bounds = [(s, min(n, s + _ENCODE_CHUNK)) for s in range(0, n, _ENCODE_CHUNK)]
    results = []
    if fuzzy:
        taxonomy.prepare()  # once in the parent, shared by the forked workers
    if n_jobs > 1 and n >= _PARALLEL_MIN_DOCS:
        import multiprocessing as mp

        _POOL_DOCS = docs
        try:
            with mp.get_context("fork").Pool(n_jobs) as pool:
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
            results.append(_encode_seekers(docs[s:e], occ_index, fuzzy))
            if progress:
                progress(e, n)
    if not results:
        results.append(_encode_seekers([], occ_index, fuzzy))
    texts = [t for r in results for t in r[0]]
    arrays = [np.concatenate([r[i] for r in results]) for i in range(1, 8)]
    dists = [d for r in results for d in r[8]]
    return texts, arrays, dists


# ----------------------------------------------------------------------------
# The matcher
# ----------------------------------------------------------------------------


class Matcher:
    """Rank seekers and postings against each other, with reasons.

    Parameters
    ----------
    weights : dict, optional
        Overrides of :data:`matching.scoring.WEIGHTS` (keys of
        :data:`matching.scoring.COMPONENTS`); default: the tuned weights.
    ngram_range : (int, int)
        Character n-grams of the text component (chosen by bench/evaluate.py).
    seeker_terms, posting_terms : int
        Strongest TF-IDF terms kept per seeker / posting (index pruning).
    vocab_sample : int
        Seekers (besides all postings) that the vocabulary and idf are learned
        from; the rest are only transformed.
    n_jobs : int or None
        Worker processes for encoding large fits (None: number of CPUs, max 4).
    fuzzy_limit : int or None
        Seekers without occupation codes get them from their text through the
        taxonomy, typos included (a precomputed pinyin index, cached per word:
        a few microseconds a seeker). None (default): always; an int: typo
        tolerance only while at most this many seekers of a fit lack codes,
        exact synonyms above that.
    as_of : date or None
        The day ages are computed for (None: today); for reproducible runs.
    """

    def __init__(
        self,
        weights: dict[str, float] | None = None,
        ngram_range: tuple[int, int] = (1, 2),
        seeker_terms: int = 20,
        posting_terms: int = 64,
        vocab_sample: int = 200_000,
        n_jobs: int | None = None,
        fuzzy_limit: int | None = None,
        as_of: date | None = None,
    ) -> None:
        self.weights = weights
        self.ngram_range = ngram_range
        self.seeker_terms = seeker_terms
        self.posting_terms = posting_terms
        self.vocab_sample = vocab_sample
        self.n_jobs = n_jobs
        self.fuzzy_limit = fuzzy_limit
        self.as_of = as_of

    def _year(self) -> int:
        return (self.as_of or date.today()).year

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        seekers: Iterable[SeekerDoc],
        postings: Iterable[PostingDoc],
        progress: Callable[[int, int], Any] | None = None,
    ) -> Matcher:
        """Build the index from scratch. ``progress(done, total)`` is called as it goes."""
        seekers = seekers if isinstance(seekers, list) else list(seekers)
        postings = postings if isinstance(postings, list) else list(postings)
        n_s = len(seekers)
        total = n_s * 2 + len(postings)
        self.weights_ = scoring.weights_array(self.weights)
        self.occupations_ = OccupationTable()
        self.districts_ = DistrictTable()
        missing = sum(1 for d in seekers if not d.occupation_codes)
        self.fuzzy_codes_ = self.fuzzy_limit is None or missing <= self.fuzzy_limit
        jobs = self.n_jobs or min(4, os.cpu_count() or 1)

        def enc_progress(done, _n):
            if progress:
                progress(done, total)

        texts, arrays, dists = _encode_seekers_parallel(
            seekers, self.occupations_.index, self.fuzzy_codes_, jobs, enc_progress
        )
        ids, flags, lic, avail, birth, pay, occ = arrays
        if len(np.unique(ids)) != len(ids):
            raise ValueError("seeker ids must be unique")
        post_texts = [normalise(p.text) for p in postings]
        sample = post_texts + texts[: self.vocab_sample]
        self.vectorizer_ = CharNgramTfidf(ngram_range=tuple(self.ngram_range)).fit(sample)
        del sample
        self.n_features_ = len(self.vectorizer_.vocabulary_keys_)
        self._term_names: dict[int, str] = {}

        # Seekers: facts, then text rows written chunk by chunk into the store.
        headroom = max(1024, n_s // 32)
        self.seekers_ = Columns(self._seeker_spec(), capacity=n_s + headroom)
        cols = self.seekers_.arrays
        cols["ids"][:n_s] = ids
        cols["flags"][:n_s] = flags
        cols["lic"][:n_s] = lic
        cols["avail"][:n_s] = avail
        cols["birth"][:n_s] = birth
        cols["pay"][:n_s] = pay
        cols["occ"][:n_s] = occ
        cache: dict[str | None, int] = {}
        dist_ids = np.empty(n_s, np.int32)
        for i, code in enumerate(dists):
            d = cache.get(code)
            if d is None:
                d = cache[code] = self.districts_.add(code)
            dist_ids[i] = d
        cols["dist"][:n_s] = dist_ids
        step = 1 << 16
        for s in range(0, n_s, step):
            e = min(n_s, s + step)
            t, w = self.vectorizer_.transform_ell(texts[s:e], self.seeker_terms)
            cols["terms"][s:e] = t
            cols["weights"][s:e] = w
            texts[s:e] = [""] * (e - s)  # free memory as we go
            if progress:
                progress(n_s + e, total)
        self.seekers_.n = n_s
        self.seeker_rows_ = IdMap()
        self.seeker_rows_.set_many(ids, np.arange(n_s, dtype=np.int64))
        del texts
        self._index_seekers()

        # Postings.
        self.postings_ = Columns(self._posting_spec(), capacity=len(postings) + 256)
        self.posting_rows_ = IdMap()
        self.posting_docs_: dict[int, PostingDoc] = {}
        for doc, text in zip(postings, post_texts, strict=True):
            self._write_posting(doc, text)
        if progress:
            progress(total, total)
        self.version_ = 1
        _release_free_memory()
        return self

    def _seeker_spec(self):
        pad = self.n_features_
        return {
            "ids": ((), np.int64, -1),
            "flags": ((), np.uint8, 0),
            "lic": ((), np.uint32, 0),
            "avail": ((), np.uint8, 0),
            "birth": ((), np.int16, 0),
            "pay": ((), np.float32, np.nan),
            "occ": ((3,), np.int16, -1),
            "dist": ((), np.int32, -1),
            # term ids (and the padding id n_features) in 2 bytes when they fit
            "terms": ((self.seeker_terms,), np.uint16 if pad <= 0xFFFF else np.int32, pad),
            "weights": ((self.seeker_terms,), np.float32, 0.0),
        }

    def _posting_spec(self):
        pad = self.n_features_
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
            "terms": ((self.posting_terms,), np.int32, pad),
            "weights": ((self.posting_terms,), np.float32, 0.0),
        }

    def _check_fitted(self) -> None:
        if not hasattr(self, "version_"):
            raise NotFittedError("call fit() or Matcher.load() first")

    def _index_seekers(self) -> None:
        """(Re)build the occupation groups and the constraint classes from the arrays."""
        if not hasattr(self, "_seeker_lock"):
            # Updates and a query-time rebuild of the groups must not interleave
            # (queries themselves only read, as before).
            self._seeker_lock = threading.RLock()
        s = self.seekers_.arrays
        n = self.seekers_.n
        live = (s["flags"][:n] & constraints.ALIVE) != 0
        self._groups = SeekerGroups(
            s, n, live, len(self.occupations_.codes), len(self.districts_.codes)
        )
        self._classes = ConstraintClasses(
            s["flags"][:n][live], s["lic"][:n][live], s["avail"][:n][live], s["birth"][:n][live]
        )

    def _seeker_facts(self, row: int):
        a = self.seekers_.arrays
        return a["flags"][row], a["lic"][row], a["avail"][row], a["birth"][row]

    # -------------------------------------------------------------- updates
    def upsert_seeker(self, doc: SeekerDoc) -> None:
        """Add or replace one seeker, in place (no refit)."""
        self._check_fitted()
        texts, arrays, dists = _encode_seekers_parallel(
            [doc], self.occupations_.index, self.fuzzy_codes_, 1
        )
        ids, flags, lic, avail, birth, pay, occ = arrays
        t, w = self.vectorizer_.transform_ell(texts, self.seeker_terms)
        with self._seeker_lock:
            dist = self.districts_.add(dists[0])
            self._write_seeker(
                doc.id, flags[0], lic[0], avail[0], birth[0], pay[0], occ[0], dist, t[0], w[0]
            )
        self.version_ += 1

    def _write_seeker(self, doc_id, flags, lic, avail, birth, pay, occ, dist, terms, weights):
        """Write one encoded seeker into its row; keeps classes and groups current (locked)."""
        row = self.seeker_rows_.get(doc_id)
        was_live = row >= 0
        if row < 0:
            row = self.seekers_.new_row()
            self.seeker_rows_.set(doc_id, row)
        a = self.seekers_.arrays
        old_key, old_dist = None, int(a["dist"][row])
        if was_live:
            self._classes.discard(*self._seeker_facts(row))
            old_key = self._groups.key_of(a["occ"][row])
        a["ids"][row] = doc_id
        a["flags"][row] = flags
        a["lic"][row] = lic
        a["avail"][row] = avail
        a["birth"][row] = birth
        a["pay"][row] = pay
        a["occ"][row] = occ
        a["dist"][row] = dist
        a["terms"][row] = terms
        a["weights"][row] = weights
        self._classes.add(*self._seeker_facts(row))
        self._groups.written(row, old_key, old_dist, a)

    def remove_seeker(self, seeker_id: int) -> None:
        """Forget a seeker (deleted account); unknown ids are ignored."""
        self._check_fitted()
        with self._seeker_lock:
            row = self.seeker_rows_.get(seeker_id)
            if row >= 0:
                self._classes.discard(*self._seeker_facts(row))
                a = self.seekers_.arrays
                self._groups.removed(row, a["occ"][row], int(a["dist"][row]))
                self.seekers_.clear_row(row)
                self.seeker_rows_.delete(seeker_id)
        self.version_ += 1

    def upsert_posting(self, doc: PostingDoc) -> None:
        """Add or replace one posting, in place (no refit)."""
        self._check_fitted()
        self._write_posting(doc, normalise(doc.text))
        self.version_ += 1

    def remove_posting(self, posting_id: int) -> None:
        """Forget a posting; unknown ids are ignored."""
        self._check_fitted()
        row = self.posting_rows_.get(posting_id)
        if row >= 0:
            self.postings_.clear_row(row)
            self.posting_rows_.delete(posting_id)
            self.posting_docs_.pop(posting_id, None)
        self.version_ += 1

    def _write_posting(self, doc: PostingDoc, text: str) -> None:
        row = self.posting_rows_.get(doc.id)
        if row < 0:
            row = self.postings_.new_row()
            self.posting_rows_.set(doc.id, row)
        t, w = self.vectorizer_.transform_ell([text], self.posting_terms)
        a = self.postings_.arrays
        a["ids"][row] = doc.id
        a["flags"][row] = constraints.posting_flags(doc)
        a["lic"][row] = constraints.required_licence_mask(doc.required_licence)
        a["sched"][row] = constraints.availability_mask(doc.schedule)
        a["min_age"][row] = doc.min_age or 0
        a["lo"][row] = scoring.monthly(doc.pay_min, doc.pay_unit)
        a["hi"][row] = scoring.monthly(doc.pay_max, doc.pay_unit)
        code = _occupation_code_of_posting(doc)
        a["occ"][row] = self.occupations_.index.get(code, -1) if code else -1
        a["dist"][row] = self.districts_.add(doc.district_code)
        a["terms"][row] = t[0]
        a["weights"][row] = w[0]
        self.posting_docs_[doc.id] = doc

    # -------------------------------------------------------------- helpers
    def _posting_row(self, posting_id: int) -> int:
        row = self.posting_rows_.get(posting_id)
        if row < 0:
            raise KeyError(f"unknown posting {posting_id}")
        return row

    def _dense(self, terms: np.ndarray, weights: np.ndarray) -> np.ndarray:
        qd = np.zeros(self.n_features_ + 1, dtype=np.float32)
        qd[terms] = weights
        qd[self.n_features_] = 0.0
        return qd

    def _scan_columns(self) -> list[np.ndarray]:
        """The seeker columns every ranking kernel reads, in the kernels' argument order."""
        s = self.seekers_.arrays
        return [s[name] for name in SCAN_COLUMNS]

    def _occ_tab(self, p_occ: int) -> np.ndarray:
        rel = self.occupations_.related
        return rel[p_occ] if p_occ >= 0 else np.zeros(rel.shape[1], np.float32)

    def _term_name(self, tid: int) -> str:
        name = self._term_names.get(tid)
        if name is None:
            name = self._term_names[tid] = self.vectorizer_.feature_name(tid)
        return name

    def _held(self, mask: int) -> tuple[str, ...]:
        bits = constraints.class_bits()
        return tuple(c for c, b in bits.items() if mask & b)

    # -------------------------------------------------------------- ranking
    def rank_seekers(
        self,
        posting_id: int,
        k: int = 50,
        offset: int = 0,
        district_code: str | None = None,
        licence: str | None = None,
    ) -> tuple[list[Match], int]:
        """One page of eligible seekers for a posting, best first, and how many are eligible.

        Hard constraints (and the optional ``district_code`` filter — a district
        or a whole league — and ``licence`` filter) are applied before ranking,
        so the page at any ``offset`` holds eligible seekers only. The count is
        exact.
        """
        self._check_fitted()
        prow = self._posting_row(posting_id)
        p = self.postings_.arrays
        kk = max(0, int(offset)) + max(0, int(k))
        if kk == 0:
            return [], 0
        qd = self._dense(p["terms"][prow], p["weights"][prow])
        p_occ = int(p["occ"][prow])
        p_dist = int(p["dist"][prow])
        loc_tab = self.districts_.location_values(p_dist)
        if district_code:
            dist_ok, use_df = self.districts_.within(district_code), True
        else:
            dist_ok, use_df = np.zeros(1, np.bool_), False
        lic_filter = constraints.required_licence_mask(licence) if licence else 0
        if self._groups.needs_rebuild():
            with self._seeker_lock:
                if self._groups.needs_rebuild():
                    self._index_seekers()
        if not use_df or self._groups.nblk > 1:
            scores, rows, total = self._top_grouped(
                prow, qd, loc_tab, lic_filter, kk, dist_ok if use_df else None
            )
            scores, rows = scores[offset:], rows[offset:]
            return self._explain_seekers(prow, qd, rows, scores), total
        # A district filter and districts not split into blocks (very many of them):
        # one full scan, which also counts the eligible seekers there.
        n = self.seekers_.n
        n_chunks = kernels.num_threads() if n >= 200_000 else 1
        kernel = kernels.top_seekers if n_chunks > 1 else kernels.top_seekers_serial
        out_s, out_r, sizes, counts = kernel(
            np.empty(0, np.int64),
            False,
            n,
            qd,
            self.n_features_,
            self._occ_tab(p_occ),
            loc_tab,
            np.float32(scoring.LOCATION_SCORE["unknown"]),
            int(p["flags"][prow]),
            int(p["lic"][prow]),
            int(p["sched"][prow]),
            int(p["min_age"][prow]),
            np.float32(p["lo"][prow]),
            np.float32(p["hi"][prow]),
            self._year(),
            self.weights_,
            dist_ok,
            use_df,
            lic_filter,
            *self._scan_columns(),
            kk,
            n_chunks,
        )
        scores, rows = kernels.merge_chunks(out_s, out_r, sizes, kk)
        scores, rows = scores[offset:], rows[offset:]
        matches = self._explain_seekers(prow, qd, rows, scores)
        return matches, int(counts.sum())

    def _top_grouped(self, prow: int, qd, loc_tab, lic_filter: int, kk: int, dist_ok=None):
        """Exact top ``kk`` of one posting over the occupation groups, and the eligible count.

        ``dist_ok``: mask of the districts to keep (needs ``self._groups.nblk > 1``).
        """
        groups = self._groups
        use_df = dist_ok is not None
        if not use_df:
            dist_ok = np.zeros(1, np.bool_)
        assert not use_df or groups.nblk > 1
        p = self.postings_.arrays
        s = self.seekers_.arrays
        occ_tab = self._occ_tab(int(p["occ"][prow]))
        unknown = np.float32(scoring.LOCATION_SCORE["unknown"])
        g_o = _group_occupation_values(occ_tab[None, :], groups.codes)[0]
        g_order = np.argsort(-g_o, kind="stable")
        block_loc = _block_location_values(loc_tab[None, :], groups.nblk, unknown)[0]
        d_order = np.argsort(-block_loc, kind="stable")
        p_flags, p_lic = int(p["flags"][prow]), int(p["lic"][prow])
        p_sched, p_min_age = int(p["sched"][prow]), int(p["min_age"][prow])
        year = self._year()
        hs, hr, size = kernels.top_seekers_grouped(
            groups.perm,
            groups.bstart,
            groups.nblk,
            g_order,
            g_o,
            d_order,
            block_loc,
            *groups.hot.values(),
            groups.tail,
            groups.n_tail,
            qd,
            self.n_features_,
            occ_tab,
            loc_tab,
            unknown,
            p_flags,
            p_lic,
            p_sched,
            p_min_age,
            np.float32(p["lo"][prow]),
            np.float32(p["hi"][prow]),
            year,
            self.weights_,
            lic_filter,
            dist_ok,
            use_df,
            *self._scan_columns(),
            kk,
        )
        if use_df:  # count in the chosen districts' blocks (and the tail)
            h = groups.hot
            total = kernels.count_in_districts(
                groups.bstart,
                groups.nblk,
                dist_ok,
                h["flags"],
                h["lic"],
                h["avail"],
                h["birth"],
                groups.tail,
                groups.n_tail,
                s["flags"],
                s["lic"],
                s["avail"],
                s["birth"],
                s["dist"],
                p_flags,
                p_lic,
                p_sched,
                p_min_age,
                year,
                lic_filter,
            )
        else:
            c = self._classes
            total = kernels.count_classes(
                c.flags,
                c.lic,
                c.avail,
                c.birth,
                c.count,
                c.n,
                p_flags,
                p_lic,
                p_sched,
                p_min_age,
                year,
                lic_filter,
            )
        order = np.lexsort((hr[:size], -hs[:size]))
        return hs[:size][order], hr[:size][order], int(total)

    def rank_postings(
        self, seeker_id: int, k: int = 20, posting_ids: Collection[int] | None = None
    ) -> list[Match]:
        """Open postings (optionally among ``posting_ids``) whose constraints the seeker meets."""
        self._check_fitted()
        srow = self.seeker_rows_.get(seeker_id)
        if srow < 0:
            raise KeyError(f"unknown seeker {seeker_id}")
        if k <= 0:
            return []
        s = self.seekers_.arrays
        p = self.postings_.arrays
        qd = self._dense(s["terms"][srow], s["weights"][srow])
        rel = self.occupations_.related
        occ_row = np.zeros(rel.shape[0], np.float32)
        for c in s["occ"][srow]:
            if c >= 0:
                occ_row = np.maximum(occ_row, rel[:, c])
        s_dist = int(s["dist"][srow])
        loc_row = self.districts_.location_values(s_dist)
        if posting_ids is not None:
            rows = np.array(
                [r for r in (self.posting_rows_.get(int(i)) for i in posting_ids) if r >= 0],
                dtype=np.int64,
            )
            use_rows = True
        else:
            rows, use_rows = np.empty(0, np.int64), False
        hs, hr, size = kernels.top_postings(
            rows,
            use_rows,
            self.postings_.n,
            qd,
            self.n_features_,
            occ_row,
            loc_row,
            np.float32(scoring.LOCATION_SCORE["unknown"]),
            int(s["flags"][srow]),
            int(s["lic"][srow]),
            int(s["avail"][srow]),
            int(s["birth"][srow]),
            np.float32(s["pay"][srow]),
            s_dist >= 0,
            self._year(),
            self.weights_,
            p["flags"],
            p["lic"],
            p["sched"],
            p["min_age"],
            p["lo"],
            p["hi"],
            p["occ"],
            p["dist"],
            p["terms"],
            p["weights"],
            int(k),
            True,
        )
        order = np.lexsort((hr[:size], -hs[:size]))
        out = []
        for i in order:
            prow = int(hr[i])
            m = self._explain_seekers(
                prow,
                self._dense(p["terms"][prow], p["weights"][prow]),
                np.array([srow]),
                np.array([hs[i]]),
            )[0]
            pid = int(p["ids"][prow])
            out.append(Match(pid, m.score, m.components, m.reasons, m.matched_terms))
        return out

    def rank_fair(
        self, seeker_ids: Iterable[int], posting_ids: Iterable[int], k: int = 50
    ) -> dict[int, list[Match]]:
        """Top-k eligible seekers among ``seeker_ids`` for every posting, in one batch."""
        self._check_fitted()
        srows = self.seeker_rows_.get_many(seeker_ids)
        return self._fair_rows(srows, [int(i) for i in posting_ids], k)

    def _fair_rows(self, srows: np.ndarray, posting_ids: list[int], k: int):
        p = self.postings_.arrays
        s = self.seekers_.arrays
        prows = np.array([self._posting_row(i) for i in posting_ids], dtype=np.int64)
        if len(prows) == 0 or k <= 0:
            return {i: [] for i in posting_ids}
        rel = self.occupations_.related
        occ_tabs = np.zeros((len(prows), rel.shape[1]), np.float32)
        p_occ = p["occ"][prows]
        has = p_occ >= 0
        occ_tabs[has] = rel[p_occ[has]]
        nd = max(1, len(self.districts_.codes))
        loc_tabs = np.zeros((len(prows), nd), np.float32)
        for i, d in enumerate(p["dist"][prows]):
            loc_tabs[i] = self.districts_.location_values(int(d))
        threads = kernels.num_threads()
        # Seekers sorted by (occupation set, district), their scanned columns gathered in
        # that order; each posting visits the blocks best first and stops where none can enter.
        unknown = np.float32(scoring.LOCATION_SCORE["unknown"])
        n_codes = len(self.occupations_.codes)
        rows, gkeys, bstart, nblk = kernels.sort_groups(
            srows, s["occ"], s["dist"], n_codes, len(self.districts_.codes) + 1, MAX_BLOCKS
        )
        g_os = _group_occupation_values(occ_tabs, decode_keys(gkeys, n_codes))
        g_orders = np.argsort(-g_os, axis=1, kind="stable")
        block_locs = _block_location_values(loc_tabs, nblk, unknown)
        d_orders = np.argsort(-block_locs, axis=1, kind="stable")
        gathered = kernels.gather_rows(
            rows, s["flags"], s["lic"], s["avail"], s["birth"], s["dist"], s["pay"]
        )
        # postings of one occupation next to each other: they read the same groups
        by_occ = np.argsort(p_occ, kind="stable")
        q = prows[by_occ]
        out_s, out_r, sizes = kernels.fair_top_grouped(
            rows,
            bstart,
            nblk,
            g_orders[by_occ],
            g_os[by_occ],
            d_orders[by_occ],
            block_locs[by_occ],
            p["terms"][q],
            p["weights"][q],
            self.n_features_,
            loc_tabs[by_occ],
            unknown,
            p["flags"][q],
            p["lic"][q],
            p["sched"][q],
            p["min_age"][q],
            p["lo"][q],
            p["hi"][q],
            self._year(),
            self.weights_,
            *gathered,
            s["terms"],
            s["weights"],
            int(k),
            threads,
        )
        del gathered, rows
        back = np.empty_like(by_occ)
        back[by_occ] = np.arange(len(by_occ))
        out_s, out_r, sizes = out_s[back], out_r[back], sizes[back]
        result: dict[int, list[Match]] = {}
        qd = np.zeros(self.n_features_ + 1, np.float32)
        for i, pid in enumerate(posting_ids):
            size = int(sizes[i])
            order = np.lexsort((out_r[i, :size], -out_s[i, :size]))
            rows = out_r[i, :size][order]
            scores = out_s[i, :size][order]
            prow = int(prows[i])
            t, w = p["terms"][prow], p["weights"][prow]
            qd[t] = w
            qd[self.n_features_] = 0.0
            result[pid] = self._explain_seekers(prow, qd, rows, scores)
            qd[t] = 0.0
        _release_free_memory()  # the batch's large temporaries
        return result

    # ---------------------------------------------------------- explaining
    def _explain_seekers(self, prow: int, qd: np.ndarray, rows: np.ndarray, scores: np.ndarray):
        """Match objects for seeker rows of one posting (components recomputed, vectorised)."""
        if len(rows) == 0:
            return []
        p = self.postings_.arrays
        s = self.seekers_.arrays
        rows = np.asarray(rows, dtype=np.int64)
        terms = s["terms"][rows]
        contrib = qd[terms] * s["weights"][rows]
        text = contrib.sum(axis=1)
        p_occ = int(p["occ"][prow])
        occ_tab = self._occ_tab(p_occ)
        s_occ = s["occ"][rows]
        occ_vals = np.where(s_occ >= 0, occ_tab[np.maximum(s_occ, 0)], -1.0)
        best = occ_vals.argmax(axis=1)
        occ = np.maximum(occ_vals.max(axis=1), 0.0)
        p_dist = int(p["dist"][prow])
        s_dist = s["dist"][rows]
        prox_names = scoring.PROXIMITY_CLASSES
        unknown = prox_names.index("unknown")
        if p_dist >= 0:
            prox = np.where(
                s_dist >= 0, self.districts_.prox[p_dist][np.maximum(s_dist, 0)], unknown
            )
        else:
            prox = np.full(len(rows), unknown)
        loc_values = np.array([scoring.LOCATION_SCORE[c] for c in prox_names], np.float32)
        loc = loc_values[prox]
        p_sched = int(p["sched"][prow])
        lo, hi = float(p["lo"][prow]), float(p["hi"][prow])
        p_flags = int(p["flags"][prow])
        doc = self.posting_docs_.get(int(p["ids"][prow]))
        required = doc.required_licence if doc else None
        p_code = self.occupations_.codes[p_occ] if p_occ >= 0 else None
        p_dcode = self.districts_.codes[p_dist] if p_dist >= 0 else None
        dcodes = self.districts_.codes
        occ_codes = self.occupations_.codes
        n = len(rows)
        s_avail = s["avail"][rows].tolist()
        s_pay = s["pay"][rows].tolist()
        s_lic = s["lic"][rows].tolist()
        s_ids = s["ids"][rows].tolist()
        s_code = s_occ[np.arange(n), best].tolist()
        s_dist_l = s_dist.tolist()
        text_l, occ_l, loc_l = text.tolist(), occ.tolist(), loc.tolist()
        prox_l = prox.tolist()
        score_l = np.asarray(scores).tolist()
        # matched terms: only the (row, slot) pairs that contribute, in slot order
        pad = self.n_features_
        hit_r, hit_c = np.nonzero((terms < pad) & (contrib > 0))
        hit_t = terms[hit_r, hit_c].tolist()
        hit_v = contrib[hit_r, hit_c].tolist()
        bounds = np.searchsorted(hit_r, np.arange(n + 1)).tolist()
        term_name = self._term_name
        # Seekers with the same facts and terms get the same words and reasons:
        # computed once per call (both functions are pure).
        words_memo: dict = {}
        reasons_memo: dict = {}
        schedule_fit, pay_fit = scoring.schedule_fit, scoring.pay_fit
        out = []
        for i in range(n):
            avail = s_avail[i]
            expected = s_pay[i]
            comp = {
                "text": text_l[i],
                "occupation": occ_l[i],
                "location": loc_l[i],
                "schedule": schedule_fit(p_sched, avail),
                "pay": pay_fit(expected, lo, hi),
            }
            a, b = bounds[i], bounds[i + 1]
            key = (tuple(hit_t[a:b]), tuple(hit_v[a:b]))
            words = words_memo.get(key)
            if words is None:
                pairs = [(term_name(t), v) for t, v in zip(key[0], key[1], strict=True)]
                words = words_memo[key] = explain.matched_terms(pairs)
            code_i = s_code[i]
            d = s_dist_l[i]
            held = s_lic[i] if required else 0
            key = (tuple(comp.values()), code_i, prox_l[i], d, held, avail, expected, words)
            reasons = reasons_memo.get(key)
            if reasons is None:
                reasons = reasons_memo[key] = explain.reasons(
                    comp,
                    posting_occ=p_code,
                    seeker_occ=occ_codes[code_i] if code_i >= 0 else None,
                    proximity=prox_names[prox_l[i]],
                    posting_district=p_dcode,
                    seeker_district=dcodes[d] if d >= 0 else None,
                    required_licence=required,
                    held_licences=self._held(held) if required else (),
                    posting_flags=p_flags,
                    posting_schedule=p_sched,
                    seeker_availability=avail,
                    expected=expected,
                    low=lo,
                    high=hi,
                    terms=words,
                )
            out.append(Match(s_ids[i], score_l[i], comp, reasons, words))
        return out

    def eligibility(
        self, posting: PostingDoc, seeker: SeekerDoc, today: date | None = None
    ) -> Eligibility:
        """Whether ``seeker`` passes the hard constraints of ``posting``, and what is missing."""
        return constraints.eligibility(posting, seeker, today or self.as_of)

    def explain(self, posting: PostingDoc, seeker: SeekerDoc) -> Match:
        """Score and reasons for one pair, from the documents as given (detail pages).

        The id of the returned match is the seeker's. Eligibility is not part of
        the score: call :meth:`eligibility` for what is missing.
        """
        self._check_fitted()
        texts = [normalise(posting.text), normalise(seeker.text)]
        pt, pw = self.vectorizer_.transform_ell(texts[:1], self.posting_terms)
        st, sw = self.vectorizer_.transform_ell(texts[1:], self.seeker_terms)
        qd = self._dense(pt[0], pw[0])
        p_code = _occupation_code_of_posting(posting)
        s_codes = _occupation_codes_of_seeker(seeker, True)
        occ, best = 0.0, None
        for c in s_codes:
            v = taxonomy.related(p_code, c)
            if v > occ or best is None:
                occ, best = max(occ, v), c if v >= occ else best
        s_district = _district_of_seeker(seeker)
        prox = _proximity(posting.district_code, s_district)
        p_sched = constraints.availability_mask(posting.schedule)
        avail = constraints.availability_mask(seeker.availability)
        expected = scoring.monthly(seeker.pay_amount, seeker.pay_unit)
        lo = scoring.monthly(posting.pay_min, posting.pay_unit)
        hi = scoring.monthly(posting.pay_max, posting.pay_unit)
        contrib = qd[st[0]] * sw[0]
        comp = {
            "text": float(contrib.sum()),
            "occupation": float(occ),
            "location": scoring.location_score(prox),
            "schedule": scoring.schedule_fit(p_sched, avail),
            "pay": scoring.pay_fit(expected, lo, hi),
        }
        w = self.weights_
        score = sum(float(w[i]) * comp[c] for i, c in enumerate(scoring.COMPONENTS))
        pairs = [
            (self.vectorizer_.feature_name(int(t)), float(c))
            for t, c in zip(st[0], contrib, strict=True)
            if t < self.n_features_ and c > 0
        ]
        words = explain.matched_terms(pairs)
        elig = constraints.eligibility(posting, seeker, self.as_of)
        met_flags = constraints.posting_flags(posting) if elig.eligible else 0
        met_sched = p_sched if elig.eligible else 0
        reasons = explain.reasons(
            comp,
            posting_occ=p_code,
            seeker_occ=best,
            proximity=prox,
            posting_district=posting.district_code,
            seeker_district=s_district,
            required_licence=posting.required_licence if elig.eligible else None,
            held_licences=tuple(seeker.licences),
            posting_flags=met_flags,
            posting_schedule=met_sched,
            seeker_availability=avail,
            expected=expected,
            low=lo,
            high=hi,
            terms=words,
        )
        return Match(seeker.id, float(score), comp, reasons, words)

    # ---------------------------------------------------------- save / load
    def save(self, path: str | os.PathLike) -> None:
        """Write the fitted index to ``path`` (a .npz file; written atomically)."""
        self._check_fitted()
        path = os.fspath(path)
        arrays: dict[str, np.ndarray] = {}
        for prefix, cols in (("s_", self.seekers_), ("p_", self.postings_)):
            for name, arr in cols.arrays.items():
                arrays[prefix + name] = arr[: cols.n]
        v = self.vectorizer_
        arrays["v_chars"] = v.chars_
        arrays["v_keys"] = v.vocabulary_keys_
        arrays["v_idf"] = v.idf_
        arrays["weights"] = self.weights_
        meta = {
            "format": _FORMAT,
            "params": {
                "weights": self.weights,
                "ngram_range": list(self.ngram_range),
                "seeker_terms": self.seeker_terms,
                "posting_terms": self.posting_terms,
                "vocab_sample": self.vocab_sample,
                "n_jobs": self.n_jobs,
                "fuzzy_limit": self.fuzzy_limit,
                "as_of": self.as_of.isoformat() if self.as_of else None,
            },
            "char_bits": v.char_bits_,
            "version": self.version_,
            "fuzzy_codes": self.fuzzy_codes_,
            "districts": self.districts_.codes,
            "occupations": list(self.occupations_.codes),
            "seeker_free": self.seekers_.free,
            "posting_free": self.postings_.free,
            "postings": [_posting_json(d) for d in self.posting_docs_.values()],
        }
        arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), np.uint8)
        tmp = path + ".tmp"
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> Matcher:
        """Read an index written by :meth:`save` (of this format; older ones: rebuild)."""
        with np.load(os.fspath(path), allow_pickle=False) as z:
            # Arrays are read one at a time straight into the columns, so a load
            # never holds two copies of the seekers.
            return cls._from_npz(z)

    @classmethod
    def _from_npz(cls, z) -> Matcher:
        meta = json.loads(bytes(z["meta"]).decode())
        if meta.get("format") != _FORMAT:
            raise ValueError(
                f"index file has format {meta.get('format')!r}, this version reads "
                f"format {_FORMAT}; rebuild the index"
            )
        params = meta["params"]
        params["ngram_range"] = tuple(params["ngram_range"])
        if params.get("as_of"):
            params["as_of"] = date.fromisoformat(params["as_of"])
        self = cls(**params)
        self.weights_ = z["weights"]
        self.occupations_ = OccupationTable()
        if list(self.occupations_.codes) != meta["occupations"]:
            raise ValueError("the occupation taxonomy changed since the index was saved; rebuild")
        self.districts_ = DistrictTable(meta["districts"])
        v = CharNgramTfidf(ngram_range=self.ngram_range)
        v.chars_ = z["v_chars"]
        v.vocabulary_keys_ = z["v_keys"]
        v.idf_ = z["v_idf"]
        v.char_bits_ = meta["char_bits"]
        v.n_features_ = len(v.vocabulary_keys_)
        v._build_char_table()
        self.vectorizer_ = v
        self.n_features_ = len(v.vocabulary_keys_)
        self._term_names = {}
        self.fuzzy_codes_ = meta["fuzzy_codes"]
        ids = z["s_ids"]
        n_s = len(ids)
        self.seekers_ = Columns(self._seeker_spec(), capacity=n_s + max(1024, n_s // 32))
        for name, arr in self.seekers_.arrays.items():
            arr[:n_s] = ids if name == "ids" else z["s_" + name]
        del ids
        self.seekers_.n = n_s
        self.seekers_.free = list(meta["seeker_free"])
        ids = self.seekers_.arrays["ids"][:n_s]
        live = ids >= 0
        self.seeker_rows_ = IdMap()
        self.seeker_rows_.set_many(ids[live], np.flatnonzero(live))
        del live
        self._index_seekers()
        n_p = len(z["p_ids"])
        self.postings_ = Columns(self._posting_spec(), capacity=n_p + 256)
        for name, arr in self.postings_.arrays.items():
            arr[:n_p] = z["p_" + name]
        self.postings_.n = n_p
        self.postings_.free = list(meta["posting_free"])
        pids = self.postings_.arrays["ids"][:n_p]
        plive = pids >= 0
        self.posting_rows_ = IdMap()
        self.posting_rows_.set_many(pids[plive], np.flatnonzero(plive))
        self.posting_docs_ = {}
        for d in meta["postings"]:
            doc = _posting_from_json(d)
            self.posting_docs_[doc.id] = doc
        self.version_ = int(meta["version"])
        _release_free_memory()
        return self


def _release_free_memory() -> None:
    """Give freed heap pages back to the OS after a big build (glibc; else a no-op).

    Large temporaries of a fit or load are freed, but glibc keeps much of the
    heap mapped, so the process would stay tens of MB above what it holds.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


def _group_occupation_values(occ_tabs: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Occupation component of each group (rows) for each posting's table (float32)."""
    vals = np.where(codes[None, :, :] >= 0, occ_tabs[:, np.maximum(codes, 0)], 0.0)
    return np.maximum(vals.max(axis=2, initial=0.0), 0.0).astype(np.float32)


def _block_location_values(loc_tabs: np.ndarray, nblk: int, unknown) -> np.ndarray:
    """Location component of each district block (0: no district) for each posting."""
    out = np.empty((len(loc_tabs), nblk), np.float32)
    if nblk == 1:  # districts not split: the best any row can have
        out[:, 0] = np.maximum(loc_tabs.max(axis=1), unknown)
    else:
        out[:, 0] = unknown
        out[:, 1:] = loc_tabs[:, : nblk - 1]
    return out


def _proximity(a: str | None, b: str | None) -> str:
    from matching import regions

    return regions.proximity(a, b)


def _posting_json(doc: PostingDoc) -> dict:
    return {
        "id": doc.id,
        "text": doc.text,
        "occupation_code": doc.occupation_code,
        "district_code": doc.district_code,
        "required_licence": doc.required_licence,
        "min_age": doc.min_age,
        "needs_health_certificate": doc.needs_health_certificate,
        "needs_vehicle": doc.needs_vehicle,
        "schedule": sorted(doc.schedule),
        "pay_min": doc.pay_min,
        "pay_max": doc.pay_max,
        "pay_unit": doc.pay_unit,
        "open": doc.open,
    }


def _posting_from_json(d: dict) -> PostingDoc:
    d = dict(d)
    d["schedule"] = frozenset(d["schedule"])
    return PostingDoc(**d)


def _nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else x


def warm_up() -> float:
    """Compile (or load from numba's on-disk cache) every ranking kernel; return seconds.

    The kernels compile on first use, which takes several seconds on a fresh
    checkout. Calling this at start-up (``flask rebuild-index``, the test suite)
    moves that cost out of the first request. Later runs load the cache in well
    under a second.
    """
    import time

    started = time.perf_counter()
    seekers = [
        SeekerDoc(id=i, text="外卖骑手 快递", occupation_codes=("D01",), district_code="150105",
                  licences=("B2",), availability=frozenset({"full_time", "nights"}))
        for i in range(1, 9)
    ]  # fmt: skip
    postings = [
        PostingDoc(id=1, text="外卖骑手", occupation_code="D01", district_code="150105"),
        PostingDoc(id=2, text="货车司机", occupation_code="L01", district_code="150203",
                   required_licence="B2", schedule=frozenset({"nights"})),
    ]  # fmt: skip
    matcher = Matcher(n_jobs=1).fit(seekers, postings)
    matcher.rank_seekers(1, k=3)
    matcher.rank_seekers(2, k=3, offset=1, district_code="150200", licence="A2")
    matcher.rank_postings(1, k=2)
    matcher.rank_postings(1, k=2, posting_ids=[2])
    matcher.rank_fair([1, 2, 3], [1, 2], k=2)
    matcher.upsert_seeker(seekers[0])
    matcher.remove_seeker(8)
    return time.perf_counter() - started
