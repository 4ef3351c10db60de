"""Public operations: postings, fairs with their booths, policy articles. No token
needed; the same lists and the same filters as the web pages."""

from __future__ import annotations

from flask import Blueprint as FlaskBlueprint
from flask import current_app, request
from flask_smorest import Blueprint
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from ..services import fairs, policies, posting_search, postings
from ..services.postings import PostingFilters
from . import schemas as s
from .core import clamp_page, current_token, optional_token, paged, register_handlers, with_etag

blp = Blueprint(
    "api_public", __name__, url_prefix="/api/v1", description="Public: postings, fairs, policies"
)
register_handlers(blp)


def _seeker_of_token():
    token = current_token()
    if token is None or token.user.role != "seeker":
        return None
    return token.user.seeker_profile if "recommendations:read" in token.scope_list else None


def _int_or_none(value, low: int, high: int) -> int | None:
    return value if value is not None and low <= value <= high else None


@blp.get("/postings")
@optional_token
@blp.arguments(s.PostingQuery, location="query", as_kwargs=True)
@blp.response(200, s.PostingPage, headers={"Link": {"schema": {"type": "string"}}})
def posting_list(page=1, per_page=20, **args):
    """Open postings of verified employers, filtered and ordered as on the web list.

    With a seeker's token holding `recommendations:read`, the seeker's orders
    ("match", "distance") work as they do for a logged-in seeker on the web."""
    filters = PostingFilters(
        trade=args.get("trade") or None,
        district=args.get("district") or None,
        schedule=args.get("schedule") or None,
        min_pay=_int_or_none(args.get("min_pay"), 1, 10_000_000),
        pay_unit=args.get("pay_unit") or None,
        keyword=args.get("q") or None,
    )
    page, per_page = clamp_page({"page": page, "per_page": per_page})
    listing = posting_search.browse_postings(
        filters, args.get("sort"), page, per_page, seeker=_seeker_of_token()
    )
    return paged(listing.page, listing.page.items)


@blp.get("/postings/<int:posting_id>")
@optional_token
@blp.response(200, s.PostingSchema)
@blp.alt_response(304, description="Not modified (If-None-Match)")
def posting_detail(posting_id: int):
    """One open posting (404 once it is closed or its employer is not verified)."""
    return with_etag(s.PostingSchema().dump(postings.public_posting(posting_id)))


def _fair_row(fair) -> dict:
    return {**_columns(fair), "phase": fairs.fair_phase(fair)}


def _columns(fair) -> dict:
    return {c: getattr(fair, c) for c in s.FairSchema().fields if c != "phase"}


@blp.get("/fairs")
@optional_token
@blp.response(200, s.FairSchema(many=True))
def fair_list():
    """Published fairs, as the web's fair list shows them."""
    return [_fair_row(f) for f in fairs.public_fairs()]


@blp.get("/fairs/<int:fair_id>")
@optional_token
@blp.response(200, s.FairDetailSchema)
@blp.alt_response(304, description="Not modified (If-None-Match)")
def fair_detail(fair_id: int):
    """A published fair with its approved booths and the postings at each."""
    fair = fairs.public_fair(fair_id)
    row = _fair_row(fair)
    row["booths"] = [
        {
            "id": b.id,
            "label": b.label,
            "employer": b.employer,
            "postings": [p for p in b.postings if p.is_public],
        }
        for b in fairs.booths_of(fair)
    ]
    return with_etag(s.FairDetailSchema().dump(row))


@blp.get("/policies")
@optional_token
@blp.arguments(s.PolicyQuery, location="query", as_kwargs=True)
@blp.response(200, s.PolicyPage, headers={"Link": {"schema": {"type": "string"}}})
def policy_list(tag=None, page=1, per_page=20):
    """Current policy articles, newest first; `tag` filters as on the web."""
    page, per_page = clamp_page({"page": page, "per_page": per_page})
    result = policies.public_articles_page(policies.tag_arg(tag), page, per_page)
    return paged(result, result.items)


@blp.get("/policies/<int:article_id>")
@optional_token
@blp.response(200, s.PolicySchema)
@blp.alt_response(304, description="Not modified (If-None-Match)")
def policy_detail(article_id: int):
    """A published policy article (Markdown body)."""
    return with_etag(s.PolicySchema().dump(policies.public_article(article_id)))


fallback = FlaskBlueprint("api_fallback", __name__, url_prefix="/api/v1")
register_handlers(fallback)


@fallback.route("/<path:anything>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(anything: str):
    """Any other path under /api/v1: 404, or 405 where the path exists with other methods."""
    adapter = current_app.url_map.bind("")
    allowed = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            endpoint, _args = adapter.match(request.path, method=method)
        except HTTPException:
            continue
        if endpoint != "api_fallback.not_found":
            allowed.append(method)
    if allowed:
        raise MethodNotAllowed(valid_methods=allowed)
    raise NotFound()


not_found.roles = ("anyone",)
