"""Single questions and whole conversations against the running assistant.

Questions: each in a fresh REST conversation; the reply must carry every
topic's facts and nothing a reply may never be (``checks.turn_problems``, no
false safety answer).

Conversations, on the channel each names: every turn is checked against its
``expect`` (topics, mentions, safety answer, what the form waits for, a
booking reference, a cancellation) and against ``checks.turn_problems``; an
``sms_retry`` turn is posted again with the same MessageSid and must get the
same reply without a second turn in the tracker. At the end, the requests
the conversation sent are looked up in the front desk's store by their
idempotency keys (the conversation and each time its form started) and
compared with ``final``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Text

from clinic.content import get_content
from clinic.settings import clinic_timezone
from frontdesk.store import Store
from tests.evaluation import checks
from tests.evaluation.clients import SmsPatient, patient_for
from tests.evaluation.sets import topics_of

FORM = "request_form"
ASKED_SLOT = {
    "full_name": "full_name",
    "phone": "phone",
    "preferred_time": "preferred_time",
    "confirm": "request_confirmed",
}


def ask_question(servers, item: Dict[Text, Any]) -> Dict[Text, Any]:
    patient = patient_for("rest", servers)
    texts = patient.says(item["text"])
    reply = "\n".join(texts)
    problems = checks.topic_problems(topics_of(item), reply, item.get("lang", "en"))
    problems += checks.turn_problems([t for t in texts])
    false_alarm = checks.safety_problem(None, reply)
    if false_alarm:
        problems.append(false_alarm)
    return {
        "text": item["text"],
        "topics": topics_of(item),
        "lang": item.get("lang", "en"),
        "reply": reply,
        "problems": problems,
        "ok": not problems,
    }


def questions(servers, items: List[Dict[Text, Any]], workers: int = 4) -> List[Dict[Text, Any]]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda item: ask_question(servers, item), items))


# ------------------------------------------------------------- conversations


def _form_state(tracker: Dict[Text, Any]) -> Text:
    if ((tracker.get("active_loop") or {}).get("name")) != FORM:
        return "nothing"
    requested = (tracker.get("slots") or {}).get("requested_slot")
    return next((k for k, slot in ASKED_SLOT.items() if slot == requested), f"? {requested}")


def _user_turns(tracker: Dict[Text, Any]) -> int:
    return sum(1 for e in tracker.get("events") or [] if e.get("event") == "user")


def _turn(patient, turn: Dict[Text, Any], lang: Text = "en") -> Dict[Text, Any]:
    expect = turn.get("expect") or {}
    texts = patient.says(turn["say"])
    problems = checks.turn_problems(texts)
    reply = "\n".join(texts)
    if isinstance(patient, SmsPatient):
        if turn.get("sms_retry"):
            before = _user_turns(patient.tracker())
            for _ in range(turn["sms_retry"]):
                if patient.retry() != reply:
                    problems.append("a provider retry got another reply")
                    break
            if _user_turns(patient.tracker()) != before:
                problems.append("a provider retry was processed as a new turn")
        checked = (
            "\n".join([reply] + patient.more_pages(reply))
            if ("topic" in expect or "topics" in expect or "mentions" in expect)
            else reply
        )
    else:
        checked = reply
    problems += checks.topic_problems(topics_of(expect), checked, lang)
    if expect.get("mentions") and not mentions(expect["mentions"], checked):
        problems.append(f"does not mention /{expect['mentions']}/")
    safety = checks.safety_problem(expect.get("safety"), reply)
    if safety:
        problems.append(safety)
    if expect.get("booked") and not checks.REFERENCE.search(reply):
        problems.append("no booking reference")
    if "asks" in expect or expect.get("cancelled"):
        state = _form_state(patient.tracker())
        if "asks" in expect and state != expect["asks"]:
            problems.append(f"the form waits for {state}, not {expect['asks']}")
        if expect.get("cancelled") and state != "nothing":
            problems.append(f"not cancelled: the form waits for {state}")
    return {"say": turn["say"], "reply": reply, "problems": problems}


def _requests_sent(store: Store, patient) -> List[Any]:
    """The requests this conversation sent, by their idempotency keys."""
    found = []
    for event in patient.tracker().get("events") or []:
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            key = hashlib.sha256(f"{patient.sender}:{event.get('timestamp')}".encode()).hexdigest()
            stored = store.find_by_idempotency_key(key)
            if stored is not None and stored not in found:
                found.append(stored)
    return found


def _request_problems(expected: Dict[Text, Any], stored) -> List[Text]:
    problems = []

    def same(a: Optional[Text], b: Optional[Text]) -> bool:
        return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()

    if stored.kind != expected["kind"]:
        problems.append(f"stored as a {stored.kind}")
    if not same(stored.full_name, expected["full_name"]):
        problems.append(f"name stored as {stored.full_name!r}")
    if stored.phone_e164 != expected["phone"]:
        problems.append(f"phone stored as {stored.phone_e164}")
    when = stored.preferred_time.astimezone(clinic_timezone()) if stored.preferred_time else None
    if "weekday" in expected and (when is None or when.strftime("%A").lower() != expected["weekday"]):
        problems.append(f"day stored as {when and when.strftime('%A')}")
    if "hour" in expected and (when is None or when.hour != expected["hour"]):
        problems.append(f"hour stored as {when and when.hour}")
    wanted = expected.get("time_text_contains")
    if wanted and wanted.lower() not in (stored.preferred_time_text or "").lower():
        problems.append("the patient's words for the time were not kept")
    if "procedure" in expected:
        procedure = get_content().procedure(expected["procedure"])
        if procedure is None or stored.procedure != procedure.name:
            problems.append(f"procedure stored as {stored.procedure!r}")
    return problems


def run_conversation(servers, store: Store, conversation: Dict[Text, Any]) -> Dict[Text, Any]:
    patient = patient_for(conversation["channel"], servers)
    turns = []
    for turn in conversation["turns"]:
        try:
            turns.append(_turn(patient, turn, conversation.get("lang", "en")))
        except Exception as error:  # a transport error is a failed turn, not a crash
            turns.append({"say": turn["say"], "reply": "", "problems": [f"error: {error!r}"]})
    final = conversation["final"]
    sent = _requests_sent(store, patient)
    final_problems = []
    if len(sent) != final["requests"]:
        final_problems.append(f"{len(sent)} request(s) sent, expected {final['requests']}")
    elif sent and final.get("request"):
        final_problems += _request_problems(final["request"], sent[0])
    ok = not final_problems and not any(t["problems"] for t in turns)
    return {
        "id": conversation["id"],
        "channel": conversation["channel"],
        "lang": conversation.get("lang", "en"),
        "tags": conversation.get("tags") or [],
        "turns": turns,
        "final_problems": final_problems,
        "ok": ok,
    }


def conversations(servers, items: List[Dict[Text, Any]], workers: int = 4) -> List[Dict[Text, Any]]:
    store = Store(servers.env["CLINIC_DB_URL"])
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda c: run_conversation(servers, store, c), items))


def mentions(pattern: Text, reply: Text) -> bool:
    """Whether ``reply`` matches the case-insensitive ``pattern``, its accents
    ignored as the topics' Spanish patterns ignore them ("medula espinal"
    mentions "médula espinal")."""
    return any(re.search(pattern, text, re.IGNORECASE) for text in (reply, _without_accents(reply)))


def _without_accents(text: Text) -> Text:
    """``text`` with its accents and tildes removed ("médula" -> "medula")."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
