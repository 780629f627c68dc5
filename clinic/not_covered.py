"""Questions about the clinic that the clinic's article does not answer
(``content/not_covered.yml``): which subject a message asks about.

Pure Python, no Rasa: the NLU's form words component (a question about one
of these becomes ``out_of_scope``) and the actions (``actions.not_covered``)
use it alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Text

import yaml

from clinic.content import cached_load, content_path
from clinic.safety import normalise


@dataclass(frozen=True)
class Subject:
    key: Text
    labels: Dict[Text, Text]  # language -> how the answer names the subject
    patterns: List[Pattern[Text]]
    # the message of content/messages that answers it ({subject}, {phone})
    message: Text = "not_covered"
    # the subject is the kind of visit asked for ("can i get a telehealth
    # appointment"), so it is answered even beside a request in so many words
    qualifies_request: bool = False
    # asked again of another procedure ("how bout the stimulator, same?"), answered again
    per_procedure: bool = False


def _read(path: Path) -> List[Subject]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        Subject(
            key,
            dict(item["label"]),
            [re.compile(p, re.IGNORECASE) for p in item["patterns"]],
            item.get("message") or "not_covered",
            bool(item.get("qualifies_request")),
            bool(item.get("per_procedure")),
        )
        for key, item in (data.get("subjects") or {}).items()
    ]


def subjects() -> List[Subject]:
    """The subjects of ``content/not_covered.yml``, read again when it changes."""
    return cached_load(content_path("not_covered.yml"), "not_covered", _read)


def subject_named(key: Text) -> Optional[Subject]:
    """The subject of ``content/not_covered.yml`` whose key is ``key``."""
    return next((s for s in subjects() if s.key == key), None)


def subject_of(text: Text) -> Optional[Subject]:
    """The first subject ``text`` asks about that the article does not cover."""
    clean = normalise(text)
    return next((s for s in subjects() if any(p.search(clean) for p in s.patterns)), None)
