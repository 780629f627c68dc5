"""Two questions in one message (components/clauses.py, actions/answers.py)."""

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.clauses import CLAUSES_KEY, ClauseCollector, ClauseSplitter, split_questions


@pytest.mark.parametrize(
    "text, clauses",
    [
        ("what causes fibromyalgia and how common is it?", ["what causes fibromyalgia", "how common is it?"]),
        ("How common is fibro and is it genetic?", ["How common is fibro", "is it genetic?"]),
        ("what is rfa? how long is recovery", ["what is rfa?", "how long is recovery"]),
        (
            "what are the benefits and risks of RFA",
            ["what are the benefits of RFA", "what are the risks of RFA"],
        ),
        ("que es la fibromialgia y como se trata", ["que es la fibromialgia", "como se trata"]),
        ("tell me about scs, how long does it last", ["tell me about scs", "how long does it last"]),
        (
            "What is interventional pain management, and what are its benefits and risks?",
            ["What is interventional pain management", "what are its benefits", "what are its risks"],
        ),
        ("q causa la fibro y q tan comun es", ["q causa la fibro", "q tan comun es"]),
        # stop 53: what a condition does, named with it, then a question
        # (development 24's kind, own wording)
        (
            "signs of fibromyalgia and how do they test for it",
            ["signs of fibromyalgia", "how do they test for it"],
        ),
        ("causes of fibro and how many people get it", ["causes of fibro", "how many people get it"]),
        ("sintomas de la fibro y como se diagnostica", ["sintomas de la fibro", "como se diagnostica"]),
        # stop 53: a question opened with "¿" after a sentence of story
        (
            "A mi tío le dijeron ayer que es fibromialgia. ¿Qué la causa y qué tan común es?",
            ["A mi tío le dijeron ayer que es fibromialgia. ¿Qué la causa", "qué tan común es?"],
        ),
        ("cual es el riesgo y cuanto dura", ["cual es el riesgo", "cuanto dura"]),
        # a question beside a part answered otherwise, with no question word after "and" (stop 18)
        (
            "que es el bloqueo nervioso y el seguro lo cubre?",
            ["que es el bloqueo nervioso", "el seguro lo cubre?"],
        ),
        (
            "explain rfa to me, and i want to book a consult",
            ["explain rfa to me", "i want to book a consult"],
        ),
        (
            "cuanto cuesta la epidural y el alivio dura mucho?",
            ["cuanto cuesta la epidural", "el alivio dura mucho?"],
        ),
        ("q es la epidural y a cuantos les ayuda", ["q es la epidural", "a cuantos les ayuda"]),
        (
            "what is rfa and does insurance pay for it and how long is recovery",
            ["what is rfa", "does insurance pay for it", "how long is recovery"],
        ),
        # stop 19: kinds of the third development set, in other words
        ("tpi vs nerve block?? difference pls", ["what is tpi", "what is nerve block"]),
        (
            "i always mix up the stimulator and the pain pump, explain both",
            ["what is the stimulator", "what is pain pump"],
        ),
        (
            "diferencia entre la bomba de dolor y el estimulador",
            ["qué es bomba de dolor", "qué es el estimulador"],
        ),
        ("is a nerve block the same thing as an epidural", ["what is nerve block", "what is epidural"]),
        (
            "what are the pain pump and the stimulator exactly",
            ["what is pain pump", "what is the stimulator"],
        ),
        ("pros and cons of rfa", ["benefits of rfa", "risks of rfa"]),
        # stop 28: a phone number typed at the form's question, then questions
        (
            "737 555 0199. oh and one more q, does rfa hurt and how long does it last?",
            ["737 555 0199", "does rfa hurt", "how long does it last?"],
        ),
        (
            "my cell is 512.555.0170. whats the recovery like",
            ["my cell is 512.555.0170", "whats the recovery like"],
        ),
        # stop 28: "n" for "and", a please after the two aspects
        ("pros n cons of the epidural", ["benefits of the epidural", "risks of the epidural"]),
        (
            "recovery and risks for the stimulator pls",
            ["recovery for the stimulator", "risks for the stimulator"],
        ),
        ("ventajas y desventajas de la epidural", ["beneficios de la epidural", "riesgos de la epidural"]),
        # stop 37: "the good and bad sides" (development 16's kind, own wording)
        ("whats good and bad points of the pump", ["whats benefits of the pump", "whats risks of the pump"]),
        ("upsides and downsides of nerve blocks?", ["benefits of nerve blocks", "risks of nerve blocks"]),
        ("lo bueno y lo malo del estimulador", ["beneficios del estimulador", "riesgos del estimulador"]),
        ("thank you! and how long does rfa last?", ["thank you", "how long does rfa last?"]),
        (
            "hola buenas noches, que es la radiofrecuencia",
            ["hola buenas noches", "que es la radiofrecuencia"],
        ),
        (
            "stimulator side effects and how long is the trial",
            ["stimulator side effects", "how long is the trial"],
        ),
        (
            "best treatment for fibro and does it actually work",
            ["best treatment for fibro", "does it actually work"],
        ),
        # stop 35 (development 15's kind, own wording): the best way asked alone
        (
            "best way to manage fibro and how long does the relief last",
            ["best way to manage fibro", "how long does the relief last"],
        ),
        (
            "what helps fibro the most. is it covered by medicare",
            ["what helps fibro the most", "is it covered by medicare"],
        ),
        (
            "before the shot what should i do, also can i drive after",
            ["before the shot what should i do", "can i drive after"],
        ),
        (
            "the nerve burning one: what is it and how long does it last",
            ["the nerve burning one: what is it", "how long does it last"],
        ),
        (
            "that pain pump thing, what is it and who gets one and is it safe",
            ["that pain pump thing, what is it", "who gets one", "is it safe"],
        ),
        ("q es la fibro y quien la padece", ["q es la fibro", "quien la padece"]),
        # SMS "n" for "and" before the second question
        ("how long does rfa last n what are the risks", ["how long does rfa last", "what are the risks"]),
        # stop 29: a question announced in so many words beside a booking
        (
            "this is Lou Brandt i need an appointment, cell 512 555 0190 and i also wanted to ask how long the numbness lasts",
            [
                "this is Lou Brandt i need an appointment, cell 512 555 0190",
                "i also wanted to ask how long the numbness lasts",
            ],
        ),
        (
            "book me in for rfa please, and i'd also like to ask what the recovery is like",
            ["book me in for rfa please", "i'd also like to ask what the recovery is like"],
        ),
        (
            "quiero sacar cita y queria preguntarle cuanto dura la recuperacion",
            ["quiero sacar cita", "queria preguntarle cuanto dura la recuperacion"],
        ),
        # stop 43 (development 18s's kind, own wording): a time word before
        # the second question's word
        (
            "cuanto dura el dolor despues de la RFA y luego q hago, terapia?",
            ["cuanto dura el dolor despues de la RFA", "luego q hago, terapia?"],
        ),
        (
            "how long is the recovery and after that what happens next",
            ["how long is the recovery", "after that what happens next"],
        ),
        # the pause before the questions is no part of the first (development
        # 18s's kind, own wording)
        (
            "before i give you my name, does rfa last forever? and is it done awake",
            ["does rfa last forever?", "is it done awake"],
        ),
        ("antes de confirmar, duele la inyeccion? y cuanto dura", ["duele la inyeccion?", "cuanto dura"]),
        # a topic named alone with its "?" (development 18s's kind, own wording)
        ("fibro: causes? treatments? is it genetic?", ["fibro: causes?", "treatments?", "is it genetic?"]),
        ("q es la rfa? riesgos?", ["q es la rfa?", "riesgos?"]),
        # a preposition before the question word, and a question of one word
        # (development 18s's kinds, own wording, stop 44)
        ("de donde sale la fibro y q la empeora", ["de donde sale la fibro", "q la empeora"]),
        ("para q sirve el bloqueo y cuanto dura", ["para q sirve el bloqueo", "cuanto dura"]),
        (
            "q es el bloqueo nervioso, duele y cuando puedo manejar?",
            ["q es el bloqueo nervioso", "duele", "cuando puedo manejar?"],
        ),
        ("la bomba q es? y duele?", ["la bomba q es?", "duele?"]),
        # the count of questions announced is no part of the first
        ("2 questions: risks? recovery?", ["risks?", "recovery?"]),
        ("tengo dos preguntas: q es la epidural y cuanto dura", ["q es la epidural", "cuanto dura"]),
        # stop 46 (development 46's kinds, own wording): two topics joined by
        # "+", two times of one procedure, a story before the questions
        ("fibro causes + symptoms?", ["fibro causes", "fibro symptoms"]),
        (
            "what happens during and after a nerve block",
            ["what happens during a nerve block", "what happens after a nerve block"],
        ),
        (
            "q pasa durante y despues de la epidural?",
            ["q pasa durante la epidural?", "q pasa despues de la epidural?"],
        ),
        (
            "my pain doc brought up an implant. no clue what he meant. can you explain what the stimulator is "
            "and also what a pain pump is",
            [
                "my pain doc brought up an implant. no clue what he meant, can you explain what the stimulator is",
                "what a pain pump is",
            ],
        ),
        # stop 50 (development 23's kind, own wording): "+" for "and" on SMS
        ("how long is an epidural + does it hurt", ["how long is an epidural", "does it hurt"]),
    ],
)
def test_a_message_with_two_questions_is_cut_into_them(text, clauses):
    assert split_questions(text) == clauses


