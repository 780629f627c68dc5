"""The training data: covers the domain, knows every procedure, leaks no test."""

import re
from difflib import SequenceMatcher

import yaml
from rasa.shared.importers.importer import TrainingDataImporter

from clinic.content import Content
from tests.evaluation import sets
from tests.paths import ROOT

DATA = TrainingDataImporter.load_from_dict(
    training_data_paths=[str(ROOT / "data"), str(ROOT / "content" / "procedure_names.yml")],
    domain_path=str(ROOT / "domain.yml"),
).get_nlu_data()
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
CONTENT = Content.load(ROOT / "content")


def norm(text):
    return re.sub(r"[^a-z0-9 ]", "", re.sub(r"\s+", " ", text.lower())).strip()


def question_set(name):
    """Every patient text of an evaluation set (``tests.evaluation.sets``)."""
    return list(sets.load(name).texts())


TRAINING = {norm(m.get("text")) for m in DATA.intent_examples}


def test_every_intent_of_the_domain_has_training_examples():
    counts = {}
    for m in DATA.intent_examples:
        counts[m.get("intent")] = counts.get(m.get("intent"), 0) + 1
    for intent in DOMAIN["intents"]:
        assert counts.get(intent, 0) >= 20, intent
    assert set(counts) <= set(DOMAIN["intents"])


def test_every_procedure_entity_value_is_a_procedure_the_content_knows():
    values = {e["value"] for m in DATA.training_examples for e in m.get("entities") or []}
    values |= set(DATA.entity_synonyms.values())
    assert values <= set(CONTENT.procedures)
    assert set(CONTENT.procedures) <= values


def test_the_lookup_table_knows_patients_names_for_procedures():
    lookup = {e.lower() for t in DATA.lookup_tables if t["name"] == "procedure" for e in t["elements"]}
    for name in ("rfa", "nerve burning", "scs", "stimulator", "tpi", "pain pump", "epidural", "nerve block"):
        assert name in lookup, name


# Texts so short that a patient and a trainer write them alike ("yes",
# "thanks", "hi there") are not leaks.
MIN_LEAK_CHARS = 12


def near(a, b, ratio=0.93):
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() > ratio and matcher.quick_ratio() > ratio and matcher.ratio() > ratio


# Every evaluation set: the development sets are tuned against (their
# failures guide the work) but never copied into data/ either.
CHECKED = list(sets.SETS)


def test_no_test_question_leaked_into_the_training_data():
    for name in CHECKED:
        if not sets.SETS[name].exists():
            continue
        for text in question_set(name):
            n = norm(text)
            if len(n) >= MIN_LEAK_CHARS and n in TRAINING:
                # no assert statement: pytest would print the text of a sealed set
                raise AssertionError(
                    f"a {name} text is in data/" + (f": {text!r}" if not name.startswith("sealed") else "")
                )


def test_no_near_copy_of_a_held_out_or_sealed_question_in_the_training_data():
    """Sets not tuned against are not copied into data/, not even nearly (for a
    sealed set the failure names the set, never the text)."""
    training = [t for t in TRAINING if len(t) > 25]
    for name in CHECKED:
        if not sets.SETS[name].exists():
            continue
        for text in question_set(name):
            n = norm(text)
            if len(n) <= 25:
                continue
            for t in training:
                if abs(len(t) - len(n)) < 10 and near(n, t):
                    raise AssertionError(
                        f"a near copy of a {name} text is in data/"
                        + (f": {t!r}" if not name.startswith("sealed") else "")
                    )


def test_no_slot_mapping_runs_an_action_after_every_message():
    """A custom mapping with `action:` makes Rasa run that action on every
    message (action_extract_slots): it reset the booking form each turn."""
    for name, slot in DOMAIN["slots"].items():
        for mapping in slot.get("mappings", []):
            assert not (mapping.get("type") == "custom" and mapping.get("action")), name
