"""Forms of an account's own pages: forgotten password, change of password and mobile.

They parse and display; the rules (codes, password strength, the two passwords
alike, a number already taken) are in :mod:`jobfair.services.accounts`.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired
from wtforms.widgets import PasswordInput

from jobfair.i18n import lazy_gettext as _l


def _code_field() -> StringField:
    return StringField(
        _l("短信验证码"),
        description=_l("先点“获取验证码”，验证码会发到上面的手机号，5分钟内有效"),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    # typed passwords are kept when the form comes back with an error elsewhere
    return (
        PasswordField(
            _l("新密码"),
            description=_l("至少8位"),
            widget=PasswordInput(hide_value=False),
            render_kw={"autocomplete": "new-password"},
        ),
        PasswordField(
            _l("再输入一次新密码"),
            widget=PasswordInput(hide_value=False),
            render_kw={"autocomplete": "new-password"},
        ),
    )


class ResetByMobileForm(FlaskForm):
    phone = StringField(
        _l("账号的手机号"),
        validators=[InputRequired(_l("请填写手机号。"))],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    code = _code_field()
    password, password2 = _new_password_fields()


class ResetByEmailForm(FlaskForm):
    email = StringField(
        _l("账号的邮箱"),
        validators=[InputRequired(_l("请填写邮箱地址。"))],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


class NewPasswordForm(FlaskForm):
    password, password2 = _new_password_fields()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("当前密码"), render_kw={"autocomplete": "current-password"})
    password, password2 = _new_password_fields()


class ChangeMobileForm(FlaskForm):
    phone = StringField(
        _l("新手机号"),
        validators=[InputRequired(_l("请填写新手机号。"))],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    code = _code_field()
    password = PasswordField(
        _l("当前密码"),
        description=_l("为了确认是您本人在操作"),
        render_kw={"autocomplete": "current-password"},
    )
