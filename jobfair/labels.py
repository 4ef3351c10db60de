"""What every enum value is called on a page: one dictionary per enum, keyed by it.

Forms build their choices from these, services use them in messages, and
templates read them as the global ``labels`` (``labels.fair_mode[fair.mode]``).
The words are lazy, so each page shows them in its own language.
"""

from __future__ import annotations

from types import MappingProxyType

from jobfair.i18n import lazy_gettext as _l
from models import (
    ApplicationStatus,
    BoothStatus,
    ConsultationTopic,
    EmployerStatus,
    FairMode,
    FairStatus,
    PolicyStatus,
    PolicyTag,
    PostingStatus,
    Role,
    Trade,
)

__all__ = [
    "application_status",
    "audit_action",
    "audit_detail",
    "audit_subject",
    "availability",
    "booth_status",
    "choices",
    "consultation_topic",
    "employer_status",
    "fair_figure",
    "fair_mode",
    "fair_phase",
    "fair_status",
    "lookup_kind",
    "pay_unit",
    "policy_status",
    "policy_tag",
    "posting_sort",
    "posting_status",
    "proximity",
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
policy_tag = MappingProxyType(
    {
        PolicyTag.SOCIAL_INSURANCE: _l("社保"),
        PolicyTag.INJURY_INSURANCE: _l("职业伤害保障"),
        PolicyTag.TRAINING_SUBSIDY: _l("培训补贴"),
        PolicyTag.STARTUP_LOAN: _l("创业担保贷款"),
        PolicyTag.CAREER_GUIDANCE: _l("求职指导"),
        PolicyTag.EMPLOYMENT_SUBSIDY: _l("就业补贴"),
        PolicyTag.LABOUR_RIGHTS: _l("劳动权益"),
        PolicyTag.SKILLS_RATING: _l("技能等级认定"),
    }
)
policy_status = MappingProxyType(
    {PolicyStatus.DRAFT: _l("草稿（未发布）"), PolicyStatus.PUBLISHED: _l("已发布")}
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
# The figures of a fair's statistics (jobfair.services.statistics.Figures), in report order.
fair_figure = MappingProxyType(
    {
        "employers": _l("参会单位"),
        "postings": _l("岗位数"),
        "headcount": _l("招聘人数"),
        "signed_up": _l("提前报名"),
        "checked_in": _l("签到入场"),
        "walk_ins": _l("未报名直接入场"),
        "applications": _l("投递申请"),
        "interviews": _l("面试"),
        "offers": _l("达成就业意向"),
        "hires": _l("已录用"),
        "consultations": _l("政策咨询"),
        "answered": _l("咨询已解答"),
    }
)
# The orders of the posting list (services.postings.SORTS)
posting_sort = MappingProxyType(
    {
        "newest": _l("最新发布"),
        "match": _l("匹配度"),
        "distance": _l("离我最近"),
        "pay": _l("月薪最高"),
    }
)
# How near a place is to the seeker (matching.regions.PROXIMITIES)
proximity = MappingProxyType(
    {
        "same_district": _l("在您所在的旗县区"),
        "same_city": _l("与您同一盟市"),
        "same_region": _l("自治区内其他盟市"),
        "outside": _l("自治区外"),
        "unknown": _l("距离未知"),
    }
)


# What an audit entry records (services.audit; the list first). An action
# without a label shows its code on the audit page.
audit_action = MappingProxyType(
    {
        "account.login": _l("登录"),
        "account.login_failed": _l("登录失败"),
        "account.lockout": _l("登录被拒（失败次数过多）"),
        "employer.verify": _l("单位审核通过"),
        "employer.reject": _l("单位审核驳回"),
        "staff.view_seeker": _l("查看求职者完整资料"),
        "export.start": _l("导出开始"),
        "export.finish": _l("导出结束"),
        "seeker.delete_account": _l("注销求职者账号"),
        "kiosk.register": _l("现场登记求职者"),
        "kiosk.check_in": _l("现场签到"),
        "kiosk.find": _l("签到机查找求职者"),
        "kiosk.slip": _l("打印推荐小票"),
        "staff.list_seekers": _l("浏览求职者列表"),
        "staff.search_seekers": _l("查询求职者"),
        "staff.list_pending_employers": _l("浏览待审核单位"),
        "staff.view_fair_matches": _l("查看现场匹配"),
        "staff.grant_export": _l("授予导出权限"),
        "staff.revoke_export": _l("收回导出权限"),
        "seeker.export_data": _l("求职者下载本人数据"),
        "account.create_staff": _l("创建工作人员账号"),
        "account.first_password": _l("通过小票链接设置密码"),
        "fair.create": _l("创建招聘会"),
        "fair.update": _l("修改招聘会"),
        "booth.approve": _l("批准展位"),
        "booth.decline": _l("拒绝展位"),
        "booth.withdraw": _l("撤回展位申请"),
        "account.password_change": _l("修改密码"),
        "account.password_reset": _l("找回密码并重设"),
        "account.reset_link_sent": _l("发送重设密码链接"),
        "account.mobile_change": _l("更换手机号"),
        "employer.update": _l("修改单位资料"),
        "employer.resubmit": _l("单位重新提交审核"),
        "policy.create": _l("新建政策文章"),
        "policy.update": _l("修改政策文章"),
        "policy.publish": _l("发布政策文章"),
        "policy.unpublish": _l("撤下政策文章"),
        "consultation.answer": _l("答复政策咨询"),
        "staff.list_consultations": _l("浏览政策咨询"),
        "api_token.create": _l("创建API访问令牌"),
        "api_token.revoke": _l("撤销API访问令牌"),
        "api_token.use": _l("使用API访问令牌（每个令牌每天首次）"),
    }
)
audit_subject = MappingProxyType(
    {
        "user": _l("账号"),
        "seeker": _l("求职者"),
        "employer": _l("单位"),
        "fair": _l("招聘会"),
        "booth": _l("展位"),
        "policy_article": _l("政策文章"),
        "consultation": _l("政策咨询"),
        "api_token": _l("API访问令牌"),
    }
)
audit_detail = MappingProxyType(  # the keys of an entry's detail
    {
        "fair": _l("招聘会"),
        "table": _l("表格"),
        "format": _l("格式"),
        "contact": _l("含姓名和手机号"),
        "rows": _l("行数"),
        "complete": _l("已完整下载"),
        "start": _l("开始记录"),
        "page": _l("页码"),
        "query": _l("查询"),
        "role": _l("角色"),
        "label": _l("展位号"),
        "seekers": _l("人数"),
        "user_id": _l("账号"),
        "login": _l("登录名"),
        "name": _l("名称"),
        "scopes": _l("权限"),
        "days": _l("有效天数"),
        "first": _l("首次使用"),
    }
)


def choices(labels) -> list[tuple[str, object]]:
    """``(value, label)`` pairs for a select field, in the dictionary's order."""
    return [(str(value), label) for value, label in labels.items()]

# booth queues (models.QueueOutcome): how a conversation at a booth ended
queue_outcome = MappingProxyType(
    {
        "interview_booked": _l("约了面试"),
        "intention_reached": _l("达成意向"),
        "not_a_fit": _l("不合适"),
        "left": _l("已离开"),
    }
)
__all__.append("queue_outcome")


# policy matching (support schemes): appended, so that the lists above stay as they were
audit_action = MappingProxyType(
    {
        **audit_action,
        "scheme.create": _l("新建政策匹配规则"),
        "scheme.update": _l("修改政策匹配规则"),
    }
)
audit_subject = MappingProxyType({**audit_subject, "support_scheme": _l("政策匹配规则")})
