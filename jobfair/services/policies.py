"""Policy articles: staff write and publish them, everyone reads the current ones.

An article is *current* while it is published and its valid-until day (in the
bureau's time zone) has not passed; only current articles appear in public
lists. An expired article keeps its page, which says that it has expired, so
that an old link or a shared screenshot still explains itself. A draft is never
shown to the public (404).

Bodies are Markdown, rendered by :func:`render_body` without any raw HTML, with
links only to http(s) addresses and no images at all.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup, escape
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from jobfair.i18n import gettext as _
from models import PolicyArticle, PolicyArticleTag, PolicyStatus, PolicyTag, User

from .. import validation
from ..clock import bureau_zone, now
from ..errors import DomainError, NotFound, ValidationFailed
from ..extensions import Page, db, paginate
from . import audit

POLICY_FIELDS = frozenset({"title", "body", "tags", "valid_until", "status"})
TEXT_LIMITS = {"title": 100, "body": 20_000}
LONGEST_VALIDITY = timedelta(days=366 * 10)
CURRENT_SHOWN = 5  # how many current articles the home and fair pages list


def local_today() -> date:
    """Today in the bureau's time zone: the day valid-until dates are read against."""
    return now().astimezone(bureau_zone()).date()


# -- rendering ------------------------------------------------------------------------------

SAFE_SCHEMES = ("http", "https")


def _link_allowed(url: str) -> bool:
    """Only absolute http(s) links with a host (no javascript:, data:, relative or
    protocol-relative addresses). ``url`` is already normalised by markdown-it."""
    if any(c.isspace() or ord(c) < 0x20 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.hostname)


def _shift_headings(state) -> None:
    """The page's title is the <h1>: the body's top heading level becomes <h2> and the
    others follow it (``#`` or ``##`` alike), so that no level is skipped; <h6> at most."""
    levels = [int(t.tag[1]) for t in state.tokens if t.type == "heading_open"]
    if not levels:
        return
    shift = 2 - min(levels)
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"


def _image_as_text(renderer, tokens, idx, options, env) -> str:
    """No images from anywhere: an image is shown as its description."""
    return str(escape(renderer.renderInlineAsText(tokens[idx].children or [], options, env)))


def _link_open(renderer, tokens, idx, options, env) -> str:
    """A link to an allowed address opens as usual; any other is dropped, its text stays."""
    token = tokens[idx]
    if not _link_allowed(str(token.attrGet("href") or "")):
        env.setdefault("dropped_links", []).append(True)
        return ""
    env.setdefault("dropped_links", []).append(False)
    token.attrSet("rel", "nofollow noopener noreferrer")
    return renderer.renderToken(tokens, idx, options, env)


def _link_close(renderer, tokens, idx, options, env) -> str:
    dropped = env.get("dropped_links") or [True]
    return "" if dropped.pop() else renderer.renderToken(tokens, idx, options, env)


def _make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True})
    # every link is parsed as one, so that a refused address still shows the link's text;
    # the renderer (_link_open) is the one place that decides which become links
    md.validateLink = lambda url: True
    md.core.ruler.push("shift_headings", _shift_headings)
    md.add_render_rule("image", _image_as_text)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    return md


_markdown = _make_markdown()


def render_body(text: str) -> Markup:
    """An article's Markdown as HTML that is safe to put in a page.

    Raw HTML is shown as text; a link to anything but an absolute http(s) address
    is shown as its text without the link; images are shown as their description.
    """
    return Markup(_markdown.render(text or "", {}))


def plain_summary(text: str, limit: int = 80) -> str:
    """The start of an article's text without any Markdown, for a list (… when cut)."""
    words = []
    for token in _markdown.parse(text or ""):
        if token.type == "inline":
            words.append("".join(c.content for c in token.children or [] if c.type in _TEXT))
    flat = " ".join(w for w in words if w).strip()
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"


_TEXT = ("text", "code_inline")


# -- staff: writing -------------------------------------------------------------------------


def clean_article(data: dict[str, Any], existing: PolicyArticle | None = None) -> dict[str, Any]:
    unknown = set(data) - POLICY_FIELDS
    if unknown:
        raise ValueError(f"unknown policy article fields: {sorted(unknown)}")
    clean, errors = validation.clean_texts(data, TEXT_LIMITS, {"title", "body"})
    if "title" in errors and not clean["title"]:
        errors["title"] = _("请填写标题。")
    if "body" in errors and not clean["body"]:
        errors["body"] = _("请填写正文。")
    tags = list(dict.fromkeys(data.get("tags") or []))
    if not tags:
        errors["tags"] = _("请至少选择一个标签。")
    elif any(tag not in tuple(PolicyTag) for tag in tags):
        errors["tags"] = _("请选择列表中的标签。")
    clean["tags"] = tags
    valid_until = data.get("valid_until")
    if valid_until is not None:
        today = local_today()
        changed = existing is None or valid_until != existing.valid_until
        if changed and valid_until < today:
            errors["valid_until"] = _("有效期不能早于今天。")
        elif valid_until > today + LONGEST_VALIDITY:
            errors["valid_until"] = _("有效期最长十年；长期有效的政策请留空。")
    clean["valid_until"] = valid_until
    status = data.get("status") or PolicyStatus.DRAFT
    if status not in tuple(PolicyStatus):
        errors["status"] = _("请选择列表中的状态。")
    clean["status"] = status
    if errors:
        raise ValidationFailed(errors)
    return clean


