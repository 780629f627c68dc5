"""The action server stays small: it must not pull in spaCy or TensorFlow
(about 360 MB more resident memory per action server; see README, Performance)."""

import subprocess
import sys

from tests.paths import ROOT


def test_loading_the_actions_imports_neither_spacy_nor_tensorflow():
    code = (
        "import sys, rasa_sdk.executor as e; ex = e.ActionExecutor(); ex.register_package('actions'); "
        "print(sorted(m for m in ('spacy', 'tensorflow', 'torch') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
