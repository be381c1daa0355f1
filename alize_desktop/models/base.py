"""Declarative base, constraint naming convention and the column types shared by every table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Alembic batch migrations on SQLite need named constraints to drop or alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Cents(TypeDecorator[int]):
    """Money as integer euro cents. Floats and fractions of a cent are refused, never rounded."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or isinstance(value, float):
            raise TypeError("un montant s'exprime en centimes entiers, jamais en nombre flottant")
        if isinstance(value, Decimal):
            if value != value.to_integral_value():
                raise ValueError("un montant ne peut pas comporter de fraction de centime")
            return int(value)
        if isinstance(value, int):
            return value
        raise TypeError(f"montant de type inattendu : {type(value).__name__}")

    def process_result_value(self, value: Any, dialect: Any) -> int | None:
        return None if value is None else int(value)


def enum_check(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    """A CHECK constraint that keeps an enum column within its code names."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or f"{column}_enum")


def non_negative(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} >= 0", name=f"{column}_non_negative")


def Id() -> Any:  # noqa: N802 - reads like a column type at the call site
    """The record id of format v1: a string unique within its table."""
    return String(64)
