"""The fitted character n-gram table: texts to TF-IDF rows, without scikit-learn.

:class:`CharNgrams` holds what a fit of
:class:`matching.vectorizer.CharNgramTfidf` learned (the characters, the
n-gram vocabulary, the idf) and turns texts into fixed-width rows of their
strongest terms (:meth:`CharNgrams.transform_ell`), which is all a loaded
index needs at query time. It imports only numpy: a process that loads a
snapshot and ranks never imports scikit-learn or scipy (about 70 MB resident
that a loaded index does not use; ``bench/speed.py --rss-only``). Fitting, and
the CSR output, are :class:`matching.vectorizer.CharNgramTfidf`'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

__all__ = ["CharNgrams", "python_ngrams"]

_MAX_CODEPOINT = 0x110000
_CHUNK_DOCS = 1 << 16  # documents per batch (doc index fits 17 bits)
_PARALLEL_MIN_DOCS = 100_000  # fewer documents: rows in this process

# What forked workers of CharNgrams.transform_ell_chunks read (set around the pool).
_POOL_TABLE: CharNgrams | None = None
_POOL_TEXTS: Sequence[str] | None = None


def _transform_slice(args: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    start, stop, width = args
    assert _POOL_TABLE is not None and _POOL_TEXTS is not None
    return _POOL_TABLE.transform_ell(_POOL_TEXTS[start:stop], width)


def python_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Reference analyser: the n-grams the fast path extracts, in Python."""
    lo, hi = ngram_range
    out: list[str] = []
    for word in text.split():
        for n in range(lo, hi + 1):
            out.extend(word[i : i + n] for i in range(len(word) - n + 1))
    return out


