"""Names, preferred times and yes / no / leaving as Spanish-speaking patients
type them into the booking form (actions/booking_inputs_es.py)."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
import yaml

from actions.booking_inputs import (
    PreferredTime,
    PreferredTimeError,
    is_vague_preference,
    parse_preferred_time,
)
from actions.booking_inputs_es import (
    clean_name_es,
    is_clear_yes_es,
    is_no_es,
    leaving_es,
    parse_preferred_time_es,
    parse_preferred_time_in,
)
from clinic.content import form_answers
from clinic.settings import clinic_timezone
from tests.paths import ROOT

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=clinic_timezone())  # a Monday afternoon


def at(day, hour=None, minute=0):
    """The expected PreferredTime: November/December 2026, in the clinic's zone."""
    month = 11 if day >= 23 else 12
    if hour is None:
        return PreferredTime(datetime(2026, month, day, tzinfo=clinic_timezone()), False)
    return PreferredTime(datetime(2026, month, day, hour, minute, tzinfo=clinic_timezone()), True)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("el martes en la mañana", at(24, 9)),
        ("el martes en la manana", at(24, 9)),
        ("pasado mañana a las 3", at(25, 15)),
        ("pasado manana a las 3", at(25, 15)),
        ("el 14 después de las 3", at(14, 15)),
        ("el 14 despues de las 3pm", at(14, 15)),
        ("mañana por la tarde", at(24, 14)),
        ("mañana en la mañana", at(24, 9)),
        ("mañana", at(24)),
        ("mañana a las 9:30 am", at(24, 9, 30)),
        ("el viernes a las 10 de la mañana", at(27, 10)),
        ("el viernes a las 2 porfa", at(27, 14)),
        ("el jueves a las 8 de la noche", at(26, 20)),
        ("el miércoles al mediodía", at(25, 12)),
        ("el sábado temprano", at(28, 9)),
        ("hoy a las 5", at(23, 17)),
        ("a las 4 y media", at(23, 16, 30)),
        ("3pm", at(23, 15)),
        ("el 14 de diciembre a las 11", at(14, 11)),
        ("el próximo lunes", at(30)),
        ("el lunes", at(30)),  # said on a Monday: next week's
        ("el lunes que viene en la tarde", at(30, 14)),
        ("el martes 1", at(1)),
        ("el 30", at(30)),
        ("la próxima semana", at(30)),
        ("¿Puede ser el jueves a las 11?", at(26, 11)),
        # a day named inside other words
        ("ok ya, el viernes después de las 2", at(27, 14)),
        ("ah perdon, quise decir el lunes que viene en la tarde", at(30, 14)),
        ("pues el martes temprano si se puede", at(24, 9)),
        # a stated time zone, converted to the clinic's (US Central)
        ("el miércoles a las 11 de la mañana hora del este", at(25, 10)),
        ("el jueves a las 9 hora del pacifico", at(26, 11)),
        # stop 30: days and "mañana" in SMS shorthand
        ("jue o vie en la mñn", at(26, 9)),
        ("el mie. a las 3", at(25, 15)),
        ("sab en la tarde", at(28, 14)),
        # stop 33: "las 3 de la tarde" without "a" is three in the afternoon, not
        # the afternoon's first hour (development 14's kind, own wording)
        ("las 4 de la tarde el mismo viernes", at(27, 16)),
        ("el jueves, las 10 de la mañana", at(26, 10)),
        # the day ruled out is passed over for the one wanted
        ("no el lunes sino el martes", at(24)),
        # stop 40: the part of a day named before it ("la mañana" was tomorrow)
        ("la mañana del 9", at(9, 9)),
        ("la tarde del viernes", at(27, 14)),
        # stop 48: weeks from now in words (development 21's kind, own wording)
        ("en tres semanas", at(14)),
        ("dentro de dos semanas", at(7)),
        # stop 50 (development 23's kind, own wording): a weekday, then the
        # hour and its part of the day ("3" was read as the 3rd, a Sunday)
        ("ok, el miercoles 4 de la tarde", at(25, 16)),
        ("el viernes 10 de la mañana", at(27, 10)),
        ("el 14 en la tarde", at(14, 14)),  # no weekday: still the 14th
    ],
)
def test_spanish_preferred_times(text, expected):
    assert parse_preferred_time_es(text, NOW) == expected


