"""The training data: covers the domain, knows every procedure, leaks no test."""
import re
from difflib import SequenceMatcher

import yaml
from rasa.shared.importers.importer import TrainingDataImporter

from actions.content import Content
from tests.paths import ROOT

DATA = TrainingDataImporter.load_from_dict(
    training_data_paths=[str(ROOT / "data")], domain_path=str(ROOT / "domain.yml")
).get_nlu_data()
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
CONTENT = Content.load(ROOT / "content")


def norm(text):
    return re.sub(r"[^a-z0-9 ]", "", re.sub(r"\s+", " ", text.lower())).strip()


def question_set(name):
    data = yaml.safe_load((ROOT / "tests" / name / "patient_questions.yml").read_text(encoding="utf-8"))
    texts = [t for texts in data["questions"].values() for t in texts]
    texts += [turn["text"] for conv in data.get("conversations") or [] for turn in conv]
    return texts


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


def test_no_test_question_leaked_into_the_training_data():
    for name in ("heldout", "devset"):
        for text in question_set(name):
            assert norm(text) not in TRAINING, (name, text)


def test_no_near_copy_of_a_held_out_question_in_the_training_data():
    training = [t for t in TRAINING if len(t) > 25]
    for text in question_set("heldout"):
        n = norm(text)
        if len(n) <= 25:
            continue
        for t in training:
            if abs(len(t) - len(n)) < 10 and SequenceMatcher(None, n, t).ratio() > 0.93:
                raise AssertionError(f"near copy of held-out {text!r}: {t!r}")


def test_no_slot_mapping_runs_an_action_after_every_message():
    """A custom mapping with `action:` makes Rasa run that action on every
    message (action_extract_slots): it reset the booking form each turn."""
    for name, slot in DOMAIN["slots"].items():
        for mapping in slot.get("mappings", []):
            assert not (mapping.get("type") == "custom" and mapping.get("action")), name
