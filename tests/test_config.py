"""Settings: the secret key, production safeguards, the database URL (jobfair/config.py)."""

from __future__ import annotations

import pytest

from jobfair import create_app


def test_secret_key_is_generated_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {"DATABASE_URL": "sqlite://", "INSTANCE_PATH": str(tmp_path)}
    first = create_app(config).config["SECRET_KEY"]
    assert (tmp_path / "secret_key").read_text().strip() == first and len(first) > 40
    assert create_app(config).config["SECRET_KEY"] == first
    other = tmp_path / "other"
    assert create_app({**config, "INSTANCE_PATH": str(other)}).config["SECRET_KEY"] != first


def test_production_refuses_to_start_without_a_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(
            {"ENV": "production", "DATABASE_URL": "sqlite://", "INSTANCE_PATH": str(tmp_path)}
        )
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app(
        {"ENV": "production", "DATABASE_URL": "sqlite://", "INSTANCE_PATH": str(tmp_path)}
    )
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_database_url_selects_postgresql_with_psycopg3(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://jobfair@db.internal/jobfair")
    app = create_app({"SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    monkeypatch.delenv("DATABASE_URL")
    app = create_app({"SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'jobfair.sqlite3'}"
