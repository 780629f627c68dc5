"""The front desk's request store: what the assistant collected, kept so nothing is lost.

SQLite by default (``var/clinic.db``), PostgreSQL by URL::

    CLINIC_DB_URL=postgresql+psycopg2://postgres@127.0.0.1:5432/clinic

The schema is created by an explicit, idempotent step: ``Store.create_schema()``
(``python -m frontdesk.cli init-db``; the web server runs it on start).
Nothing here logs a name, a phone number or a message: only references.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from frontdesk import credentials
from frontdesk.database import describe, make_engine, resolve_url
from frontdesk.records import StoredRequest
from frontdesk.references import new_reference, normalise_reference
from frontdesk.retention import cutoff, purge_conversations
from frontdesk.schema import KINDS, STATUSES, api_tokens, metadata, requests, staff
from frontdesk.settings import clinic_db_url

__all__ = ["Store", "StoredRequest", "purge_conversations", "KINDS", "STATUSES"]

logger = logging.getLogger(__name__)

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
SENDERS = ("patient", "assistant")
MAX_TRANSCRIPT_LINES = 500
MAX_LINE_CHARS = 5000
REFERENCE_ATTEMPTS = 8


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _text(value: Any, field: str, limit: int, *, required: bool = False) -> Optional[str]:
    """Validated text. Errors name the field, never the value (it may be health data)."""
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text")
    value = value.strip()
    if not value:
        if required:
            raise ValueError(f"{field} is required")
        return None
    if len(value) > limit:
        raise ValueError(f"{field} is longer than {limit} characters")
    return value


def _transcript(lines: Optional[Sequence[Dict[str, str]]]) -> Optional[List[Dict[str, str]]]:
    if lines is None:
        return None
    if not isinstance(lines, (list, tuple)) or len(lines) > MAX_TRANSCRIPT_LINES:
        raise ValueError(f"transcript must be a list of at most {MAX_TRANSCRIPT_LINES} messages")
    clean = []
    for line in lines:
        if not isinstance(line, dict) or line.get("sender") not in SENDERS:
            raise ValueError("transcript messages need a sender: 'patient' or 'assistant'")
        text = line.get("text")
        if not isinstance(text, str):
            raise ValueError("transcript messages need a text")
        clean.append({"sender": line["sender"], "text": text[:MAX_LINE_CHARS]})
    return clean


class Store:
    """Requests, staff accounts and API tokens in one SQL database."""

    def __init__(self, url: Optional[str] = None):
        self.url = resolve_url(clinic_db_url(url))
        self.engine = make_engine(self.url)

    def __repr__(self) -> str:
        return f"Store({describe(self.url)!r})"

    def create_schema(self) -> None:
        """Creates the tables that are missing (safe to run again)."""
        metadata.create_all(self.engine, checkfirst=True)

    def dispose(self) -> None:
        self.engine.dispose()

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return True
        except sa.exc.SQLAlchemyError:
            return False

    # ------------------------------------------------------------ requests

    def create_request(
        self,
        *,
        kind: str,
        full_name: str,
        phone_e164: str,
        preferred_time: Optional[datetime] = None,
        preferred_time_text: Optional[str] = None,
        procedure: Optional[str] = None,
        consent: bool,
        transcript: Optional[List[Dict[str, str]]] = None,
        idempotency_key: str,
    ) -> StoredRequest:
        """Stores a request once per ``idempotency_key``.

        A second call with the same key (a retry, a second "yes", or a racing
        call) stores nothing and returns the request already stored.
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        if not isinstance(phone_e164, str) or not E164.match(phone_e164):
            raise ValueError("phone_e164 must be a phone number in E.164 form (+15125550100)")
        if preferred_time is not None and (
            not isinstance(preferred_time, datetime) or preferred_time.utcoffset() is None
        ):
            raise ValueError("preferred_time must be a timezone-aware datetime")
        if not isinstance(consent, bool):
            raise ValueError("consent must be True or False")
        values = dict(
            kind=kind,
            full_name=_text(full_name, "full_name", 200, required=True),
            phone_e164=phone_e164,
            preferred_time=preferred_time,
            preferred_time_text=_text(preferred_time_text, "preferred_time_text", 500),
            procedure=_text(procedure, "procedure", 200),
            consent=consent,
            transcript=_transcript(transcript),
            status="open",
            idempotency_key=_text(idempotency_key, "idempotency_key", 128, required=True),
        )
        existing = self.find_by_idempotency_key(values["idempotency_key"])
        if existing is not None:
            return existing
        for _ in range(REFERENCE_ATTEMPTS):
            now = _utcnow()
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        sa.insert(requests).values(
                            reference=new_reference(), created_at=now, updated_at=now, **values
                        )
                    )
            except IntegrityError:
                # Either the same key won a race, or (rarely) the reference was taken.
                existing = self.find_by_idempotency_key(values["idempotency_key"])
                if existing is not None:
                    return existing
                continue
            stored = self.find_by_idempotency_key(values["idempotency_key"])
            logger.info("Stored %s request %s.", stored.kind, stored.reference)
            return stored
        raise RuntimeError("could not allocate a unique request reference")

    def find_by_idempotency_key(self, key: str) -> Optional[StoredRequest]:
        """The request stored under ``key`` (a conversation and its form's start), or None."""
        return self._one(requests.c.idempotency_key == key)

    def _one(self, condition) -> Optional[StoredRequest]:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(requests).where(condition)).mappings().first()
        return StoredRequest.from_row(row) if row is not None else None

    def get(self, reference: str) -> Optional[StoredRequest]:
        """The request with this reference ('mm 7k3q9' is found too), or None."""
        ref = normalise_reference(reference)
        return self._one(requests.c.reference == ref) if ref else None

    def list_requests(self, status: Optional[str] = "open", limit: int = 200) -> List[StoredRequest]:
        """Requests with ``status`` (None or 'all': every status), newest first."""
        query = sa.select(requests)
        if status not in (None, "all"):
            if status not in STATUSES:
                raise ValueError(f"status must be one of {', '.join(STATUSES)} or all")
            query = query.where(requests.c.status == status)
        limit = max(1, min(int(limit), 10_000))
        query = query.order_by(requests.c.created_at.desc(), requests.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [StoredRequest.from_row(row) for row in conn.execute(query).mappings()]

    def count_by_status(self) -> Dict[str, int]:
        query = sa.select(requests.c.status, sa.func.count()).group_by(requests.c.status)
        counts = {status: 0 for status in STATUSES}
        with self.engine.connect() as conn:
            counts.update({status: n for status, n in conn.execute(query)})
        return counts

    def set_status(self, reference: str, status: str) -> Optional[StoredRequest]:
        """Sets the request's status; returns it updated, or None if there is no such request."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        ref = normalise_reference(reference)
        if ref is None:
            return None
        with self.engine.begin() as conn:
            updated = conn.execute(
                sa.update(requests)
                .where(requests.c.reference == ref)
                .values(status=status, updated_at=_utcnow())
            ).rowcount
        if not updated:
            return None
        logger.info("Request %s marked %s.", ref, status)
        return self.get(ref)

    def purge(self, older_than_days: int, now: Optional[datetime] = None) -> Dict[str, Any]:
        """Deletes requests created more than N days before ``now``, whatever their status."""
        before = cutoff(older_than_days, now)
        with self.engine.begin() as conn:
            deleted = conn.execute(sa.delete(requests).where(requests.c.created_at < before)).rowcount
        logger.info("Purged %d requests older than %d days.", deleted, older_than_days)
        return {"requests": deleted, "before": before.isoformat()}

    # ------------------------------------------------------------ staff

    def add_staff(self, username: str, password: str) -> None:
        """Adds a staff account; ValueError if the name is taken or the password too short."""
        name = credentials.check_new_username(username)
        password_hash = credentials.hash_password(password)
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    sa.insert(staff).values(
                        username=name, password_hash=password_hash, created_at=_utcnow()
                    )
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

    def list_api_tokens(self) -> List[Dict[str, Any]]:
        query = sa.select(api_tokens.c.name, api_tokens.c.created_at).order_by(api_tokens.c.created_at)
        with self.engine.connect() as conn:
            return [{"name": n, "created_at": c} for n, c in conn.execute(query)]
