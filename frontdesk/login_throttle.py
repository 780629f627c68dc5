"""Slows down password guessing: per-username backoff after repeated failures.

In memory, per process: after FREE_ATTEMPTS failures in a row, each further
failure locks the username for twice as long as the last (2 s, 4 s, ... up to
15 minutes). A successful sign-in clears it.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Dict, Tuple

FREE_ATTEMPTS = 5
BASE_DELAY = 2.0
MAX_DELAY = 15 * 60.0
MAX_ENTRIES = 10_000


class LoginThrottle:
    def __init__(
        self,
        free_attempts: int = FREE_ATTEMPTS,
        base_delay: float = BASE_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.free_attempts = free_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock
        self._lock = threading.Lock()
        self._state: Dict[str, Tuple[int, float, float]] = {}  # key: failures, blocked until, last seen

    def retry_after(self, key: str) -> int:
        """Seconds before ``key`` may try again (0: now)."""
        with self._lock:
            _, blocked_until, _ = self._state.get(key, (0, 0.0, 0.0))
        wait = blocked_until - self.clock()
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, key: str) -> None:
        now = self.clock()
        with self._lock:
            failures, _, _ = self._state.get(key, (0, 0.0, 0.0))
            failures += 1
            blocked_until = 0.0
            if failures >= self.free_attempts:
                delay = self.base_delay * 2 ** (failures - self.free_attempts)
                blocked_until = now + min(delay, self.max_delay)
            self._state[key] = (failures, blocked_until, now)
            if len(self._state) > MAX_ENTRIES:
                self._forget_oldest(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._state.pop(key, None)

    def _forget_oldest(self, now: float) -> None:
        stale = [
            k for k, (_, until, seen) in self._state.items() if until < now and now - seen > self.max_delay
        ]
        for k in stale:
            del self._state[k]
        if len(self._state) > MAX_ENTRIES:  # still full: drop the least recently seen half
            by_age = sorted(self._state, key=lambda k: self._state[k][2])
            for k in by_age[: len(by_age) // 2]:
                del self._state[k]