@pytest.mark.parametrize(
    "text",
    [
        "what is rfa",
        "I'm Ann Lee, 512 555 0134, friday",
        "Ann Lee and Bob",
        "pain and fatigue and brain fog, is that fibro?",
        "risks and risk factors",
        "rfa vs scs, which one is better for me?",
        "what are the risks of rfa and scs",
        # "despues q" is "after they ...", no question
        "me inyectaron y despues q me dormi me dolio mas",
        "risks? like could the shot do nothing at all for me",
        "the ache comes now and then what helps it most is heat",
        "buenos dias, como esta?",
        "hi there, how are you?",
        "I had rfa last year. Is it normal to still hurt?",
        "my back is killing me. what can i do",
        "what is the difference between fibromyalgia and arthritis",
        # "de q", "para que", "hasta donde" as "that", "so that", "even where"
        "q sintomas hay aparte de q me duele todo",
        "q puedo hacer para que me ayuden con el seguro",
        "se me olvida todo, hasta donde deje el carro",
        # after "and", "for how long" goes on the question before
        "what should i skip after the shot and for how long",
        # two times in a statement, no question (stop 46)
        "i take my meds before and after meals",
    ],
)
def test_one_question_stays_whole(text):
    assert split_questions(text) == [text]


def collected(text, *guesses):
    """The message of ``text`` after the pipeline's clause steps, with the
    model's ``(intent, confidence)`` guesses for the whole message, then for
    each clause in order; the batch's length must match the guesses."""
    message = Message(data={TEXT: text})
    batch = ClauseSplitter().process([message])
    assert len(batch) == len(guesses), [m.get(TEXT) for m in batch]
    for m, (intent, confidence) in zip(batch, guesses, strict=True):
        m.set(INTENT, {"name": intent, "confidence": confidence})
    ClauseCollector().process(batch)
    return message


