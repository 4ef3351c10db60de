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

The analyser and the fitted table are :class:`matching.ngrams.CharNgrams`
(numpy only), which this class extends with scikit-learn's fit and CSR
output; a snapshot loads the table alone (:mod:`matching.snapshot`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from matching.ngrams import _CHUNK_DOCS, CharNgrams, _codepoints, _runs, python_ngrams

__all__ = ["CharNgramTfidf", "python_ngrams", "ell_to_csr"]


class CharNgramTfidf(TransformerMixin, BaseEstimator, CharNgrams):
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

    # scikit-learn's BaseEstimator pickles every attribute; the character
    # table is rebuilt instead (CharNgrams).
    __getstate__ = CharNgrams.__getstate__
    __setstate__ = CharNgrams.__setstate__

    def _check_fitted(self) -> None:
        check_is_fitted(self, "idf_")

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

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "idf_")
        return np.array([self.feature_name(i) for i in range(len(self.vocabulary_keys_))], object)


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
