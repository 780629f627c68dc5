"""How the staff page shows values: times in the clinic's time zone, plain labels."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from clinic.settings import clinic_timezone

KIND_LABELS = {"booking": "Appointment", "callback": "Call-back"}
STATUS_LABELS = {"open": "Open", "contacted": "Contacted", "done": "Done"}
# the language the patient wrote in, so staff call back in it
LANGUAGE_LABELS = {"en": "English", "es": "Spanish (español)"}


def local_time(value: Optional[datetime]) -> str:
    """'Tue 14 Jan 2031, 9:00 AM CST' in the clinic's time zone; '' for None."""
    if value is None:
        return ""
    local = value.astimezone(clinic_timezone())
    hour = local.hour % 12 or 12
    return f"{local:%a} {local.day} {local:%b %Y}, {hour}:{local:%M %p %Z}"


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def language_label(language: str) -> str:
    return LANGUAGE_LABELS.get(language, language)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)
