"""Every setting the environment gives, in one place (no secrets here).

The Rasa server, the action server and the front desk read their settings
through these functions, never from ``os.environ`` directly, so each variable
has one name, one default and one parser. They read the environment when
called: cheap, and a test can change a variable and see it.

| Variable | Default | What |
|---|---|---|
| ``CLINIC_CONTENT_DIR`` | ``content/`` | answers, wording, clinic details, safety patterns |
| ``CLINIC_TIMEZONE`` | ``America/Chicago`` | the clinic's time zone: preferred times, the front desk |
| ``CLINIC_DB_URL`` | ``sqlite:///var/clinic.db`` | requests, staff accounts |
| ``TRACKER_DB_URL`` | ``sqlite:///var/trackers.db`` | Rasa's conversations |
| ``RETENTION_DAYS`` | 90 | what ``purge`` keeps |
| ``ACTION_TIMEOUT_SECONDS`` | 10 | how long Rasa waits for a custom action |
| ``RASA_URL`` | ``http://127.0.0.1:5005`` | where the front desk finds the assistant |
| ``FRONTDESK_SECURE_COOKIES`` | off | the front desk is served over HTTPS |
| ``TWILIO_AUTH_TOKEN``, ``SMS_SENDER_SECRET``, ``SMS_WEBHOOK_URL``, ``SMS_STATE_DB_URL`` | none | the SMS channel |
| ``FRONTDESK_THROTTLE_URL`` | ``memory://`` | where the sign-in throttle counts (``redis://...``: shared by replicas) |
| ``FRONTDESK_PROXIES`` | 0 | how many proxies in front of the front desk set ``X-Forwarded-For`` |
| ``ACTION_SERVER_TOKEN`` | none | the secret the Rasa server sends the action server (``actions.server``) |
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"

DEFAULT_DB_URL = "sqlite:///var/clinic.db"
DEFAULT_TRACKER_DB_URL = "sqlite:///var/trackers.db"
DEFAULT_RETENTION_DAYS = 90
DEFAULT_TIMEZONE = "America/Chicago"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_ACTION_TIMEOUT = 10.0
MIN_ACTION_SERVER_TOKEN_CHARS = 32


def _env(name: str) -> Optional[str]:
    value = os.environ.get(name, "").strip()
    return value or None


def content_dir() -> Path:
    """The clinic's content: $CLINIC_CONTENT_DIR, default content/ in the project."""
    return Path(_env("CLINIC_CONTENT_DIR") or ROOT / "content")


def clinic_db_url(url: Optional[str] = None) -> str:
    """The requests' and staff's database: ``url``, else $CLINIC_DB_URL, else SQLite in var/."""
    return url or _env("CLINIC_DB_URL") or DEFAULT_DB_URL


def tracker_db_url(url: Optional[str] = None) -> str:
    """Rasa's conversations (its SQL tracker store): ``url``, else $TRACKER_DB_URL,
    else SQLite in var/. One URL for every database Rasa's SQL store supports:
    ``sqlite:///var/trackers.db``, ``postgresql://user:password@host:5432/trackers``."""
    return url or _env("TRACKER_DB_URL") or DEFAULT_TRACKER_DB_URL


def retention_days() -> int:
    """Days requests and conversations are kept: $RETENTION_DAYS, default 90.
    ValueError if it is not a whole number of days, 0 or more."""
    raw = _env("RETENTION_DAYS")
    if raw is None:
        return DEFAULT_RETENTION_DAYS
    days = int(raw)
    if days < 0:
        raise ValueError("RETENTION_DAYS must be 0 or more")
    return days


def clinic_timezone() -> ZoneInfo:
    """The clinic's time zone (IANA name): $CLINIC_TIMEZONE, default America/Chicago.
    Preferred times are read, stored and shown in it. ValueError if unknown."""
    name = _env("CLINIC_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"CLINIC_TIMEZONE is not a known time zone: {name!r}") from None


def action_timeout() -> float:
    """Seconds Rasa waits for the action server: $ACTION_TIMEOUT_SECONDS, default
    10 (a value that is not a positive number is logged and the default used)."""
    raw = _env("ACTION_TIMEOUT_SECONDS")
    if raw is None:
        return DEFAULT_ACTION_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if value <= 0:
        logger.warning(
            "ACTION_TIMEOUT_SECONDS must be a positive number; using %.0f s.", DEFAULT_ACTION_TIMEOUT
        )
        return DEFAULT_ACTION_TIMEOUT
    return value


def action_server_token() -> str:
    """The shared secret that authenticates the Rasa server to the action server:
    $ACTION_SERVER_TOKEN. Rasa sends it in a header (``endpoints.yml``), the
    action server compares it in constant time. No default: ValueError if it is
    unset or shorter than 32 characters (``make run`` makes one per run)."""
    token = _env("ACTION_SERVER_TOKEN")
    if token is None or len(token) < MIN_ACTION_SERVER_TOKEN_CHARS:
        raise ValueError(
            f"ACTION_SERVER_TOKEN must be set to a secret of at least {MIN_ACTION_SERVER_TOKEN_CHARS} "
            "characters, the same for the Rasa server and the action server (e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`)."
        )
    return token


def secure_cookies() -> bool:
    """Whether the front desk is served over HTTPS: $FRONTDESK_SECURE_COOKIES=1."""
    return (_env("FRONTDESK_SECURE_COOKIES") or "").lower() in {"1", "true", "yes"}


def frontdesk_throttle_url() -> str:
    """Where the front desk's sign-in throttle counts attempts: $FRONTDESK_THROTTLE_URL,
    default ``memory://`` (one process); ``redis://[:password@]host:6379/db``
    shares it between replicas."""
    return _env("FRONTDESK_THROTTLE_URL") or "memory://"


def frontdesk_proxies() -> int:
    """How many proxies in front of the front desk append to X-Forwarded-For
    ($FRONTDESK_PROXIES, default 0: the peer's address is the client's). Only
    that many hops are believed; ValueError if not a whole number 0-5."""
    raw = _env("FRONTDESK_PROXIES") or "0"
    hops = int(raw)
    if not 0 <= hops <= 5:
        raise ValueError("FRONTDESK_PROXIES must be a whole number from 0 to 5")
    return hops


def rasa_url() -> str:
    """Where the assistant (Rasa's HTTP server) listens: $RASA_URL, default http://127.0.0.1:5005."""
    return _env("RASA_URL") or DEFAULT_RASA_URL


def env(name: str) -> Optional[str]:
    """A variable the SMS channel's credentials fall back on (TWILIO_AUTH_TOKEN,
    SMS_SENDER_SECRET, SMS_WEBHOOK_URL, SMS_STATE_DB_URL): its value, or None."""
    return _env(name)
