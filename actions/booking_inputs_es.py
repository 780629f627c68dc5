"""What a patient types into the booking form in Spanish, parsed and checked.

Pure functions, no Rasa, beside ``actions.booking_inputs`` (the English ones)
and returning what they return:

* ``parse_preferred_time_es``: "el martes en la mañana", "pasado mañana a las
  3", "el 14 después de las 3", "mañana por la tarde", "el viernes a las 10
  de la mañana", "a las 4 y media" → ``PreferredTime`` (or
  ``PreferredTimeError`` with the same reasons: unparseable, past, too_far);
  ``parse_preferred_time_in(text, language)`` tries the conversation's
  language first and then the other one ("friday at 2" in a Spanish chat);
* ``clean_name_es``: "me llamo María José García López", "soy Ana de la
  Cruz" → the name; "sí", "no sé", "ninguno" → None;
* ``is_clear_yes_es``, ``is_no_es``, ``leaving_es``: the summary's yes / no
  and leaving the form ("olvídalo", "mejor no", "cancela", "adiós"), from the
  word lists of ``content/form_answers.yml`` (staff can add words there).

Spanish "mañana" is both "tomorrow" and "morning": "mañana" alone or first is
the day, "en/por/de la mañana" the time of day.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Optional, Text, Tuple, Union

from actions.booking_inputs import (
    OPEN_RANGE,
    PreferredTime,
    PreferredTimeError,
    clean_name,
    day_of_month,
    in_stated_zone,
    midnight,
    parse_day,
    parse_preferred_time,
    preferred_time_on,
)
from clinic.content import form_answers
from clinic.settings import clinic_timezone

ES = "es"


def _fold(text: Text) -> Text:
    """Lowercase, no accents (ñ kept): how the patterns below read a message."""
    text = unicodedata.normalize("NFKC", text or "").lower().replace("ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", text).replace("\0", "ñ")


# ---------------------------------------------------------------- days and times

WEEKDAYS = {"lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6}
MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
# the times of day the English parser uses for "morning", "afternoon", ...
DAYPARTS = {"mañana": time(9, 0), "mediodia": time(12, 0), "tarde": time(14, 0), "noche": time(17, 0)}
_DAYPART = re.compile(
    # "la mañana del 9", "la tarde del viernes": the part of a day named after it
    r"\b(?:(?:en|por|de|a|durante)\s+(?:la|las)\s+|al\s+|(?:en|por)\s+las\s+"
    r"|^(?:la|las)\s+(?=(?:mañana|tarde|noche)s?\s+del?\b))"
    r"(mañana|mañanas|tarde|tardes|noche|noches|mediodia)\b"
    r"|\b(temprano|mediodia)\b"
)
_CLOCK = re.compile(
    r"\b(?P<lead>(?:a|como a|tipo|a eso de|despues de|antes de|desde|de|para|hacia|por ahi de)\s+"
    r"(?:las?|eso de las?)\s+|(?:a|como a|tipo)\s+|las?\s+)?"  # "las 3 de la tarde": hours, with "a" or without
    r"(?P<hour>\d{1,2})(?:(?::|\.)(?P<minute>\d{2})|\s+y\s+(?P<fraction>media|cuarto))?"
    r"\s*(?P<meridiem>a\.?\s?m\.?|p\.?\s?m\.?|(?:de|en|por) la (?:mañana|tarde|noche)|hrs?|horas)?"
    r"(?=\s|$|[,.!?])"
)
_ORDINAL_DAY = re.compile(r"^(?:el\s+)?(?:dia\s+)?(\d{1,2})(?:\s+de\s+(\w+))?(?:\s+de\s+(\d{4}))?$")
_WEEKDAY = re.compile(
    r"^(?:el\s+|este\s+|esta\s+|para el\s+)?(?:proximo\s+|siguiente\s+)?"
    r"(lunes|martes|miercoles|jueves|viernes|sabado|domingo)(?:\s+(?:que viene|proximo|siguiente))?$"
)
_FILLER = re.compile(
    r"\b(por favor|porfa|porfavor|xfa|si se puede|si es posible|seria|estaria bien|me queda bien|"
    r"me conviene|de preferencia|preferiblemente|mejor|puede ser|puedo|pueden|quisiera|quiero|"
    r"podria ser|me gustaria|la cita|una cita)\b"
)


def _take_time(text: Text) -> Tuple[Text, Optional[time]]:
    """Removes the time of day from ``text`` (folded); the rest and the time."""
    found: Optional[time] = None
    for part in _DAYPART.finditer(text):
        if re.search(
            r"\b(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)\s+(?:[1-9]|1[0-2])\s*$",
            text[: part.start()],
        ):
            continue  # "el jueves 3 de la tarde": a weekday, then the hour (read with the clock below)
        word = (part.group(1) or part.group(2)).rstrip("s")
        if part.group(2) == "temprano":
            word = "mañana"
        # "mañana" at the very start is the day ("mañana por la tarde"), not
        # the morning; only "en/por/de la mañana" reach here as the morning
        found = DAYPARTS[word]
        text = text[: part.start()] + " " + text[part.end() :]
        break
    for clock in _CLOCK.finditer(text):
        hour, minute = int(clock.group("hour")), int(clock.group("minute") or 0)
        fraction, meridiem, lead = clock.group("fraction"), clock.group("meridiem") or "", clock.group("lead")
        if fraction:
            minute = 30 if fraction == "media" else 15
        is_day_number = not lead and not meridiem and clock.group("minute") is None and not fraction
        if is_day_number or hour > 23 or minute > 59:
            continue  # "el 14": a date, not a time
        if meridiem.startswith("p") or re.search(r"tarde|noche", meridiem):
            hour = hour % 12 + 12
        elif meridiem.startswith("a") or "mañana" in meridiem:
            hour = hour % 12
        elif hour < 8 and (found is None or found.hour >= 12):
            hour += 12  # "el viernes a las 2": clinics don't open at 2 a.m.
        elif found is not None and found.hour >= 12 and hour < 12:
            hour += 12  # "en la tarde a las 3"
        found = time(hour, minute)
        text = text[: clock.start()] + " " + text[clock.end() :]
        break
    return re.sub(r"\s+", " ", text).strip(" ,."), found


def _next_weekday(now: datetime, weekday: int) -> datetime:
    days = (weekday - now.weekday()) % 7 or 7  # "el lunes" said on a Monday: next week's
    return midnight(now) + timedelta(days=days)


def _parse_day(text: Text, now: datetime) -> Optional[datetime]:
    text = re.sub(r"^(para|el dia|en|el)\s+(?=(hoy|mañana|pasado))", "", text).strip()
    if not text:
        return None
    if text in ("hoy", "ahora", "hoy mismo"):
        return midnight(now)
    if text in ("pasado mañana", "pasado manana"):
        return midnight(now) + timedelta(days=2)
    if text in ("mañana", "manana", "mañana mismo"):
        return midnight(now) + timedelta(days=1)
    weekday = _WEEKDAY.match(text)
    if weekday:
        return _next_weekday(now, WEEKDAYS[weekday.group(1)])
    ordinal = _ORDINAL_DAY.match(text)
    if ordinal:
        month = MONTHS.get(ordinal.group(2) or "") if ordinal.group(2) else None
        if ordinal.group(2) and month is None:
            return None
        year = int(ordinal.group(3)) if ordinal.group(3) else None
        return day_of_month(now, int(ordinal.group(1)), month, year)
    named = re.match(r"^(?:el\s+)?(lunes|martes|miercoles|jueves|viernes|sabado|domingo)\s+(\d{1,2})$", text)
    if named:  # "el martes 14"
        return day_of_month(now, int(named.group(2)), None, None)
    if re.search(r"\b(pasado|anterior|ayer|antier|anteayer)\b", text):
        return _past(text, now)
    return parse_day(text, now, ES)


def _past(text: Text, now: datetime) -> Optional[datetime]:
    """ "ayer", "el lunes pasado": a day that has passed (refused as past)."""
    if re.search(r"\b(ayer|antier|anteayer)\b", text):
        return midnight(now) - timedelta(days=1)
    return None


_NUMBER_WORDS = {"un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4}
# SMS shorthand for days and "mañana" ("el sab o lun", "jue en la mñn"); not
# "mar" (martes), which is also the sea
_SHORTHAND = [
    (r"\blun\b\.?", "lunes"),
    (r"\bmart\b\.?", "martes"),
    (r"\b(mie|mier|mierc)\b\.?", "miercoles"),
    (r"\b(jue|juev)\b\.?", "jueves"),
    (r"\b(vie|vier)\b\.?", "viernes"),
    (r"\bsab\b\.?", "sabado"),
    (r"\bdom\b\.?", "domingo"),
    (r"\b(mñn|mñna|mna|mnn)\b\.?", "mañana"),
]


def parse_preferred_time_es(text: Text, now: Optional[datetime] = None) -> PreferredTime:
    """The day (and time) a patient prefers, written in Spanish, or raises
    PreferredTimeError ('unparseable', 'past', 'too_far')."""
    now = now or datetime.now(clinic_timezone())
    cleaned = re.sub(r"\bmanana\b", "mañana", _fold(text))  # typed without the tilde
    for pattern, word in _SHORTHAND:  # "jue o vie en la mñn"
        cleaned = re.sub(pattern, word, cleaned)
    cleaned = _FILLER.sub(" ", cleaned)
    cleaned = re.sub(r"\bq\b", "que", cleaned)  # SMS "q": "la semana q viene"
    # "cualquier mañana": any morning, not tomorrow
    cleaned = re.sub(r"\bcualquier (mañana|tarde|noche)\b", r"cualquier dia en la \1", cleaned)
    # "en dos semanas": the number as digits, as the day parser reads it
    cleaned = re.sub(
        r"\b(una|un|dos|tres|cuatro)\s+(?=(semanas?|dias)\b)",
        lambda m: str(_NUMBER_WORDS[m.group(1)]) + " ",
        cleaned,
    )
    cleaned = re.sub(r"[¡!¿?]", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,.")
    zoned = in_stated_zone(cleaned, now, parse_preferred_time_es)
    if zoned is not None:
        return zoned
    rest, time_of_day = _take_time(cleaned)
    rest = re.sub(r"^del\s+", "el ", rest)  # "la mañana del 9": the day, "el 9"
    rest = re.sub(r"\b(el|en|a|las|la|por|para|de|cualquier hora|a cualquier hora)\s*$", "", rest).strip(
        " ,."
    )
    if not rest and time_of_day is not None:
        if OPEN_RANGE.search(cleaned):
            raise PreferredTimeError("unparseable")  # "después de las 4": any day, noted as said
        if not re.search(r"\d|\b(hoy|ahora|ahorita|esta (mañana|tarde|noche))\b", cleaned):
            # "por las mañanas": any day's, noted as said, not today's
            raise PreferredTimeError("unparseable")
        rest = "hoy"
    return preferred_time_on(_parse_day(rest, now) or _day_within(rest, now), time_of_day, now)


# a day named inside other words: "ok ya, el viernes", "quise decir el lunes que viene"
_DAY_PHRASE = re.compile(
    r"(?:\b(?:el|este|esta|para el)\s+)?(?:\b(?:proximo|siguiente)\s+)?"
    r"\b(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b(?:\s+(?:que viene|proximo|siguiente|\d{1,2}\b))?"
    r"|\bpasado mañana\b|\bmañana\b|\bhoy\b|\bel\s+(?:dia\s+)?\d{1,2}(?:\s+de\s+[a-z]+)?\b"
)
# a day the patient rules out, just before its name: "menos el viernes",
# "excepto los lunes", "pero no el martes", "ni el jueves"
# "menos los lunes y jueves" rules out both days
_EXCEPT_BEFORE = re.compile(
    r"\b(?:menos|excepto|salvo|no|ni|sin|but not|except)\s+(?:(?:el|los|la|las)\s+)?"
    r"(?:(?:lunes|martes|miercoles|jueves|viernes|sabados?|domingos?)\s*(?:,|\by\b|\bni\b|\bo\b)\s*(?:(?:el|los)\s+)?)*$"
)
_PAST_WORDS = re.compile(r"\b(?:pasad[oa](?!\s+mañana)|anterior|ayer|antier|anteayer)\b")


def _day_within(rest: Text, now: datetime) -> Optional[datetime]:
    """The first day named inside a longer answer, or None (and None for an
    answer about a day that has passed: that one is refused as it is)."""
    if _PAST_WORDS.search(rest):
        return None
    for phrase in _DAY_PHRASE.finditer(rest):
        if _EXCEPT_BEFORE.search(rest[: phrase.start()]):
            continue  # "cualquier dia menos el viernes": the day that is not wanted
        day = _parse_day(phrase.group(0).strip(), now)
        if day is not None:
            return day
    return None


def parse_preferred_time_in(text: Text, language: Text, now: Optional[datetime] = None) -> PreferredTime:
    """The preferred time in the conversation's ``language`` first, then in
    the other one; a time both cannot read raises the first one's error.

    Without ``now``, read at the current minute of the clinic's time zone,
    once: a turn of the form reads the same text several times (the
    extraction, a correction keeping its day, the validation)."""
    if now is not None:
        return _parse_in(text, language, now)
    minute = datetime.now(clinic_timezone()).replace(second=0, microsecond=0)
    found = _read_this_minute(text, language, minute, str(minute.tzinfo))
    if isinstance(found, PreferredTimeError):
        raise PreferredTimeError(found.reason)
    return found


@lru_cache(maxsize=256)
def _read_this_minute(
    text: Text, language: Text, minute: datetime, zone: Text
) -> Union[PreferredTime, PreferredTimeError]:
    # ``zone`` is part of the key: equal instants in two zones are equal datetimes
    try:
        return _parse_in(text, language, minute)
    except PreferredTimeError as error:
        return error


def _parse_in(text: Text, language: Text, now: datetime) -> PreferredTime:
    parsers = [parse_preferred_time_es, parse_preferred_time]
    if language != ES:
        parsers.reverse()
    first: Optional[PreferredTimeError] = None
    for parse in parsers:
        try:
            return parse(text, now)
        except PreferredTimeError as error:
            if error.reason != "unparseable":
                raise  # it read a day: past or too far
            first = first or error
    assert first is not None
    raise first


# ---------------------------------------------------------------- names

_NAME_PREFIX = re.compile(
    r"^(?:hola|buenas|buenos dias|buenas tardes)?[,!. ]*"
    r"(?:me llamo|mi nombre es|mi nombre completo es|mi nombre|nombre:|nombre es|soy|yo soy|es)\s+",
    re.IGNORECASE,
)


NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "van", "von"})


def clean_name_es(text: Text) -> Optional[Text]:
    """The patient's name from a Spanish answer ("me llamo María José García
    López", "soy Ana de la Cruz"), or None if it is not a name ("sí", "no sé")."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    stripped = _NAME_PREFIX.sub("", text).strip()
    words = [_fold(w).strip(".,!") for w in stripped.split()]
    not_names = {_fold(w) for w in form_answers(ES).get("not_names", [])}
    if not words or all(w in not_names for w in words) or _fold(stripped) in not_names:
        return None
    if len(words) >= 3 and sum(w in not_names for w in words) * 2 >= len(words):
        return None  # "no quiero dar mi nombre"
    name = clean_name(stripped)
    if name is None:
        return None
    # "Ana de la Cruz", "José Ortega y Gasset": particles stay as typed
    typed = stripped.split()
    kept = [
        typed[i] if i and typed[i].islower() and _fold(typed[i]) in NAME_PARTICLES else word
        for i, word in enumerate(name.split())
    ]
    return " ".join(kept)


