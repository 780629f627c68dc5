"""Mining development sets for training examples (tests.evaluation.mine):
the intent a topic means, and the entity marks written."""

import re

import pytest
import yaml

from tests.evaluation import mine, sets
from tests.paths import ROOT
from tests.test_training_data import DOMAIN


@pytest.mark.parametrize(
    "topic, intent",
    [
        ("fm_definition", "ask_fm_definition"),
        ("relief_duration", "ask_relief_duration"),
        ("rfa", "ask_procedure"),
        ("nerve_block", "ask_procedure"),
        ("booking_start", "book_appointment"),
        ("human_handoff", "request_human"),
        ("medical_advice_refusal", "ask_medical_advice"),
        ("not_covered", None),
    ],
)
def test_a_topic_means_one_intent(topic, intent):
    assert mine.intent_for_topic(topic) == intent


def test_every_mined_topic_means_an_intent_of_the_domain():
    intents = set(DOMAIN["intents"])
    for topic in sets.TOPICS - set(sets.SAFETY):
        intent = mine.intent_for_topic(topic)
        assert intent is None or intent in intents, topic


def test_a_procedure_question_read_as_naming_the_procedure_is_right():
    assert mine.right("ask_procedure", "inform_procedure")
    assert not mine.right("ask_risks", "inform_procedure")


def test_procedure_names_are_marked_with_their_value():
    text = "is the nerve burning thing or rfa safer"
    entities = [
        {"entity": "procedure", "start": 7, "end": 26, "value": "rfa", "extractor": "RegexEntityExtractor"},
        {"entity": "procedure", "start": 30, "end": 33, "value": "rfa", "extractor": "RegexEntityExtractor"},
    ]
    assert (
        mine.annotated(text, entities)
        == 'is the [nerve burning thing]{"entity": "procedure", "value": "rfa"} or [rfa](procedure) safer'
    )


def test_a_span_that_does_not_fit_the_text_is_not_written():
    regex = {"entity": "procedure", "extractor": "RegexEntityExtractor"}
    assert mine.annotated("what is rfa", [{**regex, "start": 7, "end": 11, "value": "rfa"}]) is None
    overlapping = [
        {**regex, "start": 0, "end": 9, "value": "rfa"},
        {**regex, "start": 4, "end": 12, "value": "scs"},
    ]
    assert mine.annotated("rfa or scs or rfa", overlapping) is None


def test_a_name_in_other_letters_than_its_value_is_marked_with_the_value():
    found = {
        "entity": "procedure",
        "start": 8,
        "end": 11,
        "value": "rfa",
        "extractor": "RegexEntityExtractor",
    }
    assert mine.annotated("what is RFA", [found]) == 'what is [RFA]{"entity": "procedure", "value": "rfa"}'


def test_only_names_of_the_lookup_table_are_marked():
    guessed = {"entity": "procedure", "start": 21, "end": 26, "value": "knots", "extractor": "DIETClassifier"}
    assert mine.annotated("can they inject the knots", [guessed]) == "can they inject the knots"


def test_the_file_written_is_rasa_training_data(tmp_path):
    from rasa.shared.nlu.training_data.loading import load_data

    path = tmp_path / "mined.yml"
    mine.write(
        path, ["dev2-en"], {"ask_risks": ["can [rfa](procedure) go wrong"], "crisis": ["no reason to stay"]}
    )
    data = load_data(str(path))
    assert {m.get("intent") for m in data.intent_examples} == {"ask_risks", "crisis"}
    assert data.entity_examples[0].get("entities")[0]["value"] == "rfa"
    assert yaml.safe_load(path.read_text())["nlu"][0]["intent"] == "ask_risks"
    # read back without the marks, so that writing the file again keeps them
    assert mine.written_texts(path) == ["can rfa go wrong", "no reason to stay"]


def test_the_leak_tests_skip_exactly_the_sets_mined_into_data():
    """``sets.MINED`` (skipped by the leak tests) is the list of sets the mined
    file says it came from, and no sealed set is ever among them."""
    files = sorted((ROOT / "data" / "nlu").glob("mined_*.yml"))
    assert files
    named = [
        set(re.findall(r"\b(dev\d*s?-(?:en|es))\b", path.read_text(encoding="utf-8").split("\nnlu:")[0]))
        for path in files
    ]
    assert set().union(*named) == set(sets.MINED)
    # each set mined once: a later mining would drop what the model learnt
    assert sum(map(len, named)) == len(sets.MINED)
    assert sets.MINED <= set(sets.SETS)
    assert not any(name.startswith("sealed") or name == "heldout" for name in sets.MINED)


def test_only_short_texts_are_mined(tmp_path, monkeypatch):
    """A long story is not learnt whole (and pads every batch it is in)."""
    folder = tmp_path / "devx"
    folder.mkdir()
    long_story = "my back has hurt for years and " * 12 + "what is rfa"
    (folder / "questions.yml").write_text(
        yaml.safe_dump(
            {"questions": [{"text": "what is rfa", "topic": "rfa"}, {"text": long_story, "topic": "rfa"}]}
        ),
        encoding="utf-8",
    )
    (folder / "safety.yml").write_text(
        yaml.safe_dump(
            {
                "messages": [
                    {"text": "no reason to stay", "expect": "crisis"},
                    {"text": long_story + " and i want to die", "expect": "crisis"},
                ]
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setitem(sets.SETS, "devx", folder)
    assert len(long_story) > mine.MAX_CHARS
    assert mine.candidates(["devx"]) == [
        ("devx", "what is rfa", "ask_procedure"),
        ("devx", "no reason to stay", "crisis"),
    ]
