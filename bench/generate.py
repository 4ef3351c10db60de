"""Deterministic generator of the matcher's labelled evaluation set (and of speed-test data).

    python bench/generate.py            # writes bench/data/eval_set.json (seed 1)
    python bench/generate.py --seed 7 --out /tmp/tune.json

Every seeker and posting is drawn from a latent truth (its real occupation,
place, licences, ...) and then *written down* the way people do: synonyms,
typos, traditional characters, missing fields, fitting text with a failing
constraint. The graded relevance of a pair is decided by the rules in
bench/README.md from the latent truth alone, by :func:`label` below. Nothing
here imports the matcher's scoring code; only the reference data (occupation
codes, district codes, licence classes) comes from ``matching``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.documents import PostingDoc, SeekerDoc

YEAR = 2025  # fixed so the set and its labels never change with the calendar

# --------------------------------------------------------------------------
# Latent occupations: code, trade, family, how people write them
# --------------------------------------------------------------------------
# (code, trade, family, canonical title, synonyms, typos, traditional, skills)
OCCUPATIONS = [
    ("D01", "delivery", "food", "外卖骑手",
     ["骑手", "外卖员", "送餐员", "网约配送员", "外卖小哥", "美团骑手"],
     ["外买员", "骑守", "送参员"], ["外賣騎手", "送餐員", "騎手"],
     ["熟悉城区路线", "会用导航", "准时送达", "接单快"]),
    ("D02", "delivery", "parcel", "快递员",
     ["快递小哥", "派件员", "收派员", "快递配送"], ["快第员", "快递圆"], ["快遞員", "派件員"],
     ["片区派送", "上门取件", "熟悉小区", "驿站收发"]),
    ("D03", "delivery", "parcel", "分拣员",
     ["快递分拣", "分拣工", "包裹分拣"], ["分捡员"], ["分揀員"],
     ["扫码", "夜班分拣", "手脚麻利", "流水线"]),
    ("L01", "logistics", "driving", "货车司机",
     ["大车司机", "重卡司机", "卡车司机", "跑长途司机"], ["货车司几", "火车司机"],
     ["貨車司機", "大車司機"],
     ["跑长途", "熟悉高速", "会绑货", "安全驾驶无事故"]),
    ("L02", "logistics", "driving", "牵引车司机",
     ["半挂司机", "挂车司机"], ["牵引车司机员"], ["牽引車司機"],
     ["开半挂", "长途干线", "安全驾驶无事故"]),
    ("L03", "logistics", "driving", "轻型货车司机",
     ["面包车司机", "小货车司机", "轻卡司机", "城配司机"], ["面包车司几"], ["麵包車司機"],
     ["同城配送", "熟悉市区", "装卸货"]),
    ("L05", "logistics", "warehouse", "仓管员",
     ["仓库管理员", "库管", "仓库管理"], ["仓管圆"], ["倉管員", "倉庫管理員"],
     ["出入库", "盘点", "会用电脑", "WMS系统"]),
    ("L06", "logistics", "warehouse", "装卸工",
     ["搬运工", "装卸搬运"], ["装写工"], ["裝卸工"],
     ["力气大", "能吃苦", "装车卸车"]),
    ("L08", "logistics", "warehouse", "叉车司机",
     ["叉车工", "叉车操作员"], ["插车司机"], ["叉車司機"],
     ["持叉车证", "仓库作业", "堆高"]),
    ("S01", "livestream", "host", "带货主播",
     ["主播", "带货达人", "直播销售", "直播带货"], ["带货猪播", "主拨"], ["帶貨主播", "直播帶貨"],
     ["口才好", "镜头感强", "会讲解产品", "懂农产品"]),
    ("S04", "livestream", "host", "助播",
     ["直播助理", "副播"], ["住播"], ["助播員"],
     ["配合主播", "上链接", "直播间互动"]),
    ("S03", "livestream", "host", "场控",
     ["直播场控", "中控"], ["厂控"], ["場控"],
     ["后台操作", "控场", "数据监控"]),
    ("S06", "livestream", "shop", "网店运营",
     ["电商运营", "店铺运营", "淘宝运营"], ["网店运赢"], ["網店運營", "電商運營"],
     ["开直通车", "活动策划", "数据分析", "上架商品"]),
    ("S07", "livestream", "shop", "电商客服",
     ["网店客服", "在线客服", "淘宝客服"], ["电商客富"], ["電商客服"],
     ["打字快", "售后处理", "耐心"]),
    ("S08", "livestream", "video", "短视频剪辑",
     ["视频剪辑", "剪辑师", "短视频制作"], ["短视屏剪辑"], ["短視頻剪輯"],
     ["会剪映", "会PR", "拍摄剪辑", "做抖音视频"]),
]
OTHER_JOBS = ["保安", "保洁", "服务员", "厨师", "收银员", "销售", "文员"]
BY_CODE = {o[0]: o for o in OCCUPATIONS}

LEAGUE_WEIGHTS = [  # (league code, counties, weight): most people live in the big cities
    ("150100", ["150102", "150103", "150104", "150105"], 5),
    ("150200", ["150202", "150203", "150204"], 4),
    ("150600", ["150602", "150603", "150621"], 3),
    ("150400", ["150402", "150403", "150404"], 2),
    ("150900", ["150902", "150921"], 1),
    ("150700", ["150702", "150721"], 1),
]
OUTSIDE = ["110101", "130102", "140105"]  # Beijing, Shijiazhuang, Taiyuan

# Licences that permit what a posting asks (the labeller's own table).
LICENCE_OK = {
    "B2": {"A1", "A2", "B2"},
    "A2": {"A2"},
    "C1": {"A1", "A2", "A3", "B1", "B2", "C1"},
}
# Monthly factors the labeller uses for pay (its own, rounded).
MONTHLY = {"month": 1, "day": 22, "hour": 176, "order": 800}

INTRO = ["能吃苦耐劳", "服从安排", "做事踏实", "责任心强", "身体健康", "沟通能力好", "可以马上上岗",
         "希望长期稳定", "家在附近", "有团队精神"]


def _pick_place(rng: random.Random) -> tuple[str | None, str | None]:
    """(true district, written district): some people leave it empty, some live outside."""
    r = rng.random()
    if r < 0.04:
        c = rng.choice(OUTSIDE)
        return c, c
    total = sum(w for *_, w in LEAGUE_WEIGHTS)
    x = rng.uniform(0, total)
    chosen = LEAGUE_WEIGHTS[-1][1]
    for _league, counties, w in LEAGUE_WEIGHTS:
        x -= w
        if x <= 0:
            chosen = counties
            break
    c = rng.choice(chosen)
    return c, (None if rng.random() < 0.1 else c)


def _title(rng: random.Random, occ) -> tuple[str, str]:
    """A written title and the kind of variation used."""
    _code, _trade, _fam, canon, syn, typo, trad, _skills = occ
    r = rng.random()
    if r < 0.35:
        return canon, "canonical"
    if r < 0.7:
        return rng.choice(syn), "synonym"
    if r < 0.85:
        return rng.choice(typo), "typo"
    return rng.choice(trad), "traditional"


def _licences_for(rng: random.Random, code: str) -> tuple[str, ...]:
    r = rng.random()
    if code in ("L01", "L02"):
        if r < 0.3:
            return ("A2",) if r < 0.12 else ("B2",)
        if r < 0.45:
            return ("A1",)
        if r < 0.8:
            return ("C1",)  # fits the text, fails a B2 requirement
        return ()
    if code == "L03":
        return ("C1",) if r < 0.7 else (("B2",) if r < 0.8 else ())
    return ("C1",) if r < 0.3 else ()


def make_seeker(rng: random.Random, sid: int) -> tuple[SeekerDoc, dict]:
    if rng.random() < 0.06:
        occ = None
        title = rng.choice(OTHER_JOBS)
        kind = "other"
        skills = []
        code = None
    else:
        occ = rng.choice(OCCUPATIONS)
        code = occ[0]
        title, kind = _title(rng, occ)
        skills = rng.sample(occ[7], k=min(len(occ[7]), rng.randint(1, 3)))
    years = rng.choice(["", "1年", "两年", "3年", "五年", "半年", "十年"])
    parts = [rng.choice(["想找", "求职", "应聘", "意向", ""]) + title]
    if years:
        parts.append(f"{years}经验")
    parts += skills
    parts += rng.sample(INTRO, k=rng.randint(1, 3))
    if rng.random() < 0.15:  # a second, other wish
        other = rng.choice(OCCUPATIONS)
        parts.append(rng.choice(["也可以做", "或者"]) + other[3])
    text = "，".join(p for p in parts if p)
    true_dist, written_dist = _pick_place(rng)
    age = rng.choice([16, 17, 18, 19, 20, 22, 25, 28, 30, 35, 40, 45, 50, 55])
    birth = YEAR - age
    written_birth = None if rng.random() < 0.06 else birth
    trade = occ[1] if occ else "other"
    has_ebike = rng.random() < (0.75 if code == "D01" else 0.3)
    health = rng.random() < (0.6 if trade == "delivery" else 0.25)
    base = rng.choice(["full_time"] * 3 + ["part_time", "flexible"])
    avail = {base}
    if rng.random() < (0.5 if code in ("D01", "D03", "L01") else 0.25):
        avail.add("nights")
    if rng.random() < 0.5:
        avail.add("weekends")
    written_avail = frozenset() if rng.random() < 0.08 else frozenset(avail)
    pay_unit, pay = _seeker_pay(rng, code)
    if rng.random() < 0.15:
        pay_unit, pay = None, None
    licences = _licences_for(rng, code or "")
    codes: tuple[str, ...] = ()
    if code and rng.random() < 0.6:
        codes = (code,)
    doc = SeekerDoc(
        id=sid,
        text=text,
        occupation_codes=codes,
        district_code=written_dist,
        licences=licences,
        has_ebike=has_ebike,
        has_car=rng.random() < 0.15,
        health_certificate=health,
        availability=written_avail,
        pay_amount=pay,
        pay_unit=pay_unit,
        birth_year=written_birth,
        visible=rng.random() >= 0.03,
    )
    truth = {"occupation": code, "district": true_dist, "title_kind": kind}
    return doc, truth


def _seeker_pay(rng, code):
    if code == "D01":
        return ("order", rng.choice([5, 6, 7, 8, 9])) if rng.random() < 0.4 else (
            "month", rng.choice([5000, 6000, 7000, 8000, 9000]))
    if code in ("L05", "L06", "L08", "D03") and rng.random() < 0.4:
        return ("day", rng.choice([150, 180, 200, 250, 300]))
    if rng.random() < 0.1:
        return ("hour", rng.choice([18, 20, 25, 30]))
    return ("month", rng.choice([3500, 4500, 5000, 6000, 7000, 8000, 10000, 12000]))


def make_posting(rng: random.Random, pid: int, occ) -> PostingDoc:
    code, trade, _fam, canon, syn, typo, trad, skills = occ
    title = canon if rng.random() < 0.5 else rng.choice(syn + trad[:1])
    district = rng.choice(rng.choice(LEAGUE_WEIGHTS[:4])[1])
    need_lic = {"L01": "B2", "L02": "A2", "L03": "C1"}.get(code)
    needs_vehicle = "ebike" if code == "D01" and rng.random() < 0.8 else None
    needs_health = code == "D01" and rng.random() < 0.7
    min_age = 18 if rng.random() < 0.7 else (16 if rng.random() < 0.5 else None)
    if code in ("L01", "L02"):
        min_age = rng.choice([21, 22])
    schedule = {rng.choice(["full_time"] * 3 + ["part_time", "flexible"])}
    if code in ("D01", "D03", "L01") and rng.random() < 0.35:
        schedule.add("nights")
    if trade == "livestream" and rng.random() < 0.35:
        schedule.add("weekends")
    unit, lo, hi = _posting_pay(rng, code)
    req = []
    if need_lic:
        req.append(f"需{need_lic}及以上驾照")
    if needs_vehicle:
        req.append("自备电动车")
    if needs_health:
        req.append("持健康证")
    if "nights" in schedule:
        req.append("能上夜班")
    if "weekends" in schedule:
        req.append("周末需上播")
    desc = rng.sample(skills, k=min(2, len(skills)))
    perk = rng.choice(["多劳多得", "五险一金", "包住", "月休四天", "待遇从优"])
    text = f"招聘{title}，" + "，".join(desc + req) + f"，{perk}"
    return PostingDoc(
        id=pid,
        text=text,
        occupation_code=code if rng.random() < 0.8 else None,
        district_code=district,
        required_licence=need_lic,
        min_age=min_age,
        needs_health_certificate=needs_health,
        needs_vehicle=needs_vehicle,
        schedule=frozenset(schedule),
        pay_min=lo,
        pay_max=hi,
        pay_unit=unit,
        open=True,
    )


def _posting_pay(rng, code):
    if code == "D01" and rng.random() < 0.5:
        lo = rng.choice([5, 6, 7])
        return "order", lo, lo + 2
    if code in ("L06", "L08", "D03") and rng.random() < 0.4:
        lo = rng.choice([150, 180, 200])
        return "day", lo, lo + 80
    if rng.random() < 0.1:
        return None, None, None
    lo = rng.choice([4000, 5000, 6000, 7000, 8000])
    return "month", lo, lo + rng.choice([1000, 2000, 3000, 4000])


# --------------------------------------------------------------------------
# The labeller: rules of bench/README.md, on the latent truth
# --------------------------------------------------------------------------


def eligible(p: PostingDoc, s: SeekerDoc, year: int = YEAR) -> bool:
    """The hard constraints, as the README states them."""
    if not s.visible:
        return False
    if p.required_licence and not (LICENCE_OK[p.required_licence] & set(s.licences)):
        return False
    if p.min_age and (s.birth_year is None or year - s.birth_year < p.min_age):
        return False
    if p.needs_health_certificate and not s.health_certificate:
        return False
    if p.needs_vehicle == "ebike" and not s.has_ebike:
        return False
    if p.needs_vehicle == "car" and not s.has_car:
        return False
    for need in ("nights", "weekends"):
        if need in p.schedule and need not in s.availability:
            return False
    return True


def _league(code: str | None) -> str | None:
    if not code or not code.startswith("15"):
        return None
    return code[:4] + "00"


def label(p: PostingDoc, p_code: str, s: SeekerDoc, truth: dict, by_code=None) -> int:
    """Graded relevance 0-3 of seeker ``s`` for posting ``p`` (README rules)."""
    by_code = by_code or BY_CODE
    if not eligible(p, s):
        return 0
    sc = truth["occupation"]
    if sc is None:
        return 0
    if sc == p_code:
        rel = 3
    elif by_code[sc][2] == by_code[p_code][2]:
        rel = 2
    elif by_code[sc][1] == by_code[p_code][1]:
        rel = 1
    else:
        return 0
    # distance: the true place, not what was written
    d = truth["district"]
    if d is not None and _league(d) != _league(p.district_code):
        rel -= 1
    # schedule: full time vs part time only, nobody flexible
    base_p = set(p.schedule) & {"full_time", "part_time", "flexible"}
    base_s = set(s.availability) & {"full_time", "part_time", "flexible"}
    if base_p and base_s and not (base_p & base_s) and "flexible" not in base_p | base_s:
        rel -= 1
    # pay: expectation well above the posting's maximum
    if s.pay_amount and s.pay_unit and p.pay_unit and (p.pay_max or p.pay_min):
        want = s.pay_amount * MONTHLY[s.pay_unit]
        top = (p.pay_max or p.pay_min) * MONTHLY[p.pay_unit]
        if want > 1.3 * top:
            rel -= 1
    return max(rel, 0)


def generate(seed: int = 1, n_seekers: int = 2000, per_occupation: int = 5) -> dict:
    rng = random.Random(seed)
    return _labelled_set(seed, rng, n_seekers, per_occupation, make_seeker, make_posting,
                         OCCUPATIONS, 10001, BY_CODE)  # fmt: skip


def _labelled_set(
    seed, rng, n_seekers, per_occupation, new_seeker, new_posting, occupations, first_id, by_code
) -> dict:
    """Seekers, postings per occupation, and every eligible pair's label (README rules)."""
    seekers, truths = [], []
    for i in range(n_seekers):
        doc, truth = new_seeker(rng, i + 1)
        seekers.append(doc)
        truths.append(truth)
    postings, p_codes = [], []
    pid = first_id
    for occ in occupations:
        for _ in range(per_occupation):
            postings.append(new_posting(rng, pid, occ))
            p_codes.append(occ[0])
            pid += 1
    labels: dict[str, dict[str, int]] = {}
    ineligible: dict[str, list[int]] = {}
    for p, code in zip(postings, p_codes, strict=True):
        labels[str(p.id)] = {}
        ineligible[str(p.id)] = []
        for s, t in zip(seekers, truths, strict=True):
            if not eligible(p, s):
                ineligible[str(p.id)].append(s.id)
                continue
            rel = label(p, code, s, t, by_code)
            if rel:
                labels[str(p.id)][str(s.id)] = rel
    return {
        "seed": seed,
        "year": YEAR,
        "seekers": [_jsonable(asdict(s)) for s in seekers],
        "truths": truths,
        "postings": [_jsonable(asdict(p)) for p in postings],
        "posting_occupations": p_codes,
        "labels": labels,
        "ineligible": ineligible,
    }