def test_the_clauses_ride_through_the_pipeline_and_are_collected_on_their_message():
    message = Message(data={TEXT: "what is rfa and how long is recovery"})
    batch = ClauseSplitter().process([message])
    assert [m.get(TEXT) for m in batch] == [
        "what is rfa and how long is recovery",
        "what is rfa",
        "how long is recovery",
    ]
    for m, intent in zip(batch, ["ask_procedure", "ask_procedure", "ask_recovery"], strict=True):
        m.set(INTENT, {"name": intent, "confidence": 0.9})
    out = ClauseCollector().process(batch)
    assert out == [message]
    assert [(c["text"], c["intent"]) for c in message.get(CLAUSES_KEY)] == [
        ("what is rfa", "ask_procedure"),
        ("how long is recovery", "ask_recovery"),
    ]
    assert message.get(INTENT)["name"] == "ask_procedure"


def test_a_question_the_safety_net_made_certain_makes_the_message_a_safety_message():
    message = collected(
        "what is rfa? and how many pills would it take",
        ("ask_procedure", 0.8),
        ("ask_procedure", 0.8),
        ("crisis", 1.0),
    )
    assert message.get(INTENT) == {"name": "crisis", "confidence": 1.0}


def test_a_booking_one_clause_asks_for_makes_the_message_the_booking():
    message = collected(
        "whats rfa and can i make an appointment for it",
        ("ask_procedure", 0.7),
        ("ask_procedure", 0.9),
        ("book_appointment", 0.8),
    )
    assert message.get(INTENT) == {"name": "book_appointment", "confidence": 0.8}


