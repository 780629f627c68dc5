"""deploy/postgres/init-databases.sh against the machine's PostgreSQL, with
names of this test's own (dropped afterwards)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import psycopg2
import pytest
from psycopg2 import sql

from tests.deploy.manifests import DEPLOY

SCRIPT = DEPLOY / "postgres" / "init-databases.sh"
PG = {
    "host": os.environ.get("TEST_PG_HOST", "127.0.0.1"),
    "port": int(os.environ.get("TEST_PG_PORT", "5432")),
    "user": os.environ.get("TEST_PG_USER", "postgres"),
}


@pytest.fixture()
def admin():
    if shutil.which("psql") is None:
        pytest.fail("psql (PostgreSQL's client) is needed for this test")
    try:
        conn = psycopg2.connect(dbname="postgres", **PG)
    except psycopg2.OperationalError as error:
        pytest.fail(f"PostgreSQL at {PG['host']}:{PG['port']} is needed for this test: {error}")
    conn.autocommit = True
    yield conn
    conn.close()


@pytest.fixture()
def names(admin):
    suffix = uuid.uuid4().hex[:10]
    names = {"tracker": f"t_rasa_{suffix}", "clinic": f"t_clinic_{suffix}"}
    yield names
    with admin.cursor() as cur:
        for name in names.values():
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cur.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def run_init(names, **extra):
    env = {
        "PATH": os.environ["PATH"],
        "PGHOST": PG["host"],
        "PGPORT": str(PG["port"]),
        "PGUSER": PG["user"],
        "TRACKER_DB_NAME": names["tracker"],
        "TRACKER_DB_USER": names["tracker"],
        "CLINIC_DB_NAME": names["clinic"],
        "CLINIC_DB_USER": names["clinic"],
        "TRACKER_DB_PASSWORD": "it's a 'quoted' pass; DROP ROLE x",
        "CLINIC_DB_PASSWORD": "second-pass",
        **extra,
    }
    return subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_creates_each_database_owned_by_its_own_role(admin, names):
    done = run_init(names)
    assert done.returncode == 0, done.stderr
    assert "pass" not in done.stdout + done.stderr, "a password was echoed"
    with admin.cursor() as cur:
        for name in names.values():
            cur.execute(
                "SELECT pg_get_userbyid(d.datdba), has_database_privilege('public', d.datname, 'CONNECT'),"
                " r.rolcanlogin, r.rolsuper, r.rolpassword IS NOT NULL"
                " FROM pg_database d JOIN pg_authid r ON r.rolname = %s WHERE d.datname = %s",
                (name, name),
            )
            owner, public_connect, can_login, superuser, has_password = cur.fetchone()
            assert (owner, can_login, superuser, has_password) == (name, True, False, True)
            assert public_connect is False, "other roles of the server must not connect"


def test_refuses_without_passwords(admin, names):
    done = run_init(names, CLINIC_DB_PASSWORD="")
    assert done.returncode != 0
    with admin.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_roles WHERE rolname = ANY(%s)", (list(names.values()),))
        assert cur.fetchone()[0] == 0
