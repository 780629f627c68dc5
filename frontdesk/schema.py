"""The front desk's tables (SQLAlchemy Core; runs on SQLAlchemy 1.4 and 2.0)."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

KINDS = ("booking", "callback")
STATUSES = ("open", "contacted", "done")


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware datetime, stored in UTC and read back as aware UTC.

    PostgreSQL keeps it as ``timestamptz``; SQLite, which has no time zones,
    as the UTC wall time.
    """

    impl = sa.DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("datetimes must be timezone-aware")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):  # defensive: SQLite text written by another tool
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


metadata = sa.MetaData()

requests = sa.Table(
    "requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(16), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("full_name", sa.String(200), nullable=False),
    sa.Column("phone_e164", sa.String(16), nullable=False),
    sa.Column("preferred_time", UTCDateTime(), nullable=True),
    sa.Column("preferred_time_text", sa.String(500), nullable=True),
    sa.Column("procedure", sa.String(200), nullable=True),
    sa.Column("consent", sa.Boolean(create_constraint=False), nullable=False),
    sa.Column("transcript", sa.JSON(none_as_null=True), nullable=True),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("idempotency_key", sa.String(128), nullable=False, unique=True),
    sa.CheckConstraint("kind IN ('booking', 'callback')", name="ck_requests_kind"),
    sa.CheckConstraint("status IN ('open', 'contacted', 'done')", name="ck_requests_status"),
)
sa.Index("ix_requests_status_created_at", requests.c.status, requests.c.created_at)
sa.Index("ix_requests_created_at", requests.c.created_at)

staff = sa.Table(
    "staff",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)
