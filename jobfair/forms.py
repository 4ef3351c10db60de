"""Forms: they parse and display; the rules themselves live in the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, PasswordInput

from jobfair.i18n import lazy_gettext as _l
from matching import licences, taxonomy

from . import labels
from .clock import local_to_utc
from .errors import ValidationFailed
from .places import district_groups
from .services import employers, fairs, policies, postings, seekers, unit_of_work
from .validation import clean_id


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def options(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]


def district_choices(blank: str) -> list[SelectChoice]:
    choices = options([("", blank)])
    for league, counties in district_groups():  # in the page's language
        choices += options(counties, optgroup=league)
    return choices


def occupation_choices() -> list[SelectChoice]:
    return options((o.code, o.name) for o in taxonomy.OCCUPATIONS)


def grouped_occupation_choices(blank: str) -> list[SelectChoice]:
    choices = options([("", blank)])
    for trade, label in labels.trade.items():
        choices += options(((o.code, o.name) for o in taxonomy.by_trade(trade)), optgroup=label)
    return choices


def licence_choices() -> list[SelectChoice]:
    return options((c, f"{c}（{licences.LABELS[c]}）") for c in licences.CLASSES)


def apply_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Show a service's field errors next to the fields (or at the top when unknown).

    A field that already has an error from the form keeps only that one.
    """
    for name, message in error.errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            if not field.errors:
                field.errors = [message]
        else:
            form.form_errors.append(message)
    form._errors = None  # WTForms caches form.errors; let it see the new ones


def field_data(form: FlaskForm, names) -> dict[str, Any]:
    """What the form holds for the fields a service takes (its ``*_FIELDS``): one list
    of fields, the service's. A multiple choice left empty is an empty list."""
    data = {}
    for name in sorted(names):
        field = form[name]
        data[name] = field.data if field.data is not None or not _is_multiple(field) else []
    return data


def _is_multiple(field) -> bool:
    return isinstance(field, SelectMultipleField)


def submit(form: FlaskForm, action: Callable[..., Any]) -> Any:
    """Validate a posted form and run its service; return the service's result.

    When the form itself finds errors the service still runs as a dry run, so
    that the user sees every problem at once rather than one round at a time.
    Returns None when nothing was saved (not posted, or errors shown on the form).
    """
    if not form.is_submitted():
        return None
    valid = form.validate()
    try:
        with unit_of_work():  # a dry run writes nothing; a real one commits once
            result = action(dry_run=not valid)
    except ValidationFailed as e:
        apply_errors(form, e)
        return None
    return result if valid else None


class LoginForm(FlaskForm):
    identifier = StringField(
        _l("手机号或邮箱"), validators=[InputRequired(_l("请填写手机号或邮箱。"))]
    )
    password = PasswordField(_l("密码"), validators=[InputRequired(_l("请填写密码。"))])
    next = HiddenField()


