"""The clinic's wording (content/messages): every id the code uses exists, every
response the dialogue names is there, and the Rasa server serves it."""

from __future__ import annotations

import ast
import asyncio
import string

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from clinic import messages
from server.nlg import ContentNLG, responses
from tests.paths import ROOT

CODE = ["actions", "channels", "clinic", "server"]
ID_FUNCTIONS = {"say": 1, "text": 0, "variants": 0, "raw": 0}  # clinic.messages / actions.wording
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def used_ids():
    """Message ids written as literals in the code, and f-string id prefixes."""
    ids, prefixes = set(), set()
    for package in CODE:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                owner = getattr(getattr(node.func, "value", None), "id", "")
                args = []
                if (
                    name in ID_FUNCTIONS
                    and (name == "say" or owner == "messages")
                    and len(node.args) > ID_FUNCTIONS[name]
                ):
                    args.append(node.args[ID_FUNCTIONS[name]])
                args += [k.value for k in node.keywords if k.arg == "response"]
                for arg in args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        ids.add(arg.value)
                    elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                        prefixes.add(arg.values[0].value)
    return ids, prefixes


def test_every_message_id_the_code_uses_exists():
    ids, prefixes = used_ids()
    known = set(messages.messages("en"))
    assert ids and not ids - known, sorted(ids - known)
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in known), prefix


def test_every_response_the_domain_names_has_words():
    named = set(DOMAIN["responses"]) | {
        a.replace("action_ask_", "utter_ask_")
        for a in DOMAIN["actions"]
        if a.startswith("action_ask_") and a != "action_ask_request_confirmed"
    }
    assert not named - set(responses())


def test_the_domain_holds_no_wording():
    for name, variants in DOMAIN["responses"].items():
        assert variants == [{"text": "content/messages"}], name


def placeholders(value):
    texts = [v.get("text", "") for v in value] if isinstance(value, list) else [value]
    return {f for t in texts for _, f, _, _ in string.Formatter().parse(t) if f}


@pytest.mark.parametrize("language", messages.languages())
def test_every_language_has_every_message_with_the_same_placeholders(language):
    english, other = messages.messages("en"), messages.messages(language)
    assert set(other) == set(english)
    for key in english:
        assert placeholders(other[key]) == placeholders(english[key]), key


def test_the_rasa_server_serves_the_words_of_content_messages(tmp_path, monkeypatch):
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("patient", domain.slots)
    nlg = ContentNLG(domain=domain)
    greeting = asyncio.run(nlg.generate("utter_greet", tracker, "rest"))
    assert greeting["text"] == messages.text("utter_greet")
    tracker = DialogueStateTracker.from_dict(
        "patient", [{"event": "slot", "name": "full_name", "value": "Ann Lee"}], domain.slots
    )
    asked = asyncio.run(nlg.generate("utter_ask_phone", tracker, "rest"))
    assert asked["text"] == messages.text("utter_ask_phone", full_name="Ann Lee")


def test_staff_edits_take_effect_without_retraining_and_a_broken_edit_keeps_the_last_words(
    tmp_path, monkeypatch
):
    import shutil

    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.setenv("CLINIC_CONTENT_DIR", str(tmp_path / "content"))
    path = tmp_path / "content" / "messages" / "en.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("Take care, and I hope you feel better soon.", "Bye for now."))
    assert messages.text("utter_goodbye").startswith("Bye for now.")
    import os
    import time

    path.write_text("utter_goodbye: [unclosed")
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert messages.text("utter_goodbye").startswith("Bye for now.")
