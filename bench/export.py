"""Memory and time of a large staff export (issue 8: 100,000 rows stream; peak memory
under 100 MB above the app's baseline).

    python bench/export.py                    # 100,000 applications, CSV and XLSX
    python bench/export.py --rows 20000
    python bench/export.py --small            # 2,000 applications (tests)

A temporary SQLite database (never the instance folder) gets one running fair with
one employer at booth A01 showing 100 postings, ``rows / 100`` seekers, and one
application through the fair per seeker and posting, each with two moves in its
history (applied, viewed): ``--rows`` applications, twice as many history rows.

Each format is then measured in a fresh process (so that memory freed by building
the data cannot hide the export's): the app is created, a staff member with the
export permission logs in through the test client and opens one small page; the
process's resident memory then is the baseline, and the kernel's peak counter is
reset (``/proc/self/clear_refs``). The export is read chunk by chunk as a browser
would, the chunks counted and dropped. Printed: the time to the first chunk, the
total time, the bytes, the rows the audit entry counted, and the peak resident
memory above the baseline (``VmHWM`` - baseline ``VmRSS``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTINGS = 100
PASSWORD = "bench-export-1"
TARGET_MB = 100


def _app(db_path: Path):
    from jobfair import create_app
    from tests.helpers.config import TEST_CONFIG

    return create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": f"sqlite:///{db_path}",
            "INSTANCE_PATH": str(db_path.parent),
        }
    )


def build(db_path: Path, rows: int) -> dict:
    """The data set: returns the fair's id and the staff login."""
    from sqlalchemy import insert
    from werkzeug.security import generate_password_hash

    import models
    from jobfair.extensions import db

    app = _app(db_path)
    now = datetime.now(UTC)
    seekers = max(1, rows // POSTINGS)
    with app.app_context():
        models.Base.metadata.create_all(db.engine)
        s = db.session
        staff = models.User(
            role="staff",
            email="bench@bureau.test",
            password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"),
            display_name="导出测试",
            can_export=True,
        )
        employer = models.Employer(
            name="青城即时配送有限公司", credit_code="91150105MA00000010", trade="delivery",
            district_code="150105", address="赛罕区", contact_name="王经理",
            contact_phone="13900000000", status="verified",
        )  # fmt: skip
        s.add_all([staff, employer])
        s.flush()
        fair = models.Fair(
            name="导出测试专场", mode="both", venue="会展中心", district_code="150105",
            starts_at=now - timedelta(hours=2), ends_at=now + timedelta(hours=6),
            status="running", created_by_id=staff.id,
        )  # fmt: skip
        s.add(fair)
        s.flush()
        posting_ids = []
        for i in range(POSTINGS):
            p = models.Posting(
                employer_id=employer.id, title=f"外卖骑手{i + 1}", occupation_code="D01",
                trade="delivery", description="负责配送。", district_code="150105",
                pay_min=6000, pay_max=9000, pay_unit="month", headcount=5, status="open",
            )  # fmt: skip
            s.add(p)
            s.flush()
            posting_ids.append(p.id)
        booth = models.Booth(
            fair_id=fair.id, employer_id=employer.id, label="A01", status="approved"
        )
        s.add(booth)
        s.flush()
        s.execute(
            insert(models.booth_posting),
            [{"booth_id": booth.id, "posting_id": pid} for pid in posting_ids],
        )
        users = [
            {
                "role": "seeker",
                "phone": f"138{i:08d}",
                "password_hash": "x",
                "display_name": "求职者",
                "active": True,
                "created_at": now,
            }  # fmt: skip
            for i in range(seekers)
        ]
        s.execute(insert(models.User), users)
        user_ids = s.scalars(
            models.User.__table__.select().with_only_columns(models.User.id)
            .where(models.User.role == "seeker").order_by(models.User.id)
        ).all()  # fmt: skip
        s.execute(
            insert(models.SeekerProfile),
            [
                {
                    "user_id": uid,
                    "name": f"巴特尔{n}",
                    "district_code": "150105",
                    "consent_version": "2026-11",
                    "consent_at": now,
                    "occupation_codes": [],
                    "licence_classes": [],
                    "availability": [],
                    "created_at": now,
                    "updated_at": now,
                }  # fmt: skip
                for n, uid in enumerate(user_ids)
            ],
        )
        seeker_ids = s.scalars(
            models.SeekerProfile.__table__.select()
            .with_only_columns(models.SeekerProfile.id).order_by(models.SeekerProfile.id)
        ).all()  # fmt: skip
        app_rows = [
            {
                "posting_id": pid,
                "seeker_id": sid,
                "fair_id": fair.id,
                "status": "viewed",
                "note": "",
                "interview_place": "",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }  # fmt: skip
            for sid in seeker_ids
            for pid in posting_ids
        ][:rows]
        for start in range(0, len(app_rows), 20000):
            s.execute(insert(models.Application), app_rows[start : start + 20000])
        app_ids = s.scalars(
            models.Application.__table__.select().with_only_columns(models.Application.id)
        ).all()
        events = []
        for aid in app_ids:
            events.append({"application_id": aid, "from_status": None, "to_status": "applied",
                           "note": "", "at": now})  # fmt: skip
            later = now + timedelta(minutes=5)
            events.append({"application_id": aid, "from_status": "applied",
                           "to_status": "viewed", "note": "", "at": later})  # fmt: skip
            if len(events) >= 40000:
                s.execute(insert(models.ApplicationEvent), events)
                events = []
        if events:
            s.execute(insert(models.ApplicationEvent), events)
        s.commit()
        return {"fair": fair.id, "applications": len(app_ids)}


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def measure(db_path: Path, fair_id: int, fmt: str) -> dict:
    """One export in this process: time to first chunk, total, bytes, peak memory."""
    import gc

    from sqlalchemy import select

    import models
    from jobfair.extensions import db
    from tests.helpers.clients import Auth

    app = _app(db_path)
    client = app.test_client()
    Auth(client).login("bench@bureau.test", PASSWORD)
    assert client.get(f"/staff/fairs/{fair_id}/exports").status_code == 200  # warm
    gc.collect()
    baseline = _status_kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to now
    started = time.perf_counter()
    response = client.get(f"/staff/fairs/{fair_id}/exports/applications.{fmt}", buffered=False)
    assert response.status_code == 200, response.status_code
    first = None
    size = 0
    for chunk in response.response:
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
    response.close()
    total = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    with app.app_context():
        finish = db.session.scalars(
            select(models.AuditEntry)
            .where(models.AuditEntry.action == "export.finish")
            .order_by(models.AuditEntry.id.desc())
        ).first()
        counted = finish.detail["rows"] if finish else None
    return {
        "format": fmt,
        "first_chunk_s": round(first or total, 3),
        "total_s": round(total, 3),
        "bytes": size,
        "rows": counted,
        "baseline_mb": round(baseline / 1024, 1),
        "peak_above_baseline_mb": round(max(0, peak - baseline) / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", action="store_true", help="2,000 rows (tests)")
    parser.add_argument(
        "--measure", nargs=3, metavar=("DB", "FAIR", "FORMAT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.measure:
        db_path, fair_id, fmt = args.measure
        print(json.dumps(measure(Path(db_path), int(fair_id), fmt)))
        return 0
    rows = 2000 if args.small else args.rows
    with tempfile.TemporaryDirectory(prefix="jobfair-export-bench-") as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        built = build(db_path, rows)
        print(f"data: {built['applications']:,} applications through one fair, "
              f"{2 * built['applications']:,} history rows, built in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        print(f"{'format':<6} {'first chunk':>12} {'total':>8} {'MB out':>8} {'rows':>8} "
              f"{'baseline':>9} {'peak above':>11}")  # fmt: skip
        worst = 0.0
        for fmt in ("csv", "xlsx"):
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(db_path), str(built["fair"]), fmt],
                capture_output=True, text=True, cwd=ROOT, check=False,
            )  # fmt: skip
            if out.returncode != 0:
                print(out.stderr, file=sys.stderr)
                return 1
            r = json.loads(out.stdout.strip().splitlines()[-1])
            worst = max(worst, r["peak_above_baseline_mb"])
            print(f"{r['format']:<6} {r['first_chunk_s']:>10.3f} s {r['total_s']:>6.2f} s "
                  f"{r['bytes'] / 1e6:>8.1f} {r['rows']:>8,} {r['baseline_mb']:>7.1f} MB "
                  f"{r['peak_above_baseline_mb']:>8.1f} MB")  # fmt: skip
            if r["rows"] != built["applications"]:
                print(f"audit counted {r['rows']} rows, expected {built['applications']}")
                return 1
        verdict = "within" if worst < TARGET_MB else "OVER"
        print(f"peak memory above baseline: {worst:.1f} MB ({verdict} the {TARGET_MB} MB target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
