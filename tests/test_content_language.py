"""Content and wording by language: ``get_content(language=...)``,
``messages.text(id, language)`` and the Rasa server's responses, English
where a language lacks something, from CLINIC_CONTENT_DIR as always."""

from __future__ import annotations

import shutil

import pytest
import yaml

from clinic import messages
from clinic.content import get_content, language_or_default
from clinic.topics import load_topics
from server.nlg import ContentNLG, responses
from tests.paths import ROOT


@pytest.mark.parametrize(
    "value,expected",
    [("es", "es"), ("ES", "es"), ("es-MX", "es"), ("es_US", "es"), ("en", "en"), ("en-US", "en")]
    + [("fr", "en"), (None, "en"), ("", "en"), (3, "en"), ({"x": 1}, "en")],
)
def test_any_value_is_a_language_the_assistant_speaks(value, expected):
    assert language_or_default(value) == expected


def test_answers_in_spanish_are_the_clinics_translation_citing_the_english_article():
    spanish, english = get_content(language="es"), get_content()
    answer = spanish.answer("rfa")
    assert answer.text.startswith("La ablación por radiofrecuencia (RFA)")
    assert answer.language == "es" and "Traducción de la clínica" in (answer.translation or "")
    assert answer.sources == english.answer("rfa").sources
    assert english.answer("rfa").language == "en" and english.answer("rfa").translation is None
    assert spanish.answer("recovery", "scs").text.startswith("Sobre la estimulación de la médula espinal")


@pytest.mark.parametrize("language", ["fr", None, "", "xx"])
def test_a_language_the_assistant_does_not_speak_gets_english(language):
    assert get_content(language=language).answer("rfa").text.startswith("Radiofrequency ablation")
    assert messages.text("utter_goodbye", language).startswith("Take care")


def test_spanish_wording_by_id_with_placeholders():
    assert messages.text("form_changed_name", "es", name="Ana") == "Gracias, cambié el nombre a Ana."
    assert messages.text("utter_ask_phone", "es", full_name="Ana").startswith("Gracias, Ana.")


@pytest.fixture
def content_dir(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    monkeypatch.setenv("CLINIC_CONTENT_DIR", str(folder))
    return folder


def test_spanish_content_comes_from_clinic_content_dir_and_staff_edits_apply(content_dir):
    path = content_dir / "answers.es.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["topics"]["fm_causes"]["answer"] = "Nadie sabe todavía la causa."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert get_content(language="es").answer("fm_causes").text == "Nadie sabe todavía la causa."
    assert get_content().answer("fm_causes").text.startswith("The exact cause")


def test_without_a_spanish_answers_file_answers_are_english(content_dir):
    (content_dir / "answers.es.yml").unlink()
    assert get_content(language="es").answer("rfa").language == "en"


def test_a_message_the_spanish_file_lacks_is_said_in_english(content_dir):
    path = content_dir / "messages" / "es.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["utter_goodbye"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert messages.text("utter_goodbye", "es").startswith("Take care")
    assert messages.text("utter_thanks", "es").startswith("¡De nada")
    assert responses("es")["utter_goodbye"][0]["text"].startswith("Take care")


def test_spanish_topic_patterns_come_from_clinic_content_dir(content_dir):
    path = content_dir / "topics.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["topics"]["rfa"]["es"] = {"all": ["zanahoria"]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_topics(language="es")["rfa"].all == ["zanahoria"]
    assert load_topics()["rfa"].all == ["heat", "nerve"]


# ---------------------------------------------------------------- the Rasa server's responses


def generate(name, **slots):
    return ContentNLG().generate_from_slots(name, slots, "rest")


def test_the_rasa_server_answers_in_the_conversations_language():
    assert generate("utter_goodbye", language="es")["text"].startswith("Cuídese")
    assert generate("utter_goodbye")["text"].startswith("Take care")
    assert generate("utter_goodbye", language="fr")["text"].startswith("Take care")
    asked = generate("utter_ask_phone", language="es", full_name="Ana Ruiz")
    assert asked["text"].startswith("Gracias, Ana Ruiz.")
    buttons = generate("utter_medical_advice", language="es")["buttons"]
    assert [b["title"] for b in buttons] == ["Pedir una cita", "Hablar con una persona"]
    assert [b["payload"] for b in buttons] == ["/book_appointment", "/request_human"]


def test_a_conditioned_response_is_never_said_in_the_other_language():
    # utter_ask_full_name has a call-back variant (a condition) and a default one
    for _ in range(40):
        callback_es = generate("utter_ask_full_name", language="es", request_kind="callback")["text"]
        booking_es = generate("utter_ask_full_name", language="es", request_kind="booking")["text"]
        callback_en = generate("utter_ask_full_name", request_kind="callback")["text"]
        assert callback_es.startswith("Soy un asistente automático")
        assert booking_es.startswith("Con gusto le ayudo")
        assert callback_en.startswith("I'm an automated assistant")
