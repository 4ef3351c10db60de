"""Pages for everyone: home, postings, language switch, privacy notice."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..access import int_arg, local_url, public, roles_required
from ..services import (
    applications,
    notify,
    policies,
    posting_search,
    postings,
    ranking,
    saved_postings,
    unit_of_work,
)
from ..services.postings import PostingFilters

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def home():
    latest = postings.search_postings(PostingFilters(), page=1, per_page=6)
    return render_template(
        "main/home.html", latest=latest, current_policies=policies.current_articles()
    )


@bp.get("/postings")
@public
def posting_list():
    args = request.args
    filters = PostingFilters(
        trade=args.get("trade") or None,
        district=args.get("district") or None,
        schedule=args.get("schedule") or None,
        min_pay=int_arg(args, "min_pay", None, 1, 10_000_000),
        pay_unit=args.get("pay_unit") or None,
        keyword=args.get("q") or None,
    )
    listing = posting_search.browse_postings(
        filters,
        args.get("sort"),
        page=int_arg(args, "page", 1, 1),
        per_page=current_app.config["PAGE_SIZE"],
        seeker=_seeker(),
    )
    return render_template(
        "main/posting_list.html",
        listing=listing,
        page=listing.page,
        filters=filters,
        monthly_pay=postings.monthly_pay,
    )


def _seeker():
    """The logged-in seeker's profile, or None for anyone else."""
    if current_user.is_authenticated and current_user.role == "seeker":
        return current_user.seeker_profile
    return None


@bp.get("/postings/saved")
@roles_required("seeker")
def saved_posting_list():
    page = saved_postings.saved_postings(
        current_user.seeker_profile,
        page=int_arg(request.args, "page", 1, 1),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template("main/saved_postings.html", page=page)


@bp.post("/postings/<int:posting_id>/save")
@roles_required("seeker")
def save_posting(posting_id: int):
    with unit_of_work():
        saved_postings.save_posting(current_user.seeker_profile, posting_id)
    return _back_to_posting(posting_id)


@bp.post("/postings/<int:posting_id>/unsave")
@roles_required("seeker")
def unsave_posting(posting_id: int):
    with unit_of_work():
        saved_postings.unsave_posting(current_user.seeker_profile, posting_id)
    return _back_to_posting(posting_id)


@bp.get("/postings/<int:posting_id>/save")
@public
def save_posting_after_login(posting_id: int):
    """Where login returns someone who pressed "收藏" logged out: the posting's page."""
    return redirect(url_for("main.posting_detail", posting_id=posting_id))


def _back_to_posting(posting_id: int):
    """Back to the page the button was on (its ``next``), else the posting's page."""
    default = url_for("main.posting_detail", posting_id=posting_id)
    return redirect(local_url(request.form.get("next"), default))


@bp.get("/postings/<int:posting_id>")
@public
def posting_detail(posting_id: int):
    posting = postings.public_posting(posting_id)
    fit = check = existing = None
    saved = False
    if current_user.is_authenticated and current_user.role == "seeker":
        seeker = current_user.seeker_profile
        saved = bool(saved_postings.saved_ids(seeker, [posting.id]))
        fit = ranking.posting_fit(seeker, posting)
        existing = applications.existing_application(seeker, posting.id)
        check = applications.check_application(seeker, posting)
    return render_template(
        "main/posting_detail.html",
        posting=posting,
        fit=fit,
        check=check,
        existing=existing,
        saved=saved,
    )


@bp.get("/notifications")
@roles_required("seeker", "employer", "staff", "admin")
def notification_list():
    items = notify.notifications_for(current_user)
    return render_template("main/notifications.html", items=items)


@bp.post("/notifications/read")
@roles_required("seeker", "employer", "staff", "admin")
def notifications_read():
    with unit_of_work():
        notify.mark_all_read(current_user)
    return redirect(url_for("main.notification_list"))


@bp.get("/privacy")
@public
def privacy():
    return render_template("main/privacy.html")


@bp.get("/favicon.ico")
@public
def favicon():
    """Browsers and feed readers that ask for /favicon.ico get the app's icon."""
    return redirect(url_for("static", filename="icons/favicon-32.png"), 301)


@bp.post("/lang")
@public
def set_language():
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(local_url(request.form.get("next"), url_for("main.home")))
