"""The clinic's content, as data, looked up at run time: the one way in.

Every server reads the clinic's content through this module, from
``clinic.settings.content_dir()`` ($CLINIC_CONTENT_DIR, default ``content/``):

* ``answers.yml``: one answer per topic, each with the article sentences it
  draws on (``Content``, ``get_content``); ``answers.<language>.yml`` the
  clinic's translation of it (``answers.es.yml``: ``get_content(language="es")``,
  English where a language has no file);
* ``procedure_names.yml``: patients' names for each procedure
  (``procedure_names``), also the NLU model's synonyms and lookup table;
* ``clinic.yml``: the clinic's name, phone and promises (``clinic_info``);
* ``form_answers.yml``: the words patients answer the booking form with, by
  language (``form_answers``): yes, no, leaving, not names.

The wording of every other message is ``clinic.messages``; the safety
patterns ``clinic.safety``; what a correct reply must carry ``clinic.topics``.
Files are read again when they change, so staff can edit them while the
assistant runs, without retraining.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Text, Tuple, TypeVar

import yaml

from clinic import settings

T = TypeVar("T")
logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
# The languages the assistant speaks; content and wording fall back to English.
LANGUAGES = ("en", "es")


def language_or_default(language: Any) -> Text:
    """``language`` if the assistant speaks it ("en", "es"; "es-MX", "ES" too),
    else English. Slot values and page attributes can be anything."""
    if isinstance(language, str):
        code = language.strip().lower().replace("_", "-").split("-")[0]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Procedure:
    key: Text
    name: Text
    short: Text
    kind: Text
    topic: Text
    summary: Text
    source: Text

    @property
    def is_injection(self) -> bool:
        return self.kind == "injection"


@dataclass(frozen=True)
class Variant:
    answer: Text
    sources: Tuple[Text, ...]


@dataclass(frozen=True)
class Topic:
    key: Text
    title: Text
    applies_to: Text
    answer: Text
    sources: Tuple[Text, ...]
    suggest: Tuple[Text, ...] = ()
    suggest_procedures: Tuple[Text, ...] = ()
    procedures: Dict[Text, Variant] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """What the assistant says for one topic, and the article sentences behind it."""

    topic: Text
    text: Text
    sources: Tuple[Text, ...]
    procedure: Optional[Text] = None
    language: Text = DEFAULT_LANGUAGE  # of ``text``; ``sources`` are the article's (English)
    translation: Optional[Text] = None  # who translated ``text``, for staff; None: not a translation


def _clean(text: Text) -> Text:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


class Content:
    def __init__(self, data: dict) -> None:
        self.language: Text = language_or_default(data.get("language"))
        # "Traducción de la clínica ...": the answers are the clinic's translation
        self.translation: Optional[Text] = data.get("translation")
        self.procedures: Dict[Text, Procedure] = {
            key: Procedure(key=key, **value) for key, value in data["procedures"].items()
        }
        self.intros: Dict[Text, Text] = data["procedure_intros"]
        self.prompts: Dict[Text, Text] = {k: _clean(v) for k, v in data["prompts"].items()}
        self.topics: Dict[Text, Topic] = {}
        for key, value in data["topics"].items():
            variants = {
                proc: Variant(_clean(v["answer"]), tuple(v["sources"]))
                for proc, v in (value.get("procedures") or {}).items()
            }
            self.topics[key] = Topic(
                key=key,
                title=value["title"],
                applies_to=value["applies_to"],
                answer=_clean(value["answer"]),
                sources=tuple(value["sources"]),
                suggest=tuple(value.get("suggest") or ()),
                suggest_procedures=tuple(value.get("suggest_procedures") or ()),
                procedures=variants,
            )

    @classmethod
    def load(cls, directory: Optional[Path] = None, language: Text = DEFAULT_LANGUAGE) -> Content:
        with open(content_path(answers_file(language, directory), directory), encoding="utf-8") as f:
            return cls(yaml.safe_load(f))

    def procedure(self, value: Any) -> Optional[Procedure]:
        """The procedure whose key is ``value``, else None. Slot and entity
        values can be any JSON: a patient's "/intent{...}" message sets them."""
        return self.procedures.get(value) if isinstance(value, str) else None

    def procedure_topic(self, procedure: Optional[Text]) -> Optional[Text]:
        found = self.procedure(procedure)
        return found.topic if found else None

    def answer(self, topic: Text, procedure: Optional[Text] = None) -> Answer:
        """The answer for ``topic``, naming ``procedure`` where the article is general."""
        entry = self.topics[topic]
        proc = self.procedure(procedure)
        variant = entry.procedures.get(proc.key) if proc else None
        if proc and variant:
            return self._said(Answer(topic, variant.answer, variant.sources, proc.key))
        if proc is None or entry.applies_to == "none":
            return self._said(Answer(topic, entry.answer, entry.sources))
        if entry.applies_to == "all":
            intro = self.intros["all"]
        elif proc.is_injection:
            intro = self.intros["injections_same"]
        else:
            intro = self.intros["injections_other"]
        intro = intro.format(name=proc.name, short=proc.short, summary=proc.summary)
        sources = (proc.source, *[s for s in entry.sources if s != proc.source])
        return self._said(Answer(topic, f"{intro}\n{entry.answer}", sources, proc.key))

    def _said(self, answer: Answer) -> Answer:
        """``answer`` marked with this content's language and translator."""
        return replace(answer, language=self.language, translation=self.translation)


