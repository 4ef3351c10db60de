"""jobfair: job fairs for delivery, logistics and livestream-commerce workers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from .config import Config, ProductionConfig, load_secret_key
from .logs import init_app as init_logs

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the app. ``config`` (tests) overrides instance/config.py and the environment."""
    config = config or {}
    app = Flask(
        __name__,
        instance_path=str(
            config.get("INSTANCE_PATH") or os.environ.get("JOBFAIR_INSTANCE") or ROOT / "instance"
        ),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    configure(app, config)
    init_logs(app)  # first, so that the access line times every other hook
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_security_headers(app)
    register_metrics(app)
    register_commands(app)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


def configure(app: Flask, overrides: dict[str, Any]) -> None:
    production = (overrides.get("ENV") or os.environ.get("JOBFAIR_ENV")) == "production"
    app.config.from_object(ProductionConfig if production else Config)
    app.config.from_pyfile("config.py", silent=True)
    for name in ("DATABASE_URL", "REDIS_URL"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if os.environ.get("JOBFAIR_TRUSTED_PROXIES", "").isdigit():
        app.config["TRUSTED_PROXIES"] = int(os.environ["JOBFAIR_TRUSTED_PROXIES"])
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path, production)
    url = app.config.get("DATABASE_URL")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{Path(app.instance_path) / 'jobfair.sqlite3'}"
    elif url.startswith("postgres://") or url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    from .rate_limit_storage import storage_uri  # Redis, or this process's memory while down

    app.config.setdefault("RATELIMIT_STORAGE_URI", storage_uri(app.config.get("REDIS_URL")))


def register_extensions(app: Flask) -> None:
    from . import auth_session, i18n, sms
    from .extensions import babel, csrf, db, limiter, login_manager
    from .services import live_index, people

    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.install_in_templates(app)
    login_manager.init_app(app)
    auth_session.init_login_manager(login_manager)
    live_index.init_app(app)
    people.init_app(app)
    sms.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .access import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter  # /postings/99999999999 is a 404, not a 500
    from .views import add_routes, auth, employers, fairs, kiosk, main, seekers, staff, staff_fairs

    add_routes(staff.bp, staff_fairs.ROUTES, staff_fairs.__name__)
    from .views import policies, staff_policies

    add_routes(staff.bp, staff_policies.ROUTES, staff_policies.__name__)
    app.register_blueprint(policies.bp)
    from .views import staff_exports

    add_routes(staff.bp, staff_exports.ROUTES, staff_exports.__name__)
    from .views import staff_stats

    add_routes(staff.bp, staff_stats.ROUTES, staff_stats.__name__)
    from .views import staff_jobs

    add_routes(staff.bp, staff_jobs.ROUTES, staff_jobs.__name__)
    from .views import staff_schemes

    add_routes(staff.bp, staff_schemes.ROUTES, staff_schemes.__name__)
    from . import jobs

    jobs.init_app(app)  # the job queue's length in /metrics
    from .views import booth_queues

    app.register_blueprint(booth_queues.bp)
    for module in (main, auth, seekers, employers, fairs, staff, kiosk):
        app.register_blueprint(module.bp)
    from .views import health

    app.register_blueprint(health.bp)  # /healthz, /readyz, /metrics
    from . import api

    api.init_app(app)  # /api/v1 (JSON), /api/v1/docs, /auth/account/tokens


def register_errorhandlers(app: Flask) -> None:
    from . import errors

    errors.init_app(app)


def register_security_headers(app: Flask) -> None:
    from . import security

    security.init_app(app)


def register_metrics(app: Flask) -> None:
    from . import metrics

    metrics.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from . import template_helpers

    template_helpers.init_app(app)


def register_commands(app: Flask) -> None:
    from . import cli

    cli.init_app(app)
