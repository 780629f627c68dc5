"""The test suite's own set-up: under ``--dist loadgroup`` (scripts/test) a
module's tests run on one pytest-xdist worker, so its module-scoped Rasa
servers start once (``tests/conftest.py``)."""

import re
import subprocess
import sys
from collections import defaultdict

from tests.paths import ROOT


def test_a_modules_tests_run_on_one_worker():
    modules = ["tests/test_spelling.py", "tests/test_clauses.py"]
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-v",
            "-p",
            "no:cacheprovider",
            *modules,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    workers = defaultdict(set)
    for worker, module in re.findall(r"^\[(gw\d+)\].*?PASSED (tests/\w+\.py)::", run.stdout, re.MULTILINE):
        workers[module].add(worker)
    assert set(workers) == set(modules)
    assert all(len(found) == 1 for found in workers.values()), dict(workers)
