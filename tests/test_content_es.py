"""The Spanish content: the clinic's translation of every answer and message.

As for English (tests/test_content.py, tests/test_messages.py): every Spanish
answer carries its topic's facts (the ``es:`` patterns of topics.yml), cites
exactly the article sentences its English twin cites, never gives a dose; every
message id exists in both languages with the same placeholders, variants and
buttons; and the Spanish speaks to the patient as "usted".
"""

from __future__ import annotations

import re
import string

import pytest
import yaml

from clinic import messages
from clinic.content import Content
from clinic.topics import fold_accents, load_topics
from tests.paths import ROOT

EN_DATA = yaml.safe_load((ROOT / "content" / "answers.yml").read_text(encoding="utf-8"))
ES_DATA = yaml.safe_load((ROOT / "content" / "answers.es.yml").read_text(encoding="utf-8"))
EN = Content(EN_DATA)
ES = Content(ES_DATA)
ARTICLE = (ROOT / "content" / "article.txt").read_text(encoding="utf-8")
TOPICS_ES = load_topics(language="es")
TOPICS_EN = load_topics()
DOSE = re.compile(r"\b\d+([.,]\d+)?\s?(mg|mcg|miligramo|microgramo|ml|unidades)\b", re.IGNORECASE)
# the informal "tú" form: the clinic speaks to patients as "usted"
TU_FORM = re.compile(
    r"\b(tú|tienes|puedes|quieres|necesitas|sientes|estás|eres|dime|llámanos|escríbeme|te (puedo|ayudo|llam))\b",
    re.IGNORECASE,
)


def every_answer(content):
    for topic in content.topics:
        yield topic, None, content.answer(topic)
        for procedure in content.procedures:
            yield topic, procedure, content.answer(topic, procedure)


ANSWERS = list(every_answer(ES))


def ids(value):
    return value if isinstance(value, str) else ""


def placeholders(text):
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_the_file_says_it_is_the_clinics_translation():
    assert ES_DATA["language"] == "es"
    assert "Traducción de la clínica" in ES_DATA["translation"]


def test_every_topic_procedure_intro_and_prompt_has_its_spanish_twin():
    assert list(ES.topics) == list(EN.topics)
    assert list(ES.procedures) == list(EN.procedures)
    assert set(ES.intros) == set(EN.intros)
    assert set(ES.prompts) == set(EN.prompts)
    for topic, english in EN.topics.items():
        spanish = ES.topics[topic]
        assert set(spanish.procedures) == set(english.procedures), topic
        assert (spanish.applies_to, spanish.suggest, spanish.suggest_procedures) == (
            english.applies_to,
            english.suggest,
            english.suggest_procedures,
        ), topic


def test_placeholders_are_the_same_as_in_english():
    for key, text in EN.prompts.items():
        assert placeholders(ES.prompts[key]) == placeholders(text), key
    for key, text in ES.intros.items():
        assert placeholders(text) <= {"name", "short", "summary"}, key


def test_procedures_keep_their_kind_topic_and_source():
    for key, english in EN.procedures.items():
        spanish = ES.procedures[key]
        assert (spanish.kind, spanish.topic, spanish.source) == (english.kind, english.topic, english.source)
        assert spanish.name != english.name or key == "rfa" and "ablación" in spanish.name


@pytest.mark.parametrize("topic,procedure,answer", ANSWERS, ids=ids)
def test_every_spanish_answer_cites_the_sentences_its_english_twin_cites(topic, procedure, answer):
    assert answer.sources == EN.answer(topic, procedure).sources
    for sentence in answer.sources:
        assert sentence in ARTICLE


@pytest.mark.parametrize("topic,procedure,answer", ANSWERS, ids=ids)
def test_every_spanish_answer_carries_its_topics_facts(topic, procedure, answer):
    assert TOPICS_ES[topic].problems(answer.text) == []


@pytest.mark.parametrize("topic,procedure,answer", ANSWERS, ids=ids)
def test_every_spanish_answer_is_chat_sized_dose_free_usted_and_not_english(topic, procedure, answer):
    assert len(answer.text) <= 800  # English: 700; Spanish runs about 15% longer
    assert not DOSE.search(answer.text)
    assert not TU_FORM.search(answer.text), TU_FORM.search(answer.text)
    assert answer.text != EN.answer(topic, procedure).text
    assert not re.search(r"\b(the|and|with|your|pain)\b", answer.text), "English words in a Spanish answer"


