"""Deterministic, realistic demo data: employers, postings, seekers, fairs, applications.

:func:`seed_demo` fills an empty schema through a plain SQLAlchemy session (no
Flask needed) so that a newcomer sees a living fair at once. The same seed
always gives the same people, companies and postings; only the fair dates (and
what hangs off them: booths, registrations, check-ins, applications made through
a fair, interviews at a booth, questions to a booth) follow "today" and the
clock, so that there is always a fair running now, one coming up and one closed.
Notifications are written as the services would have sent them for each move.

Every account shares one password hash given by the caller: hashing 2,000
passwords would take minutes and prove nothing.
"""

from __future__ import annotations

import random
import time
import typing as t
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import insert

from matching import licences, regions, taxonomy
from matching.documents import AVAILABILITY, PAY_UNITS
from models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    AuditEntry,
    Booth,
    BoothStatus,
    Employer,
    EmployerMember,
    EmployerStatus,
    Fair,
    FairMode,
    FairRegistration,
    FairStatus,
    Invitation,
    Notification,
    Posting,
    PostingStatus,
    Question,
    Role,
    SeekerProfile,
    User,
    booth_posting,
)

from .services.notify import scrub
from .validation import CREDIT_CODE_CHARS, credit_code_check_char

if t.TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["DemoSummary", "seed_demo", "DEMO_SEEKER_PHONE", "CONSENT_VERSION"]

Progress = Callable[[str, int, int], None]

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")
CONSENT_VERSION = "2026-11"
DEMO_SEEKER_PHONE = "13800000001"
DEMO_DOMAIN = "demo.jobfair.cn"
# The labels of jobfair.services.applications.STATUS_LABELS (checked by a test),
# spelled out so that seeding needs neither Flask-Babel nor the matcher.
STATUS_LABELS = {
    ApplicationStatus.APPLIED: "已申请",
    ApplicationStatus.VIEWED: "已查看",
    ApplicationStatus.SHORTLISTED: "初筛通过",
    ApplicationStatus.INTERVIEW: "面试",
    ApplicationStatus.OFFER: "达成就业意向",
    ApplicationStatus.HIRED: "已录用",
    ApplicationStatus.REJECTED: "未通过",
    ApplicationStatus.WITHDRAWN: "已撤回",
}


@dataclass
class DemoSummary:
    """What :func:`seed_demo` created, and the accounts to log in with."""

    users: int = 0
    seekers: int = 0
    employers: int = 0
    employers_by_status: dict[str, int] = field(default_factory=dict)
    postings: int = 0
    postings_by_status: dict[str, int] = field(default_factory=dict)
    fairs: int = 0
    booths: int = 0
    registrations: int = 0
    checked_in: int = 0
    applications: int = 0
    applications_by_status: dict[str, int] = field(default_factory=dict)
    application_events: int = 0
    fair_applications: int = 0
    booth_interviews: int = 0
    invitations: int = 0
    questions: int = 0
    notifications: int = 0
    unread_notifications: int = 0
    audit_entries: int = 0
    seconds: float = 0.0
    #: ``(role, login, password hint, description)``, demo accounts first.
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Reference content
# ---------------------------------------------------------------------------

HAN_SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨赵赵黄周吴徐孙胡朱高高林何郭马马罗梁宋郑谢韩韩唐冯于董"
    "程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝"
    "孔白白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文温云云包包奇鲍霍樊牛闫"
)
HAN_GIVEN_MALE = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帅旭东亮峰龙晨阳博文志建国海林成斌永兵"
)
HAN_GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷慧颖琳雪莉倩萍红梅丹璐佳欣悦月琪蕾晶妍宁颖"
HAN_GIVEN_SECOND = "子宇浩一嘉思晓雨欣梓家俊晨天春秋冬玉金银德振永小文建志海"
MONGOLIAN_NAMES = (
    "巴特尔",
    "其木格",
    "乌云",
    "苏日娜",
    "额尔敦",
    "那仁图雅",
    "宝音",
    "阿拉坦仓",
    "斯琴",
    "图雅",
    "萨仁",
    "朝鲁",
    "孟和",
    "巴雅尔",
    "达来",
    "格日勒",
    "哈斯",
    "乌力吉",
    "苏和",
    "朝格图",
    "敖登",
    "娜仁",
    "塔娜",
    "其其格",
    "高娃",
    "乌兰",
    "阿古拉",
    "布和",
    "毕力格",
    "吉日嘎拉",
    "特木尔",
    "那顺",
    "呼和",
    "巴图",
    "青格勒",
    "阿拉腾",
    "乌日娜",
    "苏布德",
    "图门",
    "达古拉",
    "莫日根",
    "赛音",
    "德力格尔",
    "牧仁",
    "满都拉",
    "白音",
    "额日和",
    "乌恩",
    "宝力道",
    "萨出拉",
    "斯日古楞",
    "阿木古楞",
    "额尔德木",
    "查干",
    "锡林",
    "乌兰托雅",
    "苏雅拉图",
    "朝克图",
    "巴音",
    "乌日汗",
    "包勒尔",
    "伊德日",
    "敖日格乐",
    "哈斯巴根",
)
MONGOLIAN_SURNAMES = "包白韩云奇鲍宝那乌"

# Urban counties of each league (where most people live), then everything else.
URBAN = {
    "150100": ("150102", "150103", "150104", "150105"),
    "150200": ("150202", "150203", "150204", "150207"),
    "150300": ("150302", "150303", "150304"),
    "150400": ("150402", "150403", "150404"),
    "150500": ("150502", "150581"),
    "150600": ("150602", "150603", "150621", "150627"),
    "150700": ("150702", "150781", "150782", "150783"),
    "150800": ("150802",),
    "150900": ("150902", "150981"),
    "152200": ("152201",),
    "152500": ("152502", "152501"),
    "152900": ("152921",),
}
LEAGUE_WEIGHTS = {
    "150100": 27,
    "150200": 19,
    "150400": 12,
    "150600": 11,
    "150500": 8,
    "150700": 6,
    "150900": 5,
    "150800": 4,
    "150300": 3,
    "152500": 2,
    "152200": 2,
    "152900": 1,
}
STREETS = {
    "150100": (
        "万达广场",
        "大学东街",
        "如意开发区",
        "海亮广场",
        "中山西路",
        "金桥开发区",
        "新华大街",
    ),
    "150200": ("万达广场", "钢铁大街", "阿尔丁大街", "友谊大街", "包百商圈", "民族东路"),
    "150300": ("海勃湾新华街", "人民路", "滨河区"),
    "150400": ("新城区", "钢铁街", "临潢大街", "松山大街", "昭乌达路"),
    "150500": ("明仁大街", "科尔沁大街", "建国路", "红星商圈"),
    "150600": ("康巴什新区", "天骄路", "铁西商圈", "伊金霍洛西街"),
    "150700": ("中央街", "胜利大街", "河东新区"),
    "150800": ("新华街", "胜利路", "临河万达"),
    "150900": ("集宁新区", "恩和路", "察哈尔大街"),
    "152200": ("兴安北大路", "五一路"),
    "152500": ("锡林大街", "额尔敦路"),
    "152900": ("巴彦浩特", "王府街"),
}
ROUTES = {
    "150100": ("呼和浩特—北京", "呼和浩特—石家庄", "呼和浩特—西安"),
    "150200": ("包头—天津港", "包头—北京", "包头—银川"),
    "150400": ("赤峰—沈阳", "赤峰—北京", "赤峰—唐山"),
    "150500": ("通辽—长春", "通辽—沈阳", "霍林郭勒—锦州港"),
    "150600": ("鄂尔多斯—天津港", "准格尔—曹妃甸", "鄂尔多斯—太原"),
    "150700": ("满洲里口岸—哈尔滨", "海拉尔—齐齐哈尔"),
    "150800": ("临河—兰州", "巴彦淖尔—包头"),
    "150900": ("集宁—北京", "乌兰察布—天津港"),
    "152500": ("二连浩特口岸—天津港", "锡林浩特—北京"),
}
CARGO = ("煤炭", "钢材", "乳制品冷链", "农副产品", "建材", "快递干线包裹", "日用百货", "牛羊肉冷链")


@dataclass(frozen=True)
class _EmployerSeed:
    name: str
    trade: str
    district: str
    address: str
    product: str
    intro: str
    status: str = EmployerStatus.VERIFIED


_V, _P, _R = EmployerStatus.VERIFIED, EmployerStatus.PENDING, EmployerStatus.REJECTED

