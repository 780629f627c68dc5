"""Puts the patient in touch with the clinic's front desk."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.content import clinic_info


class ActionContactClinic(Action):
    def name(self) -> Text:
        return "action_contact_clinic"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        info = clinic_info()
        dispatcher.utter_message(
            text=f"Our front desk team will be glad to help. Their phone number is "
            f"{info['phone']}: call {info['name']} to book an appointment or talk to "
            f"someone from the team."
        )
        return []
