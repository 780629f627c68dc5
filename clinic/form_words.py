"""The words of ``content/form_words.yml``: leaving and waiting in the form.

Pure Python, no Rasa: the NLU component (``components.form_words``) and the
form (``actions.request_form``) use it alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Pattern, Text

import yaml

from clinic.content import content_path
from clinic.questions import has_question_mark
from clinic.safety import normalise


@dataclass(frozen=True)
class FormWords:
    leaving_patterns: List[Pattern[Text]]
    waiting_patterns: List[Pattern[Text]]
    booking_patterns: List[Pattern[Text]] = field(default_factory=list)
    callback_patterns: List[Pattern[Text]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Optional[Path] = None) -> FormWords:
        data = yaml.safe_load(Path(path or content_path("form_words.yml")).read_text(encoding="utf-8"))
        return cls(
            [re.compile(p, re.IGNORECASE) for p in data.get("leaving") or []],
            [re.compile(p, re.IGNORECASE) for p in data.get("waiting") or []],
            [re.compile(p, re.IGNORECASE) for p in data.get("booking") or []],
            [re.compile(p, re.IGNORECASE) for p in data.get("callback") or []],
        )

    def request(self, text: Text) -> Optional[Text]:
        """``"request_human"`` or ``"book_appointment"`` when ``text`` asks for
        a call-back or a booking in so many words, else None."""
        clean = normalise(text)
        if any(p.search(clean) for p in self.callback_patterns):
            return "request_human"
        if any(p.search(clean) for p in self.booking_patterns):
            return "book_appointment"
        return None

    def leaving(self, text: Text) -> bool:
        """Whether ``text`` says the patient no longer wants the request
        ("never mind", "no, cancel it. i'll call the office instead"); a
        question never does."""
        if has_question_mark(text):
            return False
        clean = normalise(text)
        return any(p.search(clean) for p in self.leaving_patterns)

    def waiting(self, text: Text) -> bool:
        """Whether ``text`` asks the form to wait ("hang on", "let me check
        my calendar"); a question never does ("wait, does it hurt?")."""
        if has_question_mark(text):
            return False
        clean = normalise(text)
        return any(p.search(clean) for p in self.waiting_patterns)


@lru_cache(maxsize=1)
def form_words() -> FormWords:
    return FormWords.load()
