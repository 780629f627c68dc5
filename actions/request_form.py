"""The request form: a booking or a call-back, collected for the front desk.

Asks, in order: full name, phone number, preferred day/time (bookings only),
then a summary to confirm. Every turn of the form comes through
``validate_request_form``, which decides what the patient's message is:

* an answer to the question asked: extracted, then validated (a clear error
  and the same question again when it is not valid);
* a correction of an earlier answer ("actually my number is ..."), taken at
  any step;
* an interruption (a question, an emergency, "cancel"): nothing is extracted,
  so Rasa rejects the form and the rules in data/rules.yml answer it, then
  return to the form (or leave it, for cancels);
* "hang on", "let me check my calendar" (``waiting`` of
  ``content/form_words.yml``): the form says it will wait and keeps its
  question, without asking it again.

After a 911 / 988 answer, or while the patient looks something up, the form
is paused (``request_paused``): its next question is not asked that turn, and
the patient's next message is read as the answer to the question asked.
Details given together ("book me in, I'm Ann Lee, 512 555 0134, friday
morning") are all taken, whatever the question.
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar
from datetime import datetime
from functools import wraps
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Text, Tuple, TypeVar

import phonenumbers
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from actions.answers import ActionAnswerTopic, acknowledge, article_questions_beside
from actions.booking_inputs import (
    FLEXIBLE,
    NOT_NAMES,
    PHONE_NOUNS,
    PreferredTime,
    PreferredTimeError,
    clean_name,
    common_words_in_name,
    corrected_name,
    display_phone,
    introduced_name,
    is_clear_yes,
    is_vague_preference,
    name_in,
    parse_phone,
    respelled,
    typed_as_a_name,
)
from actions.booking_inputs_es import clean_name_es, is_clear_yes_es, is_no_es, parse_preferred_time_in
from actions.not_covered import say_not_covered, subject_of, subjects_beside
from actions.resolution import discussed_procedure
from actions.wording import language_of, say
from clinic.content import get_content, procedure_names
from clinic.form_words import form_words
from clinic.language import fold
from clinic.normalise import nfkc
from clinic.questions import asks_instead_of_answering, has_question_mark
from clinic.spelling import known_word

FORM = "request_form"
FORM_SLOTS = ("full_name", "phone", "preferred_time", "preferred_time_text", "request_confirmed")
PAUSED = "request_paused"

# Intents that interrupt the form when the model is confident of them.
QUESTION_PREFIX = "ask_"
INTERRUPTING = {
    "inform_procedure",
    "more_info",
    "bot_challenge",
    "out_of_scope",
    "book_appointment",
    "request_human",
    "goodbye",
    "stop",
}
# the safety net makes these certain whenever a message looks like one
ALWAYS_INTERRUPTING = {"emergency", "crisis"}
# the request each intent asks for (the form's request_kind): the form
# starts as, or goes on as, that kind; mid-form on a weaker guess when the
# patient's words say so too
REQUEST_KINDS = {"book_appointment": "booking", "request_human": "callback"}
INTERRUPT_CONFIDENCE = 0.75
# a message shaped as a question interrupts on a weaker guess: "wait, before
# that, does the injection hurt?" is no name, whatever the model's confidence
QUESTION_CONFIDENCE = 0.4
# Leaving the form takes the patient's own words for it, not only the
# classifier's guess: "Harper Quinlan" once read as `stop` at 0.77.
LEAVING_WORDS = {
    "stop": re.compile(
        r"\b(cancel|never ?mind|nvm|stop|quit|forget (it|about it|this|that)|changed my mind|"
        r"don'?t want|do not want|no thanks|not now|exit|end this|abort)\b",
        re.IGNORECASE,
    ),
    "goodbye": re.compile(
        r"\b(bye|goodbye|later|cya|see (you|ya)|gotta (go|run)|talk soon|ttyl|good ?night)\b", re.IGNORECASE
    ),
}


def latest_intent(tracker: Tracker) -> tuple:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


# what ``validate_request_form`` made of the message it validates, worked out
# once per run: its extract_* methods each ask (see ``_once_per_run``)
_this_run: ContextVar[Optional[Dict[Text, Any]]] = ContextVar("request_form_run", default=None)
# the form's slots as they were before the message the run validates (Rasa
# SDK hands the validate_* methods a tracker with the new values set)
_slots_before: ContextVar[Optional[Dict[Text, Any]]] = ContextVar("request_form_slots", default=None)


Answer = TypeVar("Answer")


def _once_per_run(question: Callable[[Tracker], Answer]) -> Callable[[Tracker], Answer]:
    """``question`` of the latest message, asked once per run of the form's
    validation (each extract_* method asks again) and at every call outside one."""

    @wraps(question)
    def asked(tracker: Tracker) -> Answer:
        answers = _this_run.get()
        if answers is None:
            return question(tracker)
        if question.__name__ not in answers:
            answers[question.__name__] = question(tracker)
        return answers[question.__name__]

    return asked


@_once_per_run
def is_leaving(tracker: Tracker) -> bool:
    """The patient's own words say they no longer want the request."""
    name, _ = latest_intent(tracker)
    return name == "stop" and (
        bool((tracker.latest_message.get("form_words") or {}).get("leaving"))
        or form_words().leaving(text_of(tracker))
    )


# the patient's own name named: "my full legal name", "put it under my name"
_OWN_NAME = re.compile(r"\b(my|her|his)( \w+){0,2} name\b", re.IGNORECASE)


