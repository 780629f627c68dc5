"""What the assistant and its channels say, by message id and language.

The wording lives in ``content/messages/<language>.yml`` (``en``, and the
languages added beside it), read again when a file changes. Two kinds of id:

* ``utter_*``: the dialogue's responses, in Rasa's response format (a list of
  variants with ``text``, ``buttons``, ``condition``, ``channel``); the Rasa
  server serves them (``server.nlg.ContentNLG``);
* any other id: one sentence with ``{placeholders}``, which the channels and
  actions fill in (``text``).

A language without an id falls back to English; an unknown id is a KeyError
(a test checks that every id the code uses exists).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml

from clinic.content import DEFAULT_LANGUAGE, cached_load, content_path, language_or_default

__all__ = ["DEFAULT_LANGUAGE", "languages", "messages", "raw", "text", "variants"]
FOLDER = "messages"


def _read(path: Path) -> Dict[Text, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected message ids at the top level")
    return data


def languages(directory: Optional[Path] = None) -> List[Text]:
    """The languages there is a messages file for (``["en", "es"]``)."""
    folder = content_path(FOLDER, directory)
    return sorted(p.stem for p in folder.glob("*.yml"))


def messages(language: Text = DEFAULT_LANGUAGE, directory: Optional[Path] = None) -> Dict[Text, Any]:
    """Every message of ``language`` (``{id: text or variants}``); {} if none
    (any value the assistant does not speak is English)."""
    path = content_path(FOLDER, directory) / f"{language_or_default(language)}.yml"
    if not path.exists():
        return {}
    return cached_load(path, "messages", _read)


def raw(message_id: Text, language: Text = DEFAULT_LANGUAGE, directory: Optional[Path] = None) -> Any:
    """The message as written (a string, or a list of response variants);
    KeyError if no language has it."""
    found = messages(language, directory).get(message_id)
    if found is None:
        found = messages(DEFAULT_LANGUAGE, directory).get(message_id)
    if found is None:
        raise KeyError(f"no message {message_id!r} in content/messages")
    return found


def text(
    message_id: Text, language: Text = DEFAULT_LANGUAGE, directory: Optional[Path] = None, **values: Any
) -> Text:
    """The sentence ``message_id`` in ``language``, placeholders filled from
    ``values`` (a response's first variant's text, for ``utter_*`` ids)."""
    found = raw(message_id, language, directory)
    if isinstance(found, list):
        found = next((v.get("text") for v in found if v.get("text")), "")
    return str(found).format(**values) if values else str(found)


def variants(
    message_id: Text, language: Text = DEFAULT_LANGUAGE, directory: Optional[Path] = None
) -> List[Dict[Text, Any]]:
    """A response's variants (``utter_*`` ids); a sentence id as one variant."""
    found = raw(message_id, language, directory)
    return list(found) if isinstance(found, list) else [{"text": str(found)}]