EMPLOYERS: tuple[_EmployerSeed, ...] = (
    _EmployerSeed(
        "呼和浩特市青城即时配送服务有限公司",
        "delivery",
        "150105",
        "赛罕区大学东街与昭乌达路交叉口东南角商务楼3层",
        "外卖",
        "承接多个外卖平台在呼和浩特赛罕区、新城区的专送站点，现有骑手400余人，站点均配有换电柜和骑手休息室。",
    ),
    _EmployerSeed(
        "呼和浩特市顺达速运有限公司",
        "delivery",
        "150102",
        "新城区海东路与兴安北路交叉口顺达物流园",
        "快递",
        "区域快递服务商，在呼和浩特设有12个营业网点和1个分拨中心，日均处理包裹8万件。",
    ),
    _EmployerSeed(
        "呼和浩特顺达速运有限责任公司",
        "delivery",
        "150102",
        "新城区海东路顺达物流园2号库",
        "快递",
        "快递收派、同城配送。",
        _P,
    ),
    _EmployerSeed(
        "包头市鹿城即时配送服务有限公司",
        "delivery",
        "150203",
        "昆都仑区钢铁大街万达广场写字楼B座1106",
        "外卖",
        "包头地区即时配送服务商，运营昆区、青山区共9个外卖配送站，骑手全部纳入职业伤害保障。",
    ),
    _EmployerSeed(
        "赤峰草原优选电子商务有限公司",
        "livestream",
        "150402",
        "红山区昭乌达路电商产业园4号楼",
        "小米杂粮",
        "立足赤峰本地农产品，经营敖汉小米、荞麦、杂粮礼盒，自有直播间6个，年销售额3000万元。",
    ),
    _EmployerSeed(
        "鄂尔多斯市达拉特物流有限公司",
        "logistics",
        "150621",
        "达拉特旗树林召镇物流园区1号",
        "煤炭",
        "道路普通货物运输企业，自有重型货车80余台，主营煤炭、化工原料公路运输。",
    ),
    _EmployerSeed(
        "乌海市海勃湾区金沙即时配送有限公司",
        "delivery",
        "150302",
        "海勃湾区人民路与新华街交叉口金沙大厦5层",
        "外卖",
        "乌海本地即时配送企业，提供外卖、跑腿、同城配送服务。",
        _P,
    ),
    _EmployerSeed(
        "巴彦淖尔市五原县河套粮仓物流有限公司",
        "logistics",
        "150821",
        "五原县隆兴昌镇工业园区",
        "农副产品",
        "农产品仓储与运输。",
        _R,
    ),
    _EmployerSeed(
        "乌兰察布市察哈尔杂粮电子商务有限公司",
        "livestream",
        "150902",
        "集宁区恩和路电商产业园",
        "燕麦和土豆",
        "乌兰察布燕麦、马铃薯制品网店运营。",
        _P,
    ),
    _EmployerSeed(
        "赤峰市红山区疾风配送服务有限公司",
        "delivery",
        "150402",
        "红山区临潢大街新天地商业街2-108",
        "外卖",
        "赤峰中心城区外卖专送和众包站点运营商，站点覆盖红山区、松山区主要商圈。",
    ),
    _EmployerSeed(
        "鄂尔多斯市康巴什区云骑同城配送有限公司",
        "delivery",
        "150603",
        "康巴什区阿尔巴斯街创业大厦7层",
        "外卖",
        "主营外卖配送、生鲜即时配送，在东胜、康巴什运营6个站点。",
    ),
    _EmployerSeed(
        "通辽市科尔沁区快马速递有限公司",
        "delivery",
        "150502",
        "科尔沁区建国路与明仁大街交叉口快马物流中心",
        "快递",
        "通辽市区快递末端配送企业，运营网点18个、快递驿站40余家。",
    ),
    _EmployerSeed(
        "呼伦贝尔市海拉尔区北疆快递服务有限公司",
        "delivery",
        "150702",
        "海拉尔区胜利大街北疆物流园",
        "快递",
        "呼伦贝尔地区快递转运和末端配送，冬季配送经验丰富，为快递员配发防寒装备。",
    ),
    _EmployerSeed(
        "乌兰察布市集宁区安达快递有限公司",
        "delivery",
        "150902",
        "集宁区察哈尔大街安达快递分拨中心",
        "快递",
        "乌兰察布市快递分拨和末端派送，分拨中心日处理量5万件。",
    ),
    _EmployerSeed(
        "呼和浩特市玉泉区万家驿站便民服务有限公司",
        "delivery",
        "150104",
        "玉泉区南二环路万家社区服务中心1层",
        "驿站",
        "经营社区快递驿站30余家，提供包裹代收、寄件和社区团购自提服务。",
    ),
    _EmployerSeed(
        "包头市青山区捷运快递分拣有限公司",
        "delivery",
        "150204",
        "青山区装备制造产业园区纬三路捷运分拣中心",
        "快递",
        "包头地区快递分拣外包服务商，为多家快递企业提供夜班分拣、装卸服务。",
    ),
    _EmployerSeed(
        "巴彦淖尔市临河区河套同城配送有限公司",
        "delivery",
        "150802",
        "临河区胜利路河套商务中心3层",
        "外卖",
        "临河区外卖和生鲜配送企业，骑手可选择全职或兼职。",
    ),
    _EmployerSeed(
        "包头市九原区北方重卡运输有限公司",
        "logistics",
        "150207",
        "九原区建华南路北方物流港A区",
        "钢材",
        "自有重型半挂牵引车60台，主营钢材、铝锭干线运输，车辆均安装北斗动态监控。",
    ),
    _EmployerSeed(
        "呼和浩特市金桥冷链物流有限公司",
        "logistics",
        "150105",
        "赛罕区金桥开发区阿木尔北街冷链物流园",
        "乳制品冷链",
        "冷库容量3万吨，为乳制品和肉类企业提供冷链仓储与城配服务。",
    ),
    _EmployerSeed(
        "赤峰市松山区鑫通货运有限公司",
        "logistics",
        "150404",
        "松山区穆家营镇鑫通货运场",
        "农副产品",
        "赤峰至京津冀、东北方向整车和零担运输，车队规模50台。",
    ),
    _EmployerSeed(
        "通辽市科尔沁区蒙东仓储物流有限公司",
        "logistics",
        "150502",
        "科尔沁区西拉木伦大街蒙东物流园",
        "日用百货",
        "蒙东地区电商仓储和城配服务，仓库面积2.6万平方米。",
    ),
    _EmployerSeed(
        "乌兰察布市集宁区京蒙物流园管理有限公司",
        "logistics",
        "150902",
        "集宁区京蒙物流园综合楼",
        "快递干线包裹",
        "物流园区运营和仓储服务，园区内有快递分拨、冷链、零担等企业40余家。",
    ),
    _EmployerSeed(
        "满洲里市北通国际货运代理有限公司",
        "logistics",
        "150781",
        "满洲里市互贸区北通物流院",
        "木材",
        "满洲里口岸进出口货物运输和代理，主营木材、纸浆、机电产品公路运输。",
    ),
    _EmployerSeed(
        "鄂尔多斯市准格尔旗煤海运输有限公司",
        "logistics",
        "150622",
        "准格尔旗薛家湾镇煤海物流园",
        "煤炭",
        "煤炭公路运输企业，自有新能源重卡30台，推行两班倒。",
    ),
    _EmployerSeed(
        "呼和浩特市土默特左旗敕勒川仓储有限公司",
        "logistics",
        "150121",
        "土默特左旗察素齐镇敕勒川物流园",
        "日用百货",
        "电商仓配一体化服务，为本地品牌提供仓储、打包和发货服务，旺季日发货3万单。",
    ),
    _EmployerSeed(
        "包头市东河区快运通同城货运有限公司",
        "logistics",
        "150202",
        "东河区巴彦塔拉大街快运通货运市场",
        "同城货运",
        "同城货运和搬家服务平台，合作司机200余名。",
    ),
    _EmployerSeed(
        "呼和浩特市青城好物直播电子商务有限公司",
        "livestream",
        "150102",
        "新城区如意和大街电商直播基地5层",
        "乳制品和草原特产",
        "本地直播电商企业，运营多个抖音、快手账号，主营奶制品、牛肉干等草原特产。",
    ),
    _EmployerSeed(
        "鄂尔多斯市羊绒臻选电子商务有限公司",
        "livestream",
        "150602",
        "东胜区天骄北路羊绒产业园",
        "羊绒制品",
        "与本地羊绒工厂合作，直播销售羊绒衫、围巾，工厂直供。",
    ),
    _EmployerSeed(
        "呼伦贝尔市岭上牧歌文化传媒有限公司",
        "livestream",
        "150702",
        "海拉尔区河东新区文化产业园",
        "牛羊肉和蓝莓",
        "呼伦贝尔农畜产品直播和短视频内容制作，自有签约主播12人。",
    ),
    _EmployerSeed(
        "通辽市科尔沁牧野网络科技有限公司",
        "livestream",
        "150502",
        "科尔沁区红星商圈电商大厦9层",
        "牛肉干",
        "科尔沁牛肉制品网店和直播间运营，全网粉丝120万。",
    ),
    _EmployerSeed(
        "锡林浩特市奶香草原电子商务有限公司",
        "livestream",
        "152502",
        "锡林浩特市额尔敦路电商孵化园",
        "奶制品",
        "锡林郭勒奶食品（奶豆腐、奶皮子、奶茶粉）网店和直播销售。",
    ),
    _EmployerSeed(
        "包头市鹿城优品直播文化传媒有限公司",
        "livestream",
        "150203",
        "昆都仑区阿尔丁大街直播电商中心",
        "草原特产",
        "直播带货和主播孵化，为本地商家提供代播服务。",
    ),
    _EmployerSeed(
        "二连浩特市口岸之星物流有限公司",
        "logistics",
        "152501",
        "二连浩特市口岸物流园区",
        "口岸货物",
        "二连浩特口岸进出口货物运输、仓储和报关代理。",
    ),
    _EmployerSeed(
        "锡林浩特市草原鹰快递服务有限公司",
        "delivery",
        "152502",
        "锡林浩特市锡林大街草原鹰物流院",
        "快递",
        "锡林郭勒盟快递派送和牧区快递进村服务。",
    ),
)

