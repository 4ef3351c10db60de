import pytest

from matching import licences
from matching.licences import CLASSES, COVERS, LABELS


def test_classes_and_labels():
    assert CLASSES == (
        "A1",
        "A2",
        "A3",
        "B1",
        "B2",
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
        "C6",
        "D",
        "E",
        "F",
        "M",
        "N",
        "P",
    )
    assert set(LABELS) == set(CLASSES) == set(COVERS)
    assert LABELS["B2"] == "大型货车"
    assert LABELS["A2"] == "重型牵引挂车"
    assert LABELS["C1"] == "小型汽车"
    assert LABELS["C2"] == "小型自动挡汽车"
    assert LABELS["C6"] == "轻型牵引挂车"
    assert LABELS["D"] == "普通三轮摩托车"
    assert LABELS["E"] == "普通二轮摩托车"
    assert LABELS["F"] == "轻便摩托车"


def test_cover_table_matches_the_regulation():
    expected = {
        "A1": {"A3", "B1", "B2", "C1", "C2", "C3", "C4", "M"},
        "A2": {"B1", "B2", "C1", "C2", "C3", "C4", "C6", "M"},
        "A3": {"C1", "C2", "C3", "C4"},
        "B1": {"C1", "C2", "C3", "C4", "M"},
        "B2": {"C1", "C2", "C3", "C4", "M"},
        "C1": {"C2", "C3", "C4"},
        "C3": {"C4"},
        "D": {"E", "F"},
        "E": {"F"},
    }
    for code in CLASSES:
        assert COVERS[code] == frozenset(expected.get(code, set())), code


def test_cover_table_is_closed_and_acyclic():
    for code, covered in COVERS.items():
        assert code not in covered
        for lower in covered:
            assert COVERS[lower] <= covered, (code, lower)
            assert code not in COVERS[lower]


@pytest.mark.parametrize(
    ("held", "required", "ok"),
    [
        (["A2"], "B2", True),
        (["A1"], "B2", True),
        (["B2"], "B2", True),
        (["B2"], "C1", True),
        (["A2"], "C6", True),
        (["A1"], "A3", True),
        (["C1"], "C2", True),
        (["D"], "F", True),
        (["C1"], "B2", False),
        (["B2"], "A2", False),
        (["A1"], "A2", False),
        (["A2"], "A1", False),
        (["A1"], "C6", False),
        (["C1"], "C6", False),
        (["B2"], "B1", False),
        (["C2"], "C1", False),
        (["C1"], "E", False),
        ([], "C1", False),
        (None, "C1", False),
        ([], None, True),
        (["C1"], None, True),
        (["C1", "E"], "E", True),
        ("A2,C1", "B2", True),
        (["b2驾照"], "c1", True),
        (["A2"], "XYZ", False),
    ],
)
def test_covers(held, required, ok):
    assert licences.covers(held, required) is ok


def test_classes_covering():
    assert licences.classes_covering("B2") == {"A1", "A2", "B2"}
    assert licences.classes_covering("A2") == {"A2"}
    assert licences.classes_covering("C1") == {"A1", "A2", "A3", "B1", "B2", "C1"}
    assert licences.classes_covering("C6") == {"A2", "C6"}
    assert licences.classes_covering("F") == {"D", "E", "F"}
    assert licences.classes_covering("nonsense") == frozenset()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("b2", "B2"),
        ("Ｂ２", "B2"),
        ("B2驾照", "B2"),
        ("B2驾驶证", "B2"),
        ("驾照B2", "B2"),
        (" c1 ", "C1"),
        ("C1证", "C1"),
        ("d", "D"),
        ("大货", "B2"),
        ("摩托车", "E"),
        ("B7", None),
        ("", None),
        (None, None),
        ("驾照", None),
        ("X", None),
    ],
)
def test_normalise_class(text, code):
    assert licences.normalise_class(text) == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("A2,C1", ("A2", "C1")),
        ("A2 C1", ("A2", "C1")),
        ("C1、a2", ("A2", "C1")),
        ("C1/A2驾照", ("A2", "C1")),
        ("Ａ２，Ｃ１", ("A2", "C1")),
        ("有B2驾驶证", ("B2",)),
        ("B2 B2 b2", ("B2",)),
        (["c1", "A2", "A2"], ("A2", "C1")),
        (("E", "nonsense"), ("E",)),
        ("没有驾照", ()),
        ("3d打印", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_parse_classes(value, expected):
    assert licences.parse_classes(value) == expected