# ---------------------------------------------------------------- yes, no, leaving


def _phrases(kind: Text) -> re.Pattern[str]:
    words = sorted((_fold(w) for w in form_answers(ES).get(kind, [])), key=len, reverse=True)
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, words)) + r")(?![\w])")


def _clean(text: Text) -> Text:
    return re.sub(r"\s+", " ", re.sub(r"[¡!¿.,]", " ", _fold(text))).strip()


def leaving_es(text: Text) -> Optional[Text]:
    """ "stop" for words that leave the form ("olvídalo", "mejor no",
    "cancela"), "goodbye" for a goodbye ("adiós", "nos vemos"), else None."""
    cleaned = _clean(text)
    if _phrases("leave").search(cleaned):
        return "stop"
    if _phrases("goodbye").search(cleaned):
        return "goodbye"
    return None


def is_clear_yes_es(text: Text) -> bool:
    """ "sí", "dale", "claro que sí", "sí, envíela": a clear yes at the summary;
    not "sí pero cambia la hora", "¿sí?" or "no sé"."""
    if "?" in (text or ""):
        return False
    cleaned = _clean(text)
    yes = _phrases("yes").match(cleaned)
    return bool(yes) and not _phrases("hedge").search(cleaned) and leaving_es(text) is None


def is_no_es(text: Text) -> bool:
    """ "no", "no, cambiar algo", "está mal": the patient wants to change
    something (leaving words are ``leaving_es``)."""
    cleaned = _clean(text)
    if re.match(r"no (se|sabria|estoy segur)", cleaned):
        return False  # "no sé": unclear, asked again
    return bool(_phrases("no").match(cleaned)) and leaving_es(text) is None
