"""The kiosk's person lookup (matching.lookup): every kind of query the issue names."""

from __future__ import annotations

import threading
import time

import pytest

from matching.lookup import KINDS, Hit, NotFittedError, PersonIndex, PersonRecord

PEOPLE = [
    PersonRecord(1, "张伟", "13812345678", 1990),
    PersonRecord(2, "张卫", "13900001111", 1985),
    PersonRecord(3, "张伟", "15047009999", 1978),  # the same name, another phone
    PersonRecord(4, "巴特尔", "13812340001", 1992),
    PersonRecord(5, "其木格", "18647005678", 1988),
    PersonRecord(6, "乌云毕力格", "13704712345", None),
    PersonRecord(7, "苏日娜", "15148001357", 1995),
    PersonRecord(8, "欧阳娜娜", "13600002468", 2000),
    PersonRecord(9, "司马光明", "13500003579", 1970),
    PersonRecord(10, "李娜", "17700005678", 1999),  # same tail-4 as 1 and 5
    PersonRecord(11, "那仁图雅", "13847100001", 1983),
    PersonRecord(12, "额尔敦", "15904710002", 1979),
    PersonRecord(13, "阿拉坦仓", "13314710003", 1986),
    PersonRecord(14, "宝音图", "18947100004", None),
    PersonRecord(15, "周文", "13000005678", 1993),  # initials "zw" too, tail 5678
    PersonRecord(16, "陈晨", "13100000016", 1991),
    PersonRecord(17, "刘兰", "13100000017", 1991),
    PersonRecord(18, "王芳", "13100000018", 1991),
    PersonRecord(19, "沈明", "13100000019", 1991),
    PersonRecord(20, "林静", "13100000020", 1991),
    PersonRecord(21, "马金", "13100000021", 1991),
    PersonRecord(22, "吕芳", "13100000022", 1991),
]


@pytest.fixture
def index():
    return PersonIndex().fit(PEOPLE)


def top(index, query, k=5):
    return index.search(query, k=k)[0]


def ids(index, query, k=5):
    return [h.id for h in index.search(query, k=k)]


# ---------------------------------------------------------------- the issue's own examples


def test_interface_example_tail_and_initials():
    index = PersonIndex().fit(
        [PersonRecord(id=1, name="巴特尔", mobile="13812345678", birth_year=1990)]
    )
    hits = index.search("5678 bte", k=5)
    assert [h.id for h in hits] == [1]
    assert hits[0].reason == "手机尾号+姓名拼音首字母"
    assert hits[0].kind == "tail4+initials"
    assert 0 <= hits[0].score <= 1


def test_full_mobile(index):
    hit = top(index, "13812345678")
    assert (hit.id, hit.kind, hit.digits, hit.reason) == (1, "mobile", 11, "手机号")
    assert hit.score == 1.0


@pytest.mark.parametrize(
    "query, kind",
    [
        ("5678 张伟", "tail4+name"),
        ("5678 zhangwei", "tail4+pinyin"),
        ("5678 zw", "tail4+initials"),
        ("5678zw", "tail4+initials"),
        ("5678zhangwei", "tail4+pinyin"),
        ("张伟5678", "tail4+name"),
        ("5678 zhangwie", "tail4+pinyin_typo"),
        ("5678 张卫", "tail4+homophone"),
    ],
)
def test_last_four_plus_name_pinyin_or_initials(index, query, kind):
    hit = top(index, query)
    assert (hit.id, hit.kind) == (1, kind)
    assert hit.digits == 4
    assert hit.reason == KINDS[kind]


def test_last_four_plus_initials_ranks_the_initials_owners_first(index):
    # 1 张伟 and 15 周文 both end in 5678 and have initials zw; 5 and 10 end in 5678 only.
    assert set(ids(index, "5678 zw")[:2]) == {1, 15}
    assert set(ids(index, "5678 zw")[2:4]) == {5, 10}


def test_name_alone(index):
    hits = index.search("巴特尔")
    assert (hits[0].id, hits[0].kind, hits[0].reason) == (4, "name", "姓名")


