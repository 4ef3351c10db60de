"""flask commands: db-upgrade, db-revision, seed-demo, create-staff."""

from __future__ import annotations

import time

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, inspect, select

from models import Role, User
from models.base import UpgradeRefused

from . import ROOT
from .backup import backup_command, restore_command
from .extensions import db

DEMO_PASSWORD = "jobfair2026"


def alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", current_app.config["SQLALCHEMY_DATABASE_URI"])
    return cfg


def upgrade_database() -> None:
    """Bring the schema to the newest migration (creating it when empty)."""
    with db.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


@click.command("db-upgrade")
@with_appcontext
def db_upgrade_command() -> None:
    """Create or upgrade the database schema with Alembic, keeping every row."""
    try:
        upgrade_database()
    except UpgradeRefused as refusal:  # what to correct, not a traceback
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Database is up to date: {safe_url()}")


@click.command("db-revision")
@with_appcontext
@click.option("-m", "--message", required=True)
def db_revision_command(message: str) -> None:
    """(Developers) write a new migration from the difference between models and database."""
    with db.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.revision(cfg, message=message, autogenerate=True)


def safe_url() -> str:
    return db.engine.url.render_as_string(hide_password=True)


def _has_rows() -> bool:
    if not inspect(db.engine).has_table("user"):
        return False
    return bool(db.session.scalar(select(func.count()).select_from(User)))


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@click.option(
    "--seed", default=20261130, show_default=True, help="Random seed: same seed, same data."
)
@click.option("--seekers", default=2000, show_default=True)
def seed_demo_command(if_empty: bool, seed: int, seekers: int) -> None:
    """Fill the database with realistic demo data and print the demo logins."""
    from werkzeug.security import generate_password_hash

    from .demo import seed_demo

    if _has_rows():
        if if_empty:
            click.echo("Database already has data; demo data not added.")
            return
        raise click.ClickException("The database is not empty; seed-demo only fills an empty one.")
    started = time.perf_counter()
    method = current_app.config["PASSWORD_HASH_METHOD"]
    with click.progressbar(length=100, label="Demo data") as bar:
        last = {"pct": 0}

        def progress(step: str, done: int, total: int) -> None:
            pct = int(100 * done / max(total, 1))
            if pct > last["pct"]:
                bar.update(pct - last["pct"])
                last["pct"] = pct
            bar.label = f"Demo data: {step}"

        summary = seed_demo(
            db.session,
            seed=seed,
            seekers=seekers,
            password_hash=generate_password_hash(DEMO_PASSWORD, method=method),
            staff_password_hash=generate_password_hash(DEMO_PASSWORD, method=method),
            progress=progress,
            password_hint=DEMO_PASSWORD,
            staff_password_hint=DEMO_PASSWORD,
            consent_version=current_app.config["CONSENT_VERSION"],
            zone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
        )
        bar.update(100 - last["pct"])
    from .services.live_index import live_index

    live_index().discard_snapshot()  # an index of the database this one replaced
    click.echo(f"Demo data created in {time.perf_counter() - started:.1f} s.")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for role, login, _hint, description in summary.logins[:6]:
        click.echo(f"  {role:<9} {login:<28} {description}")
    more = [login for _role, login, _hint, _description in summary.logins[6:]]
    if more:
        first, last = more[0].split("@")[0], more[-1]
        click.echo(f"  ... and {len(more)} more employer logins ({first}..{last}).")


@click.command("rebuild-index")
@with_appcontext
@click.option(
    "--if-stale/--force",
    default=False,
    help="--if-stale: keep a current snapshot (load it, replay the change log) and refit only "
    "when it is missing, of an older format or not of this database. --force (the default): "
    "always refit.",
)
def rebuild_index_command(if_stale: bool) -> None:
    """Refit the matcher from the database and write a new snapshot to the instance folder."""
    from matching.matcher import warm_up

    from .jobs import rebuild_index
    from .services.live_index import live_counts, live_index

    started = time.perf_counter()
    if if_stale:
        replayed, why = live_index().load_if_current()
        if not why:
            seekers, postings = live_counts(live_index().matcher)
            compiled = warm_up()
            click.echo(
                f"Index snapshot is current: loaded {live_index().snapshot} and replayed "
                f"{replayed} change-log rows in {time.perf_counter() - started:.1f} s "
                f"(ranking kernels ready in {compiled:.1f} s): {seekers} seekers, "
                f"{postings} postings; not refitted (--force refits)"
            )
            return
        click.echo(f"Index snapshot {why}: refitting.")
    with click.progressbar(length=1, label="Matcher index", show_pos=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        matcher, pruned = rebuild_index(progress)  # the same as the rebuild job (jobs.py)
        bar.update(bar.length - bar.pos)
    compiled = warm_up()
    click.echo(
        f"Index rebuilt in {time.perf_counter() - started:.1f} s "
        f"(ranking kernels ready in {compiled:.1f} s): "
        f"{matcher.seekers_.n} seeker rows, {matcher.postings_.n} posting rows, "
        f"snapshot {live_index().snapshot}; {pruned} old change-log rows pruned"
    )


@click.command("worker")
@with_appcontext
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
def worker_command(burst: bool) -> None:
    """Run background jobs from Redis (REDIS_URL), with the scheduler of the nightly
    index rebuild; see the staff page "Background jobs"."""
    from .jobs import next_night, wait_for_redis, work

    app = current_app._get_current_object()
    if not app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: the job queue lives in Redis.")
    wait_for_redis(app, say=lambda message: click.echo(message, err=True))
    click.echo(f"Next nightly index rebuild: {next_night(app):%Y-%m-%d %H:%M} UTC.")
    work(app, burst=burst)  # outlives Redis restarts; stops on SIGTERM / Ctrl-C


@click.command("create-staff")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", prompt="Display name")
@click.option("--admin", is_flag=True, help="Create an admin instead of a staff member.")
@click.option(
    "--can-export", is_flag=True, help="May export seekers' names and phone numbers (audited)."
)
@click.password_option()
def create_staff_command(
    email: str, name: str, admin: bool, can_export: bool, password: str
) -> None:
    """Create a staff (or admin) account; there is no self-signup for these roles."""
    from .errors import DomainError
    from .services import unit_of_work
    from .services.accounts import create_staff_user
    from .services.exports import set_export_permission

    try:
        with unit_of_work():
            user = create_staff_user(email, password, name, Role.ADMIN if admin else Role.STAFF)
            if can_export:
                set_export_permission(None, user.id, True)
    except DomainError as e:
        raise click.ClickException(e.message) from e
    exporting = " (may export names and phone numbers)" if can_export else ""
    click.echo(f"Created {user.role} account {user.email}{exporting}.")


def init_app(app: Flask) -> None:
    for cmd in (
        db_upgrade_command,
        db_revision_command,
        seed_demo_command,
        rebuild_index_command,
        worker_command,
        create_staff_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(cmd)
