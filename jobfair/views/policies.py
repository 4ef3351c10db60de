"""Policy articles for everyone: the current ones, filtered by tag, and each article."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..access import int_arg, public
from ..services import policies

bp = Blueprint("policies", __name__, url_prefix="/policies")


@bp.get("/")
@public
def article_list():
    tag = policies.tag_arg(request.args.get("tag"))
    page = policies.public_articles_page(
        tag, int_arg(request.args, "page", 1, 1), current_app.config["PAGE_SIZE"]
    )
    summaries = {a.id: policies.plain_summary(a.body) for a in page.items}
    return render_template("policies/list.html", page=page, tag=tag, summaries=summaries)


@bp.get("/<int:article_id>")
@public
def article_page(article_id: int):
    article = policies.public_article(article_id)
    return render_template(
        "policies/article.html",
        article=article,
        body=policies.render_body(article.body),
        expired=article.is_expired(policies.local_today()),
    )
