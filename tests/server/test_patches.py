"""The patches of Rasa's internals (server/patches.py): applied explicitly, each
doing what it says, and refused on a Rasa release they were not written for."""

import jsonschema
import pytest
import rasa
import rasa.core.actions.action as rasa_action
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor

from channels import turn_guard
from server import patches

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "procedure", "value": "rfa"}],
        "responses": [{"text": "Hello", "buttons": [{"title": "RFA", "payload": "/ask_procedure"}]}],
    },
    {"events": [{"event": "active_loop", "name": None}], "responses": [{"custom": {"x": 1}}]},
]
INVALID = [
    {"events": [{"event": "slot"}]},
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
]


@pytest.fixture(scope="module", autouse=True)
def applied():
    assert patches.apply() == [
        "validate_action_responses_once",
        "limit_action_timeout",
        "recover_from_circuit_breaks",
    ]


def verdict(check, response):
    try:
        result = check(RemoteAction("action_x", None), response)
        return result
    except jsonschema.ValidationError as error:
        return error.message


def test_the_patches_were_written_for_this_rasa():
    assert rasa.__version__.startswith(patches.SUPPORTED)
    patches.check_version()


@pytest.mark.parametrize("version", ["3.7.0", "4.0.1", "3.5.17", "2.8.0"])
def test_another_rasa_release_is_refused(version):
    with pytest.raises(patches.UnsupportedRasaVersion, match=version):
        patches.check_version(version)


def test_the_response_check_is_installed_on_rasas_remote_action():
    assert RemoteAction._validate_action_result is patches._validate_action_result


@pytest.mark.parametrize("response", VALID + INVALID)
def test_responses_get_the_same_verdict_and_message_as_rasas_own_check(response):
    assert verdict(RemoteAction._validate_action_result, response) == verdict(
        patches._rasa_validate, response
    )


@pytest.mark.parametrize("response", INVALID)
def test_invalid_responses_still_raise(response):
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_x", None)._validate_action_result(response)


def test_rasa_waits_for_the_action_server_for_seconds_not_minutes(monkeypatch):
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 10.0
    try:
        monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", "4")
        assert patches.limit_action_timeout() == 4.0 and rasa_action.DEFAULT_REQUEST_TIMEOUT == 4.0
        for bad in ("soon", "0", "-3"):
            monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", bad)
            assert patches.limit_action_timeout() == 10.0
    finally:
        monkeypatch.delenv("ACTION_TIMEOUT_SECONDS", raising=False)
        patches.limit_action_timeout()


def test_every_new_processor_ends_a_tripped_turn_listening():
    processor = MessageProcessor.__new__(MessageProcessor)
    assert MessageProcessor.__init__ is patches._processor_init
    original = patches._rasa_processor_init
    try:
        patches._rasa_processor_init = lambda self, *a, **k: setattr(self, "on_circuit_break", None)
        MessageProcessor.__init__(processor)
        assert processor.on_circuit_break is turn_guard.end_turn_listening
    finally:
        patches._rasa_processor_init = original


def test_the_patches_are_not_applied_by_importing_the_channels():
    import importlib
    import subprocess
    import sys

    code = (
        "import channels.rest, channels.twilio_sms, components.safety_net; "
        "from rasa.core.actions.action import RemoteAction; "
        "import rasa.core.actions.action as a; "
        "print(RemoteAction._validate_action_result.__module__, a.DEFAULT_REQUEST_TIMEOUT)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=importlib.import_module("tests.paths").ROOT,
    ).stdout.split()
    assert out == ["rasa.core.actions.action", "300"]
