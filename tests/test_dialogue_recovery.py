"""Conversations that once locked, over REST and SMS, with the trained assistant.

"I'd like to book an appointment" → "what is RFA?" → "I'd like to book an
appointment" again made the form reject the message with no rule to follow:
ten copies of "I'm not sure I understood", then every later message of the
conversation, a crisis included, got "Sorry, something went wrong". Saying
"book an appointment" twice did the same, and so did "no, cancel it. i'll call
the office instead" at the summary.
"""

from __future__ import annotations

import pytest
import requests

from channels import turn_guard
from frontdesk.store import Store
from tests.evaluation import checks
from tests.evaluation.clients import RestPatient, SmsPatient

pytestmark = pytest.mark.model
ASKS_NAME = "full name"
APOLOGY = turn_guard.sorry_text()


def patient(channel, servers):
    return RestPatient(servers) if channel == "rest" else SmsPatient(servers)


def says(p, text):
    reply = "\n".join(p.says(text))
    assert APOLOGY not in reply and "taking longer" not in reply, (text, reply)
    assert not checks.turn_problems(reply.split("\n\n")), (text, reply)
    return reply


def form_waits_for(p):
    tracker = p.tracker()
    if (tracker.get("active_loop") or {}).get("name") != "request_form":
        return None
    return tracker["slots"].get("requested_slot")


@pytest.mark.parametrize("channel", ["rest", "sms"])
def test_booking_again_mid_form_then_a_crisis_and_an_emergency(servers, channel):
    p = patient(channel, servers)
    assert ASKS_NAME in says(p, "I'd like to book an appointment")
    reply = says(p, "what is RFA?")
    assert "heat" in reply and ASKS_NAME in reply
    reply = says(p, "I'd like to book an appointment")
    assert "already" in reply and ASKS_NAME in reply and "not sure I understood" not in reply
    assert form_waits_for(p) == "full_name"
    assert checks.safety_answers(says(p, "I want to kill myself")) == {"crisis"}
    assert checks.safety_answers(says(p, "I'm having crushing chest pain")) == {"emergency"}


@pytest.mark.parametrize("channel", ["rest", "sms"])
def test_book_twice_in_a_row(servers, channel):
    p = patient(channel, servers)
    says(p, "book an appointment")
    reply = says(p, "book an appointment")
    assert ASKS_NAME in reply and form_waits_for(p) == "full_name"
    assert "phone number" in says(p, "Ann Lee")


def test_asking_for_a_person_mid_booking_makes_it_a_call_back(servers):
    p = RestPatient(servers)
    says(p, "book an appointment")
    says(p, "Ann Lee")
    reply = says(p, "can i just talk to a real person")
    assert "call you back" in reply and form_waits_for(p) == "phone"
    assert "Here's your call-back request" in says(p, "512 555 0134")


@pytest.mark.parametrize(
    "unclear, phone", [("hmm?", "0171"), ("ok?", "0172"), ("hmm", "0173"), ("yes but wait", "0174")]
)
def test_an_unclear_reply_at_the_summary_asks_again_and_sends_nothing(servers, unclear, phone):
    store = Store(servers.env["CLINIC_DB_URL"])
    p = RestPatient(servers)
    says(p, "can someone call me back")
    says(p, "Ava Thornton")
    says(p, f"512 555 {phone}")
    assert "Please answer yes" in says(p, unclear)
    assert form_waits_for(p) == "request_confirmed"
    assert not [r for r in store.list_requests(status=None) if r.phone_e164 == f"+1512555{phone}"]
    assert checks.REFERENCE.search(says(p, "yes"))


def test_no_cancel_at_the_summary_does_not_lock(servers):
    p = RestPatient(servers)
    says(p, "can someone call me back")
    says(p, "Ann Lee")
    says(p, "512 555 0148")
    says(p, "no, cancel it. i'll call the office instead")
    assert "widespread" in says(p, "/ask_fm_definition")


@pytest.fixture(scope="module")
def tripping_servers(trained_model):
    """The assistant with Rasa's limit on actions per turn at 2, so that a
    two-action turn (starting the form) trips it on purpose."""
    from tests.harness.servers import running

    with running(trained_model, env={"MAX_NUMBER_OF_PREDICTIONS": "2"}) as running_servers:
        yield running_servers


def test_a_turn_that_trips_the_action_limit_ends_listening(tripping_servers):
    p = RestPatient(tripping_servers)
    assert "Sorry, something went wrong" in "\n".join(p.says("book an appointment"))
    events = p.tracker()["events"]
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"
    # the next turns are not tripped at once: a one-action turn is answered
    assert "phone number" in "\n".join(p.says("Ann Lee"))
    crisis = "\n".join(p.says("I want to kill myself"))  # trips: the channel answers
    assert checks.safety_answers(crisis) == {"crisis"}
    emergency = "\n".join(p.says("/emergency"))  # no pattern: the model's word
    assert checks.safety_answers(emergency) == {"emergency"}


def test_the_action_server_down_still_gets_safety_answers_over_sms(tripping_servers):
    tripping_servers.processes["actions"].terminate()
    tripping_servers.processes["actions"].wait(30)
    p = SmsPatient(tripping_servers)
    assert checks.safety_answers(p.says("I want to kill myself")[0]) == {"crisis"}
    assert "Please call" in p.says("what is RFA?")[0]
    requests.get(tripping_servers.rasa_url, timeout=10).raise_for_status()