def test_a_clause_asking_about_booking_starts_no_booking():
    message = collected(
        "whats rfa and do i need an appointment for it",
        ("ask_procedure", 0.7),
        ("ask_procedure", 0.9),
        ("book_appointment", 0.8),
    )
    assert message.get(INTENT)["name"] == "ask_procedure"


def test_an_unsure_request_clause_leaves_the_question():
    message = collected(
        "whats rfa and can i make an appointment for it",
        ("ask_procedure", 0.7),
        ("ask_procedure", 0.9),
        ("book_appointment", 0.3),
    )
    assert message.get(INTENT)["name"] == "ask_procedure"


# --- answering each question (actions/answers.py)

from clinic.topics import load_topics  # noqa: E402
from tests.conversation import ACTIONS, run_action, tracker_for  # noqa: E402

TOPICS = load_topics()


def clause(text, intent, confidence=0.9, procedure=None):
    entities = [{"entity": "procedure", "value": procedure}] if procedure else []
    return {"text": text, "intent": intent, "confidence": confidence, "entities": entities}


def answer(text, intent, clauses, action="action_answer_topic", entities=(), slots=None):
    from actions.not_covered import ActionOutOfScope
    from actions.request_form import ActionStartRequest

    actions = {
        **ACTIONS,
        "action_out_of_scope": ActionOutOfScope(),
        "action_start_request": ActionStartRequest(),
    }
    tracker = tracker_for(text, intent, entities, slots or {"procedure": None, "last_topic": None})
    tracker.latest_message["clauses"] = clauses
    messages, events = run_action(actions[action], tracker)
    return "\n".join(m.get("text") or "" for m in messages), messages, events


def test_each_question_is_answered_topic_by_topic():
    reply, _, _ = answer(
        "what causes fibromyalgia and how common is it",
        "ask_fm_causes",
        [
            clause("what causes fibromyalgia", "ask_fm_causes"),
            clause("how common is it", "ask_fm_prevalence"),
        ],
    )
    assert TOPICS["fm_causes"].matches(reply) and TOPICS["fm_prevalence"].matches(reply)


def test_a_clause_without_a_procedure_asks_about_the_one_named_before():
    reply, _, events = answer(
        "what is rfa and how long is recovery",
        "ask_procedure",
        [
            clause("what is rfa", "ask_procedure", procedure="rfa"),
            clause("how long is recovery", "ask_recovery"),
        ],
        entities=[("procedure", "rfa")],
    )
    assert TOPICS["rfa"].matches(reply) and TOPICS["recovery"].matches(reply)
    assert reply.lower().count("radiofrequency ablation (rfa)") >= 2


def test_the_fallback_answers_the_questions_it_is_sure_of():
    reply, _, _ = answer(
        "fibro genetic?? + does it get worse",
        "nlu_fallback",
        [clause("fibro genetic", "ask_fm_causes"), clause("does it get worse", "ask_fm_symptoms")],
        action="action_article_search",
    )
    assert TOPICS["fm_causes"].matches(reply) and TOPICS["fm_symptoms"].matches(reply)


def test_an_unsure_clause_is_not_answered_and_one_question_is_answered_once():
    reply, messages, _ = answer(
        "what is rfa and what is radiofrequency ablation",
        "ask_procedure",
        [clause("what is rfa", "ask_procedure", procedure="rfa"), clause("what is ra", "ask_procedure", 0.3)],
        entities=[("procedure", "rfa")],
    )
    assert len(messages) == 1 and TOPICS["rfa"].matches(reply)


def test_a_topic_about_no_procedure_is_answered_once_whatever_procedure_a_clause_names():
    # stop 53 (development 24's "a message said twice", own wording): the
    # second clause named a procedure, the first none; both asked the options
    _, messages, _ = answer(
        "what procedures do u do for fibro? shots and stuff",
        "ask_ipm_options",
        [
            clause("what procedures do u do for fibro?", "ask_ipm_options"),
            clause("shots and stuff", "ask_ipm_options", procedure="steroid"),
        ],
    )
    texts = [m.get("text") for m in messages]
    assert len(texts) == len(set(texts)) == 1 and TOPICS["ipm_options"].matches(texts[0])


