"""Engines for the clinic's databases: SQLite (embedded default) or PostgreSQL.

Relative SQLite paths are taken from the project root, the file (its journal
files and new folders too) is readable by its owner only
(``clinic.private_files``), and bound parameters are kept out of error
messages (``hide_parameters``), so a failed statement never puts a patient's
name or phone number into a traceback or a log.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import StaticPool

from clinic.private_files import private_sqlite_file
from clinic.settings import ROOT


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


def resolve_url(url: str) -> URL:
    """``url`` parsed, with a relative SQLite path made absolute under the project root."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        if not path.is_absolute():
            parsed = parsed.set(database=str(ROOT / path))
    return parsed


def sqlite_path(url: URL):
    """The file of a SQLite URL, or None (another database, or in memory)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _prepare_sqlite_file(path: Path) -> None:
    private_sqlite_file(path)


def make_engine(url: URL, *, create_file: bool = True, wal: bool = True) -> Engine:
    """An engine for ``url``. ``wal``: put a SQLite file in WAL mode (our own
    database only; another program's database keeps its journal mode)."""
    kwargs: Dict[str, Any] = dict(future=True, hide_parameters=True)
    path = sqlite_path(url)
    if url.get_backend_name() == "sqlite":
        if path is None:  # in memory: one shared connection
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            if create_file:
                _prepare_sqlite_file(path)
            kwargs.update(connect_args={"timeout": 30})
    else:
        kwargs.update(pool_pre_ping=True)
    engine = sa.create_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":

        def pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            # deleted rows are overwritten, not left behind in free pages
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            if wal and path is not None:  # the web page reads while the assistant writes
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        sa.event.listen(engine, "connect", pragmas)
    return engine


def describe(url: URL) -> str:
    """The URL for messages, with any password hidden."""
    return url.render_as_string(hide_password=True)
