"""The final order from the full texts: rescoring the pruned index's candidates.

The index keeps the 20 strongest character n-grams of each seeker, which is
enough to *find* candidates quickly but loses most of a long text. The
rankings therefore take a pool of candidates from the index (the best
``rescore_depth`` x k by the pruned score, :meth:`Matcher.rank_seekers`) and
recompute their text component from the full texts:

* **character n-grams, unpruned**: the cosine of the complete TF-IDF rows of
  both texts (the index's vectoriser, sublinear tf);
* **words** (:mod:`matching.words`, jieba's dictionary): a cosine of
  BM25-weighted word vectors — idf from the fitted documents, term frequency
  saturated (``tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen))``), so a word
  repeated in a long text does not swamp the rest, and a long text is not
  favoured for being long.

``text = (1 - WORD_SHARE) * chars + WORD_SHARE * words``, in 0..1 like every
component, for every pair where either text has at least :data:`LONG_TEXT`
characters (shorter pairs keep the index's score: it already holds nearly
all of their n-grams); the other components and the weights stay as they are
(:mod:`matching.scoring`), so the rescored score of a pair is exactly what
:func:`matching.explain.explain_pair` says for it.

The full texts are kept per seeker in a :class:`TextStore` (normalised text,
GB18030, about 2 bytes a Chinese character) and re-vectorised at query time;
full vectors for a million seekers would not fit the memory budget. A loaded
index maps the store from the snapshot file instead of reading it (55 MB at
1M seekers): only the pages of the candidates a query rescores are read. Work per
text is bounded: only the first :data:`matching.words.MAX_CHARS` characters
are stored, vectorised and segmented.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from matching import scoring, words
from matching.text import normalise
from matching.words import MAX_CHARS

if TYPE_CHECKING:
    from matching.matcher import Matcher

__all__ = [
    "TextStore",
    "WordStats",
    "WORD_SHARE",
    "clip",
    "seeker_text_scores",
    "posting_text_scores",
    "posting_text",
    "rerank_seekers",
    "rerank_postings",
    "LONG_TEXT",
    "is_long_pair",
]

#: Share of the word cosine in the rescored text component (chosen on the
#: long-text slice of a tuning set, seed 7; bench/README.md).
WORD_SHARE = 0.5
#: BM25's saturation and length normalisation.
K1 = 1.2
B = 0.75
#: Posting representations kept per fitted matcher (postings are few, and re-asked).
_POSTING_CACHE = 4096
#: Seekers' word vectors kept (by text): a posting's candidates are rescored on every
#: page, refresh and variant, and a vector costs ~30 µs (segmenting included).
_SEEKER_CACHE = 2048
_TEXT = scoring.COMPONENTS.index("text")
#: A pair is rescored when either normalised text has at least this many
#: characters. Shorter texts have few more distinct n-grams than the index
#: keeps, so their pruned score already is their full one, and there the
#: character n-grams' typo tolerance (骑守 shares 骑 with 骑手) matters more than
#: words (the gig-trade evaluation, bench/README.md).
LONG_TEXT = 100


def is_long_pair(posting_text: str, seeker_text: str) -> bool:
    """Whether a pair's text component comes from the full texts (see :data:`LONG_TEXT`)."""
    return len(posting_text) >= LONG_TEXT or len(seeker_text) >= LONG_TEXT


def clip(text: str) -> str:
    """The part of a normalised text that is stored, vectorised and segmented."""
    return text[:MAX_CHARS] if text else ""


