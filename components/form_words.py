"""Form words: the patient's own words decide over the classifier's guess.

After the intent classifiers and before the safety net (which still decides
last), with the patterns of ``content/form_words.yml`` and
``content/not_covered.yml``, for a message no safety pattern flags:

* a question about what the article does not cover ("cuanto cuesta la
  consulta?", "do u take medicaid") becomes ``out_of_scope``, told so
  plainly, instead of starting a booking;
* a dose or medication-change question ("how many mg of gabapentin should i
  take before the injection?", "puedo dejar la duloxetina") becomes
  ``ask_medical_advice``: declined kindly, never answered from the article;
* leaving words ("never mind", "forget it, I'll call the office") make it
  ``stop``: a patient who no longer wants the request is not kept in it
  because the model read "I'll ring the front desk tomorrow" as a request for
  a person;
* an aspect of a procedure asked about in so many words ("what are the
  risks with those trigger point injections"), read by the model as a
  question about the procedure itself with the aspect its next choice,
  becomes that aspect's question (answered for the procedure named);
* a booking or a call-back asked for in so many words, with details beside
  it ("book me in please, I'm Rosario Luna, 915-555-0148", "cn i bk w a dr 4
  rfa"), starts one even when the model read only the details.

The new intent has confidence 1.0; the original prediction is kept in the
ranking and under ``form_words``. No message text is logged.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

import phonenumbers
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.form_words import LEAVING_INTENT, FormWords
from clinic.not_covered import subject_of
from clinic.questions import asks_after_a_condition, asks_after_a_remark, asks_question, has_question_mark
from clinic.safety import SafetyPatterns
from components.clauses import split_questions
from components.safety_net import pattern_category

logger = logging.getLogger(__name__)

FORM_WORDS_KEY = "form_words"  # read by components.safety_net too (its _FORM_WORDS_KEY)
# a bot challenge the model is less sure of than this, in words that name no
# one who answers, gives way to the model's next choice
SURE_BOT_CHALLENGE = 0.8
# who a bot challenge asks about: the assistant, a person, a machine
_NAMES_SOMEONE_WHO_ANSWERS = re.compile(
    r"\b(you|u|ur|your|ya|bot|robot|human|person|people|real|machine|computer|ai|automated|chatbot|program|"
    r"someone|somebody|anyone|anybody|chatting|talking|texting|speaking|chatgpt|gpt|siri|alexa|eres|usted|persona|maquina|m[aá]quina|humano|alguien|robot)\b",
    re.IGNORECASE,
)
# what the model may make of a request with details in it
DETAILS_INTENTS = {"inform", "nlu_fallback", "greet", "affirm", "thanks", "out_of_scope"}
# what the model may make of a question about what the article does not cover
NOT_COVERED_FROM = {
    "book_appointment",
    "request_human",
    "inform",
    "greet",
    "affirm",
    "thanks",
    "nlu_fallback",
    "deny",
    "ask_medical_advice",
    "ask_about_clinic",
    "bot_challenge",
    # "is that covered by medicare part b?" / "are you open saturdays" once read as a goodbye
    "goodbye",
    # "is there a fee if i cancel my appointment last minute": a question, not leaving
    "stop",
    # "do u guys take medicare" read as taking a medication before a procedure
    "ask_prep_medication",
    # "b4 i confirm how much is the copay gonna be" read as a sure crisis: the
    # safety net still judges the classifier's guess after this step
    "crisis",
    "emergency",
}
# what the model may make of thanks that close a turn ("ok cool ty" read as
# out of scope, "ok I'll look it up myself, thanks" as a crisis the safety
# net then finds unsupported); never "inform": "tues at 3 thx" answers the form
THANKS_FROM = {"nlu_fallback", "out_of_scope", "crisis", "emergency"}
REQUEST_INTENTS = ("book_appointment", "request_human")
# a question about a procedure itself ("what is rfa"), not one of its aspects
PROCEDURE_INTENT = "ask_procedure"
# a request in words never overrides these
ADVICE_INTENT = "ask_medical_advice"
NEVER_OVERRIDDEN = {"emergency", "crisis", "stop", "goodbye", "request_human", "book_appointment", "deny"}


# "no thanks, i'll call later. bye", "nah im good, take care": a goodbye that
# ends the message makes it one, whatever the words before it
_ENDS_IN_GOODBYE = re.compile(
    r"(?:^|[.!,;]\s*|\s)(?:bye(?:[\s-]*bye)?(?: for now)?|goodbye|take care|ttyl|cya|"
    r"talk (?:to (?:you|u) )?(?:later|soon)|see (?:you|ya|u) later|adi[oó]s|nos vemos|hasta luego)[\s.!]*$|"
    # "Wei-Ling Chao" is a name: "chao" only after a stop or a comma
    r"(?:^|[.!,;]\s*)chao[\s.!]*$",
    re.IGNORECASE,
)
# what the model may make of a refusal that ends in a goodbye (not "affirm":
# "yes, bye" at the summary sends the request; not "inform" or the fallback:
# "tues at 3, thx bye" answers the form's question)
GOODBYE_FROM = {"deny", "stop"}
# a farewell wished and nothing else ("have a good one", "que le vaya bien"):
# a goodbye, whatever the model read in it (a greeting, out of scope)
_FAREWELL_ONLY = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|alright|all right|well|anyway|bueno|pues)[\s,!.]+)?"
    r"(?:(?:you|u|y'?all) )?have (?:a|an) (?:good|great|nice|wonderful|blessed|lovely) "
    r"(?:one|day|night|evening|afternoon|weekend)(?: now| then| too)?[\s.!]*$|"
    r"^\W*(?:(?:bueno|pues|ok)[\s,!.]+)?(?:que )?(?:le|te|les) vaya (?:muy )?bien[\s.!]*$|"
    r"^\W*(?:(?:bueno|pues|ok)[\s,!.]+)?que (?:tenga|tengas|tengan) (?:un )?(?:buen|bonito|lindo|excelente) "
    r"(?:d[ií]a|fin de semana|fin|tarde|noche)[\s.!]*$",
    re.IGNORECASE,
)
FAREWELL_FROM = {"greet", "out_of_scope", "nlu_fallback", "more_info"}


# the fallback's ambiguity between the advice intent and a question: the
# question's confidence within this of the advice intent's
ADVICE_TIE = 0.1
# ... and at least this likely itself: "my aunt says that thing is bad, is
# it" (advice 0.15, evidence 0.10) asks nothing the model can place
MIN_QUESTION = 0.3


def _another_aspect(predicted: Any, named: Optional[Text], words: FormWords) -> bool:
    """Whether ``predicted`` is the question of an aspect of a procedure
    (``aspects`` of content/form_words.yml) other than the one the words
    name (``named``; the words then name no word of the predicted one)."""
    aspects = words.aspect_patterns
    return (
        isinstance(predicted, str)
        and predicted.startswith("ask_")
        and predicted[len("ask_") :] in aspects
        and named is not None
        and predicted[len("ask_") :] != named
    )


def _has_phone(text: Text) -> bool:
    """Whether ``text`` holds a US phone number (phonenumbers' matcher)."""
    return any(True for _ in phonenumbers.PhoneNumberMatcher(text, "US"))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FormWordsClassifier(GraphComponent):
    """The form words step of the pipeline (see the module's docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self) -> None:
        self._words = FormWords.load()
        self._safety = SafetyPatterns.load()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FormWordsClassifier:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            predicted = (message.get(INTENT) or {}).get("name")
            if pattern_category(message, self._safety):
                continue  # the safety net decides ("mejor no despertar" is no leaving)
            said = self._words.read(text)
            wanted = said.says
            # "I'd like to schedule a first visit. My name is ..., phone ...,
            # and Tuesday mornings work best for me": a request with the
            # patient's details is no advice asked, whatever words it shares
            # with one ("best for me")
            details_given = wanted in REQUEST_INTENTS and _has_phone(text)
            if predicted not in NEVER_OVERRIDDEN and said.asks_advice and not details_given:
                # "how many mg of gabapentin should i take before the injection?",
                # "how many cbd gummies a day should i take": a dose is advice,
                # whatever the treatment
                self._set(message, ADVICE_INTENT, predicted, "advice")
            elif (
                predicted in NOT_COVERED_FROM
                and (subject := subject_of(text))
                and (asks_question(text) or asks_after_a_condition(text))
                and (
                    # "can i get a telehealth appointment": the visit asked for
                    # is itself what the article does not cover
                    subject.qualifies_request
                    or (
                        not (wanted and wanted == predicted)
                        # "alguien me puede marcar? no entiendo lo del seguro": the
                        # call asked for in a question of its own wins
                        and not (wanted and said.asks_at_the_end == wanted)
                    )
                )
            ):
                # "cuanto cuesta la consulta?": said plainly, not a booking started
                self._set(message, "out_of_scope", predicted, "not_covered")
            elif (
                (predicted in GOODBYE_FROM or said.leaving)
                and _ENDS_IN_GOODBYE.search(text)
                and not asks_question(text)
                and not _has_phone(text)
            ):
                # "no thanks, i'll call later. bye": a goodbye, which also
                # leaves a form (nothing sent), not "anything else?"
                self._set(message, "goodbye", predicted, "goodbye")
            elif predicted in FAREWELL_FROM and _FAREWELL_ONLY.match(text):
                # "have a good one", "que le vaya bien": a goodbye, not a greeting
                self._set(message, "goodbye", predicted, "goodbye")
            elif predicted in THANKS_FROM and said.thanks and not said.leaving and not said.request:
                # "ok gracias, ya me va a llevar mi hijo": thanks, not a question
                # the assistant cannot answer (the safety net judges a crisis or
                # emergency guess under it all the same)
                self._set(message, "thanks", predicted, "thanks")
            elif said.leaving and not (str(predicted).startswith("ask_") and asks_after_a_remark(text)):
                # "never mind. what does minimally invasive mean": the question
                # the model read stands (a form asks its question again after)
                # "actually never mind, i should ask my husband first", read as advice
                self._set(message, LEAVING_INTENT, predicted, "leaving")
            elif (
                predicted not in NEVER_OVERRIDDEN or (predicted == "request_human" and not said.request)
            ) and said.asks_if_bot:
                # "am i talking to a real person right now?" read as a call-back:
                # a question about who answers, no call asked for; or the model
                # was unsure of it
                self._set(message, "bot_challenge", predicted, "bot_challenge")
            elif (
                predicted == "bot_challenge"
                and (message.get(INTENT) or {}).get("confidence", 1.0) < SURE_BOT_CHALLENGE
                and not _NAMES_SOMEONE_WHO_ANSWERS.search(text)
            ):
                # "what exactly is it anyway": no one is asked about, so no
                # bot challenge; the model's next choice stands
                self._next_choice(message, predicted, "not_asked")
            elif (
                (predicted == PROCEDURE_INTENT or _another_aspect(predicted, said.aspect, self._words))
                and said.aspect
                and self._next_is(message, predicted, f"ask_{said.aspect}")
                and len(split_questions(text)) < 2
            ):
                # "what are the risks with those trigger point injections": the
                # procedure's name read as the question; "how do people get
                # ready for one of these procedures" read as the benefits: the
                # aspect the words ask about, the model's next choice too, is
                # the question ("what is rfa and does it hurt" asks two: each
                # clause is answered)
                self._set(message, f"ask_{said.aspect}", predicted, "aspect")
            elif predicted == "more_info" and said.asks_what_follows:
                # "y luego q sigue, ocupo mas?": what comes next, not "tell me more"
                self._set(message, "ask_followup", predicted, "followup")
            elif predicted == "request_human" and said.asks_another_way and not said.request:
                # "can you just email me instead": the front desk calls; no call-back asked for
                self._set(message, "inform", predicted, "other_channel")
            elif predicted == ADVICE_INTENT and (not said.advice_in_own_case or details_given):
                if wanted in REQUEST_INTENTS:
                    # "sorry wrong button lol. need appt 4 a nerve block": a request
                    self._set(message, wanted, predicted, "request")
                else:
                    # "tell me about nerve blocks for fibromyalgia", "cuales son los
                    # sintomas de la fibromialgia": nothing asked for the patient's
                    # own case, so no refusal; the model's next choice answers it
                    self._next_choice(message, predicted, "not_advice", at_least=MIN_QUESTION)
            elif (
                predicted == "nlu_fallback"
                and self._question_after_advice(message)
                and not said.advice_in_own_case
            ):
                # "what are the symptoms?" after a question about fibromyalgia:
                # the model hesitated between advice and the symptoms; nothing
                # is asked for the patient's own case, so the question stands
                self._next_choice(message, ADVICE_INTENT, "not_advice")
            elif predicted == "request_human" and wanted == "book_appointment" and not said.asks_for_a_call:
                # "can i come in and talk to somebody about the stimulator": a
                # visit, though "talk to somebody" asks for a person too
                # "want to schedule w/ someone about the spine stimulator": a
                # visit asked for, not a call (the booking form takes the number too)
                self._set(message, "book_appointment", predicted, "request")
            elif (
                predicted == "book_appointment" and wanted == "request_human" and not said.request_is_booking
            ):
                # "me pueden llamar x favor? tengo dudas de mi cita": a call
                # asked for, whatever the word for an appointment after it
                self._set(message, "request_human", predicted, "request")
            elif (
                predicted == "deny"
                and wanted == "request_human"
                and said.asks_for_a_call
                and not _has_phone(text)
            ):
                # "hmm nah, just have some1 call me, not sure about my days yet":
                # the no turns down the booking's question, the call is asked
                # for (a number beside it corrects the one given instead)
                self._set(message, "request_human", predicted, "request")
            elif predicted not in NEVER_OVERRIDDEN and (wanted := said.request):
                # "me pueden marcar? soy Dolores Ayala, 469 555 0120": a question
                # with a number in it asks for the call (the number is looked
                # for only once the words ask for one)
                if has_question_mark(text) and not _has_phone(text) and not said.asks_at_the_end:
                    continue  # "can i book online?"; but "... Can I get an appointment?" asks for one
                # "sick of typing to a robot. i want a real human being to call me":
                # a call-back asked for, whatever the complaint about the bot
                # "pueden llamarme? tengo dudas del estimulador": a call asked
                # for in a question of its own, whatever the question after it
                if (
                    predicted in DETAILS_INTENTS
                    or wanted == "book_appointment"
                    or predicted == "bot_challenge"
                    or (has_question_mark(text) and said.asks_at_the_end == "request_human")
                    # "representative", "live agent pls": a person asked for in
                    # a word or three is no question (once read as the evidence)
                    or (wanted == "request_human" and len(text.split()) <= 3)
                    # "necesito q me llamen de la clinica": a call asked for in
                    # so many words, no question beside it (the clinic named
                    # was read as a question about it)
                    or (wanted == "request_human" and said.asks_for_a_call and not asks_question(text))
                ):
                    # "cn i bk w a dr 4 rfa": a booking in so many words, not a question about RFA
                    self._set(message, wanted, predicted, "request")
        return messages

    @staticmethod
    def _next_is(message: Message, predicted: Any, intent: Text) -> bool:
        """Whether ``intent`` is the classifier's next choice after
        ``predicted`` (the fallback aside)."""
        ranking = [r.get("name") for r in (message.get(INTENT_RANKING_KEY) or [])]
        following = [name for name in ranking if name not in (predicted, "nlu_fallback")]
        return bool(following) and following[0] == intent

    @staticmethod
    def _question_after_advice(message: Message) -> bool:
        """Whether the classifier's first choice (the fallback aside) is the
        advice intent and its second a question about the article's subjects,
        nearly as likely (within ``ADVICE_TIE`` of the advice intent's
        confidence, and at least ``MIN_QUESTION``)."""
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != "nlu_fallback"]
        if len(ranking) < 2 or ranking[0].get("name") != ADVICE_INTENT:
            return False
        if not str(ranking[1].get("name") or "").startswith("ask_"):
            return False
        question = float(ranking[1].get("confidence") or 0.0)
        return (
            question >= MIN_QUESTION and float(ranking[0].get("confidence") or 0.0) - question <= ADVICE_TIE
        )

    @staticmethod
    def _next_choice(message: Message, predicted: Any, kind: Text, at_least: float = 0.0) -> None:
        """The classifier's next intent (not the fallback) in place of
        ``predicted``; the fallback instead when that intent's confidence is
        below ``at_least`` (a guess the model cannot back is not answered as a fact)."""
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != predicted]
        following = next((r for r in ranking if r.get("name") != "nlu_fallback"), None)
        if following is None:
            return
        if float(following.get("confidence") or 0.0) < at_least:
            following = {"name": "nlu_fallback", "confidence": float(following.get("confidence") or 0.0)}
        message.set(INTENT, dict(following), add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        message.set(FORM_WORDS_KEY, {kind: True, "overrode": predicted}, add_to_output=True)
        logger.info("Form words: intent %s gave way to %s.", predicted, following.get("name"))

    @staticmethod
    def _set(message: Message, intent: Text, predicted: Any, kind: Text) -> None:
        if predicted == intent:
            return
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != intent]
        message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 1.0}] + ranking, add_to_output=True)
        message.set(FORM_WORDS_KEY, {kind: True, "overrode": predicted}, add_to_output=True)
        logger.info("Form words (%s): intent %s became %s.", kind, predicted, intent)
