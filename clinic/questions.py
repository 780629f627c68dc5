"""Whether a patient's message is a question, in English or Spanish.

Pure Python, no Rasa: the form (``actions.request_form``), the form words
and the clause splitter (``components.form_words``, ``components.clauses``)
and the safety net (``components.safety_net``) read questions with these.

A message asks something in one of two shapes, and SMS often drops the "?":

* a question mark anywhere (``has_question_mark``): "does it hurt?", "ok?",
  "Ann Lee? 512 555 0134";
* a question word first (``starts_with_question_word``), after any lead-ins
  ("wait", "ok", "before that", "hola", "y", ...): "how long is recovery",
  "wait, before that, does the injection hurt", "do u take medicaid",
  "y cuanto cuesta", "oiga, aceptan seguro".

``asks_question`` is either. Two readers need less:

* the safety net trusts the "?" alone (``has_question_mark``): a question
  word first says nothing about whether an emergency is happening;
* the form reads a reply to its own question (``asks_instead_of_answering``)
  with the English question words but "any": "any" and many Spanish ones
  also open answers there ("any weekday morning", "es Marisol Jiménez", "es
  el 830 555 0147", "cuando sea", "puedo el martes", "que me llamen después
  de las 5"), so at the form they count only with a "?".
"""

from __future__ import annotations

import re
from typing import Optional, Pattern, Sequence, Text

ENGLISH_QUESTION_WORDS = (
    "what",
    "whats",
    "how",
    "why",
    "when",
    "where",
    # as typed without the apostrophe: "actually wheres the clinic located"
    "wheres",
    "hows",
    "whos",
    "who",
    "which",
    "is",
    "are",
    "am",
    "does",
    "do",
    "did",
    "can",
    "could",
    "will",
    "would",
    "should",
    "any",
    # "r u open christmas eve", "r yall open on sundays": "are" as typed
    r"r(?=\s+(?:u|you|ya|yall|y all)\b)",
    # "r steroid shots the same as trigger point ones", "r the results permanent"
    r"r(?=\s+(?:the|they|these|those|there|steroid|trigger|nerve|epidurals?|injections?|shots?|blocks?|rfa|scs|pumps?|"
    r"stimulators?|implants?|results?|side effects?|risks?)\b)",
    # SMS spellings: "wat r ur hrs on fridays", "wut is rfa", "hw long does it last"
    "wat",
    "wats",
    "wut",
    "wht",
    "hw",
    r"y(?=\s+(?:do|does|is|are|r|did|would|cant|can)\b)",
)
# regular expressions: accents optional, "por que" / "porque", "se puede"
SPANISH_QUESTION_WORDS = (
    r"qu[eé]",
    # as patients type them: "q causa la fibro y q tan comun es", "xq duele"
    "q",
    "xq",
    "pq",
    r"cu[aá]l(?:es)?",
    r"qui[eé]n(?:es)?",
    r"c[oó]mo",
    r"cu[aá]nto",
    r"cu[aá]nta",
    r"cu[aá]ntos",
    r"cu[aá]ndo",
    r"d[oó]nde",
    r"por\s?qu[eé]",
    "es",
    "son",
    "hay",
    "duele",
    "puedo",
    r"se\s+puede",
    "tiene",
    "tienen",
    "aceptan",
)
# a question of a compound message (components/clauses.py) is answered when
# the model is at least this sure of it (actions/answers.py; a greeting
# before it gives way to it, components/clauses.py)
MIN_CLAUSE_CONFIDENCE = 0.5

# the words the form does not take for a question without a "?" (see above)
ANSWER_OPENERS = ("any", *SPANISH_QUESTION_WORDS)


def _alternatives(words: Sequence[Text]) -> Text:
    return "(?:" + "|".join(words) + ")"


