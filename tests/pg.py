"""A throwaway PostgreSQL database for a test, dropped afterwards."""

from __future__ import annotations

import contextlib
import os
import secrets
from typing import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


@contextlib.contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """Yields the URL of a new database ``<prefix>_<random>``; skips the test
    if PostgreSQL is not reachable."""
    admin = sa.create_engine(
        PG_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        admin.dispose()
        pytest.skip(
            f"PostgreSQL is not reachable at {make_url(PG_ADMIN_URL).render_as_string()}: {error.orig}"
        )
    name = f"{prefix}_{secrets.token_hex(6)}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
