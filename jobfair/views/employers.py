"""The employer member's pages: dashboard and the employer's own postings."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import roles_required
from ..errors import Conflict, ValidationFailed
from ..forms import PostingForm, submit
from ..services import employers, postings, ranking

bp = Blueprint("employers", __name__, url_prefix="/employer")


@bp.get("/")
@roles_required("employer")
def dashboard():
    employer = employers.employer_of(current_user)
    return render_template(
        "employers/dashboard.html",
        employer=employer,
        postings=postings.employer_postings(current_user),
    )


def _posting_form_page(form: PostingForm, posting=None):
    def save(dry_run: bool):
        if posting is None:
            return postings.create_posting(current_user, form.posting_data(), dry_run)
        return postings.update_posting(current_user, posting.id, form.posting_data(), dry_run)

    saved = submit(form, save)
    if saved is not None:
        flash(_("岗位已保存。"), "success")
        return redirect(url_for("employers.posting_edit", posting_id=saved.id))
    employer = employers.employer_of(current_user)
    return render_template(
        "employers/posting_form.html", form=form, posting=posting, employer=employer
    ), 422 if form.errors else 200


@bp.route("/postings/new", methods=["GET", "POST"])
@roles_required("employer")
def posting_new():
    return _posting_form_page(PostingForm())


@bp.route("/postings/<int:posting_id>", methods=["GET", "POST"])
@roles_required("employer")
def posting_edit(posting_id: int):
    posting = postings.own_posting(current_user, posting_id)
    form = PostingForm(obj=posting if request.method == "GET" else None)
    return _posting_form_page(form, posting)


@bp.post("/postings/<int:posting_id>/status")
@roles_required("employer")
def posting_status(posting_id: int):
    try:
        postings.set_posting_status(current_user, posting_id, request.form.get("status", ""))
    except ValidationFailed as e:
        flash(next(iter(e.errors.values())), "danger")
    else:
        flash(_("岗位状态已更新。"), "success")
    return redirect(url_for("employers.dashboard"))


@bp.get("/postings/<int:posting_id>/candidates")
@roles_required("employer")
def posting_candidates(posting_id: int):
    posting, page = ranking.candidates(
        current_user,
        posting_id,
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        district=request.args.get("district") or None,
        licence=request.args.get("licence") or None,
    )
    return render_template("employers/candidates.html", posting=posting, page=page)


@bp.post("/postings/<int:posting_id>/candidates/<int:seeker_id>/invite")
@roles_required("employer")
def invite_candidate(posting_id: int, seeker_id: int):
    try:
        ranking.invite_to_apply(
            current_user, posting_id, seeker_id, request.form.get("message", "")
        )
    except (Conflict, ValidationFailed) as e:
        flash(e.message, "warning")
    else:
        flash(_("已发送邀请，求职者会在“我的”页面看到。"), "success")
    back = request.form.get("next") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("employers.posting_candidates", posting_id=posting_id)
    return redirect(back)