QUESTION_WORD = _alternatives(ENGLISH_QUESTION_WORDS + SPANISH_QUESTION_WORDS)
# what may come before the question word: "wait, before that, does ...", "y ..."
# "i wanted to ask how long recovery takes", "queria preguntar cuanto dura":
# a question announced in so many words
ASKING = (
    r"(?:(?:i\s+(?:also\s+|just\s+)?(?:wanted|want|wanna|would\s+like|was\s+going|was\s+gonna|meant|need|needed)|"
    r"i['’]?d\s+(?:also\s+|just\s+)?like)\s+(?:to\s+)?ask(?:\s+you)?(?:\s+about)?|"
    r"(?:quer[ií]a|quiero|quisiera)\s+preguntar(?:le|les)?)"
)
LEAD_INS = (
    r"(?:(?:wait|oh|ok|okay|also|and|but|so|sorry|quick question|before that|first|actually|hey|hi|hello|"
    + ASKING
    + r"|"
    r"hold on|hang on|one sec|one second|wait a sec|"
    # "before i give my number, does the ablation thing last forever"
    r"before i (?:give|send|type|tell) (?:you )?(?:my |the )?(?:number|info|information|details|name|phone|that|it|this|them)(?: in| over)?|"
    # "oh before i confirm, is there parking", "antes de confirmar, hay estacionamiento"
    # "b4 i confirm how much is the copay" (SMS shorthand; stop 54, development 22)
    r"(?:before|b4|bfore) (?:i |we )?(?:confirm(?:ing)?|submit(?:ting)?|finish(?:ing)?|say(?:ing)? yes|book(?:ing)?)(?: (?:it|that|this|anything))?|"
    r"antes de (?:confirmar|enviar|mandar|terminar|decir que s[ií])(?:la|lo)?|"
    r"um+|hm+|y|hola|oiga|oye|tambi[eé]n|"
    # "buenas tardes, ¿dónde queda la clínica?", "good morning, what is rfa"
    r"buen[oa]s(?: (?:tardes|noches|d[ií]as))?|buen d[ií]a|good (?:morning|afternoon|evening)|"
    # "lol is it as hot there as it is here today", "btw do you take aetna"
    # "lol random but who won the game last night" (stop 54, development 25)
    r"lol|haha+|lmao|btw|by the way|random(?: (?:q|question))?|off topic|(?:totally )?unrelated|jaja+|"
    # "q: should i stop my lyrica first": a question announced with a colon
    r"(?:q|question|pregunta)(?=\s*:)|"
    # "quick q before i pick a day, does the shot hurt": a question announced
    r"(?:(?:a |one |another )?quick (?:q|qq|question)|one (?:more )?question)"
    r"(?: first| though| for you)?(?: before (?:that|i (?:\w+ ){0,3}?\w+))?)"
    # "quick q before i pick a day - how long ...": a dash ends a lead-in too
    r"(?:\s*[-–—]+)?[,.!:]*\s+)*"
)


# a preposition before the question word: "de donde viene la fibro", "para
# que sirve", "a q hora abren", "en q se diferencia"
_SPANISH_PREPOSITION = (
    r"(?:por\s+(?=q\b)|(?:a|en|de|con|para|por)\s+"
    r"(?=(?:cu[aá]l(?:es)?|qui[eé]n(?:es)?|c[oó]mo|cu[aá]nt[oa]s?|cu[aá]ndo|d[oó]nde)\b)"
    # "que" after a preposition is as often "that" ("de q me pasen", "para
    # que me ayuden", "desde que dejo de trabajar"): a question only before
    # what it asks about
    r"|(?:en|con)\s+(?=(?:qu[eé]|q)\s+(?:se|es|son|me|le|les|nos|pueden|puede|consiste|difiere|parte|partes|lugar|"
    r"momento|casos?)\b)"
    r"|(?:a|de|con|para)\s+(?=(?:qu[eé]|q)\s+(?:hora|d[ií]as?|edad|tipo|tipos|clase|frecuencia|se trata|"
    r"sirve|sirven|se usa|se usan|funciona|depende|me refiero|se refiere)\b))"
)
SPANISH_PREPOSED = r"(?:" + _SPANISH_PREPOSITION + r")?"
# "for how long does the relief last", "at what age does it start": only
# first (after "and" it goes on the question before: "what should i avoid
# and for how long")
PREPOSED = r"(?:" + _SPANISH_PREPOSITION + r"|(?:for|at|in|to)\s+(?=(?:how|what|which)\b))?"


def _opening(words: Text) -> Pattern[Text]:
    # Spanish opens a question with "¿" ("Hola, ¿qué es la RFA?")
    return re.compile(r"^[\s¿¡]*" + LEAD_INS + r"[¿¡]*" + PREPOSED + words + r"\b", re.IGNORECASE)


_OPENS_WITH_QUESTION_WORD = _opening(QUESTION_WORD)
_OPENS_WITH_FORM_QUESTION_WORD = _opening(
    _alternatives([w for w in ENGLISH_QUESTION_WORDS + SPANISH_QUESTION_WORDS if w not in ANSWER_OPENERS])
)


def has_question_mark(text: Optional[Text]) -> bool:
    """Whether ``text`` has a "?" anywhere ("does it hurt?", "ok?")."""
    return "?" in (text or "")


def starts_with_question_word(text: Optional[Text]) -> bool:
    """Whether ``text`` opens with a question word, after any lead-ins:
    "how long is recovery", "wait, before that, does the injection hurt",
    "y cuanto cuesta"; not "Ann Lee" or "next tuesday morning"."""
    return bool(_OPENS_WITH_QUESTION_WORD.match(text or ""))


# "y si no tengo seguro cuanto me sale la consulta", "and if i dont have
# insurance how much is it": a question word after a condition
_ASKS_AFTER_A_CONDITION = re.compile(
    r"^\W*(?:(?:and|but|so|y|pero|entonces|oiga|oye)[,]?\s+)?(?:if|si)\s+(?:[\w'’]+[,]?\s+){1,8}?"
    r"(?:how much|how many|how long|what|when|where|which|cu[aá]nto|cu[aá]nta|cu[aá]ntos|cu[aá]ntas|"
    r"cu[aá]l|cu[aá]les|cu[aá]ndo|d[oó]nde|c[oó]mo|how)\b",
    re.IGNORECASE,
)