# --------------------------------------------------------------------------
# The long-text slice: postings and profiles of 200-800 characters
# --------------------------------------------------------------------------
# (code, trade, family, canonical title, synonyms, duties, skills). Office and IT
# codes are the generator's own (the taxonomy does not know them); the trade
# ones are the taxonomy's. Duties and skills are what a text says about the
# work; most of a long text is the generic matter below, shared by all.
LONG_OCCUPATIONS = [
    ("X01", "office", "admin", "行政文员", ["行政专员", "办公室文员", "行政助理"],
     ["负责公司日常行政事务", "负责文件整理和归档", "安排会议并做会议记录", "办公用品采购与管理",
      "接待来访客户", "起草通知和公文", "管理固定资产台账", "协助组织员工活动"],
     ["熟练使用word和excel", "会用ppt", "公文写作", "档案管理", "打字速度快", "普通话标准"]),
    ("X02", "office", "admin", "人事专员", ["人力资源专员", "招聘专员", "hr专员"],
     ["负责员工招聘和面试安排", "办理入职离职手续", "核算考勤和绩效", "缴纳社保公积金",
      "维护员工档案", "组织新员工培训", "发布招聘信息", "处理劳动合同"],
     ["熟悉劳动法", "人力资源管理", "会用招聘网站", "沟通协调", "社保业务"]),
    ("X03", "office", "finance", "会计", ["财务会计", "主办会计", "记账会计"],
     ["负责日常账务处理", "编制财务报表", "审核原始凭证", "纳税申报", "成本核算",
      "银行对账和往来核对", "月末结账", "配合审计工作"],
     ["熟悉用友财务软件", "会计从业经验", "初级会计职称", "熟悉税务政策", "金蝶软件"]),
    ("I01", "it", "dev", "java开发工程师", ["java工程师", "后端开发", "java程序员"],
     ["负责后端接口开发", "参与系统架构设计", "编写技术文档", "优化数据库查询性能",
      "开发微服务模块", "修复线上缺陷", "参与需求评审和代码评审"],
     ["精通java", "spring boot框架", "mysql数据库", "redis缓存", "消息队列kafka", "git版本管理"]),
    ("I02", "it", "dev", "前端开发工程师", ["前端工程师", "web前端", "前端程序员"],
     ["负责网页和小程序页面开发", "还原设计稿", "对接后端接口", "优化页面加载速度",
      "开发可复用组件", "处理浏览器兼容问题"],
     ["精通javascript", "vue框架", "react", "html和css", "微信小程序", "typescript"]),
    ("I03", "it", "qa", "软件测试工程师", ["测试工程师", "软件测试", "qa测试"],
     ["编写测试用例", "执行功能测试和回归测试", "提交并跟踪缺陷", "编写自动化测试脚本",
      "进行接口测试和性能测试", "输出测试报告"],
     ["熟悉selenium", "postman接口测试", "jmeter压测", "python脚本", "禅道缺陷管理"]),
    ("I04", "it", "ops", "运维工程师", ["系统运维", "linux运维", "网络运维"],
     ["负责服务器日常维护", "部署和升级应用系统", "监控系统运行状态", "处理网络故障",
      "备份和恢复数据", "管理机房设备"],
     ["熟悉linux系统", "shell脚本", "docker容器", "nginx配置", "zabbix监控", "网络设备调试"]),
    ("L01", "logistics", "driving", "货车司机", ["重型货车司机", "大车司机", "长途货车司机"],
     ["跑长途干线运输", "按时把货物送到客户手里", "出车前检查车辆", "绑货和苫布",
      "填写行车记录", "配合装卸货物", "遵守交通规则安全驾驶"],
     ["持b2驾照", "熟悉高速路线", "会简单修车", "从业资格证", "驾龄五年以上"]),
    ("L05", "logistics", "warehouse", "仓管员", ["仓库管理员", "库管员", "仓库主管"],
     ["负责货物出入库", "定期盘点库存", "录入仓库管理系统", "核对单据和实物",
      "安排货物摆放", "管理仓库安全和卫生"],
     ["会用wms系统", "熟悉excel", "会开叉车", "库存管理", "账实相符"]),
    ("D02", "delivery", "parcel", "快递员", ["快递派件员", "收派员", "快递小哥"],
     ["负责片区快递派送", "上门收取快件", "驿站出入库扫描", "处理客户投诉和问题件",
      "每日派件两百件以上"],
     ["熟悉片区道路", "会用巴枪", "自备电动车", "服务意识好"]),
]
LONG_BY_CODE = {o[0]: o for o in LONG_OCCUPATIONS}

