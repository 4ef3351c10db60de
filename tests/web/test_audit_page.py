"""The staff audit page: filters, who sees which entries, no way to change an entry, and
no full phone number or password in any entry a run of flows writes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

import models
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD
from tests.helpers.scenes import add_booth, make_fair
from tests.web.test_kiosk import walk_in


def entry(actor, action, subject_type="seeker", subject_id=None, at=None, **detail):
    e = models.AuditEntry(
        actor_user_id=actor.id if actor else None,
        actor_role=actor.role if actor else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail,
        at=at or datetime.now(UTC),
    )
    db.session.add(e)
    db.session.commit()
    return e


@pytest.fixture
def log(make):
    """Two staff members, each with a fair of their own, an admin, and entries of each."""
    admin, mine, theirs = make.staff("admin"), make.staff(), make.staff(email="li@bureau.cn")
    my_fair, their_fair = make_fair(make, name="我的专场"), make_fair(make, name="别人的专场")
    my_fair.created_by_id, their_fair.created_by_id = mine.id, theirs.id
    db.session.commit()
    employer = make.employer()
    booth = add_booth(their_fair, employer, [make.posting(employer=employer)], label="B01")
    old = datetime.now(UTC) - timedelta(days=40)
    e = {
        "my_view": entry(mine, "staff.view_seeker", subject_id=7),
        "their_view": entry(theirs, "staff.view_seeker", subject_id=8),
        "their_kiosk_at_my_fair": entry(theirs, "kiosk.check_in", subject_id=9, fair=my_fair.id),
        "their_export_of_my_fair": entry(
            theirs, "export.start", "fair", my_fair.id, fair=my_fair.id, table="checkins"
        ),  # fmt: skip
        "their_booth": entry(theirs, "booth.approve", "booth", booth.id, label="B01"),
        "their_old_view": entry(theirs, "staff.view_seeker", subject_id=9, at=old),
        "admin_grant": entry(admin, "staff.grant_export", "user", theirs.id),
        "login": entry(None, "account.login_failed", "user", mine.id),
    }
    return {"admin": admin, "mine": mine, "theirs": theirs, "my_fair": my_fair,
            "their_fair": their_fair, "entries": e}  # fmt: skip


def shown_ids(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'data-entry="(\d+)"', html)}


def test_admins_see_every_entry_staff_their_own_and_their_fairs(client, auth, log):
    e = log["entries"]
    auth.login_as(log["admin"])
    page = client.get("/staff/audit")
    assert page.status_code == 200
    everything = set(db.session.scalars(select(models.AuditEntry.id)))
    assert {x.id for x in e.values()} < everything  # and the admin's own login
    assert shown_ids(page.get_data(as_text=True)) == everything
    auth.logout()
    auth.login_as(log["mine"])
    seen = shown_ids(client.get("/staff/audit").get_data(as_text=True))
    mine = {e["my_view"].id, e["their_kiosk_at_my_fair"].id, e["their_export_of_my_fair"].id}
    # their own action and what happened at their fair; the login entry after this test's
    # own login is theirs too
    assert mine <= seen
    assert not seen & {e["their_view"].id, e["their_booth"].id, e["their_old_view"].id,
                       e["admin_grant"].id, e["login"].id}  # fmt: skip
    auth.logout()
    auth.login_as(log["theirs"])
    seen = shown_ids(client.get("/staff/audit").get_data(as_text=True))
    assert {e["their_view"].id, e["their_booth"].id, e["their_old_view"].id} <= seen
    assert e["my_view"].id not in seen


def test_filters_by_actor_action_subject_and_dates(client, auth, log):
    e = log["entries"]
    auth.login_as(log["admin"])

    def ids(**query):
        response = client.get("/staff/audit", query_string=query)
        assert response.status_code == 200, query
        return shown_ids(response.get_data(as_text=True))

    theirs = log["theirs"]
    keys = ("their_view", "their_kiosk_at_my_fair", "their_export_of_my_fair", "their_booth")
    their_all = {e[k].id for k in (*keys, "their_old_view")}
    assert ids(actor=str(theirs.id)) == their_all
    assert ids(actor=f"#{theirs.id}") == their_all
    assert ids(actor="LI@bureau.cn") == their_all  # by email, any case
    assert ids(action="staff.view_seeker") == {
        e["my_view"].id,
        e["their_view"].id,
        e["their_old_view"].id,
    }
    assert ids(action="staff.view_seeker", actor=str(theirs.id)) == {
        e["their_view"].id,
        e["their_old_view"].id,
    }
    assert ids(subject_type="booth") == {e["their_booth"].id}
    assert ids(subject_type="seeker", subject_id="9") == {
        e["their_kiosk_at_my_fair"].id,
        e["their_old_view"].id,
    }
    today = datetime.now(UTC).date()
    old_day = (datetime.now(UTC) - timedelta(days=40)).date()
    recent = ids(
        since=(today - timedelta(days=2)).isoformat(), until=(today + timedelta(days=1)).isoformat()
    )
    assert e["their_old_view"].id not in recent and e["my_view"].id in recent
    around = {"since": str(old_day - timedelta(days=1)), "until": str(old_day + timedelta(days=1))}
    assert ids(**around) == {e["their_old_view"].id}


def test_actions_are_labelled_in_the_list_and_the_filter(client, auth, log):
    auth.login_as(log["admin"])
    html = client.get("/staff/audit").get_data(as_text=True)
    assert "查看求职者完整资料" in html and "授予导出权限" in html and "登录失败" in html
    assert '<option value="export.start">导出开始</option>' in html


def test_bad_filters_are_refused_and_kept(client, auth, log):
    auth.login_as(log["admin"])
    response = client.get(
        "/staff/audit", query_string={"since": "2026-12-10", "until": "2026-12-01", "actor": "7"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "结束日期不能早于开始日期。" in html
    assert 'value="2026-12-10"' in html and 'value="2026-12-01"' in html and 'value="7"' in html
    response = client.get(
        "/staff/audit", query_string={"since": "2020-01-01", "until": "2026-01-01"}
    )
    assert response.status_code == 422 and "日期范围不能超过三年。" in response.get_data(
        as_text=True
    )
    response = client.get("/staff/audit", query_string={"actor": "张三", "subject_id": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "请填写操作人的账号编号或邮箱。" in html and "对象编号应为数字。" in html
    assert 'value="张三"' in html
    response = client.get("/staff/audit", query_string={"since": "2026-02-30"})
    assert response.status_code == 422


def test_pages_keep_the_filters(client, auth, log):
    for i in range(60):
        entry(log["theirs"], "kiosk.find", subject_id=i)
    auth.login_as(log["admin"])
    html = client.get("/staff/audit", query_string={"action": "kiosk.find"}).get_data(as_text=True)
    assert len(shown_ids(html)) == 50
    nxt = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "action=kiosk.find" in nxt and "page=2" in nxt
    second = client.get(nxt).get_data(as_text=True)
    assert len(shown_ids(second)) == 10
    assert not shown_ids(second) & shown_ids(html)


def test_only_staff_read_the_audit_log(client, auth, make):
    assert client.get("/staff/audit").status_code == 302
    for user in (make.seeker().user, make.member()):
        auth.login_as(user)
        assert client.get("/staff/audit").status_code == 403
        auth.logout()


def test_no_route_edits_or_deletes_an_entry(client, auth, log):
    auth.login_as(log["admin"])
    target = log["entries"]["my_view"]

    def snapshot():
        db.session.expire_all()
        rows = db.session.execute(
            select(models.AuditEntry.id, models.AuditEntry.action, models.AuditEntry.detail,
                   models.AuditEntry.actor_user_id, models.AuditEntry.at)
            .where(models.AuditEntry.action != "account.login")
            .order_by(models.AuditEntry.id)
        ).all()  # fmt: skip
        return [tuple(r) for r in rows]

    before = snapshot()
    urls = ["/staff/audit", f"/staff/audit/{target.id}", f"/staff/audit/{target.id}/delete",
            f"/staff/audit/{target.id}/edit", "/staff/audit/delete", "/api/audit",
            f"/api/audit/{target.id}"]  # fmt: skip
    for url in urls:
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            response = client.open(url, method=method, data={"action": "x", "id": target.id})
            assert response.status_code in (404, 405), (method, url, response.status_code)
    assert snapshot() == before


PASSWORDS = (PASSWORD, "wrong-password-1", "typed-into-the-login-box")
MOBILE = re.compile(r"1[3-9]\d{9}")


def test_no_entry_holds_a_full_phone_number_or_a_password(client, auth, make):
    """A run of the audited flows; then every entry, every text in it, is scanned."""
    staff = make.staff()
    seeker = make.seeker(name="巴特尔", phone="13812345678")
    seeker_user_id = seeker.user_id
    fair = make_fair(make)
    employer = make.employer(status="pending")
    # logins: one right, one wrong, one with a password in the login box, one unknown mobile
    auth.login_as(seeker.user)
    auth.logout()
    auth.login("13812345678", "wrong-password-1")
    auth.login("typed-into-the-login-box", "x")
    auth.login("13999999999", "wrong-password-1")
    locked_user_id = make.seeker(phone="13712345678").user_id
    for _ in range(6):  # up to the lockout, the number typed with spaces
        auth.login("137 1234 5678", "wrong-password-1")
    auth.login_as(staff)
    client.post("/staff/seekers", data={"q": "13812345678"})
    client.get(f"/staff/seekers/{seeker.id}")
    client.post(f"/staff/employers/{employer.id}/review", data={"decision": "approve"})
    client.post(f"/kiosk/{fair.id}/find", data={"q": "13812345678"})
    walk_in(client, fair)
    client.get(f"/staff/fairs/{fair.id}/exports/checkins.csv").get_data()
    auth.logout()
    auth.login_as(seeker.user)
    client.post("/me/delete", data={"password": PASSWORD})

    entries = db.session.scalars(select(models.AuditEntry)).all()
    actions = {e.action for e in entries}
    assert {"account.login", "account.login_failed", "account.lockout", "staff.view_seeker",
            "staff.search_seekers", "employer.verify", "kiosk.find", "kiosk.register",
            "export.start", "export.finish", "seeker.delete_account"} <= actions  # fmt: skip
    for e in entries:
        text = " ".join(str(v) for v in (e.action, e.subject_type, e.detail, e.ip))
        assert not MOBILE.search(text), (e.action, e.detail)
        digits_only = re.sub(r"[\s-]", "", text)
        assert not MOBILE.search(digits_only), (e.action, e.detail)
        for secret in PASSWORDS:
            assert secret not in text, (e.action, e.detail)
    failed = [e for e in entries if e.action == "account.login_failed"]
    assert any(e.detail.get("login") == "139****9999" for e in failed)  # unknown: masked
    assert any(e.subject_id == seeker_user_id for e in failed)  # known: the account
    lockouts = [e for e in entries if e.action == "account.lockout"]
    assert lockouts and all(e.subject_id == locked_user_id for e in lockouts)
