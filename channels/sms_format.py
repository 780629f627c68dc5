"""Turns the bot's messages for one turn into SMS-sized text.

Pure functions, no I/O: the SMS channel (``channels.twilio_sms``) uses them, and
``tests/channels/test_sms_format.py`` tests them.

* Text is mapped to the GSM-7 alphabet where a look-alike exists ("•" → "-",
  curly quotes → straight, "…" → "..."), so a reply costs 153 characters per
  segment instead of 67 (UCS-2, used as soon as one character is outside GSM-7).
* Buttons become numbered choices ("Reply 1 for Yes, send it; 2 for ..."), and
  the patient answers with the digit.
* A reply is at most ``MAX_SEGMENTS`` segments, twice that when it answers two
  questions or more (``Reply.max_segments``: "q sintomas da la fibro? y las
  inyecciones te lo quitan para siempre?" left its second answer behind MORE). A
  longer one is cut at a line or sentence boundary and ends with "Reply MORE
  for the rest."; the rest is returned as a ``Pending`` for the channel to keep
  until the patient asks.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Text, Tuple

from clinic import messages

MAX_SEGMENTS = 3
# a page answering two questions or more may be this many times as long
MAX_ANSWERS_PER_PAGE = 2


def more_suffix(language: Text = messages.DEFAULT_LANGUAGE) -> Text:
    """The last line of a page that has more after it ("Reply MORE for the rest.")."""
    return messages.text("sms_more", language)


# GSM 03.38: the basic alphabet (1 septet each) and its extension table (2 each).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")

# Look-alikes that keep a reply in GSM-7.
_GSM_LOOKALIKES = {
    "•": "-",
    "·": "-",
    "‣": "-",
    "◦": "-",
    "▪": "-",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "´": "'",
    "`": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "«": '"',
    "»": '"',
    "…": "...",
    "–": "-",
    "—": "-",
    "‒": "-",
    "―": "-",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "×": "x",
    "→": "->",
    "≤": "<=",
    "≥": ">=",
}
_LOOKALIKE_RE = re.compile("|".join(map(re.escape, _GSM_LOOKALIKES)))

# On SMS, CANCEL alone is a carrier opt-out keyword (it unsubscribes the phone
# from this number), so a bot message that tells the patient to say "cancel"
# to leave the booking form says "never mind" instead, which the assistant
# understands the same way in chat.
_SAY_CANCEL_RE = re.compile(r"""(["'])cancel\1""", re.IGNORECASE)


def to_gsm(text: Text) -> Text:
    """``text`` with look-alikes replaced so that it stays GSM-7 where it can."""
    text = _LOOKALIKE_RE.sub(lambda m: _GSM_LOOKALIKES[m.group(0)], text)
    return _SAY_CANCEL_RE.sub(r"\1never mind\1", text)


def is_gsm7(text: Text) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text)


def segments(text: Text) -> int:
    """How many SMS segments Twilio sends ``text`` as (0 for empty text)."""
    if not text:
        return 0
    if is_gsm7(text):
        septets = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        return 1 if septets <= 160 else math.ceil(septets / 153)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else math.ceil(units / 67)


def fits(text: Text, max_segments: int = MAX_SEGMENTS) -> bool:
    """Whether ``text`` fits the page. Text with a character GSM-7 lacks (an
    accent in Spanish: "á", "ó") goes as UCS-2, 67 characters a segment
    instead of 153: it gets twice the segments, so a Spanish booking summary
    is one page like its English twin."""
    allowed = max_segments if is_gsm7(text) else 2 * max_segments
    return segments(text) <= allowed


def tidy(text: Text) -> Text:
    """Bot text made SMS-ready: GSM-7 look-alikes, no control characters, no
    trailing spaces or runs of blank lines."""
    text = to_gsm(text.replace("\r\n", "\n").replace("\t", " "))
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _one_line(text: Text) -> Text:
    return " ".join(tidy(text).split())


# ---------------------------------------------------------------------------
# Numbered choices


@dataclass(frozen=True)
class Choice:
    title: Text
    payload: Text


def choices_text(choices: Sequence[Choice], language: Text = messages.DEFAULT_LANGUAGE) -> Text:
    """The line(s) that tell the patient which digit to reply."""
    if not choices:
        return ""
    inline = messages.text(
        "sms_choices_inline",
        language,
        choices="; ".join(
            messages.text("sms_choice_inline", language, number=i, title=c.title)
            for i, c in enumerate(choices, 1)
        ),
    )
    if len(choices) <= 3 and len(inline) <= 100:
        return inline
    return (
        messages.text("sms_choices_list", language)
        + "\n"
        + "\n".join(f"{i}) {c.title}" for i, c in enumerate(choices, 1))
    )


def _is_link(button: Dict[Text, Any]) -> bool:
    payload = str(button.get("payload") or button.get("url") or "")
    return button.get("type") == "web_url" or payload.startswith(("http://", "https://"))


