"""Where things are and what the environment configures (no secrets here)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"

DEFAULT_DB_URL = "sqlite:///var/clinic.db"
DEFAULT_TRACKER_DB_URL = "sqlite:///var/trackers.db"
DEFAULT_RETENTION_DAYS = 90
DEFAULT_TIMEZONE = "America/Chicago"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"


def clinic_db_url(url: Optional[str] = None) -> str:
    """The request store's database: ``url``, else $CLINIC_DB_URL, else SQLite in var/."""
    return url or os.environ.get("CLINIC_DB_URL") or DEFAULT_DB_URL


def tracker_db_url(url: Optional[str] = None) -> str:
    """Rasa's SQL tracker store: ``url``, $TRACKER_DB_URL, $TRACKER_DB (the SQLite
    path endpoints.yml uses), else var/trackers.db."""
    if url:
        return url
    if os.environ.get("TRACKER_DB_URL"):
        return os.environ["TRACKER_DB_URL"]
    if os.environ.get("TRACKER_DB"):
        return f"sqlite:///{os.environ['TRACKER_DB']}"
    return DEFAULT_TRACKER_DB_URL


def retention_days() -> int:
    """Days requests and conversations are kept: $RETENTION_DAYS, default 90."""
    raw = os.environ.get("RETENTION_DAYS", "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    days = int(raw)
    if days < 0:
        raise ValueError("RETENTION_DAYS must be 0 or more")
    return days


def clinic_timezone() -> ZoneInfo:
    """The time zone staff read times in: $CLINIC_TIMEZONE, default America/Chicago."""
    return ZoneInfo(os.environ.get("CLINIC_TIMEZONE") or DEFAULT_TIMEZONE)


def secure_cookies() -> bool:
    """Whether the site is served over HTTPS: $FRONTDESK_SECURE_COOKIES=1."""
    return os.environ.get("FRONTDESK_SECURE_COOKIES", "").strip().lower() in {"1", "true", "yes"}


def rasa_url() -> str:
    """Where the assistant (Rasa's HTTP server) listens: $RASA_URL, default http://127.0.0.1:5005."""
    return (os.environ.get("RASA_URL") or "").strip() or DEFAULT_RASA_URL