def test_a_clause_the_model_is_unsure_of_takes_the_whole_messages_other_topic():
    # "q causa la fibro y xq duele tanto": unsure of "xq duele tanto" alone,
    # the model is sure the whole asks how the pain comes about
    reply, _, _ = answer(
        "que la causa y por que duele asi",
        "ask_fm_mechanism",
        [clause("que la causa", "ask_fm_causes"), clause("por que duele asi", "nlu_fallback", 0.4)],
    )
    assert TOPICS["fm_causes"].matches(reply) and TOPICS["fm_mechanism"].matches(reply)


def test_a_medical_advice_clause_gets_the_refusal():
    _, messages, _ = answer(
        "what is rfa and should I stop my gabapentin",
        "ask_procedure",
        [
            clause("what is rfa", "ask_procedure", procedure="rfa"),
            clause("should I stop my gabapentin", "ask_medical_advice"),
        ],
        entities=[("procedure", "rfa")],
    )
    assert [m.get("response") for m in messages][-1] == "utter_medical_advice"


def test_a_question_keeps_its_question_mark_so_the_safety_net_reads_it_as_one():
    clauses = split_questions("can you bleed internally after a nerve block? and is it common")
    assert clauses == ["can you bleed internally after a nerve block?", "is it common"]


# --- a long message in pieces, for the safety net

from clinic.safety import MAX_PIECES, PIECE_CHARS, long_pieces, sentences  # noqa: E402
from components.clauses import is_piece  # noqa: E402

STORY = (
    "I have had fibro for nine years and stopped working as a hygienist because of my hands. "
    "My rheumatologist has me on duloxetine and a warm water class on tuesdays. "
    "Last spring my GP mentioned trigger point injections and I have read your page about them. "
    "My husband drives me everywhere now and my daughter does the shopping. "
    "Money is tight since I stopped working and every specialist is another copay. "
    "Lately I just want to disappear and never come back, I have been thinking about how."
)


def test_a_long_message_is_cut_into_pieces_of_whole_sentences():
    pieces = long_pieces(STORY)
    assert len(pieces) >= 2
    assert " ".join(pieces) == STORY
    assert all(len(p) <= PIECE_CHARS for p in pieces)
    assert long_pieces("what is rfa? and how long is recovery?") == []
    many = " ".join(
        f"Sentence number {n} is here and it is long enough to be its own piece." * 6 for n in range(60)
    )
    assert len(long_pieces(many)) == MAX_PIECES


def test_a_piece_the_safety_net_made_certain_makes_the_long_message_a_safety_message():
    message = Message(data={TEXT: STORY})
    batch = ClauseSplitter().process([message])
    pieces = [m for m in batch if is_piece(m)]
    assert [p.get(TEXT) for p in pieces] == long_pieces(STORY)
    message.set(INTENT, {"name": "ask_procedure", "confidence": 0.5})
    for m in batch[1:]:
        m.set(INTENT, {"name": "inform", "confidence": 0.9})
    pieces[-1].set(INTENT, {"name": "crisis", "confidence": 1.0})
    out = ClauseCollector().process(batch)
    assert out == [message]
    assert message.get(INTENT) == {"name": "crisis", "confidence": 1.0}
    assert message.get(CLAUSES_KEY) is None  # pieces are not questions to answer


def test_an_unsure_piece_raises_nothing():
    message = Message(data={TEXT: STORY})
    batch = ClauseSplitter().process([message])
    message.set(INTENT, {"name": "ask_procedure", "confidence": 0.5})
    for m in batch[1:]:
        m.set(INTENT, {"name": "crisis", "confidence": 0.7})
    ClauseCollector().process(batch)
    assert message.get(INTENT)["name"] == "ask_procedure"


# --- an article question beside a part answered otherwise (stop 18)

RFA_AND_INSURANCE = [
    clause("what is radiofrequency ablation", "ask_procedure", procedure="rfa"),
    clause("does my insurance pay for it", "ask_procedure"),
]


@pytest.mark.parametrize(
    "intent, action", [("ask_procedure", "action_answer_topic"), ("out_of_scope", "action_out_of_scope")]
)
def test_a_question_beside_one_the_article_does_not_cover_is_answered_too(intent, action):
    reply, _, events = answer(
        "what is radiofrequency ablation and does my insurance pay for it",
        intent,
        RFA_AND_INSURANCE,
        action=action,
        entities=[("procedure", "rfa")],
    )
    assert "heat" in reply  # the article's answer about RFA
    assert "(512) 555-0100" in reply and "information" in reply  # and plainly no word on insurance
    assert reply.count("(512) 555-0100") == 1


