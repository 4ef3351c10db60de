"""Generated texts: a posting's title, description and requirements; a seeker's profile.

Each comes from a template for its occupation filled in with drawn numbers,
places and phrases, the way employers and seekers of the region write them.
"""

from __future__ import annotations

import random
import typing as t
from dataclasses import dataclass

from matching import licences, taxonomy
from matching.documents import AVAILABILITY, PAY_UNITS

from .draw import round_to, weighted
from .occupations import DESIRED, EXTRA_SKILLS, SEEKER_OCCUPATION_WEIGHTS
from .phrases import INTROS, INTROS_YOUNG
from .places import CARGO, ROUTES, STREETS


@dataclass
class PostingContext:
    """An employer as posting templates see it: where it is, its trade and main product."""

    name: str
    trade: str
    district: str
    league: str
    city: str
    dist: str
    product: str
    #: where in ``dist`` a posting is (streets, business districts); default: the league's
    streets: tuple[str, ...] = ()


def posting_content(rng: random.Random, occ: str, e: PostingContext) -> dict[str, t.Any]:
    """Title, text, pay and requirements of one posting for occupation ``occ``."""
    street = rng.choice(e.streets or STREETS.get(e.league, ("市区",)))
    city = e.city.removesuffix("市").removesuffix("盟")
    settle = rng.choice(("按月结算", "每月10日发薪", "每月15日准时发薪"))
    settle_any = rng.choice(("可日结", "周结", "按月结算"))
    injury = "统一办理新就业形态人员职业伤害保障"
    schedule: list[str] = ["full_time"]
    licence: str | None = None
    min_age = 18
    health = False
    vehicle: str | None = None
    headcount = rng.randint(1, 5)
    req: list[str] = []

    if occ == "D01":
        kind = rng.choice(("full", "full", "part", "night"))
        per_order = kind == "part" or rng.random() < 0.4
        if per_order:
            lo = rng.randint(4, 6)
            pay = (lo, min(9, lo + rng.randint(2, 3)), "order")
            pay_text = (
                f"按单计费，每单{pay[0]}-{pay[1]}元，雨雪天和夜间每单另补1-3元，{settle_any}。"
            )
        else:
            lo = round_to(rng.uniform(6000, 8500), 500)
            pay = (lo, min(12000, lo + round_to(rng.uniform(2000, 4000), 500)), "month")
            pay_text = f"保底加提成，综合月收入{pay[0]}-{pay[1]}元，多劳多得，{settle}。"
        title = {
            "full": rng.choice(
                (f"{e.dist}外卖骑手（全职）", f"{city}专送骑手 多劳多得", f"{street}站点外卖配送员")
            ),
            "part": rng.choice((f"{e.dist}兼职外卖骑手 时间自由", f"{street}兼职骑手（午晚高峰）")),
            "night": "夜班外卖骑手（21:00-次日2:00）",
        }[kind]
        schedule = {
            "full": ["full_time"],
            "part": ["part_time", "flexible"],
            "night": ["nights", "flexible"],
        }[kind]
        a = rng.randint(30, 45)
        desc = [
            f"负责{e.dist}{street}周边3公里内的外卖配送，商圈成熟，"
            f"高峰期单量充足，日均{a}-{a + 20}单。",
            pay_text,
            rng.choice(
                (f"站点{injury}，另购买商业意外险。", f"全职骑手缴纳五险，兼职骑手由平台{injury}。")
            ),
            rng.choice(
                (
                    "免费发放头盔、工服、保温餐箱，站点有换电柜，换电费用公司承担一半。",
                    "新人由老骑手带两天熟悉路线，外地骑手可住站点宿舍（4人间，水电全免）。",
                )
            ),
        ]
        health = True
        vehicle = "ebike" if rng.random() < 0.85 else None
        req = ["年满18周岁", "持有效健康证"]
        req.append("自备电动车（符合新国标）" if vehicle else "无车可租用站点电动车，每月租金200元")
        req.append("会用智能手机导航和接单软件")
        headcount = rng.randint(10, 50)
    elif occ == "D02":
        lo = round_to(rng.uniform(5000, 6500), 500)
        pay = (lo, min(9000, lo + round_to(rng.uniform(1500, 2500), 500)), "month")
        title = rng.choice(
            (f"{e.dist}快递派件员", f"{street}片区快递收派员", f"{street}片区揽投员")
        )
        desc = [
            f"负责{e.dist}{street}片区{rng.randint(8, 20)}个小区和商铺的派件、揽件，"
            f"日均派件{rng.randint(15, 30) * 10}件左右。",
            f"计件工资，派件每件{rng.choice(('1.0', '1.2', '1.3', '1.5'))}元，揽件另有提成，"
            f"月收入{pay[0]}-{pay[1]}元，{settle}。",
            rng.choice(
                (
                    "缴纳五险，公司提供电动三轮车和巴枪，冬季发放防寒服。",
                    f"公司为快递员{injury}，配发电动三轮车，充电免费。",
                )
            ),
        ]
        req = ["18-50周岁", "能吃苦，服从片区安排", "有快递或外卖经验者优先"]
        headcount = rng.randint(3, 15)
    elif occ == "D03":
        night = rng.random() < 0.6
        if rng.random() < 0.55:
            lo = rng.randint(15, 19) * 10
            pay = (lo, min(220, lo + rng.randint(2, 4) * 10), "day")
            pay_text = f"日薪{pay[0]}-{pay[1]}元，{rng.choice(('可日结', '周结', '按月结算'))}。"
        else:
            lo = rng.randint(18, 21)
            pay = (lo, min(25, lo + rng.randint(2, 4)), "hour")
            pay_text = f"时薪{pay[0]}-{pay[1]}元，按实际工时计算，{settle_any}。"
        title = (
            "快递分拣员（夜班）"
            if night
            else rng.choice(("包裹分拣员（白班）", "分拣中心临时分拣工（日结）"))
        )
        shift = "夜班20:00-次日6:00" if night else "白班8:00-18:00"
        desc = [
            f"分拣中心位于{e.dist}，{shift}，主要工作是包裹扫码、按路由分拣和装车。",
            pay_text,
            rng.choice(
                ("提供工作餐和班车，夜班另有夜宵补贴。", "外地员工提供宿舍，上岗前有半天培训。")
            ),
        ]
        schedule = ["nights", "part_time"] if night else ["full_time", "part_time"]
        if not night and rng.random() < 0.5:
            min_age = 16
        req = [f"年满{min_age}周岁", "身体健康，能适应站立工作", "识字，会用扫码枪"]
        headcount = rng.randint(10, 40)
    elif occ == "D04":
        lo = round_to(rng.uniform(8000, 9500), 500)
        pay = (lo, lo + round_to(rng.uniform(1500, 3000), 500), "month")
        title = rng.choice((f"{e.dist}外卖站点站长", "配送站站长"))
        desc = [
            f"负责{e.dist}一个{rng.randint(40, 90)}人规模配送站的排班、调度、骑手招聘和培训。",
            f"底薪加站点绩效，月薪{pay[0]}-{pay[1]}元，缴纳五险一金。",
            "站点考核准时率和客诉率，业绩好可晋升区域经理。",
        ]
        req = ["2年以上骑手或站点管理经验", "会用Excel做数据", "能处理客诉"]
        min_age = 22
        headcount = 1
    elif occ == "D05":
        if rng.random() < 0.6:
            lo = round_to(rng.uniform(3500, 4200), 100)
            pay = (lo, lo + round_to(rng.uniform(500, 1000), 100), "month")
            title = "快递驿站店员"
            schedule = ["full_time", "weekends"]
            pay_text = f"月薪{pay[0]}-{pay[1]}元，月休4天。"
        else:
            lo = rng.randint(16, 18)
            pay = (lo, lo + 2, "hour")
            title = "社区驿站店员（可兼职）"
            schedule = ["part_time", "flexible"]
            pay_text = f"时薪{pay[0]}-{pay[1]}元，每天上班4-6小时，时间可商量。"
            min_age = 16 if rng.random() < 0.5 else 18
        desc = [
            f"驿站位于{e.dist}{street}附近小区，日均出入库包裹{rng.randint(6, 15) * 100}件。",
            pay_text,
            "主要负责包裹入库、上架、出库扫码和寄件服务，工作环境干净，离家近。",
        ]
        req = [f"年满{min_age}周岁", "会用智能手机", "做事细心"]
        headcount = rng.randint(1, 4)
    elif occ in ("L01", "L02"):
        tractor = occ == "L02"
        licence = "A2" if tractor else rng.choice(("B2", "B2", "B2", "A2"))
        lo = round_to(rng.uniform(11000 if tractor else 9000, 12000 if tractor else 11000), 500)
        pay = (lo, min(15000, lo + round_to(rng.uniform(2000, 4000), 500)), "month")
        route = rng.choice(ROUTES.get(e.league, ROUTES["150100"]))
        cargo = (
            e.product
            if e.product in CARGO or e.product in ("煤炭", "钢材", "木材")
            else rng.choice(CARGO)
        )
        vehicle_text = "半挂牵引车" if tractor else "重型厢式货车"
        title = (
            rng.choice(("半挂牵引车司机（A2）", f"{route}长途挂车司机（A2，双驾）"))
            if tractor
            else rng.choice((f"重卡司机（{licence}）", f"{cargo}运输大车司机", "长途货车司机"))
        )
        desc = [
            f"主要跑{route}线路，{cargo}运输，"
            f"{rng.choice(('一趟往返3天', '一趟往返4-5天', '当天往返'))}，"
            f"每月出车{rng.randint(6, 12)}趟。",
            f"底薪加趟补，综合月薪{pay[0]}-{pay[1]}元，油费、路桥费公司承担，{settle}。",
            f"车辆为国六排放的{vehicle_text}，车况良好，缴纳五险，回程安排住宿。",
        ]
        if rng.random() < 0.5:
            schedule = ["full_time", "nights"]
        min_age = rng.choice((21, 22) if tractor else (20, 21, 22))
        req = [
            f"持{licence}及以上驾照" if licence == "B2" else "持A2驾照",
            f"驾龄{rng.randint(2, 5)}年以上",
            "持道路运输从业资格证",
            "无重大事故记录",
        ]
        headcount = rng.randint(2, 10)
    elif occ in ("L03", "L04"):
        licence = "C1"
        if occ == "L04":
            lo = rng.randint(4, 8) * 10
            pay = (lo, lo + rng.randint(3, 8) * 10, "order")
            title = rng.choice(("同城货运司机（自带车）", f"{city}同城搬家货运司机"))
            vehicle = "car"
            desc = [
                f"在{e.city}市区承接同城货运和搬家订单，每单{pay[0]}-{pay[1]}元，平台抽成8%，{settle_any}。",
                "需自备面包车或蓝牌厢货，接单时间自由，旺季日均6-10单。",
                f"公司为入驻司机{injury}。",
            ]
            schedule = ["flexible", "part_time"]
            req = ["持C1及以上驾照", "自备面包车或蓝牌货车", "会用导航"]
            headcount = rng.randint(5, 30)
        else:
            lo = round_to(rng.uniform(5500, 6500), 500)
            pay = (lo, min(8000, lo + round_to(rng.uniform(1000, 2000), 500)), "month")
            title = rng.choice(("市区配送面包车司机（C1）", "蓝牌厢货司机（C1）", "商超配送司机"))
            desc = [
                f"负责{e.city}市区商超、便利店的配送，每天{rng.randint(10, 25)}个点位，"
                "车辆由公司提供。",
                f"月薪{pay[0]}-{pay[1]}元，缴纳五险，{settle}。",
                "早上6点出车，下午送完即下班，不跑长途。",
            ]
            req = ["持C1及以上驾照", "驾龄1年以上", "能配合装卸"]
            min_age = 20
            headcount = rng.randint(2, 8)
    elif occ in ("L05", "L07", "L11"):
        lo = round_to(rng.uniform(4000, 5000), 100)
        pay = (lo, min(7000, lo + round_to(rng.uniform(800, 1500), 100)), "month")
        title = {
            "L05": rng.choice(("仓管员", "冷库仓管员", "电商仓库仓管员")),
            "L07": "物流调度员",
            "L11": rng.choice(("物流专员", "物流跟单员")),
        }[occ]
        duty = {
            "L05": "负责货物出入库、盘点和台账，使用WMS系统",
            "L07": "负责车辆调度、线路安排和司机沟通，使用TMS系统",
            "L11": "负责运输单据录入、在途跟踪和客户对账",
        }[occ]
        desc = [
            f"工作地点在{e.dist}，{duty}。",
            f"月薪{pay[0]}-{pay[1]}元，缴纳五险，单休，{settle}。",
            rng.choice(("提供午餐。", "提供员工宿舍。", "有通勤班车。")),
        ]
        req = ["会用电脑和Excel", "做事细心", "有物流仓储经验者优先"]
    elif occ in ("L06", "L12", "L09", "L10", "L08"):
        night = occ in ("L06", "L10") and rng.random() < 0.4
        if occ in ("L06", "L12"):
            lo = rng.randint(16, 20) * 10
            pay = (lo, lo + rng.randint(3, 6) * 10, "day")
            title = "装卸工（日结）" if occ == "L06" else "跟车装卸员"
            pay_text = f"日薪{pay[0]}-{pay[1]}元，可日结。"
        elif occ == "L09":
            lo = rng.randint(16, 19)
            pay = (lo, lo + rng.randint(2, 4), "hour")
            title = rng.choice(("电商打包员", "打包发货员（旺季临时）"))
            pay_text = f"时薪{pay[0]}-{pay[1]}元，旺季加班费另算。"
            min_age = rng.choice((16, 18))
            schedule = ["part_time", "flexible"]
        elif occ == "L08":
            lo = round_to(rng.uniform(5000, 6000), 500)
            pay = (lo, lo + 1500, "month")
            title = "叉车司机（持证）"
            pay_text = f"月薪{pay[0]}-{pay[1]}元，缴纳五险。"
        else:
            lo = round_to(rng.uniform(4000, 4800), 100)
            pay = (lo, min(6000, lo + round_to(rng.uniform(500, 1200), 100)), "month")
            title = "仓储普工（可夜班）" if night else "仓储普工"
            pay_text = f"月薪{pay[0]}-{pay[1]}元，缴纳五险。"
        if night:
            schedule = ["nights", "full_time"]
        place = rng.choice(("物流园", "仓库", "货运场"))
        work = rng.choice(
            ("主要是拣货、打包、装车", "主要是装车卸车和货物清点", "负责货物搬运和码放")
        )
        desc = [
            f"工作地点在{e.dist}{place}，{work}。",
            pay_text,
            rng.choice(
                (
                    "提供工作餐，外地员工可住宿舍。",
                    "有班车接送。",
                    f"临时工购买意外险，长期员工{injury}或缴纳五险。",
                )
            ),
        ]
        req = ["身体健康，能吃苦", "服从安排"] + (["持叉车证（N1）"] if occ == "L08" else [])
        headcount = rng.randint(3, 30)
    elif occ.startswith("S"):
        base_ranges = {
            "S01": (4000, 6000, 8000),
            "S02": (4500, 5500, 7500),
            "S03": (4000, 4500, 6000),
            "S04": (3500, 4000, 5500),
            "S05": (5000, 6000, 8000),
            "S06": (5000, 6000, 8000),
            "S07": (3500, 4000, 5000),
            "S08": (4500, 5000, 7000),
            "S09": (5000, 5500, 7500),
            "S10": (5000, 5500, 7000),
            "S11": (4500, 5000, 6500),
        }
        floor_lo, top_lo, top = base_ranges[occ]
        if occ == "S07" and rng.random() < 0.4:
            lo = rng.randint(15, 18)
            pay = (lo, lo + 3, "hour")
            title = "电商客服（可居家兼职）"
            schedule = ["part_time", "flexible"]
            pay_text = f"时薪{pay[0]}-{pay[1]}元，居家办公，每天排班4小时。"
        else:
            lo = round_to(rng.uniform(floor_lo, top_lo), 500)
            pay = (lo, max(lo + 500, round_to(rng.uniform(lo + 1000, top), 500)), "month")
            name = taxonomy.get(occ).name  # type: ignore[union-attr]
            title = {
                "S01": rng.choice(
                    (f"带货主播（{e.product}）", "助农直播带货主播", "蒙汉双语带货主播")
                ),
                "S05": f"抖店店长（{e.product}）",
                "S07": "电商客服",
            }.get(occ, name)
            if occ == "S01":
                pay_text = (
                    f"底薪{pay[0]}元起，另加销售提成{rng.randint(3, 8)}%，"
                    f"综合收入上不封顶，{settle}。"
                )
                pay = (pay[0], pay[1], "month")
            else:
                pay_text = f"月薪{pay[0]}-{pay[1]}元，缴纳五险，{settle}。"
        duty = {
            "S01": f"在公司直播间讲解{e.product}，每天直播4-6小时，有专业团队配合选品、场控和投流",
            "S02": "负责直播间搭建、排期、投流和复盘，盯数据调整话术",
            "S03": "直播时负责商品上下架、改价、评论区互动和节奏把控",
            "S04": "配合主播展示产品、补充讲解，主播休息时顶播",
            "S05": f"负责抖音小店的日常经营、上新、活动报名和售后，主营{e.product}",
            "S06": "负责网店商品上架、活动策划、推广投放和数据分析",
            "S07": "负责网店售前咨询和售后处理，有话术模板，上手快",
            "S08": "负责短视频和直播切片剪辑，会剪映或PR",
            "S09": "负责产品短视频拍摄和直播间布光，经常下牧区、农田实拍",
            "S10": f"负责{e.product}等产品的选品、比价和供应商对接",
            "S11": "负责商品主图、详情页和活动海报设计",
        }[occ]
        desc = [
            f"工作地点在{e.dist}，{duty}。",
            pay_text,
            rng.choice(
                (
                    "有带教老师，零基础可培训。",
                    "公司提供免费午餐，年底有分红。",
                    "节假日有福利，团队氛围年轻。",
                )
            ),
        ]
        if occ in ("S01", "S03", "S04") and rng.random() < 0.4:
            schedule = ["full_time", "weekends"]
        req = {
            "S01": ["形象好，口齿清楚", "有镜头感", "会说蒙语者优先"],
            "S08": ["会剪映或PR", "有作品集"],
            "S11": ["熟练使用PS", "有作品集"],
        }.get(occ, ["有相关经验者优先", "会用电脑"])
        headcount = rng.randint(1, 5)
    else:  # O01
        lo = rng.randint(15, 18) * 10
        pay = (lo, lo + 30, "day")
        title = "物流园普工（日结）"
        desc = [f"工作地点在{e.dist}，主要是搬运和打杂。", f"日薪{pay[0]}-{pay[1]}元，可日结。"]
        schedule = ["part_time", "flexible"]
        req = ["身体健康"]
    assert pay[2] in PAY_UNITS and all(s in AVAILABILITY for s in schedule)
    return {
        "title": title[:60],
        "description": "".join(desc[: rng.randint(min(3, len(desc)), len(desc))]),
        "requirements": "；".join(req) + "。",
        "pay_min": pay[0],
        "pay_max": pay[1],
        "pay_unit": pay[2],
        "schedule": schedule,
        "headcount": headcount,
        "required_licence": licence,
        "min_age": min_age,
        "needs_health_certificate": health,
        "needs_vehicle": vehicle,
    }


