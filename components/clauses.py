"""Two questions in one message: each is classified, and each is answered.

"what causes fibromyalgia and how common is it" carries two intents, and a
classifier gives a message one. ``ClauseSplitter`` (first in the pipeline)
cuts a message into its questions (``split_questions``) and adds each as an
extra message to the batch, so that every later component (featurizers,
classifier, entity extractors, the safety net) processes it like any other;
``ClauseCollector`` (last) takes them out again and records, on the original
message, each clause's text, intent, confidence and entities under
``clauses`` (in the parse data, for ``actions.answers``). The original
message keeps its own classification.

A long message (a story with a plan in its last line) is also cut into
pieces of a few sentences (``long_pieces``), each classified on its own like
a message the patient sent, so that one sentence of danger is not drowned by
the rest: a piece the safety net makes a crisis or an emergency makes the
whole message one. Pieces are never answered as questions.

Rasa's graph passes the batch of messages from component to component and
reads the first message's result; extra messages after it change nothing
else. Nothing here logs a patient's text.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.content import procedure_names
from clinic.form_words import asks_about_booking, form_words
from clinic.not_covered import subject_of
from clinic.questions import (
    ASKING,
    LEAD_INS,
    MIN_CLAUSE_CONFIDENCE,
    QUESTION_WORD,
    SPANISH_PREPOSED,
    asks_question,
    starts_with_question_word,
)
from clinic.safety import long_pieces, normalise, sentences

CLAUSES_KEY = "clauses"
_PARENT = "clause_of"  # on a clause message: its original message's id()
_PIECE_OF = "piece_of"  # on a long message's piece: its original message's id()


def is_clause(message: Message) -> bool:
    """Whether ``message`` is one clause of a longer message (made by
    ClauseSplitter), not a message the patient sent (nor a piece of one)."""
    return message.get(_PARENT) is not None


def is_piece(message: Message) -> bool:
    """Whether ``message`` is a few sentences of a long message (``long_pieces``)."""
    return message.get(_PIECE_OF) is not None


MAX_CLAUSES = 3
MIN_CLAUSE_WORDS = 2

# a join between two questions: "?", or and / also / plus / & / y / "," before
# a question word, or the end of a sentence before one ("whats the best
# treatment. is there research behind it")
# "... my number is 806 555 0172 and also i wanted to ask how long ...": a
# question announced in so many words after the join
_ASKING = r"(?:" + ASKING + r",?\s+)?"
_JOIN = re.compile(
    r"(?<=\?)\s+(?=\S)|"
    r"(?:,\s*|\s+)(?:and\s+also|and|also|plus|&|\+|n|y\s+tambi[eé]n|y|e|adem[aá]s)\s+"
    # "... y despues q sigue", "... and after that what happens": a time word
    # before the second question's word
    # ("despues q me inyectan" is "after they inject me": a "q" after the time
    # word asks only before what comes next)
    r"(?=" + _ASKING + r"(?:(?:(?<!\bnow and )then|after\s+that|afterwards?)\s*,?\s+|"
    r"(?:despu[eé]s|luego)\s*,?\s+(?!(?:q|que)\s+(?!(?:sigue|viene|pasa|hago|hacen|hay)\b)))?"
    + SPANISH_PREPOSED
    + QUESTION_WORD
    + r"\b)|"
    r",\s+(?=" + SPANISH_PREPOSED + QUESTION_WORD + r"\b)|"
    r"(?<=[.!])\s+(?=" + LEAD_INS + QUESTION_WORD + r"\b)",
    re.IGNORECASE,
)
# "the benefits and risks of RFA": one question about two aspects
_ASPECTS = (
    r"benefits?|risks?|side effects?|recovery|preparation|prep|success rates?|evidence|cost|"
    r"beneficios?|riesgos?|efectos secundarios|recuperaci[oó]n|preparaci[oó]n|"
    # "fibro symptoms + causes?" (stop 46)
    r"symptoms|causes|s[ií]ntomas|causas"
)
_SHARED_TAIL = re.compile(
    r"^(?P<head>.*?\b)(?P<a>"
    + _ASPECTS
    + r")(?:\s+time)?\s*(?:\s(?:and|&|n|y|or|o)\s|\+)\s*(?:the\s+|los\s+|las\s+)?"
    r"(?P<b>" + _ASPECTS + r")(?:\s+time)?"
    r"(?P<tail>\s+(?:of|for|from|with|after|de|del|para|con)\b.*?)?"
    # "benefits and risks pls": a please after, no part of either question
    r"(?:\s+(?:pls|plz|please|porfa|por favor))?$",
    re.IGNORECASE,
)
# "what should i expect during and after a steroid shot", "que pasa durante y
# despues de la inyeccion": two times of one procedure, two questions (stop 46)
_DURING_AND_AFTER = re.compile(
    r"^(?P<head>.*?\b)(?P<a>before|during|durante|antes)\s*(?:\s(?:and|&|n|y)\s|\+)\s*"
    r"(?P<b>during|after|afterwards|durante|despu[eé]s)\b\s*(?P<tail>.+)$",
    re.IGNORECASE,
)
_PROS_AND_CONS = re.compile(
    r"\bpros (?:and|n|&) cons\b|\bventajas y desventajas\b|"
    # "what are the good and bad sides of it" (stop 37)
    r"\bgood (?:and|n|&) bad (?:sides?|points?|things?|parts?)\b|\bupsides? (?:and|n|&) downsides?\b|"
    r"\blo bueno y lo malo\b",
    re.IGNORECASE,
)
# the first of two questions asks something too: a question word first
# (``clinic.questions``) or a request for information
_ASKS_FOR_INFO = re.compile(
    r"^\s*" + LEAD_INS + r"(?:tell me|explain|describe|info|information|expl[ií]ca(?:me)?|d[ií]game|dime)\b",
    re.IGNORECASE,
)
# "Ann Lee and Bob": not two questions
_PERSON = re.compile(r"^[A-Z][a-z]+\s+[A-Z][a-z]+")
# words that ask wherever they stand, not only first ("after the shot how long ...")
_WH = r"(?:what|whats|how|why|when|where|who|which|qu[eé]|q|xq|pq|c[oó]mo|cu[aá]nto|cu[aá]l|qui[eé]n|por\s?qu[eé])"
# "shots in the muscle knots: what are they", "trigger point injections - do
# they hurt", "after the injection how long is recovery": what the question is
# about, then the question
_TOPIC_THEN_QUESTION = re.compile(
    r"^[^,:;?]{1,60}?(?:[,:;]|\s[-–]\s)\s*" + LEAD_INS + QUESTION_WORD + r"\b|^(?:\S+\s+){1,3}" + _WH + r"\b",
    re.IGNORECASE,
)
# "pain pump risks", "best treatment for fibro": a question without a question word
_ASPECT_ALONE = re.compile(
    r"^(?:\S+\s+){0,4}(?:"
    + r"benefits?|risks?|side effects?|recovery|preparation|prep|success rates?|evidence|"
    r"best treatments?|best ways? to (?:treat|manage|handle)(?: (?:it|this|that|fibro\w*|fm|my \w+))?|pros and cons|beneficios|riesgos|efectos secundarios|"
    r"recuperaci[oó]n|mejor tratamiento" + r")(?:\s+(?:for|of|de|del|para)\s+\S+){0,2}\??$"
    # "symptoms of fibro and whats the best treatment": what a condition
    # does, named with the condition (not "my symptoms, are they fibro")
    r"|^(?:\S+\s+){0,2}(?:symptoms?|signs?|causes?|s[ií]ntomas|causas)\s+(?:of|de|del|de la)\s+\S+(?:\s+\S+)?\??$",
    re.IGNORECASE,
)


# "symptoms? causes? how common?": a topic named alone with its "?" is a
# question of its own, though one word
_TOPIC_ALONE = re.compile(
    r"^(?:causes?|symptoms?|treatments?|risks?|benefits?|recovery|prep|preparation|evidence|"
    r"prevalence|causas?|s[ií]ntomas?|tratamientos?|riesgos?|beneficios?|recuperaci[oó]n|preparaci[oó]n)\s*\?$",
    re.IGNORECASE,
)

# "..., duele y ...", "..., hurts?": a question of one word
_ONE_WORD_QUESTION = re.compile(r"^(?:duele|duelen|hurts?|painful|doloros[oa])\s*\??$", re.IGNORECASE)


def _asks_first(clause: Text) -> bool:
    """Whether ``clause`` opens with a question word or a request for
    information ("tell me about rfa", "explícame la epidural")."""
    return starts_with_question_word(clause) or bool(_ASKS_FOR_INFO.match(clause))


def _asks(clause: Text) -> bool:
    """Whether the first part of a message asks something: a question word or
    a request first, a "?", a subject then a question ("shots in the muscle
    knots: what are they"), or an aspect named alone ("pain pump risks")."""
    return (
        _asks_first(clause)
        or clause.endswith("?")
        or bool(_TOPIC_THEN_QUESTION.match(clause))
        or bool(_ASPECT_ALONE.match(clause))
    )


# a sentence with a phone number in it, then more: "512 555 0128. also ..."
_VALUE_FIRST = re.compile(r"^(?P<value>[^.?!]*\d[\d\s().-]{6,}\d[^.?!\d]*[.!;])\s+(?P<rest>\S.*)$")


# "also quick q, ...", "one more question:": a question announced, no question itself
_QUICK_QUESTION = re.compile(
    r"^(?:(?:and|also|plus|oh|y|tambien)\s+)*(?:(?:a|one|another)\s+)?(?:(?:quick|small|little|more|other)\s+)?"
    r"(?:q|qs|question|questions|pregunta|preguntita)\b\W*",
    re.IGNORECASE,
)


def split_questions(text: Text) -> List[Text]:
    """The questions of ``text``, in order; ``[text]`` when it asks one.

    >>> split_questions("what causes fibro and how common is it?")
    ['what causes fibro', 'how common is it?']
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    compared = _compared(text)
    if compared:
        return compared
    valued = _VALUE_FIRST.match(text)
    if valued and asks_question(valued.group("rest")):
        # "512 555 0128. also quick q, is fibro genetic?": a phone number
        # typed at the form's question, then the question(s)
        rest = _QUICK_QUESTION.sub("", valued.group("rest"))
        return ([valued.group("value").strip(" .!;")] + split_questions(rest))[:MAX_CLAUSES]
    greeted = _GREETING.match(text)
    if greeted and asks_question(greeted.group("rest")) and not _HOW_ARE_YOU.match(greeted.group("rest")):
        # "hi there! what is fibromyalgia?": a greeting, then the question(s)
        rest = re.sub(
            r"^(?:and also|and|also|plus|y|y tambi[eé]n)\s+", "", greeted.group("rest"), flags=re.IGNORECASE
        )
        return ([greeted.group("greeting").strip(" ,.!")] + split_questions(rest))[:MAX_CLAUSES]
    asked = _questions(text)
    if len(asked) < 2:
        # "q es la radiofrecuencia y medicare la paga?": no question word after "y"
        return _beside_another_part(text) or asked
    return asked


def _questions(text: Text) -> List[Text]:
    """``split_questions`` at question words and question marks."""
    parts = [p.strip(" ,.;") for p in _JOIN.split(text)]  # a question keeps its "?"
    parts = [re.sub(r"^(?:and|also|plus|&|\+|n|y|e|adem[aá]s)\s+", "", p, flags=re.IGNORECASE) for p in parts]
    parts = [p for p in parts if p]
    if len(parts) < 2 or _PERSON.match(text):
        return _two_aspects(text) or [text]
    clauses = [
        p
        for i, p in enumerate(parts)
        if len(p.split()) >= MIN_CLAUSE_WORDS
        # "risks? like is there a chance it does nothing": a topic first, then
        # the question about it, is one question
        or (_TOPIC_ALONE.match(p) and (i > 0 or _TOPIC_ALONE.match(parts[1])))
        # "q es la ablacion x radiofrecuencia, duele y cuanto tardo ...": a
        # question in one word
        or (i > 0 and _ONE_WORD_QUESTION.match(p))
    ]
    if len(clauses) > 2 and not _asks(clauses[0]):
        # "the medicine pump under the skin, what is it and what do they
        # check first": what the questions are about, then the questions
        clauses = [f"{clauses[0]}, {clauses[1]}", *clauses[2:]]
    if len(clauses) < 2 or not (
        _asks(clauses[0])
        # "ive had pain for 6 years ... i have no idea what that means. can
        # you tell me what the stimulator is and also what the pain pump
        # is": the story, then the first question in its last sentence
        or _asks(sentences(clauses[0])[-1])
        or re.search(r"\?\s+\S", text)
    ):
        return _two_aspects(text) or [text]  # "pain and fatigue and brain fog, is that fibro?" asks one thing
    # "what is IPM, and what are its benefits and risks?": three questions
    clauses = [_PAUSE_FIRST.sub("", clauses[0]) or clauses[0], *clauses[1:]]
    return [c for clause in clauses for c in (_two_aspects(clause) or [clause])][:MAX_CLAUSES]


# "before i give my number, is rfa permanent? and ...": the pause before the
# questions is no part of the first ("before" read it as the preparation),
# nor is the count of questions announced
_PAUSE_FIRST = re.compile(
    r"^(?:(?:oh|ok|okay|wait|um+|hm+|but)[,.]?\s+)*"
    r"(?:before i (?:give|send|type|tell) (?:you )?(?:my |the )?(?:number|info|information|details|name|phone)"
    r"|before (?:i |we )?(?:confirm(?:ing)?|submit(?:ting)?|finish(?:ing)?|say(?:ing)? yes|book(?:ing)?)"
    r"(?: (?:it|that|this|anything))?"
    r"|antes de (?:confirmar|enviar|mandar|terminar|dar(?:le|les)? mi (?:numero|nombre|telefono))(?:la|lo)?"
    # "3 questions: symptoms? causes? ...", "tengo dos preguntas:": the
    # questions announced
    r"|(?:(?:i have|i got|i've got|got|tengo|les tengo|le tengo)\s+)?"
    r"(?:\d+|two|three|four|a few|a couple(?: of)?|some|dos|tres|cuatro|unas|varias)\s+"
    r"(?:quick\s+|little\s+|more\s+|m[aá]s\s+)?(?:questions?|qs|preguntas?|preguntitas?|dudas?))"
    r"\s*[,:.-]+\s*(?=\S)",
    re.IGNORECASE,
)


# a greeting or thanks before a question: "hi there! what is fibro", "hola
# buenas tardes, q es la fibromialgia?", "thanks! also what's a nerve block?"
_GREETING = re.compile(
    r"^(?P<greeting>(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|hola|buenas(?: tardes| noches)?|"
    r"buenos d[ií]as|thanks|thank you|thx|ty|gracias|muchas gracias)"
    r"(?: there| everyone| all| so much| a lot| for that| for the info| por la info(?:rmaci[oó]n)?)?"
    r"[\s,.!]*)+?)[\s,.!]+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# "buenos días, cómo está?": small talk, not a question to answer apart
_HOW_ARE_YOU = re.compile(
    r"^(?:how are (?:you|u|ya)|how r u|how(?:'s| is) it going|c[oó]mo (?:est[aá]|est[aá]s|est[aá]n|le va|te va)|"
    r"qu[eé] tal)\b",
    re.IGNORECASE,
)
# what a message that greets and asks is classified as: its question is answered
GREETING_INTENTS = ("greet", "thanks", "affirm")

# "and" / "y" between two parts of a message, whatever word follows
_AND = re.compile(r"(?:,\s*|\s+)(?:and|y|plus|also|and also)\s+|\?\s+(?=\S)", re.IGNORECASE)


def _beside_another_part(text: Text) -> Optional[List[Text]]:
    """A question beside a part answered otherwise, joined by "and" / "y"
    with no question word after it: "q es la radiofrecuencia y medicare la
    paga?", "tell me what a stimulator is, and id like to book a consult".
    The two parts when one asks something and the other is a question the
    article does not cover or a booking / call-back asked for in words; else
    None."""
    for join in _AND.finditer(text):
        left, right = text[: join.start()].strip(" ,.;"), text[join.end() :].strip(" ,.;")
        if len(left.split()) < MIN_CLAUSE_WORDS or len(right.split()) < MIN_CLAUSE_WORDS:
            continue
        if join.group(0).strip() == "?":
            left += "?"
        for asks, other in ((left, right), (right, left)):
            if (_asks_first(asks) or asks.endswith("?")) and not _other_part(asks) and _other_part(other):
                return [left, right]
    return None


def _other_part(text: Text) -> bool:
    """Whether ``text`` is answered otherwise than from the article: a
    subject it does not cover or a request for a booking or a call-back."""
    return bool(subject_of(text) or form_words().request(text))


# "rfa vs scs", "the difference between the pump and the stimulator", "cual es cual"
_COMPARES = re.compile(
    r"\b(?:vs\.?|versus|difference|differences|diferencia|diferencias|compare|compared|comparison|comparar|"
    r"mixed up|confused|confundo|cu[aá]l es cu[aá]l|both|each one|ambos|cada uno|same|mismo|misma)\b|"
    r"^\s*(?:what|whats|what's) are\b",
    re.IGNORECASE,
)
_WHICH_FOR_ME = re.compile(
    r"\b(?:better|best|right for me|should i|recommend|conviene|mejor|deber[ií]a)\b", re.IGNORECASE
)
_SPANISH_HINT = re.compile(r"\b(?:qu[eé]|q|cu[aá]l|diferencia|entre|los|las|el|la|es|son|y)\b", re.IGNORECASE)


def _compared(text: Text) -> Optional[List[Text]]:
    """ "rfa vs scs whats the difference" as a question about each procedure
    ("what is rfa", "what is scs"), in the message's language, or None. The
    procedures are found by their names of content/procedure_names.yml."""
    if not _COMPARES.search(text) or _WHICH_FOR_ME.search(text):
        return None  # "rfa vs scs, which is better for me": advice, refused as one
    if re.search(r"\b(?:" + _ASPECTS + r")\b", text, re.IGNORECASE):
        return None  # "the risks of rfa vs scs": an aspect of each, not what each is
    clean = normalise(text)
    found: List[Tuple[int, Text, Text]] = []  # (position, procedure, name as written)
    for procedure, names in procedure_names().items():
        for name in sorted({*names, procedure.replace("_", " ")}, key=lambda n: (-len(n), n)):
            match = re.search(r"\b" + re.escape(normalise(name)) + r"\b", clean)
            if match:
                found.append((match.start(), procedure, name))
                break
    found.sort()
    if len({procedure for _, procedure, _ in found}) != 2:
        return None
    ask = (
        "qué es"
        if _SPANISH_HINT.search(text) and not re.search(r"\b(?:the|what|and)\b", text, re.I)
        else "what is"
    )
    return [f"{ask} {name}" for _, _, name in found]


def _two_aspects(text: Text) -> Optional[List[Text]]:
    """ "the benefits and risks of RFA" as two questions ("the benefits of
    RFA", "the risks of RFA"), or None; "pros and cons" are the benefits and
    the risks."""
    text = _PROS_AND_CONS.sub(
        lambda m: "beneficios y riesgos" if m.group(0)[0] in "vVlL" else "benefits and risks", text
    )
    times = _DURING_AND_AFTER.match(text)
    if times and (asks_question(text) or _ASKS_FOR_INFO.match(text)):
        # "what should i expect during and after a steroid shot": what
        # happens during it, and after it ("durante y despues de la
        # inyeccion": during the injection, after it)
        head, tail = times.group("head"), times.group("tail")
        first = re.sub(r"^de\s+", "", tail) if times.group("a").lower() == "durante" else tail
        return [f"{head}{times.group('a')} {first}".strip(), f"{head}{times.group('b')} {tail}".strip()]
    shared = _SHARED_TAIL.match(text.rstrip("?"))
    if not shared or shared.group("a").lower()[:4] == shared.group("b").lower()[:4]:
        return None
    head, tail = shared.group("head"), shared.group("tail") or ""
    return [f"{head}{shared.group('a')}{tail}".strip(), f"{head}{shared.group('b')}{tail}".strip()]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClauseSplitter(GraphComponent):
    """First in the pipeline: adds a message per question of a compound message."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ClauseSplitter:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        extra: List[Message] = []
        for message in messages:
            text = message.get(TEXT)
            if not text or is_clause(message) or is_piece(message):
                continue
            for piece in long_pieces(text):
                extra.append(Message(data={TEXT: piece, _PIECE_OF: id(message)}))
            clauses = split_questions(text)
            if len(clauses) < 2:
                continue
            for clause in clauses:
                extra.append(Message(data={TEXT: clause, _PARENT: id(message)}))
        return messages + extra


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClauseCollector(GraphComponent):
    """Last in the pipeline: moves the clauses' results onto their message."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ClauseCollector:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        originals = [m for m in messages if not is_clause(m) and not is_piece(m)]
        for message in originals:
            clauses = [_result(m) for m in messages if m.get(_PARENT) == id(message)]
            pieces = [_result(m) for m in messages if m.get(_PIECE_OF) == id(message)]
            if clauses:
                message.set(CLAUSES_KEY, clauses, add_to_output=True)
                _answer_the_question_after_a_greeting(message, clauses)
                _answer_the_sure_question_of_an_unclear_message(message, clauses)
                _start_the_request_beside_questions(message, clauses)
            _raise_safety(message, clauses + pieces)
        return originals


SAFETY = ("crisis", "emergency")  # the crisis answer also carries 911


def _raise_safety(message: Message, clauses: List[Dict[Text, Any]]) -> None:
    """A question or a piece the safety net made certain (confidence 1.0)
    makes the whole message a safety message."""
    current = (message.get(INTENT) or {}).get("name")
    for category in SAFETY:
        if current == category:
            return
        if any(c["intent"] == category and c["confidence"] >= 1.0 for c in clauses):
            message.set(INTENT, {"name": category, "confidence": 1.0}, add_to_output=True)
            return


def _answer_the_question_after_a_greeting(message: Message, clauses: List[Dict[Text, Any]]) -> None:
    """ "hi there! what is fibromyalgia?" read as a greeting, or as another
    question than the one it asks (the greeting pulls the whole message
    off: "hi! what is fibromyalgia?" read as the best treatment at 0.53):
    the message takes its first sure question's intent, so the question is
    answered. The question read without the greeting is the surer reading."""
    current = str((message.get(INTENT) or {}).get("name") or "")
    greeted = bool(clauses) and clauses[0]["intent"] in GREETING_INTENTS
    if current not in GREETING_INTENTS and not (
        greeted and (current.startswith("ask_") or current == "nlu_fallback")
    ):
        return
    question = next(
        (c for c in clauses if c["intent"].startswith("ask_") and c["confidence"] >= MIN_CLAUSE_CONFIDENCE),
        None,
    )
    if question:
        message.set(
            INTENT, {"name": question["intent"], "confidence": question["confidence"]}, add_to_output=True
        )
        if question["entities"] and not message.get(ENTITIES):
            message.set(ENTITIES, question["entities"], add_to_output=True)


# how sure the first clause of a message the model could not place must be
# to answer it
SURE_CLAUSE = 0.9


def _answer_the_sure_question_of_an_unclear_message(message: Message, clauses: List[Dict[Text, Any]]) -> None:
    """ "quienes son ustedes y en q me pueden ayudar con mi fibro" read as
    the fallback as a whole, its first clause surely who the clinic is: the
    message takes that question, so it is answered (with the other clauses
    the answer action answers) instead of "I'm not sure I understood"."""
    if str((message.get(INTENT) or {}).get("name") or "") != "nlu_fallback":
        return
    first = clauses[0]
    if first["intent"].startswith("ask_") and first["confidence"] >= SURE_CLAUSE:
        message.set(INTENT, {"name": first["intent"], "confidence": first["confidence"]}, add_to_output=True)
        if first["entities"] and not message.get(ENTITIES):
            message.set(ENTITIES, first["entities"], add_to_output=True)


REQUEST_INTENTS = ("book_appointment", "request_human")


def _start_the_request_beside_questions(message: Message, clauses: List[Dict[Text, Any]]) -> None:
    """ "how common is fibromyalgia and how do i book" read as the question:
    a booking or a call-back one clause asks for, surely, makes the message
    that request; the start of the request answers the article questions
    beside it (``actions.request_form.ActionStartRequest``)."""
    if not str((message.get(INTENT) or {}).get("name") or "").startswith("ask_"):
        return
    request = next(
        (
            c
            for c in clauses
            if c["intent"] in REQUEST_INTENTS
            and c["confidence"] >= MIN_CLAUSE_CONFIDENCE
            and not asks_about_booking(c["text"] or "")  # "... and do i need an appointment for it?"
        ),
        None,
    )
    if request:
        message.set(
            INTENT, {"name": request["intent"], "confidence": request["confidence"]}, add_to_output=True
        )


def _result(clause: Message) -> Dict[Text, Any]:
    intent: Optional[Dict[Text, Any]] = clause.get(INTENT) or {}
    return {
        "text": clause.get(TEXT),
        "intent": (intent or {}).get("name"),
        "confidence": float((intent or {}).get("confidence") or 0.0),
        "entities": [
            {k: e.get(k) for k in ("entity", "value", "start", "end")} for e in clause.get(ENTITIES) or []
        ],
    }
