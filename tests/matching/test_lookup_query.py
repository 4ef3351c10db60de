"""Reading a kiosk query: digits, a masked number, pinyin, names, blurred keys."""

from __future__ import annotations

from matching.lookup_query import blur, name_keys, parse_query


def test_parse_query_reads_digits_and_text():
    q = parse_query("138****5678")
    assert (q.prefix, q.tails) == ("138", ("5678",))
    q = parse_query("zhang wei")
    assert q.pinyins == ("zhangwei", "weizhang")
    q = parse_query("张wei")
    assert q.pinyins == ("zhangwei",) and q.name is None


def test_blurred_pinyin_merges_what_northern_speakers_mix():
    assert blur("zhang") == blur("zan") and blur("shi") == blur("si") and blur("lv") == blur("lu")


def test_name_keys_of_a_mongolian_name_without_a_han_surname():
    pinyins, _blurred, initials = name_keys("乌云毕力格")
    assert "wuyunbilige" in pinyins and "wyblg" in initials
