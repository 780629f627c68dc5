"""The booking and call-back requests the assistant collects for the front desk.

The action server stores them (``RequestStore.create_request``, once per
idempotency key); the front desk reads and works them. SQLite by default
(``var/clinic.db``), PostgreSQL by URL ($CLINIC_DB_URL)::

    CLINIC_DB_URL=postgresql+psycopg2://postgres@127.0.0.1:5432/clinic

The schema is created by an explicit, idempotent step (``create_schema``;
``python -m frontdesk.cli init-db``), which also adds the columns a newer
version has to a database an older one created (``MIGRATIONS``: so far
``language``, the language the patient wrote in, for staff to call back in). Nothing here logs a name, a phone number
or a message: only references.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clinic.content import LANGUAGES
from clinic.database import UTCDateTime, describe, make_engine, resolve_url
from clinic.retention import cutoff
from clinic.settings import clinic_db_url

logger = logging.getLogger(__name__)

KINDS = ("booking", "callback")
STATUSES = ("open", "contacted", "done")

metadata = sa.MetaData()

requests = sa.Table(
    "requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(16), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("full_name", sa.String(200), nullable=False),
    sa.Column("phone_e164", sa.String(16), nullable=False),
    sa.Column("preferred_time", UTCDateTime(), nullable=True),
    sa.Column("preferred_time_text", sa.String(500), nullable=True),
    sa.Column("procedure", sa.String(200), nullable=True),
    sa.Column("consent", sa.Boolean(create_constraint=False), nullable=False),
    sa.Column("transcript", sa.JSON(none_as_null=True), nullable=True),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("idempotency_key", sa.String(128), nullable=False, unique=True),
    sa.Column("language", sa.String(8), nullable=False, server_default="en"),
    sa.CheckConstraint("kind IN ('booking', 'callback')", name="ck_requests_kind"),
    sa.CheckConstraint("status IN ('open', 'contacted', 'done')", name="ck_requests_status"),
)
sa.Index("ix_requests_status_created_at", requests.c.status, requests.c.created_at)
sa.Index("ix_requests_created_at", requests.c.created_at)

# Columns added after the first release, as (table, column, SQL type and
# default): ``create_schema`` adds each one a database lacks, on SQLite and
# PostgreSQL alike; the rows already there get the default.
MIGRATIONS = (("requests", "language", "VARCHAR(8) NOT NULL DEFAULT 'en'"),)


# ---------------------------------------------------------------- references
# Request references patients can read out over the phone: ``MM-7K3Q9``.

PREFIX = "MM"
# No 0/O and no 1/I: nothing a patient or the front desk can confuse.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 5
PATTERN = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{{LENGTH}}}$")


def new_reference() -> str:
    return f"{PREFIX}-" + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_reference(text: str) -> Optional[str]:
    """``text`` as a reference (case, spaces and dashes forgiven), or None."""
    compact = re.sub(r"[\s\-_.]", "", (text or "").upper())
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    candidate = f"{PREFIX}-{compact}"
    return candidate if PATTERN.match(candidate) else None


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class StoredRequest:
    """A patient's booking or call-back request.

    ``repr()`` shows only the reference, kind and status, so logging one by
    mistake cannot leak the patient's details.
    """

    id: int
    reference: str
    kind: str  # 'booking' | 'callback'
    full_name: str = field(repr=False)
    phone_e164: str = field(repr=False)
    preferred_time: Optional[datetime] = field(repr=False)  # aware, UTC
    preferred_time_text: Optional[str] = field(repr=False)
    procedure: Optional[str] = field(repr=False)
    consent: bool = field(repr=False)
    transcript: Optional[List[Dict[str, str]]] = field(repr=False)
    status: str  # 'open' | 'contacted' | 'done'
    created_at: datetime = field(repr=False)  # aware, UTC
    updated_at: datetime = field(repr=False)  # aware, UTC
    idempotency_key: str = field(repr=False)
    language: str = "en"  # what the patient wrote in: "en" | "es"

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> StoredRequest:
        return cls(**{f.name: row[f.name] for f in fields(cls)})

    def to_json(self) -> Dict[str, Any]:
        """A JSON-ready dict; datetimes as ISO 8601 with their UTC offset."""
        out: Dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, datetime) else value
        return out


# ---------------------------------------------------------------- the store

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


class RequestStore:
    """The requests in the clinic's SQL database (``clinic.settings.clinic_db_url``)."""

    def __init__(self, url: Optional[str] = None):
        self.url = resolve_url(clinic_db_url(url))
        self.engine = make_engine(self.url)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({describe(self.url)!r})"

    def create_schema(self) -> None:
        """Creates the tables that are missing and adds the columns of
        ``MIGRATIONS`` that an older database lacks (safe to run again)."""
        metadata.create_all(self.engine, checkfirst=True)
        with self.engine.begin() as conn:
            inspector = sa.inspect(conn)
            for table, column, definition in MIGRATIONS:
                if column not in {c["name"] for c in inspector.get_columns(table)}:
                    conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN {column} {definition}"))
                    logger.info("Added column %s.%s.", table, column)

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
        language: str = "en",
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
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        key = _text(idempotency_key, "idempotency_key", 128, required=True)
        assert key is not None  # required=True: ValueError otherwise
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
            idempotency_key=key,
            language=language,
        )
        existing = self.find_by_idempotency_key(key)
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
                existing = self.find_by_idempotency_key(key)
                if existing is not None:
                    return existing
                continue
            stored = self.find_by_idempotency_key(key)
            if stored is None:  # pragma: no cover - committed just above
                raise RuntimeError("a stored request could not be read back")
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