@pytest.mark.parametrize(
    "text,reason",
    [
        ("ayer", "past"),
        ("hoy a la 1", "past"),
        ("el 3 de diciembre de 2028", "too_far"),
        ("cuando sea", "unparseable"),
        ("lo antes posible", "unparseable"),
        ("el lunes pasado", "unparseable"),
        ("ok, el lunes pasado en la tarde", "unparseable"),  # the English parser refuses it as past
        ("no sé", "unparseable"),
        # stop 34: a day ruled out is not the day wanted; the words are kept as
        # said for the front desk (development 15's kind, own wording)
        ("cualquier tarde menos el viernes", "unparseable"),
        ("despues de las 4 cuando sea menos los lunes y jueves", "unparseable"),
        ("any day after las 3, menos viernes", "unparseable"),
        ("en la mañana, excepto el miércoles", "unparseable"),
    ],
)
def test_past_unparseable_and_far_spanish_times_are_refused_like_english(text, reason):
    with pytest.raises(PreferredTimeError) as error:
        parse_preferred_time_es(text, NOW)
    assert error.value.reason == reason


def test_the_conversations_language_is_tried_first_then_the_other():
    assert parse_preferred_time_in("friday at 2", "es", NOW) == at(27, 14)
    assert parse_preferred_time_in("el viernes a las 2", "en", NOW) == at(27, 14)
    assert parse_preferred_time_in("next tuesday morning", "en", NOW) == parse_preferred_time(
        "next tuesday morning", NOW
    )
    with pytest.raises(PreferredTimeError) as error:
        parse_preferred_time_in("ayer", "es", NOW)
    assert error.value.reason == "past"
    with pytest.raises(PreferredTimeError) as error:
        parse_preferred_time_in("cuando sea", "es", NOW)
    assert error.value.reason == "unparseable"


def test_a_spanish_time_is_shown_in_spanish():
    assert at(24, 9).display("es") == "martes, 24 de noviembre de 2026, 9:00"
    assert at(24).display("es") == "martes, 24 de noviembre de 2026 (a cualquier hora)"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("María José García López", "María José García López"),
        ("me llamo María José García López", "María José García López"),
        ("mi nombre es José Ángel Núñez", "José Ángel Núñez"),
        ("soy Ana de la Cruz", "Ana de la Cruz"),
        ("hola, mi nombre es juan pérez", "Juan Pérez"),
        ("maria del carmen lopez garcia", "Maria del Carmen Lopez Garcia"),
        ("José Ortega y Gasset", "José Ortega y Gasset"),
        ("Dolores Fuentes-Ibáñez", "Dolores Fuentes-Ibáñez"),
        ("Begoña Muñoz", "Begoña Muñoz"),
    ],
)
def test_spanish_names_with_accents_and_two_surnames(text, expected):
    assert clean_name_es(text) == expected


@pytest.mark.parametrize(
    "text",
    ["sí", "no", "no sé", "ninguno", "no quiero dar mi nombre", "gracias", "hola", "123", "¿qué es la RFA?"],
)
def test_what_is_not_a_spanish_name_is_refused(text):
    assert clean_name_es(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "sí",
        "si",
        "Sí, por favor",
        "dale",
        "claro",
        "claro que sí",
        "sí, envíela",
        "está bien",
        "ok",
        "órale",
        # stop 27: "eso" as a yes
        "eso sí",
        "eso, todo correcto",
    ],
)
def test_a_clear_spanish_yes(text):
    assert is_clear_yes_es(text)
    assert not is_no_es(text) and leaving_es(text) is None


@pytest.mark.parametrize(
    "text", ["¿sí?", "sí pero cambie la hora", "mmm", "no sé", "espere", "hmm sí", "sí, no, espere"]
)
def test_an_unclear_answer_is_no_yes(text):
    assert not is_clear_yes_es(text)