@pytest.mark.parametrize(
    "query, expected",
    [("巴特尔", 4), ("其木格", 5), ("乌云毕力格", 6), ("那仁图雅", 11), ("额尔敦", 12),
     ("阿拉坦仓", 13), ("宝音图", 14), ("欧阳娜娜", 8), ("司马光明", 9)],
)
def test_names_without_a_han_surname_and_two_character_surnames(index, query, expected):
    assert top(index, query).id == expected
    assert top(index, query).kind == "name"


def test_same_name_two_people_both_found(index):
    found = index.search("张伟")
    assert {h.id for h in found[:2]} == {1, 3}
    assert all(h.kind == "name" for h in found[:2])


def test_full_pinyin_alone(index):
    assert top(index, "bateer").id == 4
    assert top(index, "bateer").kind == "pinyin"
    assert top(index, "wuyunbilige").id == 6
    assert set(ids(index, "zhangwei")[:3]) == {1, 2, 3}
    assert top(index, "zhang wei").kind == "pinyin"
    assert top(index, "ouyangnana").id == 8


@pytest.mark.parametrize(
    "query, expected, kind",
    [
        ("张卫", 2, "name"),  # 张卫 exists: the exact name first ...
        ("苏日纳", 7, "homophone"),
        ("额尔顿", 12, "homophone"),
        ("宝音涂", 14, "homophone"),
        ("其木哥", 5, "homophone"),
    ],
)
def test_homophones(index, query, expected, kind):
    hit = top(index, query)
    assert (hit.id, hit.kind) == (expected, kind)


def test_homophone_zhang_wei(index):
    # ... and 张伟 right after it, as homophones.
    hits = index.search("张卫")
    assert hits[0].id == 2
    assert {h.id for h in hits[1:3]} == {1, 3}
    assert all(h.kind == "homophone" for h in hits[1:3])
    assert hits[1].reason == "姓名同音"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("zangwei", {1, 3}),  # zh/z (张伟 and 张卫 alike: 1, 2, 3 all near)
        ("cencen", {16}),  # ch/c, en/eng: 陈晨 chenchen
        ("senmin", {19}),  # sh/s, in/ing: 沈明 shenming
        ("ninjin", {20}),  # l/n, in/ing: 林静 linjing
        ("wanfan", {18}),  # an/ang: 王芳 wangfang
        ("niunang", {17}),  # l/n, an/ang: 刘兰 liulan
        ("majing", {21}),  # in/ing: 马金 majin
        ("苏日那", {7}),
        ("沈名", {19}),
    ],
)
def test_near_homophones(index, query, expected):
    hits = index.search(query)
    assert hits and hits[0].id in expected
    assert hits[0].kind in ("near_homophone", "homophone", "pinyin")


def test_near_homophone_kind(index):
    assert top(index, "ninjin").kind == "near_homophone"
    assert top(index, "ninjin").reason == "姓名近音"
    assert top(index, "zangwei").kind == "near_homophone"


def test_u_umlaut_written_lv_lu_or_with_diaeresis(index):
    for query in ("lvfang", "lufang", "lüfang"):
        assert top(index, query).id == 22, query


@pytest.mark.parametrize(
    "query, expected", [("zhangwie", {1, 2, 3}), ("bateet", {4}), ("wuyunbilgie", {6}),
                        ("qimgue", {5}), ("suirna", {7})]
)
def test_pinyin_with_a_typo(index, query, expected):
    hit = top(index, query)
    assert hit.id in expected
    assert hit.kind == "pinyin_typo"


def test_initials_alone_and_with_a_swap(index):
    assert top(index, "wyblg").kind == "initials"
    assert top(index, "wyblg").id == 6
    # The brief spells the initials of 乌云毕力格 "wybgl" (two letters swapped): still found.
    hit = top(index, "wybgl")
    assert (hit.id, hit.kind) == (6, "initials_typo")
    hit = top(index, "2345 wybgl")
    assert (hit.id, hit.kind) == (6, "tail4+initials_typo")


def test_full_width_digits_and_spaces_anywhere(index):
    assert top(index, "１３８１２３４５６７８").kind == "mobile"
    assert top(index, "138 1234 5678").id == 1
    assert top(index, " 1 3 8 1 2 3 4 5 6 7 8 ").kind == "mobile"
    assert top(index, "+86 138-1234-5678").kind == "mobile"
    assert top(index, "５６７８　张伟").kind == "tail4+name"
    assert top(index, "5 6 7 8 z w").id in (1, 15)
    assert top(index, "巴 特 尔").id == 4
    assert top(index, "ＢＡＴＥＥＲ").id == 4


