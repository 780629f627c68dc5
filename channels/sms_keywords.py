"""What a patient's text message is before it reaches the assistant: cleaned
text, and the SMS keywords the channel answers itself.

Keywords are the whole message, case-insensitive, trimmed (as carriers and
Twilio match them), after Unicode NFKC normalisation (``clinic.normalise``):
full-width "ＳＴＯＰ" opts out like "STOP". Normalised as well: every message
the assistant gets.

* opt-out: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT (and REVOKE, OPTOUT,
  which Twilio's default opt-out list also has). Twilio itself blocks replies
  to the phone and sends the carrier confirmation; the channel records the
  opt-out and answers nothing until the patient opts in again.
* opt-in: START, UNSTOP, YES. YES only counts while the phone is opted out:
  otherwise it is the patient's answer to the assistant ("Shall I send it?").
* HELP, INFO, AYUDA: the clinic's contact details, in the conversation's
  language (AYUDA: in Spanish).
* MORE, MÁS (MAS): the next part of a long answer (only while one is pending;
  otherwise "more" goes to the assistant, which tells more about the last topic).

Keywords are matched without accents ("MÁS", "Ayúda" count), so
``keyword_language`` can tell a Spanish keyword from an English one.

On SMS, CANCEL (or END, QUIT) alone unsubscribes the phone, so it cannot be how
a patient leaves the booking form, as it is in chat: "never mind" or "stop
booking" still cancel a form, and the form's numbered "Cancel" choice too.

When Twilio's Advanced Opt-Out is on, the webhook carries ``OptOutType``
(STOP, START or HELP) for the keywords configured there, in any language; the
channel follows it as well.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional, Text

from clinic import messages
from clinic.normalise import nfkc

MAX_INBOUND_CHARS = 1600  # Twilio's own limit for one (concatenated) message

OPT_OUT = "opt_out"
OPT_IN = "opt_in"
HELP = "help"
MORE = "more"

OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP", "YES"})
# START and UNSTOP mean opt-in even when already subscribed; YES does not.
OPT_IN_ALWAYS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO", "AYUDA"})
MORE_WORDS = frozenset({"MORE", "MAS"})
# keywords that say the patient writes Spanish (INFO is both languages')
SPANISH_KEYWORDS = frozenset({"AYUDA", "MAS"})

_OPT_OUT_TYPES = {"STOP": OPT_OUT, "START": OPT_IN, "HELP": HELP}


def clean_inbound(text: Optional[Text], limit: int = MAX_INBOUND_CHARS) -> Text:
    """The patient's text in Unicode NFKC form, without control or invisible
    formatting characters, whitespace runs collapsed, at most ``limit`` characters.

    A leading "/" is dropped: on SMS the only way to send the assistant an intent
    directly is a numbered choice, not typing "/affirm" or "/inform{...}".
    """
    if not text:
        return ""
    kept = []
    for char in nfkc(text):
        category = unicodedata.category(char)
        if char.isspace():
            kept.append(" ")  # newlines and tabs separate words
        elif category not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(char)
    cleaned = " ".join("".join(kept).split())
    cleaned = cleaned.lstrip("/ ").strip()
    return cleaned[:limit].rstrip()


def _word(text: Text) -> Text:
    """The message as a keyword: NFKC ("ＳＴＯＰ" → "STOP"), trimmed, upper case,
    without accents ("Más" → "MAS")."""
    decomposed = unicodedata.normalize("NFD", nfkc(text).strip().upper())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def keyword(text: Text, opt_out_type: Optional[Text] = None) -> Optional[Text]:
    """OPT_OUT, OPT_IN, HELP, MORE or None for the (cleaned) message ``text``."""
    from_twilio = _OPT_OUT_TYPES.get((opt_out_type or "").strip().upper())
    if from_twilio:
        return from_twilio
    word = _word(text)
    if word in OPT_OUT_WORDS:
        return OPT_OUT
    if word in OPT_IN_WORDS:
        return OPT_IN
    loose = re.sub(r"[^A-Z]", "", word)  # "Help!", "more..." count too
    if loose in HELP_WORDS and len(word) <= len(loose) + 3:
        return HELP
    if loose in MORE_WORDS and len(word) <= len(loose) + 3:
        return MORE
    return None


def keyword_language(text: Text) -> Optional[Text]:
    """ "es" for a Spanish keyword (AYUDA, MÁS), else None (the conversation's)."""
    loose = re.sub(r"[^A-Z]", "", _word(text))
    return "es" if loose in SPANISH_KEYWORDS else None


def opts_in_when_subscribed(text: Text) -> bool:
    """START/UNSTOP are answered even when already subscribed; YES is not."""
    return _word(text) in OPT_IN_ALWAYS


def help_text(clinic: dict, language: Text = messages.DEFAULT_LANGUAGE) -> Text:
    """The answer to HELP: the clinic, its phone, how to opt out, 911 / 988."""
    name = clinic.get("name") or messages.text("sms_clinic_fallback", language)
    phone = clinic.get("phone")
    if phone:
        return messages.text("sms_help", language, name=name, phone=phone)
    return messages.text("sms_help_no_phone", language, name=name)


def subscribed_text(clinic: dict, again: bool, language: Text = messages.DEFAULT_LANGUAGE) -> Text:
    name = clinic.get("name") or messages.text("sms_clinic_fallback_lower", language)
    return messages.text("sms_subscribed_again" if again else "sms_subscribed", language, name=name)


def unsubscribed_text(clinic: dict, language: Text = messages.DEFAULT_LANGUAGE) -> Text:
    """The one message after STOP (when the provider does not confirm it
    itself): nothing more is sent until START."""
    name = clinic.get("name") or messages.text("sms_clinic_fallback_lower", language)
    return messages.text("sms_unsubscribed", language, name=name)


def empty_text(language: Text = messages.DEFAULT_LANGUAGE) -> Text:
    return messages.text("sms_empty", language)


def out_of_range_text(count: int, language: Text = messages.DEFAULT_LANGUAGE) -> Text:
    return messages.text("sms_out_of_range", language, count=count)
