"""Slows down password guessing without letting anyone lock a colleague out.

Every sign-in attempt is counted, atomically, before the password is
checked, in two moving windows (the ``limits`` library):

* per staff name **and** client address: ``PER_ACCOUNT`` (5 in 15 minutes).
  The name is NFKC-normalised and case-folded, so "FrontDesk" and "frontdesk"
  count as one. Guesses from another address do not lock the real user out:
  their address has a window of its own.
* per client address, whatever the name: ``PER_ADDRESS`` (30 in 15 minutes),
  so one address cannot try many names.

A successful sign-in clears its name-and-address window. Counting and
checking are one step in the storage (a lock in memory, a Lua script in
Redis), so concurrent guesses cannot slip through between a check and a
count; windows expire by time, never by being pushed out by other names.

Storage: ``$FRONTDESK_THROTTLE_URL``: ``memory://`` (the default, one
front desk process) or ``redis://[:password@]host:6379/db``, shared by every
replica. Keys hold hashes, never a name or an address.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Optional

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from clinic.normalise import nfkc
from clinic.settings import frontdesk_throttle_url

PER_ACCOUNT = parse("5 per 15 minutes")
PER_ADDRESS = parse("30 per 15 minutes")
NAMESPACE = "frontdesk-login"


def account_key(username: str) -> str:
    """The name as the throttle counts it: NFKC, trimmed, case-folded."""
    return nfkc(username).strip().casefold()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "replace")).hexdigest()[:32]


class LoginThrottle:
    """The sign-in throttle of one front desk (or, on Redis, of all of them)."""

    def __init__(
        self,
        storage_url: Optional[str] = None,
        per_account: RateLimitItem = PER_ACCOUNT,
        per_address: RateLimitItem = PER_ADDRESS,
        namespace: str = NAMESPACE,
    ) -> None:
        self.storage = storage_from_string(storage_url or frontdesk_throttle_url())
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.per_account = per_account
        self.per_address = per_address
        self.namespace = namespace

    def _account(self, username: str, address: str) -> tuple:
        return (self.namespace, "account", _digest(account_key(username), address or ""))

    def _address(self, address: str) -> tuple:
        return (self.namespace, "address", _digest(address or ""))

    def attempt(self, username: str, address: str) -> int:
        """Counts one sign-in attempt by ``username`` from ``address``: 0 if it
        may go ahead, else the seconds until it may. The name-and-address
        window counts every attempt, atomically (20 guesses at once let 5
        through); the address window counts failures (``failed``), so a desk
        where many staff sign in all day is never locked out."""
        by_address = self._address(address)
        if not self.limiter.test(self.per_address, *by_address):
            return self._wait(self.per_address, by_address)
        by_account = self._account(username, address)
        if not self.limiter.hit(self.per_account, *by_account):
            return self._wait(self.per_account, by_account)
        return 0

    def failed(self, username: str, address: str) -> None:
        """A wrong password: it counts against the address too."""
        self.limiter.hit(self.per_address, *self._address(address))

    def _wait(self, item: RateLimitItem, identifiers: tuple) -> int:
        reset_at, _ = self.limiter.get_window_stats(item, *identifiers)
        return max(1, math.ceil(reset_at - time.time()))

    def succeeded(self, username: str, address: str) -> None:
        """A successful sign-in: its name-and-address window starts afresh."""
        self.limiter.clear(self.per_account, *self._account(username, address))
