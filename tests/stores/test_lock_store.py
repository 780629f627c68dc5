"""The project's atomic Redis lock store, against the machine's real Redis."""

import asyncio
import threading

import pytest
from rasa.core.lock_store import LockError, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bench.lock_race import race
from stores.lock_store import AtomicRedisLockStore


def atomic_store(settings, **overrides):
    options = {
        "host": settings["host"],
        "port": settings["port"],
        "db": settings["db"],
        "key_prefix": f"{settings['prefix']}:",
        **overrides,
    }
    return AtomicRedisLockStore(**options)


def run_in_threads(count, target):
    errors = []

    def guarded(index):
        try:
            target(index)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def test_rasa_loads_it_from_endpoints_yml(redis_settings):
    config = EndpointConfig.from_dict(
        {
            "type": "stores.lock_store.AtomicRedisLockStore",
            "url": redis_settings["host"],
            "port": redis_settings["port"],
            "db": redis_settings["db"],
            "password": "",
            "key_prefix": redis_settings["prefix"],
        }
    )
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore)
    assert store.issue_ticket("conversation") == 1


def test_rasas_own_store_hands_two_replicas_the_same_ticket(redis_settings):
    """Why this store exists (rasa issue 9213): two replicas that read the
    queue before either writes it both get the same ticket, so both 'hold' the lock."""
    replicas = [
        RedisLockStore(
            host=redis_settings["host"],
            port=redis_settings["port"],
            db=redis_settings["db"],
            key_prefix=redis_settings["prefix"],
        )
        for _ in range(2)
    ]
    locks = [replica.get_or_create_lock("patient") for replica in replicas]
    tickets = [lock.issue_ticket(60) for lock in locks]
    for replica, lock in zip(replicas, locks, strict=True):
        replica.save_lock(lock)
    assert tickets[0] == tickets[1]
    assert not any(lock.is_locked(ticket) for lock, ticket in zip(locks, tickets, strict=True))


def test_tickets_are_unique_across_replicas(redis_settings):
    issued = []
    lock = threading.Lock()

    def replica(_):
        store = atomic_store(redis_settings)  # its own connections, like a replica
        mine = [store.issue_ticket("patient", 60) for _ in range(100)]
        with lock:
            issued.extend(mine)

    run_in_threads(6, replica)
    assert sorted(issued) == list(range(1, 601))


def test_one_turn_at_a_time_across_replicas(redis_settings):
    """Four 'replicas' (threads with their own event loops and connections)
    take 15 turns each on one conversation; inside the lock a non-atomic
    read-modify-write would lose updates if two turns ever overlapped."""
    result = race(lambda prefix: atomic_store(redis_settings), redis_settings["client"], replicas=4, turns=15)
    assert (result.turns, result.overlaps, result.lost_updates, result.lock_errors) == (60, 0, 0, 0)


def test_turns_are_served_in_ticket_order(redis_settings):
    store = atomic_store(redis_settings)
    served = []

    async def turn(name, delay):
        await asyncio.sleep(delay)
        async with store.lock("patient"):
            served.append(name)
            await asyncio.sleep(0.05)

    async def main():
        await asyncio.gather(*(turn(i, i * 0.01) for i in range(5)))

    asyncio.run(main())
    assert served == [0, 1, 2, 3, 4]


def test_no_keys_are_left_behind(redis_settings):
    store = atomic_store(redis_settings)

    async def main():
        async with store.lock("patient"):
            assert store.get_lock("patient") is not None
            assert store.is_someone_waiting("patient")

    asyncio.run(main())
    assert list(redis_settings["client"].scan_iter(f"*{redis_settings['prefix']}*")) == []
    assert store.get_lock("patient") is None


def test_a_crashed_holder_does_not_block_the_conversation_for_ever(redis_settings):
    store = atomic_store(redis_settings)
    store.issue_ticket("patient", lock_lifetime=0.3)  # taken, never given back

    async def main():
        async with store.lock("patient"):
            return "served"

    assert asyncio.run(main()) == "served"


def test_a_ticket_that_expires_while_waiting_gives_up(redis_settings):
    store = atomic_store(redis_settings)
    store.issue_ticket("patient", lock_lifetime=30)  # someone holds it

    async def main():
        async with store.lock("patient", lock_lifetime=0.2):
            pass

    with pytest.raises(LockError):
        asyncio.run(main())


def test_redis_down_is_a_lock_error_not_a_hang(redis_settings):
    from tests.harness.servers import free_port

    store = atomic_store(redis_settings, port=free_port(), socket_timeout=1)
    with pytest.raises(LockError):
        store.issue_ticket("patient")
