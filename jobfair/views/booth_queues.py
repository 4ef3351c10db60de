"""Live booth queues: the booth staff's phone page, the person's route on their phone,
joining from the kiosk, and the hall screen (no login, no personal data).

Writes are POST forms with CSRF, one unit of work each; a refused join or call
comes back as a flashed message on the page it was made from.
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from jobfair.i18n import gettext as _

from .. import labels
from ..access import public, roles_required
from ..errors import DomainError
from ..services import booth_queues as bq
from ..services import fairs, kiosk, unit_of_work
from ..services.privacy import mask_name

bp = Blueprint("booth_queues", __name__)
STAFF = ("staff", "admin")


def _refused(error: DomainError, to: str):
    flash(error.message, "warning")
    return redirect(to)


# -- booth staff ---------------------------------------------------------------------------


@bp.get("/booth-queue/<int:fair_id>")
@roles_required("employer")
def booth_page(fair_id: int):
    booth = bq.staff_booth(current_user, fair_id)
    talking, waiting = bq.queue_of(booth)
    estimate = bq.service_estimates([booth.id])[booth.id]
    return render_template(
        "booths/queue.html",
        booth=booth,
        fair=booth.fair,
        talking=talking,
        waiting=waiting,
        estimate=estimate,
        wait=bq.expected_wait(len(waiting), estimate),
        minutes_waited=bq.minutes_waited,
        mask_name=mask_name,
        outcomes=labels.queue_outcome,
    )


@bp.get("/booth-queue/<int:fair_id>/queue.json")
@roles_required("employer")
def booth_json(fair_id: int):
    """The waiting list for the booth page's polling (queue-booth.js): masked names only."""
    booth = bq.staff_booth(current_user, fair_id)
    talking, waiting = bq.queue_of(booth)
    response = jsonify(
        {
            "talking": len(talking),
            "waiting": [
                {
                    "name": mask_name(e.seeker.name),
                    "number": e.seeker.id,
                    "minutes": bq.minutes_waited(e),
                }
                for e in waiting
            ],
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/booth-queue/<int:fair_id>/next")
@roles_required("employer")
def call_next(fair_id: int):
    with unit_of_work():
        entry = bq.call_next(current_user, fair_id)
    if entry is None:
        flash(_("现在没有人在排队。"), "info")
    return redirect(url_for("booth_queues.booth_page", fair_id=fair_id))


@bp.post("/booth-queue/<int:fair_id>/entries/<int:entry_id>/done")
@roles_required("employer")
def end_conversation(fair_id: int, entry_id: int):
    outcome = request.form.get("outcome") or None
    back = url_for("booth_queues.booth_page", fair_id=fair_id)
    try:
        with unit_of_work():
            bq.end_conversation(current_user, fair_id, entry_id, outcome)
    except bq.QueueRefused as e:
        return _refused(e, back)
    return redirect(back)


@bp.post("/booth-queue/<int:fair_id>/add")
@roles_required("employer")
def add_person(fair_id: int):
    back = url_for("booth_queues.booth_page", fair_id=fair_id)
    try:
        with unit_of_work():
            bq.add_at_booth(current_user, fair_id, request.form.get("number", ""))
    except bq.QueueRefused as e:
        return _refused(e, back)
    flash(_("已加入排队。"), "success")
    return redirect(back)


# -- the person's route on their phone -----------------------------------------------------


def _route(fair):
    seeker = current_user.seeker_profile
    best: dict[int, float] = {}
    for row in kiosk.slip_rows(fair, seeker):
        best[row.booth.id] = max(best.get(row.booth.id, 0.0), row.ranked.match.score)
    return seeker, bq.route_for(seeker, fair, best)


def _stop_json(stop: bq.RouteStop) -> dict:
    entry = stop.entry
    state = "none" if entry is None else ("talking" if entry.started_at else "waiting")
    return {
        "booth": stop.booth.id,
        "label": stop.booth.label,
        "match": round(stop.match * 100),
        "wait": round(stop.wait_minutes),
        "ahead": stop.ahead,
        "state": state,
    }


@bp.get("/fairs/<int:fair_id>/route")
@roles_required("seeker")
def route_page(fair_id: int):
    fair = fairs.public_fair(fair_id)
    seeker, stops = _route(fair)
    return render_template(
        "booths/route.html",
        fair=fair,
        seeker=seeker,
        stops=stops,
        registration=fairs.registration_of(seeker, fair),
        open_now=fairs.is_open_now(fair),
        max_waiting=bq.MAX_WAITING,
    )


@bp.get("/fairs/<int:fair_id>/route.json")
@roles_required("seeker")
def route_json(fair_id: int):
    fair = fairs.public_fair(fair_id)
    _seeker, stops = _route(fair)
    response = jsonify({"stops": [_stop_json(s) for s in stops]})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/fairs/<int:fair_id>/route/join/<int:booth_id>")
@roles_required("seeker")
def join_from_phone(fair_id: int, booth_id: int):
    fair = fairs.public_fair(fair_id)
    back = url_for("booth_queues.route_page", fair_id=fair.id)
    try:
        with unit_of_work():
            bq.join_queue(fair, booth_id, current_user.seeker_profile.id, "slip")
    except bq.QueueRefused as e:
        return _refused(e, back)
    flash(_("已加入排队，轮到您时展位工作人员会叫号。"), "success")
    return redirect(back)


@bp.post("/fairs/<int:fair_id>/route/leave/<int:entry_id>")
@roles_required("seeker")
def leave_from_phone(fair_id: int, entry_id: int):
    fair = fairs.public_fair(fair_id)
    with unit_of_work():
        bq.leave_queue(current_user.seeker_profile, entry_id)
    flash(_("已退出排队。"), "info")
    return redirect(url_for("booth_queues.route_page", fair_id=fair.id))


# -- the kiosk -----------------------------------------------------------------------------


@bp.post("/kiosk/<int:fair_id>/queue/<int:seeker_id>/<int:booth_id>")
@roles_required(*STAFF)
def join_at_kiosk(fair_id: int, seeker_id: int, booth_id: int):
    fair = kiosk.kiosk_fair(fair_id)
    back = url_for("kiosk.slip", fair_id=fair.id, seeker_id=seeker_id)
    try:
        with unit_of_work():
            entry = bq.join_queue(fair, booth_id, seeker_id, "kiosk")
    except bq.QueueRefused as e:
        return _refused(e, back)
    flash(_("已在展位 %(label)s 排队。", label=entry.booth.label or ""), "success")
    return redirect(back)


# -- the hall screen -----------------------------------------------------------------------


def _hall_rows(fair) -> list[dict]:
    return [
        {
            "label": load.booth.label or "",
            "employer": load.booth.employer.name,
            "trade": str(labels.trade.get(load.booth.employer.trade, "")),
            "waiting": load.waiting,
            "talking": load.talking,
            "wait": round(load.wait_minutes),
        }
        for load in bq.booth_loads(fair)
    ]


@bp.get("/fairs/<int:fair_id>/hall")
@public
def hall(fair_id: int):
    fair = bq.hall_fair(fair_id)
    return render_template("fairs/hall.html", fair=fair, rows=_hall_rows(fair))


@bp.get("/fairs/<int:fair_id>/hall.json")
@public
def hall_json(fair_id: int):
    fair = bq.hall_fair(fair_id)
    response = jsonify({"booths": _hall_rows(fair)})
    response.headers["Cache-Control"] = "no-store"
    return response