class CharNgrams:
    """A fitted character n-gram TF-IDF table (see the module docstring).

    Attributes (set by a fit or a snapshot load): ``chars_`` (code points of
    the known characters), ``char_bits_``, ``vocabulary_keys_`` (sorted n-gram
    keys), ``idf_`` (float32), ``n_features_``.
    """

    def __init__(self, ngram_range=(1, 2), max_terms=None):
        self.ngram_range = ngram_range
        self.max_terms = max_terms

    def _check_fitted(self) -> None:
        if not hasattr(self, "idf_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet.")

    def _build_char_table(self) -> None:
        table = np.zeros(_MAX_CODEPOINT, dtype=np.uint32)
        table[self.chars_.astype(np.int64)] = np.arange(1, len(self.chars_) + 1, dtype=np.uint32)
        self._char_table = table

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_char_table", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        if hasattr(self, "chars_"):
            self._build_char_table()

    # ------------------------------------------------------------ internals
    def _pairs(self, texts: Sequence[str], vocab: bool = True):
        """Unique (term, document) pairs of a batch with their counts.

        Returns ``(keys_or_term_ids, doc_index, counts)``. With ``vocab=False``
        the keys are the raw n-gram keys, one per (n-gram, document) pair.
        """
        lo, hi = self.ngram_range
        codes = _codepoints(texts)
        n = len(codes)
        if n == 0:
            e = np.empty(0, np.int64)
            return e.astype(np.uint64), e, e
        cid = self._char_table[np.minimum(codes, _MAX_CODEPOINT - 1)].astype(np.uint64)
        cid[codes == 32] = 0
        boundary = codes == 0
        doc = np.cumsum(boundary) - boundary  # document of each position
        bits = np.uint64(self.char_bits_)
        parts_key = []
        parts_doc = []
        for width in range(lo, hi + 1):
            m = n - width + 1
            if m <= 0:
                continue
            key = cid[:m].copy()
            valid = key != 0
            for j in range(1, width):
                nxt = cid[j : j + m]
                valid &= nxt != 0
                key = (key << bits) | nxt
            parts_key.append(key[valid])
            parts_doc.append(doc[:m][valid])
        key = np.concatenate(parts_key)
        dd = np.concatenate(parts_doc).astype(np.uint64)
        combined = (key << np.uint64(17)) | dd
        combined.sort()
        uniq, cnt = _runs(combined)
        keys = uniq >> np.uint64(17)
        docs = (uniq & np.uint64((1 << 17) - 1)).astype(np.int64)
        if not vocab:
            return keys, docs, cnt
        pos = np.searchsorted(self.vocabulary_keys_, keys)
        pos_c = np.minimum(pos, max(0, len(self.vocabulary_keys_) - 1))
        hit = (pos < len(self.vocabulary_keys_)) & (self.vocabulary_keys_[pos_c] == keys)
        return pos[hit].astype(np.int64), docs[hit], cnt[hit]

    def transform_ell(self, texts: Sequence[str], width: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows as fixed-width arrays: term ids (padding = n_features) and weights.

        ``width`` 0 means the widest row of the batch. Terms are sorted by
        decreasing weight, so a row can be cut at the first padding slot.
        """
        self._check_fitted()
        texts = list(texts)
        n = len(texts)
        pad = len(self.vocabulary_keys_)
        parts_t, parts_w = [], []
        for start in range(0, n, _CHUNK_DOCS):
            batch = texts[start : start + _CHUNK_DOCS]
            terms, docs, cnt = self._pairs(batch)
            t, w = _prune(terms, docs, cnt, self.idf_, len(batch), width, pad)
            parts_t.append(t)
            parts_w.append(w)
        if not parts_t:
            w0 = max(width, 1)
            return np.full((0, w0), pad, np.int32), np.zeros((0, w0), np.float32)
        if width == 0:
            w0 = max(p.shape[1] for p in parts_t)
            parts_t = [_widen(p, w0, pad) for p in parts_t]
            parts_w = [_widen(p, w0, 0) for p in parts_w]
        return np.concatenate(parts_t), np.concatenate(parts_w)

    def transform_ell_chunks(
        self, texts: Sequence[str], width: int, n_jobs: int = 1, min_parallel: int | None = None
    ) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
        """:meth:`transform_ell` of consecutive batches: ``(start, stop, terms, weights)``.

        A row depends on its own document only, so the batches give the same
        rows as one call. With ``n_jobs`` > 1 and at least ``min_parallel``
        documents the batches are computed in forked worker processes (which
        read the texts and the table inherited from this one and send back only
        the arrays), in order, while the caller consumes the earlier ones.
        ``width`` must be positive (every batch has the same shape).
        """
        global _POOL_TABLE, _POOL_TEXTS
        if width <= 0:
            raise ValueError("transform_ell_chunks needs a fixed width")
        self._check_fitted()
        n = len(texts)
        bounds = [(s, min(n, s + _CHUNK_DOCS)) for s in range(0, n, _CHUNK_DOCS)]
        limit = _PARALLEL_MIN_DOCS if min_parallel is None else min_parallel
        if n_jobs <= 1 or n < limit or len(bounds) < 2:
            for s, e in bounds:
                t, w = self.transform_ell(texts[s:e], width)
                yield s, e, t, w
            return
        from matching import forked

        _POOL_TABLE, _POOL_TEXTS = self, texts
        try:
            with forked.pool(n_jobs) as pool:
                results = pool.imap(_transform_slice, [(s, e, width) for s, e in bounds])
                for (s, e), (t, w) in zip(bounds, results, strict=True):
                    yield s, e, t, w
        finally:
            _POOL_TABLE = _POOL_TEXTS = None

    def feature_name(self, term_id: int) -> str:
        """The n-gram of a term id."""
        key = int(self.vocabulary_keys_[term_id])
        bits = self.char_bits_
        mask = (1 << bits) - 1
        chars = []
        while key:
            chars.append(chr(int(self.chars_[(key & mask) - 1])))
            key >>= bits
        return "".join(reversed(chars))


def _codepoints(texts: Sequence[str]) -> np.ndarray:
    """Code points of the texts, each followed by a 0 (document boundary)."""
    if not texts:
        return np.empty(0, np.uint32)
    joined = "\x00".join(texts) + "\x00"
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)


def _runs(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of a sorted array and how often each occurs."""
    if len(sorted_keys) == 0:
        return sorted_keys, np.empty(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
    counts = np.diff(np.append(starts, len(sorted_keys)))
    return sorted_keys[starts], counts


def _widen(a: np.ndarray, width: int, fill) -> np.ndarray:
    if a.shape[1] == width:
        return a
    out = np.full((a.shape[0], width), fill, dtype=a.dtype)
    out[:, : a.shape[1]] = a
    return out


def _prune(terms, docs, cnt, idf, n_docs, width, pad):
    """TF-IDF weights, L2-normalise, keep the ``width`` strongest per doc, renormalise."""
    w = (1.0 + np.log(cnt.astype(np.float32))) * idf[terms]
    norms = np.bincount(docs, weights=w.astype(np.float64) ** 2, minlength=n_docs)
    # Sort by document, then by decreasing weight (ties: smaller term id).
    order = np.lexsort((terms, -w, docs))
    terms, docs, w = terms[order], docs[order], w[order]
    starts = np.searchsorted(docs, np.arange(n_docs))
    rank = np.arange(len(docs)) - starts[docs]
    counts = np.bincount(docs, minlength=n_docs)
    cap = int(counts.max()) if len(counts) and counts.max() > 0 else 1
    if width and width > 0:
        keep = rank < width
        terms, docs, w, rank = terms[keep], docs[keep], w[keep], rank[keep]
        cap = width
        norms = np.bincount(docs, weights=w.astype(np.float64) ** 2, minlength=n_docs)
    norms = np.sqrt(norms)
    norms[norms == 0] = 1.0
    w = (w / norms[docs]).astype(np.float32)
    out_t = np.full((n_docs, cap), pad, dtype=np.int32)
    out_w = np.zeros((n_docs, cap), dtype=np.float32)
    out_t[docs, rank] = terms
    out_w[docs, rank] = w
    return out_t, out_w