def name_after_a_remark(text: Text) -> Optional[Text]:
    """At the name question, a name typed as the message's last sentence
    after a remark ("oh you want my NAME. Cornelius Abernathy"); None when
    the last sentence is no name typed as one (``typed_as_a_name``)."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", (text or "").strip()) if s.strip()]
    if len(sentences) < 2:
        return None
    last = sentences[-1].strip().rstrip(".!")
    # the whole sentence is the name: not "Just Looking" cut to "Looking"
    return last if typed_as_a_name(last) and clean_name(last) == last else None


@_once_per_run
def is_interruption(tracker: Tracker) -> bool:
    name, confidence = latest_intent(tracker)
    if name in ALWAYS_INTERRUPTING or is_leaving(tracker):
        return True
    text = text_of(tracker)
    if name in LEAVING_WORDS and not LEAVING_WORDS[name].search(text):
        return False
    question = asks_instead_of_answering(text)
    correction = form_words().name_correction(text)
    if correction and _OWN_NAME.search(text) and name_in(correction) and not asks_for_a_request(tracker):
        # "can you put it under my full legal name, Katherine Anne Moreau?":
        # a correction of one's own name asked as a question, the name in
        # capitals (not "what is the name of the procedure, Spinal Cord
        # Stimulation?", nor "can someone call me instead? my name is Ann Lee")
        return False
    if question and _OFFERS_A_TIME.match(text) and not subject_of(text) and _changes_the_time(tracker):
        return False  # "can we do thursday instead, same time of day": a new time asked for
    if question and (name == "nlu_fallback" or subject_of(text)):
        return True  # "wait is there parking at your office?": answered, then the form goes on
    if not question and _changes_the_time(tracker):
        return False  # "fri instead same time", read as a question about a procedure
    if not question and correction:
        return False  # "actually put the name as Kate Brennan-Walsh", read as one too
    if asks_for_a_request(tracker):
        return True
    if name and (name.startswith(QUESTION_PREFIX) or name in INTERRUPTING):
        threshold = QUESTION_CONFIDENCE if question else INTERRUPT_CONFIDENCE
        return confidence >= threshold
    return False


@_once_per_run
def asks_for_a_request(tracker: Tracker) -> Optional[Text]:
    """``"booking"`` or ``"callback"`` when the model reads the message as
    asking for one, if only on a weak guess, and the patient's words ask for
    it too ("actually nah just have some1 call me, idk my schedule yet", read
    at 0.65); None otherwise."""
    name, confidence = latest_intent(tracker)
    if name not in REQUEST_KINDS or confidence < QUESTION_CONFIDENCE:
        return None
    if form_words().says(text_of(tracker)) != name:
        return None
    return REQUEST_KINDS[name]


def _asks_for_the_other_request(tracker: Tracker) -> bool:
    """A call-back asked for in a booking, or a booking in a call-back."""
    wanted = asks_for_a_request(tracker)
    return wanted is not None and wanted != (tracker.get_slot("request_kind") or "booking")


@_once_per_run
def _changes_the_time(tracker: Tracker) -> bool:
    """At the time question or the summary, a new day said in so many words
    ("fri instead same time", "make it thursday", "la hora. mejor el martes
    a las 11am"): a day word, a word of change (or what changes, first) and
    a time the form can read. Read once per run, on the slots
    before it (extract_preferred_time may set the time to the words typed)."""
    text = text_of(tracker)
    if tracker.get_slot(REQUESTED_SLOT) not in ("preferred_time", "request_confirmed"):
        return False
    if not ((_CHANGE_WORDS.search(text) or _WHAT_CHANGES.match(text)) and form_words().fixes_the_day(text)):
        return False
    before = tracker.get_slot("preferred_time")
    if before != FLEXIBLE and _time_shown(tracker) is None:
        before = None  # none yet, or the words of this very message, set earlier in the run
    when = time_correction(text, before, language_of(tracker))
    return when is not None and readable_time(when, language_of(tracker))


def readable_time(text: Text, language: Text = "en", now: Optional[datetime] = None) -> bool:
    """Whether the form can read ``text`` as a day or time (one in the past
    or too far ahead is readable: the form says why it cannot take it);
    ``now`` as in ``parse_preferred_time_in``."""
    try:
        parse_preferred_time_in(text, language, now)
    except PreferredTimeError as error:
        return error.reason != "unparseable"
    return True


# a short statement of when the patient is free: at most this many words
_AVAILABILITY_WORDS = 14
# a vague preference given with other details, without words of availability: at most this many words
_VAGUE_WORDS = 10


def _read_only_in_passing(part: Text, language: Text, now: Optional[datetime] = None) -> bool:
    """Whether ``part`` reads as a time only through a day said in passing
    ("sorry, brain fog today": "brain fog" is what it says); not "today",
    "today at 3pm" or "today works"."""
    words = form_words()
    if (
        not words.fixes_the_day(part)
        or words.fixes_the_day(part, in_passing=False)
        or words.says_when_free(part)
    ):
        return False
    rest = words.without_passing_days(part)
    if len(rest.split()) < 2 or re.search(r"\d", rest):  # "today at 3pm": a clock time said with it
        return False
    return not readable_time(rest, language, now) and not is_vague_preference(rest)


_WHICH_VISIT = re.compile(
    r"\b(1st|first|2nd|second|3rd|third|4th|fourth|primera|segunda)\s+"
    r"(visit|appointment|appt|consult|consultation|session|shot|injection|time|cita|consulta|vez)\b",
    re.IGNORECASE,
)


def time_in(text: Text, language: Text = "en", now: Optional[datetime] = None) -> Optional[Text]:
    """The part of a message with several details ("Ann Lee, 512 555 0134,
    next monday afternoon", "... my number is 337 555 0189 and im free most
    mornings") that is a day or time the form can read at ``now`` (default:
    the clinic's current minute; a time already gone by is no time), or a
    short statement of when the patient is free."""
    rest = without_phone_numbers(text)
    given = name_in(rest)
    if given:  # "this is Pam Rudd ... want appt thursday morning": the rest may hold the time
        rest = re.sub(re.escape(given), " ", rest, count=1, flags=re.IGNORECASE)
    parts = [
        part
        for part in re.split(r"\s*(?:[,;/]|(?<=[.!?])\s|\s-\s|\band\b|\by\b)\s*", rest)
        if len(part) >= 3
        and not name_in(part)
        and re.search(r"[a-z0-9]", part, re.I)
        # "im in san diego til thurs", "me pusieron una inyeccion el martes": no preferred time
        and not form_words().names_another_day(part)
    ]
    readable = []
    for part in parts:
        # "a 1st visit", "my second appointment": which visit, not the 1st of a month
        read = _WHICH_VISIT.sub(" ", part)
        try:
            parse_preferred_time_in(read, language, now)
        except PreferredTimeError:
            continue
        if not _read_only_in_passing(read, language, now):
            readable.append(part)
    available = [
        part
        for part in parts
        if len(part.split()) <= _AVAILABILITY_WORDS
        and form_words().says_when_free(part)
        and is_vague_preference(part)
    ]
    # "my hands are really bad today ... im free any afternoon next week": a
    # day or time said as one (when the patient is free, or a few words)
    # before one said in passing in a longer sentence
    free = [part for part in readable if form_words().says_when_free(part)]
    short = [part for part in readable if len(part.split()) <= _PASSING_WORDS]
    # "... could i get in sometime thursday after lunch?? ... it has to b
    # after 1": a part that names the day before one that names none
    for found in (free, short, available, readable):
        # ("my hands are bad today": "today" is said in passing)
        dated = [part for part in found if form_words().fixes_the_day(part, in_passing=False)]
        if dated:
            return dated[0]
    # "mi cel 361 555 0151, en las tardes despues de las 2 cualquier dia": a
    # short preference said with the other details, without "free" words
    # (with a number given: "my back hurts in the morning, can i book" says no time)
    vague = [
        part
        for part in parts
        if parse_phone(text) and len(part.split()) <= _VAGUE_WORDS and is_vague_preference(part)
    ]
    for found in (free, short, available, readable, vague):
        if found:
            return found[0]
    return None


# a part of a message longer than this that names a day says it in passing
# ("my hands are really bad today my name is ..."), unless it says it is free then
_PASSING_WORDS = 6


def _another_value_alone(tracker: Tracker, text: Text, rest: Text) -> bool:
    """Whether ``text``, typed at the name question, gives the phone number
    or the preferred time and nothing that reads as a name (``rest``:
    ``text`` without its phone numbers)."""
    language = language_of(tracker)
    if ((clean_name_es(rest) if language == "es" else None) or clean_name(rest)) is not None:
        return False
    if parse_phone(text):
        return True
    asks_a_time = (
        tracker.get_slot("request_kind") != "callback" and tracker.get_slot("preferred_time") is None
    )
    return asks_a_time and time_in(text, language) is not None


def gives_a_value(text: Text) -> bool:
    """Whether ``text`` carries a phone number or a correction of the name
    or the time ("wait, my new number is 504-555-0191", "wait put my married
    name, Jenna Walsh-Moreno"): an answer, even when it starts with "wait"."""
    words = form_words()
    return bool(parse_phone(text) or words.name_correction(text) or words.time_correction(text))


def answers_the_name(tracker: Tracker, text: Text) -> bool:
    """At the name question, a name introduced beside words of waiting ("ok
    ill ask when they call. its Harriet Lindqvist"): an answer. A name only
    mentioned ("let me ask my wife Ann Lee") is not the patient's."""
    return tracker.get_slot(REQUESTED_SLOT) == "full_name" and introduced_name(text) is not None


def answers_the_time(tracker: Tracker, text: Text) -> bool:
    """At the time question, a day or time the form can read beside words of
    waiting ("Okay, I'll ask the doctor. Tuesday at 1pm then."): an answer."""
    if tracker.get_slot(REQUESTED_SLOT) != "preferred_time" or not is_vague_preference(text):
        return False  # a day's or a time's words: "one sec" reads as a time too
    if readable_time(text, language_of(tracker)):
        return True
    # "ok ill ask the dr then. any weekday after 2": a vague preference said
    # in a sentence of its own, after the words of waiting
    last = re.split(r"(?<=[.!;])\s+", text.strip())[-1]
    return last != text.strip() and is_vague_preference(last) and not form_words().waiting(last)


# what a short message at the name question asks for when it is no name
# ("real person", "book appointment"), however it is written
_NOT_A_NAME_INTENTS = {"book_appointment", "request_human", "bot_challenge", "more_info", "inform_procedure"}


def plausible_name(tracker: Tracker, text: Text) -> bool:
    """Whether ``text``, typed at the name question, is a name however the
    model reads it: two to four words that ``clean_name`` takes, none of them
    a common word (``NOT_NAMES``), no question mark, no procedure, no clinic
    subject, and no sure question or request ("sleep problems" read as the
    symptoms question stays a question)."""
    words = text.split()
    if not 2 <= len(words) <= 4 or "?" in text or tracker.latest_message.get("entities"):
        return False
    intent, confidence = latest_intent(tracker)
    if intent in _NOT_A_NAME_INTENTS or (intent or "").startswith(QUESTION_PREFIX):
        if confidence >= QUESTION_CONFIDENCE:
            return False
    if common_words_in_name(words):
        return False
    return clean_name(text) is not None and not subject_of(text)


# a time offered as a question at the time question ("can u do after 4 on
# weekdays?", "could you fit me in tuesday morning?", "do you have anything friday?")
_OFFERS_A_TIME = re.compile(
    r"^\W*(can|could|would|will|do|does)\s+(u|you|ya|yall|you guys|we|the (doctor|dr|office|clinic))\s+"
    r"(do|have|fit|see|take|get|squeeze|make it|book)\b",
    re.IGNORECASE,
)
# words that open a question, never a day ("do" is domingo to dateparser)
_QUESTION_OPENERS = {
    "do",
    "does",
    "did",
    "can",
    "could",
    "is",
    "are",
    "will",
    "would",
    "should",
    "how",
    "what",
}


def starts_with_a_day(text: Text, language: Text = "en") -> bool:
    """Whether ``text`` opens with a day or a part of one ("Saturday?? or if
    you're closed weekends then monday late morning"): at the time question,
    an answer with a doubt in it, not a question instead of one."""
    words = [w for w in re.split(r"[\s,.!?]+", text.strip()) if w][:3]
    if words and words[0].lower() in _QUESTION_OPENERS:
        # "is friday ok?", "what about tuesday?": the day after the question
        # word; "do i need to stop my eliquis first?" names none (dateparser
        # reads "do" alone as a Sunday)
        words = words[1:]
        if words and is_vague_preference(words[0]):
            return True  # "do mornings work?"
    # "Saturday", "next monday", "on the 14th": the first one to three words
    return any(
        form_words().names_a_day(" ".join(words[:n])) or readable_time(" ".join(words[:n]), language)
        for n in range(1, len(words) + 1)
    )


@_once_per_run
def name_part_correction(tracker: Tracker) -> Optional[Text]:
    """The full name after a correction of a part of it ("the last name is
    Quist-Hansen", "put Jonathan not Jon"; ``corrected_name``), or None.
    Worked out once per run, on the name before the run: extract_full_name
    changes it, and extract_request_confirmed asks again whether the
    message corrected it. A message that may be a question ("what's the
    last name for?") names no part (words for words still count)."""
    return corrected_name(
        tracker.get_slot("full_name"), text_of(tracker), by_part=not is_interruption(tracker)
    )


@_once_per_run
def new_time_at_summary(tracker: Tracker) -> Optional[Text]:
    """At a booking's summary, a day and time said on their own ("Next Monday
    at 11am Eastern, I'm still on Florida time"): the new preferred time,
    as said; None for anything else (a yes, a question, a call-back). Asked
    by two extract_* methods, read once per run (``_once_per_run``)."""
    text = text_of(tracker)
    language = language_of(tracker)
    if (
        tracker.get_slot(REQUESTED_SLOT) != "request_confirmed"
        or tracker.get_slot("request_kind") == "callback"
        or confirms(tracker)
        or asks_instead_of_answering(text)
    ):
        return None
    # "anytime after 4:30 on a weekday": a new preference with a day or an
    # hour in it, noted as said (not "whenever", nor "yes but mornings")
    vague = is_vague_preference(text) and bool(re.search(r"\d", text) or form_words().names_a_day(text))
    if starts_with_a_day(text, language):
        return text if readable_time(text, language) or vague else None
    if vague:
        return text
    # "oh wait im in LA that week so mon 10am pacific": the day after a
    # reason, in a short message that asks nothing
    words = list(re.finditer(r"\S+", text))
    if "?" in text or len(words) > _LATER_DAY_WORDS or parse_phone(text):
        return None  # "el telefono esta mal, es 214 555 0138": a number, not a day
    for said in _later_days(text):
        if readable_time(said, language):
            return said
    return None


# the words before a day said in passing: "see you monday", "till friday then"
_PASSING_BEFORE = frozenset(["you", "til", "till", "until", "by", "since", "u", "ya"])
_DAY_OPENERS = frozenset(["next", "this", "on", "the", "coming", "el", "este", "proximo", "próximo"])


def _later_days(text: Text) -> List[Text]:
    """The ends of ``text`` that start, after its first word, with a word
    that fixes a day ("Next Wednesday, late morning ..." in "Alright. Next
    Wednesday, late morning if possible"); not after "see you" or "till"
    (said in passing). Dateparser alone reads "an h" (of "with an h") as
    today: a day word must open the end."""
    words = list(re.finditer(r"\S+", text))
    found = []
    for before, word in zip(words, words[1:], strict=False):
        said = text[word.start() :]
        first = said.split()
        opener = first[0].lower().strip(",.;:!")
        if before.group(0).lower().strip(",.;:!") in _PASSING_BEFORE:
            continue
        if form_words().fixes_the_day(first[0]) or (
            opener in _DAY_OPENERS and len(first) > 1 and form_words().fixes_the_day(" ".join(first[:2]))
        ):
            found.append(said)
    return found


# a message at the summary longer than this that names a day after other
# words is read as something else than a new time
_LATER_DAY_WORDS = 16


@_once_per_run
def confirms(tracker: Tracker) -> bool:
    """At the summary, a clear yes in the patient's language, first or in the
    last sentence after words of waiting ("ok ill ask the dr. yes book it"),
    that names no other day than the one shown (``_names_another_day``).
    Read once per run, on the slots before it (extract_preferred_time may
    change the time the yes is compared with)."""
    text = text_of(tracker)
    return (
        tracker.get_slot(REQUESTED_SLOT) == "request_confirmed"
        and (
            is_clear_yes(text)
            or (language_of(tracker) == "es" and is_clear_yes_es(text))
            or says_yes_last(text, language_of(tracker))
        )
        and not _names_another_day(tracker)
    )


def _names_another_day(tracker: Tracker) -> bool:
    """Whether a message at a booking's summary names a day other than the
    preferred one after its first words ("Alright. Next Wednesday, late
    morning if possible" is a new time, not a yes; "yes, tuesday at 3 is
    perfect" repeats the one shown)."""
    text = text_of(tracker)
    before = tracker.get_slot("preferred_time")
    if tracker.get_slot("request_kind") == "callback" or not before or before == FLEXIBLE:
        return False
    shown = _time_shown(tracker)
    if shown is None:
        return True  # changed by this very message ("yes, make it friday instead")
    for said in _later_days(text)[:1]:
        try:
            when = parse_preferred_time_in(said, language_of(tracker))
        except PreferredTimeError:
            return False
        return when.when.date() != shown.date()
    return False


def _time_shown(tracker: Tracker) -> Optional[datetime]:
    """The day and time the form holds (``preferred_time``, ISO); None when
    it holds none, a vague preference, or the words of the latest message
    (an extract_* method sets them before validation reads them)."""
    try:
        return datetime.fromisoformat(tracker.get_slot("preferred_time") or "")
    except ValueError:
        return None


# the last sentence's own yes word: "ok" alone after waiting words stays waiting
_YES_WORD = re.compile(r"^\W*(yes|yeah|yep|yup|yea|sure|si|sí|claro|dale)\b", re.IGNORECASE)


def says_yes_last(text: Text, language: Text = "en") -> bool:
    """Whether the last of several sentences answers the summary's question
    with a clear yes word and no words of waiting ("ok ill ask the dr. yes
    book it", "hang on. yes send it"); not "let me ask my husband. ok"."""
    # cut at . ! ; only, not at "?" as clinic.safety.sentences does: a
    # question before the yes ("does it hurt? yes book it") keeps this
    # function from reading the message as a yes
    sentences = [s for s in re.split(r"(?<=[.!;])\s+", text.strip()) if s.strip()]
    if len(sentences) < 2:
        return False
    last = sentences[-1]
    return (
        bool(_YES_WORD.match(last))
        and not form_words().waiting(last)
        and (is_clear_yes(last) or (language == "es" and is_clear_yes_es(last)))
    )


def text_of(tracker: Tracker) -> Text:
    """The latest message in NFKC form, so "ｃａｎｃｅｌ" is a leaving word."""
    return nfkc(tracker.latest_message.get("text")).strip()


def without_phone_numbers(text: Text) -> Text:
    for match in phonenumbers.PhoneNumberMatcher(text, "US"):
        text = text.replace(match.raw_string, " ")
    return re.sub(r"\s+", " ", text).strip(" ,;")


# words before a phone number that are no part of a name ("my cell is", "text me at");
# its nouns, with "cellphone" and "landline", are PHONE_NOUNS
_PHONE_WORDS = PHONE_NOUNS | {
    "cel",
    "num",
    "tel",
    "text",
    "call",
    "reach",
    "at",
    "numero",
    "número",
    "whatsapp",
    "is",
    "es",
    "mi",
    "my",
    "#",
}


# "for my mom rosa lopez 512 ...": who the name belongs to, not part of it
_RELATIVES = {
    "mom",
    "mother",
    "mum",
    "dad",
    "father",
    "husband",
    "wife",
    "son",
    "daughter",
    "sister",
    "brother",
    "grandma",
    "grandpa",
    "aunt",
    "uncle",
    "friend",
    "mama",
    "mamá",
    "papa",
    "papá",
    "esposo",
    "esposa",
    "hijo",
    "hija",
    "hermana",
    "hermano",
    "abuela",
    "abuelo",
    "tia",
    "tía",
    "tio",
    "tío",
    "patient",
    "paciente",
}


def name_before_phone(text: Text) -> Optional[Text]:
    """A name typed in lowercase right before the phone number, when details
    are given together ("ok book me pls. tanya greer 940 555 0187 thurs
    10am"): the two to four words just before the number, back to a
    punctuation mark or a word that is no name (``NOT_NAMES``, a day, "my
    cell is"). None when there is none."""
    match = next(iter(phonenumbers.PhoneNumberMatcher(text, "US")), None)
    if match is None:
        return None
    segments = re.split(r"[.,;:!?()\n]|\s-\s", text[: match.start])
    before = segments.pop().split()
    while before and before[-1].lower() in _PHONE_WORDS | _NUMBER_LEADS:
        before.pop()  # "jane doe cell 512 ...": the name before "cell"
    if not before and segments:
        # "im kelvin abara, 281 555 0103", "lucas ferreira-nunes. 512-555-0109",
        # "name marlon tsosie, # is 505 ...": the name ends the part before
        name = _name_ending(segments.pop().split())
        return None if name is None or _names_no_one(name.split()) else name
    # "book me in for rfa treatment 512 ...": the words just before the
    # number name a procedure, not a patient; a common name ("john smith
    # 512 ...") is still taken here, as it always was
    name = _name_ending(before)
    return None if name is None or _names_a_thing(name.split()) else name


def _names_no_one(words: List[Text]) -> bool:
    """Whether ``words`` are no one's name: a thing (``_names_a_thing``),
    words of English or Spanish all ("severe headaches daily"; "john smith"
    too, then asked for) or a phrase with a function word in it ("la
    ciclobenzaprina"; "maria de la cruz" too, then asked for)."""
    lowered = [fold(w.lower()) for w in words]
    return (
        _names_a_thing(words)
        or all(known_word(w) for w in lowered)
        # "la ciclobenzaprina", "explicamelo en español porfa": a phrase
        or any(w in _FUNCTION_WORDS for w in lowered)
    )


def _names_a_thing(words: List[Text]) -> bool:
    """Whether one of ``words`` is a word of a procedure's name ("rfa
    treatment", "nerve block asap"), a preference ("asap") or fibromyalgia's."""
    lowered = [fold(w.lower()) for w in words]
    # "quisiera una cita, tengo fibromialgia": the condition, no one's name
    return any(w in _procedure_words() or is_vague_preference(w) or w.startswith("fibro") for w in lowered)


# words that make a part of its own a phrase, not a name ("lo de la
# recuperacion"); no procedure's word either ("quemar el nervio" makes no
# word of "maria de la cruz 512 ..." a procedure's); single letters ("r f a")
# likewise. Not "bill", "fire", "mill": names.
_FUNCTION_WORDS = frozenset(ENGLISH_STOP_WORDS - {"bill", "fire", "mill"}) | frozenset(
    "el la los las de del en con por para un una al y mi me se lo le".split()
)


def _procedure_words() -> FrozenSet[Text]:
    """Every word of every procedure's name and synonym
    (content/procedure_names.yml), lowercase: "nerve", "block", "rfa"."""
    names = procedure_names()
    return _words_of_names(tuple(names), tuple(n for synonyms in names.values() for n in synonyms))


@functools.lru_cache(maxsize=4)
def _words_of_names(keys: Tuple[Text, ...], names: Tuple[Text, ...]) -> FrozenSet[Text]:
    """The words of ``names`` but function words and single letters, and the
    ``keys``; built once per set of names (a staff edit gives a new one), as
    ``components.safety_net._procedure_pattern`` is."""
    words = {w for n in names for w in n.lower().split() if len(w) > 1 and w not in _FUNCTION_WORDS}
    return frozenset(words | set(keys))


# what leads to the number itself: "name tomas riel, # is 210 ..."
_NUMBER_LEADS = frozenset({"#", "is", "es"})


def name_alone_in(text: Text) -> Optional[Text]:
    """A name typed in lowercase as a part of its own after the request
    ("book me pls. harriet lindgren"): a part after the first, between
    punctuation marks, of two to four words that ``_name_ending`` takes
    whole, not all of them words of English or Spanish ("book me in. severe
    headaches daily" names no one; "john smith" is then asked for), and no
    clinic subject. None when there is none."""
    for part in re.split(r"[.,;:!?()\n]|\s-\s", text)[1:]:
        words = part.split()
        if 2 <= len(words) <= 4 and not subject_of(part) and not _names_no_one(words):
            name = _name_ending(words)
            if name and len(name.split()) == len(words):
                return name
    return None


def _name_ending(before: List[Text]) -> Optional[Text]:
    """The two to four words that end ``before`` back to a word that is no
    name (``NOT_NAMES``, a phone word, a relative, a day or a time), as a
    name (``clean_name``); None when there are not two to four."""
    words: List[Text] = []
    for word in reversed(before):
        lowered = word.lower()
        if (
            lowered in NOT_NAMES
            or lowered in _PHONE_WORDS
            or lowered in _RELATIVES
            or not re.fullmatch(r"[^\W\d_][\w'-]*", word)
        ):
            break
        if form_words().names_a_day(word) or readable_time(word):
            break
        words.insert(0, word)
    if not 2 <= len(words) <= 4:
        return None
    return clean_name(" ".join(words))


# a reply at the summary that is neither yes nor no nor anything else
_UNCLEAR = re.compile(
    r"^\W*(h+m+|u+m+|u+h+|e+r+m*|m+|eh+|ah+|ok|okay|k|idk|dunno|i dunno|not sure|maybe|mmm+|ehh*|este|pues|a ver)\W*$",
    re.IGNORECASE,
)
_CHANGE_WORDS = re.compile(
    r"\b(instead|rather|make it|change|switch|move|how about|what about"
    r"|mejor|en vez|en lugar|cambi\w*|m[aá]s bien|prefiero)\b",
    re.I,
)
_SAME_TIME = re.compile(
    r",?\s*\b((at )?the same time( of (the )?day)?|same time( of (the )?day)?|same hour)\b", re.I
)
# "friday at 1pm and my number should be ...": another correction after the time
_ANOTHER_CORRECTION = re.compile(
    r"\s*[,;]?\s*\b(and|also|plus|y|tambien)\s+(my|mi|the|el|su)\s+(phone|number|cell|name|phone number|cel|celular|numero|telefono|nombre)\b.*$",
    re.I,
)
_SAME_DAY = re.compile(
    r",?\s*\b((on )?(the )?same day|(on )?that (same )?day|el mismo d[ií]a|ese (mismo )?d[ií]a)\b", re.I
)
# "the time. make it 2pm": what the patient says is changing, before the change
_WHAT_CHANGES = re.compile(
    r"^\W*(?:(?:the|my|la|el) )?(?:time|day|date|hour|appointment time|hora|d[ií]a|fecha)\s*[.:;,!-]+\s*",
    re.I,
)
_MONTHS_ES = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
).split()


def time_correction(text: Text, before: Optional[Text] = None, language: Text = "en") -> Optional[Text]:
    """The new day/time of a correction ("make it friday", "can we do
    thursday instead, same time"), or None. "Same time" keeps the time of
    day of ``before`` (the preferred time so far, ISO); a new time of day
    that names no day ("make it 2pm instead, same day") keeps its day."""
    when = form_words().time_correction(_WHAT_CHANGES.sub("", _SAME_DAY.sub("", text)))
    if when is None:
        return None
    when = _ANOTHER_CORRECTION.sub("", when)
    when = _keeping_the_day(_time_corrected(text, when, before), before, language)
    return when.strip(" ,") or None


def _keeping_the_day(when: Text, before: Optional[Text], language: Text) -> Text:
    """``when`` on the day of ``before`` when it names a time of day but no
    day ("2pm" -> "2pm on December 4, 2026"); as it is otherwise."""
    if not before or before == FLEXIBLE or form_words().fixes_the_day(when):
        return when
    day = datetime.fromisoformat(before)
    if language == "es":
        clock = (
            when
            if re.match(r"(?i)(a |por |en )", when)
            else f"a {when}"
            if re.match(r"(?i)las? ", when)
            else when
        )
        dated = f"el {day.day} de {_MONTHS_ES[day.month - 1]} de {day.year} {clock}"
    else:
        dated = f"{when} on {day.strftime('%B')} {day.day}, {day.year}"
    try:
        parse_preferred_time_in(dated, language)
    except PreferredTimeError:
        return when  # "despues de las 4": a preference, kept as said
    return dated


_TURNED_DOWN = re.compile(
    r"\b(too (early|late|soon)|(doesnt|does not|dont|wont|will not) work|cant (do|make)|no good|is bad|"
    r"muy (temprano|tarde)|no (me )?(sirve|puedo|queda))\b",
    re.IGNORECASE,
)


def _time_corrected(text: Text, when: Text, before: Optional[Text]) -> Text:
    # "make it thursday morning, tuesdays i have my grandkids": the part that reads
    # "shoot i have a dentist thing monday. can we do tuesday instead": the sentence that reads
    parts = [p.strip() for p in re.split(r"[,;]|(?<=[.!?])\s+", when) if p.strip()]
    # "can we do wednesday afternoon instead, 8 is too early": the time turned
    # down is no part of the new one
    kept = [p for p in parts if not _TURNED_DOWN.search(p)]
    if kept and len(kept) < len(parts):
        parts, when = kept, ", ".join(kept)
    if len(parts) > 1 and not readable_time(when):
        readable = [p for p in parts if readable_time(p) and not _SAME_TIME.fullmatch(p)]
        # the part that says it is the change, else the first that reads
        when = next((p for p in readable if _CHANGE_WORDS.search(p)), readable[0] if readable else when)
    if _SAME_TIME.search(text) and not _SAME_TIME.search(when):
        when = f"{when}, same time"  # "wednesday not tuesday, same time": cut after "wednesday"
    if _SAME_TIME.search(when) and before and before != FLEXIBLE:
        clock = datetime.fromisoformat(before)
        when = _SAME_TIME.sub("", when) + f" at {clock.hour}:{clock.minute:02d}"
    return when


class ActionStartRequest(Action):
    """Starts a booking or a call-back with a clean form."""

    def name(self) -> Text:
        return "action_start_request"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intent, _ = latest_intent(tracker)
        kind = REQUEST_KINDS.get(intent, "booking")
        # "gracias por todo, ahora quiero q me llame una persona": the thanks
        # said back; "tell me what a stimulator is, and id like to book a
        # consult": the question answered; "do you take medicare? if so i want
        # to book": no information on insurance said; then the form asks its
        # first question
        acknowledge(dispatcher, tracker)
        questions = article_questions_beside(tracker)
        answered = ActionAnswerTopic.answer_all(dispatcher, tracker, questions) if questions else []
        for subject in subjects_beside(tracker):
            say_not_covered(dispatcher, tracker, subject, in_request=True)
        procedure = [e for e in answered if e.get("name") == "procedure"]
        return fresh_request(kind) + procedure


def _started_this_turn(tracker: Tracker) -> bool:
    """Whether ``action_start_request`` ran since the latest message."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == "action_start_request":
            return True
    return False


def fresh_request(kind: Text) -> List[EventType]:
    """The events that start a request of ``kind`` ("booking", "callback")
    with a clean form."""
    return [SlotSet("request_kind", kind)] + [SlotSet(s, None) for s in FORM_SLOTS]


# the buttons by which a reply offers one request ("... or I can have someone
# call you back" [Call me back]): a yes to that reply takes the offer
OFFER_PAYLOADS = {f"/{intent}": kind for intent, kind in REQUEST_KINDS.items()}


def offered_request(tracker: Tracker) -> Optional[Text]:
    """``"callback"`` or ``"booking"`` when the assistant's last reply (the bot
    messages since the patient's message before this one) offered exactly one
    request by its button; None otherwise (no offer, or a choice of both)."""
    offered = set()
    users = 0  # the patient's messages met, going back: this one, then the one before
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif users == 1 and event.get("event") == "bot":
            for button in (event.get("data") or {}).get("buttons") or []:
                kind = OFFER_PAYLOADS.get(str(button.get("payload") or "").strip())
                if kind:
                    offered.add(kind)
    return offered.pop() if len(offered) == 1 else None


class ActionAffirm(Action):
    """A yes with no form open: the request the last reply offered ("where
    are you located?" -> "... or I can have someone call you back" -> "yes
    pls") starts, as if its button was pressed; with no offer, "anything
    else?". A question is no yes ("hours?" read as a yes): the article
    search answers it as it answers the fallback."""

    def name(self) -> Text:
        return "action_affirm"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if has_question_mark(text_of(tracker)):
            return [FollowupAction("action_article_search")]
        kind = offered_request(tracker)
        if not kind:
            dispatcher.utter_message(response="utter_anything_else")
            return []
        # the form then starts as after action_start_request and asks its
        # first question (a yes fills no slot)
        return fresh_request(kind) + [FollowupAction("request_form")]


_CALL_ME_ON = re.compile(
    r"\b(call|text|reach|ring|phone|contact|llam\w*|marc\w*|escrib\w*)( me| a)? (on|at|to|al|a|en) "
    r"(my|this|the|mi|el|este)( \w+)? (" + "|".join(sorted(PHONE_NOUNS)) + r")\b",
    re.IGNORECASE,
)


def _says_where_to_call(text: Text) -> bool:
    """Whether ``text`` says which phone to call ("call me on my cell",
    "llamame a mi celular"): an answer to the phone question, no request."""
    return bool(_CALL_ME_ON.search(text or ""))


class ActionContinueRequest(Action):
    """Asking to book, or for a person, while the form is open.

    The same kind: says the request is under way (the form then asks its
    question again). The other kind: switches to it, dropping the time for a
    call-back, and the summary is shown again when it is reached.
    """

    def name(self) -> Text:
        return "action_continue_request"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intent, _ = latest_intent(tracker)
        wanted = REQUEST_KINDS.get(intent, "booking")
        if tracker.get_slot(REQUESTED_SLOT) == "phone" and _says_where_to_call(text_of(tracker)):
            # "call me on my cell" at the phone question: where to call, not
            # a call-back asked for instead of the visit; the form asks for
            # the number again
            return []
        if wanted == (tracker.get_slot("request_kind") or "booking"):
            if not confirms(tracker):  # "sorry I meant yes, please book it" at the summary: the form sends it
                dispatcher.utter_message(response="utter_request_in_progress")
            return []
        dispatcher.utter_message(response=f"utter_request_now_{wanted}")
        events: List[EventType] = [SlotSet("request_kind", wanted), SlotSet("request_confirmed", None)]
        if wanted == "callback":
            events += [SlotSet("preferred_time", None), SlotSet("preferred_time_text", None)]
        return events


class ValidateRequestForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_request_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        if tracker.get_slot("request_kind") == "callback":
            return [s for s in domain_slots if s != "preferred_time"]
        return domain_slots

    # ------------------------------------------------------------ extraction

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        """ "Hang on" while a question is asked: the form waits, silently.
        Whether the message leaves the form or interrupts it is worked out
        once in the run (``_once_per_run``)."""
        token = _this_run.set({})
        before = _slots_before.set(dict(tracker.slots))
        try:
            text = text_of(tracker)
            if (
                tracker.get_slot(REQUESTED_SLOT)
                and form_words().waiting(text)
                and not asks_instead_of_answering(text)
                and not gives_a_value(text)
                and not answers_the_name(tracker, text)
                and not answers_the_time(tracker, text)
                and not (
                    tracker.get_slot(REQUESTED_SLOT) == "request_confirmed"
                    and says_yes_last(text, language_of(tracker))
                )
            ):
                name, _ = latest_intent(tracker)
                if name not in ALWAYS_INTERRUPTING and not is_leaving(tracker):
                    dispatcher.utter_message(response="utter_take_your_time")
                    # the question asked stays the one asked: Rasa's form would
                    # otherwise pick the domain's first empty slot, the time,
                    # which a call-back does not ask for
                    return [
                        SlotSet(PAUSED, True),
                        SlotSet(REQUESTED_SLOT, tracker.get_slot(REQUESTED_SLOT)),
                    ]
            events = await super().run(dispatcher, tracker, domain)
            return events + self._questions_beside_a_value(dispatcher, tracker, events)
        finally:
            _this_run.reset(token)
            _slots_before.reset(before)

    @staticmethod
    def _questions_beside_a_value(
        dispatcher: CollectingDispatcher, tracker: Tracker, events: List[EventType]
    ) -> List[EventType]:
        """Answers the article questions asked beside a value the form took
        ("512 555 0128. also quick q, is fibro genetic?": the number, then
        the answer, then the form's next question); not at the turn the
        request started (``ActionStartRequest`` answered them)."""
        taken = [
            e
            for e in events
            if e.get("event") == "slot" and e.get("name") in FORM_SLOTS and e.get("value") is not None
        ]
        if not taken or _started_this_turn(tracker):
            return []
        questions = [
            q
            for q in article_questions_beside(tracker)
            if asks_instead_of_answering(q.tracker.latest_message.get("text") or "")
        ]
        return ActionAnswerTopic.answer_all(dispatcher, tracker, questions) if questions else []

    async def extract_full_name(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        text = text_of(tracker)
        requested = tracker.get_slot(REQUESTED_SLOT)
        name, _ = latest_intent(tracker)
        if requested == "full_name":
            if name in ALWAYS_INTERRUPTING or is_leaving(tracker):
                return {}
            asks = asks_instead_of_answering(text) and not typed_as_a_name(text)
            # "April May Jordan", "Sunday Adeyemi": typed as a name, the whole of it
            given = None if asks else (clean_name(text) if typed_as_a_name(text) else None) or name_in(text)
            given = given or (None if asks else name_after_a_remark(text))
            if given:  # "it's Dana Whitfield", "Dolores Vance": a name, whatever the model says
                return {"full_name": given}
            if plausible_name(tracker, text):  # "kiara bellweather", read as out of scope
                return {"full_name": clean_name(text)}
            if is_interruption(tracker):
                return {}
            rest = without_phone_numbers(text)
            if _another_value_alone(tracker, text, rest):
                # "my cell is 806-555-0174", "weds after 3pm" typed at the name
                # question: the number or the time is taken by its own
                # extraction, and the name asked for again
                return {}
            return {"full_name": rest or text}
        if requested is None and tracker.get_slot("full_name") is None:
            # details given together when the form starts; a first name alone
            # ("Hello this is Ruth. ... Can somebody telephone me") is no full
            # name: the form asks for it
            given = name_in(text) or name_before_phone(text) or name_alone_in(text)
            if given and len(given.split()) >= 2:
                return {"full_name": given}
        part = name_part_correction(tracker)
        if part and part != tracker.get_slot("full_name"):
            # "the last name is Quist-Hansen", "put Jonathan not Jon": a part of the name
            return {"full_name": part}
        correction = form_words().name_correction(text)
        if correction and not is_interruption(tracker):
            # "the name is spelled wrong, its Sarah Connolly": the name typed, not "spelled wrong";
            # "i spelled my name wrong haha. Tomasz Kowalczyk. number is ...": the name as a part of its own
            name = (
                name_in(correction)
                or name_in(text)
                or name_alone_in(text)
                or clean_name(without_phone_numbers(correction))
            )
            name = respelled(tracker.get_slot("full_name"), name) if name else None
            if name and name != tracker.get_slot("full_name"):
                return {"full_name": name}
        return {}

    async def extract_phone(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        text = text_of(tracker)
        found = parse_phone(text)
        if tracker.get_slot(REQUESTED_SLOT) == "phone":
            if is_interruption(tracker) and not found:
                return {}
            return {"phone": text}
        if found and found != tracker.get_slot("phone"):
            return {"phone": text}  # a correction, or a number given with the name
        return {}

    async def extract_preferred_time(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        text = text_of(tracker)
        requested = tracker.get_slot(REQUESTED_SLOT)
        if requested == "preferred_time":
            name, _ = latest_intent(tracker)
            if (
                name not in ALWAYS_INTERRUPTING
                and not is_leaving(tracker)
                and (
                    not asks_instead_of_answering(text)
                    # "Saturday?? or monday late morning"; not "tomorrow, what time do you open?"
                    or (starts_with_a_day(text, language_of(tracker)) and not subject_of(text))
                    # "can u do after 4 on weekdays?": a time offered as a question
                    or (_OFFERS_A_TIME.match(text) is not None and not subject_of(text))
                )
            ):
                if readable_time(text, language_of(tracker)):
                    return {"preferred_time": text}
                if _asks_for_the_other_request(tracker):
                    # "my shifts change every week, can someone just give me a
                    # call instead": a call-back, not a vague time
                    return {}
                if is_vague_preference(text):
                    return {"preferred_time": text}  # "whenever you have an opening", whatever the model says
                if form_words().names_a_day(text) and not form_words().waiting(text):
                    # "the day after my sister's wedding": an answer, if one the
                    # form cannot read (it says so), not a question about recovery
                    return {"preferred_time": text}
            return {} if is_interruption(tracker) else {"preferred_time": text}
        if tracker.get_slot("preferred_time") is None:
            # details given together: "Ann Lee, 512 555 0134, next monday afternoon"
            if tracker.get_slot("request_kind") == "callback":
                return {}
            if requested is not None and is_interruption(tracker):
                return {}
            if requested == "full_name" and typed_as_a_name(text):
                return {}  # "Sunday Adeyemi", "April May Jordan": a name, no day
            when_given = time_in(text, language_of(tracker))
            return {"preferred_time": when_given} if when_given else {}
        if requested is None:
            return {}
        when = time_correction(
            text, tracker.get_slot("preferred_time"), language_of(tracker)
        ) or new_time_at_summary(tracker)
        if when and not parse_phone(when) and not is_interruption(tracker):
            if is_vague_preference(when) or readable_time(when, language_of(tracker)):
                return {"preferred_time": when}  # validation refuses a past day and asks again
        return {}

    async def extract_request_confirmed(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "request_confirmed":
            return {}
        intent, _ = latest_intent(tracker)
        text = text_of(tracker)
        spanish = language_of(tracker) == "es"
        if confirms(tracker):
            return {"request_confirmed": True}
        if intent == "deny" or (spanish and is_no_es(text)):
            return {"request_confirmed": False}
        if _UNCLEAR.match(text):
            return {"request_confirmed": "unclear"}  # "hmm?" whatever the model reads in it
        if is_interruption(tracker):
            # "can you put William not Will": a word of the name for another is no question
            return {"request_confirmed": None} if name_part_correction(tracker) else {}
        if (
            parse_phone(text)
            or form_words().name_correction(text)
            or name_part_correction(tracker)
            or time_correction(text)
            or new_time_at_summary(tracker)
        ):
            return {"request_confirmed": None}  # a correction: show the summary again
        return {"request_confirmed": "unclear"}  # "hmm", "ok?": asked again

    # ------------------------------------------------------------ validation

    def validate_full_name(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if value is None:  # cleared by action_start_request, not typed by the patient
            return {"full_name": None}
        typed = str(value or "")
        name = (clean_name_es(typed) if language_of(tracker) == "es" else None) or clean_name(typed)
        if name is None:
            dispatcher.utter_message(response="utter_invalid_full_name")
            return {"full_name": None}
        if self._correcting(tracker, "full_name"):
            dispatcher.utter_message(text=say(tracker, "form_changed_name", name=name))
        return {"full_name": name}

    def validate_phone(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if value is None:  # cleared by action_start_request, not typed by the patient
            return {"phone": None}
        phone = parse_phone(str(value or ""))
        if phone is None:
            dispatcher.utter_message(response="utter_invalid_phone")
            return {"phone": None}
        if self._correcting(tracker, "phone"):
            dispatcher.utter_message(
                text=say(tracker, "form_changed_phone", patient_phone=display_phone(phone))
            )
        return {"phone": phone}

    def validate_preferred_time(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if value is None:  # cleared by action_start_request, not typed by the patient
            return {"preferred_time": None}
        try:
            preferred = parse_preferred_time_in(str(value or ""), language_of(tracker))
        except PreferredTimeError as error:
            if error.reason == "unparseable" and is_vague_preference(str(value)):
                # "any weekday morning": noted as said, for the front desk
                if self._correcting(tracker, "preferred_time"):
                    dispatcher.utter_message(
                        text=say(tracker, "form_changed_time", time=time_as_said(tracker, str(value)))
                    )
                return {"preferred_time": FLEXIBLE, "preferred_time_text": str(value)}
            dispatcher.utter_message(response=f"utter_invalid_time_{error.reason}")
            return {"preferred_time": None, "preferred_time_text": None}
        if self._correcting(tracker, "preferred_time"):
            dispatcher.utter_message(
                text=say(tracker, "form_changed_time", time=preferred.display(language_of(tracker)))
            )
        return {"preferred_time": preferred.when.isoformat(), "preferred_time_text": str(value)}

    def validate_request_confirmed(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if value is True:
            return {"request_confirmed": True}
        if value == "unclear":
            dispatcher.utter_message(response="utter_confirm_yes_or_no")
        return {"request_confirmed": None}

    @staticmethod
    def _correcting(tracker: Tracker, slot: Text) -> bool:
        """True when ``slot`` had a value and changes while the form asks for
        something else (a number given with the name is no change).

        Corrections are only extracted when valid, so they never fail here.
        """
        requested = tracker.get_slot(REQUESTED_SLOT)
        before = _slots_before.get()
        had_value = (before or {}).get(slot) is not None if before is not None else True
        return requested is not None and requested != slot and had_value


def time_as_said(tracker: Tracker, text: Text) -> Text:
    """A preference without one day, in the patient's words."""
    return say(tracker, "booking_time_as_said", text=text.strip())


def summary(tracker: Tracker) -> Text:
    """The request's details, one line each, in the conversation's language."""
    content = get_content(language=language_of(tracker))
    lines = [
        say(tracker, "form_summary_name", name=tracker.get_slot("full_name")),
        say(tracker, "form_summary_phone", patient_phone=display_phone(tracker.get_slot("phone"))),
    ]
    preferred = tracker.get_slot("preferred_time")
    if tracker.get_slot("request_kind") != "callback" and preferred == FLEXIBLE:
        time_text = time_as_said(tracker, tracker.get_slot("preferred_time_text") or "")
        lines.append(say(tracker, "form_summary_time", time=time_text))
    elif tracker.get_slot("request_kind") != "callback" and preferred:
        when = datetime.fromisoformat(preferred)
        has_time = bool(when.hour or when.minute)
        time = PreferredTime(when, has_time).display(language_of(tracker))
        lines.append(say(tracker, "form_summary_time", time=time))
    procedure = content.procedure(discussed_procedure(tracker, content))
    if procedure:
        lines.append(say(tracker, "form_summary_about", procedure=procedure.name))
    return "\n".join(lines)


class _AskForSlot:
    """The form's question for one slot: its ``utter_ask_<slot>`` response."""

    slot: Text = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[EventType]:
        if tracker.get_slot(PAUSED):
            return [SlotSet(PAUSED, None)]  # the question stands; asked again next time
        dispatcher.utter_message(response=f"utter_ask_{self.slot}")
        return []


def _noted_at_the_name_question(tracker: Tracker) -> bool:
    """Whether the patient's latest message, typed at the name question,
    gave the number or the time instead (taken by the form this turn)."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    noted = any(
        e.get("event") == "slot" and e.get("name") in ("phone", "preferred_time") and e.get("value")
        for e in events[last_user:]
    )
    for event in reversed(events[:last_user]):
        if event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT:
            return noted and event.get("value") == "full_name"
        if event.get("event") == "active_loop" and event.get("name") is None:
            return False
    return False


class ActionAskFullName(_AskForSlot, Action):
    """The name question; asked again, once a number or a time came first
    ("my cell is 806-555-0174" at the name question), without starting over."""

    slot = "full_name"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[EventType]:
        if not tracker.get_slot(PAUSED) and _noted_at_the_name_question(tracker):
            dispatcher.utter_message(text=say(tracker, "form_ask_full_name_again"))
            return []
        return await super().run(dispatcher, tracker, domain)


class ActionAskPhone(_AskForSlot, Action):
    slot = "phone"


class ActionAskPreferredTime(_AskForSlot, Action):
    slot = "preferred_time"


class ActionAskRequestConfirmed(Action):
    """Shows the summary and asks the patient to confirm it."""

    def name(self) -> Text:
        return "action_ask_request_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[EventType]:
        if tracker.get_slot(PAUSED):
            return [SlotSet(PAUSED, None)]
        intent, _ = latest_intent(tracker)
        cancel = {"title": say(tracker, "form_button_cancel"), "payload": "/stop"}
        if intent == "deny":
            dispatcher.utter_message(response="utter_what_to_change", buttons=[cancel])
            return []
        kind = "callback" if tracker.get_slot("request_kind") == "callback" else "booking"
        dispatcher.utter_message(
            text="\n".join(
                [
                    say(tracker, f"form_summary_intro_{kind}"),
                    summary(tracker),
                    say(tracker, "form_summary_question"),
                ]
            ),
            buttons=[
                {"title": say(tracker, "form_button_yes"), "payload": "/affirm"},
                {"title": say(tracker, "form_button_no"), "payload": "/deny"},
                cancel,
            ],
        )
        return []


class ActionPauseRequest(Action):
    """After a 911 / 988 answer mid-form: the form keeps its place and does
    not ask its question on top of the safety answer."""

    def name(self) -> Text:
        return "action_pause_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[EventType]:
        return [SlotSet(PAUSED, True)]


class ActionCancelRequest(Action):
    def name(self) -> Text:
        return "action_cancel_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[EventType]:
        intent, _ = latest_intent(tracker)
        if intent == "goodbye":
            dispatcher.utter_message(text=say(tracker, "form_cancel_nothing_sent"))
        else:
            dispatcher.utter_message(response="utter_request_cancelled")
        return [SlotSet(s, None) for s in (*FORM_SLOTS, PAUSED)]
