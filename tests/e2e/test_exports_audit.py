"""Exports, the audit page and the export permission, in a real browser on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def open_menu_link(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=name).first.click()


def test_staff_export_a_fair_table_on_a_phone(make_page, demo):
    page = make_page("phone", as_=demo.staff)
    page.goto(f"/staff/fairs/{demo.fair_id}/booths")
    open_menu_link(page, "导出数据（CSV / XLSX）")
    expect(page.locator("h1")).to_contain_text("导出数据")
    expect(page.locator("main")).to_contain_text("不含姓名和手机号")
    row = page.locator("table.export-table tbody tr").filter(has_text="求职申请及状态记录")
    csv_link = row.get_by_role("link", name=re.compile("^CSV"))
    box = csv_link.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # on screen
    with page.expect_download() as info:
        csv_link.click()
    with open(info.value.path(), "rb") as file:
        head = file.read(200)
    assert head.startswith("\ufeff申请编号".encode()), head[:40]
    assert_accessible(page, "staff fair exports [zh, phone]")


def test_audit_page_filters_on_a_phone(make_page, demo):
    page = make_page("phone", as_=demo.admin)
    page.goto("/staff/")
    open_menu_link(page, "审计日志")
    page.get_by_label("操作", exact=True).select_option(label="登录")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    assert "action=account.login" in page.url
    rows = page.locator("table.audit-table tbody tr[data-entry]")
    assert rows.count() >= 1
    for text in rows.all_inner_texts():
        assert "登录" in text
    expect(page.get_by_label("操作", exact=True)).to_have_value("account.login")
    assert_accessible(page, "audit log filtered [zh, phone]")
    # a date range that ends before it starts: the error beside the field, values kept
    page.get_by_label("开始日期").fill("2026-12-10")
    page.get_by_label("结束日期").fill("2026-12-01")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    expect(page.locator(".field-error")).to_contain_text("结束日期不能早于开始日期")
    expect(page.get_by_label("开始日期")).to_have_value("2026-12-10")
    assert_accessible(page, "audit log with an error [zh, phone]")


def test_admin_grants_and_withdraws_the_export_permission_on_a_phone(make_page, demo):
    page = make_page("phone", as_=demo.admin)
    page.goto("/staff/")
    open_menu_link(page, "工作人员账号与导出权限")
    row = page.locator("table.staff-accounts tbody tr").filter(has_text=demo.staff)
    grant = row.get_by_role("button", name=re.compile("^允许导出"))
    with page.expect_navigation():
        grant.click()
    expect(page.locator(".alert").first).to_contain_text("导出姓名和手机号")
    row = page.locator("table.staff-accounts tbody tr").filter(has_text=demo.staff)
    expect(row).to_contain_text("✓ 允许")
    assert_accessible(page, "staff accounts [zh, phone]")
    with page.expect_navigation():
        row.get_by_role("button", name=re.compile("^取消导出权限")).click()
    row = page.locator("table.staff-accounts tbody tr").filter(has_text=demo.staff)
    expect(row).to_contain_text("不允许")