@pytest.mark.parametrize("text", ["no", "No, cambiar algo", "nel", "está mal", "no es correcto"])
def test_a_spanish_no_asks_what_to_change(text):
    assert is_no_es(text) and not is_clear_yes_es(text) and leaving_es(text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("olvídalo", "stop"),
        ("olvidalo", "stop"),
        ("mejor no", "stop"),
        ("cancela", "stop"),
        ("cancele por favor", "stop"),
        ("no gracias", "stop"),
        ("ya no, mejor llamo yo", "stop"),
        ("adiós", "goodbye"),
        ("bueno, nos vemos", "goodbye"),
        ("Ana Mejorada", None),  # a name, not "mejor"
        ("el martes", None),
    ],
)
def test_spanish_words_that_leave_the_form(text, expected):
    assert leaving_es(text) == expected
    if expected:
        assert not is_clear_yes_es(text) and not is_no_es(text)


def test_form_words_are_content_staff_can_extend(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    monkeypatch.setenv("CLINIC_CONTENT_DIR", str(folder))
    data = yaml.safe_load((folder / "form_answers.yml").read_text(encoding="utf-8"))
    data["es"]["leave"].append("ya estuvo")
    (folder / "form_answers.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert leaving_es("ya estuvo") == "stop"


def test_every_form_word_list_is_there_and_yaml_booleans_are_refused(tmp_path):
    words = form_answers("es")
    assert {"yes", "no", "hedge", "leave", "goodbye", "not_names"} <= set(words)
    assert all(words.values()) and all(isinstance(w, str) for ws in words.values() for w in ws)
    assert form_answers("en") == {} and form_answers("fr") == {}
    (tmp_path / "form_answers.yml").write_text("es:\n  yes: [si]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quote yes"):
        form_answers("es", tmp_path)


def test_a_turn_reads_the_same_preferred_time_once(monkeypatch):
    """The form's extraction, a correction keeping its day and the
    validation read one text in one turn: it is parsed once a minute."""
    import actions.booking_inputs_es as inputs

    calls = []
    real = inputs.parse_preferred_time_es

    def counted(text, now=None):
        calls.append(text)
        return real(text, now)

    class SameMinute(datetime):  # the test never straddles a minute
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 1, 9, 30, 15, tzinfo=tz)

    monkeypatch.setattr(inputs, "parse_preferred_time_es", counted)
    monkeypatch.setattr(inputs, "datetime", SameMinute)
    inputs._read_this_minute.cache_clear()
    first = inputs.parse_preferred_time_in("el viernes a las 3 de la tarde", "es")
    again = inputs.parse_preferred_time_in("el viernes a las 3 de la tarde", "es")
    assert first == again and first.when.weekday() == 4 and first.when.hour == 15
    assert calls == ["el viernes a las 3 de la tarde"]
    for _ in range(2):  # a refusal is read once too, and raised each time
        with pytest.raises(PreferredTimeError) as refused:
            inputs.parse_preferred_time_in("ayer en la tarde", "es")
        assert refused.value.reason == "past"
    assert calls.count("ayer en la tarde") == 1


@pytest.mark.parametrize(
    "text", ["lo mas pronto que puedan", "lo más rápido posible", "cuanto antes por favor"]
)
def test_as_soon_as_they_can_is_a_preference(text):
    # stop 35 (development 15's kind, own wording)
    assert is_vague_preference(text)


@pytest.mark.parametrize(
    "text",
    ["en 3 semanas, el dia que sea", "la semana q viene cuando sea", "el mes que viene, cualquier cosa"],
)
def test_some_weeks_on_any_day_is_a_preference(text):
    # stop 48 (development 21's kind, own wording): noted as said
    assert is_vague_preference(text)
    assert not is_vague_preference("hace tres semanas me dolio")


@pytest.mark.parametrize("text", ["ajá", "aja"])
def test_aja_at_the_summary_is_a_yes(text):
    assert is_clear_yes_es(text)