def _apply(article: PolicyArticle, clean: dict[str, Any]) -> None:
    article.title = clean["title"]
    article.body = clean["body"]
    article.valid_until = clean["valid_until"]
    _set_status(article, clean["status"])
    wanted = clean["tags"]
    article.tag_rows = [r for r in article.tag_rows if r.tag in wanted] + [
        PolicyArticleTag(tag=tag) for tag in wanted if tag not in article.tags
    ]


def _set_status(article: PolicyArticle, status: str) -> None:
    article.status = status
    if status == PolicyStatus.PUBLISHED and article.published_at is None:
        article.published_at = now()


def create_article(
    staff: User, data: dict[str, Any], dry_run: bool = False, ip: str | None = None
) -> PolicyArticle | None:
    clean = clean_article(data)
    if dry_run:
        return None
    article = PolicyArticle(author_id=staff.id)
    _apply(article, clean)
    db.session.add(article)
    db.session.flush()
    detail = {"status": article.status}
    audit.record(staff, "policy.create", "policy_article", article.id, detail, ip)
    db.session.flush()
    return article


def update_article(
    staff: User, article_id: int, data: dict[str, Any], dry_run: bool = False, ip: str | None = None
) -> PolicyArticle:
    article = get_article(article_id)
    clean = clean_article(data, existing=article)
    if dry_run:
        return article
    _apply(article, clean)
    detail = {"status": article.status}
    audit.record(staff, "policy.update", "policy_article", article.id, detail, ip)
    db.session.flush()
    return article


def set_published(
    staff: User, article_id: int, published: bool, ip: str | None = None
) -> PolicyArticle:
    """Publish a draft or take a published article back to draft (unpublish)."""
    article = get_article(article_id)
    if published and article.is_expired(local_today()):
        raise DomainError(_("这篇文章的有效期已过，请先修改有效期再发布。"))
    _set_status(article, PolicyStatus.PUBLISHED if published else PolicyStatus.DRAFT)
    action = "policy.publish" if published else "policy.unpublish"
    audit.record(staff, action, "policy_article", article.id, {}, ip)
    db.session.flush()
    return article


def get_article(article_id: int) -> PolicyArticle:
    article = db.session.get(PolicyArticle, article_id)
    if article is None:
        raise NotFound(_("没有找到这篇政策文章。"))
    return article


def staff_articles_page(page: int, per_page: int) -> Page:
    """Every article, drafts included, the last changed first."""
    stmt = (
        select(PolicyArticle)
        .options(selectinload(PolicyArticle.tag_rows), selectinload(PolicyArticle.author))
        .order_by(PolicyArticle.updated_at.desc(), PolicyArticle.id.desc())
    )
    return paginate(db.session, stmt, page, per_page)


# -- everyone: reading ----------------------------------------------------------------------


def _current(today: date):
    """Published and not past its valid-until day."""
    return select(PolicyArticle).where(
        PolicyArticle.status == PolicyStatus.PUBLISHED,
        or_(PolicyArticle.valid_until.is_(None), PolicyArticle.valid_until >= today),
    )


def _newest_first(stmt):
    return stmt.options(selectinload(PolicyArticle.tag_rows)).order_by(
        PolicyArticle.published_at.desc(), PolicyArticle.id.desc()
    )


def public_articles_page(tag: str | None, page: int, per_page: int) -> Page:
    """Current articles, newest first; with ``tag``, only those filed under it."""
    stmt = _current(local_today())
    if tag is not None:
        stmt = stmt.where(
            exists().where(
                PolicyArticleTag.article_id == PolicyArticle.id, PolicyArticleTag.tag == tag
            )
        )
    return paginate(db.session, _newest_first(stmt), page, per_page)


def current_articles(limit: int = CURRENT_SHOWN) -> list[PolicyArticle]:
    """The newest current articles, for the short lists on the home and fair pages."""
    return list(db.session.scalars(_newest_first(_current(local_today())).limit(limit)))


def public_article(article_id: int) -> PolicyArticle:
    """A published article (current or expired); drafts do not exist for the public."""
    article = db.session.get(PolicyArticle, article_id)
    if article is None or not article.is_published:
        raise NotFound(_("没有找到这篇政策文章。"))
    return article


def tag_arg(value: str | None) -> str | None:
    """A tag from a query string: one of the fixed list, else no filter."""
    return value if value in tuple(PolicyTag) else None
