"""The words of ``content/form_words.yml``: leaving and waiting in the form.

Pure Python, no Rasa: the NLU component (``components.form_words``) and the
form (``actions.request_form``) use it alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Pattern, Text

import yaml

from clinic.content import cached_load, content_path
from clinic.normalise import nfkc
from clinic.questions import asks_instead_of_answering, asks_question, has_question_mark
from clinic.safety import normalise

# the intent leaving words make a message: the form ends, nothing is sent
# (data/rules.yml, actions/request_form.py)
LEAVING_INTENT = "stop"

# how a name is spelled, said before or instead of the name ("con z",
# "with an a", "con doble l", "spelled with two n's", "con acento"): no name
SPELLING_REMARK = re.compile(
    r"^(?:(?:it'?s|its|es|va|se escribe|spelled|spelt)\s+)?(?:con|with|w/)\s+"
    r"(?:(?:an?|una?|doble|double|two|dos|el|la)\s+)?(?:[^\W\d_]\b|[^\W\d_]'?s\b|acento|tilde|accent|h)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FormWords:
    leaving_patterns: List[Pattern[Text]]
    waiting_patterns: List[Pattern[Text]]
    booking_patterns: List[Pattern[Text]] = field(default_factory=list)
    callback_patterns: List[Pattern[Text]] = field(default_factory=list)
    name_corrections: List[Pattern[Text]] = field(default_factory=list)
    time_corrections: List[Pattern[Text]] = field(default_factory=list)
    instead_of: List[Pattern[Text]] = field(default_factory=list)
    advice_patterns: List[Pattern[Text]] = field(default_factory=list)
    advice_cues: List[Pattern[Text]] = field(default_factory=list)
    day_words: List[Pattern[Text]] = field(default_factory=list)
    date_words: List[Pattern[Text]] = field(default_factory=list)
    passing_days: List[Pattern[Text]] = field(default_factory=list)
    other_days: List[Pattern[Text]] = field(default_factory=list)
    availability: List[Pattern[Text]] = field(default_factory=list)
    bot_questions: List[Pattern[Text]] = field(default_factory=list)
    followup_patterns: List[Pattern[Text]] = field(default_factory=list)
    other_channel_patterns: List[Pattern[Text]] = field(default_factory=list)
    person_patterns: List[Pattern[Text]] = field(default_factory=list)
    # topic key -> the words that ask about that aspect of a procedure
    aspect_patterns: Dict[Text, List[Pattern[Text]]] = field(default_factory=dict)
    what_it_is_patterns: List[Pattern[Text]] = field(default_factory=list)
    thanks_patterns: List[Pattern[Text]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Optional[Path] = None) -> FormWords:
        """The words of ``path`` (default ``content/form_words.yml``), compiled
        once and read again only when the file changes (``cached_load``)."""
        return cached_load(Path(path or content_path("form_words.yml")), "form_words", cls._read)

    @classmethod
    def _read(cls, path: Path) -> FormWords:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        # "{medicines}" in a pattern: any medicine of the file's `medicines`;
        # "{not_a_name}": any word of its `not_a_name` (no part of a name)
        medicines = "(?:" + "|".join(f"(?:{m})" for m in data.get("medicines") or ["(?!)"]) + ")"
        not_a_name = "(?:" + "|".join(data.get("not_a_name") or ["(?!)"]) + ")"

        def compiled(patterns: Any) -> List[Pattern[Text]]:
            return [
                re.compile(
                    p.replace("{medicines}", medicines).replace("{not_a_name}", not_a_name), re.IGNORECASE
                )
                for p in patterns or []
            ]

        corrections = data.get("corrections") or {}
        return cls(
            compiled(data.get("leaving")),
            compiled(data.get("waiting")),
            booking_patterns=compiled(data.get("booking")),
            callback_patterns=compiled(data.get("callback")),
            name_corrections=compiled(corrections.get("name")),
            time_corrections=compiled(corrections.get("time")),
            instead_of=compiled(corrections.get("instead_of")),
            advice_patterns=compiled(data.get("advice")),
            advice_cues=compiled(data.get("advice_cues")),
            day_words=compiled(data.get("day_words")),
            date_words=compiled(data.get("date_words")),
            passing_days=compiled(data.get("passing_days")),
            other_days=compiled(data.get("other_days")),
            availability=compiled(data.get("availability")),
            bot_questions=compiled(data.get("bot_challenge")),
            followup_patterns=compiled(data.get("followup")),
            other_channel_patterns=compiled(data.get("other_channel")),
            person_patterns=compiled(data.get("person")),
            aspect_patterns={topic: compiled(p) for topic, p in (data.get("aspects") or {}).items()},
            what_it_is_patterns=compiled(data.get("asks_what_it_is")),
            thanks_patterns=compiled(data.get("thanks")),
        )

    def names_a_day(self, text: Text) -> bool:
        """Whether ``text`` has a word of a day or a part of one (``day_words``)."""
        clean = normalise(text)
        return any(p.search(clean) for p in self.day_words)

    def fixes_the_day(self, text: Text, in_passing: bool = True) -> bool:
        """Whether ``text`` has a word that fixes a day (``date_words``:
        "friday", "tomorrow", "the 14th", "el jueves"); with ``in_passing``
        False, days said in passing (``passing_days``: "my hands are bad
        today") do not count."""
        clean = normalise(text) if in_passing else self.without_passing_days(text)
        return any(p.search(clean) for p in self.date_words)

    def without_passing_days(self, text: Text) -> Text:
        """``text`` normalised, without its days said in passing (``passing_days``)."""
        clean = normalise(text)
        for pattern in self.passing_days:
            clean = pattern.sub(" ", clean)
        return re.sub(r"\s+", " ", clean).strip(" ,.")

    def names_another_day(self, text: Text) -> bool:
        """Whether ``text`` names a day that is not the preferred time
        (``other_days``): when the patient is away ("out of town til
        thurs") or when something already happened ("they did my shot on
        tuesday")."""
        clean = normalise(text)
        return any(p.search(clean) for p in self.other_days)

    def says_when_free(self, text: Text) -> bool:
        """Whether ``text`` says when the patient is free (``availability``)."""
        clean = normalise(text)
        return any(p.search(clean) for p in self.availability)

    def asks_advice(self, text: Text) -> bool:
        """Whether ``text`` asks for a dose or a medication change ("how many
        mg of gabapentin should i take", "puedo dejar la duloxetina"): what
        the assistant never answers from the article."""
        return self.read(text).asks_advice

    def asks_what_follows(self, text: Text) -> bool:
        """Whether ``text`` asks what comes after a procedure ("and then
        what, do u need more of them later", "y luego q sigue, ocupo mas")."""
        return self.read(text).asks_what_follows

    def asks_another_way(self, text: Text) -> bool:
        """Whether ``text`` asks to be reached another way than by phone
        ("can you just email me instead", "mandenme un correo")."""
        return self.read(text).asks_another_way

    def advice_in_own_case(self, text: Text) -> bool:
        """Whether ``text`` asks for advice in the patient's own case
        (``advice`` or ``advice_cues``: "should i get rfa", "is that fibro or
        lupus", "q me conviene"), not only about the article's subjects
        ("tell me about nerve blocks for fibromyalgia")."""
        return self.read(text).advice_in_own_case

    def asks_if_bot(self, text: Text) -> bool:
        """Whether ``text`` asks if the patient is talking to a person or a
        machine ("am i talking to a real person?", "eres un robot?")."""
        return self.read(text).asks_if_bot

    def name_correction(self, text: Text) -> Optional[Text]:
        """The new name in a correction ("el nombre está mal, es Maricela
        Villarreal Ochoa, con doble r" -> "Maricela Villarreal Ochoa"), as
        typed, up to the first comma; None when ``text`` corrects no name."""
        found = _correction(self.name_corrections, text, "name")
        if not found:
            return None
        parts = [p for p in re.split(r"[,;.!?]", found) if p.strip()]
        # "mi nombre es con z, Beatriz Olvera": the name after how it is spelled
        while len(parts) > 1 and SPELLING_REMARK.match(parts[0].strip()):
            parts.pop(0)
        found = parts[0] if parts else ""
        found = re.split(r"\s+(?:not|no|instead of|en vez de|en lugar de)\s+", found, flags=re.IGNORECASE)[0]
        # "change the name to Carla Benitez please": the name, not the "please"
        found = re.split(r"\s+(?:please|pls|plz|porfa|por favor)\b", found, flags=re.IGNORECASE)[0]
        return found.strip() or None

    def time_correction(self, text: Text) -> Optional[Text]:
        """The new day/time in a correction ("mejor el jueves a las 9, el
        martes no puedo" -> "el jueves a las 9"; "make it friday instead" ->
        "friday"), as typed; None when ``text`` corrects no time."""
        found = _correction(self.time_corrections, text, "when")
        if not found:
            return None
        for pattern in self.instead_of:
            cut = pattern.search(_folded(found))
            if cut and cut.start() > 0:
                found = found[: cut.start()]
                break
        return found.strip(" ,.") or None

    def request(self, text: Text) -> Optional[Text]:
        """``"request_human"`` or ``"book_appointment"`` when ``text`` asks for
        a call-back or a booking in so many words, else None."""
        return self.read(text).request

    def asks_for_a_call(self, text: Text) -> bool:
        """Whether ``text`` asks to be called in so many words (``callback``:
        "can someone call me", "q me llame alguien")."""
        return self.read(text).asks_for_a_call

    def says(self, text: Text) -> Optional[Text]:
        """The intent the patient's words alone ask for (``Reading.says``)."""
        return self.read(text).says

    def read(self, text: Text) -> Reading:
        """A ``Reading`` of ``text``: what its words say, each part read once."""
        return Reading(self, text)

    def asks_at_the_end(self, text: Text) -> Optional[Text]:
        """``"book_appointment"`` or ``"request_human"`` when the last sentence
        of ``text`` asks for one ("... so um. Can I get an appointment?", "my
        pcp said theres a thing?? how do i get an appointment"), the way a
        long message ends with what the patient wants; not a question about
        booking ("do I need an appointment for it?"). A question asked for a
        request before a remark counts too ("can i see someone about getting
        that battery thing? my neighbor has one", "alguien me puede marcar? no
        entiendo lo del seguro")."""
        sentences = [
            m.group(0) for m in re.finditer(r"[^.!?\n]+[.!?\n]*", text) if m.group(0).strip(" .!?\n")
        ]
        if not sentences:
            return None
        # before a remark only: in "can i book rfa? how long is it" the last
        # question is what the patient asks
        asked = [sentences[-1]]
        for n in range(len(sentences) - 2, -1, -1):
            if asks_instead_of_answering(sentences[n + 1]):  # "es pa el estimulador" asks nothing
                break
            if "?" in sentences[n]:
                asked.append(sentences[n])
        for sentence in asked:
            clean = normalise(sentence.strip(" .!?\n"))
            if not _ABOUT_BOOKING.match(clean) and (wanted := self.request(clean)):
                return wanted
        return None

    def leaving(self, text: Text) -> bool:
        """Whether ``text`` says the patient no longer wants the request
        ("never mind", "no, cancel it. i'll call the office instead"); a
        question never does."""
        return self.read(text).leaving

    def waiting(self, text: Text) -> bool:
        """Whether ``text`` asks the form to wait ("hang on", "let me check
        my calendar"); a question never does ("wait, does it hurt?", "wait
        first, r steroid shots the same as trigger point ones")."""
        if asks_instead_of_answering(text):
            return False
        clean = normalise(text)
        return any(p.search(clean) for p in self.waiting_patterns)


_PURPOSE_OF_A_CALL = re.compile(r"\b(call|phone|ring|text) (me|us)( back)? to\b.*$")
# a question about booking, not a request for one: "do i need an appointment"
# ("is there a way to have someone phone me?" asks for one)
_ABOUT_BOOKING = re.compile(
    r"^\W*(?!is there (a|any|some) way\b|is it possible (to|for)\b"
    # "is there an actual human i can talk to??": a person asked for
    r"|is there (a |an |any )?(actual |real |live )?(human|person|people|someone|somebody|anyone|anybody)\b)"
    r"(do|does|is|are|was|what|when|why|where|which|who|how (long|much|many|soon|far))\b"
)


def asks_about_booking(text: Text) -> bool:
    """Whether ``text`` asks something about a booking rather than for one
    ("do i need an appointment for it?", "how long is the wait for one")."""
    return bool(_ABOUT_BOOKING.match(normalise(text or "").strip(" .!?\n")))


def _folded(text: Text) -> Text:
    """Lowercase without accents, one character for one ("Está" -> "esta"),
    so a match's span is the same span of the text as typed."""
    return "".join((unicodedata.normalize("NFD", c.lower()) or c)[0] for c in text.replace("’", "'"))


def _correction(patterns: List[Pattern[Text]], text: Text, group: Text) -> Optional[Text]:
    typed = nfkc(text).strip()
    folded = _folded(typed)
    for pattern in patterns:
        match = pattern.search(folded)
        if match and match.group(group):
            return typed[match.start(group) : match.end(group)].strip()
    return None


@lru_cache(maxsize=1)
def form_words() -> FormWords:
    return FormWords.load()


# a request turned down: "dont book me", "no appointment", "not now"
_NEGATION = re.compile(r"\b(dont|do not|not|no|never|wont|nah|no longer|nope|ya no)\b")


class Reading:
    """What one message's words say to the form (``FormWords.read``); each
    part is read at most once, however often it is asked for."""

    def __init__(self, words: FormWords, text: Text) -> None:
        self._words = words
        self.text = text

    @cached_property
    def clean(self) -> Text:
        """The text normalised once (``clinic.safety.normalise``) for every
        pattern list read below."""
        return normalise(self.text)

    def _any(self, patterns: List[Pattern[Text]]) -> bool:
        return any(p.search(self.clean) for p in patterns)

    @cached_property
    def asks_advice(self) -> bool:
        """``FormWords.asks_advice``."""
        return self._any(self._words.advice_patterns)

    @cached_property
    def advice_in_own_case(self) -> bool:
        """``FormWords.advice_in_own_case``."""
        return self.asks_advice or self._any(self._words.advice_cues)

    @cached_property
    def asks_what_follows(self) -> bool:
        """``FormWords.asks_what_follows``."""
        return self._any(self._words.followup_patterns)

    @cached_property
    def asks_another_way(self) -> bool:
        """``FormWords.asks_another_way``."""
        return self._any(self._words.other_channel_patterns)

    @cached_property
    def asks_if_bot(self) -> bool:
        """``FormWords.asks_if_bot``."""
        return self._any(self._words.bot_questions)

    @cached_property
    def thanks(self) -> bool:
        """Whether the text thanks and does nothing else a form or a question
        needs (``thanks`` of the file, no question, no digit): "ok I'll look it
        up myself, thanks", "ok gracias, ya me va a llevar mi hijo"; not "thanks,
        what about the risks?" nor "tues at 3 thx"."""
        return (
            self._any(self._words.thanks_patterns)
            and not asks_question(self.text)
            and not re.search(r"\d", self.text)
        )

    @cached_property
    def asks_for_a_call(self) -> bool:
        """``FormWords.asks_for_a_call``."""
        return self._any(self._words.callback_patterns)

    @cached_property
    def aspect(self) -> Optional[Text]:
        """The aspect of a procedure (a topic key of ``aspects``: "risks",
        "relief_duration"...) the words ask about, when they name exactly one
        ("what are the risks with those trigger point injections" ->
        "risks"); None for none or several ("the risks and the recovery")."""
        named = [topic for topic, patterns in self._words.aspect_patterns.items() if self._any(patterns)]
        return named[0] if len(named) == 1 else None

    @cached_property
    def asks_what_it_is(self) -> bool:
        """Whether the words ask what something is ("q es la RFA y duele?",
        "what are they and whats the downside"; ``asks_what_it_is``)."""
        return self._any(self._words.what_it_is_patterns)

    @cached_property
    def leaving(self) -> bool:
        """``FormWords.leaving``."""
        if has_question_mark(self.text):
            return False
        # "can someone call me to talk it over": what follows is the call's purpose
        clean = _PURPOSE_OF_A_CALL.sub("", self.clean)
        return any(p.search(clean) for p in self._words.leaving_patterns)

    @cached_property
    def request(self) -> Optional[Text]:
        """``FormWords.request``."""
        # a visit asked for beats a call-back ("id like to come in and talk to
        # somebody"): the booking form takes the phone number too
        if self._any(self._words.booking_patterns):
            return "book_appointment"
        if self.asks_for_a_call or self._any(self._words.person_patterns):
            return "request_human"
        return None

    @cached_property
    def request_is_booking(self) -> bool:
        """Whether the words ask for a visit in so many words (``booking``)."""
        return self.request == "book_appointment"

    @cached_property
    def asks_at_the_end(self) -> Optional[Text]:
        """``FormWords.asks_at_the_end``."""
        return self._words.asks_at_the_end(self.text)

    @cached_property
    def says(self) -> Optional[Text]:
        """The intent the patient's words alone ask for, if any: ``"stop"``
        (leaving words, not in a question), else ``request``'s booking or
        call-back (in a question, only one its last sentence asks for: "can
        i book online?" asks for none); None otherwise."""
        if self.leaving:
            # "ok sry changed my mind again lol can i still book": a request
            # asked for at the end, after the leaving words, is what is wanted
            # ("changed my mind, dont want an appt rn" asks for none)
            after = self._last(self._words.leaving_patterns)
            if (
                self.asks_at_the_end
                and after < self._first_request
                and not _NEGATION.search(self.clean[after:])
            ):
                return self.asks_at_the_end
            return LEAVING_INTENT
        if has_question_mark(self.text):
            return self.asks_at_the_end
        return self.request

    def _last(self, patterns: List[Pattern[Text]]) -> int:
        """Where the last match of ``patterns`` in the clean text ends (-1: none)."""
        return max((m.end() for p in patterns for m in p.finditer(self.clean)), default=-1)

    @cached_property
    def _first_request(self) -> int:
        """Where the first words of a request start in the clean text (-1: none)."""
        patterns = self._words.booking_patterns + self._words.callback_patterns + self._words.person_patterns
        return min((m.start() for p in patterns for m in p.finditer(self.clean)), default=-1)
