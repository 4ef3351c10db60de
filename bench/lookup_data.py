"""Generated people and kiosk queries for the person lookup (matching/lookup.py).

    from bench import lookup_data
    people, queries = lookup_data.generate(seed=1, n_people=30_000, per_kind=400)

Deterministic for a seed. The rules are written out in bench/README.md
("Kiosk person lookup"): who the people are (Han names with common and
two-character surnames, Mongolian names in Chinese characters of 2-6
characters with and without a Han surname, Hui and Manchu names; duplicated
names; lucky tail digits shared by many) and how each kind of query is
written from the person it must find (with full-width digits, extra spaces,
traditional characters, homophones, near-homophones and pinyin typos).

The generator never imports matching.lookup: its pinyin is pypinyin's
character readings (with the usual surname readings), its homophones come
from pypinyin's character table restricted to the 3,755 common characters
(GB2312 level 1), and its near-homophone rules are written out here.
"""

from __future__ import annotations

import os
import random
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from matching.lookup import PersonRecord

# ----------------------------------------------------------------- name parts

# Common Han surnames, roughly by frequency (weights fall off with rank).
HAN_SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲"
    "房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全"
    "佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
TWO_CHAR_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙"]
# Surnames read their own way (people type this reading).
SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "查": "zha",
                    "翟": "zhai", "缪": "miao", "尉迟": "yuchi", "长孙": "zhangsun"}
GIVEN_CHARS = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉玲桂华红建国文军斌波宁鹏飞浩宇欣怡梓涵子轩雨"
    "晨阳佳琪思彤一诺博文嘉俊雪梅秀兰凤英玉珍海燕春花志强永刚小龙晓东亮鑫婷颖丹慧琳瑶晶倩蕾"
    "峰成健凯旭楠鹤松林森淑贞红霞金凤兵振家豪子豪天佑雅静梦瑶诗涵俊杰宏伟德胜立新跃进卫东"
)
# Hui surnames and Manchu (clan) surnames.
HUI_SURNAMES = list("马回哈纳沙海穆拜白丁洪") + ["哈斯"]
MANCHU_SURNAMES = ["爱新觉罗", "钮祜禄", "叶赫那拉", "瓜尔佳", "富察", "关", "佟", "那", "索", "赫"]
# Mongolian name elements written in Chinese characters (common in Inner Mongolia).
MONGOLIAN_PARTS = [
    "巴特尔", "其木格", "乌云", "毕力格", "苏日娜", "额尔敦", "那仁", "图雅", "宝音", "图",
    "阿拉坦", "仓", "朝鲁", "格日勒", "萨仁", "高娃", "斯琴", "巴雅尔", "孟和", "达来", "敖特根",
    "哈斯", "其其格", "额尔德尼", "特木尔", "布和", "吉日嘎拉", "乌兰", "托娅", "图门", "格根",
    "塔娜", "苏和", "满都拉", "阿木古楞", "额日和木", "那顺", "乌力吉", "白音", "牧仁", "赛汗",
    "呼和", "巴图", "朝格图", "娜仁", "其勒木格", "阿拉腾", "乌日娜", "萨日娜", "包音", "达古拉",
    "巴根那", "青格勒", "敖登", "乌恩", "苏布达", "额尔登", "图布信", "嘎日迪", "都兰", "孟根",
]
MONGOLIAN_WHOLE = ["巴特尔", "其木格", "乌云毕力格", "苏日娜", "额尔敦", "那仁图雅", "宝音图",
                   "阿拉坦仓", "朝鲁", "斯琴高娃", "乌兰托娅", "孟和巴雅尔", "额尔敦其木格",
                   "哈斯其其格", "特木尔巴根", "萨仁高娃", "格日勒图", "乌力吉图", "吉日嘎拉"]
# Han surnames that Mongolian families in Inner Mongolia often use before a Mongolian name.
MONGOLIAN_HAN_SURNAMES = list("包白韩吴陈王李宝鲍金")

