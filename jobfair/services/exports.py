"""Staff exports of a fair's tables as CSV (UTF-8 with BOM) or XLSX.

Four tables: the fair summary (:func:`jobfair.services.statistics.summary_rows`),
the applications made through the fair with their states and history, the
check-ins, and the policy-desk consultations.

Rules, each once here:

* **Names and phone numbers** leave only with a staff account that holds the export
  permission (``User.can_export``, :func:`may_export_contact`). Everyone else gets
  the same table without those columns: they are not masked but absent, and never
  read from the database; people stay distinguishable by their seeker number. Free
  text (consultation notes) has mobile numbers masked for them.
* **Streaming**: rows are read with a server-side cursor in batches
  (``stream_results`` / ``yield_per``) and a CSV goes out chunk by chunk while later
  rows are still being read, so 100,000 rows never sit in memory. An XLSX is a zip
  whose sheet openpyxl (write-only mode) writes to a temporary file row by row; the
  file is then sent in chunks. The chunks need no Flask context (the request's words,
  time zone and engine are taken when the export starts, :class:`Run`), so a
  response that is never read, or read after the request ended, holds nothing open.
* **Audit**: an ``export.start`` entry (who, when, fair, table, format, whether
  names and phones were included) is written in the request's unit of work before
  any byte leaves; when the download ends, an ``export.finish`` entry in its own
  transaction says how many rows reached the client and whether it completed. Both
  stay true for a streamed response: an export cut off halfway says so, and one
  whose process died leaves its start entry without a finish.
* **Formula injection**: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return is written as text, never as a formula (OWASP's CSV
  injection advice): in CSV with a leading apostrophe, in XLSX as a string cell
  with Excel's quote prefix.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, and_, select
from sqlalchemy.orm import Session, aliased

from jobfair.i18n import gettext as _
from jobfair.i18n import lazy_gettext as _l
from models import (
    Application,
    ApplicationEvent,
    Booth,
    Consultation,
    Employer,
    Fair,
    FairRegistration,
    Posting,
    Role,
    SeekerProfile,
    User,
)

from .. import labels
from ..clock import bureau_zone, local_time
from ..errors import NotAllowed, NotFound
from ..extensions import db
from ..template_helpers import district_name
from . import audit
from .privacy import mask_phones_in

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: rows fetched from the database per round trip, and rows per CSV chunk sent
BATCH_ROWS = 1000
#: bytes per chunk when an XLSX file is sent
FILE_CHUNK = 64 * 1024
#: what a cell may not start with, or a spreadsheet could read it as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def may_export_contact(user: User) -> bool:
    """Only staff (or admins) holding the export permission get names and phone numbers."""
    return user.role in (Role.STAFF, Role.ADMIN) and bool(user.can_export)


def text_cell(value: str) -> str:
    """``value`` as CSV text that no spreadsheet evaluates: ``'=1+2`` for ``=1+2``."""
    return "'" + value if value.startswith(FORMULA_START) else value


# -- the tables -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: Any  # a lazy label, said in the page's language
    personal: bool = False  # a name or phone number: only with the export permission


class Run:
    """What reading an export's rows needs, taken from the request when it starts: the
    engine, the bureau's time zone and the words of the page's language. The rows are
    then read in a session of their own, outside any Flask context."""

    def __init__(self, engine: Engine, summary: list[tuple] | None = None) -> None:
        self.engine = engine
        self.zone = bureau_zone()
        self.status = {k: str(v) for k, v in labels.application_status.items()}
        self.topic = {k: str(v) for k, v in labels.consultation_topic.items()}
        self.yes, self.no = _("是"), _("否")
        self.summary = summary or []

    def time(self, value) -> str:
        """``clock.local_time`` with the zone taken at the start."""
        return value.astimezone(self.zone).strftime("%Y-%m-%d %H:%M") if value else ""

    def stream(self, stmt: Select) -> Iterator:
        """The rows of ``stmt`` from a server-side cursor, ``BATCH_ROWS`` at a time."""
        with Session(self.engine) as session:
            result = session.execute(
                stmt.execution_options(stream_results=True, yield_per=BATCH_ROWS)
            )
            try:
                yield from result
            finally:
                result.close()


@dataclass(frozen=True)
class Table:
    key: str
    title: Any
    columns: tuple[Column, ...]
    rows: Callable[[Run, int, bool], Iterator[tuple]]  # (run, fair id, with contact) -> rows

    def headings(self, contact: bool) -> list[str]:
        return [str(c.title) for c in self.columns if contact or not c.personal]


def _contact(contact: bool, name_column, phone_column) -> list:
    return [name_column, phone_column] if contact else []


