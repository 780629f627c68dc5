import pytest

from channels.twilio_sms import TwilioSmsInput
from tests.channels.loopback import AUTH_TOKEN, SENDER_SECRET, WEBHOOK_PATH, LoopbackServer
from tests.harness.servers import free_port


@pytest.fixture()
def make_server(tmp_path):
    """Starts loopback servers with the SMS channel (``channel`` settings as
    keyword arguments); stops them when the test ends."""
    started = []

    def make(**settings):
        port = free_port()
        settings = {
            "webhook_url": f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            "auth_token": AUTH_TOKEN,
            "sender_secret": SENDER_SECRET,
            "state_db_url": f"sqlite:///{tmp_path / 'var' / 'sms_state.db'}",
            "reply_timeout": 0.5,
            **settings,
        }
        server = LoopbackServer(TwilioSmsInput(**settings), port=port).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture()
def server(make_server):
    return make_server()
