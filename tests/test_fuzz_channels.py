"""Generated input against the patient channels of the running assistant, over
HTTP (hypothesis; session ``servers``): any text, any "/intent{entities}"
payload, any body and content type. Never a 500; a message always gets a
reply the patient can see.
"""

from __future__ import annotations

import json
import string
import uuid

import pytest
import requests
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from channels import sms_keywords as kw
from channels.rest import clean_text, is_silent_command
from tests.channels.loopback import Phone
from tests.channels.loopback import reply_text as twiml_text
from tests.conversation import DOMAIN

pytestmark = [pytest.mark.model, pytest.mark.timeout(300)]
HTTP = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

WORDS = [
    "what",
    "is",
    "RFA",
    "the",
    "stimulator",
    "risks",
    "book",
    "yes",
    "no",
    "my",
    "name",
    "<b>",
    "'",
    '"',
    ";--",
    "🙏",
    "ñ",
    "纤维",
    "ألم",
    "\x00",
    "\u202e",
    "\n",
    "512 555 0142",
    "tomorrow",
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
commands = st.builds(
    lambda intent, entities: f"/{intent}{json.dumps(entities) if entities is not None else ''}",
    st.sampled_from(DOMAIN["intents"] + ["restart", "back", "session_start", "nope"]),
    st.none()
    | st.dictionaries(st.sampled_from(["procedure", "full_name", "phone", "x"]), json_values, max_size=2),
)
texts = st.one_of(
    st.text(max_size=200), st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join), commands
)


def rest_post(servers, data, content_type="application/json"):
    headers = {"Content-Type": content_type} if content_type is not None else {}
    return requests.post(f"{servers.rasa_url}/webhooks/rest/webhook", data=data, headers=headers, timeout=90)


@HTTP
@given(message=texts)
def test_rest_any_message_gets_a_visible_reply(servers, message):
    response = rest_post(servers, json.dumps({"sender": f"fuzz-{uuid.uuid4().hex}", "message": message}))
    assert response.status_code == 200, response.text
    shown = [m for m in response.json() if m.get("text") or m.get("buttons")]
    assert shown or is_silent_command(clean_text(message))


@HTTP
@given(
    body=st.one_of(
        json_values.map(json.dumps),
        st.binary(max_size=500),
        st.fixed_dictionaries({"sender": json_values, "message": json_values}).map(json.dumps),
    ),
    content_type=st.one_of(
        st.none(),
        st.sampled_from(
            ["application/json", "application/json; charset=utf-8", "text/plain", "multipart/form-data"]
        ),
        # what an HTTP client can send: no leading/trailing blanks
        st.text(string.ascii_letters + "/;=- ", max_size=40).map(str.strip),
    ),
)
def test_rest_any_body_is_answered_or_refused_never_500(servers, body, content_type):
    response = rest_post(servers, body, content_type)
    assert response.status_code in (200, 400, 413, 415), response.text
    if response.status_code == 200:
        assert isinstance(response.json(), list)
    else:
        assert response.json()["error"]


@pytest.fixture(scope="module")
def phone(servers):
    return Phone(
        f"{servers.rasa_url}/webhooks/twilio_sms/webhook",
        number="+15125550144",
        token=servers.env["TWILIO_AUTH_TOKEN"],
    )


@HTTP
@given(
    body=st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
        st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
    )
)
def test_sms_any_text_gets_a_reply(phone, body):
    assume(kw.keyword(kw.clean_inbound(body)) != kw.OPT_OUT)  # STOP is answered by silence, by law
    answer = phone.send(body)
    assert answer.status_code == 200, answer.text
    assert twiml_text(answer.content).strip()


@HTTP
@given(
    fields=st.dictionaries(
        st.text(max_size=10), st.text(st.characters(blacklist_categories=("Cs",)), max_size=30), max_size=6
    ),
    signed=st.booleans(),
)
def test_sms_any_form_is_answered_or_refused_never_500(phone, fields, signed):
    answer = phone.post(fields, signature="sign" if signed else "forged")
    assert answer.status_code in (200, 400, 403, 415), answer.text  # 415: an empty form
    if signed and fields.get("From", "").strip() and "Body" in fields:
        assert answer.status_code == 200
