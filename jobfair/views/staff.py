"""Employment-bureau staff: verify employers, look up seekers, read the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobfair.i18n import gettext as _

from ..access import client_ip, int_arg, roles_required
from ..errors import ValidationFailed
from ..services import audit, desk, employers, seekers, unit_of_work

bp = Blueprint("staff", __name__, url_prefix="/staff")

STAFF = ("staff", "admin")


@bp.get("/")
@roles_required(*STAFF)
def dashboard():
    return render_template("staff/dashboard.html", counts=desk.desk_counts())


@bp.get("/employers/pending")
@roles_required(*STAFF)
def pending_employers():
    with unit_of_work():
        pending = employers.list_pending_employers(current_user, client_ip())
    return render_template("staff/pending_employers.html", pending=pending)


@bp.post("/employers/<int:employer_id>/review")
@roles_required(*STAFF)
def review_employer(employer_id: int):
    """Approve at once; a rejection (a reason required) is shown for confirmation
    first, and done when the confirmation page is sent with ``confirm=yes``."""
    decision = request.form.get("decision")
    if decision not in ("approve", "reject"):
        abort(400)
    approve = decision == "approve"
    note = request.form.get("note", "")
    confirmed = request.form.get("confirm") == "yes"
    try:
        with unit_of_work():
            employer = employers.review_employer(
                current_user,
                employer_id,
                approve,
                note,
                client_ip(),
                dry_run=not approve and not confirmed,
            )
    except ValidationFailed as e:
        if confirmed:  # the reason was emptied on the confirmation page
            employer = employers.employer_to_review(employer_id)
            return render_template(
                "staff/confirm_reject.html", employer=employer, note=note, error=e.message
            ), 422
        with unit_of_work():
            pending = employers.list_pending_employers(current_user, client_ip())
        return render_template(
            "staff/pending_employers.html",
            pending=pending,
            errors={employer_id: e.message},
            typed={employer_id: note},
        ), 422
    if not approve and not confirmed:
        return render_template("staff/confirm_reject.html", employer=employer, note=note)
    if approve:
        flash(_("已通过“%(name)s”的审核，已通知该单位。", name=employer.name), "success")
    else:
        flash(_("已驳回“%(name)s”的注册，已把理由通知该单位。", name=employer.name), "info")
    return redirect(url_for("staff.pending_employers"))


@bp.route("/seekers", methods=["GET", "POST"])
@roles_required(*STAFF)
def seeker_list():
    """Seekers, newest first; a search by name or phone is POSTed, so that the query
    reaches neither the URL, the access log nor the browser history."""
    source = request.form if request.method == "POST" else request.args
    q = request.form.get("q", "") if request.method == "POST" else ""
    with unit_of_work():
        page = seekers.search_seekers(
            current_user,
            q,
            int_arg(source, "page", 1, 1),
            current_app.config["PAGE_SIZE"],
            client_ip(),
        )
    return render_template("staff/seeker_list.html", page=page, q=q)


@bp.get("/seekers/<int:seeker_id>")
@roles_required(*STAFF)
def seeker_detail(seeker_id: int):
    with unit_of_work():
        seeker = seekers.view_seeker_as_staff(current_user, seeker_id, client_ip())
    return render_template("staff/seeker_detail.html", seeker=seeker)


@bp.get("/audit")
@roles_required(*STAFF)
def audit_log():
    """The entries this account may read (admins all, staff their own and their fairs'),
    filtered; the filters stay in the URL across pages (actors are named by account
    number or email, never by phone)."""
    try:
        filters, errors = audit.parse_filters(request.args), {}
    except ValidationFailed as e:
        filters, errors = e.filters, e.errors
    page = None
    if not errors:
        page = audit.audit_log_page(current_user, filters, int_arg(request.args, "page", 1, 1))
    return render_template(
        "staff/audit_log.html",
        page=page,
        filters=filters,
        errors=errors,
        actors=audit.actors_of(page.items if page else []),
        actions=audit.action_choices(),
        subjects=audit.subject_types_in_log(),
    ), (422 if errors else 200)
