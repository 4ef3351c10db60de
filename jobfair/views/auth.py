"""Logging in and out, self-signup of seekers and employers, and an account's own
pages: a forgotten password (by mobile or e-mail), change of password and mobile."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from jobfair.i18n import gettext as _

from .. import mail
from ..access import client_ip, local_url, public, roles_required
from ..account_forms import (
    ChangeMobileForm,
    ChangePasswordForm,
    NewPasswordForm,
    ResetByEmailForm,
    ResetByMobileForm,
)
from ..errors import DomainError, Throttled, ValidationFailed, retry_after_headers
from ..extensions import limiter
from ..forms import EmployerSignupForm, LoginForm, SeekerSignupForm, apply_errors, submit
from ..services import accounts, employers, phone_codes, seekers, unit_of_work
from ..services.privacy import mask_phone
from ..template_helpers import occupation_name

bp = Blueprint("auth", __name__, url_prefix="/auth")

HOME_BY_ROLE = {
    "seeker": "seekers.dashboard",
    "employer": "employers.dashboard",
    "staff": "staff.dashboard",
    "admin": "staff.dashboard",
}
EVERY_ROLE = tuple(HOME_BY_ROLE)


def _sending_code() -> bool:
    return bool(request.form.get("send_code"))


def _texted_number() -> str:
    return "texts:" + accounts.normalise_identifier(request.form.get("phone", ""))


# Texted codes, whatever the page (sign-up, forgotten password, change of mobile): per
# address and per number across all of them, besides services.phone_codes' own limits.
texts_per_address = limiter.shared_limit(
    "20/hour", scope="texts-per-address", methods=["POST"], exempt_when=lambda: not _sending_code()
)
texts_per_number = limiter.shared_limit(
    "10/hour",
    scope="texts-per-number",
    key_func=_texted_number,
    methods=["POST"],
    exempt_when=lambda: not _sending_code(),
)


def _begin_session(user) -> None:
    """Drop everything of the anonymous session and start a new login session."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    accounts.start_login_session(user, client_ip())
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("30/minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for(HOME_BY_ROLE[current_user.role]))
    form = LoginForm(next=request.args.get("next"))
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            with unit_of_work():
                user = accounts.authenticate(form.identifier.data, form.password.data, client_ip())
                _begin_session(user)
        except DomainError as e:
            form.password.errors = [e.message]
            status = e.status_code if e.status_code == 429 else 401
            headers = retry_after_headers(e)
        else:
            return redirect(local_url(form.next.data, url_for(HOME_BY_ROLE[user.role])))
    elif form.errors:
        status = 422
    return render_template("auth/login.html", form=form), status, headers


@bp.post("/logout")
@public
def logout():
    if current_user.is_authenticated:
        with unit_of_work():
            accounts.end_login_session(current_user.get_id())
        logout_user()
    session.clear()
    flash(_("您已退出登录。"), "info")
    return redirect(url_for("main.home"))


def _suggest_occupations(form: SeekerSignupForm) -> bool:
    """Map the free-text wish to taxonomy entries and ask the user to confirm them.

    Returns True when the form should be shown again for confirmation.
    """
    text = (form.desired_text.data or "").strip()
    if not text or form.confirmed_occupations.data == text:
        return False
    chosen = form.occupation_codes.data or []
    new = seekers.suggest_occupations(text, chosen)
    form.confirmed_occupations.data = text
    if not new:
        return False
    form.occupation_codes.data = [*chosen, *(o.code for o in new)]
    names = "、".join(occupation_name(o.code) for o in new)
    form.occupation_codes.description = _(
        "根据您填写的“%(text)s”，我们为您勾选了：%(names)s。请确认后再次提交。",
        text=text,
        names=names,
    )
    return True


def _signup_number() -> str:
    """Sign-ups are limited per mobile number too, however the number is written."""
    return "signup:" + accounts.normalise_identifier(request.form.get("phone", ""))


@bp.route("/signup", methods=["GET", "POST"])
@public
@limiter.limit("20/minute", methods=["POST"])
@limiter.limit("10/hour", methods=["POST"], key_func=_signup_number)
@texts_per_address
@texts_per_number
def signup_seeker():
    form = SeekerSignupForm()
    if form.is_submitted() and _sending_code():
        return _send_code(form, phone_codes.SIGNUP, "auth/signup_seeker.html", confirming=False)
    if form.is_submitted() and form.validate() and _suggest_occupations(form):
        return render_template("auth/signup_seeker.html", form=form, confirming=True)
    user = submit(
        form,
        lambda dry_run: seekers.create_seeker_account(
            phone=form.phone.data,
            password=form.password.data,
            consent=form.consent.data,
            profile=form.profile_data(),
            code=form.code.data or "",
            dry_run=dry_run,
        ),
    )
    if user is not None:
        with unit_of_work():
            _begin_session(user)
        flash(_("注册成功！下面是为您推荐的岗位。"), "success")
        return redirect(url_for("seekers.dashboard"))
    return render_template(
        "auth/signup_seeker.html", form=form, confirming=False
    ), 422 if form.errors else 200


def _send_code(form, purpose: str, template: str, **context):
    """Text a code for ``purpose`` to the number in ``form.phone``, then show ``template``
    again with what was typed; the page answers the same for every number."""
    status, headers, sent_to = 200, {}, None
    try:
        with unit_of_work():
            sent_to = phone_codes.send_code(form.phone.data or "", purpose)
    except ValidationFailed as e:
        form.phone.errors = [e.errors["phone"]]
        status = 422
    except Throttled as e:
        form.code.errors = [e.message]
        status, headers = 429, retry_after_headers(e)
    return render_template(template, form=form, code_sent_to=sent_to, **context), status, headers


@bp.route("/employer-signup", methods=["GET", "POST"])
@public
@limiter.limit("20/minute", methods=["POST"])
def signup_employer():
    form = EmployerSignupForm()
    user = submit(
        form,
        lambda dry_run: employers.register_employer(
            login=form.login.data,
            password=form.password.data,
            company=form.company_data(),
            dry_run=dry_run,
        ),
    )
    if user is not None:
        with unit_of_work():
            _begin_session(user)
        flash(_("单位注册已提交，就业服务机构审核通过后即可发布岗位。"), "success")
        return redirect(url_for("employers.dashboard"))
    return render_template("auth/signup_employer.html", form=form), 422 if form.errors else 200


@bp.route("/setup/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20/minute", methods=["POST"])
def setup_password(token: str):
    """The one-time link of a kiosk slip's QR code: set a first password, then see
    the recommendations. The link carries no phone number and works once."""
    user = accounts.setup_token_user(token)
    if user is None:
        return render_template("auth/setup_password.html", expired=True, error=None), 410
    error = None
    if request.method == "POST":
        password = request.form.get("password", "")
        if password != request.form.get("password2", ""):
            error = _("两次输入的密码不一致。")
        else:
            try:
                with unit_of_work():
                    user = accounts.set_first_password(token, password)
                    _begin_session(user)
            except ValidationFailed as e:
                error = next(iter(e.errors.values()))
            except DomainError as e:
                error = e.message
            else:
                flash(_("密码已设置。下面是为您推荐的岗位。"), "success")
                return redirect(url_for(HOME_BY_ROLE[user.role]))
    return render_template(
        "auth/setup_password.html", expired=False, error=error, name=user.display_name
    ), 422 if error else 200


# -- a forgotten password -------------------------------------------------------------------


def _after_reset() -> None:
    """Every login session of the account has ended: this browser's too."""
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("密码已重设，所有设备上的登录都已退出。请用新密码登录。"), "success")


