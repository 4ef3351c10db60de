"""The account page's "API tokens": create (the token is shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobfair.i18n import gettext as _

from ..access import client_ip, int_arg, roles_required
from ..errors import ValidationFailed
from ..services import api_tokens, unit_of_work

bp = Blueprint("api_tokens", __name__, url_prefix="/auth/account/tokens")
EVERYONE = ("seeker", "employer", "staff", "admin")


def _page(new=None, errors=None, typed=None, status: int = 200):
    return (
        render_template(
            "auth/tokens.html",
            tokens=api_tokens.tokens_of(current_user),
            scopes=[(s, api_tokens.SCOPES[s]) for s in api_tokens.scopes_for(current_user)],
            lifetimes=api_tokens.LIFETIMES,
            is_live=api_tokens.is_live,
            new=new,
            errors=errors or {},
            typed=typed or {"scopes": [], "days": 90, "name": ""},
        ),
        status,
        {"Cache-Control": "no-store"},
    )


@bp.get("/")
@roles_required(*EVERYONE)
def token_list():
    return _page()


@bp.post("/")
@roles_required(*EVERYONE)
def token_create():
    typed = {
        "name": request.form.get("name", ""),
        "scopes": request.form.getlist("scopes"),
        "days": int_arg(request.form, "days", None, 1, 3650),
    }
    try:
        with unit_of_work():
            new = api_tokens.create_token(
                current_user, typed["name"], typed["scopes"], typed["days"], client_ip()
            )
    except ValidationFailed as e:
        return _page(errors=e.errors, typed=typed, status=422)
    return _page(new=new)


@bp.post("/<int:token_id>/revoke")
@roles_required(*EVERYONE)
def token_revoke(token_id: int):
    with unit_of_work():
        token = api_tokens.revoke_token(current_user, token_id, client_ip())
    flash(_("已撤销令牌“%(name)s”，使用它的调用会被拒绝。", name=token.name), "info")
    return redirect(url_for("api_tokens.token_list"))
