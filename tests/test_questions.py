"""Whether a message is a question (clinic/questions.py)."""

import pytest

from clinic.questions import (
    asks_instead_of_answering,
    asks_question,
    has_question_mark,
    starts_with_question_word,
)


@pytest.mark.parametrize(
    "text",
    [
        "how long is recovery",
        "wait, before that, does the injection hurt",
        "do u take medicaid",
        "y cuanto cuesta",
        "oiga, aceptan seguro",
        "hi um what is fibromyalgia",
        # stop 20: "are" as patients type it
        "r u guys open on memorial day",
        "ok r yall closed sundays",
        # stop 23: SMS spellings of the question words
        "wat r ur hrs on saturdays",
        "wut is a nerve block",
        "hw long does rfa last",
        "y does it hurt more at night",
        # stop 25: a laugh or an aside first
        "lol is it snowing over there too",
        "btw do u have parking",
        # stop 44: a preposition before the question word
        "de donde viene el dolor",
        "para que sirve la epidural",
        "a q hora abren el sabado",
        "en q consiste la ablacion",
        "for how long does the numbness last",
        # stop 53: Spanish's opening "¿", first or after a greeting
        "¿Cuánto dura la anestesia",
        "Buenas tardes, ¿dónde queda la clínica",
        "¿En qué consiste el bloqueo",
    ],
)
def test_a_question_word_first_after_lead_ins_asks(text):
    assert starts_with_question_word(text) and asks_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ann Lee",
        "next tuesday morning",
        "whatever works",
        "isabel ruiz",
        "R Gomez",
        # a preposition before "que" that means "that"
        "de q me llamen mañana",
        "para que me atiendan rapido",
        "en la tarde",
    ],
)
def test_other_words_first_do_not(text):
    assert not starts_with_question_word(text) and not asks_question(text)


def test_a_question_mark_anywhere_asks():
    assert has_question_mark("Ann Lee? 512 555 0134") and asks_question("ok?")
    assert not has_question_mark("is he breathing") and not has_question_mark(None)


@pytest.mark.parametrize(
    "text", ["any weekday morning", "es Marisol Jiménez", "cuando sea", "es el 830 555 0147"]
)
def test_words_that_open_an_answer_do_not_ask_at_the_form(text):
    assert asks_question(text)
    assert not asks_instead_of_answering(text)
    assert asks_instead_of_answering(text + "?")


def test_english_questions_ask_at_the_form():
    assert asks_instead_of_answering("wait, before that, does the injection hurt")
    assert asks_instead_of_answering("is there parking at your office")


@pytest.mark.parametrize(
    "text",
    [
        "quick q before i choose a time, will it be sore after",
        "one question first, how long does it take",
        "quick question: is it safe",
        "quick q before i pick a time - how long am i off work after the burning one",
        "quick q — does the nerve block hurt",
        "hmm wait how much is the stimulator",
        "my mom wants to know what time the game starts, do you know",
        "who is playing tonight, any idea",
        # stop 54 (own wording, development 25's kind): a random question
        # with a past time in it is no answer at the time question
        "haha random but who won the soccer match last night",
        "unrelated, what was the score yesterday",
        # stop 54 (own wording, development 22's kind): SMS shorthand for "before"
        "b4 i confirm, is there parking",
    ],
)
def test_an_announced_question_or_one_asked_at_the_end_asks_at_the_form(text):
    assert asks_question(text) and asks_instead_of_answering(text)


@pytest.mark.parametrize(
    "text",
    [
        "espere, primero digame que es la estimulacion medular, no le entendi al doctor",
        "dime cuanto dura el efecto de la inyeccion",
        "primero expliqueme como funciona lo del nervio",
        "wait first tell me what the nerve block actually does",
        "i want to know how long the recovery is",
    ],
)
def test_a_question_asked_for_in_so_many_words_asks_at_the_form(text):
    assert asks_instead_of_answering(text)


@pytest.mark.parametrize(
    "text",
    [
        "question is whether tuesday works",
        "friday, you know, morning",
        "digame",
        "tell me",
        "next tuesday - 3pm",
    ],
)
def test_no_question_announced_or_asked_at_the_end(text):
    assert not asks_instead_of_answering(text)


@pytest.mark.parametrize("slip", ["lol what am i saying.", "what was i thinking??", "ay que estoy diciendo,"])
def test_a_remark_at_ones_own_slip_asks_nothing(slip):
    # after a day in the past was refused: the answer follows the remark
    assert not asks_instead_of_answering(f"{slip} tomorrow afternoon")
    assert asks_instead_of_answering(f"{slip} is there parking at your office")


def test_a_question_after_before_i_give_my_number_is_a_question():
    from clinic.questions import asks_instead_of_answering

    assert asks_instead_of_answering("before i give my number, does the pump need refilling")
    assert asks_instead_of_answering("before i type that in, r u in network with aetna")
    assert not asks_instead_of_answering("before noon is best")


@pytest.mark.parametrize(
    "text",
    [
        "oh wait before i confirm, is your building wheelchair accessible or is it stairs",
        "before submitting it, do you guys take tricare",
        "antes de confirmar, digame donde queda la clinica",
    ],
)
def test_a_question_after_before_i_confirm_is_a_question(text):
    # development 18s's kind (own wording): at the summary, "oh before i
    # confirm, is there parking ..." got "Take your time" ("need to find"
    # read as the patient going to look something up)
    assert asks_instead_of_answering(text)
    assert not asks_instead_of_answering("before i confirm let me check my calendar")


@pytest.mark.parametrize(
    "text", ["actually wheres your office, i forgot", "hows the parking there", "whos the doctor on fridays"]
)
def test_a_question_word_typed_without_its_apostrophe_asks(text):
    # stop 37 (development 16's kind, own wording): at the name question,
    # "wheres the clinic" was stored as a name
    assert asks_instead_of_answering(text)


@pytest.mark.parametrize(
    "text", ["q: should i keep taking my cymbalta before the shot", "question: will i be awake"]
)
def test_a_question_announced_with_a_colon_asks(text):
    # stop 37 (development 16's kind, own wording): read as a day at the time question
    assert asks_instead_of_answering(text)


@pytest.mark.parametrize(
    "text, asks",
    [
        # stop 51 (development 22's kind, own wording): a question after a
        # condition, with no question mark
        ("y si no tengo aseguranza cuanto me cobran la consulta", True),
        ("and if i have no insurance what would the visit run me", True),
        ("si no me cubre el seguro como le hago", True),
        # a condition with no question in it, or an answer that opens with "si"
        ("if you can call me after 5", False),
        ("si me llaman que bueno", False),
        ("si, Ana Lopez", False),
        ("si el martes a las 3", False),
    ],
)
def test_a_question_after_a_condition_is_a_question(text, asks):
    from clinic.questions import asks_after_a_condition

    assert asks_after_a_condition(text) is asks
