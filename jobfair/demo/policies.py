"""Seeding step: the bureau's policy articles and questions at the running fair's policy desk.

Six articles: four current, one whose valid-until day has passed (it shows how an
expired article looks) and one draft. The texts are written for the demo; the
amounts and steps are typical of the region's schemes, not quoted from a notice.
"""

# ruff: noqa: E501 - the article bodies are Markdown prose: a line is a paragraph

from __future__ import annotations

from datetime import timedelta

from models import Consultation, Fair, PolicyArticle, PolicyArticleTag, PolicyStatus

from .accounts import Staff
from .fairs import Fairs
from .run import Run
from .schemes import seed_schemes

# (title, tags, body, days the article stays valid from today (None: no end), status)
ARTICLES = [
    (
        "新就业形态人员职业伤害保障：骑手、快递员在工作中受伤怎么办",
        ["injury_insurance", "social_insurance"],
        """在平台接单工作的骑手、快递员、网约车司机等，由平台企业按单缴纳职业伤害保障费用，**个人不用交钱**。

## 哪些情况算职业伤害
- 接单、送单途中发生交通事故或其他意外受伤；
- 在规定的工作时间、工作地点内因工作原因受到伤害；
- 在合理路线上往返于工作地点途中受伤。

## 受伤以后要做什么
1. 先就医，保留好病历和发票；
2. 在平台 App 内或拨打平台客服电话**尽快报案**（一般要求 30 日内）；
3. 按提示提交身份证、诊断证明、事故经过说明等材料；
4. 经认定后，医疗费、伤残待遇等由保障基金支付。

有疑问可以拨打人社服务热线 12333，或到招聘会现场政策咨询台咨询。""",
        365,
        PolicyStatus.PUBLISHED,
    ),
    (
        "灵活就业人员社会保险补贴申领指南",
        ["social_insurance", "employment_subsidy"],
        """就业困难人员、离校 2 年内未就业的高校毕业生以灵活就业方式就业（如外卖配送、快递收派、网络直播），并以个人身份缴纳基本养老、医疗保险费的，可以申请**社会保险补贴**。

## 补贴标准
按实际缴费额的一定比例给予补贴，最长不超过 3 年（距法定退休年龄不足 5 年的可延长至退休）。具体比例以当地人社部门公布的为准。

## 需要准备的材料
- 身份证；
- 灵活就业情况说明（平台接单记录截图即可）；
- 社保缴费凭证；
- 本人银行卡。

材料交到户籍地或常住地的旗县区公共就业服务中心，也可以在网上办理：[人力资源和社会保障部网站](https://www.mohrss.gov.cn)。""",
        200,
        PolicyStatus.PUBLISHED,
    ),
    (
        "创业担保贷款：开网店、做直播带货也能申请",
        ["startup_loan", "employment_subsidy"],
        """想开网店、做直播电商、开快递驿站？符合条件的个人可以申请**创业担保贷款**，财政给予贴息。

## 谁可以申请
城镇登记失业人员、就业困难人员、退役军人、返乡创业农牧民、高校毕业生等。

## 额度和期限
- 个人最高 **30 万元**，合伙创业可适当提高；
- 期限最长 3 年；
- 按规定享受财政贴息。

## 怎么办
带上身份证、营业执照（或网店经营证明）和创业计划，到旗县区就业服务中心或合作银行提出申请，经审核、担保机构评估后放款。""",
        300,
        PolicyStatus.PUBLISHED,
    ),
    (
        "职业技能培训补贴：学叉车、考驾照、学短视频剪辑",
        ["training_subsidy", "skills_rating"],
        """参加人社部门认定的培训机构开展的职业技能培训，取得**职业资格证书**或**职业技能等级证书**的，可以按规定申请培训补贴。

常见的培训项目：
- 叉车司机、仓储管理员；
- 网约配送员、快递员；
- 互联网营销师（直播销售员）、短视频剪辑。

培训前请先确认机构和项目在当地的补贴目录内。每人每年享受培训补贴一般不超过 3 次，同一职业同一等级只能享受一次。""",
        None,
        PolicyStatus.PUBLISHED,
    ),
    (
        "2026年“金秋招聘月”新业态专场服务",
        ["career_guidance"],
        """“金秋招聘月”期间（9月至10月），各旗县区就业服务中心为骑手、快递员、货车司机和直播电商从业人员提供岗位推荐、职业指导和技能培训报名服务。

活动已结束，新的活动安排请关注首页招聘会信息。""",
        -30,
        PolicyStatus.PUBLISHED,
    ),
    (
        "货车司机休息休假和劳动报酬权益（草稿）",
        ["labour_rights"],
        """草稿：货车司机与平台、运输企业之间的劳动报酬、休息时间和工时规定，待法规科审核后发布。""",
        365,
        PolicyStatus.DRAFT,
    ),
]

# (topic, notes, answered): questions at the running fair's desk; some wait for an answer
CONSULTATIONS = [
    ("injury_insurance", "骑手问：自己买了商业意外险，还能享受平台的职业伤害保障吗？", True),
    ("social_insurance", "在两个平台同时接单，社保补贴在哪里申请？需要回电话告知。", False),
    ("startup_loan", "想在小区开快递驿站，问创业担保贷款要不要营业执照。", False),
    ("training_subsidy", "叉车证培训哪家机构在补贴目录里？", True),
    ("career_guidance", "45岁，想从出租车转去开货车，需要增驾B2吗？", False),
    ("other", "", True),
]


def seed_policies(run: Run, staff: Staff, fairs: Fairs) -> None:
    """The articles (written by the staff account) and a morning's questions at the desk."""
    for n, (title, tags, body, valid_days, status) in enumerate(ARTICLES):
        written = run.now - timedelta(days=40 - n * 6)
        article = PolicyArticle(
            title=title,
            body=body,
            status=status,
            valid_until=None if valid_days is None else run.today + timedelta(days=valid_days),
            author_id=staff.staff_id,
            created_at=written,
            updated_at=written,
            published_at=written if status == PolicyStatus.PUBLISHED else None,
            tag_rows=[PolicyArticleTag(tag=tag) for tag in tags],
        )
        if valid_days is not None and valid_days < 0:  # written before it ran out
            article.created_at = article.updated_at = article.published_at = run.now - timedelta(
                days=120
            )
        run.session.add(article)
    running = run.session.get(Fair, fairs.running_id)
    opened = running.starts_at
    for n, (topic, notes, answered) in enumerate(CONSULTATIONS):
        latest = run.now - timedelta(minutes=7 * (len(CONSULTATIONS) - n))  # never in the future
        asked = min(opened + timedelta(minutes=15 + 20 * n), latest)
        run.session.add(
            Consultation(
                fair_id=running.id,
                topic=topic,
                notes=notes,
                answered=answered,
                staff_id=staff.staff_id,
                created_at=asked,
            )
        )
    run.session.flush()
    seed_schemes(run)
