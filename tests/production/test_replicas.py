"""One conversation, its messages alternating between two Rasa replicas."""

import uuid

import pytest

from clinic.topics import load_topics
from frontdesk.store import Store
from tests.evaluation.checks import reply_text

pytestmark = pytest.mark.model
TOPICS = load_topics()


class AlternatingPatient:
    """Sends each message to the next replica in turn."""

    def __init__(self, production):
        self.production = production
        self.sender = f"replica-test-{uuid.uuid4().hex}"
        self.turn = 0

    def says(self, text):
        reply = reply_text(self.production.rest(self.turn, self.sender, text))
        self.turn += 1
        return reply


def test_context_carries_across_replicas(production):
    patient = AlternatingPatient(production)
    assert TOPICS["rfa"].matches(patient.says("what is RFA?"))  # replica 0
    recovery = patient.says("how long is recovery after it?")  # replica 1
    assert TOPICS["recovery"].matches(recovery)
    assert "radiofrequency ablation" in recovery.lower()
    risks = patient.says("and what are the risks of it?")  # replica 0
    assert TOPICS["risks"].matches(risks) and "radiofrequency ablation" in risks.lower()


def test_the_booking_form_carries_across_replicas_and_lands_in_postgresql(production):
    patient = AlternatingPatient(production)
    assert "full name" in patient.says("can I see someone about the stimulator?")
    assert "phone number" in patient.says("Maya Okafor")
    assert "What day and time" in patient.says("(512) 555-0173")
    summary = patient.says("next wednesday afternoon")
    for part in ("Maya Okafor", "(512) 555-0173", "spinal cord stimulation"):
        assert part in summary
    done = patient.says("yes")
    assert "reference is MM-" in done
    store = Store(production.env["CLINIC_DB_URL"])
    try:
        [stored] = [r for r in store.list_requests(status=None) if r.full_name == "Maya Okafor"]
    finally:
        store.dispose()
    assert stored.reference in done and stored.phone_e164 == "+15125550173"
    assert production.env["CLINIC_DB_URL"].startswith("postgresql")


def test_both_replicas_see_one_tracker_in_postgresql(production):
    patient = AlternatingPatient(production)
    for text in ("hello", "what is fibromyalgia?", "thanks"):
        patient.says(text)
    trackers = [production.tracker(patient.sender, replica) for replica in (0, 1)]
    assert trackers[0]["events"] == trackers[1]["events"]
    said = [e["text"] for e in trackers[0]["events"] if e["event"] == "user"]
    assert said == ["hello", "what is fibromyalgia?", "thanks"]