# Generic matter every long text is made of, whatever the work.
LONG_COMPANY = [
    "我公司成立于二零一零年，是一家集研发、生产、销售和服务于一体的综合性企业。",
    "公司总部位于呼和浩特，在包头、鄂尔多斯、赤峰设有分公司。",
    "公司秉承诚信、务实、创新、共赢的理念，为员工提供广阔的发展平台。",
    "我们拥有一支年轻有活力的团队，氛围融洽，领导好相处。",
    "公司业务稳步增长，现因发展需要，面向社会公开招聘。",
    "欢迎有志之士加入我们，共同成长。",
]
LONG_BENEFITS = [
    "缴纳五险一金，带薪年假，节日福利。", "提供免费工作餐和员工宿舍。",
    "每年组织员工体检和团建旅游。",
    "晋升通道明确，表现优秀者可提拔为主管。", "工资按时发放，不拖欠。", "有完善的岗前培训。",
]
LONG_PERSON = [
    "本人性格开朗，为人诚实守信，工作认真负责。",
    "我有较强的学习能力和适应能力，能很快熟悉新的环境。",
    "在以往的工作中，我积累了丰富的经验，也学到了很多为人处事的道理。",
    "我能吃苦耐劳，服从领导安排，有团队合作精神。",
    "希望能找到一份长期稳定的工作，和公司一起发展。",
    "业余时间喜欢看书和运动，身体健康。", "家住附近，上下班方便，可以尽快到岗。",
]


