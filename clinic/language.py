"""Which language a patient writes in, English or Spanish, and which to answer in.

Three layers, each for what the one before cannot tell:

1. **Explicit switches**: "in English please", "en español", "¿habla inglés?",
   "no hablo inglés", "I don't speak Spanish". Always obeyed.
2. **Chat words** for short texts, where statistics have too little to go on:
   Spanish and English words and SMS shorthand that belong to one language only
   ("q", "xq", "porfa", "tmb", "gracias", "sí" / "u", "thx", "idk", "yes").
3. **Lingua** (``lingua-language-detector``): n-gram models of English and
   Spanish shipped inside the package, so it works offline; restricted to the
   two languages, which makes it sure of itself on a few words where general
   detectors guess among 75. It reads the whole message, so a mixed one
   ("me quieren hacer un nerve block, duele?") is the language most of it is in.

``reply_language`` keeps the conversation's language unless a message clearly
says otherwise: a name, a number, "ok" or a one-word "thanks" do not switch a
Spanish conversation to English; a sentence in the other language does, and an
explicit request always.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Text, Tuple

from clinic.content import DEFAULT_LANGUAGE

EN = "en"
ES = "es"
LANGUAGES = (EN, ES)

# the lingua confidence a message needs to count as one language
SURE = 0.6  # for a message of SHORT_WORDS words or more
SURE_SHORT = 0.9  # for a shorter one, when no chat word tells
SHORT_WORDS = 4
# below this lingua confidence, a longer message's one-language chat words
# decide when they disagree with lingua
CHAT_OVERRULES = 0.8  # one chat word more in one language
CHAT_OVERRULES_PER_WORD = 0.05  # each further one makes them surer
CHAT_OVERRULES_MAX = 0.95
# the words a message needs to switch a conversation to the other language
SWITCH_WORDS = 3
# the longest message that can be an explicit switch ("en español por favor")
SWITCH_MAX_WORDS = 16
# form questions whose answers (a name, a number) say nothing of the language
LANGUAGE_BLIND = frozenset({"full_name", "phone"})

# ---------------------------------------------------------------- explicit switches

# matched on the lowercased text without accents; the first that matches wins
_SWITCHES: List[Tuple[Text, re.Pattern[str]]] = [
    (ES, re.compile(r"\bno (hablo|entiendo|leo|se) (bien |mucho |muy bien )?(el )?ingles\b")),
    (ES, re.compile(r"\b(don'?t|do not|can'?t|cannot) (speak|understand|read) (much |good )?english\b")),
    (EN, re.compile(r"\bno (hablo|entiendo|leo|se) (bien |mucho |muy bien )?(el )?espanol\b")),
    (EN, re.compile(r"\b(don'?t|do not|can'?t|cannot) (speak|understand|read) (much |good )?spanish\b")),
    (EN, re.compile(r"\b(in|into|to) english\b|\benglish,? (please|pls|plz)\b|\bspeak english\b")),
    (
        EN,
        re.compile(
            r"\b(en|al) ingles\b|(?<!\bno )\bhabl\w* ingles\b|\bingles,? (por ?favor|porfa)\b|\bprefer\w* english\b"
        ),
    ),
    (ES, re.compile(r"\b(en|al) espanol\b|\bhabl\w* espanol\b|\bespanol,? (por ?favor|porfa)\b")),
    (ES, re.compile(r"\b(in|into|to) spanish\b|\bspanish,? (please|pls|plz)\b|\bspeak spanish\b")),
    (ES, re.compile(r"\bprefier\w* (el )?espanol\b|\bprefer\w* spanish\b")),
    (EN, re.compile(r"^\W*(english|ingles)\W*$")),
    (ES, re.compile(r"^\W*(spanish|espanol)\W*$")),
]

# a paper of one's own to translate or to write ("traduce esta carta al
# ingles pa mi landlord", "me ayudas a escribir un correo para mi jefe en
# ingles?"): asks a service, not the chat's language
_A_PAPER_TO_WRITE = re.compile(
    r"\b(tradu\w*|translat\w*|escrib\w*|redact\w*|write|writing|wrote|draft\w*)\b.{0,30}"
    r"\b(carta|cartas|documento|documentos|papel|papeles|forma|formulario|correo|receta|ensayo|"
    r"letter|letters|document|documents|form|forms|paper|papers|email|e-mail|prescription|essay)\b"
)

# ---------------------------------------------------------------- chat words

# Words of one language only (as patients type them: no accents, shorthand);
# words both use ("no", "ok", "me", "doctor", "a", "y" = "why") are in neither.
SPANISH_WORDS = frozenset(
    """
    q k xq pq porq porke xk xfa xfavor porfa porfis tmb tmbn tb ntp dnd cdo msj bn
    que por para con una unos unas los las del el la es esta estoy estan soy eres
    hola buenas buenos dias tardes noches gracias grax grac grcs grasias mil adios chao si claro dale vale listo andale
    cuidate cuidese cuidense bendiciones saludos nos vemos pronto
    bueno perfecto quiero quisiera necesito puedo puede tengo tiene hay duele dolor dolores
    cita citas ayuda ayudar ayudeme favor como cuando donde cuanto cuanta cual quien porque
    pero tambien muy mas menos usted ustedes mi mis su sus nada algo mejor despues antes
    manana hoy ayer semana lunes martes miercoles jueves viernes sabado domingo tarde noche
    medico medica enfermedad tratamiento inyeccion inyecciones espalda cuerpo cansancio
    olvidalo olvidelo cancela cancelar cancele perdon disculpe oiga oye senora senor sra sr
    llamar llame llamen hablar persona alguien informacion sobre riesgos recuperacion
    de en lo le les se te nos pues entonces nomas aceptan tienen hacen ponen tratan
    abren cierran trabajan llaman ahi aqui alla mucho poco
    """.split()
)
ENGLISH_WORDS = frozenset(
    """
    u r ur pls plz thx thanx ty tysm idk b4 2morrow tmrw tmr lol omg btw wat wats wut bout gonna wanna gotta
    the and you your what whats how when where why who which is are was were be been
    hi hello hey thanks thank yes yeah yep yup nope please bye goodbye sure great see
    i im i'm my can could would should will want need book appointment help call
    tomorrow today tonight morning afternoon evening week monday tuesday wednesday
    thursday friday saturday sunday it this that do does don't dont doesnt of to for with
    pain hurt hurts injection injections shot back recovery risks about after before
    """.split()
)

# SMS shorthand spelled out before lingua reads the message
_EXPAND = {
    "q": "que",
    "k": "que",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "porke": "porque",
    "xk": "porque",
    "xfa": "por favor",
    "xfavor": "por favor",
    "porfa": "por favor",
    "porfis": "por favor",
    "tmb": "también",
    "tmbn": "también",
    "tb": "también",
    "ntp": "no te preocupes",
    "dnd": "donde",
    "cdo": "cuando",
    "msj": "mensaje",
    "u": "you",
    "r": "are",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thank you",
    "idk": "I don't know",
    "b4": "before",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
}
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?|\d+\w*", re.UNICODE)
_SPANISH_MARKS = re.compile(r"[ñ¿¡]", re.IGNORECASE)


_REPEATS = re.compile(r"(\w)\1{1,}")


def _squeeze(word: Text) -> Text:
    """A chat word with its stretched letters undone ("siii" -> "si",
    "graciasss" -> "gracias", "yesss" -> "yes"); a word that is a chat word
    as typed ("all", "llamar") is kept."""
    if word in SPANISH_WORDS or word in ENGLISH_WORDS:
        return word
    squeezed = _REPEATS.sub(r"\1", word)
    return squeezed if squeezed in SPANISH_WORDS or squeezed in ENGLISH_WORDS else word


def fold(text: Text) -> Text:
    """Lowercase, without accents (ñ too): what patients type without them."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text or "").lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


@dataclass(frozen=True)
class Detected:
    """What one message says of its language."""

    language: Optional[Text]  # "en", "es", or None: the message does not tell
    confidence: float  # 0..1
    words: int  # words in the message
    explicit: bool = False  # the patient asked for it ("en español")


def switch_request(text: Text) -> Optional[Text]:
    """The language the patient explicitly asks for, or None. A long
    message is a story, not a request ("...the papers were all in English..."):
    only one of SWITCH_MAX_WORDS words or fewer can ask."""
    folded = fold(text)
    if len(_WORD.findall(folded)) > SWITCH_MAX_WORDS or _A_PAPER_TO_WRITE.search(folded):
        return None
    for language, pattern in _SWITCHES:
        if pattern.search(folded):
            return language
    return None


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def _lingua(text: Text) -> Tuple[Optional[Text], float]:
    from lingua import Language

    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value <= 0:
        return None, 0.0
    top = values[0]
    return (ES if top.language == Language.SPANISH else EN), float(top.value)


def _looks_like_a_name(words: List[Text], text: Text) -> bool:
    """ "María José García López", "Rose Hill": capitalised words that are
    not chat words say nothing of the language."""
    raw = [w for w in _WORD.findall(text) if not w.isdigit()]
    return (
        0 < len(raw) <= 5
        and all(w[:1].isupper() for w in raw)
        and not any(w in SPANISH_WORDS or w in ENGLISH_WORDS for w in words)
    )


def detect(text: Text) -> Detected:
    """The language ``text`` is (mostly) in, English or Spanish, or None when
    it does not tell ("ok", "5125550142", "María García")."""
    return _detect(text if isinstance(text, str) else "")