@bp.route("/forgot", methods=["GET", "POST"])
@public
@limiter.limit("20/minute", methods=["POST"])
@texts_per_address
@texts_per_number
def forgot_password():
    """By mobile: a code texted to the account's number, then a new password twice."""
    form = ResetByMobileForm()
    if form.is_submitted() and _sending_code():
        return _send_code(form, phone_codes.PASSWORD_RESET, "auth/forgot.html")
    user = submit(
        form,
        lambda dry_run: accounts.reset_password_with_code(
            form.phone.data or "",
            form.code.data or "",
            form.password.data or "",
            form.password2.data or "",
            client_ip(),
            dry_run=dry_run,
        ),
    )
    if user is not None:
        _after_reset()
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


def _reset_address() -> str:
    return "reset-mail:" + (request.form.get("email") or "").strip().lower()


@bp.route("/forgot/email", methods=["GET", "POST"])
@public
@limiter.limit("20/minute;30/hour", methods=["POST"])
@limiter.limit("5/hour", methods=["POST"], key_func=_reset_address)
def forgot_password_email():
    """By e-mail: a one-time link to the account's address; the page answers the same
    for every address."""
    form = ResetByEmailForm()
    sent_to = None
    if form.validate_on_submit():
        try:
            with unit_of_work():
                sent_to = accounts.send_reset_link(
                    form.email.data,
                    lambda token: mail.external_url("auth.reset_password", token=token),
                    client_ip(),
                )
        except ValidationFailed as e:
            apply_errors(form, e)
    return render_template(
        "auth/forgot_email.html", form=form, sent_to=sent_to
    ), 422 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20/minute", methods=["POST"])
