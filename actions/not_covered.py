"""Questions about the clinic that the article does not answer: said plainly.

"does medicare cover the stimulator", "what are your hours", "where do I
park": the article is the assistant's only source, so it says it has no
information on the subject (the ``label`` of ``content/not_covered.yml``),
gives the clinic's phone and offers a call-back. Used by the answering
action (before an article answer), the fallback and ``action_out_of_scope``.
"""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.wording import language_of, say
from clinic.content import clinic_info
from clinic.not_covered import Subject, subject_of

__all__ = ["ActionOutOfScope", "Subject", "say_not_covered", "subject_of", "subjects_beside"]


CALL_BACK_PAYLOAD = "/request_human"


def say_not_covered(
    dispatcher: CollectingDispatcher, tracker: Tracker, subject: Subject, in_request: bool = False
) -> None:
    """No information on ``subject`` (its own message, for one the clinic's
    details answer, as "what's your phone number"); the clinic's phone and a
    call-back button. ``in_request``: a booking or call-back starts in the
    same message, so the front desk is named instead, with no button. The
    button is offered once per reply: a subject said after another has
    none."""
    language = language_of(tracker)
    label = subject.labels.get(language) or subject.labels.get("en") or subject.key
    phone = clinic_info().get("phone")
    if in_request:
        message = "not_covered_in_request" if subject.message == "not_covered" else subject.message
        dispatcher.utter_message(
            text=say(tracker, message, subject=label, phone=phone), json_message={"not_covered": subject.key}
        )
        return
    # one call-back button per reply: "cuanto sale? el seguro lo cubre?"
    # names both subjects, the button once
    offered = any(
        button.get("payload") == CALL_BACK_PAYLOAD
        for sent in dispatcher.messages
        for button in sent.get("buttons") or []
    )
    button = {"title": say(tracker, "not_covered_button_call_back"), "payload": CALL_BACK_PAYLOAD}
    dispatcher.utter_message(
        text=say(tracker, subject.message, subject=label, phone=phone),
        buttons=[] if offered else [button],
        json_message={"not_covered": subject.key},
    )


def subjects_beside(tracker: Tracker) -> List[Subject]:
    """The subjects the article does not cover that the latest message's
    other clauses ask about, once each ("aceptan medicare? y si es asi quiero
    agendar una consulta": insurance); [] for a message of one clause."""
    found: List[Subject] = []
    for clause in tracker.latest_message.get("clauses") or []:
        subject = subject_of(clause.get("text") or "")
        if subject and subject.key not in {s.key for s in found}:
            found.append(subject)
    return found


class ActionOutOfScope(Action):
    """Out of scope: a clinic question the article does not answer is told so
    with the clinic's phone; anything else hears what the assistant can do."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[EventType]:
        subject = subject_of(tracker.latest_message.get("text") or "")
        if subject:
            from actions.answers import answer_beside_not_covered  # (answers imports this module)

            return answer_beside_not_covered(dispatcher, tracker, subject)
        else:
            dispatcher.utter_message(response="utter_out_of_scope")
        return []
