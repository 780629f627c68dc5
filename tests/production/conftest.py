"""The production profile's tests: real PostgreSQL and Redis on this machine,
two Rasa replicas sharing them (tests/harness/production.py)."""

import pytest
import redis
import sqlalchemy as sa

from tests.harness.production import PG_HOST, PG_PORT, REDIS_HOST, REDIS_PORT, pg_url
from tests.production.tcp_proxy import TcpProxy


def services_or_fail() -> None:
    try:
        sa.create_engine(pg_url("postgres")).connect().close()
        redis.StrictRedis(host=REDIS_HOST, port=REDIS_PORT).ping()
    except Exception as error:  # noqa: BLE001 - the message says what is missing
        pytest.fail(
            f"The production tests need PostgreSQL at {PG_HOST}:{PG_PORT} and "
            f"Redis at {REDIS_HOST}:{REDIS_PORT}: {type(error).__name__}: {error}"
        )


@pytest.fixture(scope="session")
def proxies():
    """Proxies in front of each shared part, for the tests that take one down:
    "clinic_db" (the action server's request store), "tracker_db" (the
    replicas' tracker store) and "redis" (their lock store)."""
    started = {
        "clinic_db": TcpProxy(PG_HOST, PG_PORT).start(),
        "tracker_db": TcpProxy(PG_HOST, PG_PORT).start(),
        "redis": TcpProxy(REDIS_HOST, REDIS_PORT).start(),
    }
    yield started
    for proxy in started.values():
        proxy.stop()


@pytest.fixture(scope="session")
def production(trained_model, proxies):
    """Two Rasa replicas, one action server, PostgreSQL and Redis."""
    from tests.harness.production import running_production

    services_or_fail()
    ports = {name: proxy.port for name, proxy in proxies.items()}
    with running_production(trained_model, replicas=2, ports=ports) as running:
        yield running
