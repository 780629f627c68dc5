"""One clinic time zone: the time a patient asks for is read, stored and shown
in CLINIC_TIMEZONE, by the action server and the front desk alike."""

from datetime import datetime, timezone

from actions.booking_inputs import parse_preferred_time
from clinic.settings import clinic_timezone
from frontdesk.display import local_time


def test_friday_at_2_is_2_pm_in_the_clinics_zone_for_the_front_desk_too(monkeypatch):
    monkeypatch.setenv("CLINIC_TIMEZONE", "America/New_York")
    now = datetime(2026, 11, 23, 14, 0, tzinfo=clinic_timezone())
    chosen = parse_preferred_time("friday at 2", now=now).when
    assert chosen.utcoffset() == clinic_timezone().utcoffset(chosen)
    stored = chosen.astimezone(timezone.utc)  # as the request store keeps it
    assert (stored.hour, stored.minute) == (19, 0)  # 2 pm New York in November
    assert "2:00" in local_time(stored) and "PM" in local_time(stored)


def test_an_unknown_zone_is_refused(monkeypatch):
    import pytest

    monkeypatch.setenv("CLINIC_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ValueError, match="CLINIC_TIMEZONE"):
        clinic_timezone()
