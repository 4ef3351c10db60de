"""The fair-day kiosk at the hall entrance: staff find a person or register a walk-in,
check them in, print their slip, and record questions at the policy desk.

One task per screen and no way out into the rest of the app. The person being
served lives only in the kiosk's session: "重新开始" (and the idle timer) forget
them, and a page that shows them refuses to show anyone else, so Back after a
reset finds nothing. Searches are POSTed and no page is cached.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from matching import licences, regions, taxonomy

from .. import labels, validation
from ..access import client_ip, id_arg, roles_required
from ..errors import ConcurrentChange, DomainError, ValidationFailed
from ..extensions import db
from ..services import kiosk, seekers, unit_of_work
from ..services.privacy import mask_name

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")
STAFF = ("staff", "admin")

# The walk-in's four screens and the fields each asks for.
STEPS = (
    ("mobile", "name"),
    ("occupation_codes", "desired_text"),
    (
        "district_code", "birth_year", "licence_classes", "has_ebike", "has_car",
        "health_certificate", "availability",
    ),
    ("consent",),
)  # fmt: skip
LIST_FIELDS = ("occupation_codes", "licence_classes", "availability")
FLAGS = ("has_ebike", "has_car", "health_certificate")
COMMON_OCCUPATIONS = 8  # big buttons per trade on the work screen


@bp.after_request
def no_store(response):
    """A shared screen keeps nothing: no page of the kiosk is cached or restored."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _serving(seeker_id: int | None = None) -> None:
    """Start serving a person (None: nobody); their slip's one-time link goes with them."""
    session["kiosk_person"] = seeker_id
    session.pop("kiosk_link", None)


def _served() -> int | None:
    return session.get("kiosk_person")


@bp.get("/")
@roles_required(*STAFF)
def choose_fair():
    return render_template("kiosk/choose_fair.html", fairs=kiosk.kiosk_fairs())


@bp.get("/<int:fair_id>/")
@roles_required(*STAFF)
def start(fair_id: int):
    """The start screen: whoever was served before is forgotten here."""
    _serving(None)
    return render_template("kiosk/start.html", fair=kiosk.kiosk_fair(fair_id), error=None)


@bp.post("/<int:fair_id>/find")
@roles_required(*STAFF)
def find(fair_id: int):
    fair = kiosk.kiosk_fair(fair_id)
    typed = request.form.get("q", "")
    try:
        with unit_of_work():
            found = kiosk.find_person(current_user, fair, typed, client_ip())
    except ValidationFailed as e:
        return render_template(
            "kiosk/start.html", fair=fair, error=e.errors["q"], typed=typed[:200]
        ), 422
    return render_template("kiosk/results.html", fair=fair, found=found, typed=typed)


@bp.post("/<int:fair_id>/check-in/<int:seeker_id>")
@roles_required(*STAFF)
def check_in(fair_id: int, seeker_id: int):
    fair = kiosk.kiosk_fair(fair_id)
    with unit_of_work():
        kiosk.check_in(current_user, fair, seeker_id, client_ip())
    _serving(seeker_id)
    return redirect(url_for("kiosk.slip", fair_id=fair.id, seeker_id=seeker_id))


@bp.get("/<int:fair_id>/slip/<int:seeker_id>")
@roles_required(*STAFF)
def slip(fair_id: int, seeker_id: int):
    fair = kiosk.kiosk_fair(fair_id)
    if _served() != seeker_id:  # after a reset, Back shows nobody
        return redirect(url_for("kiosk.start", fair_id=fair.id))
    token = session.get("kiosk_link")  # a reprint shows the same link
    with unit_of_work():
        seeker, rows = kiosk.view_slip(current_user, fair, seeker_id, client_ip())
        if token is None:
            token = kiosk.new_setup_link(seeker)
    session["kiosk_link"] = token
    link = url_for("auth.setup_password", token=token, _external=True)
    return render_template(
        "kiosk/slip.html", fair=fair, seeker=seeker, rows=rows, link=link, qr=_qr_svg(link)
    )


def _qr_svg(link: str) -> str:
    import segno

    return segno.make(link, error="m").svg_inline(scale=4, dark="#000", light="#fff")


# -- walk-in registration ------------------------------------------------------------------


def _typed() -> dict[str, Any]:
    form = request.form
    data: dict[str, Any] = {k: form.get(k, "") for k in ("mobile", "name", "desired_text")}
    data["district_code"] = form.get("district_code") or None
    for name in LIST_FIELDS:
        data[name] = form.getlist(name)
    for name in FLAGS:
        data[name] = form.get(name) == "y"
    birth = form.get("birth_year", "")
    data["birth_year"] = birth
    return data


