"""The dialogue answers in the conversation's language, with no slot to keep:
the Rasa server's responses (server/nlg.py) and the actions (actions/wording.py,
actions/answers.py) read it from the patient's messages alike."""

from __future__ import annotations

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from actions.answers import ActionAnswerTopic
from actions.wording import language_of, say
from clinic import messages
from clinic.topics import load_topics
from server.nlg import ContentNLG
from tests.conversation import run_action, tracker_for
from tests.paths import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
TOPICS_ES = load_topics(language="es")


def core_tracker(*texts, slots=()):
    events = [{"event": "user", "text": t, "parse_data": {"intent": {"name": "greet"}}} for t in texts]
    events += [{"event": "slot", "name": name, "value": value} for name, value in slots]
    return DialogueStateTracker.from_dict("patient", events, DOMAIN.slots)


def respond(name, tracker):
    return asyncio.run(ContentNLG(domain=DOMAIN).generate(name, tracker, "rest"))["text"]


def test_the_rasa_server_greets_in_the_patients_language():
    assert respond("utter_greet", core_tracker("hola, buenos días")) == messages.text("utter_greet", "es")
    assert respond("utter_greet", core_tracker("hi there")) == messages.text("utter_greet", "en")
    assert respond("utter_greet", core_tracker()) == messages.text("utter_greet", "en")


def test_responses_stay_in_the_conversations_language_and_switch_on_request():
    spanish = core_tracker("¿qué es la fibromialgia?", "ok", "gracias")
    assert respond("utter_goodbye", spanish).startswith("Cuídese")
    back = core_tracker("¿qué es la fibromialgia?", "in English please")
    assert respond("utter_goodbye", back).startswith("Take care")


def test_a_spanish_call_back_asks_the_spanish_call_back_question():
    tracker = core_tracker("necesito que alguien me llame por favor", slots=[("request_kind", "callback")])
    for _ in range(20):
        assert respond("utter_ask_full_name", tracker).startswith("Soy un asistente automático")


def sdk_tracker(text, intent, *before, procedure=None):
    entities = [("procedure", procedure)] if procedure else []
    events = [{"event": "user", "text": t} for t in (*before, text)]
    return tracker_for(text, intent, entities, {"procedure": procedure}, events)


def test_the_actions_answer_from_the_spanish_content():
    tracker = sdk_tracker("que es la ablacion por radiofrecuencia", "ask_procedure", procedure="rfa")
    assert language_of(tracker) == "es"
    [answer], _ = run_action(ActionAnswerTopic(), tracker)
    assert answer["text"].startswith("La ablación por radiofrecuencia (RFA)")
    assert TOPICS_ES["rfa"].matches(answer["text"])
    assert answer["custom"]["sources"][0].startswith("Radiofrequency ablation is")


def test_a_spanish_follow_up_keeps_spanish_and_names_the_procedure():
    tracker = sdk_tracker("y los riesgos?", "ask_risks", "¿qué es la RFA?", procedure="rfa")
    [answer], _ = run_action(ActionAnswerTopic(), tracker)
    assert answer["text"].startswith("Sobre la ablación por radiofrecuencia (RFA)")
    assert TOPICS_ES["risks"].matches(answer["text"])


def test_english_conversations_are_unchanged():
    tracker = sdk_tracker("what is rfa", "ask_procedure", procedure="rfa")
    [answer], _ = run_action(ActionAnswerTopic(), tracker)
    assert answer["text"].startswith("Radiofrequency ablation (RFA)")
    assert say(tracker, "form_button_yes") == "Yes, send it"
    assert say(sdk_tracker("sí, envíela por favor", "affirm"), "form_button_yes") == "Sí, enviarla"
