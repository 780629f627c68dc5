"""A Redis lock store whose every step is one atomic Redis operation.

Rasa serialises the messages of one conversation with a ticket lock: each
message takes a ticket, waits until its ticket is the lowest one queued, is
processed, and gives the ticket back. Rasa's own ``RedisLockStore`` keeps the
queue as one JSON value and changes it by GET, change in Python, SET (rasa
issue 9213). Two replicas taking a ticket at the same moment both read the
same queue, both write ticket N, and both believe they hold the lock: the
conversation's two messages are processed at once and one turn's events can be
lost or interleaved. Giving a ticket back has the same race, and so has
deleting the queue when it looks empty.

Here every step is a Lua script, which Redis runs atomically:

* ``issue``: INCR a per-conversation counter (unique ticket numbers) and add
  the ticket to a sorted set, scored by its number, with its expiry time taken
  from Redis's own clock (replicas' clocks may differ);
* ``check``: drop expired tickets, then say whether the caller's ticket is the
  lowest (go), still queued (wait) or gone (expired: give up, as Rasa does);
* ``finish``: remove the caller's ticket and, if the queue is then empty,
  delete both keys.

The keys share a hash tag (``{conversation id}``) so they live in one slot of
a Redis cluster. Configured in endpoints.yml like Rasa's own store::

    lock_store:
      type: stores.lock_store.AtomicRedisLockStore
      url: ${REDIS_HOST}
      port: ${REDIS_PORT}
      db: ${REDIS_LOCK_DB}
      password: ${REDIS_PASSWORD}
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Deque, Optional, Text

import redis
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

DEFAULT_KEY_PREFIX = "clinic:lock:"
# Rasa polls its lock once a second; a queued message of the same conversation
# (a double tap, a retried webhook) would wait up to that long for nothing.
FIRST_POLL_SECONDS = 0.01
MAX_POLL_SECONDS = 0.2

_NOW_MS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: counter, queue. ARGV: lifetime in ms. Returns the ticket number.
ISSUE = (
    _NOW_MS
    + """
local ticket = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], ticket, ticket .. ':' .. (now + tonumber(ARGV[1])))
local keep = 2 * tonumber(ARGV[1]) + 1000
redis.call('PEXPIRE', KEYS[1], keep)
redis.call('PEXPIRE', KEYS[2], keep)
return ticket
"""
)

# Drops expired tickets. Shared by CHECK and PRUNE.
_DROP_EXPIRED = """
for _, entry in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local sep = string.find(entry, ':', 1, true)
  if tonumber(string.sub(entry, sep + 1)) <= now then
    redis.call('ZREM', KEYS[2], entry)
  end
end
"""

# KEYS: counter, queue. ARGV: ticket. Returns 1 (serve), 0 (wait), -1 (gone).
CHECK = (
    _NOW_MS
    + _DROP_EXPIRED
    + """
if #redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], ARGV[1]) == 0 then
  return -1
end
local head = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if tonumber(head[2]) == tonumber(ARGV[1]) then return 1 end
return 0
"""
)

# KEYS: counter, queue. Returns how many tickets are still queued.
PRUNE = (
    _NOW_MS
    + _DROP_EXPIRED
    + """