class TextStore:
    """Normalised texts by row, in one byte arena (GB18030: 1 byte ASCII, 2 most CJK).

    Texts are cut to :data:`MAX_CHARS` characters. A rewritten row whose text
    grew is appended; the arena is compacted when half of it is garbage.

    A store made by :meth:`from_arrays` with ``mapped=True`` reads its arrays
    in place (read-only, e.g. memory-mapped from the snapshot): rows written
    after that are kept in memory in ``extra`` and win over the arrays.

    >>> store = TextStore()
    >>> store.set(3, "外卖骑手 3年")
    >>> store.get_many([3, 0])
    ['外卖骑手 3年', '']
    >>> a = store.arrays(4)
    >>> mapped = TextStore.from_arrays(a["arena"], a["starts"], a["lens"], 4, mapped=True)
    >>> mapped.set(0, "保安")
    >>> mapped.clear(3)
    >>> mapped.set(9, "厨师")
    >>> mapped.get_many([0, 3, 9])
    ['保安', '', '厨师']
    """

    def __init__(self, capacity: int = 0) -> None:
        self.starts = np.zeros(max(capacity, 16), np.int64)
        self.lens = np.zeros(max(capacity, 16), np.uint16)
        self.arena: bytearray | np.ndarray = bytearray()
        self.garbage = 0
        #: rows written since a mapped load (None: the arrays are the store's own)
        self.extra: dict[int, bytes] | None = None
        self._lock = threading.Lock()

    @staticmethod
    def _encode(text: str) -> bytes:
        return clip(text or "").encode("gb18030", errors="replace")

    def _reserve(self, n: int) -> None:
        if n > len(self.starts):
            size = max(n, len(self.starts) + len(self.starts) // 2)
            self.starts = np.concatenate([self.starts, np.zeros(size - len(self.starts), np.int64)])
            self.lens = np.concatenate([self.lens, np.zeros(size - len(self.lens), np.uint16)])

    def set_many(self, first_row: int, texts: Sequence[str]) -> None:
        """Write ``texts`` to consecutive rows from ``first_row`` (a fit, in chunks).

        The chunk is encoded in one call, its texts joined by NUL (a byte that no
        other GB18030 character contains): 2.5x faster than a call per text. A
        chunk with a text that holds a NUL itself is encoded text by text."""
        n = len(texts)
        if n == 0:
            return
        with self._lock:
            if self.extra is not None:
                for i, text in enumerate(texts):
                    self.extra[first_row + i] = self._encode(text)
                return
            self._reserve(first_row + n)
            blob = "\0".join([clip(t or "") for t in texts]).encode("gb18030", errors="replace")
            ends = np.flatnonzero(np.frombuffer(blob, np.uint8) == 0)
            start = len(self.arena)
            if len(ends) == n - 1:
                ends = np.append(ends, len(blob))
                begins = np.concatenate([[0], ends[:-1] + 1])
                self.starts[first_row : first_row + n] = start + begins
                self.lens[first_row : first_row + n] = ends - begins
                self.arena += blob  # the NULs stay between the texts, outside every row
                return
            blobs = [self._encode(t) for t in texts]
            lens = np.fromiter((len(b) for b in blobs), np.int64, n)
            self.starts[first_row : first_row + n] = start + np.cumsum(lens) - lens
            self.lens[first_row : first_row + n] = lens
            self.arena += b"".join(blobs)

    def set(self, row: int, text: str) -> None:
        """Write one row's text (an update)."""
        blob = self._encode(text)
        with self._lock:
            if self.extra is not None:
                self.extra[row] = blob
                return
            self._reserve(row + 1)
            old = int(self.lens[row])
            if len(blob) <= old:
                start = int(self.starts[row])
                self.arena[start : start + len(blob)] = blob
                self.garbage += old - len(blob)
            else:
                self.starts[row] = len(self.arena)
                self.arena += blob
                self.garbage += old
            self.lens[row] = len(blob)
            if self.garbage > 1 << 20 and self.garbage * 2 > len(self.arena):
                self._compact()

    def clear(self, row: int) -> None:
        """Forget a row's text (a removed seeker)."""
        if self.extra is not None:
            with self._lock:
                self.extra[row] = b""
        elif row < len(self.lens):
            with self._lock:
                self.garbage += int(self.lens[row])
                self.lens[row] = 0

    def _compact(self) -> None:
        arena = bytearray()
        self.starts[self.lens == 0] = 0  # an empty row points nowhere, not past the end
        for row in np.flatnonzero(self.lens).tolist():
            start, n = int(self.starts[row]), int(self.lens[row])
            self.starts[row] = len(arena)
            arena += self.arena[start : start + n]
        self.arena = arena
        self.garbage = 0

    def get_many(self, rows: Sequence[int] | np.ndarray) -> list[str]:
        """The texts of ``rows`` ("" for a row never written)."""
        arena, extra = self.arena, self.extra
        rows = np.asarray(rows, np.int64)
        # starts and lens of all rows at once (a mapped store: one read of the map each)
        lens_all = np.asarray(self.lens)
        inside = rows < len(lens_all)
        safe = np.where(inside, rows, 0)
        lens = np.where(inside, lens_all[safe], 0).tolist()
        starts = np.asarray(self.starts)[safe].tolist()
        if isinstance(arena, np.ndarray):
            arena = memoryview(np.asarray(arena))  # never resized: a view is safe
        out = []
        for row, s, n in zip(rows.tolist(), starts, lens, strict=True):
            if extra:
                blob = extra.get(row)
                if blob is not None:
                    out.append(blob.decode("gb18030", errors="replace"))
                    continue
            out.append(bytes(arena[s : s + n]).decode("gb18030", errors="replace") if n else "")
        return out

    def nbytes(self) -> int:
        """Bytes held in memory (a mapped store: only the rows written since the load)."""
        if self.extra is not None:
            return sum(len(b) for b in self.extra.values())
        return len(self.arena) + self.starts.nbytes + self.lens.nbytes

    def arrays(self, n: int) -> dict[str, np.ndarray]:
        """The store of rows ``0..n-1``, compacted, as arrays (snapshot).

        A mapped store is written as its arrays plus the rows written since the
        load, appended (the rows they replace stay in the arena until a refit).
        """
        with self._lock:
            if self.extra is not None:
                return self._merged_arrays(n)
            self._compact()
            return {
                "arena": np.frombuffer(bytes(self.arena), np.uint8),
                "starts": self.starts[:n].copy(),
                "lens": self.lens[:n].copy(),
            }

    def _merged_arrays(self, n: int) -> dict[str, np.ndarray]:
        m = min(n, len(self.lens))
        starts = np.zeros(n, np.int64)
        lens = np.zeros(n, np.uint16)
        starts[:m] = self.starts[:m]
        lens[:m] = self.lens[:m]
        end = int(np.where(lens[:m] > 0, starts[:m] + lens[:m], 0).max(initial=0))
        pieces = [np.asarray(self.arena[:end], np.uint8)]
        offset = end
        for row, blob in sorted(self.extra.items()):
            if row >= n:
                continue
            starts[row] = offset if blob else 0
            lens[row] = len(blob)
            if blob:
                pieces.append(np.frombuffer(blob, np.uint8))
                offset += len(blob)
        return {"arena": np.concatenate(pieces), "starts": starts, "lens": lens}

    @classmethod
    def from_arrays(
        cls,
        arena: np.ndarray,
        starts: np.ndarray,
        lens: np.ndarray,
        capacity: int,
        mapped: bool = False,
    ) -> TextStore:
        """A store of the arrays of :meth:`arrays`: copied into memory, or, with
        ``mapped``, read in place (they are never written; see the class)."""
        if mapped:
            store = cls(0)
            store.arena, store.starts, store.lens = arena, starts, lens
            store.extra = {}
            return store
        store = cls(capacity)
        store._reserve(len(starts))
        store.starts[: len(starts)] = starts
        store.lens[: len(lens)] = lens
        store.arena = bytearray(arena.tobytes())
        return store


class WordStats:
    """Word idf and mean length (in content words) of the fitted documents."""

    def __init__(self, texts: Sequence[str]) -> None:
        df: Counter[str] = Counter()
        total = 0
        for text in texts:
            found = words.content_words(clip(text))
            total += len(found)
            df.update(set(found))
        self.n_docs = max(1, len(texts))
        self.avg_len = max(1.0, total / self.n_docs)
        n = self.n_docs
        # scikit-learn's smooth idf, as the character n-grams
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}
        self.unseen_idf = math.log(1 + n) + 1.0
        self._postings: dict[str, tuple[np.ndarray, np.ndarray, dict[str, float]]] = {}
        self._seekers: dict[str, dict[str, float]] = {}
        self._raw: dict[str, str] = {}

    def idf_of(self, word: str) -> float:
        return self.idf.get(word, self.unseen_idf)

    def vector(self, text: str) -> dict[str, float]:
        """BM25-weighted, L2-normalised word vector of one (clipped) normalised text."""
        found = words.content_words(text)
        if not found:
            return {}
        tf = Counter(found)
        norm_len = K1 * (1.0 - B + B * len(found) / self.avg_len)
        get = self.idf.get
        unseen = self.unseen_idf
        k1 = K1 + 1.0
        vec = {w: get(w, unseen) * c * k1 / (c + norm_len) for w, c in tf.items()}
        scale = 1.0 / math.sqrt(sum(v * v for v in vec.values()))
        return {w: v * scale for w, v in vec.items()}

    def seeker_vector(self, text: str) -> dict[str, float]:
        """:meth:`vector` of a seeker's text, kept for the next page (:data:`_SEEKER_CACHE`)."""
        found = self._seekers.get(text)
        if found is None:
            if len(self._seekers) >= _SEEKER_CACHE:
                self._seekers.clear()
            found = self._seekers[text] = self.vector(text)
        return found

    def arrays(self) -> dict[str, np.ndarray]:
        """As arrays (snapshot): the words joined by newlines, their idf, counts.

        Sorted: the words were counted through sets, whose order changes with each
        process's string hashing, and the same statistics should make the same bytes."""
        keys = sorted(self.idf)
        return {
            "words": np.frombuffer("\n".join(keys).encode(), np.uint8),
            "idf": np.array([self.idf[k] for k in keys], np.float64),
            "meta": np.array([self.n_docs, self.avg_len], np.float64),
        }

    @classmethod
    def in_background(cls, texts: Sequence[str]) -> Callable[[], WordStats]:
        """Start counting the words of the texts in a forked process; call the result to get them.

        The same statistics as ``WordStats(texts)`` (sent back as :meth:`arrays`),
        while this process does other work (the character vocabulary of a fit).
        """
        from matching import forked

        pool = forked.pool(1)
        pending = pool.apply_async(_word_stats_arrays, (texts,))
        pool.close()

        def result() -> WordStats:
            try:
                a = pending.get()
            finally:
                pool.join()
            return cls.from_arrays(a["words"], a["idf"], a["meta"])

        return result

    @classmethod
    def from_arrays(cls, words_blob: np.ndarray, idf: np.ndarray, meta: np.ndarray) -> WordStats:
        self = cls.__new__(cls)
        keys = bytes(words_blob).decode().split("\n") if len(words_blob) else []
        self.idf = dict(zip(keys, idf.astype(float).tolist(), strict=True))
        self.n_docs, self.avg_len = int(meta[0]), float(meta[1])
        self.unseen_idf = math.log(1 + self.n_docs) + 1.0
        self._postings = {}
        self._seekers = {}
        self._raw = {}
        return self


