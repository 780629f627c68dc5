"""The deterministic safety net: patterns and the NLU component."""

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.safety import SafetyPatterns, normalise
from components.safety_net import SAFETY_NET_KEY, SafetyNet

PATTERNS = SafetyPatterns.load()

EMERGENCIES = [
    "I have crushing chest pain right now",
    "my chest feels tight and my left arm hurts",
    "i cant breathe after the shot",
    "having trouble breathing since the injection this morning",
    "My husband's face is drooping and his speech is slurred",
    "I think I'm having a stroke",
    "my throat is closing up after the injection",
    "I got hives all over and my lips are swelling, hard to breathe",
    "there are red streaks going up my leg from the injection site",
    "the redness around the shot is spreading and I have a fever",
    "had my injection 2 days ago now the site is oozing pus and I have chills",
    "it won't stop bleeding where they put the needle",
    "my mom passed out after her nerve block",
    "suddenly i cant move my legs after the procedure",
    "I'm having a bad allergic reaction",
    "should I call 911?",
    "since the stimulator went in he's confused, has a high fever and a stiff neck",
]
CRISES = [
    "I want to kill myself",
    "i dont want to be here anymore",
    "I've been thinking about ending it all",
    "honestly the pain makes me want to die",
    "I have been cutting myself again",
    "what's the point of living like this",
    "im suicidal",
    "everyone would be better off without me",
    "I took too many pills",
    "i wish i wouldnt wake up tomorrow",
    "thinking about taking my own life",
    "i just cant go on like this",
]
EVERYDAY = [
    "what are the risks of RFA?",
    "could I have an allergic reaction to the injection?",
    "is infection a risk with trigger point injections",
    "my back is killing me, what can help?",
    "how long does the injection take?",
    "does fibromyalgia cause headaches and trouble sleeping?",
    "will I be knocked out for the procedure?",
    "what is the spinal cord stimulator",
    "how do I prepare for the nerve block",
    "I'm tired all the time, is that fibro?",
    "can I book an appointment for next week",
    "how many people have fibromyalgia",
    "is the relief permanent or will it end at some point",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_are_caught(text):
    assert PATTERNS.category(text) == "emergency"


@pytest.mark.parametrize("text", CRISES)
def test_crises_are_caught(text):
    assert PATTERNS.category(text) == "crisis"


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_questions_are_left_alone(text):
    assert PATTERNS.category(text) is None


def test_crisis_wins_over_emergency():
    assert PATTERNS.category("I overdosed and I can't breathe") == "crisis"


def test_normalise_straightens_quotes_and_drops_apostrophes():
    assert normalise("  I  CAN’T   breathe ") == "i cant breathe"


def message(text, intent, confidence, ranking=()):
    m = Message(data={TEXT: text})
    m.set(INTENT, {"name": intent, "confidence": confidence})
    m.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}, *ranking])
    return m


@pytest.fixture(scope="module")
def net():
    return SafetyNet({**SafetyNet.get_default_config()})


def test_a_pattern_overrides_a_confident_wrong_intent(net):
    m = message("my throat is closing", "greet", 0.97)
    net.process([m])
    assert m.get(INTENT) == {"name": "emergency", "confidence": 1.0}
    assert m.get(SAFETY_NET_KEY) == {"category": "emergency", "reason": "pattern", "overrode": "greet"}


def test_an_unsure_crisis_under_the_fallback_still_becomes_a_crisis(net):
    m = message(
        "some words the model is unsure about",
        "nlu_fallback",
        0.5,
        [{"name": "crisis", "confidence": 0.31}, {"name": "ask_risks", "confidence": 0.3}],
    )
    net.process([m])
    assert m.get(INTENT)["name"] == "crisis"
    assert m.get(INTENT_RANKING_KEY)[0] == {"name": "crisis", "confidence": 1.0}
    assert m.get(SAFETY_NET_KEY)["reason"] == "ranking"


def test_an_unsure_emergency_as_first_choice_becomes_an_emergency(net):
    m = message("words", "emergency", 0.22, [{"name": "greet", "confidence": 0.2}])
    net.process([m])
    assert m.get(INTENT) == {"name": "emergency", "confidence": 1.0}


def test_a_safety_intent_in_second_place_does_not_override(net):
    m = message("what are the risks", "ask_risks", 0.6, [{"name": "emergency", "confidence": 0.35}])
    net.process([m])
    assert m.get(INTENT)["name"] == "ask_risks"
    assert m.get(SAFETY_NET_KEY) is None


def test_messages_without_text_are_left_alone(net):
    m = Message(data={})
    net.process([m])
    assert m.get(INTENT) is None
