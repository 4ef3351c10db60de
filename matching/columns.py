"""The column store: numpy arrays, one row per document, and document ids to rows.

A million seekers are a handful of flat arrays (flags, licence bits,
availability bits, birth year, occupation ids, district id, monthly pay) plus
a fixed-width row of their strongest TF-IDF terms (:mod:`matching.encoding`
names the columns), so the fitted index of a million profiles stays in a few
hundred megabytes and a compiled loop can scan it. Rows are updated in place;
a removed row is marked dead and reused.
"""

from __future__ import annotations

import numpy as np

__all__ = ["IdMap", "Columns", "release_free_memory"]


class IdMap:
    """Document id -> row. A flat array for the usual dense ids, a dict otherwise."""

    def __init__(self) -> None:
        self.direct = np.full(1024, -1, dtype=np.int32)
        self.extra: dict[int, int] = {}

    def _direct_ok(self, doc_id: int) -> bool:
        return 0 <= doc_id < max(1 << 16, 8 * len(self.direct)) and doc_id < (1 << 31)

    def get(self, doc_id: int) -> int:
        if 0 <= doc_id < len(self.direct):
            r = int(self.direct[doc_id])
            if r >= 0:
                return r
        return self.extra.get(doc_id, -1)

    def get_many(self, doc_ids) -> np.ndarray:
        """Rows of the known ids among ``doc_ids``, in their order (unknown ids dropped)."""
        if isinstance(doc_ids, range):
            ids = np.arange(doc_ids.start, doc_ids.stop, doc_ids.step, dtype=np.int64)
        elif isinstance(doc_ids, (np.ndarray, list, tuple)):
            ids = np.asarray(doc_ids)
            if ids.dtype.kind not in "iu" or ids.ndim != 1:
                ids = np.array([int(i) for i in np.ravel(ids).tolist()], dtype=np.int64)
        else:
            ids = np.fromiter((int(i) for i in doc_ids), dtype=np.int64)
        ids = ids.astype(np.int64, copy=False)
        rows = np.full(len(ids), -1, dtype=np.int64)
        direct = (ids >= 0) & (ids < len(self.direct))
        rows[direct] = self.direct[ids[direct]]
        if self.extra:
            for i in np.flatnonzero(rows < 0).tolist():
                rows[i] = self.extra.get(int(ids[i]), -1)
        return rows[rows >= 0]

    def set(self, doc_id: int, row: int) -> None:
        if 0 <= doc_id < len(self.direct):
            self.direct[doc_id] = row
        elif self._direct_ok(doc_id):
            size = len(self.direct)
            while size <= doc_id:
                size *= 2
            grown = np.full(size, -1, dtype=np.int32)
            grown[: len(self.direct)] = self.direct
            self.direct = grown
            self.direct[doc_id] = row
        else:
            self.extra[doc_id] = row

    def set_many(self, ids: np.ndarray, rows: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        if len(ids) == 0:
            return
        ok = (ids >= 0) & (ids < (1 << 31)) & (ids < max(1 << 16, 8 * (len(ids) + 1024)))
        if ok.any():
            top = int(ids[ok].max())
            if top >= len(self.direct):
                size = len(self.direct)
                while size <= top:
                    size *= 2
                grown = np.full(size, -1, dtype=np.int32)
                grown[: len(self.direct)] = self.direct
                self.direct = grown
            self.direct[ids[ok]] = rows[ok]
        for i, r in zip(ids[~ok].tolist(), rows[~ok].tolist(), strict=True):
            self.extra[i] = r

    def delete(self, doc_id: int) -> None:
        if 0 <= doc_id < len(self.direct):
            self.direct[doc_id] = -1
        self.extra.pop(doc_id, None)


class Columns:
    """Growable named arrays sharing one row count; rows are reused after removal."""

    def __init__(self, spec: dict[str, tuple[tuple[int, ...], type, object]], capacity: int = 0):
        self.spec = spec
        self.n = 0  # rows in use (dead rows included), high-water mark
        self.free: list[int] = []
        self.arrays: dict[str, np.ndarray] = {}
        cap = max(16, capacity)
        for name, (shape, dtype, fill) in spec.items():
            self.arrays[name] = np.full((cap, *shape), fill, dtype=dtype)

    @property
    def capacity(self) -> int:
        return len(next(iter(self.arrays.values())))

    def reserve(self, n: int) -> None:
        if n <= self.capacity:
            return
        cap = max(n, int(self.capacity * 1.5) + 16)
        for name, (shape, dtype, fill) in self.spec.items():
            grown = np.full((cap, *shape), fill, dtype=dtype)
            grown[: self.n] = self.arrays[name][: self.n]
            self.arrays[name] = grown

    def new_row(self) -> int:
        if self.free:
            return self.free.pop()
        self.reserve(self.n + 1)
        self.n += 1
        return self.n - 1

    def clear_row(self, row: int) -> None:
        for name, (_shape, _dtype, fill) in self.spec.items():
            self.arrays[name][row] = fill
        self.free.append(row)


def release_free_memory() -> None:
    """Give freed heap pages back to the OS after a big build (glibc; else a no-op).

    Large temporaries of a fit or load are freed, but glibc keeps much of the
    heap mapped, so the process would stay tens of MB above what it holds.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass
