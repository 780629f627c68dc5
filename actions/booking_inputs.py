"""Parses and checks what a patient types into the booking form.

Pure functions, no Rasa: names, phone numbers (Google's libphonenumber port,
`phonenumbers`) and preferred days/times (`dateparser` for the date, a small
layer here for the time of day, which dateparser misreads in chat phrasing
such as "next tuesday morning" or "friday at 2").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Callable, Dict, List, Optional, Text, Tuple
from zoneinfo import ZoneInfo

import dateparser
import phonenumbers
from babel.dates import format_date, format_time
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from wordfreq import zipf_frequency

from clinic import messages
from clinic.form_words import SPELLING_REMARK
from clinic.language import fold
from clinic.settings import clinic_timezone

DEFAULT_REGION = "US"
MAX_DAYS_AHEAD = 365

# ---------------------------------------------------------------- names

_NAME_PREFIX = re.compile(
    r"^(hi|hello|hey)?[,!. ]*(my name is|my names|my full name is|name is|name:|"
    r"it is|its|it's|i am|i'm|im|this is|call me)\s+",
    re.IGNORECASE,
)
_NAME_CHARS = re.compile(r"^[^\W\d_]+\.?(?:(?:[-']| |\. ?)[^\W\d_]+\.?)*$", re.UNICODE)
# scikit-learn's English stop words (spaCy's list would load spaCy and
# TensorFlow into the action server: +360 MB), less the ones that are names
# ("Bill", "de la Cruz"), plus the common words spaCy's list has and it lacks.
NOT_NAMES = (
    (ENGLISH_STOP_WORDS - {"bill", "de", "con", "un", "mill", "fire"})
    | {
        "did",
        "does",
        "doing",
        "just",
        "make",
        "quite",
        "really",
        "regarding",
        "say",
        "unless",
        "used",
        "using",
        "various",
        "ca",
        "n't",
    }
    | {
        "yes",
        "no",
        "yeah",
        "nope",
        "ok",
        "okay",
        "sure",
        "hi",
        "hello",
        "hey",
        "thanks",
        # "thank you kindly", "much appreciated" typed at the name question
        "thank",
        # thanks in SMS shorthand and in Spanish ("grax!!" typed at the name
        # question is no name; "Ty" may be one)
        "thx",
        "thanx",
        "thnx",
        "tysm",
        "grax",
        "gracias",
        "grasias",
        # "please" and "yes" in SMS shorthand and in Spanish ("si xfa" typed
        # at the name question is no name, in either language's check: stop 52)
        "xfa",
        "xfavor",
        "porfa",
        "porfis",
        "plis",
        "plz",
        "pls",
        "sip",
        "sipi",
        "sii",
        "siii",
        "kindly",
        "appreciate",
        "appreciated",
        "book",
        "appointment",
        "appointments",
        # a request typed where the name goes ("need appt", "kiero cita pa
        # eso"): the words of the request are no name (stop 38)
        "appt",
        "appts",
        "need",
        "cita",
        "citas",
        "quiero",
        "kiero",
        "ocupo",
        "pa",
        "eso",
        "cancel",
        "help",
        # the SMS keywords: a message of only these is never a name
        "stop",
        "start",
        "unsubscribe",
        "quit",
        "pain",
        "fibro",
        "fibromyalgia",
        "idk",
        "idc",
        # "ni idea" (no idea) was stored as the name Ni Idea (development 18s)
        "ni",
        "idea",
        # sighs and groans typed at the name question ("ugh"): no name
        "ugh",
        "ughh",
        "ughhh",
        "argh",
        "hmm",
        "hm",
        "meh",
        "uh",
        "um",
        "umm",
        "huh",
        "sigh",
        "omg",
        "wtf",
        "seriously",
        "oops",
        "fine",
        "dunno",
        "whatever",
        "lol",
        "nvm",
        "test",
        "asdf",
        "qwerty",
        "none",
        "na",
        "n/a",
        "anonymous",
        "nobody",
        "dont",
        "don't",
        "want",
        "wont",
        "won't",
        "nah",
        "tell",
        "you",
        "why",
        "what",
        "how",
        # Spanish answers that are no name ("no sé", "sí", "bueno")
        "se",
        "sé",
        "si",
        "sí",
        "que",
        "qué",
        "nada",
        "bueno",
        "pues",
        "nose",
        # what a correction says of the old name ("the name is wrong, its ...")
        "wrong",
        "incorrect",
        "misspelled",
        "mispelled",
        "spelled",
        "typo",
        "mal",
        "equivocado",
    }
)


_NAME_LEAD = re.compile(
    r"^(?:(?:actually|sorry|oops|oh|no|ok|okay|sure|yes|yeah|yep|um+|uh+)[,.!]*\s+)+", re.I
)
_NAME_FILLER = re.compile(r"^(?:actually|really|just|spelled|spelt|spelled as|written)\s+", re.I)


# what a phone number is called ("home phone", "my cell"): never a part of a
# name (``clean_name``), and dropped before a number (actions/request_form.py)
PHONE_NOUNS = frozenset(
    [
        "phone",
        "cell",
        "cellphone",
        "mobile",
        "landline",
        "telephone",
        "number",
        "celular",
        "telefono",
        "teléfono",
    ]
)


def clean_name(text: Text) -> Optional[Text]:
    """The patient's name from ``text``, or None if it does not look like a name."""
    text = unicodedata.normalize("NFKC", text or "").strip().strip("\"'").strip()
    text = _NAME_LEAD.sub("", text)
    text = _NAME_PREFIX.sub("", text).strip().rstrip(".!").strip()
    text = _NAME_FILLER.sub("", text).strip()
    text = re.sub(r"\s+", " ", text)
    if not 2 <= len(text) <= 80 or not _NAME_CHARS.match(text):
        return None
    words = text.split(" ")
    if len(words) > 6:
        return None
    lowered = [w.lower().strip(".") for w in words]
    if any(w in PHONE_NOUNS for w in lowered):
        return None  # "home phone", "my cell": what the number is, not a name
    common = sum(w in NOT_NAMES for w in lowered)
    if common == len(words) or (len(words) >= 3 and common * 2 >= len(words)):
        return None  # "yes", "no thanks", "I don't want to"
    if not any(re.search(r"[aeiouyàáâãäåèéêëìíîïòóôõöùúûüý]", w) for w in lowered):
        return None  # keyboard mash: "xzcv bnm"
    return " ".join(
        # "ferreira-nunes" typed in lowercase is "Ferreira-Nunes"
        w
        if (i and w in _PARTICLES) or not w.islower()
        else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for i, w in enumerate(words)
    )


def typed_as_a_name(text: Text) -> bool:
    """Whether ``text`` is two to four capitalised words that read as a name
    and nothing else ("Will Baker", "Mark Hale"): a name, though its first
    word opens questions too ("will it hurt" is no name)."""
    words = (text or "").split()
    return (
        "?" not in text
        and 2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and clean_name(text) is not None
    )


# lowercase inside a name: "Ana de la Cruz", "Ludwig van Beethoven"
_PARTICLES = {
    "de",
    "del",
    "la",
    "las",
    "los",
    "y",
    "e",
    "da",
    "das",
    "do",
    "dos",
    "di",
    "du",
    "van",
    "von",
    "der",
    "le",
}


# words that start with a capital letter but are no one's name
_CAPITALISED_NOT_NAMES = {
    # "this is Walter Grimes I'm using the voice thing": the name ends at "I"
    "i",
    "i'm",
    "i’m",
    "i've",
    "i'll",
    "i'd",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "rfa",
    "scs",
    "tpi",
    "dr",
    "mr",
    "mrs",
    "ms",
    "momentum",
    "medical",
    "clinic",
    "medicare",
    "medicaid",
    "thanks",
    "thank",
    "please",
    "appt",
    "appointment",
    "book",
    "booking",
    "bk",
    "english",
    "spanish",
    "est",
    "cst",
    "pst",
    "et",
    "ct",
    "pt",
    "am",
    "pm",
    "ok",
    "okay",
    "hi",
    "hello",
    "hey",
    "yes",
    "no",
    "im",
    # "My GP ran bloodwork", "Our PCP said": who is meant, not a name
    "my",
    "your",
    "our",
    "their",
    "his",
    "the",
    "gp",
    "pcp",
    "md",
    "er",
    "np",
    "rn",
    "ob",
    "obgyn",
    "mri",
}
_INTRODUCED = re.compile(
    r"\b(?:(?P<strong>my (?:full )?name(?: is|'s| es)|name(?: is|:|'s|’s)|me llamo|mi nombre es|"
    # "can i schedule a visit, name hollis varga": "name" opening a clause
    r"(?:(?<=[,;] )|(?<=[,;])|(?<=^))name(?= [^\W\d_]+(?: [^\W\d_]+){1,2}\s*(?:$|[,.;!]|\d)))|"
    r"(?:i am|i'm|im|this is|it's|its|it is|soy|(?<!first )(?<!last )(?<!middle )(?<!sur)name|nombre))\s+(?P<name>(?:[^,.;!?\d]|(?<=\s[A-Za-z])\.(?=\s))+)",
    re.IGNORECASE,
)
# how common an English word is (Zipf) from which it is no part of a name
# typed in lowercase ("so", "new", "tired"; "maria" is 4.3, "rojas" 2.8)
_EVERYDAY_WORD = 4.5
# a phone number right after a name ("im ana ruiz 512 555 0101", "..., (512) ...")
_PHONE_LABEL_END = re.compile(
    r"\s+(?:(?:and|y)\s+)?(?:my\s+|mi\s+)?(?:cell|cel|mobile|phone|ph|number|num|tel|home|work|celular|numero)"
    r"(?:\s+(?:number|num|numero))?(?:\s+(?:is|es))?\s*[:#]?$",
    re.I,
)
_PHONE_NEXT = re.compile(r"^[\s,:-]*(?:\+?1[\s.-]*)?\(?\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{4}\b")
_NAME_END = re.compile(
    r"\s+(?:and|my|&|y|mi|number|phone|cell|at|on|for|from|but|can|could|would|to|not|no|with)\b.*$", re.I
)
_CAPITALISED_RUN = re.compile(
    r"\b[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:de la|de los|del|de|da|van|von|y|la)?\s*[A-ZÀ-Ý][\w'’.-]*){1,4}"
)


def respelled(before: Optional[Text], new: Text) -> Text:
    """The full name after a correction of one of its words: "Yesenia" for
    "Jesenia Pardo" is "Yesenia Pardo"; a correction of two words or more,
    or one like no word of ``before``, is the whole new name."""
    words = (before or "").split()
    if len(new.split()) != 1 or len(words) < 2:
        return new
    likeness = [difflib.SequenceMatcher(None, w.lower(), new.lower()).ratio() for w in words]
    best = max(range(len(words)), key=lambda i: likeness[i])
    if likeness[best] < RESPELL_LIKENESS:
        return new
    return " ".join(words[:best] + [new] + words[best + 1 :])


# how alike a corrected word must be to a word of the name to replace it
RESPELL_LIKENESS = 0.6


# a part of the name named in a correction: "my first name is spelled with a
# K. Katherine", "the last name is Quist-Hansen", "mi apellido es Ochoa Ruiz"
_NAME_PART = re.compile(
    r"\b(?P<part>first|given|last|family|sur|middle|primer)[ -]?(?:name|nombre)\b|\b(?P<apellido>apellidos?)\b",
    re.IGNORECASE,
)
# one word of the name for another: "put Jonathan not Jon", "its Sølberg not Solberg"
_WORD_FOR_WORD = re.compile(
    r"(?P<new>[^\W\d_][\w'’-]+)\s*,?\s+(?:not|instead of|rather than|en vez de|en lugar de|no)\s+(?P<old>[^\W\d_][\w'’-]*)",
    re.IGNORECASE,
)
# one word respelled with how: "it's Sølberg with the slashed o", "es Ivón con v"
_WORD_SPELLED = re.compile(
    r"^(?:\W*(?:oh|sorry|oops|wait|actually|no|and)\W+)*(?:it'?s|its|it is|spelled|spelt|es|se escribe)\s+"
    r"(?P<new>[^\W\d_][\w'’-]+)\s+(?:with|w/|con)\b",
    re.IGNORECASE,
)
# words around a name part that are no name: how it is spelled, what went wrong
_NOT_NAME_WORDS = frozenset(
    "is was its it's it should be spelled spelt spelling with w a an the not no and letter letters double capital "
    "i forgot second half first last name names actually typo sorry oops written as like put change to instead of "
    "please pls ok okay so that this one my her his wrong missing also just hyphen hyphenated dash accent "
    "es se escribe con mi su el la de del y un una doble acento tilde falta faltaba apellido apellidos nombre "
    "primer segundo mis sus son are me falto faltó".split()
)


def _fold(word: Text) -> Text:
    """``word`` as ``clinic.language.fold`` reads it, "ø" as "o", without the
    punctuation around it: how two spellings of a name word are compared."""
    return fold(word).replace("ø", "o").strip("'’.-")


def _part_value(rest: Text, lowercase: bool) -> List[Text]:
    """The name words after a name part is named: the first sentence or
    comma-part with capitalised words other than how it is spelled ("spelled
    with a K not a C. Katherine" -> ["Katherine"]; "is Quist-Hansen, I forgot
    the second half" -> ["Quist-Hansen"]), up to "not" ("Whitfield not
    Whitfeld"); with ``lowercase`` (a message typed without capitals) the
    first with any words."""
    pieces = [
        [
            w
            for w in re.findall(r"[^\W\d_][\w'’-]*", _NOT_THIS.split(piece)[0])
            if not (lowercase and _SAYS_SOMETHING_ELSE.search(piece))
            if len(w) > 1
            and not _LETTER.match(w)
            and w.lower() not in _NOT_NAME_WORDS
            and w.lower() not in NOT_NAMES
            and (lowercase or w[:1].isupper())
        ]
        for piece in re.split(r"[,;:.!?()]+", rest)
    ]
    return next((words[:3] for words in pieces if words), [])


# the wrong word after the right one: "Whitfield not Whitfeld"
_NOT_THIS = re.compile(r"\s+(?:not|instead of|rather than|en vez de|en lugar de)\s+", re.IGNORECASE)
# words that say a typed-lowercase piece is no name: "my last name is on the file"
_SAYS_SOMETHING_ELSE = re.compile(
    r"\b(?:on|in|at|for|from|to|you|your|have|has|had|there|here|already|same|file|record|records|chart|system|"
    r"card|insurance|wrong|right|correct|fine|good|ok|okay|it|that|this|what|why|how|en|para|por|que|ya|bien|mal)\b",
    re.IGNORECASE,
)
# a letter named: "two t's", "una z"
_LETTER = re.compile(r"^[^\W\d_]['’]?s$", re.IGNORECASE)


def corrected_name(before: Optional[Text], text: Text, by_part: bool = True) -> Optional[Text]:
    """The full name after a correction of a part of it, or None when
    ``text`` corrects no part of ``before`` (a name of two words or more):

    * a part named: "my first name is spelled with a K. Katherine" ->
      "Katherine Jankowski"; "the last name is Quist-Hansen" -> "Bartholomew
      Quist-Hansen"; "mi apellido es Ochoa Ruiz" -> "Lucia Ochoa Ruiz"; the
      first and the last named together, or a whole name after the part
      ("the first name is spelled with a y, Rosalyn Fairweather"), is the
      whole name; a middle name is not placed (None);
    * one word for another: "put Jonathan not Jon" -> "Jonathan Smyth";
    * one word respelled, with how: "it's Sølberg with the slashed o" ->
      "Ingrid Sølberg" (``respelled``).

    ``by_part`` False leaves out the first kind (for a message that may be
    a question: "what's the last name for?").
    """
    words = (before or "").split()
    if len(words) < 2:
        return None
    folded = [_fold(w) for w in words]
    for match in _WORD_FOR_WORD.finditer(text or ""):
        old, new = _fold(match.group("old")), match.group("new")
        if old in folded and _fold(new) not in folded and new.lower() not in _NOT_NAME_WORDS | NOT_NAMES:
            at = folded.index(old)
            return clean_name(" ".join(words[:at] + [new] + words[at + 1 :]))
    spelled = _WORD_SPELLED.match(text or "")
    if spelled:
        name = respelled(before, spelled.group("new"))
        return clean_name(name) if len(name.split()) > 1 else None
    if not by_part:
        return None
    lowercase = (text or "") == (text or "").lower()
    named: Dict[Text, List[Text]] = {}
    parts = list(_NAME_PART.finditer(text or ""))
    for n, part in enumerate(parts):
        kind = (
            "last"
            if part.group("apellido") or part.group("part").lower() in ("last", "family", "sur")
            else ("middle" if part.group("part").lower() == "middle" else "first")
        )
        end = parts[n + 1].start() if n + 1 < len(parts) else len(text)
        value = _part_value(text[part.end() : end], lowercase)
        if value:
            named[kind] = value
    if "first" in named and "last" in named:
        return clean_name(" ".join(named["first"] + named["last"]))  # "first name Trinity last name Mortimer"
    if "middle" in named or not named:
        return None
    kind, new_words = next(iter(named.items()))
    if len(new_words) == 1:
        name = respelled(before, new_words[0])  # "Kowalski" for "Kowalsky"
        if name != new_words[0]:
            return clean_name(name)
    elif kind == "first" or not parts[-1].group("apellido") or _fold(new_words[0]) == folded[0]:
        return clean_name(" ".join(new_words))  # the whole name: "it's Samuel Okonkwo-Idris"
    if kind == "last":
        return clean_name(" ".join(words[: max(1, len(words) - len(new_words))] + new_words))
    return clean_name(" ".join(new_words + words[1:]))


def _name_words(candidate: Text) -> Text:
    """The words of ``candidate`` up to the first that ends the name: a day,
    a month or the clinic's word ("Pam Rudd want appt thursday" -> "Pam
    Rudd"), or, after a capitalised start, a lowercase word that is no
    particle ("Ana de la Cruz" keeps "de la")."""
    words = candidate.split()
    kept: List[Text] = []
    for n, word in enumerate(words):
        lowered = word.lower().strip(".")
        if lowered in _CAPITALISED_NOT_NAMES:
            break
        if n and words[0][:1].isupper() and word[:1].islower() and lowered not in _PARTICLES:
            break
        kept.append(word)
    while kept and kept[-1].lower() in _PARTICLES:
        kept.pop()
    return " ".join(kept)


# an abbreviation or an initial keeps its full stop inside a name ("J. R.
# Tolkien", "Mary Ann St. Claire"); any other word ending in one ends the
# sentence, and the name ("my father, Augustin Leclerc. Best number is ...")
_ABBREVIATIONS = {"st", "jr", "sr", "mr", "mrs", "ms", "dr", "mt", "ste"}


def _to_sentence_end(words: List[Text]) -> List[Text]:
    """``words`` up to the one that ends a sentence (its full stop dropped)."""
    kept: List[Text] = []
    for word in words:
        bare = word.rstrip(".")
        if word.endswith(".") and len(bare) > 1 and bare.lower() not in _ABBREVIATIONS:
            kept.append(bare)
            break
        kept.append(word)
    return kept


# the words before a capitalised run that make it a place ("in San Diego",
# "moving to New Mexico", "cerca de El Paso")
_PLACE_BEFORE = re.compile(r"\b(in|to|from|near|at|around|outside|visiting|en|desde|cerca de)\s+$", re.I)


def _just_before_a_phone(introduced: re.Match) -> bool:
    """Whether the words after "I'm" are two or more, all of them kept as the
    name, and a phone number follows them at once ("im maria rojas beltran
    915 555 0155"; not "im flying in to see family 512 ..." nor "im really
    tired 512 ...")."""
    # "its dana whitlock cell 214 555 0177": the number's label after the name
    raw = _PHONE_LABEL_END.sub("", introduced.group("name").strip())
    words = _NAME_FILLER.sub("", raw).split()
    return (
        len(words) >= 2
        # "im so sore today 512 ...", "hi im new here 512 ...": everyday
        # words, not a name (wordfreq's English frequency, Zipf scale)
        and all(zipf_frequency(w, "en") < _EVERYDAY_WORD for w in words)
        and _NAME_END.sub("", raw).strip() == raw
        and bool(_PHONE_NEXT.match(introduced.string[introduced.end("name") :]))
    )


# first names that are common English words too ("will" is in NOT_NAMES)
_FIRST_NAMES_IN_NOT_NAMES = frozenset({"will"})


def common_words_in_name(words: List[Text]) -> List[Text]:
    """The words of ``words`` (a message typed at the name question) that are
    common words (``NOT_NAMES``), less a first name that is one too when a
    surname follows that is no everyday English word ("will chase" is Will
    Chase; "will wait", "will call" stay common words: wordfreq's Zipf
    frequency, ``_EVERYDAY_WORD``)."""
    lowered = [w.lower().strip(".,!") for w in words]
    first_name = (
        len(lowered) == 2
        and lowered[0] in _FIRST_NAMES_IN_NOT_NAMES
        and lowered[1] not in NOT_NAMES
        and zipf_frequency(lowered[1], "en") < _EVERYDAY_WORD
    )
    return [w for i, w in enumerate(lowered) if w in NOT_NAMES and not (first_name and i == 0)]


def introduced_name(text: Text) -> Optional[Text]:
    """A name the patient introduces as theirs ("its Harriet Lindqvist",
    "name is Tamsin Reyes-Blackwood", "me llamo Rosa Garza"), the first
    ``clean_name`` takes; None when the message introduces none (a name
    merely capitalised, "let me ask my wife Ann Lee", is not introduced)."""
    for introduced in _INTRODUCED.finditer(text or ""):
        candidate = _NAME_END.sub("", introduced.group("name")).strip()
        candidate = _NAME_LEAD.sub("", _NAME_FILLER.sub("", candidate)).strip()
        if SPELLING_REMARK.match(candidate):
            continue  # "mi nombre es con z, Beatriz Olvera": how it is spelled, then the name
        if (
            not introduced.group("strong")
            and not candidate[:1].isupper()
            and not _just_before_a_phone(introduced)
        ):
            # "I'm flying in to see family": "I'm" names someone only with a
            # capital, or right before a number ("im maria rojas 915 555 0155")
            continue
        candidate = _name_words(candidate)
        name = clean_name(candidate)
        if name:
            return name
    return None


def name_in(text: Text) -> Optional[Text]:
    """A name the patient gave inside a longer message ("I'm Ann Lee, 512 555
    0134, friday"; "bk appt Ximena Ruiz"): after "my name is" / "I'm" / "this
    is", or else a run of two to five capitalised words that are not days,
    months or the clinic's words. None when there is none."""
    name = introduced_name(text)
    if name:
        return name
    for run in _CAPITALISED_RUN.finditer(text or ""):
        if _PLACE_BEFORE.search(text[: run.start()]):
            continue  # "I'm in San Diego right now": a place, not a name
        words = [
            w
            for w in _to_sentence_end(run.group(0).split())
            if w.lower().strip(".") not in _CAPITALISED_NOT_NAMES
        ]
        if len(words) >= 2:
            name = clean_name(" ".join(words))
            if name:
                return name
    return None


# ---------------------------------------------------------------- phones


# a number read out in words ("five one two, five five five, zero one six
# nine", "cinco uno dos ..."), as voice dictation and some patients type it
_DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "cero": "0",
    "uno": "1",
    "dos": "2",
    "tres": "3",
    "cuatro": "4",
    "cinco": "5",
    "seis": "6",
    "siete": "7",
    "ocho": "8",
    "nueve": "9",
}
_DIGIT_TOKEN = r"(?:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + r"|\d{1,4})"
_SPELLED_NUMBER = re.compile(
    r"\b" + _DIGIT_TOKEN + r"(?:[\s,.\-]+" + _DIGIT_TOKEN + r"){6,}\b", re.IGNORECASE
)


def _spelled_digits(text: Text) -> Text:
    """``text`` with runs of digit words (at least three words among seven
    tokens or more) written as digits."""

    def digits(match: re.Match) -> Text:
        tokens = re.findall(r"[^\W\d_]+|\d+", match.group(0))
        if sum(not t.isdigit() for t in tokens) < 3:
            return match.group(0)
        return "".join(t if t.isdigit() else _DIGIT_WORDS[t.lower()] for t in tokens)

    return _SPELLED_NUMBER.sub(digits, text)


# "area code 903, then 555-0140", "lada 713 y el numero 555 0104": the area
# code said apart from the local number (stop 50, development 23's kind)
_AREA_CODE_APART = re.compile(
    r"\b(?:area code|area cd|codigo de area|código de área|lada)\s*(?:is|es|:)?\s*\(?(\d{3})\)?"
    r"[^\d]{0,40}?\b(\d{3})[\s.-]?(\d{4})\b",
    re.IGNORECASE,
)


def _area_code_joined(text: Text) -> Text:
    """``text`` with an area code said apart joined to its local number
    ("area code 903, then 555-0140" -> "(903) 555-0140"), else unchanged."""
    return _AREA_CODE_APART.sub(lambda m: f"({m.group(1)}) {m.group(2)}-{m.group(3)}", text)


def parse_phone(text: Text, region: Text = DEFAULT_REGION) -> Optional[Text]:
    """The first valid phone number in ``text`` as E.164 (+15125550142), or
    None; a number read out in words counts ("five one two, five five five,
    zero one six nine"), and so does an area code said apart ("area code
    903, then 555-0140")."""
    text = _area_code_joined(text or "")
    for candidate in dict.fromkeys([text, _spelled_digits(text)]):
        for match in phonenumbers.PhoneNumberMatcher(candidate, region):
            if phonenumbers.is_valid_number(match.number):
                return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


def display_phone(e164: Text) -> Text:
    number = phonenumbers.parse(e164, None)
    if number.country_code == 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# ---------------------------------------------------------------- yes at the summary

# Sending the request is the patient's consent to share their details, so only
# a clear yes sends it: a yes word first, no question mark, no hedge.
_YES_FIRST = re.compile(
    r"^(?:(?:oh|ah+|ok|okay|well|um+|uh+|yes|oui|ja|sim|s[ií]|sorry|oops|my bad|i see|got it|gotcha|perd[oó]n|ya veo|thanks|thank you|thx|ty|gracias|"
    r"fine|alright|all right|whatever|finally|ugh+)[,.!]*\s+)*(?:i mean(?:t)?|quise decir)?[,:]?\s*"
    r"(?:y|ya|ye|yh|yes+|yessir|yes ma'?am|yas+|yeah|yea|yep|yup|sure|ok|okay|k|kk|correct|right|perfect|great|absolutely|"
    r"definitely|of course|affirmative|indeed|exactly|confirm(?:ed)?|i confirm|go ahead|go for it|fine|alright|all right|"
    r"send(?: it)?|please (?:do|send)|do it|sounds (?:good|great|fine|right|correct|about right)|"
    r"(?:(?:that|this|it|everything|all|that all|it all|all that|all of (?:that|it))(?:'?s)?\s+)?(?:looks|sounds|seems|is)\s+(?:all\s+)?(?:good|great|right|correct|fine|perfect)|"
    # "that's all correct, yes" (stop 52)
    r"all good|all correct|that'?s (?:all )?(?:right|correct|fine|good)|that'?s it|that works|works for me|mhm|uh huh|"
    r"s[ií]|oui|claro|dale|correcto|de acuerdo|est[aá] bien|perfecto|[aá]ndale|m[aá]ndalo|env[ií]alo)"
    r"(?=$|[\s,.!]|\U0001F44D)",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\?|\b(?:no|not|nope|don'?t|wait|hold on|hang on|hmm+|hm+|but|change|maybe|idk|unsure|"
    r"cancel|stop|wrong|pero|espera|cambia)\b",
    re.IGNORECASE,
)
CLEAR_YES_PAYLOAD = "/affirm"
# a mind changed back to yes after a "no" at the summary: "wait actually yes
# its fine", "actually yes, go ahead" (the yes then read like any other)
_CHANGED_MIND = re.compile(
    r"^(?:(?:no|oh|ok|okay|sorry)[,.]*\s+)?(?:wait[,.]*\s+)?actually[,.!]*\s+"
    r"(?=(?:yes|yeah|yep|yup|sure|ok|okay|go ahead|send|it'?s fine|that'?s (?:right|fine|correct)|all good|s[ií])\b)",
    re.IGNORECASE,
)


def is_clear_yes(text: Text) -> bool:
    """Whether ``text`` answers "shall I send it?" with a clear yes
    ("yes", "yep send it", "sounds good", "sí", the Yes button), not
    "ok?", "hmm" or "yes but change the time"."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if text.startswith(CLEAR_YES_PAYLOAD):
        return True
    if text.strip() == "\U0001f44d":
        return True
    text = _CHANGED_MIND.sub("", text, count=1)
    return bool(_YES_FIRST.match(text)) and not _HEDGE.search(text)


# ---------------------------------------------------------------- days and times

DAYPARTS = {
    "morning": time(9, 0),
    "noon": time(12, 0),
    "midday": time(12, 0),
    "lunchtime": time(12, 0),
    "afternoon": time(14, 0),
    "evening": time(17, 0),
}
_CLOCK = re.compile(
    r"\b(?:(?:at|after|around|about|by|before|from)\s+)?"
    r"(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?=\s|$|[,.!?])",
    re.IGNORECASE,
)
_DAYPART = re.compile(
    r"\b(?:(?:in|on)\s+the\s+|this\s+|at\s+)?(" + "|".join(DAYPARTS) + r")\b", re.IGNORECASE
)
_ORDINAL_DAY = re.compile(r"^(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?$", re.IGNORECASE)
_FILLER = re.compile(r"\b(please|pls|plz|if possible|works|would be good|is good|preferably|ideally)\b", re.I)


# a self-correction right before the day: "no wait i mean next tues" (a "no"
# or "oh" only before such words: "no mondays" is a preference; and a day
# word right after: "oh one more thing, ..." names no day, "wait one sec" neither)
_SELF_CORRECTION = re.compile(
    r"^(?:(?:no|nope|nah|oh|ok|lol|haha|lmao|ugh)[,.]*\s+(?=(?:wait|sorry|oops|i mean|i meant|actually|my bad)\b))?"
    r"(?:(?:wait|sorry|oops|actually|i mean|i meant|my bad|wrong (?:day|time|date)|"
    r"(?:it )?(?:should|shud|shld|shoud|needs to) (?:be|b))[,.]*\s+)+"
    r"(?=(?:next|this|on|the|coming|tomorrow|tmrw|tmr|today|tonight)\b|(?:mon|tue|wed|thu|fri|sat|sun)\w*\b|\d)",
    re.IGNORECASE,
)


# SMS shorthand for days and parts of the day, as patients type them
_SHORTHAND = [
    (r"\b(thurs?|thu|thr)\b\.?", "thursday"),
    (r"\b(tues?|tu)\b\.?", "tuesday"),
    (r"\b(weds?)\b\.?", "wednesday"),
    (r"\bmon\b\.?", "monday"),
    (r"\bfri\b\.?", "friday"),
    (r"\bsat\b\.?", "saturday"),
    (r"\bsun\b\.?", "sunday"),
    (r"\b(tmrw|tmr|tmw|tomoro|tomorow|tommorow|tommorrow|2morrow|2moro|2mrw)\b", "tomorrow"),
    (r"\b2day\b", "today"),
    # "change it 2 fri aftn": "2" for "to" after a word it follows (dateparser
    # read it as February; stop 49, development 22's kind)
    (r"\b(it|that|me|them|us|appt|appointment|time|day) 2 (?=[a-z])", r"\1 to "),
    (r"^\s*2 (?=(next|this|coming|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)", ""),
    (r"\b(nxt|nex)\b", "next"),
    (r"\baftr\b", "after"),
    # "next thurs @ 4": the time, read as "at 4" (dateparser read "4" as April)
    (r"\s*@\s*(?=\d)", " at "),
    (r"\bwkdays?\b", "weekday"),
    (r"\b(wknds?|wkends?|wekends?|weekened)\b", "weekend"),
    (r"\b(whenevr|whenver|when ever|whnever)\b", "whenever"),
    (r"\b(anytym|anytyme|any tym)\b", "anytime"),
    (r"\bwk\b", "week"),
    # "monday the coming week at 9am", "tuesday of the following week": next week
    (r"\b(of |in )?(the )?(coming|following|upcoming) week\b", "next week"),
    (r"(?<![\d:])(?<!\d )\bam\b", "morning"),  # "wed am": a part of the day, not "10 am"
    (r"(?<![\d:])(?<!\d )\bpm\b", "afternoon"),
    (r"\b(arvo|aft|aftn|afternoonish)\b", "afternoon"),
    (r"\b(morn|mornin|am-ish|morningish)\b", "morning"),
    (r"\b(mornings)\b", "morning"),
    (r"\b(afternoons)\b", "afternoon"),
    (r"\b(evenings)\b", "evening"),
    # "thursdays after 1": the next one, the words kept for the front desk
    (r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s\b", r"\1"),
    # "9am my time (pacific)": the zone in brackets is still the zone
    (r"[()]", " "),
    (r"\b(my|local) time\b", " "),
]
# A time zone the patient names, as hours from UTC in winter and summer (the
# zone's own name, so daylight time is handled by the time zone database).
_ZONES = {
    "eastern": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "central": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mountain": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "pacific": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    # Spanish, as the Spanish parser reads it (lowercase, no accents but ñ)
    "hora del este": "America/New_York",
    "tiempo del este": "America/New_York",
    "hora de nueva york": "America/New_York",
    "hora de miami": "America/New_York",
    "hora del centro": "America/Chicago",
    "hora central": "America/Chicago",
    "hora de texas": "America/Chicago",
    "hora de la montaña": "America/Denver",
    "hora de la montana": "America/Denver",
    "hora del pacifico": "America/Los_Angeles",
    "hora de california": "America/Los_Angeles",
}
_ZONE = re.compile(
    r"\b(" + "|".join(sorted(_ZONES, key=len, reverse=True)) + r")\b(?:\s+time)?", re.IGNORECASE
)


def in_stated_zone(
    cleaned: Text, now: datetime, parse: Callable[[Text, datetime], PreferredTime]
) -> Optional[PreferredTime]:
    """The preferred time read by ``parse`` in the time zone the patient
    names ("monday at 3pm EST", "el miércoles a las 11 hora del este"),
    converted to ``now``'s zone; None when no zone is named."""
    zone = _ZONE.search(cleaned)
    if not zone:
        return None
    rest = cleaned[: zone.start()] + " " + cleaned[zone.end() :]
    said = parse(rest, now.astimezone(ZoneInfo(_ZONES[zone.group(1).lower()])))
    return PreferredTime(said.when.astimezone(now.tzinfo), said.has_time)


# What makes an answer a preference the front desk can act on even without
# one day: "any weekday morning", "mornings are best", "after 3 any day but
# Friday", "asap"; not "sorry, sent that too soon".
_VAGUE = re.compile(
    r"\b(weekdays?|weekends?|morning|afternoon|evening|any ?(day|time|weekday)|anytime|whenever'?s?|"
    r"flexible|asap|as soon as|(?<!too )soon|soonest|(?<!too )sooner|earliest|first available|next available|next week|this week|"
    r"next month|later this week|after \d+\w*|before \d+\w*|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|lunch|noon|(?<!too )early|(?<!too )late|"
    r"cualquier (dia|hora|momento|manana|tarde|noche)|entre semana|fin de semana|(en|por|x|pa|para) las? (mananas?|tardes?|noches?)|^\W*las (mananas|tardes|noches)\W*$|temprano|"
    r"lo antes posible|lo mas (pronto|rapido)|cuanto antes|cuando (sea|puedan|tengan)|(despues|antes|a partir) de las? \d+|desde las? \d+|la proxima semana|esta semana|lunes|martes|miercoles|"
    r"jueves|viernes|sabado|domingo|mediodia|"
    # "no preference, whatevers open", "doesnt matter", "me da igual"
    r"no pref\w*|(whatever|whatevers|whatever'?s|whatever is) (open|available|free|works)|(doesnt|does not|dont) matter|"
    # "im retired, any day", "free all week": any day suits
    r"(im|i'?m|i am) retired|free all (week|day)|(any|every) ?day works|"
    r"sin preferencia|(lo|el) que (tengan|haya)|(me )?da igual|"
    # "en 2 semanas, el dia q sea", "la semana q viene", "cuando sea"
    r"(el|un|cualquier) dia (que|q) sea|cuando (que |q )?sea|(la|esta) semana (que|q) viene|el mes (que|q) viene|"
    r"el proximo mes|(en|dentro de) (\d+|una|dos|tres|cuatro) semanas)\b",
    re.IGNORECASE,
)
# "after 4", "antes de las 10" with no day: a range of hours on any day (a
# vague preference), not today at that hour
OPEN_RANGE = re.compile(r"\b(after|before|from|despues de|antes de|a partir de|desde)\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(yesterday|last (week|month|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"this past (monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"\d+ (days?|weeks?) ago|ayer|anoche|(lunes|martes|miercoles|miércoles|jueves|viernes|sabado|sábado|domingo|"
    r"semana) pasad[oa])\b",
    re.IGNORECASE,
)
FLEXIBLE = "flexible"  # the preferred_time slot when the patient gave a preference, not a day


def normalise_when(text: Text) -> Text:
    """Lowercase, SMS shorthand for days and dayparts spelled out."""
    cleaned = (text or "").lower()
    for pattern, word in _SHORTHAND:
        cleaned = re.sub(pattern, word, cleaned)
    return cleaned


def is_vague_preference(text: Text) -> bool:
    """Whether ``text`` states when suits the patient without one day
    ("any weekday morning", "mornings are best", "asap", "cualquier día en
    la tarde")."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", normalise_when(text)) if not unicodedata.combining(c)
    )
    return bool(_VAGUE.search(folded))


class PreferredTimeError(ValueError):
    """Why a preferred time was refused: ``reason`` is 'unparseable', 'past' or 'too_far'."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PreferredTime:
    when: datetime  # timezone-aware, in the clinic's time zone
    has_time: bool  # False: the patient gave a day, not a time of day

    def display(self, language: Text = messages.DEFAULT_LANGUAGE) -> Text:
        """ "Monday, November 23, 2026 at 2:00 PM" in ``language`` (Babel's local forms)."""
        day = format_date(self.when, format="full", locale=language)
        if not self.has_time:
            return messages.text("booking_time_any_time", language, date=day)
        clock = format_time(self.when, format="short", locale=language).replace("\u202f", " ")
        return messages.text("booking_time_at", language, date=day, time=clock)


def _take_time(text: Text) -> Tuple[Text, Optional[time]]:
    """Removes the time of day from ``text``; returns the rest and the time."""
    part = _DAYPART.search(text)
    found: Optional[time] = None
    if part:
        found = DAYPARTS[part.group(1).lower()]
        text = text[: part.start()] + " " + text[part.end() :]
    for clock in _CLOCK.finditer(text):
        hour, minute, meridiem = int(clock.group(1)), int(clock.group(2) or 0), clock.group(3)
        prefix = clock.group(0).lower()
        is_day_number = (
            meridiem is None
            and clock.group(2) is None
            and not re.match(r"(at|after|around|about|by|before|from)\s", prefix)
        )
        if is_day_number or hour > 23 or minute > 59:
            continue  # "the 14", "december 3": a date, not a time
        if meridiem:
            pm = meridiem.lower().startswith("p")
            hour = hour % 12 + (12 if pm else 0)
        elif hour < 8 and found is None:
            hour += 12  # "friday at 2": clinics don't open at 2 a.m.
        elif found is not None and found.hour >= 12 and hour < 12:
            hour += 12  # "afternoon at 3"
        found = time(hour, minute)
        text = text[: clock.start()] + " " + text[clock.end() :]
        break
    return re.sub(r"\s+", " ", text).strip(" ,."), found


def midnight(when: datetime) -> datetime:
    return when.replace(hour=0, minute=0, second=0, microsecond=0)


def day_of_month(
    now: datetime, day: int, month: Optional[int] = None, year: Optional[int] = None
) -> Optional[datetime]:
    """The ``day`` of a month, at midnight: without ``month`` ("the 14th",
    "el 14") this month's, or the next month's that has it if it has passed;
    with ``month`` ("december 14", "14 de diciembre") this year's, or next
    year's if it has passed; with ``year`` too, that one. None when there is
    no such day."""
    if month is not None:
        years = [year] if year else [now.year, now.year + 1]
        for y in years:
            try:
                candidate = midnight(now).replace(year=y, month=month, day=day)
            except ValueError:
                return None
            if year or candidate.date() >= now.date():
                return candidate
        return None
    y, m = now.year, now.month
    for _ in range(3):
        try:
            this_month: Optional[datetime] = midnight(now).replace(year=y, month=m, day=day)
        except ValueError:
            this_month = None  # "the 31st" in a month of 30 days: the next that has it
        if this_month and this_month.date() >= now.date():
            return this_month
        m, y = (1, y + 1) if m == 12 else (m + 1, y)
    return None


def parse_day(text: Text, now: datetime, language: Text) -> Optional[datetime]:
    """The day ``text`` names in ``language`` ("friday", "december 3", "el 3
    de mayo"), read by dateparser with days to come preferred over days
    past: midnight in ``now``'s time zone, or None."""
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "TIMEZONE": str(now.tzinfo),
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DAY_OF_MONTH": "first",
    }
    parsed = dateparser.parse(text, languages=[language], settings=settings)
    return midnight(parsed.astimezone(now.tzinfo)) if parsed else None


def preferred_time_on(day: Optional[datetime], time_of_day: Optional[time], now: datetime) -> PreferredTime:
    """``day`` at ``time_of_day`` (None: the day, at no time in particular)
    as the patient's preferred time, or raises PreferredTimeError: no day
    ('unparseable'), a day or time gone by ('past'), more than
    ``MAX_DAYS_AHEAD`` days ahead ('too_far')."""
    if day is None:
        raise PreferredTimeError("unparseable")
    if time_of_day is not None:
        when = day.replace(hour=time_of_day.hour, minute=time_of_day.minute, second=0, microsecond=0)
    else:
        when = midnight(day)
    is_past = when < now if time_of_day is not None else when.date() < now.date()
    if is_past:
        raise PreferredTimeError("past")
    if when - now > timedelta(days=MAX_DAYS_AHEAD):
        raise PreferredTimeError("too_far")
    return PreferredTime(when, time_of_day is not None)


# a weekday some weeks off: "in two weeks on wednesday", "wednesday in 2 weeks",
# "tuesday the week after next", "the week after next on tuesday"
# "wednesday next week" on a Monday: the Wednesday of the week after this one
_NEXT_WEEK_DAY = (
    r"(?P<day5>(?:mon|tue|wed|thu|fri|sat|sun)\w*),? (?:of |in )?next week"
    r"|next week,? (?:on )?(?:the )?(?P<day6>(?:mon|tue|wed|thu|fri|sat|sun)\w*)"
)
_WEEKS_OFF_DAY = re.compile(
    r"^(?:in (?P<n>a|one|two|three|four|\d)(?: weeks?)(?:,? on(?: the| a)?|,)? (?P<day>(?:mon|tue|wed|thu|fri|sat|sun)\w*)"
    r"|(?P<day2>(?:mon|tue|wed|thu|fri|sat|sun)\w*),? in (?P<n2>a|one|two|three|four|\d) weeks?"
    r"|(?P<day3>(?:mon|tue|wed|thu|fri|sat|sun)\w*),? (?:of )?(?:the )?week after next"
    r"|(?:the )?week after next,? (?:on )?(?:the )?(?P<day4>(?:mon|tue|wed|thu|fri|sat|sun)\w*)"
    r"|" + _NEXT_WEEK_DAY + r")$",
    re.IGNORECASE,
)
# "tuesday next week", "next week on friday" inside a longer text
_DAY_NEXT_WEEK = re.compile(r"\b(?:" + _NEXT_WEEK_DAY + r")\b", re.IGNORECASE)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_DAY_INDEX = {day: n for n, day in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_WEEKDAY_NAME = r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"


def _weeks_off_day(text: Text, now: datetime) -> Optional[datetime]:
    """The weekday named in the week some weeks from now ("in two weeks on
    wednesday" on a Tuesday: the Wednesday 15 days on; "wednesday next week"
    on a Monday: the Wednesday of the week after this one), or None."""
    found = _WEEKS_OFF_DAY.match(text.strip())
    if not found:
        return None
    next_week = found.group("day5") or found.group("day6")
    # "wednesday next week": one week on; the week after next: two
    count = found.group("n") or found.group("n2") or ("one" if next_week else "two")
    weeks = int(count) if count.isdigit() else _NUMBER_WORDS[count.lower()]
    named = (
        next_week or found.group("day") or found.group("day2") or found.group("day3") or found.group("day4")
    )
    weekday = _DAY_INDEX[named[:3].lower()]
    that_week = now + timedelta(weeks=weeks)
    return that_week + timedelta(days=weekday - that_week.weekday())


def _parse_day(text: Text, now: datetime) -> Optional[datetime]:
    text = re.sub(
        r"\b(next|this|coming|this coming)\s+(?=(mon|tue|wed|thu|fri|sat|sun))", "", text, flags=re.I
    ).strip()
    if not text:
        return None
    weeks_off = _weeks_off_day(text, now)
    if weeks_off:
        return weeks_off
    ordinal = _ORDINAL_DAY.match(text)
    if ordinal:  # "the 14th": this month, or next month if it has passed
        return day_of_month(now, int(ordinal.group(1)))
    day = parse_day(text, now, "en")
    # a weekday named and another day read ("tuesday the week after next" was
    # read as today by dateparser): no day, rather than a wrong one (the text
    # is normalise_when's: "thurs" is "thursday" by now)
    named = {_DAY_INDEX[d[:3]] for d in re.findall(_WEEKDAY_NAME, text.lower())}
    if day is not None and len(named) == 1 and day.weekday() not in named:
        return None
    return day


# the words a day or time is made of; the rest of a message ("ok", "works
# for me", "I'm in new york") is dropped when the whole does not parse
_WHEN_WORDS = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|next|this|week|month|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|"
    r"apr|jun|jul|aug|sep|sept|oct|nov|dec|the|at|after|before|around|about|by|on|in|noon|midday|"
    r"morning|afternoon|evening|lunchtime|am|pm|a\.m\.|p\.m\.|days?|weeks?|\d{1,2}(?::\d{2})?(?:am|pm)?|"
    r"\d{1,2}(?:st|nd|rd|th)|" + "|".join(_ZONES) + r")$",
    re.IGNORECASE,
)


_EXCEPT = re.compile(
    r"\b(except|not|no|cant|cannot|never|excepto|menos|bad|busy|booked|out|doesnt|dont|wont|tough|impossible)\b",
    re.IGNORECASE,
)


def _salvaged(text: Text) -> Optional[Text]:
    """``text`` reduced to its day-and-time words ("ok next wednesday at 1pm
    then" -> "next wednesday at 1pm"), or None when nothing is left to read."""
    # "any weekday morning except wednesdays" is no wednesday; but in "not this
    # week, next thursday maybe" the part that names no exception still reads
    clauses = [c for c in re.split(r"[,;.!?]+\s*|\s+but\s+", text) if c.strip()]
    kept_clauses = [c for c in clauses if not _EXCEPT.search(c)]
    if not kept_clauses:
        return None
    # what was read already: the whole message ("ok not bad. wednesday at 1pm"
    # reads once "ok not bad" is dropped, though every word of the rest is kept)
    whole = " ".join(w for w in re.split(r"[\s,;]+", normalise_when(text)) if w)
    text = ", ".join(kept_clauses)
    # "a thursday in two weeks if u can": the count of weeks is a word of the day
    text = re.sub(
        r"\b(a|one|two|three|four)\s+(?=(?:days?|weeks?)\b)",
        lambda m: str(_NUMBER_WORDS[m.group(1).lower()]) + " ",
        text,
        flags=re.IGNORECASE,
    )
    words = [w for w in re.split(r"[\s,;]+", normalise_when(text)) if w]
    kept = [w.strip("()") for w in words if _WHEN_WORDS.match(w.strip(".!?()"))]
    while kept and kept[-1].lower() in {
        "the",
        "at",
        "after",
        "before",
        "around",
        "about",
        "by",
        "on",
        "in",
        "next",
        "this",
    }:
        kept.pop()
    reduced = re.sub(r"\b(this|next)\s+(?=(this|next)\b)", "", " ".join(kept))  # "this is ... next friday"
    weekdays = set(re.findall(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", reduced))
    if len(weekdays) > 1:
        return None  # "tuesdays or thursdays": a preference, kept as said
    for day in weekdays:
        # "fridays r best for me, this friday morning": the day said last, as said there
        last = list(re.finditer(r"\b(?:(?:this|next)\s+)?" + day + r"\b", reduced))
        if len(last) > 1:
            reduced = reduced[last[-1].start() :]
    # "early next week, like monday at 8am": the day named; but "tuesday next
    # week" is that week's day (_weeks_off_day)
    if weekdays and not _DAY_NEXT_WEEK.search(reduced):
        reduced = re.sub(r"\b(next|this) week\b", "", reduced).strip()
    day_word = re.search(
        r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|\d{1,2}(st|nd|rd|th))\b",
        reduced,
    )
    if not day_word or reduced == whole:
        return None
    return reduced


def _past_only_denied(text: Text) -> bool:
    """Whether every day gone by in ``text`` is in a clause that denies it
    ("not last week, next tuesday afternoon")."""
    clauses = [c for c in re.split(r"[,;.!?]+\s*|\s+but\s+", text) if c.strip()]
    past = [c for c in clauses if _PAST.search(normalise_when(c))]
    return bool(past) and all(_EXCEPT.search(c) for c in past)


def parse_preferred_time(text: Text, now: Optional[datetime] = None) -> PreferredTime:
    """The day (and time) the patient prefers, in the clinic's time zone, or
    raises PreferredTimeError; a message that only reads once its other words
    are dropped ("ok friday works, around noon") is read that way."""
    try:
        return _parse_preferred_time(text, now)
    except PreferredTimeError as error:
        salvage = error.reason == "unparseable" or (error.reason == "past" and _past_only_denied(text))
        reduced = _salvaged(text) if salvage else None
        if reduced is None:
            if salvage:
                return _in_so_long(text, now, error)
            raise
        try:
            return _parse_preferred_time(reduced, now)
        except PreferredTimeError:
            # "oh my bad lol wrong week. next friday afternoon then": the last
            # sentence that reads on its own is the time the patient means;
            # else the first clause that does ("Friday at 4pm eastern time,
            # we'll be driving in from Atlanta that week")
            # ("wednesday morning. by the afternoon this pain is brutal", "im
            # in atlanta this month so wed 2pm eastern": a clause as it is)
            sentences = [c for c in re.split(r"[.;!?]+\s*", text) if c.strip()]
            # ("any thursday morning since thats my day off": the clause before the reason)
            clauses = [
                c for c in re.split(r"[,.;!?]+\s*|\s+(?:so|since|because|cause|cuz|bc)\s+", text) if c.strip()
            ]
            for piece in list(reversed(sentences[1:])) + (clauses if len(clauses) > 1 else []):
                alone = _salvaged(piece) or piece.strip()
                if alone:
                    try:
                        return _parse_preferred_time(alone, now)
                    except PreferredTimeError:
                        continue
            return _in_so_long(text, now, error)


# a day named by how far off it is ("in two weeks", "in 3 days", "in a month")
_IN_SO_LONG = re.compile(
    r"\bin (a|an|one|two|three|four|five|six|a couple( of)?|a few|\d{1,2}) (days?|weeks?|months?)\b"
)


def _in_so_long(text: Text, now: Optional[datetime], error: PreferredTimeError) -> PreferredTime:
    """The day a span of time names in a longer message ("sometime in two
    weeks when this is sorted out" -> in two weeks), else raises ``error``."""
    cleaned = normalise_when(text).strip()
    span = _IN_SO_LONG.search(cleaned)
    if span is None or span.group(0) == cleaned:
        raise error
    return _parse_preferred_time(span.group(0), now)


def _parse_preferred_time(text: Text, now: Optional[datetime] = None) -> PreferredTime:
    """The day (and time) the patient prefers, in the clinic's time zone, or
    raises PreferredTimeError. A time zone the patient names ("monday at 3pm
    EST") is honoured: the time is read in that zone and converted."""
    now = now or datetime.now(clinic_timezone())
    cleaned = _FILLER.sub(" ", normalise_when(unicodedata.normalize("NFKC", text or "")))
    cleaned = re.sub(r"[!?]", " ", cleaned)
    cleaned = _SELF_CORRECTION.sub("", cleaned.strip())
    zoned = in_stated_zone(cleaned, now, _parse_preferred_time)
    if zoned is not None:
        return zoned
    if _PAST.search(cleaned):
        raise PreferredTimeError("past")
    rest, time_of_day = _take_time(cleaned)
    # "the morning of the 9th": the day without the "of" the part of the day
    # leaves (dateparser read "of the 9th" as September)
    rest = re.sub(r"^(?:the\s+)?of\s+", "", rest)
    rest = re.sub(r"\b(on|at|in|the|any time|anytime|sometime|around|before|after|by|about)\s*$", "", rest)
    rest = re.sub(r"\bthis coming\b", "this", rest).strip(" ,.")
    if not rest and time_of_day is not None:
        if OPEN_RANGE.search(cleaned):
            raise PreferredTimeError("unparseable")  # "after 4": any day, noted as said
        if not re.search(r"\d|\b(this|today|tonight|now)\b", cleaned):
            raise PreferredTimeError("unparseable")  # "mornings": any day's, noted as said, not today's
        rest = "today"
    return preferred_time_on(_parse_day(rest, now), time_of_day, now)
