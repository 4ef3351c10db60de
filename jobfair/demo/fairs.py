"""Seeding step: four fairs around today, their booths, and who signed up and checked in.

One online fair closed last week, one on-site fair next week, one online and
on-site fair running today, and an on-site fair next month that staff are still
preparing (a draft); their dates follow the clock, not the seed.
"""

from __future__ import annotations

import random
import typing as t
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from sqlalchemy import insert

from models import (
    Booth,
    BoothStatus,
    EmployerStatus,
    Fair,
    FairMode,
    FairRegistration,
    FairStatus,
    PostingStatus,
    booth_posting,
)

from .accounts import Staff
from .employers import Employers
from .postings import Postings
from .run import Run
from .seekers import Seekers


@dataclass
class Fairs:
    """The four fairs, the booths asked for, and who signed up."""

    rows: list[dict[str, t.Any]]
    #: the online fair that closed, the on-site one coming up, the one running today, the draft
    ids: list[int]
    #: every booth request: ``(employer index, row)``, in the order inserted
    booths: list[tuple[int, dict[str, t.Any]]]
    #: (fair id, employer index) -> (booth id, label) of each approved booth
    booth_of: dict[tuple[int, int], tuple[int, str | None]]
    #: fair id -> indices of the postings its approved booths show
    shown: dict[int, set[int]]
    registrations: list[dict[str, t.Any]]

    @property
    def online_id(self) -> int:
        return self.ids[0]

    @property
    def running_id(self) -> int:
        return self.ids[2]

    @property
    def online(self) -> dict[str, t.Any]:
        """The online fair that closed last week."""
        return self.rows[0]

    @property
    def running(self) -> dict[str, t.Any]:
        """The online + on-site fair running today."""
        return self.rows[2]

    def row(self, fair_id: int) -> dict[str, t.Any]:
        return self.rows[self.ids.index(fair_id)]


def _fair_rows(today: date, zone: tzinfo) -> list[dict[str, t.Any]]:
    """The online fair that closed, the on-site one coming up, today's online + on-site one,
    and an on-site one in preparation (a draft)."""

    def _at(day: date, hour: int, minute: int = 0) -> datetime:
        """``hour:minute`` on ``day`` in the bureau's ``zone``, in UTC."""
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)

    online_start = today - timedelta(days=20)
    upcoming_day = today + timedelta(days=7)
    draft_day = today + timedelta(days=35)
    return [
        {
            "name": f"{today.year}年冬季新就业形态网络招聘会",
            "mode": FairMode.ONLINE,
            "venue": "线上（本平台网络招聘会专区）",
            "district_code": "150105",
            "starts_at": _at(online_start, 9),
            "ends_at": _at(today - timedelta(days=6), 18),
            "description": "面向全区外卖骑手、快递员、货车司机、仓储人员和直播电商从业者的"
            "网络招聘会。"
            "求职者在家即可浏览岗位、在线投递，企业在线筛选和邀约面试。",
            "status": FairStatus.CLOSED,
        },
        {
            "name": "包头市新业态专场招聘会",
            "mode": FairMode.ONSITE,
            "venue": "包头市人力资源市场（昆都仑区）",
            "district_code": "150203",
            "starts_at": _at(upcoming_day, 9),
            "ends_at": _at(upcoming_day, 15, 30),
            "description": "快递物流、即时配送、同城货运和直播电商企业现场招聘。现场设政策咨询区，"
            "可咨询灵活就业社保补贴、职业伤害保障、创业担保贷款和职业技能培训。",
            "status": FairStatus.PUBLISHED,
        },
        {
            "name": "呼和浩特市新就业形态劳动者专场招聘会（线上+线下）",
            "mode": FairMode.BOTH,
            "venue": "呼和浩特市人力资源市场一楼大厅（赛罕区）",
            "district_code": "150105",
            "starts_at": _at(today, 9),
            "ends_at": _at(today, 16),
            "description": "线上线下同步举办。现场设企业招聘区、政策咨询区和职业指导区，"
            "提供新就业形态人员职业伤害保障、社会保险、培训补贴和创业贷款咨询；"
            "到场求职者请在入口签到，领取推荐展位单。",
            "status": FairStatus.RUNNING,
        },
        {  # staff are still preparing it: not public, no booths or sign-ups yet
            "name": "鄂尔多斯市春风行动新就业形态专场招聘会",
            "mode": FairMode.ONSITE,
            "venue": "鄂尔多斯市人力资源市场（康巴什区）",
            "district_code": "150603",
            "starts_at": _at(draft_day, 9),
            "ends_at": _at(draft_day, 15, 30),
            "description": "面向同城配送、快递物流和煤炭运输企业的现场招聘会，设政策咨询区。"
            "筹备中，发布后开放报名和展位申请。",
            "status": FairStatus.DRAFT,
        },
    ]


def _exhibitors(
    rng: random.Random,
    employers: Employers,
    hiring: dict[int, list[int]],
    n: int,
    prefer_league: str | None,
) -> list[int]:
    """``n`` verified employers with open postings, those of ``prefer_league`` first.

    The others are drawn at random. The demo employer (hr01, in Hohhot) comes
    first at a Hohhot fair.
    """
    verified = [i for i in employers.with_status(EmployerStatus.VERIFIED) if hiring.get(i)]
    near = [i for i in verified if employers.contexts[i].league == prefer_league]
    far = [i for i in verified if i not in near]
    rng.shuffle(far)
    chosen = near + far
    if 0 in verified and prefer_league == "150100":
        chosen = [0] + [i for i in chosen if i != 0]
    return chosen[:n]


