"""Declarative base shared by every model, with a constraint naming convention."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_values(values: type[enum.StrEnum]) -> tuple[str, ...]:
    """The values of a string enum, in declaration order."""
    return tuple(member.value for member in values)


def enum_check(column: str, values: type[enum.StrEnum]) -> CheckConstraint:
    """A CHECK that ``column`` holds one of the values of ``values`` (or NULL).

    Named ``ck_<table>_<column>`` by the naming convention. A new member of the
    enum widens the constraint in the models by itself; the database needs a new
    migration (autogenerate does not see CHECKs), and ``tests/models`` fails
    until it has one. ``info["enum"]`` lets tests find every such constraint.
    """
    allowed = enum_values(values)
    if not allowed or any("'" in v for v in allowed):
        raise ValueError(f"{values.__name__}: values must be non-empty and free of quotes")
    listed = ", ".join(f"'{v}'" for v in allowed)
    return CheckConstraint(
        f"{column} IN ({listed})", name=column, info={"enum": values, "column": column}
    )


def utcnow() -> datetime:
    """Return the current time in UTC; used as a callable column default."""
    return datetime.now(UTC)


class UpgradeRefused(RuntimeError):
    """A migration stopped before changing anything; its message says what to correct."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite has no time zones and hands back naive values; this type stores UTC
    and always returns an aware datetime, so comparisons behave the same on
    SQLite and PostgreSQL.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}
