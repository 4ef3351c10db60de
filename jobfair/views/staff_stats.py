"""Staff pages for statistics: one fair's dashboard and the region across fairs.

The pages belong to the staff blueprint (``staff.fair_stats``, ``staff.region_stats``):
``create_app`` adds them with :func:`jobfair.views.add_routes` before it registers that blueprint.
The figures come from :mod:`jobfair.services.statistics`; this module only shapes
them into the charts' data (``static/js/charts.js`` draws them from the page's JSON
block; the same numbers are in a table beside every chart).
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from jobfair.i18n import gettext as _

from .. import labels
from ..access import roles_required
from ..clock import bureau_zone, now
from ..errors import ValidationFailed
from ..services import statistics
from ..services.statistics import REPORT_TRADES, SEEKER_FIGURES, Breakdown, city_name
from .staff import STAFF

#: The figures the funnel chart of a fair shows, from sign-up to hire.
FUNNEL = ("signed_up", "checked_in", "applications", "interviews", "offers", "hires")
#: The figures of the trade chart and the city chart.
TRADE_CHART = ("checked_in", "applications", "offers")
CITY_CHART = ("checked_in", "applications", "offers")
OCCUPATION_CHART_ROWS = 12


def _series(key: str, values) -> dict[str, Any]:
    return {"label": str(labels.fair_figure[key]), "data": [int(v) for v in values]}


def _breakdown_charts(figures: Breakdown) -> dict[str, Any]:
    trades = [str(labels.trade[t]) for t in REPORT_TRADES]
    cities = figures.cities()
    return {
        "trades": {
            "type": "bar",
            "labels": trades,
            "datasets": [
                _series(k, (figures.by_trade[t].get(k) for t in REPORT_TRADES)) for k in TRADE_CHART
            ],
        },
        "cities": {
            "type": "bar",
            "horizontal": True,
            "labels": [city_name(c) for c, _f in cities],
            "datasets": [_series(k, (f.get(k) for _c, f in cities)) for k in CITY_CHART],
        },
        "topics": {
            "type": "bar",
            "horizontal": True,
            "labels": [str(labels.consultation_topic[t]) for t in figures.topics],
            "datasets": [
                {"label": _("咨询人次"), "data": [a for a, _b in figures.topics.values()]},
                {"label": _("已解答"), "data": [b for _a, b in figures.topics.values()]},
            ],
        },
    }


def _fair_charts(stats: statistics.FairStats) -> dict[str, Any]:
    total = stats.figures.total
    occupations = stats.occupations[:OCCUPATION_CHART_ROWS]
    charts = {
        "funnel": {
            "type": "bar",
            "labels": [str(labels.fair_figure[k]) for k in FUNNEL],
            "datasets": [{"label": _("人数"), "data": [total.get(k) for k in FUNNEL]}],
        },
        "check_ins": {
            "type": "bar",
            "labels": [h.label for h in stats.check_ins],
            "datasets": [_series("checked_in", (h.checked_in for h in stats.check_ins))],
        },
        "employers": {
            "type": "bar",
            "horizontal": True,
            "labels": [e.name for e in stats.top_employers],
            "datasets": [
                _series("applications", (e.applications for e in stats.top_employers)),
                _series("offers", (e.offers for e in stats.top_employers)),
            ],
        },
        "occupations": {
            "type": "bar",
            "horizontal": True,
            "labels": [o.name for o in occupations],
            "datasets": [
                _series("headcount", (o.headcount for o in occupations)),
                _series("offers", (o.offers for o in occupations)),
            ],
        },
        **_breakdown_charts(stats.figures),
    }
    return {"charts": charts}


@roles_required(*STAFF)
def fair_stats(fair_id: int):
    stats = statistics.fair_stats(fair_id)
    return render_template(
        "staff/stats_fair.html",
        stats=stats,
        fair=stats.fair,
        figures=stats.figures,
        chart_data=_fair_charts(stats),
        **_words(),
    )


def _region_charts(stats: statistics.RegionStats) -> dict[str, Any]:
    months = stats.months
    charts = {
        "months": {
            "type": "line",
            "labels": [m.month for m in months],
            "datasets": [
                _series(k, (m.figures.get(k) for m in months))
                for k in ("checked_in", "applications", "offers")
            ],
        },
        **_breakdown_charts(stats.figures),
    }
    return {"charts": charts}


@roles_required(*STAFF)
def region_stats():
    """Fairs that start in a date range (``?start=&end=``, this year by default)."""
    typed = {"start": request.args.get("start", ""), "end": request.args.get("end", "")}
    if not typed["start"] and not typed["end"]:
        span = statistics.default_range(now().astimezone(bureau_zone()).date())
        typed = {"start": span.start.isoformat(), "end": span.end.isoformat()}
    try:
        span = statistics.clean_range(typed["start"], typed["end"])
    except ValidationFailed as e:
        return render_template(
            "staff/stats_region.html", stats=None, typed=typed, errors=e.errors, **_words()
        ), 422
    stats = statistics.region_stats(span)
    return render_template(
        "staff/stats_region.html",
        stats=stats,
        figures=stats.figures,
        typed=typed,
        errors={},
        chart_data=_region_charts(stats),
        **_words(),
    )


def _words() -> dict[str, Any]:
    return {
        "FIGURES": statistics.FIGURES,
        "FUNNEL": FUNNEL,
        "SEEKER_FIGURES": SEEKER_FIGURES,
        "REPORT_TRADES": REPORT_TRADES,
        "city_name": city_name,
    }


ROUTES = [
    ("/fairs/<int:fair_id>/stats", fair_stats, ["GET"]),
    ("/stats", region_stats, ["GET"]),
]
