"""Staff page of background jobs (jobfair.jobs): start, watch, retry, download.

The pages belong to the staff blueprint (``staff.job_list`` ...): ``create_app``
adds them with :func:`jobfair.views.add_routes` before it registers that blueprint.
The page refreshes itself from ``staff.job_states`` (static/js/jobs.js).
"""

from __future__ import annotations

from flask import (
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from jobfair.i18n import gettext as _

from .. import jobs
from ..access import client_ip, roles_required
from ..services import exports, fairs
from ..validation import clean_id
from .staff import STAFF


def _kind_labels() -> dict[str, str]:
    return {
        "rebuild_index": _("重建匹配索引"),
        "nightly_rebuild": _("每晚重建匹配索引"),
        "fair_matches": _("招聘会批量匹配"),
        "export": _("导出数据"),
    }


def _state_labels() -> dict[str, str]:
    return {
        "queued": _("排队中"),
        "scheduled": _("已计划"),
        "deferred": _("等待中"),
        "started": _("进行中"),
        "finished": _("已完成"),
        "failed": _("失败"),
        "stopped": _("已停止"),
        "canceled": _("已取消"),
    }


def _rows() -> list[dict]:
    kinds, states = _kind_labels(), _state_labels()
    rows = jobs.recent_jobs()
    for row in rows:
        row["title"] = kinds.get(row["kind"], row["kind"])
        row["state_label"] = states.get(row["state"], row["state"])
        row["download"] = (
            url_for("staff.job_download", job_id=row["id"])
            if row["file"] and row["owner"] == current_user.id
            else None
        )
    return rows


@roles_required(*STAFF)
def job_list():
    if not jobs.configured():
        return render_template("staff/jobs.html", configured=False, rows=[])
    try:
        rows = _rows()
    except jobs.QueueUnavailable:
        return _page(rows=[], unreachable=True), 503
    return _page(rows=rows)


def _page(rows: list[dict], unreachable: bool = False, chosen: dict | None = None) -> str:
    """The jobs page: its forms (what they need comes from the database, so they are
    shown while Redis is away too), with ``chosen`` preselected, and the recent jobs."""
    return render_template(
        "staff/jobs.html",
        configured=True,
        unreachable=unreachable,
        chosen=chosen or {},
        rows=rows,
        fairs=fairs.all_fairs(),
        tables=exports.TABLES.values(),
        formats=exports.FORMATS,
    )


@roles_required(*STAFF)
def job_states():
    """The recent jobs as JSON, for the page's refresh."""
    if not jobs.configured():
        return jsonify(configured=False, jobs=[])
    try:
        rows = _rows()
    except jobs.QueueUnavailable:
        return jsonify(configured=True, reachable=False, jobs=[]), 503
    keys = ("id", "title", "state", "state_label", "active", "progress", "error", "result",
            "download")  # fmt: skip
    return jsonify(
        configured=True, reachable=True, jobs=[{k: row[k] for k in keys} for row in rows]
    )


def _start(kind: str, *args):
    if not jobs.configured():
        abort(404)
    try:
        jobs.enqueue(kind, *args, by=current_user.id)
    except jobs.QueueUnavailable:
        # the same page again, with what was chosen still chosen, to send once it is back
        chosen = {"form": request.endpoint, **request.form.to_dict()}
        chosen.pop("csrf_token", None)
        return _page(rows=[], unreachable=True, chosen=chosen), 503
    flash(_("任务“%(title)s”已加入队列。", title=_kind_labels()[kind]), "success")
    return redirect(url_for("staff.job_list"))


def _fair_id() -> int:
    try:  # ASCII digits within the database's ids: "①" is a digit to str.isdigit()
        fair_id = clean_id(request.form.get("fair_id"))
    except ValueError:
        abort(400)
    return fairs.get_fair(fair_id).id  # 404 for a fair that does not exist


@roles_required(*STAFF)
def start_rebuild():
    return _start("rebuild_index")


@roles_required(*STAFF)
def start_fair_matches():
    return _start("fair_matches", _fair_id(), current_user.id, client_ip())


@roles_required(*STAFF)
def start_export():
    table, fmt = request.form.get("table"), request.form.get("fmt")
    if table not in exports.TABLES or fmt not in exports.FORMATS:
        abort(400)
    return _start("export", _fair_id(), table, fmt, current_user.id, client_ip())


@roles_required(*STAFF)
def retry_job(job_id: str):
    if not jobs.configured():
        abort(404)
    try:
        job = jobs.retry(job_id)
    except jobs.QueueUnavailable:
        return _page(rows=[], unreachable=True), 503
    if job is None:
        abort(404)
    flash(_("任务已重新加入队列。"), "success")
    return redirect(url_for("staff.job_list") + f"#job-{job.id}")


@roles_required(*STAFF)
def job_download(job_id: str):
    if not jobs.configured():
        abort(404)
    try:
        found = jobs.job_file(job_id, current_user.id)
    except jobs.QueueUnavailable:
        abort(503)
    if found is None:
        abort(404)
    path, name = found
    response = send_file(path, as_attachment=True, download_name=name, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


ROUTES = [
    ("/jobs", job_list, ["GET"]),
    ("/jobs.json", job_states, ["GET"]),
    ("/jobs/rebuild-index", start_rebuild, ["POST"]),
    ("/jobs/fair-matches", start_fair_matches, ["POST"]),
    ("/jobs/export", start_export, ["POST"]),
    ("/jobs/<job_id>/retry", retry_job, ["POST"]),
    ("/jobs/<job_id>/download", job_download, ["GET"]),
]
