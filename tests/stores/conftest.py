import os
import uuid

import pytest
import redis

REDIS_HOST = os.environ.get("TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))
REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "14"))


@pytest.fixture()
def redis_settings():
    """Connection settings for the machine's Redis, with a key prefix of this
    test's own; the test's keys are deleted afterwards."""
    client = redis.StrictRedis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS_HOST}:{REDIS_PORT} is needed for this test: {error}")
    prefix = f"test{uuid.uuid4().hex[:10]}"
    yield {"host": REDIS_HOST, "port": REDIS_PORT, "db": REDIS_DB, "prefix": prefix, "client": client}
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)