return redis.call('ZCARD', KEYS[2])
"""
)

# KEYS: counter, queue. ARGV: ticket. Returns how many tickets are left.
FINISH = """
redis.call('ZREMRANGEBYSCORE', KEYS[2], ARGV[1], ARGV[1])
local left = redis.call('ZCARD', KEYS[2])
if left == 0 then redis.call('DEL', KEYS[1], KEYS[2]) end
return left
"""


class AtomicRedisLockStore(LockStore):
    """Rasa's ticket lock, kept in Redis with atomic steps (see the module)."""

    def __init__(
        self,
        endpoint_config: Optional[EndpointConfig] = None,
        host: Text = "localhost",
        port: int = 6379,
        db: int = 1,
        password: Optional[Text] = None,
        key_prefix: Text = DEFAULT_KEY_PREFIX,
        socket_timeout: float = 10,
        **redis_kwargs: Any,
    ) -> None:
        if endpoint_config is not None:
            settings = dict(endpoint_config.kwargs)
            host = endpoint_config.url or host
            port = settings.pop("port", port)
            db = settings.pop("db", db)
            password = settings.pop("password", password)
            key_prefix = settings.pop("key_prefix", key_prefix)
            socket_timeout = settings.pop("socket_timeout", socket_timeout)
            settings.pop("type", None)
            redis_kwargs = {**settings, **redis_kwargs}
        self.red = redis.StrictRedis(
            host=host,
            port=int(port),
            db=int(db),
            # ${REDIS_PASSWORD} set to "" means no password
            password=password or None,
            socket_timeout=float(socket_timeout),
            **redis_kwargs,
        )
        self.key_prefix = str(key_prefix)
        self._issue = self.red.register_script(ISSUE)
        self._check = self.red.register_script(CHECK)
        self._prune = self.red.register_script(PRUNE)
        self._finish = self.red.register_script(FINISH)
        super().__init__()

    # keys ------------------------------------------------------------------
    def _keys(self, conversation_id: Text):
        tag = f"{self.key_prefix}{{{conversation_id}}}"
        return [f"{tag}:counter", f"{tag}:queue"]

    # the path Rasa uses: ``async with lock_store.lock(conversation_id)`` -----
    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = MAX_POLL_SECONDS,
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            self.cleanup(conversation_id, ticket)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            lifetime_ms = max(1, int(float(lock_lifetime) * 1000))
            return int(self._issue(keys=self._keys(conversation_id), args=[lifetime_ms]))
        except redis.RedisError as error:
            raise LockError(f"Could not issue a lock ticket ({type(error).__name__}).") from error

    async def _acquire_lock(
        self, conversation_id: Text, ticket: int, wait_time_in_seconds: float
    ) -> TicketLock:
        pause = FIRST_POLL_SECONDS
        longest = max(FIRST_POLL_SECONDS, min(float(wait_time_in_seconds), MAX_POLL_SECONDS))
        while True:
            try:
                state = int(self._check(keys=self._keys(conversation_id), args=[ticket]))
            except redis.RedisError as error:
                raise LockError(f"Could not check a lock ticket ({type(error).__name__}).") from error
            if state == 1:  # Rasa does not use the lock it is given: no extra round trip
                return TicketLock(conversation_id)
            if state == -1:
                raise LockError(
                    "Could not acquire the lock: the ticket expired while waiting "
                    f"(lifetime {LOCK_LIFETIME} s, TICKET_LOCK_LIFETIME)."
                )
            await asyncio.sleep(pause)
            pause = min(pause * 2, longest)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        try:
            self._finish(keys=self._keys(conversation_id), args=[ticket_number])
        except redis.RedisError as error:
            # the ticket expires by itself; the next message is delayed, not lost
            logger.warning("Lock store: could not give a ticket back (%s).", type(error).__name__)

    # the rest of Rasa's LockStore interface, each step atomic -------------
    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def update_lock(self, conversation_id: Text) -> None:
        self._prune(keys=self._keys(conversation_id), args=[])

    def is_someone_waiting(self, conversation_id: Text) -> bool:
        return int(self._prune(keys=self._keys(conversation_id), args=[])) > 0

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        entries = self.red.zrange(self._keys(conversation_id)[1], 0, -1)
        if not entries:
            return None
        tickets: Deque[Ticket] = deque()
        for entry in entries:
            number, expires_ms = entry.decode().split(":", 1)
            tickets.append(Ticket(int(number), int(expires_ms) / 1000))
        return TicketLock(conversation_id, tickets)

    def delete_lock(self, conversation_id: Text) -> None:
        deleted = self.red.delete(*self._keys(conversation_id))
        self._log_deletion(conversation_id, bool(deleted))

    def save_lock(self, lock: TicketLock) -> None:
        """Replaces the queue with ``lock``'s tickets in one transaction."""
        counter, queue = self._keys(lock.conversation_id)
        with self.red.pipeline(transaction=True) as pipe:
            pipe.delete(queue)
            for ticket in lock.tickets:
                pipe.zadd(queue, {f"{ticket.number}:{int(ticket.expires * 1000)}": ticket.number})
            if lock.tickets:
                pipe.set(counter, max(t.number for t in lock.tickets))
                keep_ms = int(2 * LOCK_LIFETIME * 1000) + 1000
                pipe.pexpire(counter, keep_ms)
                pipe.pexpire(queue, keep_ms)
            pipe.execute()

    def __repr__(self) -> Text:
        return f"AtomicRedisLockStore(prefix={self.key_prefix!r})"