def _booth_requests(
    rng: random.Random,
    fairs: list[dict[str, t.Any]],
    fair_ids: list[int],
    employers: Employers,
    postings: Postings,
) -> tuple[list[tuple[int, dict[str, t.Any]]], list[list[int]]]:
    """Booth requests ``(employer index, row)`` and the postings each shows.

    Every request names one to three of the employer's open postings, as
    :func:`jobfair.services.fairs.request_booth` requires. Approved booths are
    labelled A01… on site; some requests wait for review; the online fair
    declined one.
    """
    open_of: dict[int, list[int]] = {}
    for k in postings.with_status(PostingStatus.OPEN):
        open_of.setdefault(postings.owners[k], []).append(k)
    plans = (  # exhibitors, how many of them still wait for review, labelled booths
        (_exhibitors(rng, employers, open_of, 16, None), 0, False),
        (_exhibitors(rng, employers, open_of, 14, "150200"), 4, True),
        (_exhibitors(rng, employers, open_of, 23, "150100"), 3, True),
    )
    booths, shown = [], []
    for fair_id, fair, (exhibitors, n_requested, labelled) in zip(
        fair_ids, fairs, plans, strict=True
    ):
        n_approved = len(exhibitors) - n_requested
        for j, owner in enumerate(exhibitors):
            approved = j < n_approved
            status = BoothStatus.APPROVED if approved else BoothStatus.REQUESTED
            if not labelled and j == len(exhibitors) - 1:
                status = BoothStatus.DECLINED
            row = {
                "fair_id": fair_id,
                "employer_id": employers.ids[owner],
                "label": f"A{j + 1:02d}" if labelled and approved else None,
                "status": status,
                "created_at": fair["created_at"] + timedelta(days=rng.uniform(0.5, 6)),
            }
            own = open_of[owner]
            booths.append((owner, row))
            shown.append(rng.sample(own, min(len(own), rng.randint(1, 3))))
    return booths, shown


def _registrations(
    run: Run,
    rng: random.Random,
    fairs: list[dict[str, t.Any]],
    fair_ids: list[int],
    seekers: Seekers,
    staff: Staff,
) -> list[dict[str, t.Any]]:
    """About 150 sign-ups, mostly people of the fair's city; today's fair has check-ins.

    The demo seeker is signed up for the coming and today's fair but not
    checked in yet, to try it.
    """
    rows: list[dict[str, t.Any]] = []
    plans = ((25, None, 0.0), (45, "150200", 0.0), (80, "150100", 0.7))
    for n, (fair_id, fair, (count, league, check_share)) in enumerate(
        zip(fair_ids, fairs, plans, strict=True)
    ):
        local = [
            i
            for i in range(1, len(seekers.facts))
            if league is None or seekers.facts[i].league == league
        ]
        chosen = rng.sample(local, min(len(local), count - (n > 0)))
        if n > 0:
            chosen = [0] + chosen
        for i in chosen:
            registered = fair["starts_at"] - timedelta(days=rng.uniform(0.5, 12))
            row = {
                "fair_id": fair_id,
                "seeker_id": seekers.ids[i],
                "registered_at": registered.replace(microsecond=0),
                "checked_in_at": None,
                "checked_in_by_id": None,
            }
            if i != 0 and rng.random() < check_share:
                minutes = rng.uniform(-20, 420)
                checked = min(
                    fair["starts_at"] + timedelta(minutes=minutes),
                    run.now - timedelta(minutes=rng.uniform(1, 30)),
                )
                row["checked_in_at"] = checked.replace(microsecond=0)
                row["checked_in_by_id"] = staff.staff_id
                if rng.random() < 0.2:  # walked in: registered at the kiosk on the day
                    row["registered_at"] = row["checked_in_at"]
            row["registered_at"] = min(row["registered_at"], run.now)
            rows.append(row)
    return rows


def seed_fairs(
    run: Run, staff: Staff, employers: Employers, postings: Postings, seekers: Seekers
) -> Fairs:
    """The four fairs, booth requests with the postings shown, sign-ups and check-ins."""
    rng = run.rng("fairs")
    rows = _fair_rows(run.today, run.zone)
    for row in rows:
        row["created_by_id"] = staff.staff_id
        row["created_at"] = row["starts_at"] - timedelta(days=rng.randint(14, 30))
    fair_ids = run.insert(Fair, rows)

    public = slice(0, 3)  # the draft fair has no booths or sign-ups
    booths, shown_by_booth = _booth_requests(
        rng, rows[public], fair_ids[public], employers, postings
    )
    booth_ids = run.insert(Booth, [row for _, row in booths])
    links = [
        {"booth_id": booth_id, "posting_id": postings.ids[k]}
        for booth_id, shown in zip(booth_ids, shown_by_booth, strict=True)
        for k in shown
    ]
    if links:
        run.session.execute(insert(booth_posting), links)
    booth_of: dict[tuple[int, int], tuple[int, str | None]] = {}
    shown_at: dict[int, set[int]] = {fair_id: set() for fair_id in fair_ids}
    for booth_id, (owner, row), shown in zip(booth_ids, booths, shown_by_booth, strict=True):
        if row["status"] == BoothStatus.APPROVED:
            booth_of[(row["fair_id"], owner)] = (booth_id, row["label"])
            shown_at[row["fair_id"]].update(shown)

    registrations = _registrations(run, rng, rows[public], fair_ids[public], seekers, staff)
    run.insert(FairRegistration, registrations)

    run.summary.fairs = len(fair_ids)
    run.summary.booths = len(booth_ids)
    run.summary.registrations = len(registrations)
    run.summary.checked_in = sum(1 for r in registrations if r["checked_in_at"])
    run.done("fairs")
    return Fairs(
        rows=rows,
        ids=fair_ids,
        booths=booths,
        booth_of=booth_of,
        shown=shown_at,
        registrations=registrations,
    )
