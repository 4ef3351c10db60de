"""Staff exports of a fair's tables, and the admin page for the export permission.

The pages belong to the staff blueprint (``staff.fair_exports`` ...): ``create_app``
adds them with :func:`jobfair.views.add_routes` before it registers that blueprint.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from jobfair.i18n import gettext as _

from ..access import client_ip, roles_required
from ..services import exports, fairs, unit_of_work
from .staff import STAFF


@roles_required(*STAFF)
def fair_exports(fair_id: int):
    """The exports of one fair: each table as CSV or XLSX."""
    fair = fairs.get_fair(fair_id)
    return render_template(
        "staff/fair_exports.html",
        fair=fair,
        tables=exports.TABLES.values(),
        formats=exports.FORMATS,
        contact=exports.may_export_contact(current_user),
    )


@roles_required(*STAFF)
def export_table(fair_id: int, table: str, fmt: str):
    """One table as a file, streamed while its rows are read; audited before and after.
    The chunks need no request context (``exports.Run``)."""
    with unit_of_work():
        export = exports.start_export(current_user, fair_id, table, fmt, client_ip())
    name = export.filename  # ASCII already; filename* for clients that prefer it
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        export.chunks,
        mimetype=export.mimetype,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


@roles_required("admin")
def staff_accounts():
    return render_template("staff/staff_accounts.html", accounts=exports.staff_accounts())


@roles_required("admin")
def set_export_permission(user_id: int):
    allowed = request.form.get("can_export") == "1"
    with unit_of_work():
        user = exports.set_export_permission(current_user, user_id, allowed, client_ip())
    if allowed:
        flash(_("已允许 %(name)s 导出姓名和手机号。", name=user.display_name), "success")
    else:
        flash(_("已取消 %(name)s 导出姓名和手机号的权限。", name=user.display_name), "info")
    return redirect(url_for("staff.staff_accounts") + f"#account-{user.id}")


ROUTES = [
    ("/fairs/<int:fair_id>/exports", fair_exports, ["GET"]),
    ("/fairs/<int:fair_id>/exports/<table>.<fmt>", export_table, ["GET"]),
    ("/accounts", staff_accounts, ["GET"]),
    ("/accounts/<int:user_id>/export-permission", set_export_permission, ["POST"]),
]
