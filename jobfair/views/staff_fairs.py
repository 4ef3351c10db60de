"""Staff pages for fairs: list, create and edit, review booth requests, print the booth plan.

The pages belong to the staff blueprint (``staff.fair_list`` ...): ``create_app``
adds them with :func:`jobfair.views.add_routes` before it registers that blueprint.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobfair.i18n import gettext as _
from models import BoothStatus, Fair

from ..access import client_ip, roles_required
from ..clock import now, utc_to_local
from ..errors import Conflict, ValidationFailed
from ..forms import FairForm, submit
from ..services import fairs, ranking, unit_of_work
from .staff import STAFF


@roles_required(*STAFF)
def fair_list():
    return render_template("staff/fair_list.html", rows=fairs.fair_overview())


def _fair_form_page(form: FairForm, fair: Fair | None = None):
    def save(dry_run: bool):
        if fair is None:
            return fairs.create_fair(current_user, form.fair_data(), dry_run)
        return fairs.update_fair(current_user, fair.id, form.fair_data(), dry_run)

    saved = submit(form, save)
    if saved is not None:
        flash(_("招聘会“%(name)s”已保存。", name=saved.name), "success")
        return redirect(url_for("staff.fair_booths", fair_id=saved.id))
    return render_template("staff/fair_form.html", form=form, fair=fair), (
        422 if form.errors or form.form_errors else 200
    )


@roles_required(*STAFF)
def fair_new():
    return _fair_form_page(FairForm())


@roles_required(*STAFF)
def fair_edit(fair_id: int):
    fair = fairs.get_fair(fair_id)
    if request.method == "GET":
        form = FairForm(obj=fair)
        form.starts_at.data = utc_to_local(fair.starts_at)
        form.ends_at.data = utc_to_local(fair.ends_at)
    else:
        form = FairForm()
    return _fair_form_page(form, fair)


def _booths_page(fair: Fair, errors: dict[int, str] | None = None, typed=None, status=200):
    booths = fairs.booths_of(fair, approved_only=False)
    groups = [
        ("requested", _("待审核的申请"), [b for b in booths if b.status == BoothStatus.REQUESTED]),
        ("approved", _("已批准的展位"), [b for b in booths if b.status == BoothStatus.APPROVED]),
        ("declined", _("未批准的申请"), [b for b in booths if b.status == BoothStatus.DECLINED]),
    ]
    return render_template(
        "staff/fair_booths.html",
        fair=fair,
        groups=groups,
        needs_label=fair.has_hall,
        free_label=fairs.next_free_booth_label(booths),
        errors=errors or {},
        typed=typed or {},
    ), status


@roles_required(*STAFF)
def fair_booths(fair_id: int):
    return _booths_page(fairs.get_fair(fair_id))


@roles_required(*STAFF)
def review_booth(fair_id: int, booth_id: int):
    fair = fairs.get_fair(fair_id)
    decision = request.form.get("decision")
    if decision not in ("approve", "decline"):
        abort(400)
    label = request.form.get("label", "")
    try:
        with unit_of_work():
            booth = fairs.review_booth(
                current_user, booth_id, decision == "approve", label, fair_id=fair.id
            )
    except ValidationFailed as e:
        message = e.errors.get("label") or e.message
        return _booths_page(fair, {booth_id: message}, {booth_id: label}, 422)
    except Conflict as e:
        return _booths_page(fair, {booth_id: e.message}, {booth_id: label}, 409)
    name = booth.employer.name
    if decision == "decline":
        flash(_("已拒绝“%(name)s”的展位申请。", name=name), "info")
    elif booth.label:
        flash(_("已批准“%(name)s”，展位号 %(label)s。", name=name, label=booth.label), "success")
    else:
        flash(_("已批准“%(name)s”参加招聘会。", name=name), "success")
    return redirect(url_for("staff.fair_booths", fair_id=fair.id) + f"#booth-{booth.id}")


@roles_required(*STAFF)
def fair_plan(fair_id: int):
    fair = fairs.get_fair(fair_id)
    booths = fairs.booths_of(fair)  # approved, in label order
    return render_template("staff/fair_plan.html", fair=fair, booths=booths, printed_at=now())


@roles_required(*STAFF)
def fair_matches(fair_id: int):
    """Every checked-in seeker against every posting at the fair, in one batch."""
    fair = fairs.get_fair(fair_id)
    with unit_of_work():
        results = ranking.fair_matches(current_user, fair, k=5, ip=client_ip())
    return render_template("staff/fair_matches.html", fair=fair, results=results)


ROUTES = [
    ("/fairs", fair_list, ["GET"]),
    ("/fairs/new", fair_new, ["GET", "POST"]),
    ("/fairs/<int:fair_id>", fair_edit, ["GET", "POST"]),
    ("/fairs/<int:fair_id>/booths", fair_booths, ["GET"]),
    ("/fairs/<int:fair_id>/booths/<int:booth_id>/review", review_booth, ["POST"]),
    ("/fairs/<int:fair_id>/plan", fair_plan, ["GET"]),
    ("/fairs/<int:fair_id>/matches", fair_matches, ["GET"]),
]
