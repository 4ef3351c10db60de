"""Speed of the kiosk's check-in and slip (issue 7: together under 300 ms on SQLite
with 100k seekers and 200 postings at the fair).

    python bench/kiosk_speed.py                              # 100,000 seekers, 200 postings
    python bench/kiosk_speed.py --seekers 20000 --postings 50 --repeats 100
    python bench/kiosk_speed.py --small                      # 2,000 seekers, 12 postings (tests)
    python bench/kiosk_speed.py --profile                    # and cProfile the timed pairs

The data set is built in a temporary folder (never the instance folder) with the
demo generator's own steps (``jobfair.demo``: staff, employers, postings and
seekers with realistic names, places, texts, licences; bulk inserts), then one
running on-site fair of this bureau is added with booths A01, A02 ... showing
``--postings`` open postings, and about 2 % of the seekers signed up for it in
advance (a third of those already checked in). The matcher index is built as
``flask rebuild-index`` builds it (``live_index().rebuild()``, snapshot included).

Then, through the Flask test client as a logged-in member of staff, the pair the
kiosk makes for every person is timed: ``POST /kiosk/<fair>/check-in/<seeker>``
(answered with a redirect) and ``GET /kiosk/<fair>/slip/<seeker>``:

* first check-ins of ``--repeats`` different seekers (half signed up in advance,
  half walk-ins registered on the spot), none checked in before;
* ``--repeats`` check-ins of one person already checked in (tapped again, or the
  slip reprinted).

Printed: median, p90, p99 and max of the pair, the split (check-in, slip), the
time to build the data set and the index, the machine's load, and the full
garbage collections that fell into the timed pairs (each one walks every object
of the process, ~450k of them, mostly from the libraries: ~0.2 s; they make the
maxima). Nothing is
asserted here: the figures are read (bench/README.md).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

import models  # noqa: E402
from jobfair import create_app  # noqa: E402
from jobfair.demo.accounts import seed_staff  # noqa: E402
from jobfair.demo.employers import seed_employers  # noqa: E402
from jobfair.demo.postings import seed_postings  # noqa: E402
from jobfair.demo.run import Run  # noqa: E402
from jobfair.demo.seekers import seed_seekers  # noqa: E402
from jobfair.extensions import db  # noqa: E402

TARGET_MS = 300.0  # check-in + slip, 100k seekers, 200 postings at the fair, SQLite
PASSWORD = "kiosk-bench-1"
HASH_METHOD = "pbkdf2:sha256:1"  # the accounts' hash is not what is measured
SIGNED_UP_SHARE = 0.02
BOOTH_ROWS = "ABCDEFGH"  # A01..A30, B01..B30, ...
BOOTHS_PER_ROW = 30


def _load() -> str:
    try:
        return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _label(n: int) -> str:
    return f"{BOOTH_ROWS[n // BOOTHS_PER_ROW]}{n % BOOTHS_PER_ROW + 1:02d}"


class _Run(Run):
    """The demo's seeding run with a faster bulk insert for SQLite.

    The demo's ``insert ... RETURNING`` with ``sort_by_parameter_order`` makes
    SQLAlchemy re-copy every row returned so far after each small batch of the
    statement (``CursorResult.splice_vertically``): 100k seekers took minutes.
    Here rows go in with a plain executemany, and since this process is the
    database's only writer, the new ids are the ones after the table's largest.
    """

    def insert(self, model: type, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        start = self.session.scalar(select(func.max(model.id))) or 0
        self.session.execute(insert(model), rows)
        end = self.session.scalar(select(func.max(model.id)))
        if end != start + len(rows):
            raise RuntimeError(f"{model.__name__}: ids {start + 1}..{end} for {len(rows)} rows")
        return list(range(start + 1, end + 1))


def build(app, n_seekers: int, n_postings: int, seed: int) -> dict:
    """The data set: returns the fair id, the staff login and the seekers to time."""
    rng = random.Random(seed)
    session = db.session
    models.Base.metadata.create_all(db.engine)
    run = _Run(session, seed=seed, now=None, progress=None)
    hashed = generate_password_hash(PASSWORD, method=HASH_METHOD)
    staff = seed_staff(run, password_hash=hashed, password_hint=PASSWORD)
    # Enough employers and postings that ``n_postings`` of them are open at verified
    # employers (the generator leaves some drafts, closed ones, pending employers).
    n_employers = max(8, n_postings // 3)
    employers = seed_employers(
        run, staff, count=n_employers, password_hash=hashed, password_hint=PASSWORD
    )
    postings = seed_postings(run, employers, count=int(n_postings * 1.4) + 10)
    seekers = seed_seekers(
        run,
        employers,
        count=n_seekers,
        password_hash=hashed,
        password_hint=PASSWORD,
        consent_version=app.config["CONSENT_VERSION"],
    )

    now = datetime.now(UTC).replace(microsecond=0)
    fair_id = run.insert(
        models.Fair,
        [
            {
                "name": "呼和浩特市新就业形态劳动者专场招聘会（基准）",
                "mode": models.FairMode.ONSITE,
                "venue": "呼和浩特市人力资源市场一楼大厅（赛罕区）",
                "district_code": "150105",
                "starts_at": now - timedelta(hours=2),
                "ends_at": now + timedelta(hours=10),
                "description": "现场招聘，入口签到领取推荐展位单。",
                "status": models.FairStatus.RUNNING,
                "created_by_id": staff.staff_id,
                "created_at": now - timedelta(days=20),
            }
        ],
    )[0]

    # One booth per verified employer with open postings, each showing its open
    # postings, until the fair shows ``n_postings``.
    open_of: dict[int, list[int]] = {}
    for k in postings.with_status(models.PostingStatus.OPEN):
        owner = postings.owners[k]
        if employers.rows[owner]["status"] == models.EmployerStatus.VERIFIED:
            open_of.setdefault(owner, []).append(postings.ids[k])
    owners = list(open_of)
    rng.shuffle(owners)
    booths, shown, total = [], [], 0
    for owner in owners:
        if total >= n_postings:
            break
        ids = open_of[owner][: n_postings - total]
        booths.append(
            {
                "fair_id": fair_id,
                "employer_id": employers.ids[owner],
                "label": _label(len(booths)),
                "status": models.BoothStatus.APPROVED,
                "created_at": now - timedelta(days=rng.uniform(3, 15)),
            }
        )
        shown.append(ids)
        total += len(ids)
    if total < n_postings:
        raise SystemExit(f"only {total} open postings at verified employers, {n_postings} asked")
    booth_ids = run.insert(models.Booth, booths)
    session.execute(
        insert(models.booth_posting),
        [
            {"booth_id": b, "posting_id": p}
            for b, ids in zip(booth_ids, shown, strict=True)
            for p in ids
        ],
    )

    # Sign-ups in advance (the demo seeker's id 0 is left out); a third checked in.
    people = seekers.ids[1:]
    signed = rng.sample(people, max(2, int(len(people) * SIGNED_UP_SHARE)))
    registrations = []
    for i, seeker_id in enumerate(signed):
        checked = now - timedelta(minutes=rng.uniform(1, 110)) if i % 3 == 0 else None
        registrations.append(
            {
                "fair_id": fair_id,
                "seeker_id": seeker_id,
                "registered_at": now - timedelta(days=rng.uniform(0.5, 10)),
                "checked_in_at": checked,
                "checked_in_by_id": staff.staff_id if checked else None,
            }
        )
    run.insert(models.FairRegistration, registrations)
    session.commit()
    signed_set = set(signed)
    return {
        "fair_id": fair_id,
        "staff_email": staff.logins[1][1],
        "booths": len(booth_ids),
        "postings": total,
        "signed_not_checked": [s for i, s in enumerate(signed) if i % 3 != 0],
        "checked": [s for i, s in enumerate(signed) if i % 3 == 0],
        "walk_ins": [s for s in people if s not in signed_set],
    }


class _FullCollections:
    """gc callback: how long each full (generation 2) collection took, in ms."""

    def __init__(self) -> None:
        self.ms: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.ms.append((time.perf_counter() - self._started) * 1000)


def _pair(client, fair_id: int, seeker_id: int) -> tuple[float, float]:
    """One check-in and its slip, in ms; stops the run if either answer is wrong."""
    t0 = time.perf_counter()
    r = client.post(f"/kiosk/{fair_id}/check-in/{seeker_id}")
    t1 = time.perf_counter()
    if r.status_code != 302 or "/slip/" not in r.headers.get("Location", ""):
        raise SystemExit(f"check-in of {seeker_id}: {r.status_code} {r.text[:300]}")
    r = client.get(f"/kiosk/{fair_id}/slip/{seeker_id}")
    t2 = time.perf_counter()
    if r.status_code != 200 or "slip-qr" not in r.text:
        raise SystemExit(f"slip of {seeker_id}: {r.status_code} {r.text[:300]}")
    return (t1 - t0) * 1000, (t2 - t1) * 1000


def _stats(name: str, pairs: list[tuple[float, float]], out) -> dict:
    total = [a + b for a, b in pairs]
    check = [a for a, _ in pairs]
    slip = [b for _, b in pairs]
    out(
        f"| {name} | {len(pairs)} | **{statistics.median(total):.1f}** | {_pct(total, 0.9):.1f} | "
        f"{_pct(total, 0.99):.1f} | {max(total):.1f} | {statistics.median(check):.1f} / "
        f"{_pct(check, 0.99):.1f} | {statistics.median(slip):.1f} / {_pct(slip, 0.99):.1f} |"
    )
    return {
        "median_ms": statistics.median(total),
        "p90_ms": _pct(total, 0.9),
        "p99_ms": _pct(total, 0.99),
        "max_ms": max(total),
        "check_in_median_ms": statistics.median(check),
        "slip_median_ms": statistics.median(slip),
    }


def _app(folder: str):
    return create_app(
        {
            "SECRET_KEY": "kiosk-bench",
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'jobfair.sqlite3'}",
            "INSTANCE_PATH": folder,
            "MATCHER_FOLDER": folder,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": HASH_METHOD,
        }
    )


def run(
    n_seekers: int, n_postings: int, repeats: int, seed: int, out=print, profile: bool = False
) -> dict:
    from matching.matcher import warm_up

    warm_up()  # numba's compiled kernels, as a served process has them
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as folder:
        app = _app(folder)
        with app.app_context():
            t0 = time.perf_counter()
            data = build(app, n_seekers, n_postings, seed)
            build_s = time.perf_counter() - t0
            from jobfair.services.live_index import live_index

            t0 = time.perf_counter()
            live_index().rebuild()  # as `flask rebuild-index`: fit, write the snapshot
            index_s = time.perf_counter() - t0
            db.session.remove()
            db.engine.dispose()
        size_mb = (Path(folder) / "jobfair.sqlite3").stat().st_size / 2**20

        out(
            f"kiosk check-in + slip: {n_seekers:,} seekers, {data['postings']} postings at "
            f"{data['booths']} booths, SQLite ({size_mb:.0f} MB); {_load()}"
        )
        out(f"data set built in {build_s:.1f} s; matcher index (rebuild-index) {index_s:.1f} s")

        rng = random.Random(seed)
        first = data["signed_not_checked"][: repeats // 2 + 5]
        first += rng.sample(data["walk_ins"], repeats + 5 - len(first))
        rng.shuffle(first)
        warm, first = first[:5], first[5:]
        again = data["checked"][0]
        # A fresh app, as a server started after the rebuild: its first request loads
        # the matcher snapshot.
        app = _app(folder)
        with app.test_client() as client:
            r = client.post(
                "/auth/login", data={"identifier": data["staff_email"], "password": PASSWORD}
            )
            if r.status_code != 302:
                raise SystemExit(f"staff login failed: {r.status_code}")
            t0 = time.perf_counter()
            _pair(client, data["fair_id"], warm[0])
            cold_ms = (time.perf_counter() - t0) * 1000
            for seeker_id in warm[1:]:
                _pair(client, data["fair_id"], seeker_id)
            profiler = cProfile.Profile() if profile else None
            if profiler:
                profiler.enable()
            full_gc = _FullCollections()
            gc.callbacks.append(full_gc)
            try:
                firsts = [_pair(client, data["fair_id"], s) for s in first]
                agains = [_pair(client, data["fair_id"], again) for _ in range(repeats)]
            finally:
                gc.callbacks.remove(full_gc)
            if profiler:
                profiler.disable()

        with app.app_context():
            stmt = select(models.FairRegistration.seeker_id).where(
                models.FairRegistration.fair_id == data["fair_id"],
                models.FairRegistration.checked_in_at.is_not(None),
            )
            checked_in = len(db.session.scalars(stmt).all())
            db.session.remove()
            db.engine.dispose()

    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)
    out(f"first pair of a fresh process (loads the matcher snapshot): {cold_ms:.0f} ms")
    out(
        f"full garbage collections during the timed pairs: {len(full_gc.ms)} "
        f"({', '.join(f'{ms:.0f}' for ms in full_gc.ms) or '-'} ms; "
        f"{len(gc.get_objects()):,} objects tracked)"
    )
    out("")
    out(
        "| check-in + slip, ms | n | median | p90 | p99 | max | check-in median / p99 |"
        " slip median / p99 |"
    )
    out("|---|---|---|---|---|---|---|---|")
    results = {
        "first check-in": _stats("first check-in, different people", firsts, out),
        "again": _stats("the same person again", agains, out),
    }
    out("")
    out(
        f"checked in at the end: {checked_in:,}; target: check-in + slip < {TARGET_MS:.0f} ms "
        f"at 100k seekers / 200 postings; {_load()}"
    )
    results.update(build_s=build_s, index_s=index_s, cold_ms=cold_ms, checked_in=checked_in)
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="kiosk check-in + slip speed")
    ap.add_argument("--seekers", type=int, default=100_000)
    ap.add_argument("--postings", type=int, default=200, help="open postings at the fair")
    ap.add_argument(
        "--repeats",
        type=int,
        default=300,
        help="different people checked in, and check-ins of one person again",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--small", action="store_true", help="2,000 seekers, 12 postings, 20 repeats")
    ap.add_argument("--profile", action="store_true", help="cProfile the timed pairs")
    args = ap.parse_args(argv)
    if args.small:
        args.seekers, args.postings, args.repeats = 2_000, 12, 20
    run(args.seekers, args.postings, args.repeats, args.seed, profile=args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