def test_a_question_beside_a_booking_is_answered_before_the_form_asks():
    reply, _, events = answer(
        "tell me what a spinal cord stimulator is, and i'd like to book a consult about one",
        "book_appointment",
        [
            clause("tell me what a spinal cord stimulator is", "ask_procedure", procedure="scs"),
            clause("i'd like to book a consult about one", "book_appointment"),
        ],
        action="action_start_request",
        entities=[("procedure", "scs")],
    )
    assert "electric" in reply.lower()
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["request_kind"] == "booking" and slots["procedure"] == "scs"


@pytest.mark.parametrize(
    "text, clauses, intent, said",
    [
        (
            "does blue cross cover it? if yes sign me up for a consult",
            [
                clause("does blue cross cover it?", "out_of_scope", 0.95),
                clause("if yes sign me up for a consult", "book_appointment"),
            ],
            "book_appointment",
            "don't have information about insurance",
        ),
        (
            "cuanto cobran la consulta? y quiero que me llamen",
            [
                clause("cuanto cobran la consulta?", "nlu_fallback", 0.5),
                clause("y quiero que me llamen", "request_human"),
            ],
            "request_human",
            "No tengo información sobre costos",
        ),
    ],
)
def test_a_question_the_article_does_not_cover_beside_a_request_is_told_before_the_form_asks(
    text, clauses, intent, said
):
    # development 18s's kind (own wording): "aceptan medicare? y si es asi
    # quiero agendar una consulta" started the booking and said nothing of
    # the insurance
    slots = {"procedure": None, "last_topic": None, "language": "es" if "cuanto" in text else "en"}
    reply, messages, events = answer(text, intent, clauses, action="action_start_request", slots=slots)
    assert said in reply and "(512) 555-0100" in reply
    assert not any(m.get("buttons") for m in messages)  # the request is under way: no call-back button
    started = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert started["request_kind"] == {"book_appointment": "booking", "request_human": "callback"}[intent]


@pytest.mark.parametrize(
    "text, said",
    [
        ("thanks so much, now id like to book an appointment", "You're welcome!"),
        ("muchas gracias, ahora quiero que me llame alguien", "¡De nada, con gusto!"),
    ],
)
def test_thanks_before_a_request_are_said_back(text, said):
    intent = "book_appointment" if "book" in text else "request_human"
    slots = {"procedure": None, "last_topic": None, "language": "es" if "gracias" in text else "en"}
    reply, _, _ = answer(text, intent, [], action="action_start_request", slots=slots)
    assert reply.startswith(said)
    assert answer("book an appointment", intent, [], action="action_start_request")[0] == ""


def test_a_greeting_then_a_question_answers_the_question():
    assert split_questions("hey there! whats a nerve block?") == ["hey there", "whats a nerve block?"]
    message = collected(
        "hey there! whats a nerve block?", ("greet", 0.9), ("greet", 0.99), ("ask_procedure", 0.8)
    )
    assert message.get(INTENT) == {"name": "ask_procedure", "confidence": 0.8}
    assert split_questions("hi") == ["hi"] and split_questions("Hi Ann") == ["Hi Ann"]


@pytest.mark.parametrize(
    "whole",
    [("ask_best_treatment", 0.53), ("nlu_fallback", 0.4)],  # the greeting pulled the whole message off
)
def test_a_greeting_before_a_question_leaves_the_question_to_its_own_reading(whole):
    message = collected("hi! what is fibromyalgia?", whole, ("greet", 0.99), ("ask_fm_definition", 0.95))
    assert message.get(INTENT) == {"name": "ask_fm_definition", "confidence": 0.95}


def test_the_sure_first_question_of_an_unclear_message_is_answered():
    # stop 43 (development 18s's kind, own wording)
    message = collected(
        "quienes son ustedes exactamente y con q me ayudan",
        ("nlu_fallback", 0.4),
        ("ask_about_clinic", 0.95),
        ("ask_ipm_options", 0.5),
    )
    assert message.get(INTENT) == {"name": "ask_about_clinic", "confidence": 0.95}
    # an unsure first clause leaves the fallback
    message = collected(
        "quienes son ustedes exactamente y con q me ayudan",
        ("nlu_fallback", 0.4),
        ("ask_about_clinic", 0.6),
        ("ask_ipm_options", 0.95),
    )
    assert message.get(INTENT) == {"name": "nlu_fallback", "confidence": 0.4}


