"""The SMS channel over HTTP on loopback: signed and forged Twilio posts, keywords,
numbered choices, paging, bad input, and what reaches the logs."""

import logging

import pytest
import requests

from channels.sms_format import MAX_SEGMENTS, more_suffix, segments
from tests.channels.loopback import AUTH_TOKEN, PHONE, WEBHOOK_PATH, Phone, reply_text

MORE_SUFFIX = more_suffix()

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'


@pytest.fixture()
def phone(server):
    return Phone(server.url)


def test_health(server):
    answer = requests.get(server.base + "/webhooks/twilio_sms/", timeout=10)
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}


def test_a_signed_post_gets_twiml_with_the_reply(server, phone):
    answer = phone.send("what is RFA?")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/xml; charset=utf-8"
    assert answer.text.startswith('<?xml version="1.0" encoding="UTF-8"?><Response><Message>')
    assert reply_text(answer.content) == "Got 12 characters: what is RFA?"
    [message] = server.assistant.received
    assert message.text == "what is RFA?" and message.input_channel == "twilio_sms"
    assert message.sender_id.startswith("sms-") and "5125550199" not in message.sender_id


def test_the_conversation_id_is_stable_per_phone(server, phone):
    phone.says("hello")
    phone.says("hello again")
    Phone(server.url, number="+15125550111").says("hi")
    first, second, other = (m.sender_id for m in server.assistant.received)
    assert first == second != other


def test_blank_twilio_fields_are_part_of_the_signature(phone):
    # Twilio sends (and signs) empty fields such as FromCity=; they must be kept.
    params = phone.params("hello")
    assert params["FromCity"] == ""
    assert phone.post(params).status_code == 200


@pytest.mark.parametrize("signature", [None, "", "forged", "c2lnbmF0dXJl"])
def test_a_missing_or_forged_signature_is_403(server, phone, signature):
    answer = phone.post(phone.params("what is RFA?"), signature=signature)
    assert answer.status_code == 403
    assert server.assistant.received == []


def test_a_signature_from_another_token_or_for_other_params_is_403(server, phone):
    assert Phone(server.url, token="f" * 32).send("hello").status_code == 403
    params = phone.params("hello")
    signature = phone.validator.compute_signature(server.url, params)
    assert phone.post({**params, "Body": "tampered"}, signature=signature).status_code == 403
    other_url = server.url.replace("/webhook", "/other")
    assert Phone(server.url, sign_url=other_url).send("hello").status_code == 403
    assert server.assistant.received == []


def test_json_and_other_content_types_are_415(server, phone):
    params = phone.params("hello")
    signature = phone.validator.compute_signature(server.url, params)
    headers = {"X-Twilio-Signature": signature}
    assert requests.post(server.url, json=params, headers=headers, timeout=10).status_code == 415
    for content_type in ("text/plain", "multipart/form-data; boundary=x", "application/xml"):
        answer = requests.post(
            server.url, data=b"Body=hi", timeout=10, headers={**headers, "Content-Type": content_type}
        )
        assert answer.status_code == 415
    assert requests.post(server.url, timeout=10).status_code == 415  # no body, no type
    assert server.assistant.received == []


@pytest.mark.parametrize("missing", ["From", "Body"])
def test_missing_fields_are_400(server, phone, missing):
    params = phone.params("hello")
    del params[missing]
    assert phone.post(params).status_code == 400
    assert server.assistant.received == []


def test_malformed_bodies_are_4xx_never_500(server, phone):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for body in (b"\xff\xfe\x00garbage", b"%%%===&&&", b"=" * 5000, b"a=1&" * 300):
        answer = requests.post(server.url, data=body, headers={**form, "X-Twilio-Signature": "x"}, timeout=10)
        assert 400 <= answer.status_code < 500, body[:20]
    too_big = requests.post(
        server.url, data=b"a" * (300 * 1024), timeout=10, headers={**form, "X-Twilio-Signature": "x"}
    )
    assert too_big.status_code == 413
    assert server.assistant.received == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "sms.attacker.example"},
        {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "sms.attacker.example"},
        {"Host": "sms.attacker.example", "X-Forwarded-Host": "sms.attacker.example"},
    ],
)
def test_a_post_signed_for_another_host_is_refused_whatever_its_host_headers_say(server, headers):
    """The signature is checked against the configured URL only: a post
    signed for another host (say, with the attacker's own Twilio account) is
    403, whatever Host or X-Forwarded-* headers it carries."""
    phone = Phone(server.url, sign_url="http://sms.attacker.example" + WEBHOOK_PATH)
    answer = phone.post(phone.params("hello"), headers=headers)
    assert answer.status_code == 403
    assert server.assistant.received == []


