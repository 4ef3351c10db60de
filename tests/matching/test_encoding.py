"""Documents into numbers, and the same occupations and districts for ranking and explaining."""

import numpy as np

from matching import encoding
from matching.documents import PostingDoc, SeekerDoc
from matching.tables import OccupationTable


def test_seeker_occupations_from_codes_or_text():
    index = OccupationTable().index
    assert encoding.seeker_occupation_ids(SeekerDoc(1, "", occupation_codes=("L01",)), index,
                                          True) == [index["L01"]]
    assert encoding.seeker_occupation_ids(SeekerDoc(2, "想找骑守"), index, True) == [index["D01"]]
    assert encoding.seeker_occupation_ids(SeekerDoc(2, "想找骑守"), index, False) == []


def test_district_from_text_only_when_empty():
    assert encoding.district_of_seeker(SeekerDoc(1, "住在包头昆区")) == "150203"
    assert encoding.district_of_seeker(SeekerDoc(1, "住在包头昆区", district_code="150105")) == (
        "150105"
    )


def test_posting_occupation_checked_against_the_taxonomy():
    assert encoding.occupation_code_of_posting(PostingDoc(1, "招快递员", occupation_code="ZZ")) == (
        "D02"
    )


def test_encode_seekers_arrays():
    docs = [SeekerDoc(3, "骑手", has_ebike=True, licences=("B2",), pay_amount=300,
                      pay_unit="day", birth_year=1990), SeekerDoc(4, "")]
    texts, ids, flags, lic, avail, birth, pay, occ, dists = encoding.encode_seekers(
        docs, OccupationTable().index, True
    )
    assert ids.tolist() == [3, 4] and birth.tolist() == [1990, 0]
    assert lic[0] != 0 and lic[1] == 0
    assert pay[0] == np.float32(300 * 21.75) and np.isnan(pay[1])
    assert occ.shape == (2, encoding.OCCUPATION_SLOTS) and occ[1].tolist() == [-1, -1, -1]
    index = OccupationTable().index
    texts2, arrays, dists2 = encoding.encode_seekers_parallel(docs, index, True, 1)
    assert texts2 == texts and dists2 == dists and arrays[0].tolist() == [3, 4]