# Names for employers beyond the hand-written ones (``employers > len(EMPLOYERS)``).
_EXTRA_BRANDS = (
    "宏达",
    "通顺",
    "速达",
    "众诚",
    "恒通",
    "北辰",
    "金马",
    "骏驰",
    "聚源",
    "草原星",
    "驼铃",
    "苍狼",
)
_EXTRA_SUFFIX = {
    "delivery": ("即时配送服务有限公司", "速递有限公司"),
    "logistics": ("物流有限公司", "货运有限公司"),
    "livestream": ("电子商务有限公司", "文化传媒有限公司"),
}


# Per occupation: (desired-text variants, availability weights, age range, pay expectation).
DESIRED = {
    "D01": (
        "跑外卖",
        "送外卖",
        "外賣騎手",
        "想当骑手",
        "骑首",
        "送餐员，兼职也行",
        "外卖小哥",
        "跑单送餐",
        "网约配送员",
        "外卖专送",
    ),
    "D02": ("送快遞", "快递员", "派件", "干快递", "快递小哥，片区熟", "收派员"),
    "D03": ("分拣", "快递分拣夜班", "分減員", "分拣工 日结", "包裹分拣"),
    "D04": ("站长", "外卖站长", "配送站管理", "骑手站长"),
    "D05": ("驿站", "快递驿站店员", "菜鸟驿站上班", "驿站兼职"),
    "L01": ("開大車", "开大车", "跑长途", "重卡司机", "B2司机", "大货车司机", "开大货"),
    "L02": ("开半挂", "挂车司机", "A2跑长途", "半挂車司機"),
    "L03": ("开面包车送货", "小货车司机", "蓝牌司机", "轻卡司机"),
    "L04": ("同城货运 自带车", "拉货 自己有车", "货运司机 有面包车"),
    "L05": ("仓管", "库管员", "仓庫管理"),
    "L06": ("装卸工", "搬运 日结", "装车卸车"),
    "L07": ("物流调度", "车辆调度"),
    "L08": ("叉车", "开叉车 有证", "叉車司機"),
    "L09": ("打包", "电商打包发货", "打包员"),
    "L10": ("仓库普工", "仓库上班", "库房工人"),
    "L11": ("物流文员", "物流跟单"),
    "L12": ("跟车", "跟车装卸"),
    "S01": ("想做直播带货", "主播", "帶貨主播", "直播卖货", "带货主播，会说蒙语", "想学直播"),
    "S02": ("直播运营", "抖音运营", "直播间运营"),
    "S03": ("场控", "直播中控"),
    "S04": ("助播", "主播助理"),
    "S05": ("开网店", "抖店店主", "网店"),
    "S06": ("电商运营", "淘宝运营", "店铺运营"),
    "S07": ("客服", "在家做客服", "网店客服 兼职"),
    "S08": ("剪辑", "视频剪辑", "短视频后期"),
    "S09": ("摄影", "视频拍摄"),
    "S10": ("选品",),
    "S11": ("美工", "电商美工 会PS"),
    "O01": ("普工", "打零工", "啥活都行", "日结工"),
}
SEEKER_OCCUPATION_WEIGHTS = {
    "D01": 28,
    "D02": 13,
    "D03": 10,
    "D04": 1.5,
    "D05": 3,
    "L01": 8,
    "L02": 3,
    "L03": 4,
    "L04": 3.5,
    "L05": 2.5,
    "L06": 3,
    "L07": 1,
    "L08": 2,
    "L09": 2,
    "L10": 3,
    "L11": 1,
    "L12": 1,
    "S01": 5,
    "S02": 1.5,
    "S03": 1,
    "S04": 1,
    "S05": 1,
    "S06": 1,
    "S07": 2,
    "S08": 1,
    "S09": 0.5,
    "S10": 0.5,
    "S11": 0.5,
    "O01": 2,
}
# Delivery employers hire by their line of business (``_EmployerSeed.product``).
DELIVERY_WEIGHTS_BY_LINE = {
    "外卖": {"D01": 10, "D04": 1},
    "快递": {"D02": 6, "D03": 4, "D05": 1},
    "驿站": {"D05": 5, "D02": 1},
}
POSTING_OCCUPATION_WEIGHTS = {
    "delivery": {"D01": 10, "D02": 6, "D03": 4, "D04": 1, "D05": 2},
    "logistics": {
        "L01": 5,
        "L02": 3,
        "L03": 3,
        "L04": 2,
        "L05": 2,
        "L06": 2,
        "L07": 1,
        "L08": 2,
        "L09": 2,
        "L10": 2,
        "L11": 1,
        "L12": 1,
    },
    "livestream": {
        "S01": 6,
        "S02": 2,
        "S03": 2,
        "S04": 2,
        "S05": 1,
        "S06": 2,
        "S07": 2,
        "S08": 2,
        "S09": 1,
        "S10": 1,
        "S11": 1,
    },
}
EXTRA_SKILLS = (
    "吃苦耐劳",
    "普通话标准",
    "会说蒙语",
    "能熬夜",
    "手机操作熟练",
    "服从安排",
    "责任心强",
    "熟悉本地路况",
    "有团队经验",
    "沟通能力好",
)
INTROS = (
    "人实在，能吃苦，希望找个稳定的活。",
    "家在{dist}，希望离家近一点。",
    "之前在外地干了几年，现在回{city}了，想在本地找工作。",
    "孩子上学了，白天时间比较多，想找个时间灵活的工作。",
    "退伍军人，身体好，服从管理。",
    "蒙汉双语都可以，沟通没问题。",
    "想多挣点，夜班也行。",
    "",
    "",
)
INTROS_YOUNG = (
    "刚毕业，愿意学，什么都可以从头干。",
    "家在{dist}，希望离家近一点。",
    "蒙汉双语都可以，沟通没问题。",
    "想多挣点，夜班也行。",
    "寒暑假想打工，也可以长期干。",
    "",
)


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _round_to(value: float, step: int) -> int:
    return int(round(value / step) * step)


# ---------------------------------------------------------------------------
# Small generators
# ---------------------------------------------------------------------------