def test_every_topic_has_spanish_patterns_that_an_english_reply_does_not_meet():
    data = yaml.safe_load((ROOT / "content" / "topics.yml").read_text(encoding="utf-8"))["topics"]
    assert all(isinstance(spec.get("es"), dict) for spec in data.values())
    for topic in EN.topics:
        if topic in ("about_clinic", "nerve_block"):  # names the same in both languages
            continue
        assert TOPICS_ES[topic].problems(EN.answer(topic).text), topic


def test_spanish_patterns_are_written_without_accents_and_match_accented_replies():
    for spec in TOPICS_ES.values():
        for pattern in spec.all + spec.some_of + spec.none:
            assert fold_accents(pattern) == pattern, (spec.name, pattern)
    assert TOPICS_ES["scs"].matches("Un dispositivo implantado envía señales eléctricas a la médula espinal.")
    assert TOPICS_ES["scs"].matches("un dispositivo implantado manda senales electricas a la medula espinal")


def test_a_general_spanish_answer_names_the_procedure_and_says_when_it_is_not_an_injection():
    for topic in ("risks", "recovery", "during_procedure", "benefits", "relief_duration"):
        for key, procedure in ES.procedures.items():
            assert procedure.name in ES.answer(topic, key).text, (topic, key)
    assert "no da detalles específicos" in ES.answer("recovery", "scs").text
    assert "no da detalles" not in ES.answer("recovery", "trigger_point").text


# ---------------------------------------------------------------- messages


def test_every_message_id_exists_in_both_languages():
    assert set(messages.messages("es")) == set(messages.messages("en"))


@pytest.mark.parametrize("message_id", sorted(messages.messages("en")))
def test_every_spanish_message_has_the_english_placeholders_variants_and_buttons(message_id):
    english, spanish = messages.raw(message_id, "en"), messages.messages("es")[message_id]
    if isinstance(english, list):
        assert isinstance(spanish, list) and len(spanish) == len(english)
        for en_variant, es_variant in zip(english, spanish, strict=True):
            assert placeholders(es_variant["text"]) == placeholders(en_variant["text"])
            assert es_variant.get("condition") == en_variant.get("condition")
            assert es_variant.get("channel") == en_variant.get("channel")
            en_payloads = [b["payload"] for b in en_variant.get("buttons") or []]
            assert [b["payload"] for b in es_variant.get("buttons") or []] == en_payloads
            assert es_variant["text"] != en_variant["text"]
    else:
        assert isinstance(spanish, str)
        assert placeholders(spanish) == placeholders(english)


@pytest.mark.parametrize("message_id", sorted(messages.messages("es")))
def test_every_spanish_message_is_usted_and_dose_free(message_id):
    for variant in messages.variants(message_id, "es"):
        text = " ".join([variant.get("text", "")] + [b["title"] for b in variant.get("buttons") or []])
        assert not TU_FORM.search(text), (message_id, TU_FORM.search(text))
        assert not DOSE.search(text), message_id


def response_text(name):
    return " ".join(v.get("text", "") for v in messages.variants(name, "es"))


@pytest.mark.parametrize(
    "topic,response",
    [
        ("greet", "utter_greet"),
        ("goodbye", "utter_goodbye"),
        ("thanks", "utter_thanks"),
        ("bot_challenge", "utter_bot_challenge"),
        ("out_of_scope", "utter_out_of_scope"),
        ("emergency", "utter_emergency"),
        ("crisis", "utter_crisis"),
        ("medical_advice_refusal", "utter_medical_advice"),
        ("booking_start", "utter_ask_full_name"),
        ("human_handoff", "utter_ask_full_name"),
    ],
)
def test_spanish_service_responses_carry_their_topics_facts(topic, response):
    assert TOPICS_ES[topic].problems(response_text(response)) == []


def test_the_spanish_greeting_says_automated_and_not_for_emergencies():
    text = response_text("utter_greet")
    assert "automático" in text and "No soy para emergencias" in text
    assert "911" in text and "988" in text


def test_the_spanish_crisis_answer_gives_988_in_spanish_and_911():
    text = response_text("utter_crisis")
    assert "llame o envíe un mensaje de texto al 988" in text and "911" in text
    assert "marque 2" in text and "AYUDA" in text  # the Lifeline's Spanish line
