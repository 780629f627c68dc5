"""Patches of Rasa's internals, in one module, applied explicitly at start-up.

``python -m server`` (the Rasa server's entry point) calls ``apply()`` before
Rasa starts; the in-process tests call it too. Each patch was written for, and
is tested against, the Rasa release line in ``SUPPORTED``: ``apply()`` refuses
any other, so that an upgrade cannot silently change what they patch.

* ``validate_action_responses_once``: Rasa checks every action server response
  with ``jsonschema.validate``, which first checks the fixed schema itself
  against JSON Schema's metaschema: 35-40% of the Rasa server's CPU under load
  (``python -m bench.profile``). The validator is built once; an invalid
  response still goes through Rasa's own check, for its exact error.
* ``limit_action_timeout``: Rasa waits up to 5 minutes for the action server
  (``DEFAULT_REQUEST_TIMEOUT``) while holding the conversation's lock;
  ``clinic.settings.action_timeout()`` seconds (10) is enough, and a hung
  action server then fails a turn quickly (the channels answer it).
* ``recover_from_circuit_breaks``: a turn that trips Rasa's limit on actions
  per turn ends listening (``channels.turn_guard.end_turn_listening``); Rasa
  counts actions since the last ``action_listen``, so without it every later
  turn of that conversation would trip the limit at once.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

import rasa
import rasa.core.actions.action as rasa_action
from jsonschema import validators
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor

from channels.turn_guard import end_turn_listening
from clinic.settings import action_timeout

logger = logging.getLogger(__name__)

SUPPORTED = "3.6."

_rasa_validate = RemoteAction._validate_action_result
_rasa_processor_init = MessageProcessor.__init__
_schema = RemoteAction.action_response_format_spec()
_validator_class = validators.validator_for(_schema)
_validator: Any = None


class UnsupportedRasaVersion(RuntimeError):
    """The patches were written for another Rasa release line."""


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    if _validator.is_valid(result):
        return True
    return _rasa_validate(self, result)  # Rasa's own check, for its exact error


def validate_action_responses_once() -> None:
    """Checks action server responses with a validator whose schema was checked once."""
    global _validator
    if _validator is None:
        _validator_class.check_schema(_schema)
        _validator = _validator_class(_schema)
    RemoteAction._validate_action_result = _validate_action_result


def limit_action_timeout() -> float:
    """Rasa waits at most ``action_timeout()`` seconds for a custom action; returns them."""
    seconds = action_timeout()
    rasa_action.DEFAULT_REQUEST_TIMEOUT = seconds
    return seconds


def _processor_init(self: MessageProcessor, *args: Any, **kwargs: Any) -> None:
    _rasa_processor_init(self, *args, **kwargs)
    if self.on_circuit_break is None:
        self.on_circuit_break = end_turn_listening


def recover_from_circuit_breaks() -> None:
    """Every MessageProcessor made from now on ends a tripped turn listening."""
    MessageProcessor.__init__ = _processor_init


def check_version(version: Text = rasa.__version__) -> None:
    """UnsupportedRasaVersion unless ``version`` is of the ``SUPPORTED`` line."""
    if not version.startswith(SUPPORTED):
        raise UnsupportedRasaVersion(
            f"server/patches.py was written for Rasa {SUPPORTED}x, not {version}: "
            "check each patch against the new release, then update SUPPORTED."
        )


def apply() -> List[Text]:
    """Applies every patch (safe to call again); returns their names."""
    check_version()
    validate_action_responses_once()
    seconds = limit_action_timeout()
    recover_from_circuit_breaks()
    logger.debug("Rasa patches applied; custom actions time out after %.0f s.", seconds)
    return ["validate_action_responses_once", "limit_action_timeout", "recover_from_circuit_breaks"]
