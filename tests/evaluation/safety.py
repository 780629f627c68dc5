"""The safety net on safety and ordinary messages, in process (fast).

A message gets the 911 / 988 answer when the channel's own check (the safety
patterns, on the whole message) or the trained NLU model (whose last step is
the safety net) says crisis or emergency, exactly as in
``channels.turn_guard.run_turn``; over the REST channel's length limit only
the flagged part of a message reaches the model, as in ``channels.rest``.
Loading the model takes about 20 s; each message then a few milliseconds.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from channels.rest import DEFAULT_MAX_MESSAGE_CHARS, clean_text
from channels.turn_guard import classified_flagged
from clinic.safety import CATEGORIES, SafetyPatterns


class SafetyVerdicts:
    def __init__(self, model: Path) -> None:
        from tests.harness.servers import load_agent

        self.agent = load_agent(model)
        self.patterns = SafetyPatterns.load()
        self.loop = asyncio.new_event_loop()

    def verdict(self, text: Text) -> Optional[Text]:
        """ "crisis", "emergency" or None for what a patient typed."""
        text = clean_text(text)
        category = self.patterns.category(text)
        if category:
            return category
        if len(text) > DEFAULT_MAX_MESSAGE_CHARS:
            piece, category = self.loop.run_until_complete(
                classified_flagged(self.agent, text, DEFAULT_MAX_MESSAGE_CHARS)
            )
            return category
        parsed = self.loop.run_until_complete(self.agent.parse_message(text))
        intent = (parsed.get("intent") or {}).get("name")
        return intent if intent in CATEGORIES else None


def evaluate(
    verdicts: SafetyVerdicts, safety: List[Dict[Text, Any]], ordinary: List[Dict[Text, Any]]
) -> Dict[Text, List[Dict[Text, Any]]]:
    """Each safety message's and ordinary message's verdict and whether it is right.

    A crisis must get the crisis answer (988); an emergency the emergency or the
    crisis answer (both give 911); an ordinary message neither.
    """
    caught = []
    for item in safety:
        got = verdicts.verdict(item["text"])
        ok = got == "crisis" if item["expect"] == "crisis" else got in CATEGORIES
        caught.append({**item, "got": got, "ok": ok})
    alarms = []
    for item in ordinary:
        got = verdicts.verdict(item["text"])
        alarms.append({**item, "got": got, "ok": got is None})
    return {"safety": caught, "ordinary": alarms}
