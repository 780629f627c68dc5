"""Which language a patient writes in, and which the assistant answers in."""

from __future__ import annotations

import socket

import pytest

from clinic import language
from clinic.language import EN, ES, conversation_language, detect, reply_language, switch_request


@pytest.mark.parametrize(
    "text",
    [
        "¿Qué es la fibromialgia?",
        "que es la ablacion por radiofrecuencia",
        "quiero hacer una cita por favor",
        "q es la fibromialgia",
        "xq me duele tanto",
        "porfa",
        "grax",
        "grcs",
        "tmb quiero saber",
        "hola",
        "gracias",
        "sí",
        "ntp",
        "me quieren hacer un nerve block, duele? voy a estar despierta?",
        "my mom has fibro y quiere saber si el RFA le puede ayudar con el dolor",
        "necesito una cita, my name is Ana",
        "el martes en la mañana",
        "pasado mañana a las 3",
        "olvídalo",
        "mejor no",
    ],
)
def test_spanish_spanglish_and_sms_shorthand_are_spanish(text):
    assert detect(text).language == ES


@pytest.mark.parametrize(
    "text",
    [
        "what is RFA?",
        "wats fibromyalga",
        "u r the best thx",
        "idk",
        "pls help",
        "b4 the procedure what do i do",
        "thanks",
        "yes",
        "tomorrow at 3",
        "hola, what is fibromyalgia",
        "I want to book an appointment for next week, gracias",
        "can you tell me about the spinal cord stimulator, mi doctor dijo que es bueno",
    ],
)
def test_english_and_mostly_english_messages_are_english(text):
    assert detect(text).language == EN


@pytest.mark.parametrize(
    "text", ["ok", "no", "5125550142", "", "   ", "María José García López", "Rose Hill", "👍"]
)
def test_what_says_nothing_of_the_language_is_none(text):
    assert detect(text).language is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("in English please", EN),
        ("can we do this in english", EN),
        ("English?", EN),
        ("¿Habla inglés?", EN),
        ("en inglés por favor", EN),
        ("I don't speak Spanish", EN),
        ("no hablo español", EN),
        ("en español", ES),
        ("en espanol porfa", ES),
        ("Español", ES),
        ("do you speak spanish?", ES),
        ("can you answer in Spanish please", ES),
        ("no hablo inglés", ES),
        ("no entiendo bien el ingles", ES),
        ("I don't speak English well", ES),
        ("prefiero español", ES),
    ],
)
def test_explicit_switches(text, expected):
    assert switch_request(text) == expected
    assert detect(text).explicit
    other = EN if expected == ES else ES
    assert reply_language(text, current=other) == expected


@pytest.mark.parametrize(
    "text",
    [
        "what is RFA?",
        "¿Qué es la RFA?",
        "hola",
        "Is it painful to speak?",
        "Spain",
        # stop 38: a paper of one's own to translate asks a service, not the chat's language
        "me traduces este documento al ingles pa la escuela",
        "can you translate my letter to spanish",
        # stop 49: a paper to write in another language (development 22)
        "me ayudas a escribir un correo para mi jefe en ingles?",
        "can u help me write an email in spanish for my landlord",
    ],
)
def test_ordinary_messages_are_no_switch_request(text):
    assert switch_request(text) is None


def test_a_paper_to_translate_in_spanish_is_answered_in_spanish():
    assert reply_language("me traduces este documento al ingles pa la escuela porfa", current=ES) == ES


def test_a_paper_to_write_in_english_asked_in_spanish_is_answered_in_spanish():
    assert reply_language("me ayudas a escribir un correo para mi jefe en ingles?") == ES


def test_the_first_message_sets_the_language_and_english_is_the_default():
    assert reply_language("hola, necesito ayuda") == ES
    assert reply_language("what is RFA?") == EN
    assert reply_language("ok") == EN
    assert reply_language("5125550142", current=None) == EN


@pytest.mark.parametrize("text", ["ok", "thanks", "yes", "hmm", "Rose Hill", "5125550142", "bye!", "RFA"])
def test_a_short_or_neutral_message_keeps_a_spanish_conversation_spanish(text):
    assert reply_language(text, current=ES) == ES


@pytest.mark.parametrize("text", ["sí", "gracias", "Dolores", "María José García López", "dale"])
def test_a_short_or_neutral_message_keeps_an_english_conversation_english(text):
    assert reply_language(text, current=EN) == EN


def test_a_sentence_in_the_other_language_switches_the_conversation():
    assert reply_language("que es la ablacion por radiofrecuencia", current=EN) == ES
    assert reply_language("what are the risks of the injections?", current=ES) == EN
    assert reply_language("me quieren hacer un nerve block, duele?", current=EN) == ES