def _for_service(data: dict[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    birth = str(clean.get("birth_year") or "").strip()
    clean["birth_year"] = None
    if birth:
        try:
            clean["birth_year"] = validation.clean_int(birth, 1900, 2100)
        except ValueError:
            clean["birth_year"] = -1  # the service says what is wrong with it
    if not clean.get("district_code"):
        clean.pop("district_code")
    return clean


def _register_page(fair, step: int, data: dict, errors: dict | None = None, status: int = 200):
    return render_template(
        "kiosk/register.html",
        fair=fair,
        step=step,
        steps=len(STEPS),
        data=data,
        errors=errors or {},
        occupations=_common_occupations(),
        mapped=kiosk_suggestions(data),
        licence_labels=licences.LABELS,
        districts=_districts(fair),
    ), status


def kiosk_suggestions(data: dict) -> list:
    text = (data.get("desired_text") or "").strip()
    return seekers.suggest_occupations(text, data.get("occupation_codes") or []) if text else []


def _common_occupations() -> list[tuple[str, list]]:
    return [
        (labels.trade[trade], list(taxonomy.by_trade(trade))[:COMMON_OCCUPATIONS])
        for trade in ("delivery", "logistics", "livestream")
    ]


def _districts(fair) -> list[tuple[str, str]]:
    """The counties of the fair's city: most walk-ins live there (others: type the code)."""
    league = regions.league_of(fair.district_code)
    return [(c.code, c.name) for c in regions.counties_in(league.code if league else None)]


@bp.route("/<int:fair_id>/register", methods=["GET", "POST"])
@roles_required(*STAFF)
def register(fair_id: int):
    fair = kiosk.kiosk_fair(fair_id)
    if request.method == "GET":
        _serving(None)
        return _register_page(fair, 1, {"district_code": fair.district_code})
    data = _typed()
    step = id_arg(request.form, "step") or 1
    step = min(max(step, 1), len(STEPS))
    if request.form.get("back"):
        return _register_page(fair, max(1, step - 1), data)
    service_data = _for_service(data)
    if step == 1:
        errors = kiosk.check_walk_in_step(service_data, STEPS[0])
        if errors:
            return _register_page(fair, 1, data, errors, 422)
        existing = kiosk.seeker_with_mobile(validation.clean_mobile(data["mobile"]))
        if existing is not None:
            return render_template(
                "kiosk/known.html",
                fair=fair,
                seeker=existing,
                masked_name=mask_name(existing.name),
            )
    if step < len(STEPS):
        errors = kiosk.check_walk_in_step(service_data, STEPS[step - 1])
        if errors:
            return _register_page(fair, step, data, errors, 422)
        return _register_page(fair, step + 1, data)
    try:
        with unit_of_work():
            seeker, _created = kiosk.register_walk_in(
                current_user, fair, service_data, request.form.get("consent") == "y", client_ip()
            )
            kiosk.check_in(current_user, fair, seeker.id, client_ip())
    except ValidationFailed as e:
        first = next(
            (i + 1 for i, fields in enumerate(STEPS) if set(fields) & set(e.errors)), len(STEPS)
        )
        return _register_page(fair, first, data, e.errors, 422)
    except ConcurrentChange:  # the same form twice at once: the first one registered them
        existing = kiosk.seeker_with_mobile(validation.clean_mobile(data["mobile"]))
        with unit_of_work():
            kiosk.check_in(current_user, fair, existing.id, client_ip())
        seeker = existing
    _serving(seeker.id)
    return redirect(url_for("kiosk.slip", fair_id=fair.id, seeker_id=seeker.id))


# -- the policy desk -----------------------------------------------------------------------


@bp.route("/<int:fair_id>/consult", methods=["GET", "POST"])
@roles_required(*STAFF)
def consult(fair_id: int):
    fair = kiosk.kiosk_fair(fair_id)
    seeker_id = _served()
    typed = {"topic": request.form.get("topic", ""), "notes": request.form.get("notes", "")}
    if request.method == "POST":
        try:
            with unit_of_work():
                kiosk.record_consultation(
                    current_user,
                    fair,
                    typed["topic"],
                    typed["notes"],
                    answered=request.form.get("answered", "y") == "y",
                    seeker_id=seeker_id if request.form.get("with_person") == "y" else None,
                )
        except ValidationFailed as e:
            return render_template(
                "kiosk/consult.html", fair=fair, typed=typed, errors=e.errors, saved=False
            ), 422
        return render_template("kiosk/consult.html", fair=fair, typed={}, errors={}, saved=True)
    return render_template("kiosk/consult.html", fair=fair, typed=typed, errors={}, saved=False)


@bp.errorhandler(DomainError)
def kiosk_error(error: DomainError):
    """Refusals on the kiosk in its own large layout, with the way back to the start."""
    db.session.rollback()
    fair_id = (request.view_args or {}).get("fair_id")
    return render_template(
        "kiosk/message.html", message=error.message, fair_id=fair_id
    ), error.status_code