# Generic sentences of any length: a time, a topic and a comment, none about the work itself.
_GENERIC_WHEN = ["平时", "这几年", "在以前的单位", "空闲的时候", "节假日", "刚毕业那会儿", "去年",
                 "工作之余", "周末", "前些年"]
_GENERIC_WHAT = ["和同事相处得很融洽", "经常参加单位组织的各种活动", "坚持锻炼身体",
                 "参加过志愿服务",
                 "照顾家里的老人和孩子", "自学了一些新知识", "考过几个证书", "帮朋友打理过生意",
                 "在老家待过一段时间", "积极参加各类培训"]
_GENERIC_HOW = ["，觉得收获很大。", "，得到了大家的认可。", "，让我成长了很多。",
                "，也锻炼了自己。",
                "，现在想换个环境。", "，感觉很充实。"]
LONG_GENERIC = [w + x + h for w in _GENERIC_WHEN for x in _GENERIC_WHAT for h in _GENERIC_HOW]


def _long_text(rng: random.Random, parts: list[str], filler: list[str]) -> str:
    """The parts with generic matter in between, to a length drawn from 200-800 characters."""
    target = rng.randint(200, 800)
    body = list(parts)
    pool = filler + LONG_GENERIC
    while len("".join(body)) < target:
        body.insert(rng.randint(0, len(body)), rng.choice(pool))
    text = ""
    for sentence in body:
        if len(text) + len(sentence) > 800:
            continue
        text += sentence
    return text


