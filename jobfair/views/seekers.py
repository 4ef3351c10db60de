"""The seeker's own pages: dashboard, profile, data download, account deletion."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..access import client_ip, roles_required
from ..errors import ValidationFailed
from ..forms import SeekerProfileForm, submit
from ..services import ranking, seekers

bp = Blueprint("seekers", __name__, url_prefix="/me")


@bp.get("/")
@roles_required("seeker")
def dashboard():
    seeker = current_user.seeker_profile
    return render_template(
        "seekers/dashboard.html",
        seeker=seeker,
        recommendations=ranking.recommended_postings(seeker, k=10),
        invitations=ranking.invitations_for(seeker),
    )


@bp.route("/profile", methods=["GET", "POST"])
@roles_required("seeker")
def profile():
    seeker = current_user.seeker_profile
    form = SeekerProfileForm(obj=seeker)
    saved = submit(
        form, lambda dry_run: seekers.update_seeker_profile(seeker, form.profile_data(), dry_run)
    )
    if saved is not None:
        flash(_("资料已保存。"), "success")
        return redirect(url_for("seekers.dashboard"))
    return render_template("seekers/profile.html", form=form), 422 if form.errors else 200


@bp.get("/export")
@roles_required("seeker")
def export():
    data = seekers.export_seeker_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=jobfair-my-data.json"},
    )


@bp.route("/delete", methods=["GET", "POST"])
@roles_required("seeker")
def delete_account():
    error = None
    if request.method == "POST":
        try:
            seekers.delete_seeker_account(
                current_user, request.form.get("password", ""), client_ip()
            )
        except ValidationFailed as e:
            error = e.errors["password"]
        else:
            logout_user()
            session.clear()
            flash(_("您的账号和资料已删除。"), "info")
            return redirect(url_for("main.home"))
    return render_template("seekers/delete.html", error=error), 422 if error else 200
