"""Pages for everyone: home, postings, language switch, privacy notice."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..access import int_arg, local_url, public, roles_required
from ..services import applications, notify, postings, ranking, unit_of_work
from ..services.postings import PostingFilters

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def home():
    latest = postings.search_postings(PostingFilters(), page=1, per_page=6)
    return render_template("main/home.html", latest=latest)


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
    page = postings.search_postings(
        filters, page=int_arg(args, "page", 1, 1), per_page=current_app.config["PAGE_SIZE"]
    )
    return render_template("main/posting_list.html", page=page, filters=filters)


@bp.get("/postings/<int:posting_id>")
@public
def posting_detail(posting_id: int):
    posting = postings.public_posting(posting_id)
    fit = check = existing = None
    if current_user.is_authenticated and current_user.role == "seeker":
        seeker = current_user.seeker_profile
        fit = ranking.posting_fit(seeker, posting)
        existing = applications.existing_application(seeker, posting.id)
        check = applications.check_application(seeker, posting)
    return render_template(
        "main/posting_detail.html",
        posting=posting,
        fit=fit,
        check=check,
        existing=existing,
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


@bp.post("/lang")
@public
def set_language():
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(local_url(request.form.get("next"), url_for("main.home")))