def reset_password(token: str):
    """The mailed link: a new password twice. It works once, for 30 minutes."""
    if accounts.setup_token_user(token, accounts.PASSWORD_RESET) is None:
        return render_template("auth/reset_password.html", form=None), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                accounts.reset_password_with_link(
                    token, form.password.data or "", form.password2.data or "", client_ip()
                )
        except ValidationFailed as e:
            apply_errors(form, e)
        except DomainError as e:
            form.form_errors.append(e.message)
        else:
            _after_reset()
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), 422 if form.errors else 200


# -- the account's own page: password and mobile ----------------------------------------------


@bp.get("/account")
@roles_required(*EVERY_ROLE)
def account():
    others = accounts.other_login_sessions(current_user, current_user.get_id())
    return render_template("auth/account.html", other_sessions=others)


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*EVERY_ROLE)
@limiter.limit("20/minute", methods=["POST"])
def change_password():
    """Current password and a new one twice; every other login session ends."""
    form = ChangePasswordForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            with unit_of_work():
                ended = accounts.change_password(
                    current_user,
                    form.current_password.data or "",
                    form.password.data or "",
                    form.password2.data or "",
                    client_ip(),
                    keep_session=current_user.get_id(),
                )
        except ValidationFailed as e:
            apply_errors(form, e)
            status = 422
        except Throttled as e:
            form.current_password.errors = [e.message]
            status, headers = 429, retry_after_headers(e)
        else:
            flash(_("密码已修改。其他设备上的%(n)d个登录已退出，这台设备仍保持登录。", n=ended),
                  "success")  # fmt: skip
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), status, headers


@bp.route("/account/mobile", methods=["GET", "POST"])
@roles_required(*EVERY_ROLE)
@limiter.limit("20/minute", methods=["POST"])
@texts_per_address
@texts_per_number
def change_mobile():
    """A code to the new number and the current password; login sessions stay."""
    form = ChangeMobileForm()
    if form.is_submitted() and _sending_code():
        return _send_code(form, phone_codes.CHANGE_MOBILE, "auth/change_mobile.html")
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            with unit_of_work():
                mobile = accounts.change_mobile(
                    current_user,
                    form.phone.data or "",
                    form.code.data or "",
                    form.password.data or "",
                    client_ip(),
                )
        except ValidationFailed as e:
            apply_errors(form, e)
            status = 422
        except Throttled as e:
            form.password.errors = [e.message]
            status, headers = 429, retry_after_headers(e)
        else:
            flash(_("手机号已换成 %(to)s。", to=mask_phone(mobile)), "success")
            return redirect(url_for("auth.account"))
    elif form.errors:
        status = 422
    return render_template("auth/change_mobile.html", form=form), status, headers
