"""No conversation can get stuck: a stateful property test of the trained dialogue.

Hypothesis drives long random conversations through the trained assistant (in
process: NLU, policies, the real action server): any intent of the domain as
a button payload (``/ask_risks{"procedure": "rfa"}``), and what patients type
into the booking form (names, numbers, times, yes, no, "hmm", cancels,
questions). After every turn:

* the turn ended listening (its last action is ``action_listen``), without
  tripping Rasa's limit on actions per turn, within ``MAX_ACTIONS`` actions;
* the patient saw something, and no message twice;
* nothing a turn said is the channel's apology (the dialogue never fails).

Once, the booking intent during the form made the form reject the message and
left no rule to follow: the fallback was predicted until the action limit, the
turn never listened, and every later turn of that conversation, "I want to
kill myself" included, tripped the limit at once.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from channels import turn_guard
from tests.paths import ROOT

pytestmark = pytest.mark.model

MAX_ACTIONS = 5
PROCEDURES = ["rfa", "scs", "intrathecal", "trigger_point", "steroid", "nerve_block", "epidural"]
TYPED = [
    # form values, as patients type them
    "Dana Whitfield",
    "it's Dana Whitfield",
    "my name is Dolores Vance",
    "José García-López",
    "512-555-0142",
    "(737) 555 0199",
    "call me at 5125550163",
    "12345",
    "next tuesday morning",
    "friday at 2pm",
    "any weekday morning works",
    "yesterday",
    "yes",
    "yep send it",
    "no",
    "hmm?",
    "ok?",
    "actually my number is 512 555 0187",
    # leaving, pausing, asking
    "cancel",
    "never mind",
    "no, cancel it. i'll call the office instead",
    "hang on a sec",
    "bye",
    "what is RFA?",
    "does the injection hurt?",
    "book an appointment",
    "can someone call me back",
    "hi",
    "thanks",
    # safety, mid-anything
    "I want to kill myself",
    "I'm having crushing chest pain",
]


def _domain_intents():
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return [i for i in domain["intents"]]


INTENTS = _domain_intents() + ["nlu_fallback"]


@pytest.fixture(scope="module")
def assistant(trained_model, tmp_path_factory):
    import subprocess
    import sys

    from tests.harness.servers import _env, load_agent, start_actions, stop_processes

    workdir = tmp_path_factory.mktemp("never-stuck")
    env = _env({"CLINIC_DB_URL": f"sqlite:///{workdir}/clinic.db"})
    subprocess.run(
        [sys.executable, "-m", "frontdesk.cli", "init-db"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    url, process = start_actions(workdir, env)
    try:
        yield load_agent(trained_model, url, action_token=env["ACTION_SERVER_TOKEN"])
    finally:
        stop_processes({"actions": process})


class Conversation(RuleBasedStateMachine):
    agent = None  # set by the test
    loop = None

    @initialize()
    def start(self):
        self.sender = f"stuck-{uuid.uuid4().hex}"
        self.last = None

    def turn(self, text):
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
        from rasa.shared.core.events import ActionExecuted, UserUttered

        out = CollectingOutputChannel()
        self.loop.run_until_complete(self.agent.handle_message(UserMessage(text, out, self.sender)))
        tracker = self.loop.run_until_complete(self.agent.tracker_store.retrieve(self.sender))
        events = list(tracker.events)
        since_user = events[max(i for i, e in enumerate(events) if isinstance(e, UserUttered)) :]
        actions = [e.action_name for e in since_user if isinstance(e, ActionExecuted)]
        texts = [m.get("text") for m in out.messages if m.get("text")]
        self.last = {
            "text": text,
            "actions": actions,
            "texts": texts,
            "messages": out.messages,
            "broken": getattr(out, turn_guard.CIRCUIT_BROKEN, False),
        }

    @rule(intent=st.sampled_from(INTENTS), procedure=st.none() | st.sampled_from(PROCEDURES))
    def button(self, intent, procedure):
        entity = f'{{"procedure": "{procedure}"}}' if procedure else ""
        self.turn(f"/{intent}{entity}")

    @rule(text=st.sampled_from(TYPED))
    def types(self, text):
        self.turn(text)

    @invariant()
    def the_turn_ended_listening(self):
        if self.last is None:
            return
        turn = self.last
        assert not turn["broken"], f"{turn['text']!r} tripped the action limit: {turn['actions']}"
        assert turn["actions"] and turn["actions"][-1] == "action_listen", turn
        assert len(turn["actions"]) - 1 <= MAX_ACTIONS, turn
        assert any(turn_guard.is_visible(m) for m in turn["messages"]), turn
        assert len(set(turn["texts"])) == len(turn["texts"]), turn
        assert turn_guard.sorry_text() not in turn["texts"], turn


def test_no_conversation_gets_stuck(assistant):
    Conversation.agent = assistant
    Conversation.loop = asyncio.new_event_loop()
    runner = Conversation.TestCase
    runner.settings = settings(
        max_examples=40,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    runner().runTest()