def test_traditional_characters(index):
    assert top(index, "歐陽娜娜").id == 8
    assert top(index, "歐陽娜娜").kind == "name"
    assert top(index, "蘇日娜").id == 7


def test_part_of_a_name(index):
    assert top(index, "毕力格").id == 6
    assert top(index, "毕力格").kind == "name_partial"
    assert top(index, "2345 bilige").kind == "tail4+pinyin_partial"


def test_name_inside_a_longer_query_and_a_wrong_character(index):
    hit = top(index, "巴特尔师傅")
    assert (hit.id, hit.kind) == (4, "name_partial")
    hit = top(index, "乌云华力格")  # 华 is no homophone of 毕
    assert (hit.id, hit.kind) == (6, "name_typo")


def test_name_with_birth_year(index):
    hit = top(index, "张伟 1978")
    assert (hit.id, hit.kind) == (3, "name+birth_year")
    assert hit.reason == "姓名+出生年份"


@pytest.mark.parametrize(
    "query, expected, kind",
    [
        ("手机尾号5678 张伟", 1, "tail4+name"),
        ("尾号是5678，姓名张伟", 1, "tail4+name"),
        ("手机号13812345678", 1, "mobile"),
        ("张伟 1978年生", 3, "name+birth_year"),
        ("张伟，出生于1978", 3, "name+birth_year"),
    ],
)
def test_words_around_the_facts(index, query, expected, kind):
    hit = top(index, query)
    assert (hit.id, hit.kind) == (expected, kind)


def test_surnames_read_their_own_way():
    index = PersonIndex().fit(
        [PersonRecord(1, "单雄", "13800000001"), PersonRecord(2, "曾小贤", "13800000002"),
         PersonRecord(3, "尉迟恭", "13800000003")]
    )
    for query, expected in (("shanxiong", 1), ("danxiong", 1), ("zengxiaoxian", 2),
                            ("0002 zxx", 2), ("yuchigong", 3), ("0003 ycg", 3)):
        assert top(index, query).id == expected, query


def test_mobile_with_one_digit_wrong(index):
    hit = top(index, "13812345679")
    assert (hit.id, hit.kind) == (1, "mobile_typo")
    assert top(index, "13812345778").id == 1


def test_masked_form_prefers_the_prefix(index):
    assert ids(index, "138****5678")[0] == 1


# ---------------------------------------------------------------- ranking


def test_exact_name_over_homophone_over_typo(index):
    hits = index.search("张卫", k=5)
    kinds = [h.kind for h in hits]
    assert kinds[0] == "name" and kinds[1] == "homophone"
    assert hits[0].score > hits[1].score


def test_more_digits_matched_over_fewer(index):
    # 1 ends in 12345678, 5/10/15 only in 5678.
    hits = index.search("2345678")
    assert hits[0].id == 1 and hits[0].digits == 7
    assert all(h.score < hits[0].score for h in hits[1:])


def test_tail_plus_name_over_name_with_another_tail(index):
    hits = index.search("9999 张伟")
    assert hits[0].id == 3 and hits[0].kind == "tail4+name"
    other = next(h for h in hits if h.id == 1)
    assert other.kind == "name" and other.digits == 0 and other.reason == "姓名（尾号不符）"
    assert other.score < hits[0].score


def test_mobile_over_everything(index):
    hits = index.search("13812345678 张伟")
    assert hits[0].id == 1 and hits[0].kind == "mobile"


def test_scores_in_range_and_sorted(index):
    for query in ("5678", "张伟", "zw", "zhangwie", "5678 zw", "13812345678"):
        hits = index.search(query, k=10)
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= s <= 1 for s in scores)
        assert len({h.id for h in hits}) == len(hits)


def test_k_is_respected(index):
    assert len(index.search("5678", k=2)) == 2
    assert index.search("5678", k=0) == []


# ---------------------------------------------------------------- upsert and remove


