"""Leaks of evaluation texts into the training data: the texts compared
(``norm``), what counts as a near copy (``near``), and a fast search for near
copies among thousands of texts (``near_copies``). Used by the leak tests
(tests/test_training_data.py) and by the mining tool (``tests.evaluation.mine``),
which leaves out any text a set still measured has, equal or near."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Dict, FrozenSet, List, Sequence, Text, Tuple

import numpy as np
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from tests.paths import ROOT


def norm(text: Text) -> Text:
    return re.sub(r"[^a-z0-9 ]", "", re.sub(r"\s+", " ", text.lower())).strip()


# Texts so short that a patient and a trainer write them alike ("yes",
# "thanks", "hi there") are not leaks.
MIN_LEAK_CHARS = 12


NEAR = 0.93  # difflib's ratio above which two texts are near copies


def near(a: Text, b: Text, ratio: float = NEAR) -> bool:
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() > ratio and matcher.quick_ratio() > ratio and matcher.ratio() > ratio


def _bigram_counts(texts: Sequence[Text], index: Dict[Text, int]) -> Tuple[List[int], List[int], List[int]]:
    """Each text's character bigram counts as a row of a sparse matrix (the
    bigrams' columns from ``index``, grown as new ones are met)."""
    rows: List[int] = []
    cols: List[int] = []
    values: List[int] = []
    for row, text in enumerate(texts):
        for bigram, count in Counter(text[i : i + 2] for i in range(len(text) - 1)).items():
            rows.append(row)
            cols.append(index.setdefault(bigram, len(index)))
            values.append(count)
    return rows, cols, values


def near_copies(
    texts: Sequence[Text], training: Sequence[Text], ratio: float = NEAR
) -> List[Tuple[int, int]]:
    """The pairs (index in ``texts``, index in ``training``) that are ``near``,
    found without running difflib on every pair: a ratio above ``ratio``
    needs matching blocks of M > ratio * (la + lb) / 2 characters in at most
    (la - M) + (lb - M) + 1 blocks, so at least M - blocks >= (la + lb) *
    (1.5 * ratio - 1) - 1 bigrams in common; the bigram counts' dot product
    (an upper bound of the bigrams in common) below that rules a pair out."""
    index: Dict[Text, int] = {}
    counted = [(len(group), _bigram_counts(group, index)) for group in (texts, training)]
    a, b = (
        csr_matrix((values, (rows, cols)), shape=(size, len(index)), dtype=np.int32)
        for size, (rows, cols, values) in counted
    )
    la = np.array([len(t) for t in texts])[:, None]
    found: List[Tuple[int, int]] = []
    for start in range(0, len(training), 500):
        lb = np.array([len(t) for t in training[start : start + 500]])[None, :]
        dots = (a @ b[start : start + 500].T).toarray()
        needed = (la + lb) * (1.5 * ratio - 1) - 1
        close = 2 * np.minimum(la, lb) / (la + lb) > ratio  # difflib's real_quick_ratio
        for i, j in zip(*np.nonzero((dots >= needed) & close), strict=True):
            if near(texts[i], training[start + j], ratio):
                found.append((int(i), start + int(j)))
    return found


@lru_cache(maxsize=1)
def training_data() -> TrainingData:
    """The NLU training data of ``data/`` and the procedure names."""
    from rasa.shared.importers.importer import TrainingDataImporter

    return TrainingDataImporter.load_from_dict(
        training_data_paths=[str(ROOT / "data"), str(ROOT / "content" / "procedure_names.yml")],
        domain_path=str(ROOT / "domain.yml"),
    ).get_nlu_data()


@lru_cache(maxsize=1)
def training_texts() -> FrozenSet[Text]:
    """Every intent example of ``training_data()``, ``norm``-ed."""
    return frozenset(norm(m.get("text")) for m in training_data().intent_examples)
