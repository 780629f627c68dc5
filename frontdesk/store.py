"""The front desk's database: the clinic's requests, plus staff accounts and
API tokens (only the front desk knows these; the action server uses
``clinic.requests.RequestStore`` alone).

Nothing here logs a name, a phone number or a message: only references.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
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
from frontdesk.review_store import ReviewStore, review_audit, review_labels

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
    "review_labels",
    "review_audit",
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


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Store(RequestStore):
    """Requests (``RequestStore``), staff accounts and API tokens in one SQL database."""

    def __init__(self, url: Optional[str] = None):
        super().__init__(url)

    @property
    def review(self) -> ReviewStore:
        """The review inbox's labels and audit log, in this database."""
        return ReviewStore(self.engine)

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
        password_hash = credentials.hash_password(password)
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    sa.update(staff)
                    .where(staff.c.username == credentials.normalise_username(username))
                    .values(password_hash=password_hash)
                ).rowcount
            )

    def remove_staff(self, username: str) -> bool:
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    sa.delete(staff).where(staff.c.username == credentials.normalise_username(username))
                ).rowcount
            )

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
