"""Fixed texts people write in the demo: seekers' intros, employers' notes, invitations, questions.

Texts the app itself sends (notifications) are not here: the demo takes them
from the services that send them.
"""

from __future__ import annotations

from models import ApplicationStatus as S

# A seeker's intro; ``{dist}`` and ``{city}`` are filled in with where they live.
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
# The same for seekers of 24 and younger.
INTROS_YOUNG = (
    "刚毕业，愿意学，什么都可以从头干。",
    "家在{dist}，希望离家近一点。",
    "蒙汉双语都可以，沟通没问题。",
    "想多挣点，夜班也行。",
    "寒暑假想打工，也可以长期干。",
    "",
)

# Why staff rejected the one rejected company.
REJECTION_REVIEW_NOTE = "营业执照照片不清晰，且统一社会信用代码与执照不一致，请重新上传。"

# The employer's note on an application, by its final status (none for the others).
APPLICATION_NOTES = {
    S.INTERVIEW: ("面试请带身份证和健康证", "已电话沟通，约了面试", ""),
    S.OFFER: ("已发录用通知，下周一入职", ""),
    S.HIRED: ("已入职", "已办理入职和职业伤害保障登记"),
    S.REJECTED: ("年龄不符合要求", "岗位已招满", "暂不合适，已存入人才库", ""),
    S.WITHDRAWN: ("已找到其他工作", "离家太远", ""),
}
# The note on the history step that rejects an application.
REJECTION_EVENT_NOTE = "经筛选暂不合适"

# What an employer writes when inviting a seeker to apply, in turn.
INVITATION_MESSAGES = (
    "您好，您的经历和我们的岗位很匹配，欢迎投递，有问题可以在线咨询。",
    "看到您在附近，我们站点正在招人，收入稳定，欢迎来聊聊。",
    "您好，我们正在招聘，您符合岗位要求，方便的话请申请，我们会尽快联系您。",
    "",
)

# Questions seekers ask a booth at the running fair, with the booth's answer, by trade.
BOOTH_QUESTIONS = {
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
