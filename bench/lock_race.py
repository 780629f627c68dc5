"""Rasa's RedisLockStore against the project's AtomicRedisLockStore, with
several replicas taking turns on one conversation (rasa issue 9213).

Each replica is a thread with its own event loop and Redis connections. Inside
the lock, a turn does a deliberately non-atomic read-modify-write of a counter
in Redis: if two turns ever hold the lock at once, updates are lost.

    .venv/bin/python -m bench.lock_race [--trials 3] [--replicas 4] [--turns 15]

Set TICKET_LOCK_LIFETIME (seconds, Rasa's setting) low, e.g. 5, to keep the
stalls of Rasa's store short.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Callable, List, Text

import redis
from rasa.core.lock_store import LockStore, RedisLockStore

from stores.lock_store import AtomicRedisLockStore


@dataclass
class RaceResult:
    turns: int
    overlaps: int  # turns that started while another held the lock
    lost_updates: int  # counter increments lost to overlapping turns
    lock_errors: int  # turns refused with Rasa's LockError
    seconds: float


def race(
    make_store: Callable[[Text], LockStore], client: redis.StrictRedis, replicas: int = 4, turns: int = 15
) -> RaceResult:
    prefix = f"race{uuid.uuid4().hex[:8]}"
    counter, inside = f"{prefix}:counter", f"{prefix}:inside"
    overlaps, errors = [], []

    async def replica(store: LockStore) -> None:
        for _ in range(turns):
            try:
                async with store.lock("patient", wait_time_in_seconds=0.01):
                    if client.incr(inside) != 1:
                        overlaps.append(1)
                    value = int(client.get(counter) or 0)
                    await asyncio.sleep(0.002)
                    client.set(counter, value + 1)
                    client.decr(inside)
            except Exception as error:  # noqa: BLE001 - counted, the point of the race
                errors.append(type(error).__name__)

    started = time.monotonic()
    threads = [
        threading.Thread(target=lambda: asyncio.run(replica(make_store(prefix)))) for _ in range(replicas)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    served = replicas * turns - len(errors)
    result = RaceResult(
        replicas * turns,
        len(overlaps),
        served - int(client.get(counter) or 0),
        len(errors),
        time.monotonic() - started,
    )
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    return result


def stores(host: Text, port: int, db: int):
    return {
        "rasa RedisLockStore": lambda prefix: RedisLockStore(host=host, port=port, db=db, key_prefix=prefix),
        "AtomicRedisLockStore": lambda prefix: AtomicRedisLockStore(
            host=host, port=port, db=db, key_prefix=f"{prefix}:"
        ),
    }


def main(argv: List[Text] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6379)
    parser.add_argument("--db", type=int, default=14)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--replicas", type=int, default=4)
    parser.add_argument("--turns", type=int, default=15)
    args = parser.parse_args(argv)
    client = redis.StrictRedis(host=args.host, port=args.port, db=args.db)
    print(f"{args.replicas} replicas x {args.turns} turns on one conversation, {args.trials} trials")
    print(f"{'store':<22} {'overlaps':>8} {'lost':>5} {'LockError':>9} {'seconds':>8}")
    for name, make in stores(args.host, args.port, args.db).items():
        for _ in range(args.trials):
            r = race(make, client, args.replicas, args.turns)
            print(f"{name:<22} {r.overlaps:>8} {r.lost_updates:>5} {r.lock_errors:>9} {r.seconds:>8.1f}")


if __name__ == "__main__":
    main()
