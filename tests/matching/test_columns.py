"""The column store: id -> row maps and growable named arrays."""

import numpy as np

from matching.columns import Columns, IdMap


def test_id_map_dense_and_sparse_ids():
    m = IdMap()
    m.set(5, 0)
    m.set(10**12, 1)  # far too large for the flat array
    m.set_many(np.array([7, 2**40]), np.array([2, 3]))
    assert [m.get(i) for i in (5, 10**12, 7, 2**40, 6)] == [0, 1, 2, 3, -1]
    assert m.get_many([6, 7, 5, 2**40]).tolist() == [2, 0, 3]
    m.delete(5)
    m.delete(10**12)
    assert m.get(5) == -1 and m.get(10**12) == -1


def test_columns_grow_and_reuse_rows():
    c = Columns({"a": ((), np.int32, -1), "b": ((2,), np.float32, 0.0)}, capacity=1)
    rows = [c.new_row() for _ in range(40)]
    assert rows == list(range(40)) and c.capacity >= 40
    c.arrays["a"][3] = 9
    c.clear_row(3)
    assert c.arrays["a"][3] == -1 and c.new_row() == 3
