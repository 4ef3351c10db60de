"""Lookup tables: occupations and districts as small integers."""

import numpy as np
import pytest

from matching import regions, scoring, taxonomy
from matching.tables import DistrictTable, OccupationTable


def test_occupation_table_holds_relatedness():
    t = OccupationTable()
    a, b = t.index["D02"], t.index["D03"]
    assert t.related[a, a] == 1.0
    assert t.related[a, b] == taxonomy.related("D02", "D03") > 0


def test_district_table_agrees_with_regions():
    t = DistrictTable(["150105", "150102", "150203"])
    assert t.add(None) == -1 and t.add("150105") == 0
    for i, a in enumerate(t.codes):
        for j, b in enumerate(t.codes):
            assert scoring.PROXIMITY_CLASSES[t.prox[i, j]] == regions.proximity(a, b)
    values = t.location_values(0)
    assert values.tolist() == pytest.approx([1.0, 0.6, 0.25])
    assert t.within("150100").tolist() == [True, True, False]
    assert np.all(t.location_values(-1) == scoring.LOCATION_SCORE["unknown"])