class _Phones:
    """Unique, valid mainland mobile numbers."""

    PREFIXES = (
        "130",
        "131",
        "132",
        "133",
        "135",
        "136",
        "137",
        "139",
        "150",
        "151",
        "152",
        "153",
        "155",
        "156",
        "157",
        "158",
        "159",
        "166",
        "173",
        "176",
        "177",
        "180",
        "181",
        "182",
        "183",
        "185",
        "186",
        "187",
        "188",
        "189",
        "191",
        "195",
        "198",
        "147",
        "134",
    )

    def __init__(self, rng: random.Random, reserved: Sequence[str] = ()) -> None:
        self.rng = rng
        self.used: set[str] = set(reserved)

    def __call__(self) -> str:
        while True:
            phone = self.rng.choice(self.PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.used:
                self.used.add(phone)
                return phone


def _person_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.24:  # Mongolian name without a Han surname
        return rng.choice(MONGOLIAN_NAMES)
    if roll < 0.29:  # Han-style surname in front of a Mongolian name
        names = [n for n in MONGOLIAN_NAMES if len(n) <= 3]
        return rng.choice(MONGOLIAN_SURNAMES) + rng.choice(names)
    surname = rng.choice(HAN_SURNAMES)
    pool = HAN_GIVEN_MALE if rng.random() < 0.62 else HAN_GIVEN_FEMALE
    if rng.random() < 0.3:
        return surname + rng.choice(pool)
    return surname + rng.choice(HAN_GIVEN_SECOND + pool) + rng.choice(pool)


def _district(rng: random.Random, league_code: str | None = None) -> str:
    league = league_code or _weighted(rng, LEAGUE_WEIGHTS)
    if rng.random() < 0.8:
        return rng.choice(URBAN[league])
    return rng.choice(regions.counties_in(league)).code


def _credit_code(rng: random.Random, district: str) -> str:
    """A unified social credit code "91" + admin code + organisation code + check char.

    The organisation code (9 characters) carries its own GB 11714 check
    digit, as real ones do, and "MA" marks one issued after 2015.
    """
    org_chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if rng.random() < 0.6:
        body = "MA" + "".join(rng.choice(org_chars) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    rest = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    org_check = {10: "X", 11: "0"}.get(rest, str(rest))
    first17 = "91" + district + body + org_check
    assert all(c in CREDIT_CODE_CHARS for c in first17)
    return first17 + credit_code_check_char(first17)


def _base_date(seed: int) -> datetime:
    """The fixed "now" of the demo history: the seed read as YYYYMMDD, else a day in 2026."""
    try:
        day = date(seed // 10000, seed // 100 % 100, seed % 100)
        if 2000 <= day.year <= 2100:
            return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
    except ValueError:
        pass
    return datetime(2026, 11, 30, 2, 0, tzinfo=UTC) - timedelta(days=seed % 365)


def _ceil_slot(at: datetime) -> datetime:
    """The first 15-minute boundary (:00, :15, :30, :45) at or after ``at``."""
    floor = at.replace(minute=at.minute - at.minute % 15, second=0, microsecond=0)
    return floor if floor == at else floor + timedelta(minutes=15)


def _spread(start: datetime, end: datetime, steps: int, rng: random.Random) -> list[datetime]:
    """``steps`` increasing times after ``start``, the last no later than ``end``."""
    gaps = [rng.uniform(0.1, 2.5) for _ in range(steps)]
    span = (end - start).total_seconds() / 86400
    total = sum(gaps)
    if total > span * 0.95:
        gaps = [g * span * 0.95 / total for g in gaps]
    times, at = [], start
    for gap in gaps:
        at = at + timedelta(days=gap)
        times.append(at.replace(microsecond=0))
    return times


# ---------------------------------------------------------------------------
# Postings
# ---------------------------------------------------------------------------


@dataclass
class _Ctx:
    """An employer as posting templates see it."""

    name: str
    trade: str
    district: str
    league: str
    city: str
    dist: str
    product: str


def _posting_content(rng: random.Random, occ: str, e: _Ctx) -> dict[str, t.Any]:
    """Title, text, pay and requirements of one posting for occupation ``occ``."""
    street = rng.choice(STREETS.get(e.league, ("市区",)))
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
            lo = _round_to(rng.uniform(6000, 8500), 500)
            pay = (lo, min(12000, lo + _round_to(rng.uniform(2000, 4000), 500)), "month")
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
        lo = _round_to(rng.uniform(5000, 6500), 500)
        pay = (lo, min(9000, lo + _round_to(rng.uniform(1500, 2500), 500)), "month")
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
        lo = _round_to(rng.uniform(8000, 9500), 500)
        pay = (lo, lo + _round_to(rng.uniform(1500, 3000), 500), "month")
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
            lo = _round_to(rng.uniform(3500, 4200), 100)
            pay = (lo, lo + _round_to(rng.uniform(500, 1000), 100), "month")
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
        lo = _round_to(rng.uniform(11000 if tractor else 9000, 12000 if tractor else 11000), 500)
        pay = (lo, min(15000, lo + _round_to(rng.uniform(2000, 4000), 500)), "month")
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
            lo = _round_to(rng.uniform(5500, 6500), 500)
            pay = (lo, min(8000, lo + _round_to(rng.uniform(1000, 2000), 500)), "month")
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
        lo = _round_to(rng.uniform(4000, 5000), 100)
        pay = (lo, min(7000, lo + _round_to(rng.uniform(800, 1500), 100)), "month")
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
            lo = _round_to(rng.uniform(5000, 6000), 500)
            pay = (lo, lo + 1500, "month")
            title = "叉车司机（持证）"
            pay_text = f"月薪{pay[0]}-{pay[1]}元，缴纳五险。"
        else:
            lo = _round_to(rng.uniform(4000, 4800), 100)
            pay = (lo, min(6000, lo + _round_to(rng.uniform(500, 1200), 100)), "month")
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
            lo = _round_to(rng.uniform(floor_lo, top_lo), 500)
            pay = (lo, max(lo + 500, _round_to(rng.uniform(lo + 1000, top), 500)), "month")
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


# ---------------------------------------------------------------------------
# Seekers
# ---------------------------------------------------------------------------


def _seeker_content(rng: random.Random, base_year: int) -> dict[str, t.Any]:
    """One seeker profile (without user, district and timestamps)."""
    primary = _weighted(rng, SEEKER_OCCUPATION_WEIGHTS)
    occ = taxonomy.get(primary)
    assert occ is not None
    codes = [primary]
    same_trade = [o.code for o in taxonomy.by_trade(occ.trade) if o.code != primary]
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
        pay_amount, pay_unit = _round_to(rng.gauss(centre, centre * 0.12), 500), "month"

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


# ---------------------------------------------------------------------------
# The seeding itself
# ---------------------------------------------------------------------------


def _insert(session: Session, model: type, rows: list[dict[str, t.Any]]) -> list[int]:
    """Bulk-insert ``rows`` and return their new ids in order."""
    if not rows:
        return []
    ids = session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    return list(ids)


def seed_demo(
    session: Session,
    *,
    seed: int = 20261130,
    seekers: int = 2000,
    employers: int = 32,
    postings: int = 120,
    password_hash: str,
    staff_password_hash: str,
    progress: Progress | None = None,
    password_hint: str = "演示密码",
    staff_password_hint: str = "演示密码",
) -> DemoSummary:
    """Fill an empty schema with demo data and commit; return what was made.

    ``seekers`` counts the fixed demo seeker (phone 13800000001) too. The same
    ``seed`` gives the same data except for the fair dates, which follow
    today so that one fair is running now, one is coming up and one is over.
    """
    started = time.perf_counter()
    report = progress or (lambda step, done, total: None)
    base = _base_date(seed)
    summary = DemoSummary()
    steps = 7

    def rng_for(section: str) -> random.Random:
        return random.Random(f"{seed}:{section}")

    # -- staff accounts ------------------------------------------------------
    report("accounts", 0, steps)
    admin_id, staff_id = _insert(
        session,
        User,
        [
            {
                "role": Role.ADMIN,
                "email": f"admin@{DEMO_DOMAIN}",
                "phone": None,
                "password_hash": staff_password_hash,
                "display_name": "系统管理员",
                "active": True,
                "created_at": base - timedelta(days=400),
            },
            {
                "role": Role.STAFF,
                "email": f"staff@{DEMO_DOMAIN}",
                "phone": None,
                "password_hash": staff_password_hash,
                "display_name": "赛罕区公共就业服务中心 刘娜",
                "active": True,
                "created_at": base - timedelta(days=380),
            },
        ],
    )
    summary.logins += [
        (Role.ADMIN.value, f"admin@{DEMO_DOMAIN}", staff_password_hint, "系统管理员"),
        (
            Role.STAFF.value,
            f"staff@{DEMO_DOMAIN}",
            staff_password_hint,
            "就业服务中心工作人员：审核企业、办招聘会、现场签到",
        ),
        (
            Role.SEEKER.value,
            DEMO_SEEKER_PHONE,
            password_hint,
            "演示求职者：赛罕区外卖骑手，有电动车和健康证",
        ),
    ]

    # -- employers -------------------------------------------------------------
    rng = rng_for("employers")
    phones = _Phones(rng, reserved=(DEMO_SEEKER_PHONE,))
    emp_seeds = list(EMPLOYERS[:employers])
    used_names = {e.name for e in emp_seeds}
    trades = ("delivery", "logistics", "livestream")
    while len(emp_seeds) < employers:
        trade = trades[len(emp_seeds) % 3]
        league = _weighted(rng, LEAGUE_WEIGHTS)
        district = rng.choice(URBAN[league])
        city = regions.get(league).name  # type: ignore[union-attr]
        name = f"{city}{rng.choice(_EXTRA_BRANDS)}{rng.choice(_EXTRA_SUFFIX[trade])}"
        if name in used_names:
            continue
        used_names.add(name)
        d = regions.get(district).name  # type: ignore[union-attr]
        emp_seeds.append(
            _EmployerSeed(
                name,
                trade,
                district,
                f"{d}{rng.choice(STREETS[league])}{rng.randint(1, 300)}号",
                "农副产品" if trade != "delivery" else "外卖",
                f"{city}的{taxonomy.TRADES[trade]}企业。",
            )
        )

    emp_rows, member_rows, ctxs, credit_codes = [], [], [], set()
    for es in emp_seeds:
        code = _credit_code(rng, es.district)
        while code in credit_codes:
            code = _credit_code(rng, es.district)
        credit_codes.add(code)
        created = base - timedelta(days=rng.randint(60, 300), minutes=rng.randint(0, 1440))
        reviewed = (
            created + timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 8))
            if es.status != _P
            else None
        )
        league = regions.league_of(es.district)
        assert league is not None
        ctxs.append(
            _Ctx(
                es.name,
                es.trade,
                es.district,
                league.code,
                league.name,
                regions.get(es.district).name,
                es.product,
            )
        )  # type: ignore[union-attr]
        emp_rows.append(
            {
                "name": es.name,
                "credit_code": code,
                "trade": es.trade,
                "district_code": es.district,
                "address": f"{league.name}{es.address}",
                "contact_name": _person_name(rng),
                "contact_phone": phones(),
                "intro": es.intro,
                "status": es.status,
                "review_note": "营业执照照片不清晰，且统一社会信用代码与执照不一致，请重新上传。"
                if es.status == _R
                else "",
                "reviewed_at": reviewed,
                "reviewed_by_id": staff_id if reviewed else None,
                "created_at": created,
            }
        )
    employer_ids = _insert(session, Employer, emp_rows)
    member_user_ids = _insert(
        session,
        User,
        [
            {
                "role": Role.EMPLOYER,
                "email": f"hr{i + 1:02d}@{DEMO_DOMAIN}",
                "phone": None,
                "password_hash": password_hash,
                "display_name": f"{row['contact_name']}（{row['name'][:12]}）"[:64],
                "active": True,
                "created_at": row["created_at"],
            }
            for i, row in enumerate(emp_rows)
        ],
    )
    for eid, uid, row in zip(employer_ids, member_user_ids, emp_rows, strict=True):
        member_rows.append({"employer_id": eid, "user_id": uid, "created_at": row["created_at"]})
    _insert(session, EmployerMember, member_rows)
    status_word = {_V: "已认证", _P: "待审核", _R: "未通过审核"}
    for i, row in enumerate(emp_rows):
        summary.logins.append(
            (
                Role.EMPLOYER.value,
                f"hr{i + 1:02d}@{DEMO_DOMAIN}",
                password_hint,
                f"{row['name']}（{status_word[row['status']]}）",
            )
        )
    audit_rows = [
        {
            "at": row["reviewed_at"],
            "actor_user_id": staff_id,
            "actor_role": Role.STAFF.value,
            "action": "employer.verify" if row["status"] == _V else "employer.reject",
            "subject_type": "employer",
            "subject_id": eid,
            "detail": {},
            "ip": "10.15.1.23",
        }
        for eid, row in zip(employer_ids, emp_rows, strict=True)
        if row["reviewed_at"]
    ]
    summary.employers = len(employer_ids)
    for row in emp_rows:
        summary.employers_by_status[str(row["status"])] = (
            summary.employers_by_status.get(str(row["status"]), 0) + 1
        )
    report("employers", 1, steps)

    # -- postings ----------------------------------------------------------------
    rng = rng_for("postings")
    verified = [i for i, row in enumerate(emp_rows) if row["status"] == _V]
    pending = [i for i, row in enumerate(emp_rows) if row["status"] == _P]
    n_drafts_pending = min(len(pending), postings // 40)
    if not verified:
        verified = [i for i, row in enumerate(emp_rows) if row["status"] != _R] or [0]
    owners: list[int] = []
    while len(owners) < postings - n_drafts_pending:
        # Round-robin over verified employers, with some employers hiring more.
        i = verified[len(owners) % len(verified)]
        owners.append(i if rng.random() < 0.75 else rng.choice(verified))
    owners += pending[:n_drafts_pending]
    posting_rows, posting_meta = [], []
    titles_of: dict[int, set[str]] = {i: set() for i in range(len(emp_rows))}
    for n, owner in enumerate(owners):
        ctx = ctxs[owner]
        weights = DELIVERY_WEIGHTS_BY_LINE.get(ctx.product) if ctx.trade == "delivery" else None
        for _ in range(4):  # an employer does not post the same title twice
            occ = _weighted(rng, weights or POSTING_OCCUPATION_WEIGHTS[ctx.trade])
            content = _posting_content(rng, occ, ctx)
            if content["title"] not in titles_of[owner]:
                break
        titles_of[owner].add(content["title"])
        if emp_rows[owner]["status"] != _V:
            status = PostingStatus.DRAFT
        else:
            status = rng.choices(
                (PostingStatus.OPEN, PostingStatus.DRAFT, PostingStatus.CLOSED), weights=(86, 6, 8)
            )[0]
        if n < len(verified):
            status = PostingStatus.OPEN  # every verified employer has something open
        district = ctx.district
        if rng.random() < 0.2:
            district = rng.choice(regions.counties_in(ctx.league)).code
        created = base - timedelta(days=rng.uniform(3, 75))
        published = (
            created + timedelta(hours=rng.uniform(1, 48)) if status != PostingStatus.DRAFT else None
        )
        if published and published > base - timedelta(hours=2):
            published = base - timedelta(hours=rng.uniform(2, 12))
        updated = published or created
        if status == PostingStatus.CLOSED:
            updated = min(
                base - timedelta(hours=1),
                (published or created) + timedelta(days=rng.uniform(10, 30)),
            )
        posting_rows.append(
            {
                "employer_id": employer_ids[owner],
                "occupation_code": occ,
                "trade": ctx.trade,
                "district_code": district,
                "status": status,
                "created_at": created.replace(microsecond=0),
                "updated_at": updated.replace(microsecond=0),
                "published_at": published.replace(microsecond=0) if published else None,
                **content,
            }
        )
        posting_meta.append(owner)
    posting_ids = _insert(session, Posting, posting_rows)
    summary.postings = len(posting_ids)
    for row in posting_rows:
        summary.postings_by_status[str(row["status"])] = (
            summary.postings_by_status.get(str(row["status"]), 0) + 1
        )
    report("postings", 2, steps)

    # -- seekers -----------------------------------------------------------------
    rng = rng_for("seekers")
    phones = _Phones(rng, reserved=(DEMO_SEEKER_PHONE, *phones.used))
    seeker_users: list[dict[str, t.Any]] = []
    profiles: list[dict[str, t.Any]] = []
    demo_created = base - timedelta(days=40, hours=3)
    seeker_users.append(
        {
            "role": Role.SEEKER,
            "phone": DEMO_SEEKER_PHONE,
            "email": None,
            "password_hash": password_hash,
            "display_name": "宝音图",
            "active": True,
            "created_at": demo_created,
        }
    )
    profiles.append(
        {
            "name": "宝音图",
            "birth_year": base.year - 29,
            "district_code": "150105",
            "occupation_codes": ["D01", "D02"],
            "desired_text": "跑外卖，专送众包都干过，也可以送快递",
            "skills": "电动车驾驶、熟悉赛罕区路线、手机导航、会说蒙语",
            "experience": "在赛罕区跑了3年外卖，日均40单左右，大学东街、万达一带很熟，没有差评。",
            "experience_years": 3,
            "licence_classes": ["C1"],
            "has_ebike": True,
            "has_car": False,
            "health_certificate": True,
            "availability": ["full_time", "flexible", "weekends"],
            "pay_amount": 8000,
            "pay_unit": "month",
            "intro": "家在赛罕区，想找离家近、单量稳定的站点，全职兼职都可以。",
            "discoverable": True,
            "contact_consent": True,
        }
    )
    meta: list[dict[str, t.Any]] = [
        {
            "age": 29,
            "codes": ["D01", "D02"],
            "league": "150100",
            "lic": ["C1"],
            "ebike": True,
            "health": True,
        }
    ]
    total = max(1, seekers)
    for n in range(1, total):
        c = _seeker_content(rng, base.year)
        name = _person_name(rng)
        district = _district(rng)
        created = base - timedelta(days=rng.uniform(1, 200))
        created = created.replace(microsecond=0)
        league = regions.league_of(district)
        intro = c.pop("intro").format(
            dist=regions.get(district).name,  # type: ignore[union-attr]
            city=league.name if league else "本地",
        )
        seeker_users.append(
            {
                "role": Role.SEEKER,
                "phone": phones(),
                "email": None,
                "password_hash": password_hash,
                "display_name": name,
                "active": True,
                "created_at": created,
            }
        )
        age = c.pop("age")
        meta.append(
            {
                "age": age,
                "codes": c["occupation_codes"],
                "league": league.code if league else "",
                "lic": c["licence_classes"],
                "ebike": c["has_ebike"],
                "health": c["health_certificate"],
            }
        )
        profiles.append({"name": name, "district_code": district, "intro": intro, **c})
        if n % 500 == 0:
            report("seekers", 2, steps)
    user_ids = _insert(session, User, seeker_users)
    for prof, uid, user in zip(profiles, user_ids, seeker_users, strict=True):
        prof.update(
            user_id=uid,
            consent_version=CONSENT_VERSION,
            consent_at=user["created_at"],
            created_at=user["created_at"],
            updated_at=user["created_at"] + timedelta(days=rng.choice((0, 0, 0, 1, 3, 7))),
        )
        prof["updated_at"] = min(prof["updated_at"], base)
    seeker_ids = _insert(session, SeekerProfile, profiles)
    seeker_user_of = dict(zip(seeker_ids, user_ids, strict=True))
    summary.seekers = len(seeker_ids)
    report("seekers", 3, steps)

    # -- fairs (dates follow today) ---------------------------------------------
    rng = rng_for("fairs")
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.astimezone(CHINA).date()

    def at(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA).astimezone(UTC)

    online_start = today - timedelta(days=20)
    upcoming_day = today + timedelta(days=7)
    fair_rows = [
        {
            "name": f"{today.year}年冬季新就业形态网络招聘会",
            "mode": FairMode.ONLINE,
            "venue": "线上（本平台网络招聘会专区）",
            "district_code": "150105",
            "starts_at": at(online_start, 9),
            "ends_at": at(today - timedelta(days=6), 18),
            "description": "面向全区外卖骑手、快递员、货车司机、仓储人员和直播电商从业者的"
            "网络招聘会。"
            "求职者在家即可浏览岗位、在线投递，企业在线筛选和邀约面试。",
            "status": FairStatus.CLOSED,
        },
        {
            "name": "包头市新业态专场招聘会",
            "mode": FairMode.ONSITE,
            "venue": "包头市人力资源市场（昆都仑区）",
            "district_code": "150203",
            "starts_at": at(upcoming_day, 9),
            "ends_at": at(upcoming_day, 15, 30),
            "description": "快递物流、即时配送、同城货运和直播电商企业现场招聘。现场设政策咨询区，"
            "可咨询灵活就业社保补贴、职业伤害保障、创业担保贷款和职业技能培训。",
            "status": FairStatus.PUBLISHED,
        },
        {
            "name": "呼和浩特市新就业形态劳动者专场招聘会（线上+线下）",
            "mode": FairMode.BOTH,
            "venue": "呼和浩特市人力资源市场一楼大厅（赛罕区）",
            "district_code": "150105",
            "starts_at": at(today, 9),
            "ends_at": at(today, 16),
            "description": "线上线下同步举办。现场设企业招聘区、政策咨询区和职业指导区，"
            "提供新就业形态人员职业伤害保障、社会保险、培训补贴和创业贷款咨询；"
            "到场求职者请在入口签到，领取推荐展位单。",
            "status": FairStatus.RUNNING,
        },
    ]
    for row in fair_rows:
        row["created_by_id"] = staff_id
        row["created_at"] = row["starts_at"] - timedelta(days=rng.randint(14, 30))
    fair_ids = _insert(session, Fair, fair_rows)
    online_id, upcoming_id, running_id = fair_ids
    summary.fairs = 3

    verified_emp = [i for i in verified if emp_rows[i]["status"] == _V]
    open_by_emp: dict[int, list[int]] = {}
    for k, owner in enumerate(posting_meta):
        if posting_rows[k]["status"] == PostingStatus.OPEN:
            open_by_emp.setdefault(owner, []).append(k)

    def pick_employers(n: int, prefer_league: str | None) -> list[int]:
        near = [i for i in verified_emp if ctxs[i].league == prefer_league]
        far = [i for i in verified_emp if i not in near]
        rng.shuffle(far)
        chosen = near + far
        if 0 in verified_emp and prefer_league == "150100":
            chosen = [0] + [i for i in chosen if i != 0]
        return chosen[:n]

    booth_rows, booth_links, booth_owners = [], [], []
    plans = (
        (online_id, fair_rows[0], pick_employers(16, None), 0, False),
        (upcoming_id, fair_rows[1], pick_employers(14, "150200"), 4, True),
        (running_id, fair_rows[2], pick_employers(23, "150100"), 3, True),
    )
    for fair_id, frow, emps, n_requested, labelled in plans:
        n_approved = len(emps) - n_requested
        for j, owner in enumerate(emps):
            approved = j < n_approved
            status = BoothStatus.APPROVED if approved else BoothStatus.REQUESTED
            if not labelled and j == len(emps) - 1:
                status = BoothStatus.DECLINED
            booth_rows.append(
                {
                    "fair_id": fair_id,
                    "employer_id": employer_ids[owner],
                    "label": f"A{j + 1:02d}" if labelled and approved else None,
                    "status": status,
                    "created_at": frow["created_at"] + timedelta(days=rng.uniform(0.5, 6)),
                }
            )
            own = open_by_emp.get(owner, [])
            links = (
                rng.sample(own, min(len(own), rng.randint(1, 3)))
                if status == BoothStatus.APPROVED
                else []
            )
            booth_links.append(links)
            booth_owners.append((fair_id, owner))
    booth_ids = _insert(session, Booth, booth_rows)
    link_rows = [
        {"booth_id": bid, "posting_id": posting_ids[k]}
        for bid, links in zip(booth_ids, booth_links, strict=True)
        for k in links
    ]
    if link_rows:
        session.execute(insert(booth_posting), link_rows)
    summary.booths = len(booth_ids)
    fair_names = {fid: row["name"] for fid, row in zip(fair_ids, fair_rows, strict=True)}
    # (fair, employer index) -> (booth id, label) of approved booths; postings shown per fair
    booth_of: dict[tuple[int, int], tuple[int, str | None]] = {}
    fair_posts: dict[int, set[int]] = {fid: set() for fid in fair_ids}
    for bid, row, links, (fair_id, owner) in zip(
        booth_ids, booth_rows, booth_links, booth_owners, strict=True
    ):
        if row["status"] == BoothStatus.APPROVED:
            booth_of[(fair_id, owner)] = (bid, row["label"])
            fair_posts[fair_id].update(links)

    # Registrations: ~150 in all, mostly people of the fair's city; the demo
    # seeker is signed up for today's fair but not checked in yet, to try it.
    reg_rows: list[dict[str, t.Any]] = []
    for fair_id, frow, count, league, check_share in (
        (online_id, fair_rows[0], 25, None, 0.0),
        (upcoming_id, fair_rows[1], 45, "150200", 0.0),
        (running_id, fair_rows[2], 80, "150100", 0.7),
    ):
        local = [i for i in range(1, len(meta)) if league is None or meta[i]["league"] == league]
        chosen = rng.sample(local, min(len(local), count - (fair_id != online_id)))
        if fair_id != online_id:
            chosen = [0] + chosen
        for i in chosen:
            registered = frow["starts_at"] - timedelta(days=rng.uniform(0.5, 12))
            row = {
                "fair_id": fair_id,
                "seeker_id": seeker_ids[i],
                "registered_at": registered.replace(microsecond=0),
                "checked_in_at": None,
                "checked_in_by_id": None,
            }
            if i != 0 and rng.random() < check_share:
                minutes = rng.uniform(-20, 420)
                checked = min(
                    frow["starts_at"] + timedelta(minutes=minutes),
                    now - timedelta(minutes=rng.uniform(1, 30)),
                )
                row["checked_in_at"] = checked.replace(microsecond=0)
                row["checked_in_by_id"] = staff_id
                if rng.random() < 0.2:  # walked in: registered at the kiosk on the day
                    row["registered_at"] = row["checked_in_at"]
            if row["registered_at"] > now:
                row["registered_at"] = now
            reg_rows.append(row)
    _insert(session, FairRegistration, reg_rows)
    summary.registrations = len(reg_rows)
    summary.checked_in = sum(1 for r in reg_rows if r["checked_in_at"])
    report("fairs", 4, steps)

    # -- applications ------------------------------------------------------------
    rng = rng_for("applications")
    by_occ: dict[str, list[int]] = {}
    for idx, m in enumerate(meta):
        if idx == 0:
            continue  # the demo seeker's applications are chosen below
        for code in m["codes"]:
            by_occ.setdefault(code, []).append(idx)
    member_of = dict(zip(employer_ids, member_user_ids, strict=True))
    S = ApplicationStatus
    pipeline = [S.APPLIED, S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.OFFER, S.HIRED]
    weights = {
        S.APPLIED: 24,
        S.VIEWED: 17,
        S.SHORTLISTED: 12,
        S.INTERVIEW: 10,
        S.OFFER: 6,
        S.HIRED: 9,
        S.REJECTED: 15,
        S.WITHDRAWN: 7,
    }
    live = [k for k, row in enumerate(posting_rows) if row["status"] != PostingStatus.DRAFT]

    def eligible(idx: int, prow: dict[str, t.Any]) -> bool:
        m = meta[idx]
        return (
            m["age"] >= prow["min_age"]
            and licences.covers(m["lic"], prow["required_licence"])
            and (not prow["needs_health_certificate"] or m["health"])
            and (prow["needs_vehicle"] != "ebike" or m["ebike"])
        )

    wanted = max(0, round(300 * postings / 120))
    pairs: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int]] = set()
    demo_posts = [
        k
        for k in live
        if posting_rows[k]["occupation_code"] in ("D01", "D02")
        and posting_rows[k]["status"] == PostingStatus.OPEN
        and ctxs[posting_meta[k]].league == "150100"
    ][:3]
    for k, status in zip(demo_posts, (S.APPLIED, S.INTERVIEW, S.REJECTED), strict=False):
        pairs.append((k, 0, status))
        seen.add((k, 0))
    attempts = 0
    while live and len(pairs) < wanted and attempts < wanted * 20:
        attempts += 1
        k = rng.choice(live)
        prow = posting_rows[k]
        pool = by_occ.get(prow["occupation_code"]) or list(range(1, len(meta)))
        idx = rng.choice(pool)
        if (k, idx) in seen or idx >= len(meta) or (not eligible(idx, prow) and rng.random() < 0.9):
            continue
        if len(pairs) < len(demo_posts) + len(weights):  # every status at least once
            status = list(weights)[len(pairs) - len(demo_posts)]
        elif prow["status"] == PostingStatus.CLOSED:
            status = rng.choice((S.HIRED, S.REJECTED, S.REJECTED, S.WITHDRAWN))
        else:
            status = _weighted(rng, weights)  # type: ignore[assignment]
        seen.add((k, idx))
        pairs.append((k, idx, status))

    notes = {
        S.INTERVIEW: ("面试请带身份证和健康证", "已电话沟通，约了面试", ""),
        S.OFFER: ("已发录用通知，下周一入职", ""),
        S.HIRED: ("已入职", "已办理入职和职业伤害保障登记"),
        S.REJECTED: ("年龄不符合要求", "岗位已招满", "暂不合适，已存入人才库", ""),
        S.WITHDRAWN: ("已找到其他工作", "离家太远", ""),
    }
    # Applications through a fair follow that fair's dates (like the fairs
    # themselves); interviews get 15-minute slots, at the employer's booth on
    # the running fair's day when it has one, else at the company.
    frng = rng_for("fair-applications")
    slot = timedelta(minutes=15)
    run_start, run_end = fair_rows[2]["starts_at"], fair_rows[2]["ends_at"]
    on_start, on_end = fair_rows[0]["starts_at"], fair_rows[0]["ends_at"]
    taken: set[tuple[int, datetime]] = set()

    def free_slot(booth_id: int, first: datetime) -> datetime | None:
        """The first free slot at the booth from ``first`` on, else from the opening on."""
        for at_ in (_ceil_slot(max(first, run_start)), run_start):
            while at_ + slot <= run_end:
                if (booth_id, at_) not in taken:
                    taken.add((booth_id, at_))
                    return at_
                at_ += slot
        return None

    def later_today(first: datetime) -> datetime:
        """A random time between ``first`` and the last slot of the running fair."""
        room = (run_end - slot - max(first, run_start)).total_seconds()
        return max(first, run_start) + timedelta(seconds=frng.uniform(0, max(room, 0)))

    def fair_day(
        path: list[str], lo: datetime, booth_id: int
    ) -> tuple[list, datetime | None] | None:
        """Times for ``path`` applied at the running fair today, or None if it does not fit."""
        hi = min(now, run_end)
        if hi - lo < timedelta(minutes=30):
            return None
        at_ = lo + (hi - lo) * frng.uniform(0, 0.4)
        times = [at_.replace(microsecond=0)]
        chosen = None
        for step in path[1:]:
            at_ = at_ + timedelta(minutes=frng.uniform(3, 25))
            if chosen is not None and at_ < chosen + slot:
                at_ = chosen + slot + timedelta(minutes=frng.uniform(2, 15))
            times.append(at_.replace(microsecond=0))
            if step == S.INTERVIEW:
                first = at_ + timedelta(minutes=10)
                if step == path[-1] and _ceil_slot(max(now, run_start)) + slot <= run_end:
                    first = later_today(max(first, now))  # still to come
                chosen = free_slot(booth_id, first)
                if chosen is not None and chosen < times[-1]:
                    taken.discard((booth_id, chosen))  # wrapped round: before it was arranged
                    return None
                if chosen is None:
                    return None
        if times[-1] > hi:
            if chosen is not None:
                taken.discard((booth_id, chosen))
            return None
        return times, chosen

    def company_slot(after: datetime, before: datetime | None) -> datetime:
        """A working-hours slot after the interview was arranged (and before the next move)."""
        for _ in range(8):
            if before is not None and before - after > timedelta(hours=1):
                at_ = after + (before - after) * frng.uniform(0.2, 0.9)
            else:
                at_ = after + timedelta(days=frng.uniform(0.5, 3))
            local = at_.astimezone(CHINA)
            if 9 <= local.hour < 17 and (before is None or _ceil_slot(at_) < before):
                return _ceil_slot(at_)
        local = (after + timedelta(days=1)).astimezone(CHINA)
        return datetime(local.year, local.month, local.day, 10, 0, tzinfo=CHINA).astimezone(UTC)

    app_rows, event_plans = [], []
    for k, idx, status in pairs:
        prow = posting_rows[k]
        owner = posting_meta[k]
        sid = seeker_ids[idx]
        seeker_uid = seeker_user_of[sid]
        employer_uid = member_of[prow["employer_id"]]
        if status in pipeline:
            path = pipeline[: pipeline.index(status) + 1]
        else:
            stop = rng.randint(0, 4 if status == S.REJECTED else 3)
            path = pipeline[: stop + 1] + [status]
        start = max(prow["published_at"] or prow["created_at"], profiles[idx]["created_at"])
        end = prow["updated_at"] if prow["status"] == PostingStatus.CLOSED else base
        if end <= start:
            end = start + timedelta(hours=6)
        times = _spread(start, end, len(path), rng)
        note = rng.choice(notes.get(status, ("",)))
        fair_id, interview_at, place, booth_id = None, None, "", None
        booth = booth_of.get((running_id, owner))
        roll = frng.random()
        if k in fair_posts[running_id] and booth and status != S.HIRED and roll < 0.55:
            plan = fair_day(path, max(run_start, start), booth[0])
            if plan is not None:
                times, interview_at = plan
                fair_id = running_id
                if interview_at is not None:
                    booth_id = booth[0]
        elif k in fair_posts[online_id] and roll < 0.5:
            lo, hi = max(on_start, start), min(on_end, end, now)
            if hi - lo > timedelta(days=1):
                times = _spread(lo, hi, len(path), frng)
                fair_id = online_id
        if S.INTERVIEW in path and interview_at is None:
            i = path.index(S.INTERVIEW)
            if status == S.INTERVIEW and booth:
                # arranged in advance for the employer's booth at today's fair
                interview_at = free_slot(booth[0], later_today(max(now, times[i])))
                booth_id = booth[0] if interview_at else None
            if interview_at is None:
                interview_at = company_slot(times[i], times[i + 1] if i + 1 < len(path) else None)
        if booth_id is not None:
            place = f"{fair_names[running_id]} 展位{booth[1]}"  # type: ignore[index]
        elif interview_at is not None:
            place = f"公司总部（{emp_seeds[owner].address}）"
            if len(place) > 100:
                place = place[:99] + "）"
        app_rows.append(
            {
                "posting_id": posting_ids[k],
                "seeker_id": sid,
                "status": status,
                "note": note,
                "fair_id": fair_id,
                "interview_at": interview_at,
                "interview_place": place,
                "interview_booth_id": booth_id,
                "version": len(path),
                "created_at": times[0],
                "updated_at": times[-1],
            }
        )
        event_plans.append(
            [
                (prev, to, seeker_uid if to in (S.APPLIED, S.WITHDRAWN) else employer_uid, at)
                for prev, to, at in zip([None, *path[:-1]], path, times, strict=True)
            ]
        )
    app_ids = _insert(session, Application, app_rows)
    event_rows = [
        {
            "application_id": aid,
            "from_status": prev,
            "to_status": to,
            "actor_user_id": actor,
            "at": at,
            "note": "" if to != S.REJECTED else "经筛选暂不合适",
        }
        for aid, plan in zip(app_ids, event_plans, strict=True)
        for prev, to, actor, at in plan
    ]
    _insert(session, ApplicationEvent, event_rows)
    summary.applications = len(app_ids)
    summary.application_events = len(event_rows)
    summary.fair_applications = sum(1 for row in app_rows if row["fair_id"])
    summary.booth_interviews = sum(1 for row in app_rows if row["interview_booth_id"])
    for row in app_rows:
        summary.applications_by_status[str(row["status"])] = (
            summary.applications_by_status.get(str(row["status"]), 0) + 1
        )
    report("applications", 5, steps)

    # -- invitations, questions at the running fair -----------------------------
    rng = rng_for("invitations")
    members_of: dict[int, list[int]] = {}
    for row in member_rows:
        members_of.setdefault(row["employer_id"], []).append(row["user_id"])
    applied = {(k, idx) for k, idx, _ in pairs}
    open_posts = [k for k, row in enumerate(posting_rows) if row["status"] == PostingStatus.OPEN]
    invite_pairs: list[tuple[int, int]] = []
    for k in open_posts:  # the demo seeker: a rider job nearby he has not applied to
        prow = posting_rows[k]
        if (
            prow["occupation_code"] == "D01"
            and ctxs[posting_meta[k]].league == "150100"
            and (k, 0) not in applied
            and eligible(0, prow)
        ):
            invite_pairs.append((k, 0))
            break
    tries = 0
    while len(invite_pairs) < 12 and tries < 2000 and open_posts:
        tries += 1
        k = rng.choice(open_posts)
        pool = by_occ.get(posting_rows[k]["occupation_code"]) or []
        if not pool:
            continue
        idx = rng.choice(pool)
        if (
            (k, idx) in applied
            or (k, idx) in invite_pairs
            or not profiles[idx]["discoverable"]
            or not eligible(idx, posting_rows[k])
        ):
            continue
        invite_pairs.append((k, idx))
    invite_messages = (
        "您好，您的经历和我们的岗位很匹配，欢迎投递，有问题可以在线咨询。",
        "看到您在附近，我们站点正在招人，收入稳定，欢迎来聊聊。",
        "您好，我们正在招聘，您符合岗位要求，方便的话请申请，我们会尽快联系您。",
        "",
    )
    invitation_rows = []
    for n, (k, idx) in enumerate(invite_pairs):
        prow = posting_rows[k]
        created = max(
            prow["published_at"] or prow["created_at"],
            min(now, base) - timedelta(days=rng.uniform(0.1, 5)),
        ).replace(microsecond=0)
        invitation_rows.append(
            {
                "posting_id": posting_ids[k],
                "seeker_id": seeker_ids[idx],
                "invited_by_id": member_of[prow["employer_id"]],
                "message": invite_messages[n % len(invite_messages)],
                "created_at": created,
                "seen_at": None
                if idx == 0 or rng.random() < 0.5
                else min(now, created + timedelta(hours=rng.uniform(1, 30))),
            }
        )
    _insert(session, Invitation, invitation_rows)
    summary.invitations = len(invitation_rows)

    questions = {
        "delivery": (
            (
                "兼职的话每天最少要跑几个小时？",
                "兼职每天跑满4小时即可，高峰时段优先，时间可以自己选。",
            ),
            (
                "电动车和头盔公司配吗？换电怎么收费？",
                "头盔和工服免费发，换电由站点统一办理，每月有补贴。",
            ),
            ("有没有职业伤害保障？", "有，入职当天就给办理新就业形态职业伤害保障，不用个人缴费。"),
            ("不会说普通话很流利可以吗？我会蒙语。", "可以，会蒙语还是加分项，很多老顾客说蒙语。"),
        ),
        "logistics": (
            (
                "跑长途一趟一般几天？中途能休息吗？",
                "单程一般2到3天，双司机轮换，按规定每4小时停车休息。",
            ),
            ("没有A2只有B2可以吗？", "可以先开单车，公司也支持考A2，考下来后补贴一半学费。"),
            ("仓库夜班有夜班补贴吗？", "有，夜班每晚补贴40元，包一顿夜宵。"),
        ),
        "livestream": (
            ("没有直播经验可以应聘主播吗？", "可以，我们有两周带薪培训，先从助播做起。"),
            ("直播时间是白天还是晚上？", "主要是晚上7点到11点，每周排5场。"),
            ("提成怎么算？", "底薪加销售额提成，具体在面试时详细说明。"),
        ),
    }
    q_rows: list[dict[str, t.Any]] = []
    run_booths = [(owner, bl) for (fid, owner), bl in booth_of.items() if fid == running_id]
    checked_in = [
        seeker_ids.index(r["seeker_id"])
        for r in reg_rows
        if r["fair_id"] == running_id and r["seeker_id"] != seeker_ids[0]
    ]
    q_lo = run_start if now > run_start else now - timedelta(hours=2)
    q_hi = min(now, run_end)
    for n, (owner, (bid, _label)) in enumerate(run_booths[:8]):
        asked = questions[emp_rows[owner]["trade"]]
        for j in range(1 if n else 2):
            text, answer = asked[(n + j) % len(asked)]
            idx = 0 if (n, j) == (0, 0) else rng.choice(checked_in or list(range(1, len(meta))))
            created = (q_lo + (q_hi - q_lo) * rng.uniform(0.05, 0.8)).replace(microsecond=0)
            answered = min(now, created + timedelta(minutes=rng.uniform(3, 40)))
            if n % 3 == 1 or j == 1:  # some still waiting for an answer
                answer, answered = "", None
            q_rows.append(
                {
                    "booth_id": bid,
                    "seeker_id": seeker_ids[idx],
                    "text": text,
                    "answer": answer,
                    "created_at": created,
                    "answered_at": answered.replace(microsecond=0) if answered else None,
                    "_owner": owner,
                    "_idx": idx,
                }
            )
    q_meta = [(r.pop("_owner"), r.pop("_idx")) for r in q_rows]
    _insert(session, Question, q_rows)
    summary.questions = len(q_rows)

    # -- notifications, as the services would have sent them ----------------------
    rng = rng_for("notifications")
    notes_out: list[dict[str, t.Any]] = []

    def tell(
        user_ids: list[int], text: str, link: str, at_: datetime, about: int | None = None
    ) -> None:
        text = scrub(text)[:300]
        for uid in user_ids:
            notes_out.append(
                {
                    "user_id": uid,
                    "text": text,
                    "link": link,
                    "created_at": at_,
                    "about_seeker_id": about,
                }
            )

    for (fair_id, owner), row in zip(booth_owners, booth_rows, strict=True):
        if row["status"] == BoothStatus.REQUESTED:
            continue
        decided = min(
            row["created_at"] + timedelta(days=rng.uniform(0.5, 3)),
            fair_rows[fair_ids.index(fair_id)]["starts_at"] - timedelta(hours=12),
            now,
        ).replace(microsecond=0)
        fair_name = fair_names[fair_id]
        text = (
            f"您报名的“{fair_name}”已批准，展位号：{row['label'] or '线上'}。"
            if row["status"] == BoothStatus.APPROVED
            else f"您报名的“{fair_name}”未获批准。"
        )
        tell(members_of[employer_ids[owner]], text, "/employer/fairs", decided)
    for aid, row, plan, (k, idx, _) in zip(app_ids, app_rows, event_plans, pairs, strict=True):
        prow = posting_rows[k]
        title, company = prow["title"], emp_rows[posting_meta[k]]["name"]
        name = profiles[idx]["name"]
        members = members_of[prow["employer_id"]]
        seeker_uid = seeker_user_of[seeker_ids[idx]]
        for _prev, to, _actor, at_ in plan:
            if to == S.APPLIED:
                tell(
                    members, f"{name} 申请了岗位“{title}”。", f"/employer/applications/{aid}", at_,
                    seeker_ids[idx],
                )  # fmt: skip
            elif to == S.WITHDRAWN:
                text = f"{name} 撤回了对“{title}”的申请。"
                tell(members, text, f"/employer/applications/{aid}", at_, seeker_ids[idx])
            else:
                text = f"您申请的“{title}”（{company}）状态更新为：{STATUS_LABELS[to]}。"
                if to == S.INTERVIEW and row["interview_at"]:
                    when = row["interview_at"].astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
                    text += f"面试时间：{when}，地点：{row['interview_place']}。"
                tell([seeker_uid], text, "/me/applications", at_)
    for q, (owner, idx) in zip(q_rows, q_meta, strict=True):
        fair_name = fair_names[running_id]
        tell(
            members_of[employer_ids[owner]],
            f"求职者在“{fair_name}”向您的展位提问：{q['text'][:60]}",
            "/employer/",
            q["created_at"],
            seeker_ids[idx],
        )
        if q["answered_at"]:
            tell(
                [seeker_user_of[seeker_ids[idx]]],
                f"{emp_rows[owner]['name']} 回答了您的提问：{q['answer'][:80]}",
                "/me/applications",
                q["answered_at"],
            )
    # Everyone has read all but their newest few; the demo logins have some unread.
    notes_out.sort(key=lambda r: (r["created_at"], r["user_id"]))
    by_user: dict[int, list[dict[str, t.Any]]] = {}
    for note_row in notes_out:
        by_user.setdefault(note_row["user_id"], []).append(note_row)
    demo_users = {seeker_user_of[seeker_ids[0]], member_user_ids[0]}
    for uid, rows in by_user.items():
        unread = max(2, rng.randint(2, 4)) if uid in demo_users else rng.choice((0, 1, 1, 2, 3))
        for note_row in rows[: len(rows) - unread]:
            read = note_row["created_at"] + timedelta(minutes=rng.uniform(5, 2880))
            note_row["read_at"] = max(note_row["created_at"], min(read, now)).replace(microsecond=0)
        for note_row in rows[len(rows) - unread :]:
            note_row["read_at"] = None
    if notes_out:
        session.execute(insert(Notification), notes_out)
    summary.notifications = len(notes_out)
    summary.unread_notifications = sum(1 for r in notes_out if r["read_at"] is None)
    report("notifications", 6, steps)

    _insert(session, AuditEntry, audit_rows)
    summary.audit_entries = len(audit_rows)
    summary.users = 2 + len(member_user_ids) + len(user_ids)
    session.commit()
    summary.seconds = round(time.perf_counter() - started, 2)
    report("done", steps, steps)
    return summary
