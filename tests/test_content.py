"""The article's content as data: cited word for word, every topic answered."""

import re
from pathlib import Path

import pytest
import yaml

from clinic import messages
from clinic.content import Content, clinic_info
from clinic.topics import load_topics

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "content" / "article.txt").read_text(encoding="utf-8")
CONTENT = Content.load(ROOT / "content")
TOPICS = load_topics()
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
SERVICE_TOPICS = {
    "booking_start",
    "human_handoff",
    "emergency",
    "crisis",
    "medical_advice_refusal",
    "out_of_scope",
    "greet",
    "goodbye",
    "thanks",
    "bot_challenge",
    "not_covered",
}
ARTICLE_TOPICS = sorted(set(TOPICS) - SERVICE_TOPICS)


def every_answer():
    """(topic, procedure, Answer) for every answer the assistant can compose."""
    for topic in CONTENT.topics:
        yield topic, None, CONTENT.answer(topic)
        for procedure in CONTENT.procedures:
            yield topic, procedure, CONTENT.answer(topic, procedure)


def test_every_topic_of_topics_yml_is_answered():
    assert sorted(CONTENT.topics) == ARTICLE_TOPICS


@pytest.mark.parametrize(
    "topic,procedure,answer", list(every_answer()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_answer_carries_the_topics_facts(topic, procedure, answer):
    assert TOPICS[topic].problems(answer.text) == []


@pytest.mark.parametrize(
    "topic,procedure,answer", list(every_answer()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_cited_sentence_is_in_the_article_word_for_word(topic, procedure, answer):
    assert answer.sources, f"{topic} cites nothing"
    for sentence in answer.sources:
        assert sentence in ARTICLE, f"{topic}: not in the article: {sentence!r}"


def test_a_general_answer_names_the_procedure_asked_about():
    for topic in ("risks", "recovery", "during_procedure", "benefits", "relief_duration"):
        for key, procedure in CONTENT.procedures.items():
            text = CONTENT.answer(topic, key).text
            assert procedure.name in text, (topic, key)


def test_answers_about_injections_say_when_a_procedure_is_not_an_injection():
    text = CONTENT.answer("recovery", "scs").text
    assert "has no details specific to SCS" in text
    assert "has no details" not in CONTENT.answer("recovery", "trigger_point").text


def test_a_general_answer_says_what_the_procedure_is_and_cites_it():
    answer = CONTENT.answer("benefits", "steroid")
    assert answer.text.startswith("About steroid injections, where a corticosteroid medication is injected")
    assert answer.sources[0] == CONTENT.procedures["steroid"].source
    assert TOPICS["steroid"].problems(answer.text) == []


def test_answers_are_chat_sized_and_never_give_a_dose():
    for _, _, answer in every_answer():
        assert len(answer.text) <= 700
        assert not re.search(r"\b\d+\s?(mg|mcg|milligram)", answer.text, re.I)


def test_procedure_topics_exist():
    for procedure in CONTENT.procedures.values():
        assert procedure.topic in CONTENT.topics


def response_text(name):
    return " ".join(v.get("text", "") for v in messages.variants(name))


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
    ],
)
def test_service_responses_carry_their_topics_facts(topic, response):
    assert TOPICS[topic].problems(response_text(response)) == []


def test_the_first_greeting_says_automated_and_not_for_emergencies():
    text = response_text("utter_greet")
    assert "automated" in text and "not for emergencies" in text
    assert "911" in text and "988" in text


def test_the_crisis_answer_gives_988_to_call_or_text_and_911():
    text = response_text("utter_crisis")
    assert "call or text 988" in text and "911" in text


def test_no_message_states_a_dose():
    for language in messages.languages():
        for name in messages.messages(language):
            for variant in messages.variants(name, language):
                assert not re.search(r"\b\d+\s?(mg|mcg)\b", variant.get("text", ""), re.I), name


def test_clinic_info_comes_from_data_and_environment(monkeypatch):
    assert clinic_info()["name"] == "Momentum Medical"
    monkeypatch.setenv("CLINIC_PHONE", "(512) 555-0199")
    assert clinic_info()["phone"] == "(512) 555-0199"


def test_the_project_never_reads_the_shared_folder():
    offenders = []
    for path in ROOT.rglob("*"):
        if any(part in {".venv", ".git", "models", ".rasa", "var", "node_modules"} for part in path.parts):
            continue
        if path == Path(__file__).resolve():
            continue
        if (
            path.is_file()
            and path.suffix in {".py", ".yml", ".yaml", ".sh", ".js", ""}
            and path.stat().st_size < 1_000_000
        ):
            text = path.read_text(encoding="utf-8", errors="ignore")
            if re.search(r"\.\./shared|/work/shared", text):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
