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
   district) (:class:`matching.groups.SeekerGroups`), skipping whole blocks,
   and the text product of single seekers, whose best possible score cannot
   enter the top-k (the text part bounded by the largest weight of each of
   the posting's terms in any seeker); rows are laid out in block order at
   fit, and a posting the bounds cannot prune is scanned on every core; the
   eligible count comes from per-class counts
   (:class:`matching.groups.ConstraintClasses`);
4. every returned result is explained (:mod:`matching.explain`), its reasons
   as codes (:mod:`matching.reasons`).

Documents are read into numbers by :mod:`matching.encoding`, stored in
:mod:`matching.columns`, looked up through :mod:`matching.tables` and grouped
by :mod:`matching.groups`; :mod:`matching.snapshot` writes and reads the file.

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

import os
import threading
from collections.abc import Callable, Collection, Iterable
from datetime import date
from functools import partial
from typing import Any

import numpy as np

from matching import (
    block_scan,
    constraints,
    encoding,
    explain,
    kernels,
    rescore,
    scoring,
    snapshot,
)
from matching.columns import Columns, IdMap, release_free_memory
from matching.documents import Eligibility, Match, PostingDoc, SeekerDoc
from matching.groups import (
    HOT_COLUMNS,
    MAX_BLOCKS,
    ConstraintClasses,
    SeekerGroups,
    block_location_values,
    decode_keys,
    group_occupation_values,
)
from matching.impacts import ImpactIndex
from matching.tables import DistrictTable, OccupationTable
from matching.text import normalise

__all__ = ["Matcher", "NotFittedError", "warm_up"]

#: Most candidates rescored on their full texts for one page (:mod:`matching.rescore`).
MAX_RESCORED = 200
#: Candidates per k rescored in a fair batch (thousands of postings at once).
FAIR_RESCORE_DEPTH = 2

#: Seeker columns the ranking kernels read (:class:`matching.kernels.Seekers`), in order.
SCAN_COLUMNS = ("flags", "lic", "avail", "birth", "occ", "dist", "pay", "terms", "weights")
#: Vocabulary samples from this many texts count their words in a second process.
_PARALLEL_WORD_STATS = 50_000


class NotFittedError(RuntimeError):
    """The matcher was used before :meth:`Matcher.fit` or :meth:`Matcher.load`."""


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
    rescore_depth : int
        The best ``rescore_depth`` x k candidates of the pruned index are
        rescored on their full texts (:mod:`matching.rescore`), at most
        :data:`MAX_RESCORED` a page (the fair batch: 2 x k); 0 ranks on the
        pruned index alone.
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
        rescore_depth: int = 4,
    ) -> None:
        self.weights = weights
        self.ngram_range = ngram_range
        self.seeker_terms = seeker_terms
        self.posting_terms = posting_terms
        self.vocab_sample = vocab_sample
        self.n_jobs = n_jobs
        self.fuzzy_limit = fuzzy_limit
        self.as_of = as_of
        self.rescore_depth = rescore_depth

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

        texts, arrays, dists = encoding.encode_seekers_parallel(
            seekers, self.occupations_.index, self.fuzzy_codes_, jobs, enc_progress
        )
        ids, flags, lic, avail, birth, pay, occ = arrays
        if len(np.unique(ids)) != len(ids):
            raise ValueError("seeker ids must be unique")
        post_texts = [normalise(p.text) for p in postings]
        sample = post_texts + texts[: self.vocab_sample]
        from matching.vectorizer import CharNgramTfidf  # scikit-learn: only to fit

        # Word statistics in a forked process while this one learns the n-grams.
        if jobs > 1 and len(sample) >= _PARALLEL_WORD_STATS:
            word_stats = rescore.WordStats.in_background(sample)
        else:
            word_stats = partial(rescore.WordStats, sample)
        self.vectorizer_ = CharNgramTfidf(ngram_range=tuple(self.ngram_range)).fit(sample)
        self.word_stats_ = word_stats()
        del sample
        self.n_features_ = len(self.vectorizer_.vocabulary_keys_)
        self._term_names: dict[int, str] = {}

        # Rows in block order (occupation set, district; inside a block by schedule
        # bits and pay): a scan of the blocks then reads the text rows front to back,
        # and its tests on schedule and pay come in long runs. After the vocabulary,
        # whose sample is the first seekers as given.
        dist_ids = self._district_ids(dists)
        del dists
        within = np.lexsort((pay, avail & 7))
        order, *_ = kernels.sort_groups(
            within, occ, dist_ids, len(self.occupations_.codes),
            len(self.districts_.codes) + 1, MAX_BLOCKS,
        )
        del within
        ids, flags, lic, avail, birth, pay, occ, dist_ids = (
            a[order] for a in (ids, flags, lic, avail, birth, pay, occ, dist_ids)
        )
        texts = [texts[i] for i in order.tolist()]
        del order

        # Seekers: facts, then text rows written chunk by chunk into the store.
        headroom = max(1024, n_s // 32)
        self.seekers_ = Columns(self._seeker_spec(), capacity=n_s + headroom)
        self.texts_ = rescore.TextStore(n_s + headroom)
        cols = self.seekers_.arrays
        cols["ids"][:n_s] = ids
        cols["flags"][:n_s] = flags
        cols["lic"][:n_s] = lic
        cols["avail"][:n_s] = avail
        cols["birth"][:n_s] = birth
        cols["pay"][:n_s] = pay
        cols["occ"][:n_s] = occ
        cols["dist"][:n_s] = dist_ids
        # The text rows come from forked workers (at a million seekers) while this
        # process fills the text store.
        chunks = self.vectorizer_.transform_ell_chunks(texts, self.seeker_terms, jobs)
        for s, e, t, w in chunks:
            cols["terms"][s:e] = t
            cols["weights"][s:e] = w
            self.texts_.set_many(s, texts[s:e])
            texts[s:e] = [""] * (e - s)  # free memory as we go (workers have their copy)
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
        release_free_memory()
        return self

    def _district_ids(self, codes) -> np.ndarray:
        """District ids of district codes (None: -1), adding the new ones to the table."""
        cache: dict[str | None, int] = {}
        out = np.empty(len(codes), np.int32)
        for i, code in enumerate(codes):
            d = cache.get(code)
            if d is None:
                d = cache[code] = self.districts_.add(code)
            out[i] = d
        return out

    def _seeker_spec(self):
        return encoding.seeker_columns(self.n_features_, self.seeker_terms)

    def _posting_spec(self):
        return encoding.posting_columns(self.n_features_, self.posting_terms)

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
        # The largest weight of every term in any seeker row: a bound of the text
        # component for a whole scan (kernels.text_bound); grows on updates.
        self._term_max = kernels.term_maxima(s["terms"], s["weights"], n, self.n_features_)
        # Per grouped row, a bound of its text product with a posting that nothing else
        # prunes (matching.impacts); rows written later are in the groups' tail.
        self._impacts = ImpactIndex(self._groups.perm, s["terms"], s["weights"], self.n_features_)

    def _seeker_facts(self, row: int):
        a = self.seekers_.arrays
        return a["flags"][row], a["lic"][row], a["avail"][row], a["birth"][row]

    # -------------------------------------------------------------- updates
    def upsert_seeker(self, doc: SeekerDoc) -> None:
        """Add or replace one seeker, in place (no refit)."""
        self._check_fitted()
        texts, arrays, dists = encoding.encode_seekers_parallel(
            [doc], self.occupations_.index, self.fuzzy_codes_, 1
        )
        ids, flags, lic, avail, birth, pay, occ = arrays
        t, w = self.vectorizer_.transform_ell(texts, self.seeker_terms)
        with self._seeker_lock:
            dist = self.districts_.add(dists[0])
            self._write_seeker(
                doc.id, flags[0], lic[0], avail[0], birth[0], pay[0], occ[0], dist, t[0], w[0]
            )
            self.texts_.set(self.seeker_rows_.get(doc.id), texts[0])
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
        text_changed = True
        if was_live:
            self._classes.discard(*self._seeker_facts(row))
            old_key = self._groups.key_of(a["occ"][row])
            same = np.array_equal(a["terms"][row], terms)
            text_changed = not (same and np.array_equal(a["weights"][row], weights))
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
        self._groups.written(row, old_key, old_dist, a, text_changed)
        known = terms < self.n_features_
        np.maximum.at(self._term_max, terms[known].astype(np.int64), weights[known])

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
                self.texts_.clear(row)
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
        code = encoding.occupation_code_of_posting(doc)
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

    def _scan_columns(self) -> kernels.Seekers:
        """The seeker columns every ranking kernel reads."""
        s = self.seekers_.arrays
        return kernels.Seekers(*(s[name] for name in SCAN_COLUMNS))

    def _query(self, prow: int, qd: np.ndarray) -> kernels.Query:
        """Posting row ``prow`` as the seeker scans see it (``qd``: its dense text row)."""
        p = self.postings_.arrays
        return kernels.Query(
            int(p["flags"][prow]),
            int(p["lic"][prow]),
            int(p["sched"][prow]),
            int(p["min_age"][prow]),
            np.float32(p["lo"][prow]),
            np.float32(p["hi"][prow]),
            self._year(),
            qd,
            self.n_features_,
            self._occ_tab(int(p["occ"][prow])),
            self.districts_.location_values(int(p["dist"][prow])),
            np.float32(scoring.LOCATION_SCORE["unknown"]),
            self.weights_,
            kernels.text_bound(p["terms"][prow], p["weights"][prow], self._term_max,
                               self.n_features_),
        )

    def _occ_tab(self, p_occ: int) -> np.ndarray:
        rel = self.occupations_.related
        return rel[p_occ] if p_occ >= 0 else np.zeros(rel.shape[1], np.float32)

    def _term_name(self, tid: int) -> str:
        name = self._term_names.get(tid)
        if name is None:
            name = self._term_names[tid] = self.vectorizer_.feature_name(tid)
        return name

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
        if district_code:
            dist_ok, use_df = self.districts_.within(district_code), True
        else:
            dist_ok, use_df = np.zeros(1, np.bool_), False
        lic_filter = constraints.required_licence_mask(licence) if licence else 0
        filters = kernels.Filters(lic_filter, dist_ok, use_df)
        if self._groups.needs_rebuild():
            with self._seeker_lock:
                if self._groups.needs_rebuild():
                    self._index_seekers()
        query = self._query(prow, qd)
        depth = self._rescored(k)
        pool = max(kk, depth)  # the candidates that are rescored, whatever the offset
        if not use_df or self._groups.nblk > 1:
            scores, rows, total = self._top_grouped(prow, query, filters, pool)
            return self._final_page(prow, qd, rows, scores, depth, kk, offset), total
        # A district filter and districts not split into blocks (very many of them):
        # one full scan, which also counts the eligible seekers there.
        n = self.seekers_.n
        n_chunks = kernels.num_threads() if n >= 200_000 else 1
        kernel = kernels.top_seekers if n_chunks > 1 else kernels.top_seekers_serial
        out_s, out_r, sizes, counts = kernel(
            np.empty(0, np.int64), False, n, query, filters, self._scan_columns(), pool, n_chunks
        )
        scores, rows = kernels.merge_chunks(out_s, out_r, sizes, pool)
        matches = self._final_page(prow, qd, rows, scores, depth, kk, offset)
        return matches, int(counts.sum())

    def _rescored(self, k: int, depth: int | None = None) -> int:
        """How many of the index's best candidates a page of ``k`` rescores (full texts)."""
        depth = self.rescore_depth if depth is None else depth
        return min(MAX_RESCORED, max(0, int(depth)) * max(0, int(k)))

    def _fair_depth(self) -> int:
        return min(self.rescore_depth, FAIR_RESCORE_DEPTH)

    def _final_page(self, prow, qd, rows, scores, depth: int, kk: int, offset: int):
        """The page ``offset:kk`` after rescoring the first ``depth`` candidates, explained.

        The pool does not depend on the offset, so consecutive pages never
        repeat or skip a seeker; below the rescored candidates the pruned order
        stands.
        """
        rows, scores, text = rescore.rerank_seekers(self, prow, qd, rows, scores, depth, kk)
        return explain.explain_rows(
            self, prow, qd, rows[offset:], scores[offset:], text=text[offset:]
        )

    def _top_grouped(self, prow: int, query: kernels.Query, filters: kernels.Filters, kk: int):
        """Exact top ``kk`` of one posting over the occupation groups, and the eligible count.

        A district filter needs the districts split into blocks (``self._groups.nblk > 1``).
        """
        groups = self._groups
        assert not filters.use_dist or groups.nblk > 1
        g_o = group_occupation_values(query.occ_tab[None, :], groups.codes)[0]
        block_loc = block_location_values(query.loc_tab[None, :], groups.nblk, query.loc_unknown)[0]
        blocks = kernels.Blocks(
            groups.bstart,
            groups.nblk,
            np.argsort(-g_o, kind="stable"),
            g_o,
            np.argsort(-block_loc, kind="stable"),
            block_loc,
        )
        hot = kernels.Hot(groups.perm, *(groups.hot[name] for name in HOT_COLUMNS))
        seekers = self._scan_columns()
        p = self.postings_.arrays
        text = (self._impacts, p["terms"][prow], p["weights"][prow])
        scores, rows, _size = kernels.top_seekers_grouped(
            blocks, hot, groups.tail, groups.n_tail, seekers, query, filters, kk, text=text
        )
        if filters.use_dist:  # count in the chosen districts' blocks (and the tail)
            total = kernels.count_in_districts(
                groups.bstart, groups.nblk, hot, groups.tail, groups.n_tail, seekers, query, filters
            )
        else:
            c = self._classes
            classes = kernels.Classes(c.flags, c.lic, c.avail, c.birth, c.count, c.n)
            total = kernels.count_classes(classes, query, filters)
        return scores, rows, int(total)

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
            rows = self.posting_rows_.get_many(list(posting_ids)).astype(np.int64, copy=False)
            use_rows = True
        else:
            rows, use_rows = np.empty(0, np.int64), False
        seeker = kernels.SeekerQuery(
            int(s["flags"][srow]),
            int(s["lic"][srow]),
            int(s["avail"][srow]),
            int(s["birth"][srow]),
            np.float32(s["pay"][srow]),
            s_dist >= 0,
            self._year(),
            qd,
            self.n_features_,
            occ_row,
            loc_row,
            np.float32(scoring.LOCATION_SCORE["unknown"]),
            self.weights_,
        )
        postings = kernels.Postings(*(p[name] for name in kernels.Postings._fields))
        hs, hr, size = kernels.top_postings(
            rows, use_rows, self.postings_.n, seeker, postings, max(int(k), self._rescored(k)), True
        )
        prows, scores, texts = rescore.rerank_postings(self, srow, qd, hr[:size], hs[:size], k)
        out = []
        for prow, score, text in zip(prows.tolist(), scores.tolist(), texts.tolist(), strict=True):
            m = explain.explain_rows(
                self,
                prow,
                self._dense(p["terms"][prow], p["weights"][prow]),
                np.array([srow]),
                np.array([score]),
                text=np.array([text]),
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
        g_os = group_occupation_values(occ_tabs, decode_keys(gkeys, n_codes))
        g_orders = np.argsort(-g_os, axis=1, kind="stable")
        block_locs = block_location_values(loc_tabs, nblk, unknown)
        d_orders = np.argsort(-block_locs, axis=1, kind="stable")
        hot = kernels.gather_rows(rows, self._scan_columns())
        # postings of one occupation next to each other: they read the same groups
        by_occ = np.argsort(p_occ, kind="stable")
        q = prows[by_occ]
        batch = kernels.Batch(
            p["flags"][q],
            p["lic"][q],
            p["sched"][q],
            p["min_age"][q],
            p["lo"][q],
            p["hi"][q],
            p["terms"][q],
            p["weights"][q],
            loc_tabs[by_occ],
            g_orders[by_occ],
            g_os[by_occ],
            d_orders[by_occ],
            block_locs[by_occ],
        )
        out_s, out_r, sizes = kernels.fair_top_grouped(
            bstart,
            nblk,
            hot,
            self._scan_columns(),
            batch,
            self.n_features_,
            unknown,
            self._year(),
            self.weights_,
            self._term_max,
            max(int(k), self._rescored(k, self._fair_depth())),
            threads,
        )
        del hot, batch, rows
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
            depth = self._rescored(k, self._fair_depth())
            result[pid] = self._final_page(prow, qd, rows, scores, depth, int(k), 0)
            qd[t] = 0.0
        release_free_memory()  # the batch's large temporaries
        return result

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
        return explain.explain_pair(self, posting, seeker)

    # ---------------------------------------------------------- save / load
    def save(self, path: str | os.PathLike) -> None:
        """Write the fitted index to ``path`` (a .npz file, :mod:`matching.snapshot`)."""
        self._check_fitted()
        snapshot.save(self, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> Matcher:
        """Read an index written by :meth:`save` (of this format; older ones: rebuild)."""
        return snapshot.load(cls, path)


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
    budget, block_scan.SERIAL_BUDGET = block_scan.SERIAL_BUDGET, 0  # the scan on every core too
    try:
        matcher.rank_seekers(1, k=3)
    finally:
        block_scan.SERIAL_BUDGET = budget
    matcher.rank_postings(1, k=2)
    matcher.rank_postings(1, k=2, posting_ids=[2])
    matcher.rank_fair([1, 2, 3], [1, 2], k=2)
    matcher.upsert_seeker(seekers[0])
    matcher.remove_seeker(8)
    return time.perf_counter() - started
