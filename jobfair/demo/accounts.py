"""Seeding step: the bureau's accounts, an administrator and a member of staff."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from models import Role, User

from .run import DEMO_DOMAIN, Login, Run

#: What the demo staff member does, as ``make run`` prints it, and the page where the app
#: does each (tests/demo checks that every one of them opens for staff).
STAFF_DUTIES = (
    ("审核企业", "staff.pending_employers"),
    ("办招聘会", "staff.fair_list"),
    ("现场签到", "kiosk.choose_fair"),
    ("查询求职者", "staff.seeker_list"),
)


@dataclass
class Staff:
    """The bureau's two demo accounts."""

    admin_id: int
    staff_id: int
    logins: list[Login] = field(default_factory=list)


def seed_staff(run: Run, *, password_hash: str, password_hint: str) -> Staff:
    """An administrator and the staff member who reviews employers and runs the fairs."""
    admin = ("系统管理员", "系统管理员")
    duties = "、".join(duty for duty, _endpoint in STAFF_DUTIES)
    staff = ("赛罕区公共就业服务中心 刘娜", f"就业服务中心工作人员：{duties}")
    accounts = ((Role.ADMIN, "admin", admin, 400), (Role.STAFF, "staff", staff, 380))
    ids = run.insert(
        User,
        [
            {
                "role": role,
                "email": f"{login}@{DEMO_DOMAIN}",
                "phone": None,
                "password_hash": password_hash,
                "display_name": display_name,
                "active": True,
                "created_at": run.base - timedelta(days=days_ago),
            }
            for role, login, (display_name, _), days_ago in accounts
        ],
    )
    logins = [
        (role.value, f"{login}@{DEMO_DOMAIN}", password_hint, description)
        for role, login, (_, description), _ in accounts
    ]
    run.summary.users += len(ids)
    run.done("accounts")
    return Staff(admin_id=ids[0], staff_id=ids[1], logins=logins)
