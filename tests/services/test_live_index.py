"""The app's live matcher index: snapshots, replayed and pruned changes
(jobfair/services/live_index.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

import models
from jobfair import create_app
from jobfair.extensions import db
from jobfair.services import live_index
from tests.helpers.config import TEST_CONFIG


def test_snapshot_is_written_loaded_and_replayed(tmp_path, make, truck):
    member, posting = truck
    make.seeker(name="甲甲", occupation_codes=["L01"], licence_classes=["B2"])
    url = str(db.engine.url.render_as_string(hide_password=False))
    config = {
        **TEST_CONFIG,
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(tmp_path),
        "MATCHER_SNAPSHOTS": True,
        "MATCHER_FOLDER": str(tmp_path / "index"),
    }
    first = create_app(config)
    with first.app_context():  # the test holds the fixture app's context; use this one
        result = first.test_cli_runner().invoke(args=["rebuild-index"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "index" / "matcher.npz").exists() and "1 seeker rows" in result.output
    make.seeker(name="乙乙", occupation_codes=["L01"], licence_classes=["B2"])
    live_index.seeker_changed(
        db.session.scalar(select(models.SeekerProfile.id).order_by(models.SeekerProfile.id.desc()))
    )
    db.session.commit()
    second = create_app(config)
    with second.app_context():
        index = second.extensions["jobfair.index"]
        matches, total = index.current().rank_seekers(posting.id, k=10)
        assert total == 2  # loaded from the snapshot, then replayed the new seeker
        assert index.cursor >= 1
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()


def test_a_worker_behind_pruned_changes_reloads_the_snapshot(tmp_path, make, truck, app_with):
    """Worker B built its index before changes that worker A's rebuild then pruned."""
    member, posting = truck
    config = {"MATCHER_SNAPSHOTS": True, "MATCHER_FOLDER": str(tmp_path / "index")}
    a, b = app_with(**config), app_with(**config)
    with b.app_context():
        _matches, before = b.extensions["jobfair.index"].current().rank_seekers(posting.id)
    for name in ("乙乙", "丙丙"):
        seeker = make.seeker(name=name, occupation_codes=["L01"], licence_classes=["B2"])
        live_index.seeker_changed(seeker.id)
    db.session.commit()
    with a.app_context():
        index = a.extensions["jobfair.index"]
        index.rebuild()
        assert index.prune(older_than=timedelta(0)) == 1
        assert db.session.scalar(select(func.count()).select_from(models.IndexChange)) == 1
    with b.app_context():
        _matches, after = b.extensions["jobfair.index"].current().rank_seekers(posting.id)
    assert after == before + 2


def test_prune_keeps_the_newest_row_so_that_ids_are_never_reused(make, truck, app_with, tmp_path):
    """SQLite numbers a row of an emptied table from 1 again: a change then logged
    at or below a worker's cursor would never reach that worker."""
    member, posting = truck
    app = app_with(MATCHER_SNAPSHOTS=True, MATCHER_FOLDER=str(tmp_path / "index"))
    first = make.seeker(name="乙乙", occupation_codes=["L01"], licence_classes=["B2"])
    live_index.seeker_changed(first.id)
    db.session.commit()
    with app.app_context():
        index = app.extensions["jobfair.index"]
        index.rebuild()
        assert index.prune(older_than=timedelta(0)) == 0
    second = make.seeker(name="丙丙", occupation_codes=["L01"], licence_classes=["B2"])
    live_index.seeker_changed(second.id)
    db.session.commit()
    with app.app_context():
        _matches, total = app.extensions["jobfair.index"].current().rank_seekers(posting.id)
    assert total == 2  # 乙乙 from the fit, 丙丙 from the change log