@pytest.mark.parametrize(
    "text, whole, clauses",
    [
        # no greeting first: the whole message's reading stands
        (
            "what is rfa and how long is recovery",
            ("ask_procedure", 0.9),
            [("ask_procedure", 0.9), ("ask_recovery", 0.9)],
        ),
        # a greeting before a request or a safety message: never a question instead
        (
            "hi, i want to end it all. what is rfa?",
            ("crisis", 1.0),
            [("greet", 0.99), ("ask_procedure", 0.9)],
        ),
        (
            "hi can i book and how long is recovery",
            ("book_appointment", 0.9),
            [("greet", 0.99), ("book_appointment", 0.9), ("ask_recovery", 0.9)],
        ),
        # an unsure question clause does not decide
        (
            "hi! what is that thing",
            ("ask_best_treatment", 0.6),
            [("greet", 0.99), ("ask_fm_definition", 0.3)],
        ),
    ],
)
def test_the_whole_reading_stands_without_a_greeting_or_a_sure_question(text, whole, clauses):
    message = collected(text, whole, *clauses)
    assert message.get(INTENT) == {"name": whole[0], "confidence": whole[1]}


@pytest.mark.parametrize(
    "text, first, said_back",
    [
        ("hi there, what is rfa?", "greet", "automated assistant"),
        ("thanks! and what is rfa?", "thanks", "welcome"),
    ],
)
def test_a_greeting_or_thanks_before_a_question_is_said_back_then_the_question_answered(
    text, first, said_back
):
    reply, messages, _ = answer(
        text,
        "ask_procedure",
        [
            clause(text.split(",")[0].split("!")[0], first, 0.95),
            clause("what is rfa?", "ask_procedure", procedure="rfa"),
        ],
        entities=[("procedure", "rfa")],
    )
    assert said_back in messages[0]["text"]
    assert TOPICS["rfa"].matches(reply)


def test_an_unsure_greeting_clause_is_not_said_back():
    _, messages, _ = answer(
        "hey what is rfa",
        "ask_procedure",
        [clause("hey", "greet", 0.3), clause("what is rfa", "ask_procedure", procedure="rfa")],
        entities=[("procedure", "rfa")],
    )
    assert "automated assistant" not in messages[0]["text"]


@pytest.mark.parametrize(
    "text, clauses, entities, topics",
    [
        # stop 20: a definition that names its own subject is not about the
        # procedure named later in the message
        (
            "whats interventional pain management? and whats the stimulator",
            [
                clause("whats interventional pain management?", "ask_ipm_definition"),
                clause("whats the stimulator", "ask_procedure", procedure="scs"),
            ],
            [("procedure", "scs")],
            ["ipm_definition", "scs"],
        ),
        (
            "explain fibromyalgia to me, then explain the pain pump",
            [
                clause("explain fibromyalgia to me", "ask_fm_definition"),
                clause("then explain the pain pump", "ask_procedure", procedure="intrathecal"),
            ],
            [("procedure", "intrathecal")],
            ["fm_definition", "intrathecal"],
        ),
        (
            "what is rfa and what is fibro in the first place",
            [
                clause("what is rfa", "ask_procedure", procedure="rfa"),
                clause("what is fibro in the first place", "ask_fm_definition"),
            ],
            [("procedure", "rfa")],
            ["rfa", "fm_definition"],
        ),
    ],
)
def test_a_definition_naming_its_own_subject_is_answered_beside_the_procedure(
    text, clauses, entities, topics
):
    reply, _, _ = answer(text, clauses[0]["intent"], clauses, entities=entities)
    assert all(TOPICS[topic].matches(reply) for topic in topics), reply


@pytest.mark.parametrize(
    "text, cut",
    [
        (
            "she's got a fever... of excitement, trial starts friday",
            ["she's got a fever... of excitement, trial starts friday"],
        ),
        ("me muero... de la risa con mi nieta", ["me muero... de la risa con mi nieta"]),
        ("i cant anymore... im saying goodbye", ["i cant anymore...", "im saying goodbye"]),
        ("what is rfa? does it hurt", ["what is rfa?", "does it hurt"]),
    ],
)
def test_a_sentence_goes_on_after_an_ellipsis_before_of_or_de(text, cut):
    # stop 53 (development 24's false alarm, own wording): "a fever... of
    # excitement" was a fever in a sentence of its own
    assert sentences(text) == cut
