"""Character n-gram TF-IDF for normalised Chinese/mixed text, fast at a million docs.

:class:`CharNgramTfidf` is a scikit-learn transformer (``fit`` learns
``vocabulary_keys_`` and ``idf_``; ``transform`` gives an L2-normalised CSR
matrix) whose analyser is the plain character n-gram analyser, computed on
whole batches with numpy instead of document by document in Python:

* the text of a batch is turned into an array of code points, each code point
  into a small character id (0 = unknown, space or document boundary);
* the n-gram keys (character ids packed into one integer) are sorted once, and
  runs give the term counts per document;
* tf is sublinear (1 + log tf), idf is scikit-learn's smooth idf computed by
  :class:`sklearn.feature_extraction.text.TfidfTransformer`.

An n-gram never spans a space or a document boundary, so "外卖 骑手" gives the
bigrams 外卖 and 骑手 but not 卖骑. ``max_terms`` keeps the strongest terms of
each document (static index pruning) and re-normalises, which bounds the
memory of the index (``max_terms`` slots per document).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted

__all__ = ["CharNgramTfidf", "python_ngrams"]

_MAX_CODEPOINT = 0x110000
_CHUNK_DOCS = 1 << 16  # documents per batch (doc index fits 17 bits)


def python_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Reference analyser: the n-grams the fast path extracts, in Python."""
    lo, hi = ngram_range
    out: list[str] = []
    for word in text.split():
        for n in range(lo, hi + 1):
            out.extend(word[i : i + n] for i in range(len(word) - n + 1))
    return out


class CharNgramTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF over character n-grams of already-normalised text.

    Parameters
    ----------
    ngram_range : (int, int)
        Smallest and largest n (n <= 3).
    max_terms : int or None
        Keep at most this many terms per document (strongest first), then
        re-normalise. None keeps every term.
    max_features : int
        Keep the most frequent n-grams (by document frequency) only.
    min_df : int
        Drop n-grams seen in fewer documents.

    Examples
    --------
    >>> vec = CharNgramTfidf(ngram_range=(1, 2)).fit(["外卖 骑手", "快递员"])
    >>> vec.transform(["骑手"]).shape[1] == len(vec.vocabulary_keys_)
    True
    """

    def __init__(self, ngram_range=(1, 2), max_terms=None, max_features=1 << 20, min_df=1):
        self.ngram_range = ngram_range
        self.max_terms = max_terms
        self.max_features = max_features
        self.min_df = min_df

    # ------------------------------------------------------------------ fit
    def fit(self, texts: Sequence[str], y=None):
        """Learn the characters, the n-gram vocabulary and the idf."""
        lo, hi = self.ngram_range
        if not 1 <= lo <= hi <= 3:
            raise ValueError("ngram_range must satisfy 1 <= lo <= hi <= 3")
        texts = list(texts)
        # Character table: the most frequent characters that fit the key width.
        codes = _codepoints(texts)
        cps, counts = np.unique(codes[codes > 32], return_counts=True)
        # Keys must fit 63 - 17 (document index) bits.
        key_bits = (63 - 17) // hi
        limit = (1 << key_bits) - 1
        if len(cps) > limit:
            keep = np.argsort(-counts, kind="stable")[:limit]
            cps = np.sort(cps[keep])
        self.chars_ = cps.astype(np.uint32)
        self.char_bits_ = max(1, int(math.ceil(math.log2(len(cps) + 1))))
        self._build_char_table()
        # Document frequency of every n-gram.
        keys_all = []
        for start in range(0, len(texts), _CHUNK_DOCS):
            keys, _, _ = self._pairs(texts[start : start + _CHUNK_DOCS], vocab=False)
            keys_all.append(keys)
        keys = np.concatenate(keys_all) if keys_all else np.empty(0, np.uint64)
        keys.sort()
        if len(keys):
            uniq, df = _runs(keys)
        else:
            uniq, df = keys, np.empty(0, np.int64)
        keep = df >= self.min_df
        uniq, df = uniq[keep], df[keep]
        if len(uniq) > self.max_features:
            top = np.argsort(-df, kind="stable")[: self.max_features]
            top.sort()
            uniq, df = uniq[top], df[top]
        self.vocabulary_keys_ = uniq
        # scikit-learn's idf on the document-frequency counts.
        n_docs = max(1, len(texts))
        tt = TfidfTransformer(smooth_idf=True, sublinear_tf=True)
        counts = self._count_matrix(texts) if len(uniq) else sp.csr_matrix((n_docs, 1))
        tt.fit(counts)
        self.idf_ = tt.idf_.astype(np.float32) if len(uniq) else np.ones(0, np.float32)
        self.n_features_ = len(uniq)
        return self

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

    def _count_matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        rows = []
        for start in range(0, len(texts), _CHUNK_DOCS):
            batch = texts[start : start + _CHUNK_DOCS]
            terms, docs, cnt = self._pairs(batch)
            rows.append(
                sp.csr_matrix(
                    (cnt.astype(np.float32), (docs, terms)),
                    shape=(len(batch), len(self.vocabulary_keys_)),
                )
            )
        if not rows:
            return sp.csr_matrix((0, len(self.vocabulary_keys_)), dtype=np.float32)
        return sp.vstack(rows, format="csr")

    # ------------------------------------------------------------ transform
    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """L2-normalised TF-IDF rows (pruned to ``max_terms``), float32 CSR."""
        check_is_fitted(self, "idf_")
        texts = list(texts)
        terms, weights = self.transform_ell(texts, self.max_terms or 0)
        return ell_to_csr(terms, weights, len(self.vocabulary_keys_))

    def transform_ell(self, texts: Sequence[str], width: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows as fixed-width arrays: term ids (padding = n_features) and weights.

        ``width`` 0 means the widest row of the batch. Terms are sorted by
        decreasing weight, so a row can be cut at the first padding slot.
        """
        check_is_fitted(self, "idf_")
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

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "idf_")
        return np.array([self.feature_name(i) for i in range(len(self.vocabulary_keys_))], object)


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


def ell_to_csr(terms: np.ndarray, weights: np.ndarray, n_features: int) -> sp.csr_matrix:
    """Fixed-width rows to a CSR matrix (padding dropped)."""
    mask = terms < n_features
    counts = mask.sum(axis=1)
    indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    m = sp.csr_matrix(
        (weights[mask], terms[mask], indptr), shape=(terms.shape[0], n_features)
    )
    m.sort_indices()
    return m
