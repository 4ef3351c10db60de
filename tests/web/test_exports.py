"""Staff exports: what each file holds (read back with csv and openpyxl), who may have
names and phone numbers, who is refused, the audit entries, formula injection, streaming."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from sqlalchemy import select

import models
from jobfair.extensions import db
from jobfair.services import exports, unit_of_work
from tests.helpers.scenes import add_booth, make_fair

SEEKER_PHONE, OTHER_PHONE = "13812340001", "13812340002"


@pytest.fixture
def fair_data(make):
    """A fair created by a staff member: an employer at A01 with a posting whose title looks
    like a formula, two applications through the fair (one moved on), a check-in, two
    consultations (one naming a phone number in its notes), and an application made
    elsewhere that must not appear."""
    staff = make.staff(display_name="赛罕区就业服务中心")
    fair = make_fair(make)
    fair.created_by_id = staff.id
    employer = make.employer(name="青城即时配送有限公司")
    posting = make.posting(employer=employer, title='=HYPERLINK("http://x","骑手")')
    add_booth(fair, employer, [posting])
    first = make.seeker(name="巴特尔", phone=SEEKER_PHONE)
    second = make.seeker(name="其木格", phone=OTHER_PHONE)
    elsewhere = make.seeker(name="乌云", phone="13812340003")
    now = datetime.now(UTC)
    apps = []
    for seeker, moves in ((first, ["applied", "viewed", "shortlisted"]), (second, ["applied"])):
        a = models.Application(
            posting_id=posting.id, seeker_id=seeker.id, fair_id=fair.id, status=moves[-1]
        )
        for i, to in enumerate(moves):
            a.events.append(
                models.ApplicationEvent(
                    from_status=moves[i - 1] if i else None,
                    to_status=to,
                    at=now + timedelta(minutes=i),
                )
            )
        db.session.add(a)
        apps.append(a)
    db.session.add(models.Application(posting_id=posting.id, seeker_id=elsewhere.id))
    db.session.add(
        models.FairRegistration(
            fair_id=fair.id,
            seeker_id=first.id,
            registered_at=now,
            checked_in_at=now,
            checked_in_by_id=staff.id,
        )
    )
    db.session.add(models.FairRegistration(fair_id=fair.id, seeker_id=second.id))  # not in
    db.session.add_all(
        [
            models.Consultation(
                fair_id=fair.id, seeker_id=first.id, topic="injury_insurance",
                notes=f"-请回电 {SEEKER_PHONE}", staff_id=staff.id,
            ),
            models.Consultation(fair_id=fair.id, topic="other", notes="@匿名", answered=False),
        ]
    )  # fmt: skip
    db.session.commit()
    return {"staff": staff, "fair": fair, "posting": posting, "seekers": (first, second),
            "applications": apps}  # fmt: skip


def url(fair_id, table, fmt):
    return f"/staff/fairs/{fair_id}/exports/{table}.{fmt}"


def read_csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode()), "CSV without the UTF-8 BOM"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sheet = book.worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()], sheet


def test_applications_without_the_permission_hold_no_names_or_phones(client, auth, fair_data):
    auth.login_as(fair_data["staff"])
    fair = fair_data["fair"]
    response = client.get(url(fair.id, "applications", "csv"))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["申请编号", "求职者编号", "岗位编号", "岗位", "单位", "展位", "当前状态",
                       "申请时间", "最后更新", "面试时间", "状态记录"]  # fmt: skip
    assert len(rows) == 3  # the application made elsewhere is not in it
    text = response.get_data(as_text=True)
    for secret in ("巴特尔", "其木格", SEEKER_PHONE, OTHER_PHONE, "1381234"):
        assert secret not in text
    first = rows[1]
    assert first[0] == str(fair_data["applications"][0].id)
    assert first[1] == str(fair_data["seekers"][0].id)
    assert first[4:7] == ["青城即时配送有限公司", "A01", "初筛通过"]
    assert re.fullmatch(r"\S+ \S+ 已申请；\S+ \S+ 已查看；\S+ \S+ 初筛通过", first[10])
    assert rows[2][6] == "已申请"


def test_with_the_permission_names_and_phones_are_columns(client, auth, fair_data):
    staff = fair_data["staff"]
    staff.can_export = True
    db.session.commit()
    auth.login_as(staff)
    rows = read_csv(client.get(url(fair_data["fair"].id, "applications", "csv")))
    assert rows[0][:4] == ["申请编号", "求职者编号", "姓名", "手机号"]
    assert [r[2:4] for r in rows[1:]] == [["巴特尔", SEEKER_PHONE], ["其木格", OTHER_PHONE]]
    table, _sheet = read_xlsx(client.get(url(fair_data["fair"].id, "checkins", "xlsx")))
    assert table[0] == ["求职者编号", "姓名", "手机号", "居住地", "报名时间", "签到时间",
                        "签到工作人员"]  # fmt: skip
    assert len(table) == 2
    assert table[1][:3] == [fair_data["seekers"][0].id, "巴特尔", SEEKER_PHONE]
    assert table[1][6] == "赛罕区就业服务中心"
    consult, _sheet = read_xlsx(client.get(url(fair_data["fair"].id, "consultations", "xlsx")))
    assert SEEKER_PHONE in consult[1][7]  # the notes as typed, for a holder


def test_xlsx_holds_the_same_rows_as_csv(client, auth, fair_data):
    auth.login_as(fair_data["staff"])
    fair_id = fair_data["fair"].id
    for table in ("applications", "checkins", "consultations"):
        from_csv = read_csv(client.get(url(fair_id, table, "csv")))
        response = client.get(url(fair_id, table, "xlsx"))
        assert response.mimetype == exports.FORMATS["xlsx"]
        from_xlsx, _sheet = read_xlsx(response)
        as_text = [["" if v is None else str(v) for v in row] for row in from_xlsx]
        # CSV guards formula-like text with an apostrophe; XLSX keeps it as a text cell
        assert as_text == [[v[1:] if v.startswith("'") else v for v in row] for row in from_csv]


def test_check_ins_and_consultations_without_the_permission(client, auth, fair_data):
    auth.login_as(fair_data["staff"])
    fair_id = fair_data["fair"].id
    checkins = read_csv(client.get(url(fair_id, "checkins", "csv")))
    assert checkins[0] == ["求职者编号", "居住地", "报名时间", "签到时间", "签到工作人员"]
    assert [r[0] for r in checkins[1:]] == [str(fair_data["seekers"][0].id)]  # checked in only
    assert "赛罕区" in checkins[1][1]
    consult = read_csv(client.get(url(fair_id, "consultations", "csv")))
    assert consult[0] == ["咨询编号", "时间", "咨询主题", "已解答", "求职者编号", "记录",
                          "接待工作人员"]  # fmt: skip
    assert [r[2:5] for r in consult[1:]] == [
        ["新就业形态职业伤害保障", "是", str(fair_data["seekers"][0].id)],
        ["其他", "否", ""],
    ]
    assert consult[1][5] == "'-请回电 138****0001"  # masked, and guarded against formulas
    assert SEEKER_PHONE not in str(consult)


def test_formula_like_cells_are_text_in_csv_and_xlsx(client, auth, fair_data):
    auth.login_as(fair_data["staff"])
    fair_id = fair_data["fair"].id
    title = fair_data["posting"].title
    rows = read_csv(client.get(url(fair_id, "applications", "csv")))
    assert rows[1][3] == "'" + title
    consult = read_csv(client.get(url(fair_id, "consultations", "csv")))
    assert consult[2][5] == "'@匿名"
    table, sheet = read_xlsx(client.get(url(fair_id, "applications", "xlsx")))
    cell = sheet.cell(row=2, column=4)
    assert cell.value == title and cell.data_type == "s"  # a string, not a formula
    assert cell.quotePrefix
    consult_table, consult_sheet = read_xlsx(client.get(url(fair_id, "consultations", "xlsx")))
    assert consult_sheet.cell(row=3, column=6).value == "@匿名"
    assert all(c.data_type != "f" for row in consult_sheet.iter_rows() for c in row)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_cell_guards_every_formula_start(value):
    assert exports.text_cell(value) == "'" + value
    assert exports.text_cell("巴特尔") == "巴特尔"


def test_summary_export(client, auth, fair_data):
    pytest.importorskip("jobfair.services.statistics")
    auth.login_as(fair_data["staff"])
    rows = read_csv(client.get(url(fair_data["fair"].id, "summary", "csv")))
    assert rows[0] == ["项目", "数值"]
    values = dict(r for r in rows[1:] if len(r) == 2)
    assert values["招聘会"] == fair_data["fair"].name
    assert values["投递申请"] == "2"
    table, _sheet = read_xlsx(client.get(url(fair_data["fair"].id, "summary", "xlsx")))
    assert len(table) == len(rows)


def test_every_export_is_audited_with_its_rows(client, auth, fair_data):
    staff, fair = fair_data["staff"], fair_data["fair"]
    auth.login_as(staff)
    client.get(url(fair.id, "applications", "csv")).get_data()
    client.get(url(fair.id, "checkins", "xlsx")).get_data()
    entries = db.session.scalars(
        select(models.AuditEntry)
        .where(models.AuditEntry.action.like("export.%"))
        .order_by(models.AuditEntry.id)
    ).all()
    assert [(e.action, e.actor_user_id, e.subject_type, e.subject_id) for e in entries] == [
        ("export.start", staff.id, "fair", fair.id),
        ("export.finish", staff.id, "fair", fair.id),
        ("export.start", staff.id, "fair", fair.id),
        ("export.finish", staff.id, "fair", fair.id),
    ]
    start, finish = entries[0].detail, entries[1].detail
    assert start == {"fair": fair.id, "table": "applications", "format": "csv", "contact": False}
    assert finish["rows"] == 2 and finish["complete"] is True and finish["start"] == entries[0].id
    assert entries[3].detail["rows"] == 1 and entries[3].detail["table"] == "checkins"


def test_refused_and_unknown(client, auth, fair_data, make):
    fair_id = fair_data["fair"].id
    response = client.get(url(fair_id, "applications", "csv"))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    for user in (fair_data["seekers"][0].user, make.member()):
        auth.login_as(user)
        for table in ("applications", "checkins", "consultations", "summary"):
            assert client.get(url(fair_id, table, "csv")).status_code == 403
        assert client.get(f"/staff/fairs/{fair_id}/exports").status_code == 403
        auth.logout()
    auth.login_as(fair_data["staff"])
    assert client.get(url(999999, "applications", "csv")).status_code == 404
    assert client.get(url(fair_id, "passwords", "csv")).status_code == 404
    assert client.get(url(fair_id, "applications", "pdf")).status_code == 404
    assert (
        db.session.scalar(
            select(models.AuditEntry).where(models.AuditEntry.action.like("export.%"))
        )
        is None
    )


def test_exports_page_links_every_table_and_says_what_is_left_out(client, auth, fair_data):
    auth.login_as(fair_data["staff"])
    fair_id = fair_data["fair"].id
    page = client.get(f"/staff/fairs/{fair_id}/exports").get_data(as_text=True)
    for table in ("summary", "applications", "checkins", "consultations"):
        for fmt in ("csv", "xlsx"):
            assert url(fair_id, table, fmt) in page
    assert "不含姓名和手机号" in page
    booths = client.get(f"/staff/fairs/{fair_id}/booths").get_data(as_text=True)
    assert f"/staff/fairs/{fair_id}/exports" in booths


def test_a_large_export_streams_before_the_last_row_is_read(client, auth, fair_data, monkeypatch):
    """The first chunk reaches the client while the rows generator is still running; an
    export cut off there is audited as incomplete with the rows actually sent."""
    monkeypatch.setattr(exports, "BATCH_ROWS", 2)
    seen = {"pulled": 0, "finished": False}
    real = exports.TABLES["applications"]

    def observed(run, fair_id, contact):
        for row in real.rows(run, fair_id, contact):
            seen["pulled"] += 1
            yield row
        seen["finished"] = True

    monkeypatch.setitem(
        exports.TABLES, "applications", exports.Table(real.key, real.title, real.columns, observed)
    )
    posting = fair_data["posting"]
    fair = fair_data["fair"]
    for i in range(8):
        seeker = models.SeekerProfile(
            user=models.User(role="seeker", phone=f"1371234{i:04d}", password_hash="x",
                             display_name="s"),
            name="测试", district_code="150105", consent_version="1",
            consent_at=datetime.now(UTC),
        )  # fmt: skip
        db.session.add(models.Application(posting=posting, seeker=seeker, fair_id=fair.id))
    db.session.commit()
    auth.login_as(fair_data["staff"])

    response = client.get(url(fair.id, "applications", "csv"), buffered=False)
    chunks = iter(response.response)
    first = next(chunks)
    assert first.startswith("\ufeff".encode()) and first.count(b"\r\n") == 1 + 2
    assert not seen["finished"] and seen["pulled"] < 10
    response.close()  # the download is cut off here

    finish = db.session.scalars(
        select(models.AuditEntry).where(models.AuditEntry.action == "export.finish")
    ).one()
    assert finish.detail["complete"] is False
    # a chunk counts once the server asks for the next one (it wrote the chunk out)
    assert finish.detail["rows"] == 0

    response = client.get(url(fair.id, "applications", "csv"), buffered=False)
    parts = list(response.response)
    response.close()
    assert seen["finished"] and len(parts) > 2
    last = db.session.scalars(
        select(models.AuditEntry)
        .where(models.AuditEntry.action == "export.finish")
        .order_by(models.AuditEntry.id.desc())
    ).first()
    assert last.detail["complete"] is True and last.detail["rows"] == 10


def test_admins_grant_the_export_permission_and_it_is_audited(client, auth, make):
    admin, staff = make.staff("admin"), make.staff(display_name="李娜")
    auth.login_as(staff)
    assert client.get("/staff/accounts").status_code == 403
    assert (
        client.post(
            f"/staff/accounts/{staff.id}/export-permission", data={"can_export": "1"}
        ).status_code
        == 403
    )
    assert not db.session.get(models.User, staff.id).can_export
    auth.logout()
    auth.login_as(admin)
    page = client.get("/staff/accounts").get_data(as_text=True)
    assert "李娜" in page and "允许导出" in page
    response = client.post(
        f"/staff/accounts/{staff.id}/export-permission", data={"can_export": "1"}
    )
    assert response.status_code == 302
    assert db.session.get(models.User, staff.id).can_export is True
    client.post(f"/staff/accounts/{staff.id}/export-permission", data={"can_export": "0"})
    assert db.session.get(models.User, staff.id).can_export is False
    actions = db.session.scalars(
        select(models.AuditEntry.action)
        .where(models.AuditEntry.subject_id == staff.id, models.AuditEntry.action.like("staff.%"))
        .order_by(models.AuditEntry.id)
    ).all()
    assert actions == ["staff.grant_export", "staff.revoke_export"]
    seeker = make.seeker()
    assert (
        client.post(
            f"/staff/accounts/{seeker.user_id}/export-permission", data={"can_export": "1"}
        ).status_code
        == 404
    )
    assert "工作人员账号与导出权限" in client.get("/staff/").get_data(as_text=True)


def test_new_accounts_cannot_export_contacts(make):
    staff = make.staff()
    assert staff.can_export is False
    assert not exports.may_export_contact(staff)
    seeker = make.seeker()
    seeker.user.can_export = True
    assert not exports.may_export_contact(seeker.user)  # only staff and admins


def test_create_staff_can_export_flag(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "a@bureau.cn",
            "--name",
            "甲",
            "--can-export",
            "--password",
            "long-enough-1",
        ]  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "b@bureau.cn",
            "--name",
            "乙",
            "--password",
            "long-enough-1",
        ]  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        flags = dict(db.session.execute(select(models.User.email, models.User.can_export)).all())
        assert flags == {"a@bureau.cn": True, "b@bureau.cn": False}
        granted = db.session.scalars(
            select(models.AuditEntry).where(models.AuditEntry.action == "staff.grant_export")
        ).one()
        assert granted.actor_user_id is None


def test_service_refuses_a_non_admin(make):
    staff = make.staff()
    other = make.staff()
    from jobfair.errors import NotAllowed

    with pytest.raises(NotAllowed), unit_of_work():
        exports.set_export_permission(staff, other.id, True)