def test_a_configured_webhook_url_is_what_is_checked(make_server):
    public = "https://sms.example.org" + WEBHOOK_PATH
    server = make_server(webhook_url=public)
    assert Phone(server.url, sign_url=public).send("hello").status_code == 200
    assert Phone(server.url).send("hello").status_code == 403  # signed for the loopback URL


def test_stop_silences_everything_until_start(server, phone, tmp_path):
    assert phone.says("what is RFA?")
    stop = phone.send("STOP")
    assert stop.status_code == 200 and "unsubscribed from Momentum Medical" in stop.text
    for text in ("what is RFA?", "HELP", "more", "1", "yes please", ""):
        answer = phone.send(text)
        assert answer.status_code == 200 and answer.text == EMPTY_TWIML
    # the assistant got the question and the stop intent that ends an open form, nothing after
    assert [m.text for m in server.assistant.received] == ["what is RFA?", "/stop"]
    assert phone.says("Start").startswith("You're subscribed again.")
    assert phone.says("what is RFA?") == "Got 12 characters: what is RFA?"
    assert len(server.assistant.received) == 3


def test_other_phones_are_not_silenced_and_opt_outs_survive_a_restart(make_server):
    first = make_server()
    Phone(first.url).says("cancel")
    assert Phone(first.url, number="+15125550111").says("hello")
    restarted = make_server()  # same opt-out database
    assert Phone(restarted.url).send("hello").text == EMPTY_TWIML
    assert Phone(restarted.url).says("UNSTOP").startswith("You're subscribed again.")


def test_yes_resubscribes_only_an_opted_out_phone(server, phone):
    assert phone.says("yes") == "Got 3 characters: yes"  # an answer to the assistant
    phone.says("quit")
    assert phone.says("YES").startswith("You're subscribed again.")
    assert phone.says("start").startswith("You're subscribed.")


def test_twilio_opt_out_type_is_followed(server, phone):
    assert phone.send("ARRET", OptOutType="STOP").text == EMPTY_TWIML
    assert phone.send("hello").text == EMPTY_TWIML
    assert phone.says("yes", OptOutType="START").startswith("You're subscribed again.")


def test_help_gives_the_clinic_contact_details(server, phone):
    reply = phone.says(" help ")
    assert reply == (
        "Momentum Medical: call (512) 555-0100. Reply STOP to opt out. "
        "Not for emergencies: call 911, or call or text 988."
    )
    assert phone.says("INFO") == reply
    assert server.assistant.received == []


def test_help_follows_the_clinic_phone_override(server, phone, monkeypatch):
    monkeypatch.setenv("CLINIC_PHONE", "(512) 555-0123")
    assert "call (512) 555-0123." in phone.says("HELP")


def test_buttons_become_numbered_choices_and_a_digit_sends_the_payload(server, phone):
    reply = phone.says("confirm please")
    assert reply == (
        "Here's your request:\n- Name: Ava\nShall I send it...\n"
        "Reply 1 for Yes, send it; 2 for No, change something; 3 for Cancel."
    )
    assert phone.says("HELP").startswith("Momentum Medical")  # choices survive HELP
    assert phone.says("1") == "Sent. Your reference is MM-0001."
    assert [m.text for m in server.assistant.received] == ["confirm please", "/affirm"]
    # the choices were for that one reply: "1" now is just text
    assert phone.says("1") == "Got 1 characters: 1"


def test_a_number_outside_the_choices_gets_a_hint(server, phone):
    phone.says("confirm please")
    assert phone.says("7") == "Please reply with a number from 1 to 3, or type your question."
    # never swallowed as a choice: it reaches the assistant, and the channel's
    # own safety check answers it as an emergency
    reply = phone.says("911")
    assert "Please call 911 now" in reply and "Got 3 characters" in reply
    assert [m.text for m in server.assistant.received] == ["confirm please", "911"]


def test_choices_belong_to_one_phone(server, phone):
    phone.says("confirm please")
    assert Phone(server.url, number="+15125550111").says("1") == "Got 1 characters: 1"


