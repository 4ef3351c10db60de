"""Seeding step: the five support schemes of policy matching, as data staff can edit.

STAFF MUST CHECK every figure and condition here against the current local documents
before the schemes are shown to the public: they are written for the demo from the
national documents named in ``source_title`` (typical conditions, not a local notice),
and local rules (ages, regions, which platforms are in the pilot) differ.

The conditions use the facts and operators of ``jobfair.services.policy_matching``.
"""

# ruff: noqa: E501 - the texts are prose

from __future__ import annotations

from datetime import timedelta
from typing import Any

from models import SupportScheme

from .run import Run

RIDERS_AND_DRIVERS = ["D01", "D02", "L04", "O02", "O06"]  # 网约配送员 快递员 同城货运 网约车 代驾

# (name, conditions, benefit, documents, where to apply, days valid from today, source)
SCHEMES: list[tuple[str, list[dict[str, Any]], str, str, str, int | None, str]] = [
    (
        "新就业形态人员职业伤害保障",
        [
            {"fact": "occupation", "op": "in", "value": RIDERS_AND_DRIVERS},
            {"fact": "pilot_platform_worker", "op": "is_true"},
        ],
        "在试点平台接单的骑手、快递员、网约车和货运司机，由平台按单缴费，个人不缴费；工作中受伤的医疗费、伤残待遇由职业伤害保障支付。",
        "身份证；受伤后：诊断证明、病历和发票、事故经过说明（平台 App 内报案）。",
        "在平台 App 内报案；咨询拨打 12333 或到旗县区社会保险经办机构。",
        365,
        "人力资源社会保障部等《关于开展新就业形态就业人员职业伤害保障试点工作的通知》（人社部发〔2022〕5号）",
    ),
    (
        "灵活就业人员社会保险补贴",
        [
            {"fact": "age", "op": "between", "value": [16, 59]},
            {"fact": "flexible_employed", "op": "is_true"},
            {"fact": "registered_unemployed", "op": "is_true"},
        ],
        "就业困难人员或离校2年内未就业的高校毕业生灵活就业并以个人身份缴纳养老、医疗保险的，按实际缴费的一定比例补贴，最长3年（比例以当地文件为准）。",
        "身份证；《就业创业证》；灵活就业情况说明（平台接单记录即可）；社保缴费凭证；本人银行卡。",
        "户籍地或常住地旗县区公共就业服务中心。",
        200,
        "财政部 人力资源社会保障部《就业补助资金管理办法》（财社〔2017〕164号）",
    ),
    (
        "职业技能提升培训补贴",
        [
            {"fact": "age", "op": "between", "value": [16, 60]},
        ],
        "参加补贴目录内的职业技能培训并取得职业资格证书、职业技能等级证书或专项能力证书的，按当地标准给予培训补贴。",
        "身份证；培训合格证书；培训机构发票；本人银行卡。",
        "旗县区公共就业服务中心，或在补贴目录内的培训机构报名时一并申请。",
        365,
        "国务院办公厅《职业技能提升行动方案（2019—2021年）》（国办发〔2019〕24号）及当地延续文件",
    ),
    (
        "创业担保贷款",
        [
            {"fact": "age", "op": "between", "value": [18, 60]},
            {"fact": "starting_business", "op": "is_true"},
            {"fact": "district", "op": "in", "value": ["150000"]},
        ],
        "符合条件的个人创业，可申请创业担保贷款（个人最高额度和贴息比例以当地文件为准），财政按规定贴息。",
        "身份证；户口簿或居住证；营业执照（或创业计划）；《就业创业证》（如有）；经营场所证明。",
        "旗县区创业担保贷款经办机构（人社部门或担保基金）及合作银行。",
        365,
        "财政部 人力资源社会保障部 中国人民银行《关于进一步做好创业担保贷款财政贴息工作的通知》（财金〔2020〕21号）",
    ),
    (
        "就业困难人员认定",
        [
            {"fact": "age", "op": "between", "value": [16, 59]},
            {"fact": "registered_unemployed", "op": "is_true"},
            {"fact": "hukou_region", "op": "in", "value": ["150000"]},
        ],
        "认定为就业困难人员后，可享受公益性岗位安置、社保补贴、就业援助等帮扶（具体认定条件如大龄、零就业家庭、残疾人等以当地文件为准）。",
        "身份证；户口簿；《就业创业证》；困难情形证明（如残疾证、低保证明）。",
        "户籍地街道（乡镇）公共就业服务机构或旗县区公共就业服务中心。",
        365,
        "《中华人民共和国就业促进法》第五十二条及当地就业困难人员认定办法",
    ),
]


def seed_schemes(run: Run) -> None:
    """The five schemes, published (see the module's note: staff check them first)."""
    for name, conditions, benefit, documents, where, days, source in SCHEMES:
        run.session.add(
            SupportScheme(
                name=name,
                conditions=conditions,
                benefit=benefit,
                documents=documents,
                where_to_apply=where,
                valid_until=None if days is None else run.today + timedelta(days=days),
                source_title=source,
                published=True,
                created_at=run.now,
                updated_at=run.now,
            )
        )
    run.session.flush()
