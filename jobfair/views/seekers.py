"""The seeker's own pages: dashboard, profile, data download, account deletion."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from jobfair.i18n import gettext as _

from ..access import client_ip, int_arg, local_url, roles_required, version_arg
from ..errors import DomainError, NotFound, Throttled, ValidationFailed, retry_after_headers
from ..forms import SeekerProfileForm, submit
from ..services import applications, fairs, postings, questions, ranking, seekers, unit_of_work

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
        visibility=seekers.visibility_to_employers(seeker),
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
    with unit_of_work():
        data = seekers.export_seeker_data(current_user, client_ip())
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=jobfair-my-data.json"},
    )


@bp.route("/delete", methods=["GET", "POST"])
@roles_required("seeker")
def delete_account():
    error, headers = None, {}
    if request.method == "POST":
        try:
            with unit_of_work():
                seekers.delete_seeker_account(
                    current_user, request.form.get("password", ""), client_ip()
                )
        except ValidationFailed as e:
            error = e.errors["password"]
        except Throttled as e:
            error = e.message
            headers = retry_after_headers(e)
        else:
            logout_user()
            session.clear()
            flash(_("您的账号和资料已删除。"), "info")
            return redirect(url_for("main.home"))
    status = 429 if headers else 422 if error else 200
    return render_template("seekers/delete.html", error=error), status, headers


def _back(default: str) -> str:
    return local_url(request.form.get("next"), default)


@bp.post("/apply/<int:posting_id>")
@roles_required("seeker")
def apply(posting_id: int):
    seeker = current_user.seeker_profile
    fair_id = int_arg(request.form, "fair_id")
    note = request.form.get("note", "")
    try:
        with unit_of_work():
            applications.apply_to_posting(
                seeker,
                posting_id,
                note=note,
                fair_id=fair_id,
                accept_soft=bool(request.form.get("accept_soft")),
            )
    except ValidationFailed as e:
        posting = postings.public_posting(posting_id)
        return render_template(
            "seekers/apply_confirm.html",
            posting=posting,
            soft=applications.check_application(seeker, posting).soft,
            errors=e.errors,
            # the box was on the page and left unticked: an error beside it, not a question
            confirming=bool(request.form.get("confirming")),
            accepted=bool(request.form.get("accept_soft")),
            note=note,
            fair_id=fair_id,
            back=_back(url_for("main.posting_detail", posting_id=posting_id)),
        ), 422
    except DomainError as e:
        flash(e.message, "warning")
        return redirect(_back(url_for("main.posting_detail", posting_id=posting_id)))
    flash(_("申请已提交，单位处理后会通知您。"), "success")
    return redirect(url_for("seekers.my_applications"))


@bp.get("/applications")
@roles_required("seeker")
def my_applications():
    seeker = current_user.seeker_profile
    sign_ups = fairs.sign_ups_of(seeker)
    return render_template(
        "seekers/applications.html",
        applications=seekers.my_applications(seeker),
        sign_ups=sign_ups,
        phases={r.fair_id: fairs.fair_phase(r.fair) for r in sign_ups},
        cancellable={r.fair_id for r in sign_ups if fairs.may_cancel_sign_up(r)},
        hall_area=fairs.hall_area,
        questions=questions.questions_of(seeker),
    )


@bp.post("/applications/<int:application_id>/withdraw")
@roles_required("seeker")
def withdraw(application_id: int):
    try:
        with unit_of_work():
            applications.move_application(
                current_user, application_id, "withdrawn", version=version_arg(request.form)
            )
    except DomainError as e:
        flash(e.message, "warning")
    else:
        flash(_("申请已撤回。"), "info")
    return redirect(url_for("seekers.my_applications"))


@bp.route("/fairs/<int:fair_id>/cancel", methods=["GET", "POST"])
@roles_required("seeker")
def cancel_sign_up(fair_id: int):
    """Cancel a fair sign-up: a page that asks first, then the POST that does it."""
    seeker = current_user.seeker_profile
    back = local_url(request.values.get("next"), url_for("seekers.my_applications"))
    try:
        if request.method == "GET":
            registration = fairs.cancellable_sign_up(seeker, fair_id)
            return render_template("seekers/cancel_sign_up.html", fair=registration.fair, back=back)
        with unit_of_work():
            fair = fairs.cancel_sign_up(seeker, fair_id)
    except NotFound:
        raise
    except DomainError as e:
        flash(e.message, "warning")
        return redirect(back)
    flash(_("已取消报名“%(fair)s”。", fair=fair.name), "info")
    return redirect(back)
