"""The front desk's database: the clinic's requests, plus staff accounts,
their sign-in sessions and API tokens (only the front desk knows these; the
action server uses ``clinic.requests.RequestStore`` alone).

Staff sessions live here, not in the cookie: the cookie carries a random
session id, the table its SHA-256, so a session ends on the server when the
staff member signs out, when their password changes, when they are removed,
after ``idle`` without a request and ``lifetime`` after sign-in, on every
replica at once.

Nothing here logs a name, a phone number or a message: only references.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clinic.database import UTCDateTime
from clinic.requests import (
    KINDS,
    MAX_LINE_CHARS,
    STATUSES,
    RequestStore,
    StoredRequest,
    _text,
    metadata,
    requests,
)
from clinic.retention import purge_conversations
from frontdesk import credentials

__all__ = [
    "Store",
    "StoredRequest",
    "purge_conversations",
    "KINDS",
    "STATUSES",
    "MAX_LINE_CHARS",
    "requests",
    "staff",
    "api_tokens",
    "staff_sessions",
]

logger = logging.getLogger(__name__)

staff = sa.Table(
    "staff",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)


staff_sessions = sa.Table(
    "staff_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),  # SHA-256 of the cookie's session id
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("last_seen_at", UTCDateTime(), nullable=False, index=True),
)
# A request refreshes the session's last-seen time at most this often: one
# write a minute, not one per page.
TOUCH_EVERY = timedelta(seconds=60)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Store(RequestStore):
    """Requests (``RequestStore``), staff accounts and API tokens in one SQL database."""

    def __init__(self, url: Optional[str] = None):
        super().__init__(url)

    # ------------------------------------------------------------ staff

    def add_staff(self, username: str, password: str) -> None:
        """Adds a staff account; ValueError if the name is taken or the password too short."""
        name = credentials.check_new_username(username)
        password_hash = credentials.hash_password(password)
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    sa.insert(staff).values(username=name, password_hash=password_hash, created_at=_utcnow())
                )
        except IntegrityError:
            raise ValueError("that username is taken") from None

    def set_staff_password(self, username: str, password: str) -> bool:
        """Sets the password and ends every session of that staff member (a
        stolen cookie stops working with the old password)."""
        password_hash = credentials.hash_password(password)
        name = credentials.normalise_username(username)
        with self.engine.begin() as conn:
            changed = bool(
                conn.execute(
                    sa.update(staff).where(staff.c.username == name).values(password_hash=password_hash)
                ).rowcount
            )
            conn.execute(sa.delete(staff_sessions).where(staff_sessions.c.username == name))
        if changed:
            logger.info("Staff %s: password changed; their sessions ended.", name)
        return changed

    def remove_staff(self, username: str) -> bool:
        """Removes the account and ends its sessions."""
        name = credentials.normalise_username(username)
        with self.engine.begin() as conn:
            conn.execute(sa.delete(staff_sessions).where(staff_sessions.c.username == name))
            return bool(conn.execute(sa.delete(staff).where(staff.c.username == name)).rowcount)

    def staff_exists(self, username: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    sa.select(staff.c.id).where(staff.c.username == credentials.normalise_username(username))
                ).first()
                is not None
            )

    def list_staff(self) -> List[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(staff.c.username).order_by(staff.c.username)).scalars())

    def check_staff(self, username: str, password: str) -> bool:
        """True if the password is this staff member's (same time for unknown names)."""
        with self.engine.connect() as conn:
            password_hash = conn.execute(
                sa.select(staff.c.password_hash).where(
                    staff.c.username == credentials.normalise_username(username)
                )
            ).scalar()
        return credentials.verify_password(password_hash, password)

    # ------------------------------------------------------------ staff sessions

    def start_staff_session(self, username: str, now: Optional[datetime] = None) -> str:
        """A new session for ``username``: its id (for the cookie), of which only
        the hash is stored."""
        session_id = credentials.new_session_id()
        now = now or _utcnow()
        with self.engine.begin() as conn:
            conn.execute(
                sa.insert(staff_sessions).values(
                    id_hash=credentials.hash_token(session_id),
                    username=credentials.normalise_username(username),
                    created_at=now,
                    last_seen_at=now,
                )
            )
        return session_id

    def staff_for_session(
        self, session_id: object, *, idle: timedelta, lifetime: timedelta, now: Optional[datetime] = None
    ) -> Optional[str]:
        """The staff member a session id belongs to, or None: unknown, ended,
        idle for longer than ``idle``, older than ``lifetime``, or its staff
        member removed. An expired session is deleted; a live one is marked seen."""
        if not isinstance(session_id, str) or not session_id or len(session_id) > 200:
            return None
        now = now or _utcnow()
        id_hash = credentials.hash_token(session_id)
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(
                    staff_sessions.c.username, staff_sessions.c.created_at, staff_sessions.c.last_seen_at
                )
                .select_from(staff_sessions.join(staff, staff.c.username == staff_sessions.c.username))
                .where(staff_sessions.c.id_hash == id_hash)
            ).first()
            if row is None:
                return None
            if now - row.last_seen_at > idle or now - row.created_at > lifetime:
                conn.execute(sa.delete(staff_sessions).where(staff_sessions.c.id_hash == id_hash))
                return None
            if now - row.last_seen_at >= TOUCH_EVERY:
                conn.execute(
                    sa.update(staff_sessions)
                    .where(staff_sessions.c.id_hash == id_hash)
                    .values(last_seen_at=now)
                )
        return row.username

    def end_staff_session(self, session_id: object) -> bool:
        """Ends one session (sign-out)."""
        if not isinstance(session_id, str) or not session_id:
            return False
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    sa.delete(staff_sessions).where(
                        staff_sessions.c.id_hash == credentials.hash_token(session_id)
                    )
                ).rowcount
            )

    def end_staff_sessions(self, username: str) -> int:
        """Ends every session of ``username``; how many there were."""
        with self.engine.begin() as conn:
            return conn.execute(
                sa.delete(staff_sessions).where(
                    staff_sessions.c.username == credentials.normalise_username(username)
                )
            ).rowcount

    def purge_staff_sessions(
        self, *, idle: timedelta, lifetime: timedelta, now: Optional[datetime] = None
    ) -> int:
        """Deletes the sessions that can no longer be used; how many."""
        now = now or _utcnow()
        with self.engine.begin() as conn:
            return conn.execute(
                sa.delete(staff_sessions).where(
                    sa.or_(
                        staff_sessions.c.last_seen_at < now - idle,
                        staff_sessions.c.created_at < now - lifetime,
                    )
                )
            ).rowcount

    # ------------------------------------------------------------ API tokens

    def create_api_token(self, name: str) -> str:
        """A new API token; the plaintext is returned once and only its hash is kept."""
        label = _text(name, "name", 100, required=True)
        token = credentials.new_token()
        with self.engine.begin() as conn:
            conn.execute(
                sa.insert(api_tokens).values(
                    name=label, token_hash=credentials.hash_token(token), created_at=_utcnow()
                )
            )
        return token

    def check_api_token(self, token: str) -> bool:
        if not isinstance(token, str) or not token or len(token) > 200:
            return False
        wanted = credentials.hash_token(token)
        with self.engine.connect() as conn:
            hashes = list(conn.execute(sa.select(api_tokens.c.token_hash)).scalars())
        found = False
        for candidate in hashes:  # every hash compared, in constant time each
            found |= credentials.same_hash(candidate, wanted)
        return found

    def revoke_api_tokens(self, name: str) -> int:
        with self.engine.begin() as conn:
            return conn.execute(sa.delete(api_tokens).where(api_tokens.c.name == name)).rowcount
