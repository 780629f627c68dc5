"""Action server responses are checked as Rasa checks them, schema checked once."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import channels.action_responses as action_responses

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "procedure", "value": "rfa"}],
     "responses": [{"text": "Hello", "buttons": [{"title": "RFA", "payload": "/ask_procedure"}]}]},
    {"events": [{"event": "active_loop", "name": None}], "responses": [{"custom": {"x": 1}}]},
]
INVALID = [
    {"events": [{"event": "slot"}]},
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
]


def original(response):
    try:
        action_responses._original(RemoteAction("action_x", None), response)
        return None
    except jsonschema.ValidationError as error:
        return error.message


def patched(response):
    try:
        assert RemoteAction("action_x", None)._validate_action_result(response) is True
        return None
    except jsonschema.ValidationError as error:
        return error.message


def test_installed_on_rasas_remote_action():
    assert RemoteAction._validate_action_result is action_responses._validate_action_result


@pytest.mark.parametrize("response", VALID + INVALID)
def test_same_verdict_and_message_as_rasa(response):
    assert patched(response) == original(response)


@pytest.mark.parametrize("response", INVALID)
def test_invalid_responses_still_raise(response):
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_x", None)._validate_action_result(response)