def _clauses(rng: random.Random, items: list[str], k: int, lead: str = "") -> str:
    chosen = rng.sample(items, k=min(k, len(items)))
    return lead + "，".join(chosen) + "。"


def make_long_seeker(rng: random.Random, sid: int) -> tuple[SeekerDoc, dict]:
    occ = rng.choice(LONG_OCCUPATIONS)
    code, trade, _fam, canon, syn, duties, skills = occ
    parts = []
    r = rng.random()
    if r < 0.4:  # a stated wish, canonical or a synonym
        parts.append(f"求职意向：{canon if rng.random() < 0.5 else rng.choice(syn)}。")
    years = rng.choice(["一年", "两年", "三年", "五年", "八年"])
    parts.append(_clauses(rng, duties, rng.randint(2, 4), f"之前在一家公司工作了{years}，主要"))
    parts.append(_clauses(rng, duties, rng.randint(1, 2), "也做过"))
    parts.append(_clauses(rng, skills, rng.randint(2, 3), "个人技能："))
    if rng.random() < 0.15:  # a second, other wish
        parts.append(f"也可以考虑{rng.choice(LONG_OCCUPATIONS)[3]}的工作。")
    text = _long_text(rng, parts, LONG_PERSON)
    true_dist, written_dist = _pick_place(rng)
    age = rng.choice([19, 22, 25, 28, 30, 35, 40, 45, 50])
    base = rng.choice(["full_time"] * 4 + ["part_time", "flexible"])
    avail = {base} | ({"weekends"} if rng.random() < 0.5 else set())
    if code == "L01" and rng.random() < 0.5:
        avail.add("nights")
    licences: tuple[str, ...] = ()
    if code == "L01":
        licences = rng.choice([("B2",), ("A2",), ("C1",), ("B2",)])
    elif rng.random() < 0.3:
        licences = ("C1",)
    pay = rng.choice([4000, 5000, 6000, 8000, 10000, 12000, 15000])
    doc = SeekerDoc(
        id=sid,
        text=text,
        occupation_codes=(code,) if code in BY_CODE and rng.random() < 0.5 else (),
        district_code=written_dist,
        licences=licences,
        has_ebike=rng.random() < (0.6 if code == "D02" else 0.2),
        has_car=rng.random() < 0.2,
        health_certificate=rng.random() < 0.3,
        availability=frozenset() if rng.random() < 0.08 else frozenset(avail),
        pay_amount=None if rng.random() < 0.15 else pay,
        pay_unit="month",
        birth_year=None if rng.random() < 0.06 else YEAR - age,
        visible=rng.random() >= 0.03,
    )
    return doc, {"occupation": code, "district": true_dist, "title_kind": "long"}