_lock = threading.Lock()
_cache: Dict[Tuple[Path, Text], Tuple[Tuple[int, int], Any]] = {}


def cached_load(path: Path, kind: Text, load: Callable[[Path], T]) -> T:
    """``load(path)``, read again only when the file has changed on disk. A
    changed file that fails to load leaves the last good copy in use (logged);
    the first load's errors (OSError, a malformed file) are raised."""
    stat = path.stat()
    mtime = (stat.st_mtime_ns, stat.st_size)  # a rewrite within one clock tick changes the size
    key = (path, kind)
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached[0] != mtime:
            try:
                cached = (mtime, load(path))
            except Exception as error:
                if cached is None:
                    raise
                # a staff edit that broke the file: keep answering with the last good copy
                logger.error(
                    "%s could not be read (%s); still using the last good copy.",
                    path.name,
                    type(error).__name__,
                )
                cached = (mtime, cached[1])
            _cache[key] = cached
        return cached[1]


def content_path(name: Text, directory: Optional[Path] = None) -> Path:
    """A content file's path, in ``directory`` or the configured content folder."""
    return Path(directory or settings.content_dir()) / name


def answers_file(language: Any = DEFAULT_LANGUAGE, directory: Optional[Path] = None) -> Text:
    """The answers' file name in ``language``: ``answers.yml`` (English),
    ``answers.es.yml``; English when the language has none."""
    language = language_or_default(language)
    if language != DEFAULT_LANGUAGE:
        name = f"answers.{language}.yml"
        if content_path(name, directory).exists():
            return name
    return "answers.yml"


def get_content(directory: Optional[Path] = None, language: Any = DEFAULT_LANGUAGE) -> Content:
    """The answers in ``language`` ("en" | "es"; English for any other value or
    when the language has no file), read again only when the file has changed."""
    name = answers_file(language, directory)
    return cached_load(content_path(name, directory), name, lambda p: Content(_read_yaml(p)))


def _read_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _read_clinic(path: Path) -> Dict[Text, Text]:
    with open(path, encoding="utf-8") as f:
        return {k: str(v) for k, v in (yaml.safe_load(f) or {}).items()}


def clinic_info(directory: Optional[Path] = None) -> Dict[Text, Text]:
    """The clinic's name, phone and follow-up promise (``clinic.yml``), each
    overridable by CLINIC_<KEY> in the environment (CLINIC_PHONE, ...)."""
    info = dict(cached_load(content_path("clinic.yml", directory), "clinic", _read_clinic))
    for key in list(info):
        info[key] = settings.env(f"CLINIC_{key.upper()}") or info[key]
    return info


def _read_procedure_names(path: Path) -> Dict[Text, List[Text]]:
    names: Dict[Text, List[Text]] = {}
    for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        if "synonym" in item:
            names[item["synonym"]] = [
                line.strip()[2:] for line in item["examples"].splitlines() if line.strip()
            ]
    return names


def procedure_names(directory: Optional[Path] = None) -> Dict[Text, List[Text]]:
    """Patients' names for each procedure key, from ``procedure_names.yml``
    (Rasa's synonym blocks: ``{"rfa": ["radiofrequency ablation", "nerve burning", ...]}``)."""
    return cached_load(
        content_path("procedure_names.yml", directory), "procedure_names", _read_procedure_names
    )


def _read_form_answers(path: Path) -> Dict[Text, Dict[Text, List[Text]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: Dict[Text, Dict[Text, List[Text]]] = {}
    for language, kinds in data.items():
        for kind, words in (kinds or {}).items():
            if not isinstance(kind, str) or any(not isinstance(w, (str, int)) for w in words or []):
                # YAML reads an unquoted yes / no / on / off as true / false
                raise ValueError(f"{path.name}: quote yes, no, on and off ({language}: {kind})")
            found.setdefault(str(language), {})[kind] = [str(w) for w in words or []]
    return found


def form_answers(
    language: Any = DEFAULT_LANGUAGE, directory: Optional[Path] = None
) -> Dict[Text, List[Text]]:
    """The words patients answer the form with in ``language`` (``form_answers.yml``):
    ``{"yes": [...], "no": [...], "leave": [...], "goodbye": [...], ...}``; {} if none."""
    path = content_path("form_answers.yml", directory)
    if not path.exists():
        return {}
    return cached_load(path, "form_answers", _read_form_answers).get(language_or_default(language), {})