# capitalised words after a word in lowercase or a comma, not at a
# sentence's start: names of people and places ("her name's Marisol
# Etxeberria", "we live in San Marcos") say nothing of the language
_NAMES_INSIDE = re.compile(
    r"(?<=[a-záéíóúñü,'’]\s)[A-ZÁÉÍÓÚÑ][a-záéíóúñü][a-záéíóúñü'’-]*(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñü][a-záéíóúñü'’-]*)*"
)


def without_names(text: Text) -> Text:
    """``text`` without the capitalised names inside it, unless nothing
    else is left."""
    rest = _NAMES_INSIDE.sub(" ", text or "")
    return rest if _WORD.search(rest) else text


@functools.lru_cache(maxsize=4096)  # a conversation's messages are read again each turn
def _detect(text: Text) -> Detected:
    explicit = switch_request(text)
    words = [_squeeze(w) for w in _WORD.findall(fold(text)) if not w.isdigit()]
    if explicit:
        return Detected(explicit, 1.0, len(words), explicit=True)
    if not words or _looks_like_a_name(words, text):
        return Detected(None, 0.0, len(words))
    spanish, english = chat_words(text)
    expanded = " ".join(_EXPAND.get(w, w) for w in _WORD.findall(without_names(text).lower()))
    language, confidence = _lingua(expanded)
    if len(words) < SHORT_WORDS:
        if spanish != english:  # chat words decide a short message
            return Detected(ES if spanish > english else EN, 0.9, len(words))
        if confidence >= SURE_SHORT:
            return Detected(language, confidence, len(words))
        return Detected(None, confidence, len(words))
    margin = abs(spanish - english)
    overrules = min(CHAT_OVERRULES + CHAT_OVERRULES_PER_WORD * (margin - 1), CHAT_OVERRULES_MAX)
    if margin and language != (ES if spanish > english else EN) and confidence < overrules:
        # "aceptan medicaid de texas?": English names in a Spanish sentence
        # sway lingua a little; the sentence's own words say Spanish
        return Detected(ES if spanish > english else EN, confidence, len(words))
    if language and confidence >= SURE:
        return Detected(language, confidence, len(words))
    if abs(spanish - english) >= 2:
        return Detected(ES if spanish > english else EN, 0.6, len(words))
    return Detected(None, confidence, len(words))


def reply_language(text: Text, current: Any = None, expecting: Optional[Text] = None) -> Text:
    """The language to answer ``text`` in, and to keep for the conversation.

    ``current``: the conversation's language so far (None: not known yet);
    ``expecting``: the form question being answered (a name or a phone number
    never changes the language)."""
    kept = current if current in LANGUAGES else None
    found = detect(text)
    if found.explicit:
        return found.language or DEFAULT_LANGUAGE
    if expecting in LANGUAGE_BLIND or found.language is None:
        return kept or DEFAULT_LANGUAGE
    if kept is None or found.language == kept:
        return found.language
    # another language than the conversation's: only a sentence switches it,
    # and not one whose own chat words lean to the conversation's language
    # ("ah ok. y q es exactly ese aparato?": lingua reads English, its words
    # are Spanish)
    if found.words < SWITCH_WORDS:
        return kept
    spanish, english = chat_words(text)
    if (spanish >= english) if kept == ES else (english >= spanish):
        return kept
    return found.language


def chat_words(text: Text) -> Tuple[int, int]:
    """How many of ``text``'s words are Spanish and English chat words
    (``SPANISH_WORDS``, ``ENGLISH_WORDS``; an ñ, ¿ or ¡ counts twice as
    Spanish): (spanish, english)."""
    words = [_squeeze(w) for w in _WORD.findall(fold(text or "")) if not w.isdigit()]
    spanish = sum(w in SPANISH_WORDS for w in words) + 2 * len(_SPANISH_MARKS.findall(text or ""))
    return spanish, sum(w in ENGLISH_WORDS for w in words)


# how many of the patient's latest messages decide the conversation's language
CONVERSATION_WINDOW = 20


def conversation_language(events: Iterable[Dict[Text, Any]], default: Text = DEFAULT_LANGUAGE) -> Text:
    """The conversation's language now, from its events (Rasa's event dicts:
    ``{"event": "user", "text": ...}``, ``{"event": "slot", "name":
    "requested_slot", ...}``): ``reply_language`` over the patient's messages
    in order, each with the form question it answered. Button presses
    ("/affirm") say nothing. Pure: the Rasa server (responses), the action
    server (answers, the form) and the channels get the same answer from the
    same conversation, with no slot to keep."""
    said: List[Tuple[Text, Optional[Text]]] = []
    requested: Optional[Text] = None
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value") if isinstance(event.get("value"), str) else None
        elif kind == "active_loop" and not event.get("name"):
            requested = None
        elif kind == "user":
            text = event.get("text")
            if isinstance(text, str) and text.strip() and not text.startswith("/"):
                said.append((text, requested))
    language: Optional[Text] = None
    for text, expecting in said[-CONVERSATION_WINDOW:]:
        language = reply_language(text, language, expecting)
    return language or default
