"""Staff pages for the support schemes of policy matching: list, create, edit.

The conditions are edited as rows of a plain form (fact, operator, values), never as
raw JSON; a refused form comes back with what was typed and a message per row. The
pages belong to the staff blueprint (``staff.scheme_list`` ...), added by ``create_app``
with :func:`jobfair.views.add_routes`. The module also gives templates
``policy_matches(seeker_or_id)`` for the dashboard, the kiosk slip and the desk.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobfair.i18n import gettext as _
from matching import taxonomy

from .. import labels
from ..access import client_ip, roles_required
from ..errors import ValidationFailed
from ..extensions import db
from ..services import policy_matching, unit_of_work
from .staff import STAFF, bp

BLANK_ROWS = 2  # empty condition rows under the filled ones
FAIRS_LISTED = 10  # the latest fairs, each linked to its count per scheme


def _rows_typed() -> list[dict[str, str]]:
    rows = []
    for n in range(policy_matching.MAX_CONDITIONS + BLANK_ROWS):
        row = {
            k: request.form.get(f"c-{n}-{k}", "") for k in ("fact", "op", "value", "low", "high")
        }
        if any(row.values()):
            rows.append(row)
    return rows


def _rows_of(conditions: list[dict[str, Any]]) -> list[dict[str, str]]:
    rows = []
    for c in conditions:
        value = c.get("value")
        row = {"fact": c["fact"], "op": c["op"], "value": "", "low": "", "high": ""}
        if c["op"] == "between":
            row["low"], row["high"] = ("" if v is None else str(v) for v in value)
        elif value:
            row["value"] = ",".join(value)
        rows.append(row)
    return rows


def _typed() -> dict[str, Any]:
    fields = ("name", "benefit", "documents", "where_to_apply", "valid_until", "source_title")
    typed: dict[str, Any] = {k: request.form.get(k, "") for k in fields}
    typed["published"] = request.form.get("published") == "y"
    return typed


def _form(scheme=None, typed=None, rows=None, errors=None, status=200):
    if typed is None:
        typed = {
            "name": scheme.name if scheme else "",
            "benefit": scheme.benefit if scheme else "",
            "documents": scheme.documents if scheme else "",
            "where_to_apply": scheme.where_to_apply if scheme else "",
            "valid_until": scheme.valid_until.isoformat() if scheme and scheme.valid_until else "",
            "source_title": scheme.source_title if scheme else "",
            "published": scheme.published if scheme else False,
        }
        rows = _rows_of(scheme.conditions) if scheme else []
    blank = {"fact": "", "op": "", "value": "", "low": "", "high": ""}
    rows = list(rows) + [dict(blank) for _n in range(BLANK_ROWS)]
    return render_template(
        "staff/scheme_form.html",
        scheme=scheme,
        typed=typed,
        rows=rows,
        errors=errors or {},
        facts=[(f, policy_matching.fact_label(f)) for f in policy_matching.FACTS],
        ops=[(o, policy_matching.op_label(o)) for o in policy_matching.OPS],
        trades=labels.trade,
        occupations=taxonomy.grouped_choices(),
    ), status


def _save(scheme_id: int | None):
    typed, rows = _typed(), _rows_typed()
    data = {**typed, "conditions": rows}
    try:
        with unit_of_work():
            saved = policy_matching.save_scheme(current_user, scheme_id, data, ip=client_ip())
    except ValidationFailed as e:
        scheme = policy_matching.get_scheme(scheme_id) if scheme_id is not None else None
        return _form(scheme, typed, rows, e.errors, 422)
    flash(_("政策“%(name)s”已保存。", name=saved.name), "success")
    return redirect(url_for("staff.scheme_list"))


@roles_required(*STAFF)
def scheme_list():
    from ..services import fairs

    schemes = policy_matching.all_schemes()
    return render_template(
        "staff/schemes.html",
        schemes=schemes,
        fairs=fairs.all_fairs()[:FAIRS_LISTED],
        today=_today(),
        fact_label=policy_matching.fact_label,
        op_label=policy_matching.op_label,
    )


@roles_required(*STAFF)
def scheme_new():
    if request.method == "POST":
        return _save(None)
    return _form()


@roles_required(*STAFF)
def scheme_edit(scheme_id: int):
    scheme = policy_matching.get_scheme(scheme_id)
    if request.method == "POST":
        return _save(scheme.id)
    return _form(scheme)


@roles_required(*STAFF)
def scheme_fair_counts(fair_id: int):
    from ..services import fairs

    fair = fairs.get_fair(fair_id)
    people, counts = policy_matching.fair_counts(fair.id)
    return render_template("staff/schemes_fair.html", fair=fair, people=people, counts=counts)


def _today():
    from ..services.policies import local_today

    return local_today()


def policy_matches(seeker_or_id) -> list[policy_matching.SchemeMatch]:
    """For templates: the schemes a seeker (or a seeker's id) may be eligible for."""
    from models import SeekerProfile

    if seeker_or_id is None:
        return []
    seeker = seeker_or_id
    if isinstance(seeker_or_id, int):
        seeker = db.session.get(SeekerProfile, seeker_or_id)
    return policy_matching.evaluate(seeker) if seeker is not None else []


bp.add_app_template_global(policy_matches, "policy_matches")

ROUTES = [
    ("/schemes", scheme_list, ["GET"]),
    ("/schemes/new", scheme_new, ["GET", "POST"]),
    ("/schemes/<int:scheme_id>", scheme_edit, ["GET", "POST"]),
    ("/schemes/fairs/<int:fair_id>", scheme_fair_counts, ["GET"]),
]
