"""Train the safety net's reading by meaning (``clinic.safety_meaning``).

Texts, each labelled ``crisis``, ``emergency`` or ``other``:

* every intent example of ``data/`` (``leaks.training_data``): the two safety
  intents as themselves, every other intent as ``other``;
* every development set's safety messages (whole: the pieces of a long
  crisis message are not all dangerous) and ordinary messages (whole, and
  a long one's pieces too, ``clinic.safety.long_pieces``: the safety net
  reads them piece by piece).

Only sets named ``dev*`` in ``sets.SETS`` are read; never a sealed set nor
the regression set. The texts are embedded with ``clinic.sentence_encoder``
(about 10 minutes for 45,000 texts on 2 cores; each embedding is cached in
``var/cache/sentence_embeddings.npz`` by the text's SHA-1, so a rerun embeds
only new texts) and the regression's weights written to
``clinic/safety_meaning.json``. Prints counts only.

    python -m tests.evaluation.safety_meaning        # make safety-meaning
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Dict, List, Sequence, Text, Tuple

import numpy as np

from clinic.safety import PIECE_CHARS, long_pieces
from clinic.safety_meaning import WEIGHTS_FILE, SafetyMeaning
from clinic.sentence_encoder import HIDDEN, SentenceEncoder
from tests.evaluation import sets
from tests.evaluation.leaks import training_data
from tests.paths import ROOT

CACHE = ROOT / "var" / "cache" / "sentence_embeddings.npz"
SAFETY = ("crisis", "emergency")


def development_sets() -> List[Text]:
    """The names of the development sets on disk, in ``sets.SETS`` order."""
    return [name for name in sets.SETS if name.startswith("dev") and sets.SETS[name].exists()]


def labelled_texts(names: Sequence[Text]) -> List[Tuple[Text, Text]]:
    """(text, label) pairs of the training data and of the sets ``names``."""
    pairs = [
        (m.get("text"), m.get("intent") if m.get("intent") in SAFETY else "other")
        for m in training_data().intent_examples
        if m.get("text")
    ]
    for name in names:
        loaded = sets.load(name)
        pairs += [(item["text"], item["expect"]) for item in loaded.safety]
        for item in loaded.ordinary:
            text = item["text"]
            pieces = long_pieces(text) if len(text) > PIECE_CHARS else []
            pairs += [(piece, "other") for piece in [text, *pieces]]
    return pairs


def _key(text: Text) -> Text:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed(texts: Sequence[Text], cache: Path = CACHE) -> np.ndarray:
    """The texts' embeddings (n x 384), from the cache where it has them."""
    known: Dict[Text, np.ndarray] = {}
    if cache.exists():
        stored = np.load(cache)
        known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    keys = [_key(t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing:
        vectors = SentenceEncoder.shared().encode_many([t for _, t in missing])
        known.update({k: v for (k, _), v in zip(missing, vectors, strict=True)})
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, keys=np.array(list(known)), vectors=np.array(list(known.values()), dtype=np.float16))
    print(f"{len(texts)} texts, {len(missing)} embedded now, the rest from the cache")
    return np.array([known[k] for k in keys], dtype=np.float32).reshape(len(texts), HIDDEN)


def main() -> None:
    names = development_sets()
    pairs = labelled_texts(names)
    embeddings = embed([t for t, _ in pairs])
    labels = [label for _, label in pairs]
    counts = {label: labels.count(label) for label in ("crisis", "emergency", "other")}
    about = {"trained": date.today().isoformat(), "sets": names, "texts": counts}
    SafetyMeaning.fit(embeddings, labels, about).save(WEIGHTS_FILE)
    print(f"{WEIGHTS_FILE.relative_to(ROOT)}: {counts} from data/ and {len(names)} development sets")


if __name__ == "__main__":
    main()
