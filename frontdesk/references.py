"""Request references patients can read out over the phone: ``MM-7K3Q9``."""
from __future__ import annotations

import re
import secrets
from typing import Optional

PREFIX = "MM"
# No 0/O and no 1/I: nothing a patient or the front desk can confuse.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 5
PATTERN = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{{LENGTH}}}$")


def new_reference() -> str:
    return f"{PREFIX}-" + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_reference(text: str) -> Optional[str]:
    """``text`` as a reference (case, spaces and dashes forgiven), or None."""
    compact = re.sub(r"[\s\-_.]", "", (text or "").upper())
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX):]
    candidate = f"{PREFIX}-{compact}"
    return candidate if PATTERN.match(candidate) else None