def _word_stats_arrays(texts: Sequence[str]) -> dict[str, np.ndarray]:
    return WordStats(texts).arrays()


def _char_rows(m: Matcher, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Complete (unpruned) TF-IDF rows of the texts."""
    return m.vectorizer_.transform_ell(texts, 0)


def _dense(m: Matcher, terms: np.ndarray, weights: np.ndarray) -> np.ndarray:
    qd = np.zeros(m.n_features_ + 1, np.float32)
    qd[terms] = weights
    qd[m.n_features_] = 0.0
    return qd


def _posting(m: Matcher, text: str) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    """Character row (term ids ascending, their weights) and word vector of a posting
    text (cached per fit). Kept sparse: a dense row holds a float for every feature,
    hundreds of KB with the vocabulary of real texts, and 4,096 of them would not fit."""
    stats: WordStats = m.word_stats_
    found = stats._postings.get(text)
    if found is None:
        t, w = _char_rows(m, [text])
        known = t[0] < m.n_features_
        order = np.argsort(t[0][known], kind="stable")
        found = (t[0][known][order].astype(np.int64), w[0][known][order], stats.vector(text))
        if len(stats._postings) >= _POSTING_CACHE:
            stats._postings.clear()
        stats._postings[text] = found
    return found


def _weights_of(p_terms: np.ndarray, p_weights: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """A sparse row's weight of each of ``terms`` (0 where it has none): what a dense
    row would give, so products and sums come out the same."""
    if len(p_terms) == 0:
        return np.zeros(len(terms), np.float32)
    at = np.minimum(np.searchsorted(p_terms, terms), len(p_terms) - 1)
    return np.where(p_terms[at] == terms, p_weights[at], np.float32(0.0))


def _word_cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def seeker_text_scores(m: Matcher, posting_text: str, seeker_texts: list[str]) -> np.ndarray:
    """Full-text component of one posting against many seekers (normalised texts)."""
    n = len(seeker_texts)
    if n == 0:
        return np.zeros(0, np.float32)
    ptext = clip(posting_text)
    p_terms, p_weights, pvec = _posting(m, ptext)
    qd = _dense(m, p_terms, p_weights)
    texts = [clip(t) for t in seeker_texts]
    terms, weights = _char_rows(m, texts)
    chars = (qd[terms] * weights).sum(axis=1, dtype=np.float64)
    stats: WordStats = m.word_stats_
    word = np.fromiter(
        (_word_cos(pvec, stats.seeker_vector(t)) if pvec else 0.0 for t in texts), np.float64, n
    )
    return _mix(chars, word)


def posting_text_scores(m: Matcher, seeker_text: str, posting_texts: list[str]) -> np.ndarray:
    """Full-text component of one seeker against many postings (normalised texts)."""
    n = len(posting_texts)
    if n == 0:
        return np.zeros(0, np.float32)
    stext = clip(seeker_text)
    terms, weights = _char_rows(m, [stext])
    svec = m.word_stats_.vector(stext)
    chars = np.empty(n, np.float64)
    word = np.empty(n, np.float64)
    t0, w0 = terms[0], weights[0]
    for i, text in enumerate(posting_texts):
        p_terms, p_weights, pvec = _posting(m, clip(text))
        chars[i] = float((_weights_of(p_terms, p_weights, t0) * w0).sum(dtype=np.float64))
        word[i] = _word_cos(pvec, svec) if pvec and svec else 0.0
    return _mix(chars, word)


def _mix(chars: np.ndarray, word: np.ndarray) -> np.ndarray:
    out = (1.0 - WORD_SHARE) * chars + WORD_SHARE * word
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def posting_text(m: Matcher, prow: int) -> str:
    """The normalised, clipped text of posting row ``prow`` (cached by the raw text)."""
    doc = m.posting_docs_.get(int(m.postings_.arrays["ids"][prow]))
    if doc is None or not doc.text:
        return ""
    stats: WordStats = m.word_stats_
    cache = stats._raw
    found = cache.get(doc.text)
    if found is None:
        if len(cache) >= _POSTING_CACHE:
            cache.clear()
        found = cache[doc.text] = clip(normalise(doc.text))
    return found


def rerank_seekers(
    m: Matcher,
    prow: int,
    qd: np.ndarray,
    rows: np.ndarray,
    scores: np.ndarray,
    depth: int,
    kk: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first ``depth`` candidates rescored on the full texts, then the rest as found.

    ``rows``/``scores`` are the index's order (best first). Returns the first
    ``kk`` rows, their scores and their text component (NaN where not
    rescored: the pruned one stands). Ties: lower row first, as in the index.
    """
    rows = np.asarray(rows, np.int64)
    scores = np.asarray(scores, np.float64)
    text = np.full(len(rows), np.nan, np.float64)
    n = min(depth, len(rows))
    if n:
        head = rows[:n]
        ptext = posting_text(m, prow)
        stexts = m.texts_.get_many(head)
        long = np.array([is_long_pair(ptext, t) for t in stexts], np.bool_)
        if long.any():
            s = m.seekers_.arrays
            pruned = (qd[s["terms"][head]] * s["weights"][head]).sum(axis=1, dtype=np.float64)
            full = np.full(n, np.nan)
            chosen = [t for t, x in zip(stexts, long, strict=True) if x]
            full[long] = seeker_text_scores(m, ptext, chosen)
            new = scores[:n] + np.where(long, float(m.weights_[_TEXT]) * (full - pruned), 0.0)
            order = np.lexsort((head, -new))
            rows = np.concatenate([head[order], rows[n:]])
            scores = np.concatenate([new[order], scores[n:]])
            text[:n] = full[order]
    return rows[:kk], scores[:kk], text[:kk]


def rerank_postings(
    m: Matcher, srow: int, qd: np.ndarray, rows: np.ndarray, scores: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Posting candidates of one seeker (any order) rescored on the full texts, best ``k``."""
    rows = np.asarray(rows, np.int64)
    scores = np.asarray(scores, np.float64)
    if len(rows) == 0:
        return rows, scores, scores
    p = m.postings_.arrays
    pruned = (qd[p["terms"][rows]] * p["weights"][rows]).sum(axis=1, dtype=np.float64)
    texts = [posting_text(m, int(r)) for r in rows.tolist()]
    stext = m.texts_.get_many([srow])[0]
    long = np.array([is_long_pair(t, stext) for t in texts], np.bool_)
    full = np.full(len(rows), np.nan)
    if long.any():
        chosen = [t for t, x in zip(texts, long, strict=True) if x]
        full[long] = posting_text_scores(m, stext, chosen)
    new = scores + np.where(long, float(m.weights_[_TEXT]) * (full - pruned), 0.0)
    order = np.lexsort((rows, -new))[:k]
    return rows[order], new[order], full[order]
