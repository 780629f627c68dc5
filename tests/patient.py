"""A patient talking to the running assistant over the REST channel."""

import uuid

from tests.evaluation.checks import reply_text


class Patient:
    def __init__(self, servers):
        self.servers = servers
        self.sender = f"test-{uuid.uuid4().hex}"

    def says(self, text):
        """Everything the assistant replied, texts and button titles."""
        return reply_text(self.servers.rest(self.sender, text))