def _application_rows(run: Run, fair_id: int, contact: bool) -> Iterator[tuple]:
    """One row per application made through the fair; its history in one cell."""
    booth = aliased(Booth)
    stmt = (
        select(
            Application.id,
            Application.seeker_id,
            *_contact(contact, SeekerProfile.name, User.phone),
            Posting.id,
            Posting.title,
            Employer.name,
            booth.label,
            Application.status,
            Application.created_at,
            Application.updated_at,
            Application.interview_at,
            ApplicationEvent.to_status,
            ApplicationEvent.at,
        )
        .join(Posting, Posting.id == Application.posting_id)
        .join(Employer, Employer.id == Posting.employer_id)
        .outerjoin(booth, and_(booth.fair_id == fair_id, booth.employer_id == Employer.id))
        .outerjoin(ApplicationEvent, ApplicationEvent.application_id == Application.id)
        .where(Application.fair_id == fair_id)
        .order_by(Application.id, ApplicationEvent.at, ApplicationEvent.id)
    )
    if contact:
        stmt = stmt.join(SeekerProfile, SeekerProfile.id == Application.seeker_id).join(
            User, User.id == SeekerProfile.user_id
        )
    for _id, joined in itertools.groupby(run.stream(stmt), key=lambda row: row[0]):
        rows = list(joined)
        first = rows[0]
        *fixed, status, created, updated, interview, _event, _at = first
        history = "；".join(
            f"{run.time(at)} {run.status.get(to, to)}" for *_rest, to, at in rows if to is not None
        )
        yield (
            *fixed,
            run.status.get(status, status),
            run.time(created),
            run.time(updated),
            run.time(interview),
            history,
        )


def _check_in_rows(run: Run, fair_id: int, contact: bool) -> Iterator[tuple]:
    reg, staff = FairRegistration, aliased(User)
    stmt = (
        select(
            reg.seeker_id,
            *_contact(contact, SeekerProfile.name, User.phone),
            SeekerProfile.district_code,
            reg.registered_at,
            reg.checked_in_at,
            staff.display_name,
        )
        .join(SeekerProfile, SeekerProfile.id == reg.seeker_id)
        .outerjoin(staff, staff.id == reg.checked_in_by_id)
        .where(reg.fair_id == fair_id, reg.checked_in_at.is_not(None))
        .order_by(reg.checked_in_at, reg.id)
    )
    if contact:
        stmt = stmt.join(User, User.id == SeekerProfile.user_id)
    for *person, district, registered, checked_in, by in run.stream(stmt):
        yield (
            *person,
            district_name(district),
            run.time(registered),
            run.time(checked_in),
            by or "",
        )


def _consultation_rows(run: Run, fair_id: int, contact: bool) -> Iterator[tuple]:
    staff = aliased(User)
    stmt = (
        select(
            Consultation.id,
            Consultation.created_at,
            Consultation.topic,
            Consultation.answered,
            Consultation.seeker_id,
            *_contact(contact, SeekerProfile.name, User.phone),
            Consultation.notes,
            staff.display_name,
        )
        .outerjoin(staff, staff.id == Consultation.staff_id)
        .where(Consultation.fair_id == fair_id)
        .order_by(Consultation.created_at, Consultation.id)
    )
    if contact:
        stmt = stmt.outerjoin(SeekerProfile, SeekerProfile.id == Consultation.seeker_id).outerjoin(
            User, User.id == SeekerProfile.user_id
        )
    for cid, at, topic, answered, seeker_id, *rest in run.stream(stmt):
        *person, notes, by = rest
        yield (
            cid,
            run.time(at),
            run.topic.get(topic, topic),
            run.yes if answered else run.no,
            seeker_id if seeker_id is not None else "",
            *(value or "" for value in person),
            (notes or "") if contact else mask_phones_in(notes or ""),
            by or "",
        )


def _summary_rows(run: Run, fair_id: int, contact: bool) -> Iterator[tuple]:
    yield from run.summary  # a few dozen figures, computed when the export starts


NAME, PHONE = Column(_l("姓名"), personal=True), Column(_l("手机号"), personal=True)

TABLES: dict[str, Table] = {
    table.key: table
    for table in (
        Table(
            "summary",
            _l("招聘会汇总"),
            (Column(_l("项目")), Column(_l("数值"))),
            _summary_rows,
        ),
        Table(
            "applications",
            _l("求职申请及状态记录"),
            (
                Column(_l("申请编号")),
                Column(_l("求职者编号")),
                NAME,
                PHONE,
                Column(_l("岗位编号")),
                Column(_l("岗位")),
                Column(_l("单位")),
                Column(_l("展位")),
                Column(_l("当前状态")),
                Column(_l("申请时间")),
                Column(_l("最后更新")),
                Column(_l("面试时间")),
                Column(_l("状态记录")),
            ),
            _application_rows,
        ),
        Table(
            "checkins",
            _l("现场签到"),
            (
                Column(_l("求职者编号")),
                NAME,
                PHONE,
                Column(_l("居住地")),
                Column(_l("报名时间")),
                Column(_l("签到时间")),
                Column(_l("签到工作人员")),
            ),
            _check_in_rows,
        ),
        Table(
            "consultations",
            _l("政策咨询"),
            (
                Column(_l("咨询编号")),
                Column(_l("时间")),
                Column(_l("咨询主题")),
                Column(_l("已解答")),
                Column(_l("求职者编号")),
                NAME,
                PHONE,
                Column(_l("记录")),
                Column(_l("接待工作人员")),
            ),
            _consultation_rows,
        ),
    )
}


