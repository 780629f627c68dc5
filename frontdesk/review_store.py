"""What staff decide about patients' turns, and who looked at which conversation.

Two tables in the front desk's database (beside ``requests`` and ``staff``):

* ``review_labels``: a staff member's verdict on one turn, with who and when.
  A turn is named by its user event's row id in Rasa's tracker store (and its
  sender id); the patient's words stay there, never here. A turn may be
  labelled again: the newest label counts, the older ones stay as history.
* ``review_audit``: every view of a transcript and every export of reviewed
  messages: who, when, which conversation.

Both follow the retention period (``purge``, run by ``frontdesk.cli purge``).
Nothing here logs a sender id or a label's turn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, Iterable, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from clinic.database import UTCDateTime
from clinic.requests import metadata
from clinic.retention import cutoff
from clinic.topics import load_topics

logger = logging.getLogger(__name__)

TOPIC = "topic"  # the message should have had this topic
NOT_COVERED = "not_covered"  # the article does not answer it: a content gap
FINE = "fine"  # fine as answered
VERDICTS = (TOPIC, NOT_COVERED, FINE)
VERDICT_LABELS = {TOPIC: "Topic", NOT_COVERED: "Not covered by the article", FINE: "Fine as answered"}
# topics.yml's own "not_covered" topic is the "Not covered by the article" verdict
NOT_A_LABEL_TOPIC = "not_covered"

VIEW_CONVERSATION = "conversation"  # the whole conversation page
VIEW_INBOX = "inbox"  # some of a conversation's messages, on a page of the review inbox
EXPORT = "export"
AUDIT_ACTIONS = (VIEW_CONVERSATION, VIEW_INBOX, EXPORT)

review_labels = sa.Table(
    "review_labels",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.BigInteger, nullable=False),
    sa.Column("sender_id", sa.String(255), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("topic", sa.String(64), nullable=True),
    sa.Column("staff", sa.String(64), nullable=False),
    sa.Column("labelled_at", UTCDateTime(), nullable=False),
    sa.CheckConstraint("verdict IN ('topic', 'not_covered', 'fine')", name="ck_review_labels_verdict"),
)
sa.Index("ix_review_labels_event_id", review_labels.c.event_id)
sa.Index("ix_review_labels_labelled_at", review_labels.c.labelled_at)

review_audit = sa.Table(
    "review_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("staff", sa.String(64), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("sender_id", sa.String(255), nullable=True),  # the conversation viewed; None for an export
    sa.Column("detail", sa.String(200), nullable=True),  # e.g. "12 messages" for an export
)
sa.Index("ix_review_audit_at", review_audit.c.at)


def label_topics() -> List[str]:
    """The topics staff can pick (content/topics.yml, in its order)."""
    return [name for name in load_topics() if name != NOT_A_LABEL_TOPIC]


@dataclass(frozen=True)
class Label:
    """A staff member's verdict on one turn (``event_id`` in Rasa's tracker store)."""

    event_id: int
    sender_id: str
    verdict: str  # 'topic' | 'not_covered' | 'fine'
    topic: Optional[str]  # set for 'topic' only
    staff: str
    labelled_at: datetime  # aware, UTC

    @property
    def description(self) -> str:
        return self.topic if self.verdict == TOPIC and self.topic else VERDICT_LABELS[self.verdict]


@dataclass(frozen=True)
class AuditEntry:
    staff: str
    at: datetime  # aware, UTC
    action: str  # 'conversation' | 'inbox' | 'export'
    sender_id: Optional[str]
    detail: Optional[str]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class ReviewStore:
    """Labels and the audit log in the front desk's database (``Store.engine``).

    The tables are created with the front desk's others (``Store.create_schema``).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------ labels

    def add_label(
        self,
        event_id: int,
        sender_id: str,
        verdict: str,
        staff: str,
        topic: Optional[str] = None,
        now: Optional[datetime] = None,
    ) -> Label:
        """Stores a verdict on a turn; ValueError for an unknown verdict or topic."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
        if verdict == TOPIC:
            if topic not in label_topics():
                raise ValueError("topic must be one of content/topics.yml's topics")
        else:
            topic = None
        if not isinstance(sender_id, str) or not sender_id or len(sender_id) > 255:
            raise ValueError("sender_id must be the conversation's id")
        label = Label(int(event_id), sender_id, verdict, topic, staff, now or _utcnow())
        with self.engine.begin() as conn:
            conn.execute(
                sa.insert(review_labels).values(
                    event_id=label.event_id,
                    sender_id=label.sender_id,
                    verdict=label.verdict,
                    topic=label.topic,
                    staff=label.staff,
                    labelled_at=label.labelled_at,
                )
            )
        logger.info("Staff %s labelled a turn (%s).", staff, verdict)
        return label

    def _latest(self, condition=None) -> List[Label]:
        newest = sa.select(sa.func.max(review_labels.c.id)).group_by(review_labels.c.event_id)
        query = sa.select(review_labels).where(review_labels.c.id.in_(newest))
        if condition is not None:
            query = query.where(condition)
        query = query.order_by(review_labels.c.labelled_at.desc(), review_labels.c.id.desc())
        with self.engine.connect() as conn:
            return [
                Label(r.event_id, r.sender_id, r.verdict, r.topic, r.staff, r.labelled_at)
                for r in conn.execute(query)
            ]

    def labels_for(self, event_ids: Iterable[int]) -> Dict[int, Label]:
        """The newest label of each of these turns that has one."""
        ids = sorted({int(i) for i in event_ids})
        found: Dict[int, Label] = {}
        for start in range(0, len(ids), 500):
            for label in self._latest(review_labels.c.event_id.in_(ids[start : start + 500])):
                found[label.event_id] = label
        return found

    def labels(self, verdict: Optional[str] = None) -> List[Label]:
        """Every labelled turn's newest label (only ``verdict``'s if given), newest first."""
        if verdict is not None and verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
        return self._latest(review_labels.c.verdict == verdict if verdict else None)

    # ------------------------------------------------------------ audit log

    def record(self, staff: str, action: str, sender_id: Optional[str] = None, detail: Optional[str] = None):
        """Writes one audit row: ``staff`` viewed a conversation or exported."""
        if action not in AUDIT_ACTIONS:
            raise ValueError(f"action must be one of {', '.join(AUDIT_ACTIONS)}")
        with self.engine.begin() as conn:
            conn.execute(
                sa.insert(review_audit).values(
                    staff=staff, at=_utcnow(), action=action, sender_id=sender_id, detail=detail
                )
            )

    def record_views(self, staff: str, action: str, sender_ids: Iterable[str]) -> None:
        """Writes one audit row per conversation ``staff`` saw messages of, in one statement."""
        if action not in (VIEW_CONVERSATION, VIEW_INBOX):
            raise ValueError("action must be a view")
        now = _utcnow()
        rows = [
            dict(staff=staff, at=now, action=action, sender_id=s, detail=None)
            for s in sorted(set(sender_ids))
        ]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(review_audit), rows)

    def audit_log(self, limit: int = 200) -> List[AuditEntry]:
        """The newest audit rows first."""
        query = sa.select(review_audit).order_by(review_audit.c.id.desc()).limit(max(1, min(limit, 10_000)))
        with self.engine.connect() as conn:
            return [AuditEntry(r.staff, r.at, r.action, r.sender_id, r.detail) for r in conn.execute(query)]

    # ------------------------------------------------------------ retention

    def purge(self, older_than_days: int, now: Optional[datetime] = None) -> Dict[str, int]:
        """Deletes labels and audit rows older than N days: ``{"labels": n, "audit": m}``."""
        before = cutoff(older_than_days, now)
        with self.engine.begin() as conn:
            labels = conn.execute(
                sa.delete(review_labels).where(review_labels.c.labelled_at < before)
            ).rowcount
            audit = conn.execute(sa.delete(review_audit).where(review_audit.c.at < before)).rowcount
        logger.info(
            "Purged %d review labels and %d audit rows older than %d days.", labels, audit, older_than_days
        )
        return {"labels": labels, "audit": audit}