LUCKY_TAILS = ["8888", "6666", "1688", "5188", "9999", "0000", "1314", "5201", "6688", "8899"]
PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151",
            "152", "155", "157", "158", "159", "166", "170", "176", "177", "180", "181", "182",
            "185", "186", "187", "188", "189", "191", "198", "199"]

#: Query kinds, in the order of the tables.
KINDS = [
    "mobile", "mobile (full-width, spaces)", "tail4 + name", "tail4 + pinyin",
    "tail4 + initials", "tail4+initials, no space", "tail4 + homophone", "tail4 + pinyin typo",
    "name (Han)", "name (Mongolian etc.)", "name, traditional", "name, spaces/full-width",
    "pinyin", "homophone", "near-homophone", "pinyin near-homophone", "pinyin typo",
]

# ----------------------------------------------------------------- pinyin tables


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """The 3,755 characters of GB2312 level 1 (the everyday ones)."""
    out = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(out)


def _toneless(reading: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFD", reading) if unicodedata.category(c) != "Mn")
    return s.replace("ü", "v")


@lru_cache(maxsize=1)
def _reading_tables() -> tuple[dict[str, str], dict[str, list[str]]]:
    """char -> usual toneless reading; reading -> common characters with it."""
    from pypinyin.pinyin_dict import pinyin_dict

    reading: dict[str, str] = {}
    by_reading: dict[str, list[str]] = {}
    for c in sorted(_common_chars()):
        entry = pinyin_dict.get(ord(c))
        if not entry:
            continue
        r = _toneless(entry.split(",")[0])
        reading[c] = r
        by_reading.setdefault(r, []).append(c)
    return reading, by_reading


def char_reading(c: str) -> str:
    from pypinyin import lazy_pinyin

    return _reading_tables()[0].get(c) or lazy_pinyin(c)[0]


def name_syllables(name: str) -> list[str]:
    """The pinyin a person would type for their name (surname readings applied)."""
    from pypinyin import lazy_pinyin

    syl = lazy_pinyin(name)
    for surname, reading in SURNAME_READINGS.items():
        if name.startswith(surname):
            first = lazy_pinyin(surname)
            if reading != "".join(first):
                syl = [reading] + syl[len(first):]
            break
    return syl


def _near_variants(syllable: str) -> set[str]:
    """Syllables a northern / Inner Mongolian speaker may say for this one."""
    out = set()
    for a, b in (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("l", "n")):
        if syllable.startswith(a) and not (a in ("z", "c", "s") and syllable[1:2] == "h"):
            out.add(b + syllable[len(a):])
    for a, b in (("z", "zh"), ("c", "ch"), ("s", "sh")):
        if syllable.startswith(a) and syllable[1:2] != "h":
            out.add(b + syllable[1:])
    for a, b in (("ang", "an"), ("eng", "en"), ("ing", "in")):
        if syllable.endswith(a):
            out.add(syllable[: -len(a)] + b)
        elif syllable.endswith(b):
            out.add(syllable + "g")
    return out


@lru_cache(maxsize=1)
def _s2t() -> dict[str, str]:
    import opencc

    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", "STCharacters.txt")
    table = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and len(parts[0]) == 1:
                trad = parts[1].split(" ")[0]
                if trad != parts[0]:
                    table[parts[0]] = trad
    return table


# ----------------------------------------------------------------- people


def _weighted(rng: random.Random, items: list, decay: float = 0.03):
    # Zipf-like: item i has weight 1 / (1 + decay * i)^1.5
    weights = [1.0 / (1.0 + decay * i) ** 1.5 for i in range(len(items))]
    return rng.choices(items, weights)[0]


def _han_name(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.03:
        surname = rng.choice(TWO_CHAR_SURNAMES)
    else:
        surname = _weighted(rng, HAN_SURNAMES)
    given = _weighted(rng, GIVEN_CHARS, 0.1)
    if rng.random() < 0.6:
        given += _weighted(rng, GIVEN_CHARS, 0.1)
    return surname + given


def _mongolian_name(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        name = rng.choice(MONGOLIAN_WHOLE)
    elif r < 0.7:
        name = rng.choice(MONGOLIAN_PARTS)
        if len(name) < 2:
            name += rng.choice(MONGOLIAN_PARTS)
    else:
        name = rng.choice(MONGOLIAN_PARTS) + rng.choice(MONGOLIAN_PARTS)
    if rng.random() < 0.2:
        name = rng.choice(MONGOLIAN_HAN_SURNAMES) + name
    return name


def _other_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(HUI_SURNAMES) + _weighted(rng, GIVEN_CHARS, 0.1) + (
            _weighted(rng, GIVEN_CHARS, 0.1) if rng.random() < 0.6 else "")
    return rng.choice(MANCHU_SURNAMES) + _weighted(rng, GIVEN_CHARS, 0.1) + (
        _weighted(rng, GIVEN_CHARS, 0.1) if rng.random() < 0.5 else "")


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    mobile: str
    birth_year: int | None
    origin: str  # han | mongolian | other

    def record(self) -> PersonRecord:
        return PersonRecord(self.id, self.name, self.mobile, self.birth_year)


@dataclass(frozen=True)
class LabelledQuery:
    kind: str
    text: str
    expected: int  # the person id


def people(seed: int, n: int) -> list[Person]:
    """``n`` people: 60 % Han, 32 % Mongolian, 8 % Hui or Manchu names."""
    rng = random.Random(seed)
    out: list[Person] = []
    used: set[str] = set()
    for i in range(n):
        r = rng.random()
        if out and r < 0.05:  # a namesake of someone already registered
            namesake = rng.choice(out)
            name, origin = namesake.name, namesake.origin
        elif r < 0.63:
            name, origin = _han_name(rng), "han"
        elif r < 0.93:
            name, origin = _mongolian_name(rng), "mongolian"
        else:
            name, origin = _other_name(rng), "other"
        while True:
            tail = rng.choice(LUCKY_TAILS) if rng.random() < 0.04 else f"{rng.randrange(10000):04d}"
            mobile = rng.choice(PREFIXES) + f"{rng.randrange(10000):04d}" + tail
            if mobile not in used:
                used.add(mobile)
                break
        year = None if rng.random() < 0.15 else rng.randint(1962, 2007)
        out.append(Person(i + 1, name, mobile, year, origin))
    return out


# ----------------------------------------------------------------- queries

_FULLWIDTH = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789abcdefghijklmnopqrstuvwxyz"}


def _full_width(text: str, rng: random.Random) -> str:
    return "".join(c.translate(_FULLWIDTH) if rng.random() < 0.7 else c for c in text)


def _spaced(text: str, rng: random.Random) -> str:
    out = []
    for c in text:
        out.append(c)
        if rng.random() < 0.3:
            out.append(rng.choice([" ", "  ", "\u3000"]))
    return rng.choice(["", " ", "\u3000"]) + "".join(out).strip() + rng.choice(["", " "])


_KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm".split()


def _neighbour(c: str, rng: random.Random) -> str:
    for row in _KEYBOARD:
        i = row.find(c)
        if i >= 0:
            options = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            return rng.choice(options)
    return c


def pinyin_typo(text: str, rng: random.Random) -> str:
    """One slip of the fingers, never on the first letter: swap, drop, double, neighbour."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.random()
    if op < 0.35:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if op < 0.55:
        return text[:i] + text[i + 1:]
    if op < 0.75:
        return text[:i] + text[i] + text[i:]
    return text[:i] + _neighbour(text[i], rng) + text[i + 1:]


def homophone(name: str, rng: random.Random, near: bool = False) -> str | None:
    """The name with one character replaced by another read the same (or nearly)."""
    reading, by_reading = _reading_tables()
    positions = list(range(len(name)))
    rng.shuffle(positions)
    for i in positions:
        r = char_reading(name[i])
        if near:
            options = [c for v in sorted(_near_variants(r)) for c in by_reading.get(v, ())]
        else:
            options = [c for c in by_reading.get(r, ()) if c != name[i]]
        if options:
            return name[:i] + rng.choice(options) + name[i + 1:]
    return None


def _near_pinyin(syllables: list[str], rng: random.Random) -> str | None:
    positions = list(range(len(syllables)))
    rng.shuffle(positions)
    for i in positions:
        variants = sorted(_near_variants(syllables[i]))
        if variants:
            out = list(syllables)
            out[i] = rng.choice(variants)
            return "".join(out)
    return None


def _with_tail(tail: str, text: str, rng: random.Random, space: bool = True) -> str:
    sep = rng.choice([" ", "  "]) if space else ""
    return tail + sep + text if rng.random() < 0.8 else text + sep + tail


def query_for(kind: str, p: Person, rng: random.Random) -> str | None:
    """One query of ``kind`` as someone would say it to find ``p`` (None: not possible)."""
    syl = name_syllables(p.name)
    py = "".join(syl)
    initials = "".join(s[0] for s in syl)
    tail = p.mobile[-4:]
    if kind == "mobile":
        return p.mobile
    if kind == "mobile (full-width, spaces)":
        m = p.mobile
        text = rng.choice([f"{m[:3]} {m[3:7]} {m[7:]}", f"{m[:3]}-{m[3:7]}-{m[7:]}", m, "+86 " + m])
        return _full_width(text, rng)
    if kind == "tail4 + name":
        return _with_tail(tail, p.name, rng, rng.random() < 0.8)
    if kind == "tail4 + pinyin":
        text = " ".join(syl) if rng.random() < 0.2 else py
        return _with_tail(tail, text, rng, rng.random() < 0.8)
    if kind == "tail4 + initials":
        return _with_tail(tail, initials, rng)
    if kind == "tail4+initials, no space":
        return tail + initials
    if kind == "tail4 + homophone":
        h = homophone(p.name, rng)
        return _with_tail(tail, h, rng) if h else None
    if kind == "tail4 + pinyin typo":
        return _with_tail(tail, pinyin_typo(py, rng), rng)
    if kind == "name (Han)":
        return p.name if p.origin == "han" else None
    if kind == "name (Mongolian etc.)":
        return p.name if p.origin != "han" else None
    if kind == "name, traditional":
        table = _s2t()
        trad = "".join(table.get(c, c) for c in p.name)
        return trad if trad != p.name else None
    if kind == "name, spaces/full-width":
        return _spaced(p.name, rng)
    if kind == "pinyin":
        return " ".join(syl) if rng.random() < 0.2 else py
    if kind == "homophone":
        return homophone(p.name, rng)
    if kind == "near-homophone":
        return homophone(p.name, rng, near=True)
    if kind == "pinyin near-homophone":
        return _near_pinyin(syl, rng)
    if kind == "pinyin typo":
        return pinyin_typo(py, rng) if len(py) >= 5 else None
    raise ValueError(kind)


def generate(seed: int = 1, n_people: int = 30_000, per_kind: int = 400):
    """(people, queries): ``per_kind`` labelled queries of every kind in :data:`KINDS`."""
    population = people(seed, n_people)
    rng = random.Random(seed * 7919 + 1)
    queries: list[LabelledQuery] = []
    for kind in KINDS:
        made, tries = 0, 0
        while made < per_kind and tries < per_kind * 50:
            tries += 1
            p = rng.choice(population)
            text = query_for(kind, p, rng)
            if text:
                queries.append(LabelledQuery(kind, text, p.id))
                made += 1
    return population, queries