# -- writing the files ------------------------------------------------------------------------


class _Sent:
    """Rows that reached the client so far, and whether the whole file did."""

    def __init__(self) -> None:
        self.rows = 0
        self.complete = False


def _csv_chunks(headings: list[str], rows: Iterable[tuple], sent: _Sent) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")  # the BOM: Excel then reads the file as UTF-8
    writer.writerow([text_cell(h) for h in headings])
    pending = 0
    for row in rows:
        writer.writerow([text_cell(v) if isinstance(v, str) else v for v in row])
        pending += 1
        if pending == BATCH_ROWS:
            yield buffer.getvalue().encode("utf-8")
            sent.rows += pending  # counted once the client took the chunk
            pending = 0
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
    sent.rows += pending


def _xlsx_chunks(
    title: str, headings: list[str], rows: Iterable[tuple], sent: _Sent
) -> Iterator[bytes]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))

    def cells(values) -> list:
        """Plain values as they are (openpyxl types them); text that a spreadsheet could
        read as a formula or an error value as an explicit text cell."""
        out = []
        for value in values:
            if isinstance(value, str) and (value.startswith(FORMULA_START) or value in ERROR_CODES):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                cell.quotePrefix = True  # and it stays text when edited in Excel
                out.append(cell)
            else:
                out.append(value)
        return out

    sheet.append(cells(headings))
    written = 0
    for row in rows:
        sheet.append(cells(row))
        written += 1
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(FILE_CHUNK):
            yield chunk
    sent.rows = written


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"


# -- an export --------------------------------------------------------------------------------


@dataclass
class ExportFile:
    filename: str
    mimetype: str
    chunks: Iterator[bytes]


def start_export(staff: User, fair_id: int, table: str, fmt: str, ip: str | None) -> ExportFile:
    """Begin an export of one table of one fair: audited now, rows read as it is sent.

    Unknown fairs, tables and formats are 404. The returned ``chunks`` read the
    database in a session of their own and need no Flask context.
    """
    fair = db.session.get(Fair, fair_id)
    spec = TABLES.get(table)
    if fair is None or spec is None or fmt not in FORMATS:
        raise NotFound(_("没有找到该导出。"))
    contact = may_export_contact(staff)
    about = {"fair": fair.id, "table": table, "format": fmt, "contact": contact}
    start = audit.record(staff, "export.start", "fair", fair.id, about, ip)
    db.session.flush()
    headings = spec.headings(contact)
    summary = None
    if table == "summary":
        from .statistics import summary_rows

        summary = summary_rows(fair.id)
    run = Run(db.engine, summary)
    sent = _Sent()
    rows = spec.rows(run, fair.id, contact)
    body = (
        _csv_chunks(headings, rows, sent)
        if fmt == "csv"
        else _xlsx_chunks(str(spec.title), headings, rows, sent)
    )
    actor = (staff.id, staff.role)
    finish = {**about, "start": start.id}

    def chunks() -> Iterator[bytes]:
        try:
            yield from body
            sent.complete = True
        finally:
            body.close()
            audit.record_apart(
                *actor,
                "export.finish",
                "fair",
                fair_id,
                {**finish, "rows": sent.rows, "complete": sent.complete},
                ip,
                engine=run.engine,
            )

    stamp = local_time(fair.starts_at, "%Y%m%d")
    return ExportFile(f"fair{fair.id}-{stamp}-{table}.{fmt}", FORMATS[fmt], chunks())


# -- the export permission --------------------------------------------------------------------


def staff_accounts() -> list[User]:
    """Every staff and admin account, admins first, then by name (the admin page)."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_((Role.STAFF, Role.ADMIN)))
            .order_by(User.role, User.display_name, User.id)
        )
    )


def set_export_permission(
    admin: User | None, user_id: int, allowed: bool, ip: str | None = None
) -> User:
    """Grant or withdraw a staff account's permission to export names and phone numbers.

    ``admin`` is None when the flask command does it; either way it is audited.
    """
    user = db.session.get(User, user_id)
    if user is None or user.role not in (Role.STAFF, Role.ADMIN):
        raise NotFound(_("没有找到该工作人员账号。"))
    if admin is not None and admin.role != Role.ADMIN:
        raise NotAllowed(_("只有管理员可以设置导出权限。"))
    if bool(user.can_export) != allowed:
        user.can_export = allowed
        audit.record(
            admin,
            "staff.grant_export" if allowed else "staff.revoke_export",
            "user",
            user.id,
            {},
            ip,
        )
        db.session.flush()
    return user
