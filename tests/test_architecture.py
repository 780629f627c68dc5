"""How the code is put together: what imports what, what is read at run time,
and where the words patients read live.

* The Rasa server's parts (channels, NLU components) never import the action
  server's code (``actions``); everything shared is in ``clinic``.
* Nothing at run time reads ``data/`` (the training data is not in the image).
* No sentence a patient reads is written in Python: actions and channels pick
  a message id of ``content/messages``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

from tests.paths import ROOT

RUNTIME = ["actions", "channels", "clinic", "components", "server", "stores", "frontdesk", "widget"]
PATIENT_FACING = ["actions", "channels", "clinic", "components", "server"]


def modules(packages: List[str]) -> Iterator[Tuple[Path, ast.Module]]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def imported(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


@pytest.mark.parametrize("package", ["channels", "components", "stores", "clinic"])
def test_the_rasa_servers_parts_and_the_shared_package_never_import_the_actions(package):
    for path, tree in modules([package]):
        bad = [m for m in imported(tree) if m == "actions" or m.startswith("actions.")]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_the_action_server_never_imports_the_front_desk_or_the_rasa_server():
    for path, tree in modules(["actions"]):
        bad = [m for m in imported(tree) if m.split(".")[0] in {"frontdesk", "channels", "server", "rasa"}]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_nothing_at_run_time_reads_the_training_data():
    """No path into data/: no "data/..." string, no ``... / "data"`` join."""
    for path, tree in modules(RUNTIME):
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not node.value.strip().startswith(("data/", "data\\")), (
                    f"{path.relative_to(ROOT)}:{node.lineno} reads {node.value!r}"
                )
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                assert not (isinstance(node.right, ast.Constant) and node.right.value == "data"), (
                    f"{path.relative_to(ROOT)}:{node.lineno} joins a path to data/"
                )


def _docstrings(tree: ast.Module) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _excused(tree: ast.Module) -> set:
    """Strings for developers, not patients: docstrings, log lines, exception
    messages, HTTP error bodies for clients, argparse help."""
    excused = _docstrings(tree)
    for node in ast.walk(tree):
        skip = False
        if isinstance(node, ast.Raise) and node.exc is not None:
            skip = True
            target = node.exc
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(getattr(func, "value", None), "id", "")
            if owner in {"logger", "logging", "structlogger"} or name in {
                "add_argument",
                "ArgumentParser",
                "BadRequest",
                "RasaException",
                "warning",
                "error",
                "info",
                "debug",
                "exception",
                "text",
                "json",
                "SetError",
            }:
                skip = True
                target = node
        if skip:
            excused |= {id(n) for n in ast.walk(target) if isinstance(n, ast.Constant)}
    return excused


SENTENCE = re.compile(
    r"[A-Za-z]+(?:'[a-z]+)? [A-Za-z]+ [A-Za-z]+.*[.?!]$|^(?:Sorry|Please|Thanks|Reply|Okay|Done)\b"
)


def test_no_sentence_a_patient_reads_is_written_in_python():
    found = []
    for path, tree in modules(PATIENT_FACING):
        excused = _excused(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in excused:
                value = " ".join(node.value.split())
                if SENTENCE.search(value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {value[:60]!r}")
    assert not found, "\n".join(found)


def test_actions_send_message_ids_not_text():
    for path, tree in modules(["actions"]):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "utter_message":
                for keyword in node.keywords:
                    if keyword.arg == "text":
                        assert not isinstance(keyword.value, (ast.Constant, ast.JoinedStr)), (
                            f"{path.relative_to(ROOT)}:{node.lineno}: text written in Python"
                        )
