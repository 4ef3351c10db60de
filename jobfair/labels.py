"""What every enum value is called on a page: one dictionary per enum, keyed by it.

Forms build their choices from these, services use them in messages, and
templates read them as the global ``labels`` (``labels.fair_mode[fair.mode]``).
The words are lazy, so each page shows them in its own language.
"""

from __future__ import annotations

from types import MappingProxyType

from flask_babel import lazy_gettext as _l

from models import (
    ApplicationStatus,
    BoothStatus,
    ConsultationTopic,
    EmployerStatus,
    FairMode,
    FairStatus,
    PostingStatus,
    Role,
    Trade,
)

__all__ = [
    "application_status",
    "availability",
    "booth_status",
    "choices",
    "consultation_topic",
    "employer_status",
    "fair_mode",
    "fair_phase",
    "fair_status",
    "lookup_kind",
    "pay_unit",
    "posting_status",
    "role",
    "schedule",
    "trade",
    "vehicle",
]

S = ApplicationStatus
application_status = MappingProxyType(
    {  # in pipeline order: pages list moves in this order
        S.APPLIED: _l("已申请"),
        S.VIEWED: _l("已查看"),
        S.SHORTLISTED: _l("初筛通过"),
        S.INTERVIEW: _l("面试"),
        S.OFFER: _l("达成就业意向"),
        S.HIRED: _l("已录用"),
        S.REJECTED: _l("未通过"),
        S.WITHDRAWN: _l("已撤回"),
    }
)
posting_status = MappingProxyType(
    {
        PostingStatus.DRAFT: _l("草稿"),
        PostingStatus.OPEN: _l("招聘中"),
        PostingStatus.CLOSED: _l("已结束"),
    }
)
employer_status = MappingProxyType(
    {
        EmployerStatus.PENDING: _l("待审核"),
        EmployerStatus.VERIFIED: _l("已认证"),
        EmployerStatus.REJECTED: _l("未通过审核"),
    }
)
fair_mode = MappingProxyType(
    {FairMode.ONLINE: _l("线上"), FairMode.ONSITE: _l("现场"), FairMode.BOTH: _l("线上+现场")}
)
fair_status = MappingProxyType(
    {
        FairStatus.DRAFT: _l("草稿"),
        FairStatus.PUBLISHED: _l("已发布"),
        FairStatus.RUNNING: _l("进行中"),
        FairStatus.CLOSED: _l("已结束"),
    }
)
fair_phase = MappingProxyType(  # a fair as the public sees it: services.fairs.fair_phase
    {"upcoming": _l("即将举办"), "open": _l("正在进行"), "over": _l("已结束")}
)
booth_status = MappingProxyType(
    {
        BoothStatus.REQUESTED: _l("待审核"),
        BoothStatus.APPROVED: _l("已批准"),
        BoothStatus.DECLINED: _l("未批准"),
    }
)
trade = MappingProxyType(
    {
        Trade.DELIVERY: _l("即时配送/快递"),
        Trade.LOGISTICS: _l("物流货运/仓储"),
        Trade.LIVESTREAM: _l("直播电商"),
        Trade.OTHER: _l("其他"),
    }
)
role = MappingProxyType(
    {
        Role.SEEKER: _l("求职者"),
        Role.EMPLOYER: _l("单位成员"),
        Role.STAFF: _l("工作人员"),
        Role.ADMIN: _l("管理员"),
    }
)
consultation_topic = MappingProxyType(
    {
        ConsultationTopic.INJURY_INSURANCE: _l("新就业形态职业伤害保障"),
        ConsultationTopic.SOCIAL_INSURANCE: _l("灵活就业社保补贴"),
        ConsultationTopic.TRAINING_SUBSIDY: _l("职业技能培训补贴"),
        ConsultationTopic.STARTUP_LOAN: _l("创业担保贷款"),
        ConsultationTopic.CAREER_GUIDANCE: _l("求职指导"),
        ConsultationTopic.OTHER: _l("其他"),
    }
)
# What the kiosk's person lookup matched (matching.lookup.KINDS, without prefixes)
lookup_kind = MappingProxyType(
    {
        "mobile": _l("手机号"),
        "mobile_typo": _l("手机号（一位不同）"),
        "tail4": _l("手机尾号"),
        "name": _l("姓名"),
        "homophone": _l("姓名同音"),
        "pinyin": _l("姓名拼音"),
        "near_homophone": _l("姓名近音"),
        "initials": _l("姓名拼音首字母"),
        "initials_typo": _l("姓名拼音首字母相近"),
        "name_partial": _l("部分姓名"),
        "pinyin_partial": _l("部分姓名拼音"),
        "name_typo": _l("姓名相近"),
        "pinyin_typo": _l("姓名拼音相近"),
    }
)
# Values of matching.documents (PAY_UNITS, AVAILABILITY): plain strings, not model enums.
pay_unit = MappingProxyType(
    {"month": _l("元/月"), "day": _l("元/天"), "hour": _l("元/小时"), "order": _l("元/单")}
)
availability = MappingProxyType(
    {
        "full_time": _l("全职"),
        "part_time": _l("兼职"),
        "flexible": _l("灵活排班"),
        "nights": _l("可上夜班"),
        "weekends": _l("周末可上班"),
    }
)
schedule = MappingProxyType(  # what a posting asks for: the same values, said as a need
    {
        "full_time": _l("全职"),
        "part_time": _l("兼职"),
        "flexible": _l("灵活排班"),
        "nights": _l("需上夜班"),
        "weekends": _l("需周末上班"),
    }
)
vehicle = MappingProxyType({"": _l("不需要"), "ebike": _l("自备电动车"), "car": _l("自备汽车")})


def choices(labels) -> list[tuple[str, object]]:
    """``(value, label)`` pairs for a select field, in the dictionary's order."""
    return [(str(value), label) for value, label in labels.items()]