def test_long_answers_are_paged_with_more(server, phone):
    pages = [phone.says("long please")]
    while pages[-1].endswith(MORE_SUFFIX):
        pages.append(phone.says("MORE"))
        assert len(pages) < 10
    assert len(pages) >= 3
    assert all(segments(page) <= MAX_SEGMENTS for page in pages)
    assert pages[-1].endswith("Reply 1 for Risks; 2 for Recovery.")
    text = " ".join(p.replace("\n" + MORE_SUFFIX, "") for p in pages)
    assert "Point 1:" in text and "Point 24:" in text and "staff only" not in text
    assert phone.says("2") == "Got 13 characters: /ask_recovery"
    assert len(server.assistant.received) == 2  # MORE never reached the assistant
    assert phone.says("more") == "Got 4 characters: more"  # nothing pending: the assistant's


@pytest.mark.parametrize("body", ["", "   ", "\n\t", "\x00\x01", "/"])
def test_empty_messages_get_a_prompt_without_the_assistant(server, phone, body):
    assert phone.says(body).startswith("Please type your question")
    assert server.assistant.received == []


def test_a_10000_character_message_is_cut_to_1600(server, phone):
    reply = phone.says("word " * 2000)
    assert reply.startswith("Got 1599 characters")  # 1600, trailing space trimmed
    assert len(server.assistant.received[0].text) <= 1600


def test_emoji_only(server, phone):
    assert phone.says("😀🙏👍") == "Got 3 characters: 😀🙏👍"


def test_control_characters_are_stripped(server, phone):
    assert phone.says("what\x00 is\x07 RFA\x1b?\u202e") == "Got 12 characters: what is RFA?"


def test_html_and_javascript_are_plain_text_in_valid_twiml(server, phone):
    answer = phone.send("<script>alert('x')</script><b>hi</b> & more")
    assert answer.status_code == 200
    assert "<script>" not in answer.text and "&lt;script&gt;" in answer.text
    assert reply_text(answer.content).startswith("Got 43 characters: <script>alert('x')</script>")


def test_typed_intents_are_plain_text_on_sms(server, phone):
    phone.says('/inform{"full_name": "x"}')
    assert server.assistant.received[0].text == 'inform{"full_name": "x"}'


def test_an_assistant_error_is_an_apology_with_the_clinic_phone_not_a_500(server, phone):
    answer = phone.send("boom please")
    assert answer.status_code == 200
    assert reply_text(answer.text) == "Sorry, something went wrong. Please call (512) 555-0100."
    assert phone.says("hello") == "Got 5 characters: hello"  # and it goes on


def test_a_slow_assistant_gets_an_answer_before_twilio_gives_up(server, phone):
    reply = phone.says("slow please")
    assert reply.startswith("Sorry, that is taking longer than it should.")


def test_a_turn_that_shows_nothing_gets_the_apology_with_the_phone(server, phone):
    """A turn with only a custom payload (what a failed action leaves) is never silence."""
    assert phone.says("silent please") == "Sorry, something went wrong. Please call (512) 555-0100."


def test_logs_hold_no_phone_number_and_no_message_text(server, phone, caplog):
    caplog.set_level(logging.DEBUG)
    texts = [
        "zebra quartz question",
        "confirm please",
        "1",
        "long please",
        "MORE",
        "boom please",
        "HELP",
        "STOP",
        "hidden walrus",
        "START",
        "\x00 emoji 🦓 only",
    ]
    for text in texts:
        assert phone.send(text).status_code == 200
    phone.post(phone.params("forged walrus"), signature="forged")
    assert phone.send("slow please").status_code == 200
    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert "SMS" in logged  # the channel does log, just not these:
    for secret in (
        PHONE,
        PHONE[1:],
        "5125550199",
        "(512) 555-0199",
        "zebra",
        "quartz",
        "walrus",
        "🦓",
        "boom please",
        "Point 1",
        "radiofrequency",
        AUTH_TOKEN,
    ):
        assert secret not in logged, secret
    sender = server.assistant.received[0].sender_id
    assert sender not in logged and sender[:12] in logged  # a short prefix at most


def test_a_retried_post_gets_the_same_reply_and_is_processed_once(server, phone):
    params = phone.params("what is RFA?")
    first = phone.post(params)
    for _ in range(3):  # Twilio posting the same message again after a slow reply
        again = phone.post(params)
        assert again.status_code == 200 and again.text == first.text
    assert len(server.assistant.received) == 1
    assert phone.says("what is RFA?")  # a new message id is a new message
    assert len(server.assistant.received) == 2


def test_a_retried_stop_gets_the_same_confirmation(server, phone):
    params = phone.params("STOP")
    assert "unsubscribed" in phone.post(params).text
    assert "unsubscribed" in phone.post(params).text
