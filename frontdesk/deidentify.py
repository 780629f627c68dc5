"""Patients' identities out of exported messages: Microsoft Presidio on the project's spaCy model.

``deidentify(text)`` replaces names, phone numbers, email addresses, dates
(of birth, of a visit: calendar dates, not "tomorrow") and addresses with
placeholders, so reviewed messages can become training data in git::

    "I'm Ann Lee, 512-555-0100, born 3/4/1980" -> "I'm <NAME>, <PHONE>, born <DATE>"

Nothing is downloaded at run time: Presidio's spaCy engine is given the
pinned model's data folder (``clinic.spacy_model``), and the email check reads
tldextract's bundled public suffix list instead of fetching it. The clinic's
own words (procedure names, the clinic's name) are never taken for a person
or a place.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from typing import TYPE_CHECKING, Dict, List, Optional

from clinic.content import clinic_info, procedure_names
from clinic.spacy_model import model_data_path

if TYPE_CHECKING:  # Presidio and spaCy load in about a second: only when exporting
    from presidio_analyzer import AnalyzerEngine
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig

PLACEHOLDERS = {
    "PERSON": "<NAME>",
    "PHONE_NUMBER": "<PHONE>",
    "EMAIL_ADDRESS": "<EMAIL>",
    "DATE_TIME": "<DATE>",
    "LOCATION": "<ADDRESS>",
    "STREET_ADDRESS": "<ADDRESS>",
    "US_SSN": "<ID>",
    "CREDIT_CARD": "<ID>",
}
ENTITIES = list(PLACEHOLDERS)
MIN_SCORE = 0.35

# "3/4/1980", "1980-03-04", "March 4th", "4 March 1980", "born in 1980": a
# calendar date. "Tomorrow", "two weeks", "3 days after" are what patients ask
# about, not who they are: they stay.
_MONTHS = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
CALENDAR_DATE = re.compile(
    rf"\d{{1,4}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{1,4}}|\b(?:19|20)\d\d\b|\b(?:{_MONTHS})\b\.?\s*\d|\d\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTHS})\b",
    re.IGNORECASE,
)
# US phone numbers in any common format (Presidio's own check wants valid
# numbers; a patient's typo is still their number)
US_PHONE = r"(?<!\w)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\w)"
STREET = (
    r"\b\d{1,6}\s+(?:[A-Za-z0-9.'-]+\s+){1,3}"
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|lane|ln|way|court|ct|place|pl|"
    r"parkway|pkwy|highway|hwy|circle|cir|trail|trl|terrace)\b"
    r"(?:,?\s*(?:apt|apartment|suite|ste|unit|#)\s*\w+)?"
)

_lock = threading.Lock()
_analyzer: Optional[AnalyzerEngine] = None
_anonymizer: Optional[AnonymizerEngine] = None


def _allow_list() -> List[str]:
    """The clinic's words, never personal data: its name, every procedure name."""
    words = {name for names in procedure_names().values() for name in names}
    words |= set(procedure_names())
    name = clinic_info().get("name")
    if name:
        words.add(name)
    return sorted(words)


def analyzer() -> AnalyzerEngine:
    """Presidio's analyzer on the pinned spaCy model, built once per process."""
    global _analyzer
    with _lock:
        if _analyzer is None:
            _analyzer = _build()
        return _analyzer


@contextlib.contextmanager
def _without_tensorflow():
    """spaCy's thinc imports TensorFlow when it is installed (Rasa installs it),
    for shims the front desk never uses: 537 MiB instead of 178 at the peak of
    an export, more than the front desk's pod may use. While spaCy is first
    imported, TensorFlow reads as absent; a process that already has thinc or
    TensorFlow (a test run, say) is left as it is."""
    if "thinc" in sys.modules or "tensorflow" in sys.modules:
        yield
        return
    sys.modules["tensorflow"] = None  # type: ignore[assignment]  # import tensorflow: ImportError
    try:
        yield
    finally:
        if "tensorflow" in sys.modules and sys.modules["tensorflow"] is None:
            del sys.modules["tensorflow"]


def _build() -> AnalyzerEngine:
    with _without_tensorflow():
        import tldextract
        from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import EmailRecognizer

    offline_domains = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class OfflineEmailRecognizer(EmailRecognizer):
        """Presidio's email recognizer, checking domains against the bundled suffix list."""

        def validate_result(self, pattern_text: str):
            return offline_domains(pattern_text).fqdn != ""

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": str(model_data_path())}])
    engine.load()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=engine, languages=["en"])
    registry.remove_recognizer("EmailRecognizer")
    registry.add_recognizer(OfflineEmailRecognizer())
    registry.add_recognizer(
        PatternRecognizer(
            supported_entity="PHONE_NUMBER",
            name="UsPhoneFormats",
            patterns=[Pattern("us phone", US_PHONE, 0.6)],
        )
    )
    registry.add_recognizer(
        PatternRecognizer(
            supported_entity="STREET_ADDRESS", name="StreetAddress", patterns=[Pattern("street", STREET, 0.6)]
        )
    )
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])


def deidentify(text: str) -> str:
    """``text`` with personal details replaced by ``PLACEHOLDERS``' placeholders."""
    if not text.strip():
        return text
    results = analyzer().analyze(
        text=text, language="en", entities=ENTITIES, score_threshold=MIN_SCORE, allow_list=_allow_list()
    )
    from presidio_anonymizer.entities import RecognizerResult

    kept = [  # the anonymizer's own record of each span (the analyzer's is another class)
        RecognizerResult(r.entity_type, r.start, r.end, r.score)
        for r in results
        if r.entity_type != "DATE_TIME" or CALENDAR_DATE.search(text[r.start : r.end])
    ]
    return anonymizer().anonymize(text=text, analyzer_results=kept, operators=_operators()).text


def anonymizer() -> AnonymizerEngine:
    from presidio_anonymizer import AnonymizerEngine

    global _anonymizer
    with _lock:
        if _anonymizer is None:
            _anonymizer = AnonymizerEngine()
        return _anonymizer


def _operators() -> Dict[str, OperatorConfig]:
    """Presidio's "replace" operator for each entity, with its placeholder."""
    from presidio_anonymizer.entities import OperatorConfig

    return {entity: OperatorConfig("replace", {"new_value": value}) for entity, value in PLACEHOLDERS.items()}
