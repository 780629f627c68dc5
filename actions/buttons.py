"""Buttons the answers offer: what to ask next, as intent payloads."""

from __future__ import annotations

from typing import Dict, List, Text

from clinic.content import Content, Topic


def procedure_payload(procedure: Text) -> Text:
    """The button payload that asks about ``procedure`` (its key, e.g. "rfa")."""
    return f'/ask_procedure{{"procedure":"{procedure}"}}'


def procedure_title(name: Text) -> Text:
    return name[0].upper() + name[1:]


def topic_button(content: Content, topic: Text) -> Dict[Text, Text]:
    """A button that asks about ``topic`` (procedures through their entity)."""
    procedure = next((p.key for p in content.procedures.values() if p.topic == topic), None)
    payload = procedure_payload(procedure) if procedure else f"/ask_{topic}"
    return {"title": content.topics[topic].title, "payload": payload}


def buttons_for(content: Content, topic: Topic) -> List[Dict[Text, Text]]:
    """Buttons suggesting where to go next from ``topic``."""
    buttons = []
    for key in topic.suggest_procedures:
        buttons.append(
            {"title": procedure_title(content.procedures[key].name), "payload": procedure_payload(key)}
        )
    return buttons + [topic_button(content, t) for t in topic.suggest]
