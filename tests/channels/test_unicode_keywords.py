"""Keywords in other Unicode spellings: full-width "ＳＴＯＰ", styled
"𝐒𝐓𝐎𝐏", ligatures. Every message is put in NFKC form before a word in it is
matched (``clinic.normalise``): SMS keywords, what the assistant is given on
both channels, the form's leaving and yes words, preferred times."""

from __future__ import annotations

import pytest

from actions.booking_inputs import clean_name, is_clear_yes, parse_preferred_time
from actions.request_form import is_interruption
from channels import sms_keywords as kw
from channels.rest import clean_text
from tests.channels.loopback import Phone
from tests.test_request_form import form_tracker

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ＳＴＯＰ", kw.OPT_OUT),
        ("ｓｔｏｐ", kw.OPT_OUT),
        ("\U0001d412\U0001d413\U0001d40e\U0001d40f", kw.OPT_OUT),  # mathematical bold STOP
        ("ＵＮＳＵＢＳＣＲＩＢＥ", kw.OPT_OUT),
        ("ＳＴＡＲＴ", kw.OPT_IN),
        ("ＨＥＬＰ！", kw.HELP),
        ("ＭＯＲＥ", kw.MORE),
    ],
)
def test_sms_keywords_in_any_compatible_spelling(text, expected):
    assert kw.keyword(kw.clean_inbound(text)) == expected
    assert kw.keyword(text) == expected  # also when not cleaned first


def test_a_full_width_stop_opts_the_phone_out(server):
    phone = Phone(server.url)
    assert phone.says("ＳＴＯＰ").startswith("You're unsubscribed")
    assert phone.send("what is RFA?").text == EMPTY_TWIML
    # the assistant only got the stop intent that ends an open form; the question never reached it
    assert [m.text for m in server.assistant.received] == ["/stop"]
    assert phone.says("ＳＴＡＲＴ").startswith("You're subscribed again.")


def test_the_assistant_gets_the_normalised_text_on_both_channels(server):
    assert clean_text("ｃａｎｃｅｌ  ｔｈｅ ﬁrst one") == "cancel the first one"
    assert kw.clean_inbound("ｗｈａｔ ｉｓ ＲＦＡ？") == "what is RFA?"
    phone = Phone(server.url)
    phone.send("ｗｈａｔ ｉｓ ＲＦＡ？")
    assert server.assistant.received[-1].text == "what is RFA?"


def test_the_form_takes_full_width_leaving_words_as_leaving():
    tracker = form_tracker("ｎｅｖｅｒ ｍｉｎｄ", "stop", "full_name", confidence=0.9)
    assert is_interruption(tracker)


def test_form_answers_in_full_width_are_read():
    assert is_clear_yes("ｙｅｓ")
    assert clean_name("ＳＴＯＰ") is None
    assert parse_preferred_time("ｎｅｘｔ ｔｕｅｓｄａｙ ａｆｔｅｒ ３ｐｍ").has_time
