"""A real SMS conversation with the trained assistant, through the SMS channel.

Starts its own action server and Rasa server (tests/harness/servers.py's functions)
with a temporary credentials file that adds the channel, since the repository's
credentials.yml may not have it.
"""

import contextlib
import secrets
import subprocess
import sys
import textwrap

import pytest

from channels.sms_format import MAX_SEGMENTS, more_suffix, segments
from tests.channels.loopback import WEBHOOK_PATH, Phone
from tests.harness.servers import ROOT, _env, free_port, start_actions, start_rasa

MORE_SUFFIX = more_suffix()

pytestmark = pytest.mark.model

# patients' phones: they must appear nowhere on disk or in the logs
FROM, OTHER, BOOKING, CANCELLING = "+15125550177", "+15125550178", "+15125550179", "+15125550180"


@pytest.fixture(scope="module")
def sms_assistant(trained_model, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("sms-assistant")
    token, secret = secrets.token_hex(16), secrets.token_urlsafe(32)
    env = _env(
        {
            "CLINIC_DB_URL": f"sqlite:///{workdir}/clinic.db",
            "TRACKER_DB": str(workdir / "trackers.db"),
            "TWILIO_AUTH_TOKEN": token,
            "SMS_SENDER_SECRET": secret,
        }
    )
    subprocess.run(
        [sys.executable, "-m", "frontdesk.cli", "init-db"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    credentials = workdir / "credentials.yml"
    credentials.write_text(
        textwrap.dedent(f"""\
        rest:
        channels.twilio_sms.TwilioSmsInput:
          auth_token: ${{TWILIO_AUTH_TOKEN}}
          sender_secret: ${{SMS_SENDER_SECRET}}
          webhook_url: {url}
          state_db_url: sqlite:///{workdir / "sms_state.db"}
          reply_timeout: 60
        """)
    )
    processes = []
    try:
        actions_url, process = start_actions(workdir, env)
        processes.append(process)
        _, process = start_rasa(
            workdir,
            env,
            trained_model,
            actions_url,
            port=port,
            extra_args=["--credentials", str(credentials)],
        )
        processes.append(process)
        yield Phone(url, number=FROM, token=token), workdir
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
            if process.poll() is None:
                process.kill()


def read_all(phone, text):
    """The whole reply to ``text``, following MORE."""
    pages = [phone.says(text)]
    while pages[-1].endswith(MORE_SUFFIX):
        pages.append(phone.says("MORE"))
        assert len(pages) < 8
    assert all(segments(page) <= MAX_SEGMENTS for page in pages)
    return "\n".join(pages)


def test_answers_choices_and_keywords_over_sms(sms_assistant):
    phone, _ = sms_assistant
    assert "heat" in read_all(phone, "what is RFA?").lower()
    assert phone.says("HELP").startswith("Momentum Medical: call ")
    assert phone.says("STOP").startswith("You're unsubscribed")
    assert phone.says("what is RFA?") == ""
    assert phone.says("START").startswith("You're subscribed again.")
    assert "heat" in read_all(phone, "what is RFA?").lower()

    risks = read_all(phone, "what are the risks of RFA?")
    assert "- infection" in risks.lower() and "•" not in risks  # GSM-7 bullets

    advice = phone.says("how much gabapentin should I take?")
    assert advice.endswith("Reply 1 for Book an appointment; 2 for Talk to a person.")
    assert "full name" in phone.says("1")  # the first button's payload: /book_appointment
    assert "phone number" in phone.says("Ava Thornton")


def test_a_booking_over_sms(sms_assistant):
    """The booking form end to end, confirmed with the digit 1 (as
    tests/test_booking_e2e.py does over REST)."""
    phone = sms_assistant[0].with_number(BOOKING)
    assert "full name" in phone.says("book an appointment")
    assert "phone number" in phone.says("Ava Thornton")
    assert "What day and time" in phone.says("(512) 555-0142")
    summary = read_all(phone, "next tuesday morning")
    assert "Ava Thornton" in summary and "(512) 555-0142" in summary and "•" not in summary
    assert summary.endswith("Reply 1 for Yes, send it; 2 for No, change something; 3 for Cancel.")
    assert "reference is MM-" in phone.says("1")


def test_cancel_at_the_summary_opts_out_and_ends_the_booking_unsent(sms_assistant):
    # on SMS, CANCEL alone is a carriers' opt-out word: the phone is opted
    # out, and the open form ends with nothing sent to the front desk
    phone = sms_assistant[0].with_number(CANCELLING)
    assert "full name" in phone.says("book an appointment")
    assert "phone number" in phone.says("Noor Haddad")
    assert "What day and time" in phone.says("(512) 555-0143")
    assert read_all(phone, "next wednesday afternoon").endswith("3 for Cancel.")
    assert phone.says("CANCEL").startswith("You're unsubscribed")
    assert phone.says("START").startswith("You're subscribed again.")
    for answer in ("1", "yes please send it"):
        reply = phone.says(answer)
        assert "reference is MM-" not in reply and "Here's your appointment request" not in reply


@pytest.mark.parametrize(
    "body",
    ["😀🙏", "<script>alert(1)</script>", "what is RFA? " * 800, "\x00\x07 what\x1b is a nerve block?"],
)
def test_odd_messages_get_a_real_answer(sms_assistant, body):
    reply = sms_assistant[0].with_number(OTHER).says(body)
    assert reply and "something went wrong" not in reply
    assert segments(reply) <= MAX_SEGMENTS


def test_the_phone_number_is_not_stored_or_logged(sms_assistant):
    phone, workdir = sms_assistant
    phone.says("what is a nerve block?")
    rasa_log = (workdir / "rasa.log").read_text(errors="replace")
    assert "channels.twilio_sms" in rasa_log
    for text in ("nerve block", "gabapentin", "Ava Thornton"):  # nor what patients wrote
        assert text not in rasa_log
    for path in workdir.iterdir():
        if path.is_file():
            data = path.read_bytes()
            for number in (FROM, OTHER, BOOKING):
                for secret in (number, number[2:], f"({number[2:5]}) {number[5:8]}-{number[8:]}"):
                    assert secret.encode() not in data, (path.name, secret)
