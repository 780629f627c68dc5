"""Keywords, inbound cleaning, the opt-out store, per-sender memory, settings."""

import sqlite3

import pytest
from rasa.shared.exceptions import RasaException

from channels import sms_keywords as kw
from channels.sms_state import OptOutStore, hashed_sender, log_id
from channels.twilio_sms import TwilioSmsInput
from tests.channels.loopback import AUTH_TOKEN, SENDER_SECRET


@pytest.mark.parametrize(
    "text", ["STOP", "stop", " Stop ", "STOPALL", "unsubscribe", "Cancel", "END", "quit", "REVOKE", "optout"]
)
def test_opt_out_keywords(text):
    assert kw.keyword(text) == kw.OPT_OUT


@pytest.mark.parametrize(
    "text", ["stop booking", "please stop", "cancel my appointment", "stop.", "never mind", "the end"]
)
def test_opt_out_needs_the_keyword_alone(text):
    assert kw.keyword(text) != kw.OPT_OUT


@pytest.mark.parametrize("text", ["START", "unstop", "Yes"])
def test_opt_in_keywords(text):
    assert kw.keyword(text) == kw.OPT_IN


def test_yes_is_an_answer_while_subscribed_and_start_is_not():
    assert not kw.opts_in_when_subscribed("yes")
    assert kw.opts_in_when_subscribed("Start")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("HELP", kw.HELP),
        ("help!", kw.HELP),
        ("Info", kw.HELP),
        ("more", kw.MORE),
        ("MORE...", kw.MORE),
        ("help me book an appointment", None),
        ("information", None),
        ("tell me more", None),
        ("what is RFA?", None),
    ],
)
def test_help_and_more(text, expected):
    assert kw.keyword(text) == expected


def test_twilio_advanced_opt_out_type_counts_too():
    assert kw.keyword("ARRET", "STOP") == kw.OPT_OUT
    assert kw.keyword("AYUDA", "HELP") == kw.HELP
    assert kw.keyword("yes", "START") == kw.OPT_IN
    assert kw.keyword("hello", "") is None


def test_help_text_has_the_clinic_and_the_emergency_numbers():
    text = kw.help_text({"name": "Momentum Medical", "phone": "(512) 555-0100"})
    assert text == (
        "Momentum Medical: call (512) 555-0100. Reply STOP to opt out. "
        "Not for emergencies: call 911, or call or text 988."
    )
    assert len(text) <= 160


def test_inbound_text_is_cleaned():
    assert kw.clean_inbound("  hi\tthere\r\nfriend\x00\x07\u202e\u200b ") == "hi there friend"
    assert kw.clean_inbound("/affirm") == "affirm"
    assert kw.clean_inbound('/inform{"full_name": "x"}') == 'inform{"full_name": "x"}'
    assert kw.clean_inbound("😀🙏") == "😀🙏"
    assert kw.clean_inbound("   \n\t ") == ""
    assert kw.clean_inbound(None) == ""
    assert len(kw.clean_inbound("a" * 10_000)) == 1600


def test_the_sender_id_is_a_keyed_hash_of_the_number():
    one = hashed_sender("+15125550199", SENDER_SECRET)
    assert one == hashed_sender(" +1 512 555 0199 ", SENDER_SECRET)
    assert one != hashed_sender("+15125550198", SENDER_SECRET)
    assert one != hashed_sender("+15125550199", SENDER_SECRET + "x")
    assert one.startswith("sms-") and "5125550199" not in one
    assert log_id(one) == one[:12]


def test_opt_outs_persist_in_sqlite(tmp_path):
    path = tmp_path / "nested" / "optout.db"
    store = OptOutStore(path)
    assert not store.is_opted_out("sms-a")
    store.opt_out("sms-a")
    store.opt_out("sms-a")
    assert OptOutStore(path).is_opted_out("sms-a")
    assert not store.is_opted_out("sms-b")
    store.opt_in("sms-a")
    assert not OptOutStore(path).is_opted_out("sms-a")
    with sqlite3.connect(path) as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == [
            "sms_optout",
            "sqlite_autoindex_sms_optout_1",
        ]


def test_the_channel_refuses_to_start_without_its_secrets(monkeypatch, tmp_path):
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    monkeypatch.delenv("SMS_SENDER_SECRET", raising=False)
    with pytest.raises(RasaException, match="TWILIO_AUTH_TOKEN"):
        TwilioSmsInput.from_credentials(None)
    with pytest.raises(RasaException, match="TWILIO_AUTH_TOKEN"):
        TwilioSmsInput.from_credentials(
            {"auth_token": "${TWILIO_AUTH_TOKEN}", "sender_secret": SENDER_SECRET}
        )
    with pytest.raises(RasaException, match="SMS_SENDER_SECRET"):
        TwilioSmsInput.from_credentials({"auth_token": AUTH_TOKEN})
    with pytest.raises(RasaException, match="at least 16"):
        TwilioSmsInput.from_credentials({"auth_token": AUTH_TOKEN, "sender_secret": "short"})
    with pytest.raises(RasaException, match="webhook_url"):
        TwilioSmsInput.from_credentials(
            {"auth_token": AUTH_TOKEN, "sender_secret": SENDER_SECRET, "webhook_url": "example.org/sms"}
        )


@pytest.mark.parametrize("url", [None, "", "${SMS_WEBHOOK_URL}"])
def test_the_channel_does_not_start_without_its_public_url(monkeypatch, url):
    """The URL Twilio signs is configured, or the channel refuses to start:
    it is never rebuilt from the request's Host header."""
    monkeypatch.delenv("SMS_WEBHOOK_URL", raising=False)
    credentials = {"auth_token": AUTH_TOKEN, "sender_secret": SENDER_SECRET}
    if url is not None:
        credentials["webhook_url"] = url
    with pytest.raises(RasaException, match="SMS_WEBHOOK_URL"):
        TwilioSmsInput.from_credentials(credentials)


def test_the_channel_reads_its_secrets_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("SMS_SENDER_SECRET", SENDER_SECRET)
    monkeypatch.setenv("SMS_WEBHOOK_URL", "https://sms.example.org/webhooks/twilio_sms/webhook")
    channel = TwilioSmsInput.from_credentials(
        {
            "sender_secret": "${SMS_SENDER_SECRET}",
            "state_db_url": f"sqlite:///{tmp_path / 'o.db'}",
            "reply_timeout": "5",
        }
    )
    assert channel.name() == "twilio_sms"
    assert channel.validator.token == AUTH_TOKEN.encode()
    assert channel.sender_secret == SENDER_SECRET
    assert channel.reply_timeout == 5.0
    assert channel.webhook_url == "https://sms.example.org/webhooks/twilio_sms/webhook"
    assert channel.optouts.db.engine.url.database == str(tmp_path / "o.db")
