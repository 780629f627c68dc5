"""Parts of the production profile fail mid-conversation: the request
database, a Rasa replica, the action server."""

import uuid

import pytest

from clinic.topics import load_topics
from frontdesk.store import Store
from tests.evaluation.checks import reply_text
from tests.harness.production import pg_url

pytestmark = pytest.mark.model
TOPICS = load_topics()
CLINIC_PHONE = "(512) 555-0100"  # content/clinic.yml


def says(production, replica, sender, text):
    return reply_text(production.rest(replica, sender, text))


def stored_named(production, name):
    store = Store(pg_url(production.clinic_db))  # directly, not through the proxy
    try:
        return [r for r in store.list_requests(status=None) if r.full_name == name]
    finally:
        store.dispose()


def test_request_database_down_at_confirmation_is_said_plainly_and_nothing_is_lost(production, proxies):
    database_proxy = proxies["clinic_db"]
    sender = f"db-down-{uuid.uuid4().hex}"
    says(production, 0, sender, "I'd like to book an appointment")
    says(production, 1, sender, "Jonah Petrov")
    says(production, 0, sender, "512 555 0166")
    assert "Here's your" in says(production, 1, sender, "friday at 2pm")

    database_proxy.stop()
    try:
        reply = says(production, 0, sender, "yes")
    finally:
        database_proxy.start()
    assert "reference is" not in reply  # never a silent or false success
    assert "nothing was sent" in reply and CLINIC_PHONE in reply
    assert stored_named(production, "Jonah Petrov") == []

    # the database is back: the same request, confirmed again, is stored once
    again = says(production, 1, sender, "yes")
    assert "reference is MM-" in again
    [stored] = stored_named(production, "Jonah Petrov")
    assert stored.reference in again and stored.phone_e164 == "+15125550166"


def test_a_replica_restarted_mid_conversation_continues_it(production):
    sender = f"restart-{uuid.uuid4().hex}"
    assert TOPICS["scs"].matches(says(production, 0, sender, "what is spinal cord stimulation?"))
    assert "full name" in says(production, 0, sender, "I want to book")
    production.stop("rasa0")
    # while replica 0 is down, replica 1 carries the conversation
    assert "phone number" in says(production, 1, sender, "Priya Raman")
    production.start_replica(0)
    assert "What day and time" in says(production, 0, sender, "(512) 555-0188")
    summary = says(production, 0, sender, "next monday at 10am")
    assert "Priya Raman" in summary and "spinal cord stimulation" in summary


def test_the_action_server_restarted_mid_conversation_continues_it(production):
    sender = f"actions-restart-{uuid.uuid4().hex}"
    assert TOPICS["rfa"].matches(says(production, 0, sender, "what is RFA?"))
    production.stop("actions")
    production.start_actions()
    recovery = says(production, 1, sender, "how long is recovery after it?")
    assert TOPICS["recovery"].matches(recovery) and "radiofrequency ablation" in recovery.lower()


def test_no_patient_words_in_any_log(production):
    """At the default log level, after the conversations above (and one
    more), no name, number or message text is in any server's log."""
    sender = f"privacy-{uuid.uuid4().hex}"
    for text in (
        "I have burning pain in my left hip",
        "book an appointment",
        "Rosalind Featherstone",
        "512-555-0134",
        "next thursday at 3pm",
        "yes",
    ):
        says(production, 1, sender, text)
    logs = production.logs()
    assert logs.strip(), "the servers wrote no logs at all"
    for private in (
        "burning pain in my left hip",
        "Rosalind",
        "Featherstone",
        "555-0134",
        "5125550134",
        "next thursday",
        "Jonah Petrov",
        "Priya Raman",
        "555-0166",
    ):
        assert private not in logs


def test_redis_down_gets_the_clinic_phone_then_the_conversation_resumes(production, proxies):
    """The lock store down: the patient is told to try again or call, never
    silence or a 500; when it is back the conversation goes on in context."""
    sender = f"redis-down-{uuid.uuid4().hex}"
    assert TOPICS["rfa"].matches(says(production, 0, sender, "what is RFA?"))
    proxies["redis"].stop()
    try:
        for replica in (0, 1):
            reply = says(production, replica, sender, "how long is recovery after it?")
            assert CLINIC_PHONE in reply and not TOPICS["recovery"].matches(reply)
    finally:
        proxies["redis"].start()
    recovery = says(production, 1, sender, "how long is recovery after it?")
    assert TOPICS["recovery"].matches(recovery) and "radiofrequency ablation" in recovery.lower()
    assert "how long is recovery" not in production.logs()


def test_tracker_database_down_still_answers_and_emergencies_still_get_911(production, proxies):
    """The tracker store down: Rasa's fail-safe tracker store goes on with a
    fresh in-memory conversation, so questions are still answered (without the
    earlier context) and an emergency still gets 911 at once. When the
    database is back the stored conversation, with its context, continues.
    Its errors in the log carry no patient words (SQL parameters hidden)."""
    sender = f"tracker-down-{uuid.uuid4().hex}"
    assert TOPICS["rfa"].matches(says(production, 0, sender, "what is RFA?"))
    proxies["tracker_db"].stop()
    try:
        assert TOPICS["trigger_point"].matches(
            says(production, 1, sender, "what is a trigger point injection?")
        )
        assert TOPICS["emergency"].matches(says(production, 0, sender, "my chest hurts and I can't breathe"))
    finally:
        proxies["tracker_db"].start()
    for replica in (0, 1):  # both replicas' pooled connections were cut
        recovery = says(production, replica, sender, "how long is recovery after it?")
        assert TOPICS["recovery"].matches(recovery) and "radiofrequency ablation" in recovery.lower()
    logs = production.logs()
    for private in ("trigger point injection?", "chest hurts", "how long is recovery"):
        assert private not in logs
