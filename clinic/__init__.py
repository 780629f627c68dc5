"""The clinic, shared by the Rasa server, the action server and the front desk:
its settings (``clinic.settings``), its content and wording (``clinic.content``,
``clinic.messages``, ``clinic.safety``, ``clinic.topics``) and its requests
(``clinic.requests``, on ``clinic.database``)."""