def make_long_posting(rng: random.Random, pid: int, occ) -> PostingDoc:
    code, trade, _fam, canon, syn, duties, skills = occ
    title = canon if rng.random() < 0.6 else rng.choice(syn)
    need_lic = "B2" if code == "L01" else None
    parts = [f"招聘{title}若干名。", _clauses(rng, duties, rng.randint(3, 5), "岗位职责：")]
    req = rng.sample(skills, k=min(len(skills), rng.randint(2, 4)))
    if need_lic:
        req.append("需b2及以上驾照")
    parts.append("任职要求：" + "，".join(req) + "。")
    parts.append(rng.choice(LONG_BENEFITS))
    text = _long_text(rng, parts, LONG_COMPANY + LONG_BENEFITS)
    schedule = {rng.choice(["full_time"] * 4 + ["part_time", "flexible"])}
    lo = rng.choice([4000, 5000, 6000, 8000, 10000])
    return PostingDoc(
        id=pid,
        text=text,
        occupation_code=code if code in BY_CODE and rng.random() < 0.8 else None,
        district_code=rng.choice(rng.choice(LEAGUE_WEIGHTS[:4])[1]),
        required_licence=need_lic,
        min_age=rng.choice([18, 18, 22]),
        needs_vehicle="ebike" if code == "D02" and rng.random() < 0.5 else None,
        schedule=frozenset(schedule),
        pay_min=lo,
        pay_max=lo + rng.choice([2000, 3000, 5000]),
        pay_unit="month",
        open=True,
    )


