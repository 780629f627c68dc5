"""The second reading of a question by its meaning, blended with DIET's
(components/sentence_meaning.py)."""

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_meaning import SentenceMeaningClassifier

EXAMPLES = {
    "ask_recovery": [
        "how long is recovery after the procedure",
        "when can i go back to work after the injection",
        "how many days will i be sore afterwards",
        "how soon can i drive after it",
    ],
    "ask_risks": [
        "what are the risks of the procedure",
        "is the injection dangerous",
        "what side effects can it have",
        "can something go wrong with it",
    ],
    "ask_medical_advice": [
        "should i stop taking my gabapentin",
        "how many pills should i take",
        "can i double my dose",
    ],
    "crisis": ["i want to end my life", "i dont want to be here anymore", "i am thinking of killing myself"],
    "greet": ["hi", "hello there", "good morning"],
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = Resource("sentence_meaning")
    data = TrainingData(
        [Message(data={TEXT: text, INTENT: intent}) for intent, texts in EXAMPLES.items() for text in texts]
    )
    component = SentenceMeaningClassifier({}, storage, resource)
    component.train(data)
    return component, storage, resource


def read(component, text, **diet):
    """The message after the component, DIET having read ``diet`` (intent -> confidence)."""
    ranking = [
        {"name": name, "confidence": value} for name, value in sorted(diet.items(), key=lambda x: -x[1])
    ]
    message = Message(data={TEXT: text, INTENT: dict(ranking[0]), INTENT_RANKING_KEY: ranking})
    component.process([message])
    return message


def confidences(message):
    return {entry["name"]: entry["confidence"] for entry in message.get(INTENT_RANKING_KEY)}


def test_a_question_diet_is_unsure_of_takes_the_intent_its_meaning_says(trained):
    component, _, _ = trained
    message = read(
        component, "how many days off work will i need after the shot", ask_risks=0.5, ask_recovery=0.4
    )
    assert message.get(INTENT)["name"] == "ask_recovery"
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0]["name"] == "ask_recovery"
    assert message.get(INTENT)["confidence"] == ranking[0]["confidence"]
    assert [entry["confidence"] for entry in ranking] == sorted(
        (e["confidence"] for e in ranking), reverse=True
    )


def test_a_question_diet_is_sure_of_keeps_its_intent(trained):
    component, _, _ = trained
    message = read(component, "how long will i be sore after it", ask_recovery=0.97, ask_risks=0.02)
    assert message.get(INTENT)["name"] == "ask_recovery"
    assert 0.5 < message.get(INTENT)["confidence"] < 1.0


def test_a_safety_reading_and_the_other_intents_keep_diets_confidence(trained):
    component, _, _ = trained
    crisis = read(component, "what are the risks of the injection", crisis=0.6, ask_risks=0.35)
    assert crisis.get(INTENT) == {"name": "crisis", "confidence": 0.6}
    assert confidences(crisis) == {"crisis": 0.6, "ask_risks": 0.35}
    question = read(component, "what are the risks of the injection", ask_risks=0.6, crisis=0.3, greet=0.1)
    assert question.get(INTENT)["name"] == "ask_risks"
    assert confidences(question)["crisis"] == 0.3 and confidences(question)["greet"] == 0.1


def test_a_dose_question_is_never_blended_into_or_out_of(trained):
    component, _, _ = trained
    advice = read(
        component, "how long is recovery after the injection", ask_medical_advice=0.55, ask_recovery=0.4
    )
    assert advice.get(INTENT) == {"name": "ask_medical_advice", "confidence": 0.55}
    question = read(component, "can i double my dose", ask_risks=0.5, ask_medical_advice=0.45)
    assert question.get(INTENT)["name"] != "ask_medical_advice"
    assert confidences(question)["ask_medical_advice"] == 0.45


def test_a_message_without_text_or_ranking_is_left_alone(trained):
    component, _, _ = trained
    message = Message(data={INTENT: {"name": "ask_risks", "confidence": 0.5}})
    component.process([message])
    assert message.get(INTENT) == {"name": "ask_risks", "confidence": 0.5}
    assert message.get(INTENT_RANKING_KEY) is None


def test_the_trained_regression_is_kept_in_the_model(trained):
    component, storage, resource = trained
    loaded = SentenceMeaningClassifier.load({}, storage, resource, execution_context=None)
    text = "when can i go back to the gym"
    assert loaded.probabilities(text) == pytest.approx(component.probabilities(text), abs=1e-5)
    assert sum(loaded.probabilities(text).values()) == pytest.approx(1.0, abs=1e-5)


def test_weight_zero_is_diet_alone(trained):
    component, storage, resource = trained
    diet_alone = SentenceMeaningClassifier.load({"weight": 0.0}, storage, resource, execution_context=None)
    message = read(
        diet_alone, "how many days off work will i need after the shot", ask_risks=0.5, ask_recovery=0.4
    )
    assert message.get(INTENT) == {"name": "ask_risks", "confidence": 0.5}


def test_texts_embedded_to_remember_are_not_embedded_again(monkeypatch):
    from clinic.sentence_encoder import SentenceEncoder

    encoder = SentenceEncoder.shared()
    texts = ["what is a nerve block, remembered", "how long is recovery, remembered"]
    first = encoder.encode_many(texts, remember=True)
    embedded = []
    monkeypatch.setattr(
        encoder, "encode", lambda batch: embedded.extend(batch) or SentenceEncoder.encode(encoder, batch)
    )
    again = encoder.encode_many([texts[1], "a text never embedded", texts[0]])
    assert embedded == ["a text never embedded"]
    assert (again[0] == first[1]).all() and (again[2] == first[0]).all()
    encoder.encode_many(["a text never embedded"])
    assert embedded == ["a text never embedded"] * 2


def test_a_spanish_question_is_left_as_diet_read_it(trained):
    component, _, _ = trained
    text = "cuantos dias voy a necesitar sin trabajar despues de la inyeccion"
    message = read(component, text, ask_risks=0.5, ask_recovery=0.4)
    assert message.get(INTENT) == {"name": "ask_risks", "confidence": 0.5}
    english = read(
        component, "how many days off work will i need after the shot", ask_risks=0.5, ask_recovery=0.4
    )
    assert english.get(INTENT)["name"] == "ask_recovery"
