"""Logging in and out, and self-signup of seekers and employers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..access import client_ip, local_url, public
from ..errors import DomainError, Throttled, ValidationFailed, retry_after_headers
from ..extensions import limiter
from ..forms import EmployerSignupForm, LoginForm, SeekerSignupForm, submit
from ..services import accounts, employers, phone_codes, seekers, unit_of_work
from ..template_helpers import occupation_name

bp = Blueprint("auth", __name__, url_prefix="/auth")

HOME_BY_ROLE = {
    "seeker": "seekers.dashboard",
    "employer": "employers.dashboard",
    "staff": "staff.dashboard",
    "admin": "staff.dashboard",
}


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
                user = accounts.authenticate(
                    form.identifier.data, form.password.data, client_ip()
                )
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
def signup_seeker():
    form = SeekerSignupForm()
    if form.is_submitted() and request.form.get("send_code"):
        return _send_signup_code(form)
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


def _send_signup_code(form: SeekerSignupForm):
    """Text a code to the number typed; the page answers the same for every number."""
    status, headers, sent_to = 200, {}, None
    try:
        with unit_of_work():
            sent_to = phone_codes.send_signup_code(form.phone.data or "")
    except ValidationFailed as e:
        form.phone.errors = [e.errors["phone"]]
        status = 422
    except Throttled as e:
        form.code.errors = [e.message]
        status, headers = 429, retry_after_headers(e)
    return render_template(
        "auth/signup_seeker.html", form=form, confirming=False, code_sent_to=sent_to
    ), status, headers


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
