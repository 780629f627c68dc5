"""Checks action server responses against Rasa's schema with a validator built once.

Rasa 3.6 checks every response of the action server with
``jsonschema.validate(response, schema)``, and ``validate`` first checks the
schema itself against JSON Schema's metaschema: the same fixed schema, on every
custom action call. Under load that was 35-40% of the Rasa server's CPU (about
15 ms of a 40 ms turn; `python -m scripts.bench_profile`). The check of the
response is unchanged (same schema, same validator class); an invalid response
goes through Rasa's own code for its exact error and message. Only the
schema's own check runs once, here, at import.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_original = RemoteAction._validate_action_result
_SCHEMA = RemoteAction.action_response_format_spec()
_CLS = validators.validator_for(_SCHEMA)
_CLS.check_schema(_SCHEMA)
_VALIDATOR = _CLS(_SCHEMA)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    if _VALIDATOR.is_valid(result):
        return True
    # an invalid response: Rasa's own path, for its exact error and message
    return _original(self, result)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result


install()