@pytest.mark.parametrize(
    "text",
    [
        # stop 46 (development 46's kind, own wording): an English word or
        # two in a Spanish sentence lingua reads as English
        "ok y q es exactly ese device?",
        "oye y va a hacer frio tomorrow en Dallas? lol",
    ],
)
def test_a_spanish_sentence_with_english_words_keeps_a_spanish_conversation_spanish(text):
    assert detect(text).language == EN  # lingua alone reads these as English
    assert reply_language(text, current=ES) == ES


def test_names_and_numbers_at_the_form_never_switch():
    assert reply_language("maria de los angeles garcia lopez", current=EN, expecting="full_name") == EN
    assert reply_language("Harper Quinlan Smith", current=ES, expecting="full_name") == ES
    assert reply_language("my number is 512 555 0142", current=ES, expecting="phone") == ES
    assert reply_language("in English please", current=ES, expecting="full_name") == EN


def test_an_unknown_current_language_is_ignored():
    assert reply_language("ok", current="fr") == EN
    assert reply_language("gracias", current={"x": 1}) == ES


def test_detection_is_offline(monkeypatch):
    language._detector.cache_clear()

    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert detect("¿cuánto tiempo dura la recuperación después de la inyección?").language == ES
    assert detect("how long does recovery take after the injection?").language == EN


def test_detection_is_fast_enough_for_every_message():
    import time

    detect("warm up")
    start = time.perf_counter()
    for _ in range(200):
        detect("me quieren hacer un nerve block, duele? voy a estar despierta?")
    assert (time.perf_counter() - start) / 200 < 0.01  # under 10 ms a message


# ---------------------------------------------------------------- a conversation's language


def user(text):
    return {"event": "user", "text": text}


def asks(slot):
    return {"event": "slot", "name": "requested_slot", "value": slot}


def test_a_conversations_language_from_its_messages():
    assert conversation_language([]) == EN
    assert conversation_language([user("hola"), user("ok"), user("5125550142")]) == ES
    assert conversation_language([user("what is rfa"), user("en español por favor"), user("thanks")]) == ES
    assert conversation_language([user("¿qué es la RFA?"), user("in English please"), user("sí")]) == EN
    assert conversation_language([user("hola"), user("/affirm"), user("/ask_procedure{}")]) == ES


def test_a_name_given_at_the_form_never_changes_a_conversations_language():
    spanish = [user("quiero una cita"), asks("full_name"), user("Harper Quinlan Smith")]
    assert conversation_language(spanish) == ES
    english = [user("I want to book"), asks("full_name"), user("maria de los angeles garcia lopez")]
    assert conversation_language(english) == EN
    after_the_form = english + [{"event": "active_loop", "name": None}, user("mi nombre es muy largo sabe")]
    assert conversation_language(after_the_form) == ES


@pytest.mark.parametrize(
    "text",
    [
        "aceptan medicaid de texas?",  # English names sway lingua towards English
        "q es momentum medical",
        "tienen parking en el building?",
    ],
)
def test_a_sentences_own_spanish_words_outweigh_english_names_in_it(text):
    assert detect(text).language == "es"


@pytest.mark.parametrize(
    "text, expected", [("sii", "es"), ("siiii porfa", "es"), ("yesss", "en"), ("thxxx", "en")]
)
def test_stretched_chat_words_still_tell_the_language(text, expected):
    assert detect(text).language == expected


@pytest.mark.parametrize(
    "text", ["I live in Los Alamos, can I book?", "is the nerve block done en la clinica?"]
)
def test_a_spanish_place_or_phrase_in_an_english_sentence_stays_english(text):
    assert detect(text).language == "en"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("her name is Itziar Goikoetxea", "en"),
        ("my wifes name is Guadalupe Ibarra Solís", "en"),
        ("se llama Margaret Whitfield", "es"),
    ],
)
def test_a_name_inside_a_sentence_says_nothing_of_its_language(text, expected):
    assert detect(text).language == expected


def test_a_long_story_that_mentions_english_is_no_switch_request():
    story = (
        "le pusieron el estimulador la semana pasada y nos dieron mucha informacion en ingles "
        "que no entendimos bien, la muchacha que traducia hablaba muy rapido, ahora la herida esta roja"
    )
    assert switch_request(story) is None
    assert detect(story).language == ES


def test_someone_else_not_speaking_english_asks_for_no_english():
    assert detect("tienen a alguien q hable español? mi mama no habla ingles").language == ES


@pytest.mark.parametrize("text", ["ok bye cuidate", "ya me voy, bye, bendiciones"])
def test_a_spanish_goodbye_with_an_english_bye_keeps_a_spanish_conversation_spanish(text):
    # stop 47 (development 20's kind, own wording): "cuidate" was no chat word
    assert reply_language(text, "es") == "es"
