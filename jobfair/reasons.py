"""The matcher's reasons in the page's language.

``matching`` says why a pair fits and what a seeker lacks as codes with
parameters (:mod:`matching.reasons`); this module is the one place that says
them in words, through Flask-Babel: "持有B2驾照，满足岗位要求" on Chinese pages,
"Holds a B2 licence, as the posting requires" on English ones. Places and
occupations are named in the page's language too.

``audience`` is who reads the reason: "employer" (also staff) or "seeker",
to whom a reason about the seeker is addressed ("您在…", never "求职者在…").
Left out, it is the person logged in: a seeker only ever reads reasons about
themselves, so on every page a seeker opens the reasons speak to them.

In templates: ``{{ reason | reason }}``, ``{{ reason | reason("seeker") }}``,
and ``{{ reasons | reason_list }}`` for several in one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, g, has_request_context

from jobfair.i18n import gettext as _
from jobfair.i18n import is_english
from matching import reasons as R
from matching import regions, taxonomy, words
from matching.reasons import Reason

__all__ = [
    "render",
    "render_all",
    "join",
    "reader",
    "occupation_name",
    "place_name",
    "term_name",
    "init_app",
]

EMPLOYER = "employer"
SEEKER = "seeker"


def _english() -> bool:
    return is_english()


def occupation_name(code: str | None) -> str:
    """An occupation's name in the page's language ("" when unknown)."""
    occupation = taxonomy.get(code)
    if occupation is None:
        return code or ""
    return occupation.name_en if _english() and occupation.name_en else occupation.name


def place_name(code: str | None) -> str:
    """A division's own name in the page's language ("赛罕区" / "Saihan District")."""
    division = regions.get(code)
    if division is None:
        return code or ""
    return division.name_en if _english() and division.name_en else division.name


def term_name(word: str) -> str:
    """A matched word in the page's language: an occupation's English name where
    the word is one of its names or synonyms ("骑手" -> "Delivery rider"),
    otherwise the word as both texts have it."""
    if not _english():
        return word
    code = words.known_word_code(word)
    return occupation_name(code) if code else word


def reader() -> str:
    """The audience of the page being made: "seeker" for a logged-in seeker, else "employer"."""
    if has_request_context():
        user = g.get("_login_user")  # Flask-Login's user of this request, once loaded
        if user is None:
            from flask_login import current_user

            user = current_user._get_current_object()
        if getattr(user, "is_authenticated", False) and user.role == SEEKER:
            return SEEKER
    return EMPLOYER


def _separator() -> str:
    return _("、")


def _schedule(p: dict[str, Any], audience: str) -> str:
    labels = {"full_time": _("全职"), "part_time": _("兼职"), "flexible": _("灵活时间")}
    label = labels.get(p.get("schedule") or "")
    return _("工作时间合适（%(schedule)s）", schedule=label) if label else _("工作时间合适")


def _same_city(p: dict[str, Any], audience: str) -> str:
    return _("同在%(place)s", place=place_name(p["city"])) if p.get("city") else _("同城")


def _same_region(p: dict[str, Any], audience: str) -> str:
    posting, seeker = p.get("posting_city"), p.get("seeker_city")
    if not (posting and seeker):
        return _("同在内蒙古")
    if audience == SEEKER:
        return _(
            "您在%(seeker)s，岗位在%(posting)s（同在内蒙古）",
            seeker=place_name(seeker),
            posting=place_name(posting),
        )
    return _(
        "岗位在%(posting)s，求职者在%(seeker)s（同在内蒙古）",
        posting=place_name(posting),
        seeker=place_name(seeker),
    )


def _matched_terms(p: dict[str, Any], audience: str) -> str:
    names = dict.fromkeys(term_name(t) for t in p["terms"])  # two synonyms, one English name
    return _("匹配词：%(terms)s", terms=_separator().join(names))


_Say = Callable[[dict[str, Any], str], str]

#: Code -> its words. Every code of matching.reasons has an entry (tests check).
_SAY: dict[str, _Say] = {
    R.OCCUPATION_MATCH: lambda p, a: _(
        "求职意向对口：%(occupation)s", occupation=occupation_name(p["occupation"])
    ),
    R.OCCUPATION_RELATED: lambda p, a: _(
        "相关职业：%(occupation)s", occupation=occupation_name(p["occupation"])
    ),
    R.LICENCE_OK: lambda p, a: _("持有%(licence)s驾照，满足岗位要求", licence=p["licence"]),
    R.HAS_HEALTH_CERTIFICATE: lambda p, a: _("持有健康证"),
    R.HAS_EBIKE: lambda p, a: _("自备电动车"),
    R.HAS_CAR: lambda p, a: _("自备汽车"),
    R.WORKS_NIGHTS: lambda p, a: _("可上夜班"),
    R.WORKS_WEEKENDS: lambda p, a: _("周末可上班"),
    R.SAME_DISTRICT: lambda p, a: _("同在%(place)s", place=place_name(p["district"])),
    R.SAME_CITY: _same_city,
    R.SAME_REGION: _same_region,
    R.OUTSIDE: lambda p, a: _("不在同一地区"),
    R.SCHEDULE_FITS: _schedule,
    R.PAY_ABOVE_EXPECTATION: lambda p, a: _("岗位薪资高于期望"),
    R.PAY_IN_RANGE: lambda p, a: _("期望薪资在岗位范围内"),
    R.PAY_ABOVE_RANGE: lambda p, a: _("期望薪资高于岗位上限"),
    R.MATCHED_TERMS: _matched_terms,
    R.PROFILE_HIDDEN: lambda p, a: _("您的资料未公开") if a == SEEKER else _("求职者资料未公开"),
    R.NEEDS_LICENCE: lambda p, a: _("需要%(licence)s驾照", licence=p["licence"]),
    R.NEEDS_MIN_AGE: lambda p, a: _("年龄需满%(age)d周岁", age=p["age"]),
    R.NEEDS_HEALTH_CERTIFICATE: lambda p, a: _("需要健康证"),
    R.NEEDS_EBIKE: lambda p, a: _("需要自备电动车"),
    R.NEEDS_CAR: lambda p, a: _("需要自备汽车"),
    R.NEEDS_NIGHTS: lambda p, a: _("需要能上夜班"),
    R.NEEDS_WEEKENDS: lambda p, a: _("需要周末能上班"),
}


def render(reason: Reason | tuple[str, dict[str, Any]], audience: str | None = None) -> str:
    """One reason in the page's language (an unknown code is shown as itself), for
    ``audience`` (default: :func:`reader`)."""
    code, params = reason
    say = _SAY.get(code)
    return say(params, audience or reader()) if say is not None else str(code)


def render_all(reasons: Iterable[Reason], audience: str | None = None) -> list[str]:
    """Several reasons, each in the page's language, in their order."""
    audience = audience or reader()
    return [render(r, audience) for r in reasons]


def join(reasons: Iterable[Reason], audience: str | None = None) -> str:
    """Several reasons in one line ("需要B2驾照、年龄需满18周岁")."""
    return _separator().join(render_all(reasons, audience))


def init_app(app: Flask) -> None:
    """Register the ``reason`` and ``reason_list`` template filters."""
    app.jinja_env.filters.update(reason=render, reason_list=join)
