"""Configuration: defaults in code, secrets from the environment or instance/."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class Config:
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # None: SQLite in the instance folder
    REDIS_URL: str | None = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "jobfair_session"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = None  # a kiosk form may stay open all day; the token is per session
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_Hans_CN", "en")
    CONSENT_VERSION = "2026-11"
    PASSWORD_HASH_METHOD = "scrypt"
    # Failed-password throttling (services.accounts.ThrottlePolicy; README "Sign-in
    # limits"): 5 per (account, address) and 100 per address (a fair's kiosks and
    # venue Wi-Fi share one) in 15 minutes; account-wide, where any other address
    # weighs at most 5, 20 in 24 hours, then a delay from 30 s doubling to 15 min.
    LOGIN_FAILURES_PER_PAIR = 5
    LOGIN_FAILURES_PER_ADDRESS = 100
    LOGIN_FAILURES_PER_ACCOUNT = 20
    LOGIN_ACCOUNT_WINDOW_HOURS = 24
    LOGIN_ACCOUNT_BASE_DELAY_SECONDS = 30
    LOGIN_ACCOUNT_MAX_DELAY_MINUTES = 15
    # reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust
    TRUSTED_PROXIES = 0
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # Redis down: jobfair.rate_limit_storage counts in memory; give up on Redis quickly
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    NIGHTLY_REBUILD_HOUR = 3  # the worker's nightly index rebuild, in BABEL_DEFAULT_TIMEZONE
    PAGE_SIZE = 20
    # Booth routing: score = match - ROUTING_WAIT_WEIGHT * (expected wait in minutes / 30);
    # tuned with bench/queues.py (see jobfair/services/booth_queues.py)
    ROUTING_WAIT_WEIGHT = 1.0
    # one-time codes by text message (services.phone_codes); "console" logs them, masked
    SMS_GATEWAY = "console"
    PHONE_CODE_MINUTES = 5
    PHONE_CODE_TRIES = 5
    PHONE_CODE_RESEND_SECONDS = 60
    PHONE_CODES_PER_NUMBER_PER_HOUR = 5
    # e-mail (jobfair/mail.py): "console" logs mails with links cut short and saves them
    # whole in MAIL_OUTBOX_DIR (default instance/mail-outbox/); "smtp" sends them
    MAIL_GATEWAY = "console"
    MAIL_OUTBOX_DIR: str | None = None
    MAIL_FROM = "jobfair <noreply@localhost>"
    MAIL_SMTP_HOST = "localhost"
    MAIL_SMTP_PORT = 587
    MAIL_SMTP_USER: str | None = None
    MAIL_SMTP_PASSWORD: str | None = None
    MAIL_SMTP_STARTTLS = True
    SITE_URL: str | None = None  # "https://jobfair.example.cn": the host of links in mails
    PASSWORD_RESET_LINK_MINUTES = 30
    PASSWORD_RESET_LINKS_PER_HOUR = 3
    KIOSK_IDLE_SECONDS = 60  # a kiosk returns to its start screen after this long without input
    # the largest request body: a policy article's 20,000 characters of Chinese are about
    # 180 KB form-encoded, and no form uploads files (jobfair/security.py; 413 above it)
    MAX_CONTENT_LENGTH = 1024 * 1024
    HSTS_SECONDS = 0  # Strict-Transport-Security max-age; production only
    # /metrics answers loopback, or anyone sending "Authorization: Bearer <token>";
    # None: the environment's JOBFAIR_METRICS_TOKEN, if set (jobfair/metrics.py)
    METRICS_TOKEN: str | None = None
    # logs on stderr (jobfair/logs.py): "text" reads well in a terminal, "json" is one object
    # a line for a log collector; LOG_LEVEL: DEBUG, INFO, WARNING, ERROR. The environment's
    # JOBFAIR_LOG_FORMAT / JOBFAIR_LOG_LEVEL (also read by gunicorn.conf.py) set them too.
    LOG_FORMAT = os.environ.get("JOBFAIR_LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("JOBFAIR_LOG_LEVEL", "INFO").upper()


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    HSTS_SECONDS = 365 * 24 * 3600
    PREFERRED_URL_SCHEME = "https"
    LOG_FORMAT = os.environ.get("JOBFAIR_LOG_FORMAT", "json")


def load_secret_key(instance_path: str, production: bool) -> str:
    """Return SECRET_KEY from the environment, or from ``instance/secret_key``.

    In development the file is created with a random key on first run. In
    production a missing secret is an error: start-up refuses.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    if production:
        raise RuntimeError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable or "
            "put SECRET_KEY = '...' in instance/config.py before starting in production."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key
