"""Seeker groups and constraint classes."""

import numpy as np

from matching import constraints
from matching.groups import ConstraintClasses, decode_keys, group_occupation_values


def test_decode_keys_gives_sorted_ids():
    assert decode_keys(np.array([0]), 5).tolist() == [[-1, -1, -1]]
    key = (1 * 6 + 3) * 6 + 4  # ids 0, 2, 3 plus one, in base n_codes + 1
    assert decode_keys(np.array([key]), 5).tolist() == [[0, 2, 3]]


def test_group_values_take_the_best_occupation():
    tabs = np.array([[0.0, 0.5, 1.0]], np.float32)
    codes = np.array([[-1, -1, -1], [0, 1, -1], [0, 2, -1]], np.int16)
    assert group_occupation_values(tabs, codes).tolist() == [[0.0, 0.5, 1.0]]


def test_classes_count_and_follow_changes():
    visible = constraints.VISIBLE | constraints.ALIVE
    c = ConstraintClasses(
        np.array([visible, visible, 0], np.uint8), np.zeros(3, np.uint32),
        np.zeros(3, np.uint8), np.array([1990, 1990, 2000], np.int16),
    )  # fmt: skip
    assert c.n == 2 and sorted(c.count[: c.n].tolist()) == [1, 2]
    c.add(visible, 4, 0, 1980)
    c.discard(visible, 0, 0, 1990)
    assert c.n == 3 and sorted(c.count[: c.n].tolist()) == [1, 1, 1]