def seeker_content(rng: random.Random, base_year: int) -> dict[str, t.Any]:
    """One seeker profile (without user, district and timestamps)."""
    primary = weighted(rng, SEEKER_OCCUPATION_WEIGHTS)
    occ = taxonomy.get(primary)
    assert occ is not None
    codes = [primary]
    # Only the demo's own occupations (those with wordings in DESIRED): the
    # taxonomy may grow without changing the demo's rows.
    same_trade = [
        o.code
        for o in taxonomy.by_trade(occ.trade)
        if o.code != primary and o.code in SEEKER_OCCUPATION_WEIGHTS
    ]
    for _ in range(rng.choices((0, 1, 2), weights=(45, 40, 15))[0]):
        pick = (
            rng.choice(same_trade)
            if same_trade and rng.random() < 0.8
            else rng.choice(list(SEEKER_OCCUPATION_WEIGHTS))
        )
        if pick not in codes:
            codes.append(pick)

    trade = occ.trade
    if trade == "livestream":
        age = rng.randint(18, 36)
    elif primary in ("L01", "L02"):
        age = rng.randint(24, 56)
    else:
        age = int(min(58, rng.gauss(32, 9)))
        if age < 18:
            age = rng.randint(18, 26)
        if primary in ("L03", "L04"):
            age = max(age, 20)
    if rng.random() < 0.015 and trade in ("delivery", "other") and primary not in ("D01", "D04"):
        age = 17  # old enough to register (16+), too young for most postings

    def chance(p: float) -> bool:
        return rng.random() < p

    lic: list[str] = []
    if primary == "L01":
        lic = [rng.choices(("B2", "A2", "A1"), weights=(70, 22, 8))[0]]
    elif primary == "L02":
        lic = ["A2"]
    elif primary in ("L03", "L04"):
        lic = [rng.choices(("C1", "B2", "C2"), weights=(80, 12, 8))[0]]
    elif age >= 20 and chance(0.3):
        lic = [rng.choice(("C1", "C1", "C2"))]
    if lic and lic[0] in ("A1", "A2", "B2") and chance(0.1):
        lic.append("M" if chance(0.5) else "N")
    lic = [c for c in lic if c in licences.CLASSES]

    has_ebike = chance({"D01": 0.92, "D02": 0.45, "D05": 0.2}.get(primary, 0.15))
    has_car = chance(0.95 if primary == "L04" else 0.4 if primary == "L03" else 0.2 if lic else 0.0)
    health = chance(
        {"D01": 0.78, "D05": 0.15}.get(primary, 0.06) + (0.3 if "D01" in codes[1:] else 0)
    )

    if primary in ("D03", "L06", "L10") or (primary.startswith("D01") and chance(0.25)):
        avail = ["nights"] + rng.sample(["full_time", "part_time", "flexible"], rng.randint(1, 2))
    elif primary in ("D01", "D05", "S07", "L04", "O01", "L09"):
        avail = rng.sample(["full_time", "part_time", "flexible", "weekends"], rng.randint(1, 3))
    elif primary in ("L01", "L02"):
        avail = ["full_time"] + (["nights"] if chance(0.6) else [])
    else:
        avail = ["full_time"] + (["weekends"] if chance(0.3) else [])
    avail = [a for a in AVAILABILITY if a in avail]

    pay_amount: int | None
    pay_unit: str | None
    if chance(0.15):
        pay_amount, pay_unit = None, None
    elif primary == "D01" and chance(0.35):
        pay_amount, pay_unit = rng.randint(5, 8), "order"
    elif primary in ("D03", "L06", "L12", "O01") and chance(0.6):
        pay_amount, pay_unit = rng.randint(15, 22) * 10, "day"
    elif primary in ("L09", "S07", "D05") and chance(0.4):
        pay_amount, pay_unit = rng.randint(16, 24), "hour"
    elif primary == "L04" and chance(0.4):
        pay_amount, pay_unit = rng.randint(6, 12) * 10, "order"
    else:
        centre = {
            "L01": 12000,
            "L02": 13500,
            "D01": 8500,
            "D04": 10000,
            "D02": 7000,
            "L03": 6500,
            "L04": 9000,
        }.get(primary, 6000 if trade == "livestream" else 5000)
        pay_amount, pay_unit = round_to(rng.gauss(centre, centre * 0.12), 500), "month"

    max_years = max(0, age - 19)
    years = None if chance(0.12) else min(max_years, int(abs(rng.gauss(3, 3))))
    if primary in ("L01", "L02", "D04"):
        years = min(max_years, max(years or 0, rng.randint(2, 12)))
    name = occ.name
    own_skills = [s for s in occ.skills if not s.endswith("驾照")]
    skills = rng.sample(own_skills, min(len(own_skills), rng.randint(2, 4)))
    if chance(0.5):
        skills.append(rng.choice(EXTRA_SKILLS))
    if lic and f"{lic[0]}驾照" not in skills:
        skills.append(f"{lic[0]}驾照")

    desired = rng.choice(DESIRED[primary])
    if len(codes) > 1 and chance(0.4):
        desired += rng.choice(("，", "/", " 或者")) + rng.choice(DESIRED[codes[1]])
    if years:
        remark = rng.choice(("熟悉市区路线", "没出过大问题", "老板评价不错", "能带新人"))
        before = rng.choice(("外地", "老家", "工地", "餐馆", "超市"))
        templates = [f"干过{years}年{name}，{remark}。", f"{name}{years}年经验。"]
        if age - years >= 24:
            templates.append(f"之前在{before}干过几年，后来做{name}，做了{years}年。")
        experience = rng.choice(templates)
    else:
        experience = rng.choice(
            ("", "没有相关经验，愿意学。")
            + (("刚毕业，没正式上过班。",) if age <= 23 else ("以前在老家种地，没干过这行。",))
        )

    return {
        "age": age,
        "intro": rng.choice(INTROS_YOUNG if age <= 24 else INTROS),
        "occupation_codes": codes,
        "desired_text": desired,
        "skills": "、".join(dict.fromkeys(skills)),
        "experience": experience,
        "experience_years": years,
        "licence_classes": lic,
        "has_ebike": has_ebike,
        "has_car": has_car,
        "health_certificate": health,
        "availability": avail,
        "pay_amount": pay_amount,
        "pay_unit": pay_unit,
        "birth_year": base_year - age,
        "discoverable": chance(0.93),
        "contact_consent": chance(0.4),
    }