def asks_after_a_condition(text: Optional[Text]) -> bool:
    """Whether ``text`` asks its question after a condition ("y si no tengo
    seguro cuanto me sale", "if i have no insurance how much is it"): "if"
    or "si", up to eight words, then a question word that asks for
    something (how much, what, when, cuánto, cómo...; not "can", "do", nor
    "que", which also joins clauses: "si me llaman que bueno")."""
    return bool(_ASKS_AFTER_A_CONDITION.match(text or ""))


# "... who won the game last night, do u know": a question asked at the end
_ASKS_AT_THE_END = re.compile(
    r"[,.]?\s*\b(?:do|d|did|would) (?:you|u|ya|yall) (?:happen to )?know\W*$|[,.]\s*any ?idea\W*$",
    re.IGNORECASE,
)


def asks_at_the_end(text: Optional[Text]) -> bool:
    """Whether ``text`` ends by asking ("my son wants to know who won the
    game, do u know", "..., any idea")."""
    return bool(_ASKS_AT_THE_END.search(text or ""))


def asks_question(text: Optional[Text]) -> bool:
    """Whether ``text`` is shaped as a question: a "?" anywhere, a question
    word first ("do u take medicaid", "cuanto cuesta la consulta") or a
    question at the end ("..., do you know")."""
    return has_question_mark(text) or starts_with_question_word(text) or asks_at_the_end(text)


# "espere, primero digame q es eso de la bomba", "tell me what the pump is
# first": a question word after words that ask to be told, which no name,
# number or day opens with
_TELL_ME = (
    r"(?:(?:espere|espera|primero|antes|pero|ah|oiga|oye|first)[,.!:]*\s+)*"
    r"(?:d[ií]game|dime|expl[ií]q(?:ue)?me|expl[ií]came|cu[eé]nteme|quer[ií]a saber|quiero saber|"
    r"quisiera saber|tell me|explain(?: to me)?|i (?:want|wanna|need) to know|i['’]?d like to know)\s+"
)
_ASKS_TO_BE_TOLD = re.compile(r"^\s*" + LEAD_INS + _TELL_ME + QUESTION_WORD + r"\b", re.IGNORECASE)


# "lol what am i saying. tomorrow afternoon", "que estoy diciendo, el
# jueves": a remark at one's own slip, asked of no one
_OWN_SLIP = re.compile(
    r"^\s*(?:(?:lol|lmao|haha+|jaja+|oops|ugh|omg|sorry|perd[oó]n|ay|uy)[,.!]*\s+)*"
    r"(?:what (?:the (?:heck|hell) )?(?:am|was) i (?:even )?(?:saying|thinking|talking about|typing)|"
    r"(?:en )?qu[eé] (?:estoy|estaba) (?:yo )?(?:diciendo|pensando))"
    r"\W*(?=\w|$)",
    re.IGNORECASE,
)


def asks_instead_of_answering(text: Optional[Text]) -> bool:
    """Whether a reply to the form's question asks something instead: a "?"
    anywhere, a question word first that opens no answer ("wait, before
    that, does the injection hurt", "is there parking"), or after words that
    ask to be told ("espere, primero digame q es eso de la bomba"); not "any
    weekday morning", "es Marisol Jiménez" or a remark at one's own slip
    before the answer ("lol what am i saying. tomorrow afternoon")."""
    text = _OWN_SLIP.sub("", text or "", count=1)
    return (
        has_question_mark(text)
        or bool(_OPENS_WITH_FORM_QUESTION_WORD.match(text or ""))
        or bool(_ASKS_TO_BE_TOLD.match(text or ""))
        or asks_at_the_end(text)
    )


def asks_after_a_remark(text: Optional[Text]) -> bool:
    """Whether a sentence after the first of ``text`` opens with a question
    word ("never mind. what does minimally invasive mean", "forget that. how
    long does the relief last"): a question asked after a remark."""
    parts = [p for p in re.split(r"(?<=[.!;])\s+|\n+", text or "") if p.strip()]
    return any(starts_with_question_word(p) or has_question_mark(p) for p in parts[1:])


# "whats the difference between them", "how are they different from trigger
# point shots", "rfa vs scs", "cual es la diferencia entre ..."
_COMPARES = re.compile(
    r"\b(differen(ce|ces|t|tly)|differ|differs|diffs?|dif|compare[sd]?|comparison|vs\.?|versus|better than|worse than|"
    r"same (thing )?as|diferencia[s]?|diferente[s]?|distint[oa]s?|compara\w*|(lo )?mismo que|mejor que|peor que)\b",
    re.IGNORECASE,
)


def asks_to_compare(text: Optional[Text]) -> bool:
    """Whether ``text`` asks how things compare ("whats the difference
    between them", "is rfa better than the stimulator", "es lo mismo que la
    epidural?")."""
    return bool(_COMPARES.search(text or ""))
