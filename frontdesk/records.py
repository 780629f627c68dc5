"""What the store hands out: a stored request, as a frozen dataclass."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional


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

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "StoredRequest":
        return cls(**{f.name: row[f.name] for f in fields(cls)})

    def to_json(self) -> Dict[str, Any]:
        """A JSON-ready dict; datetimes as ISO 8601 with their UTC offset."""
        out: Dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, datetime) else value
        return out
