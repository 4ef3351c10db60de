"""The pinyin tables of matching/reference read typos exactly as pypinyin would.

The typo index reads generated tables (``make_pinyin_tables.py``) so that a
process holding the index never imports pypinyin (about 60 MB resident).
These tests compare the tables and every typo lookup with pypinyin itself;
when one fails after a synonym was added, regenerate the tables.
"""

import subprocess
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.phrases_dict import phrases_dict

from matching import taxonomy, titles, typos

ROOT = Path(__file__).resolve().parents[2]

# Typos as seekers write them: homophones from the pinyin keyboard, near
# homophones (zh/z, l/n, -ng/-n), the typo inside a longer text, and real
# words that only sound like a synonym.
REAL_LOOKING = [
    "骑守", "骑首", "旗手", "外买员", "外麦", "送餐元", "跑腿儿", "快第员", "快地", "分捡员",
    "分减",
    "货车司几", "火车司机", "挂车斯机", "仓官员", "仓管圆", "装卸公", "搬运公", "调度圆", "掉度",
    "主拨", "住播", "带货主拨", "场控员", "厂控", "运赢", "网店运赢", "客富", "电商客富", "选聘",
    "选拼", "剪辑师", "简辑", "保按", "包安", "宝安", "门位", "保结", "包洁", "宝洁", "家正",
    "家政服物员", "保母", "月扫", "育儿扫", "护公", "胡工", "养老胡理员", "橱师", "出师", "厨思",
    "帮橱", "邦厨", "传菜圆", "收音员", "手银员", "收银圆", "代价", "代驾圆", "滴滴司几",
    "出组车司机", "大巴司几", "公交斯机", "高铁司几", "叉车公", "铲车司机", "理货圆", "打包公",
    "分解员", "配送圆", "送货圆", "快递元", "闪送圆", "网约车丝机", "新媒体运赢", "抖音运赢",
    "想找份骑守的工作", "求职送参员", "应聘快第员", "本人想做包洁", "之前做过橱师", "能做护公也行",
    "我想当保按", "找个月扫的活", "做过掉度员", "兼职主拨", "全职门位", "会计", "设想", "能克服",
    "报案", "报关员", "手印", "初始", "网点", "zhaogongzuo", "waimai", "kuaidiyuan", "baojie",
]


def _pypinyin_char(c: str) -> str:
    return (lazy_pinyin(c, style=Style.TONE3) or [c])[0]


def _pypinyin_char_cached(c: str) -> str:
    """The character reading as typos read it before the tables (pypinyin, cached)."""
    syllable = typos._CHAR_PINYIN[c] = _pypinyin_char(c)
    return syllable


def _pypinyin_context(word: str) -> list[str] | None:
    out = lazy_pinyin(word, style=Style.TONE3, errors=lambda s: list(s))
    return out if len(out) == len(word) else None


def _cjk_aliases() -> list[str]:
    return [k for k in taxonomy.aliases().by_key if all(typos._is_cjk(c) for c in k)]


def _lookups(words) -> dict[str, list]:
    return {w: typos.spans(w, set()) for w in words}


def _test_words() -> list[str]:
    """Real-looking typos, synonyms with a character swapped for homophones, the phrase list."""
    by_reading: dict[str, list[str]] = {}
    for cp in range(0x4E00, 0xA000):
        by_reading.setdefault(typos._char_pinyin(chr(cp)).rstrip("012345"), []).append(chr(cp))
    words = list(REAL_LOOKING)
    for alias in _cjk_aliases():
        for i, c in enumerate(alias):
            homophones = by_reading.get(typos._char_pinyin(c).rstrip("012345"), [])
            for j, other in enumerate(homophones[:5]):
                typo = alias[:i] + other + alias[i + 1 :]
                words.append(typo if j % 2 else "想找" + typo + "的工作")
    return words + sorted(phrases_dict)


def test_the_character_table_is_pypinyins_usual_reading():
    for cp in range(typos._FIRST_CJK, typos._LAST_CJK + 1):
        c = chr(cp)
        assert typos._char_pinyin(c) == _pypinyin_char(c), c
    assert typos._syllables("主住助a2") == ["zhu3", "zhu4", "zhu4", "a", "2"]


def test_every_synonym_is_indexed_under_pypinyins_readings():
    for alias in _cjk_aliases():
        ours = {tuple(typos._syllables(alias)), tuple(typos._syllables_in_context(alias))}
        theirs = {tuple(_pypinyin_char(c) for c in alias)}
        context = _pypinyin_context(alias)
        if context is not None:
            theirs.add(tuple(context))
        assert ours == theirs, alias


def test_the_phrase_table_holds_every_phrase_that_sounds_like_a_synonym():
    index = typos._typo_index()
    kept = typos._dictionary()
    assert kept <= phrases_dict.keys()
    for phrase in phrases_dict:
        plain = tuple(typos._toneless(x) for x in typos._syllables(phrase))
        if plain in index.toneless or tuple(map(typos._blur, plain)) in index.blurred:
            assert phrase in kept, phrase
    assert "克服" in kept and "会计" not in kept


def test_typo_lookups_are_the_same_as_with_pypinyin(monkeypatch):
    words = _test_words()
    typos._typo_index.cache_clear()
    index = typos._typo_index()
    with_tables = _lookups(words)
    # The typo index as it was built before the tables: pypinyin at every step.
    monkeypatch.setattr(typos, "_CHAR_PINYIN", {})
    monkeypatch.setattr(typos, "_char_pinyin", _pypinyin_char_cached)
    monkeypatch.setattr(typos, "_syllables_in_context", _pypinyin_context)
    monkeypatch.setattr(typos, "_dictionary", lambda: phrases_dict)
    typos._typo_index.cache_clear()
    try:
        assert typos._typo_index() == index
        with_pypinyin = _lookups(words)
    finally:
        typos._typo_index.cache_clear()
    assert with_tables == with_pypinyin
    found = [w for w, v in with_tables.items() if v]
    assert len(found) > 1000 and not with_tables["克服"] and not with_tables["报案"]


def test_looking_up_a_typo_never_imports_pypinyin():
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from matching import titles, typos\n"
        "typos.prepare()\n"
        "assert titles.codes_for_text('想找份骑守的工作，能克服困难') == ('D01',)\n"
        "assert titles.codes_for_text('住播') == ('S04',)\n"
        "print(sorted(m for m in sys.modules if m.startswith('pypinyin')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_the_existing_typo_cases_still_read():
    assert titles.codes_for_text("掉度员") == ("L07",)  # 调度 read in context: diao4 du4
    assert titles.codes_for_text("能克服") == ()