class ProfileFields:
    """Fields shared by sign-up and the profile page."""

    name = StringField(_l("姓名"), validators=[InputRequired(_l("请填写姓名。"))])
    birth_year = IntegerField(
        _l("出生年份"),
        validators=[InputRequired(_l("请填写出生年份。"))],
        description=_l("例如 1995"),
    )
    district_code = SelectField(_l("常住旗县区"), validate_choice=False)
    occupation_codes = MultiCheckboxField(_l("想做的工作"), validate_choice=False)
    desired_text = StringField(
        _l("其他想做的工作（可自由填写）"), description=_l("例如：送外卖、开大车、带货主播")
    )
    skills = StringField(
        _l("技能和证书"), description=_l("例如：熟悉城区道路、叉车证、会剪辑短视频")
    )
    experience_years = IntegerField(
        _l("相关工作年限"), validators=[Optional()], description=_l("单位：年")
    )
    experience = TextAreaField(_l("工作经历"))
    licence_classes = MultiCheckboxField(_l("驾驶证准驾车型"), validate_choice=False)
    has_ebike = BooleanField(_l("有自己的电动车"))
    has_car = BooleanField(_l("有自己的汽车/货车"))
    health_certificate = BooleanField(_l("有健康证"))
    availability = MultiCheckboxField(
        _l("可工作时间"),
        choices=options(labels.choices(labels.availability)),
        validate_choice=False,
    )
    pay_amount = IntegerField(_l("期望薪资"), validators=[Optional()])
    pay_unit = SelectField(
        _l("薪资单位"), choices=options(labels.choices(labels.pay_unit)), validate_choice=False
    )
    intro = TextAreaField(_l("自我介绍"), description=_l("最多500字"))
    discoverable = BooleanField(
        _l("允许招聘单位在人才推荐中看到我"),
        description=_l("只勾这一项时，单位看到的姓名和手机号是隐藏的；再勾下一项，单位才能看到全名和手机号。"),
        default=True,
    )
    contact_consent = BooleanField(_l("同意招聘单位查看我的联系方式并联系我"))
    confirmed_occupations = HiddenField()

    def set_choices(self) -> None:
        self.district_code.choices = district_choices(blank=str(_l("请选择")))
        self.occupation_codes.choices = occupation_choices()
        self.licence_classes.choices = licence_choices()

    def profile_data(self) -> dict[str, Any]:
        return field_data(self, seekers.PROFILE_FIELDS)


