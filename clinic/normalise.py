"""One form for the text patients send, before any word in it is matched.

Unicode has several spellings of the same word: full-width "ＳＴＯＰ" (East
Asian keyboards), "ｓｔｏｐ", ligatures ("ﬁ"), circled or styled letters
("𝐒𝐓𝐎𝐏"). NFKC, Unicode's compatibility normal form, turns each into the plain
letters a keyword, a pattern or the classifier knows. The channels apply it to
every message before anything else sees it; the code that matches keywords
(SMS keywords, the form's leaving and yes words, the safety patterns) applies it
again, for text that did not come through a channel.
"""

from __future__ import annotations

import unicodedata
from typing import Optional, Text


def nfkc(text: Optional[Text]) -> Text:
    """``text`` in Unicode normal form NFKC ("" for None)."""
    return unicodedata.normalize("NFKC", text or "")