def test_upsert_new_changed_and_remove(index):
    index.upsert(PersonRecord(100, "图门巴雅尔", "13912340100", 1980))
    assert top(index, "0100 tmbye").id == 100
    # A changed name and number: found by the new ones only.
    index.upsert(PersonRecord(100, "图门", "13912340200", 1980))
    assert top(index, "图门巴雅尔").kind == "name_partial"  # it holds 图门, no more
    assert 100 not in ids(index, "0100")
    assert top(index, "0200 图门").id == 100
    index.remove(100)
    assert 100 not in ids(index, "0200 图门")
    assert 100 not in ids(index, "tumen")
    index.remove(100)  # twice: no error
    index.remove(123456)  # unknown: no error
    assert len(index) == len(PEOPLE)


def test_remove_one_of_two_people_with_the_same_name(index):
    index.remove(1)
    assert ids(index, "张伟")[0] == 3
    assert 1 not in ids(index, "5678 zw")


def test_upsert_is_fast(index):
    start = time.perf_counter()
    for i in range(200):
        index.upsert(PersonRecord(1000 + i, "乌云其木格", f"1380000{i:04d}", 1990))
    assert (time.perf_counter() - start) / 200 < 0.005
    assert top(index, "0199 wyqmg").id == 1199


def test_updates_in_big_buckets_stay_fast():
    # 5,000 people share the character 王 and 4,500 the tail 8888.
    index = PersonIndex().fit(
        PersonRecord(i, "王" + chr(0x4E00 + i % 3000), f"139{i:04d}{8888 if i % 10 else i:04d}")
        for i in range(5000)
    )
    start = time.perf_counter()
    for i in range(100):
        index.upsert(PersonRecord(9000 + i, "王芳", f"1360000{8888:04d}"))
        index.remove(9000 + i - 1)
    assert (time.perf_counter() - start) / 200 < 0.002
    assert 9099 in ids(index, "8888 王芳")


def test_typo_search_after_many_removals_still_works():
    index = PersonIndex().fit(
        PersonRecord(i, f"测试{chr(0x4E00 + i)}", f"138{i:08d}") for i in range(3000)
    )
    for i in range(2500):
        index.remove(i)
    index.upsert(PersonRecord(9999, "巴特尔", "13800009999"))
    assert top(index, "bateet").id == 9999


def test_not_fitted():
    with pytest.raises(NotFittedError):
        PersonIndex().search("张伟")
    with pytest.raises(NotFittedError):
        PersonIndex().upsert(PersonRecord(1, "张伟", "13812345678"))


def test_concurrent_searches_and_updates(index):
    errors: list[BaseException] = []

    def writer():
        try:
            for i in range(300):
                index.upsert(PersonRecord(5000 + i, "苏日娜", f"1590000{i:04d}"))
                if i % 3 == 0:
                    index.remove(5000 + i - 1)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def reader():
        try:
            for _ in range(300):
                index.search("suirna")
                index.search("苏日纳")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


# ---------------------------------------------------------------- bad input and privacy


@pytest.mark.parametrize(
    "query",
    ["", " ", "　　　", "张", "a", "5", "!!!", "，。！？", "🙂", "🙂🙂🙂 😀", "张" * 200, "a" * 200,
     "5" * 200, "zhangwei" * 25, "5678 " * 40, "𠀀𠀁", "\x00\x1f", "<script>", None, 12345678,
     "巴特尔" * 67, "*" * 200, "ab" * 100],
)
def test_bad_input_is_harmless_and_quick(index, query):
    start = time.perf_counter()
    hits = index.search(query)
    assert time.perf_counter() - start < 0.5
    assert isinstance(hits, list) and all(isinstance(h, Hit) for h in hits)


@pytest.mark.parametrize("query", ["", " ", "张", "a", "5", "!!!", "🙂", "*" * 200])
def test_nothing_to_search_for_gives_nothing(index, query):
    assert index.search(query) == []


def test_hits_carry_ids_not_personal_data(index):
    assert set(Hit.__dataclass_fields__) == {"id", "score", "kind", "reason", "digits"}
    for query in ("13812345678", "5678 张伟", "张伟"):
        for hit in index.search(query):
            text = repr(hit)
            assert "13812345678" not in text and "张伟" not in text


def test_every_kind_has_a_reason():
    for kind, reason in KINDS.items():
        assert reason and kind
    assert KINDS["tail4+initials"] == "手机尾号+姓名拼音首字母"
