"""Fair pages for everyone; a logged-in seeker sees the postings ranked for them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobfair.i18n import gettext as _
from matching import taxonomy

from ..access import public, roles_required
from ..errors import DomainError, ValidationFailed
from ..services import applications, fairs, kiosk, policies, questions, ranking, unit_of_work

bp = Blueprint("fairs", __name__, url_prefix="/fairs")


def _seeker():
    if current_user.is_authenticated and current_user.role == "seeker":
        return current_user.seeker_profile
    return None


@bp.get("/")
@public
def fair_list():
    shown = fairs.public_fairs()
    return render_template(
        "fairs/list.html", fairs=shown, phases={f.id: fairs.fair_phase(f) for f in shown}
    )


@bp.get("/<int:fair_id>")
@public
def fair_page(fair_id: int):
    fair = fairs.public_fair(fair_id)
    trade = request.args.get("trade") if request.args.get("trade") in taxonomy.TRADES else None
    booths = fairs.booths_of(fair, trade=trade)
    booth_of_posting = {p.id: b for b in booths for p in b.postings}
    seeker = _seeker()
    ranked, applied = [], set()
    if seeker is not None and booth_of_posting:
        ranked = ranking.recommended_postings(seeker, k=20, posting_ids=list(booth_of_posting))
        applied = applications.applied_posting_ids(seeker, [r.posting.id for r in ranked])
    return render_template(
        "fairs/page.html",
        fair=fair,
        booths=booths,
        trade=trade,
        ranked=ranked,
        applied=applied,
        booth_of_posting=booth_of_posting,
        open_now=fairs.is_open_now(fair),
        phase=fairs.fair_phase(fair),
        registration=fairs.registration_of(seeker, fair) if seeker else None,
        may_cancel=fairs.may_cancel_sign_up,
        counts=fairs.counts(fair, booths if trade is None else None),
        plan=fairs.floor_plan(booths),
        **_marked_on_plan(fair, seeker if booth_of_posting else None),
        current_policies=policies.current_articles(),
    )


def _marked_on_plan(fair, seeker) -> dict:
    """The seeker's best postings at the fair, as their check-in slip lists them
    (``kiosk.slip_rows``), for the floor plan: the match of each such posting, and
    the best match at each of their booths."""
    rows = kiosk.slip_rows(fair, seeker) if seeker is not None else []
    best_of: dict[int, float] = {}
    for row in rows:
        best_of[row.booth.id] = max(best_of.get(row.booth.id, 0.0), row.ranked.match.score)
    return {"match_of": {row.posting.id: row.ranked.match for row in rows}, "best_of": best_of}


@bp.post("/<int:fair_id>/register")
@roles_required("seeker")
def register(fair_id: int):
    try:
        with unit_of_work():
            fairs.sign_up_for_fair(current_user.seeker_profile, fair_id)
    except DomainError as e:
        flash(e.message, "warning")
    else:
        flash(_("报名成功。招聘会当天到现场签到，或在开放时间内在线申请。"), "success")
    return redirect(url_for("fairs.fair_page", fair_id=fair_id))


@bp.get("/<int:fair_id>/booths/<int:booth_id>")
@public
def booth_page(fair_id: int, booth_id: int):
    fair = fairs.public_fair(fair_id)
    booth = fairs.booth_at(fair, booth_id)
    return render_template(
        "fairs/booth.html", fair=fair, booth=booth, open_now=fairs.is_open_now(fair), error=None
    )


@bp.post("/<int:fair_id>/booths/<int:booth_id>/question")
@roles_required("seeker")
def ask(fair_id: int, booth_id: int):
    try:
        with unit_of_work():
            questions.ask_question(
                current_user.seeker_profile, fair_id, booth_id, request.form.get("text", "")
            )
    except ValidationFailed as e:
        fair = fairs.public_fair(fair_id)
        booth = fairs.booth_at(fair, booth_id)
        return render_template(
            "fairs/booth.html",
            fair=fair,
            booth=booth,
            open_now=fairs.is_open_now(fair),
            error=e.errors.get("text"),
            typed=request.form.get("text", ""),
        ), 422
    except DomainError as e:
        flash(e.message, "warning")
    else:
        flash(_("提问已发送，单位回答后会通知您。"), "success")
    return redirect(url_for("fairs.booth_page", fair_id=fair_id, booth_id=booth_id))
