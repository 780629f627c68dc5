"""Danger words read through typos (clinic/spelling.py, content/safety.yml typos)."""

import pytest

from clinic.safety import SafetyPatterns, normalise
from clinic.spelling import Respeller, known_word, names_in

RESPELLER = SafetyPatterns.load().respeller


def respelled(text):
    return RESPELLER.respell(normalise(text), text)


@pytest.mark.parametrize(
    "typed, read",
    [
        ("chesst pian", "chest pain"),  # a letter too many, two swapped
        ("cnt brethe", "cant breathe"),  # shorthand, a letter missing
        ("wana die", "wanna die"),
        ("my hubby is haveing a siezure", "my hubby is haveing a seizure"),
        ("quiero morirr", "quiero morir"),
        ("thinkin abt killin myslef", "thinkin abt killing myself"),
    ],
)
def test_a_misspelled_danger_word_is_read_as_meant(typed, read):
    assert respelled(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "the rain makes my hands ache",  # rain: a word, one letter from pain
        "my hart is fine",  # hart, dye: words as typed
        "tie dye shirt",
        "i dont want to overdo it",  # two letters short of overdose
        "se me infecto la herida",  # two edits from infarto: too short for two
        "ok hr",  # too short to read again
    ],
)
def test_words_and_near_words_stay_as_typed(typed):
    assert respelled(typed) == normalise(typed)


def test_a_capitalised_word_inside_a_sentence_is_a_name():
    assert names_in("Ivy Stroker. Dale hart") == {"stroker"}
    assert respelled("Ivy Stroker") == "ivy stroker"
    assert respelled("stroker") == "stroke"  # the same letters as a word typed: read


def test_known_words_are_english_or_spanish():
    assert known_word("pain") and known_word("dolor") and known_word("rain")
    assert not known_word("pian") and not known_word("chesst")


def test_ties_go_to_the_same_length_then_the_first_word():
    speller = Respeller(["wanna", "want"])
    assert speller.word("wana") == "want"  # one edit from both; as long as want
    assert Respeller(["abcd", "abce"]).word("abcx") == "abcd"


def test_no_words_no_reading():
    assert Respeller([]).respell("chesst pian") == "chesst pian"


def test_word_lists_are_read_when_the_speller_is_made(monkeypatch):
    import clinic.spelling

    looked_up = []
    monkeypatch.setattr(
        clinic.spelling, "zipf_frequency", lambda word, lang, wordlist: looked_up.append(lang) or 5.0
    )
    Respeller([])
    assert looked_up == []  # nothing to read again: nothing loaded
    Respeller(["chest"])
    assert set(looked_up) == {"en", "es"}