@dataclass
class Reply:
    """What the bot said in one turn, as SMS text plus the choices offered."""

    body: Text = ""
    choices: List[Choice] = field(default_factory=list)
    answers: int = 0  # article answers in it (messages whose custom payload names a topic)

    @property
    def max_segments(self) -> int:
        """The page's size in segments: ``MAX_SEGMENTS``, times the answers
        it carries up to ``MAX_ANSWERS_PER_PAGE``."""
        return MAX_SEGMENTS * min(max(self.answers, 1), MAX_ANSWERS_PER_PAGE)

    @property
    def choices_text(self) -> Text:
        return choices_text(self.choices)

    @property
    def text(self) -> Text:
        return _join(self.body, self.choices_text)


def _join(*parts: Text) -> Text:
    return "\n".join(p for p in parts if p)


def compose(messages: Iterable[Dict[Text, Any]]) -> Reply:
    """Joins one turn's bot messages; buttons become numbered choices.

    Messages with neither text nor buttons (a ``custom`` payload for staff, an
    image) are left out.
    """
    texts: List[Text] = []
    choices: List[Choice] = []
    answers = 0
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("topic") and message.get("text"):
            answers += 1
        text = tidy(str(message.get("text") or ""))
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if not text and not buttons:
            continue
        if text:
            texts.append(text)
        for button in buttons:
            if not isinstance(button, dict):
                continue
            title = _one_line(str(button.get("title") or ""))
            payload = str(button.get("payload") or button.get("url") or "").strip()
            if not title and not payload:
                continue
            if _is_link(button):
                texts.append(f"{title}: {payload}" if title else payload)
            elif all(c.payload != payload for c in choices):
                choices.append(Choice(title or payload, payload))
    return Reply("\n".join(texts), choices, answers)


def choice_for(text: Text, choices: Sequence[Choice]) -> Tuple[bool, Optional[Choice]]:
    """Whether ``text`` is a bare one- or two-digit number ("2", "2.", "#2"), and
    the choice it picks (None when the number is out of range). Longer numbers
    ("911", a phone number) are never choices: they go to the assistant."""
    match = re.fullmatch(r"#?\s*(\d{1,2})\s*[.)]?", text.strip())
    if not match:
        return False, None
    index = int(match.group(1))
    return True, (choices[index - 1] if 1 <= index <= len(choices) else None)


# ---------------------------------------------------------------------------
# Paging: "Reply MORE for the rest."


@dataclass(frozen=True)
class Pending:
    """The part of a reply not sent yet: ``rest`` of the text, then ``tail`` (the
    numbered choices, kept whole for the last page)."""

    rest: Text
    tail: Text = ""


_SENTENCE_END = re.compile(r"""[.!?]["')\]]*(?=\s)""")


def _longest_prefix(text: Text, max_segments: int, more: Text) -> int:
    """The length of the longest prefix of ``text`` that fits with the ``more`` line."""
    low, high = 0, len(text)
    while low < high:  # segments only grow as the prefix grows
        mid = (low + high + 1) // 2
        if fits(text[:mid].rstrip() + "\n" + more, max_segments):
            low = mid
        else:
            high = mid - 1
    return low


def _cut(text: Text, limit: int) -> int:
    """Where to cut ``text`` at or before ``limit``: the last line or sentence
    end, else the last space, else ``limit`` itself."""
    if limit >= len(text):
        return len(text)
    window = text[: limit + 1]
    floor = limit // 3  # don't send a page that is mostly empty
    boundaries = [m.end() for m in _SENTENCE_END.finditer(window)]
    boundaries += [i for i, c in enumerate(window) if c == "\n"]
    best = max((b for b in boundaries if floor <= b <= limit), default=0)
    if best:
        return best
    space = window.rfind(" ")
    if space >= floor:
        return space
    return max(limit, 1)


def paginate(
    text: Text, tail: Text = "", max_segments: int = MAX_SEGMENTS, language: Text = messages.DEFAULT_LANGUAGE
) -> Tuple[Text, Optional[Pending]]:
    """The page to send now, and what is left for MORE (None if nothing is).

    ``tail`` (the numbered choices) goes on the last page, whole, unless it is too
    long for any page, in which case it is paged like the text.
    """
    more = more_suffix(language)
    text, tail = text.strip(), tail.strip()
    whole = _join(text, tail)
    if fits(whole, max_segments):
        return whole, None
    if tail and not fits(tail + "\n" + more, max_segments):
        text, tail = whole, ""
    if not text:  # only the tail is left and it fits with nothing before it
        return tail, None
    limit = _longest_prefix(text, max_segments, more)
    cut = _cut(text, limit)
    page = text[:cut].rstrip()
    rest = text[cut:].strip()
    if not rest and not tail:  # pragma: no cover - whole text fitted after all
        return page, None
    return _join(page, more), Pending(rest, tail)


def next_page(
    pending: Pending, max_segments: int = MAX_SEGMENTS, language: Text = messages.DEFAULT_LANGUAGE
) -> Tuple[Text, Optional[Pending]]:
    return paginate(pending.rest, pending.tail, max_segments, language)