class SeekerSignupForm(ProfileFields, FlaskForm):
    phone = StringField(_l("手机号"), validators=[InputRequired(_l("请填写手机号。"))])
    code = StringField(
        _l("短信验证码"),
        description=_l("先点“获取验证码”，验证码会发到上面的手机号，5分钟内有效"),
    )
    # keeps what was typed when the form comes back with an error
    password = PasswordField(
        _l("设置密码"),
        validators=[InputRequired(_l("请设置密码。"))],
        description=_l("至少8位"),
        widget=PasswordInput(hide_value=False),
    )
    consent = BooleanField(_l("我已阅读并同意《个人信息处理说明》"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices()


YES_NO_UNSURE = [("", _l("不确定/不填")), ("y", _l("是")), ("n", _l("否"))]


class SeekerProfileForm(ProfileFields, FlaskForm):
    """The profile, and the facts only policy matching needs: asked with their own consent,
    and only those some current scheme asks about (``policy_fields``)."""

    policy_consent = BooleanField(
        _l("我同意提供下面的情况，用来判断我可能符合哪些就业扶持政策"),
        description=_l(
            "这些是个人信息，只用于政策匹配；取消勾选并保存即删除。下载我的数据时包含它们。"
        ),
    )
    hukou_region = SelectField(_l("户籍所在地"), validate_choice=False)
    graduation_year = SelectField(_l("高校毕业年份"), validate_choice=False)
    registered_unemployed = SelectField(
        _l("已在公共就业服务机构登记失业"), choices=options(YES_NO_UNSURE), validate_choice=False
    )
    pilot_platform_worker = SelectField(
        _l("在试点平台接单（外卖、快递、网约车、货运等平台）"),
        choices=options(YES_NO_UNSURE),
        validate_choice=False,
    )
    employment_difficulty = SelectField(
        _l("已被认定为就业困难人员"), choices=options(YES_NO_UNSURE), validate_choice=False
    )
    flexible_employed = SelectField(
        _l("以灵活就业方式工作（个体、零工、平台接单）"),
        choices=options(YES_NO_UNSURE),
        validate_choice=False,
    )
    starting_business = SelectField(
        _l("准备创业或已自主创业"), choices=options(YES_NO_UNSURE), validate_choice=False
    )

    def __init__(self, *args, **kwargs):
        from .clock import now
        from .services import policy_matching

        super().__init__(*args, **kwargs)
        self.set_choices()
        unsure = str(_l("不确定/不填"))
        self.hukou_region.choices = (
            options([("", unsure), (seekers.OUTSIDE_REGION, str(_l("区外")))])
            + district_choices(blank=unsure)[1:]
        )
        this_year = now().year
        self.graduation_year.choices = options(
            [("", unsure), ("0", str(_l("不是高校毕业生")))]
            + [(str(y), str(y)) for y in range(this_year, this_year - 40, -1)]
        )
        self.policy_fields = [
            policy_matching.CONSENTED_FACTS[f] for f in policy_matching.facts_needed()
        ]
        seeker = kwargs.get("obj")
        if seeker is not None and not self.is_submitted():
            row = policy_matching.facts_row(seeker)
            self.policy_consent.data = row is not None
            for name in policy_matching.FACT_COLUMNS:
                value = getattr(row, name) if row is not None else None
                if isinstance(value, bool):
                    value = "y" if value else "n"
                self[name].data = "" if value is None else str(value)

    def profile_data(self) -> dict[str, Any]:
        data = field_data(self, seekers.PROFILE_FIELDS)
        if self.policy_fields:
            data["policy_facts"] = {
                "policy_consent": self.policy_consent.data,
                **{name: self[name].data for name in self.policy_fields},
            }
        return data


class EmployerSignupForm(FlaskForm):
    login = StringField(
        _l("登录账号（邮箱或手机号）"), validators=[InputRequired(_l("请填写邮箱或手机号。"))]
    )
    # keeps what was typed when the form comes back with an error
    password = PasswordField(
        _l("设置密码"),
        validators=[InputRequired(_l("请设置密码。"))],
        description=_l("至少8位"),
        widget=PasswordInput(hide_value=False),
    )
    name = StringField(_l("单位名称"), validators=[InputRequired(_l("请填写单位名称。"))])
    credit_code = StringField(
        _l("统一社会信用代码"),
        validators=[InputRequired(_l("请填写统一社会信用代码。"))],
        description=_l("18位，见营业执照"),
    )
    trade = SelectField(_l("所属行业"), validate_choice=False)
    district_code = SelectField(_l("所在旗县区"), validate_choice=False)
    address = StringField(_l("详细地址"), validators=[InputRequired(_l("请填写详细地址。"))])
    contact_name = StringField(_l("联系人"), validators=[InputRequired(_l("请填写联系人。"))])
    contact_phone = StringField(
        _l("联系人手机"), validators=[InputRequired(_l("请填写联系人手机。"))]
    )
    intro = TextAreaField(_l("单位简介"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trade.choices = options([("", str(_l("请选择"))), *labels.choices(labels.trade)])
        self.district_code.choices = district_choices(blank=str(_l("请选择")))

    def company_data(self) -> dict[str, Any]:
        return field_data(self, employers.COMPANY_FIELDS)


class CompanyForm(EmployerSignupForm):
    """The company's details without the account (a member corrects them)."""

    login = None
    password = None


class PostingForm(FlaskForm):
    title = StringField(_l("岗位名称"), validators=[InputRequired(_l("请填写岗位名称。"))])
    occupation_code = SelectField(_l("岗位类别"), validate_choice=False)
    description = TextAreaField(_l("岗位描述"), validators=[InputRequired(_l("请填写岗位描述。"))])
    requirements = TextAreaField(_l("任职要求"))
    district_code = SelectField(_l("工作地点"), validate_choice=False)
    pay_min = IntegerField(_l("最低薪资"), validators=[Optional()])
    pay_max = IntegerField(_l("最高薪资"), validators=[Optional()])
    pay_unit = SelectField(
        _l("薪资单位"), choices=options(labels.choices(labels.pay_unit)), validate_choice=False
    )
    schedule = MultiCheckboxField(
        _l("工作时间"), choices=options(labels.choices(labels.schedule)), validate_choice=False
    )
    headcount = IntegerField(_l("招聘人数"), validators=[Optional()])
    required_licence = SelectField(_l("驾照要求"), validate_choice=False)
    min_age = IntegerField(_l("最低年龄"), default=18, validators=[Optional()])
    needs_health_certificate = BooleanField(_l("需要健康证"))
    needs_vehicle = SelectField(
        _l("自备交通工具"), choices=options(labels.choices(labels.vehicle)), validate_choice=False
    )
    status = SelectField(
        _l("状态"), choices=options(labels.choices(labels.posting_status)), validate_choice=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.occupation_code.choices = grouped_occupation_choices(blank=str(_l("请选择")))
        self.district_code.choices = district_choices(blank=str(_l("请选择")))
        self.required_licence.choices = options([("", str(_l("不需要")))]) + licence_choices()

    def posting_data(self) -> dict[str, Any]:
        return field_data(self, postings.POSTING_FIELDS)


def sensible_date(form, field) -> None:
    """A date-time between the years 2000 and 2100 (typos like 0001 or 9999 are caught)."""
    if field.data is not None and not 2000 <= field.data.year <= 2100:
        raise ValidationError(_l("请填写合理的日期和时间。"))


class FairForm(FlaskForm):
    name = StringField(_l("招聘会名称"), validators=[InputRequired(_l("请填写招聘会名称。"))])
    mode = SelectField(
        _l("举办形式"), choices=options(labels.choices(labels.fair_mode)), validate_choice=False
    )
    venue = StringField(
        _l("举办地点"), description=_l("现场招聘会必填，例如：包头市人力资源市场一楼大厅")
    )
    district_code = SelectField(_l("所在旗县区"), validate_choice=False)
    starts_at = DateTimeLocalField(
        _l("开始时间"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional(), sensible_date],
        description=_l("北京时间"),
    )
    ends_at = DateTimeLocalField(
        _l("结束时间"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional(), sensible_date],
        description=_l("北京时间"),
    )
    description = TextAreaField(_l("介绍"))
    status = SelectField(
        _l("状态"), choices=options(labels.choices(labels.fair_status)), validate_choice=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.district_code.choices = district_choices(blank=str(_l("请选择")))

    def fair_data(self) -> dict[str, Any]:
        data = field_data(self, fairs.FAIR_FIELDS - {"starts_at", "ends_at"})
        data["starts_at"] = local_to_utc(self.starts_at.data)
        data["ends_at"] = local_to_utc(self.ends_at.data)
        return data


class InterviewForm(FlaskForm):
    interview_at = DateTimeLocalField(
        _l("面试时间"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional(), sensible_date],
        description=_l("北京时间，15分钟一个时段"),
    )
    booth_id = SelectField(
        _l("招聘会展位"), validate_choice=False, coerce=lambda v: clean_id(v) if v else None
    )
    interview_place = StringField(_l("面试地点"), description=_l("不在招聘会展位面试时填写"))
    note = StringField(_l("给求职者的说明"))
    version = HiddenField()


class PolicyForm(FlaskForm):
    title = StringField(_l("标题"), validators=[InputRequired(_l("请填写标题。"))])
    tags = MultiCheckboxField(
        _l("标签"), choices=options(labels.choices(labels.policy_tag)), validate_choice=False
    )
    body = TextAreaField(
        _l("正文"),
        validators=[InputRequired(_l("请填写正文。"))],
        render_kw={"rows": 14},
        description=_l(
            "支持 Markdown：# 小标题、**加粗**、- 列表、[链接文字](https://网址)。"
            "不支持 HTML 和图片；只有 http/https 网址会成为链接。"
        ),
    )
    valid_until = DateField(
        _l("有效期至"),
        validators=[Optional(), sensible_date],
        description=_l("这一天过后，文章从公开列表中撤下。长期有效的政策请留空。"),
    )
    status = SelectField(
        _l("状态"), choices=options(labels.choices(labels.policy_status)), validate_choice=False
    )

    def article_data(self) -> dict[str, Any]:
        return field_data(self, policies.POLICY_FIELDS)


# The account forms live in their own module; named here too, so that every form
# of the app is reachable as ``forms.X`` (the hostile-form walk looks them up here).
from .account_forms import (  # noqa: E402, F401
    ChangeMobileForm,
    ChangePasswordForm,
    NewPasswordForm,
    ResetByEmailForm,
    ResetByMobileForm,
)