def generate_long(seed: int = 1, n_seekers: int = 1000, per_occupation: int = 5) -> dict:
    """The long-text slice: the same labelling rules, office, IT and trade texts."""
    rng = random.Random(seed * 1000 + 17)
    return _labelled_set(seed, rng, n_seekers, per_occupation, make_long_seeker,
                         make_long_posting, LONG_OCCUPATIONS, 20001, LONG_BY_CODE)  # fmt: skip


def _jsonable(d: dict) -> dict:
    return {k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in d.items()}


def load(path: str | Path) -> tuple[list[SeekerDoc], list[PostingDoc], dict]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    seekers = [_seeker(d) for d in data["seekers"]]
    postings = [_posting(d) for d in data["postings"]]
    return seekers, postings, data


def _seeker(d: dict) -> SeekerDoc:
    d = dict(d)
    d["availability"] = frozenset(d["availability"])
    d["occupation_codes"] = tuple(d["occupation_codes"])
    d["licences"] = tuple(d["licences"])
    return SeekerDoc(**d)


def _posting(d: dict) -> PostingDoc:
    d = dict(d)
    d["schedule"] = frozenset(d["schedule"])
    return PostingDoc(**d)


DEFAULT_PATH = Path(__file__).with_name("data") / "eval_set.json"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seekers", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    args = ap.parse_args(argv)
    data = generate(args.seed, args.seekers)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text, encoding="utf-8")
    n_rel = sum(len(v) for v in data["labels"].values())
    print(f"wrote {args.out}: {len(data['seekers'])} seekers, {len(data['postings'])} postings, "
          f"{n_rel} relevant pairs")


if __name__ == "__main__":
    main()
