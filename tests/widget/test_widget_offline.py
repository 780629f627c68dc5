"""The widget in real Chromium against canned replies: no trained model needed.

Rendering (text, never HTML; `custom` payloads hidden), retries after a
dropped connection, giving up while keeping the patient's text, and the
direct (CORS) mode.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from tests.widget.browser import Patient, network_noise
from tests.widget.conftest import FakeRasa, free_port, widget_server

WEBHOOK = "**/webhooks/rest/webhook"


@pytest.fixture()
def dead_end(tmp_path):
    """The demo page in proxy mode, with no Rasa behind it: tests answer with page.route."""
    with widget_server(f"http://127.0.0.1:{free_port()}", tmp_path, proxy=True) as server:
        yield server


def reply_with(replies, status=200):
    def handle(route):
        route.fulfill(status=status, content_type="application/json", body=json.dumps(replies))

    return handle


def test_bot_text_is_rendered_as_text_and_staff_payloads_are_hidden(browser, dead_end):
    patient = Patient(browser, dead_end.url)
    try:
        page = patient.page
        page.route(
            WEBHOOK,
            reply_with(
                [
                    {
                        "recipient_id": "x",
                        "text": '<b>Bold?</b> <img src=x onerror="alert(2)">\n• first\n• second',
                    },
                    {"recipient_id": "x", "custom": {"topic": "rfa", "sources": ["STAFF-ONLY SOURCE"]}},
                    {"recipient_id": "x", "image": "https://example.org/x.png"},
                    {"recipient_id": "x", "buttons": [{"title": "<i>Yes</i>", "payload": "/affirm"}]},
                ]
            ),
        )
        patient.open_by_keyboard()
        answer = patient.ask("<script>alert(1)</script>")
        assert answer.startswith('<b>Bold?</b> <img src=x onerror="alert(2)">\n• first')
        assert patient.user_bubbles() == ["<script>alert(1)</script>"]
        # while waiting: "…" on screen, "Assistant is typing" for screen readers
        assert "…Assistant is typing" in patient.typing_shown()
        expect(page.locator(".mmc-typing")).to_have_attribute("role", "status")
        expect(page.locator(".mmc-typing")).to_be_empty()
        root = page.locator(".mmc-root")
        expect(root.locator("img, b, i, script")).to_have_count(0)
        expect(root).not_to_contain_text("STAFF-ONLY")
        expect(page.get_by_role("button", name="<i>Yes</i>")).to_be_visible()
        # one bubble for the text, one for the buttons; nothing for custom or image
        expect(page.locator(".mmc-bot")).to_have_count(3)  # with the welcome
        # bullet lines stay lines
        text = page.locator(".mmc-bot .mmc-text").nth(1)
        assert text.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-line"
        assert text.evaluate("e => e.getClientRects().length") >= 1
        assert patient.dialogs == []
        assert patient.problems == []
    finally:
        patient.close()


def test_a_dropped_connection_is_retried_then_the_reply_arrives(browser, dead_end):
    patient = Patient(browser, dead_end.url)
    try:
        page = patient.page
        page.route(WEBHOOK, reply_with([{"text": "Back again."}]))
        page.route(WEBHOOK, lambda route: route.abort("connectionfailed"), times=1)  # newest first
        page.route(WEBHOOK, reply_with({"error": "down"}, status=503), times=1)
        patient.open_by_keyboard()
        assert patient.ask("hello?") == "Back again."
        assert "Connection lost. Retrying…" in patient.statuses()
        expect(page.locator(".mmc-status")).to_have_text("")
        assert patient.user_bubbles() == ["hello?"]  # shown once, sent until it arrived
        expect(page.locator(".mmc-failed")).to_have_count(0)
        assert network_noise(patient.problems) == []
    finally:
        patient.close()


def test_after_about_30_seconds_it_gives_up_and_keeps_the_text(browser, dead_end):
    # the page's clock is Playwright's: the 30 seconds of retries pass at once.
    # The clock is moved on only while the widget sleeps between two tries,
    # never while a refused request is still being handled (that would
    # stretch the measured wait by however long the browser took): each
    # request is held until the test refuses it; the status, cleared just
    # before, shows "Retrying" again once the widget's sleep has begun; and
    # the page counts its own fetch calls, so the tick that ends a sleep is
    # known without waiting for the request to reach the test.
    patient = Patient(browser, dead_end.url, fake_clock=True)
    try:
        page = patient.page
        held = []
        page.route(WEBHOOK, lambda route: held.append(route))

        def next_request(timeout_s: float = 10.0):
            deadline = time.monotonic() + timeout_s
            while not held and time.monotonic() < deadline:
                page.evaluate("0")  # lets Playwright hand over the routed request
                time.sleep(0.02)
            assert held, "the widget did not try again"
            return held.pop()

        patient.open_by_keyboard()
        page.evaluate(
            "window.fetchCalls = 0; const realFetch = window.fetch;"
            " window.fetch = (resource, ...rest) => {"
            "   if (String(resource).includes('/webhooks/rest/webhook')) window.fetchCalls += 1;"
            "   return realFetch(resource, ...rest); }"
        )
        patient.input.fill("is my appointment confirmed?")
        patient.input.press("Enter")
        status = page.locator(".mmc-status")
        gave_up = "Couldn't reach the assistant. Please try again or call the clinic."
        waits = []
        for attempt in range(6):  # the first try and five retries
            request = next_request()
            page.evaluate("document.querySelector('.mmc-status').textContent = ''")
            request.abort("connectionfailed")
            if attempt == 5:
                break
            expect(status).to_have_text("Connection lost. Retrying…")  # set as the sleep starts
            waited = 0
            while page.evaluate("window.fetchCalls") == attempt + 1 and waited < 60_000:
                page.clock.run_for(250)
                waited += 250
            waits.append(waited)
        expect(status).to_have_text(gave_up)
        # about 30 seconds of the page's time between the first try and giving up
        assert waits == [1000, 2000, 4000, 8000, 15000]
        assert page.evaluate("window.fetchCalls") == 6  # the first try and five retries
        expect(patient.input).to_have_value("is my appointment confirmed?")
        expect(page.locator(".mmc-failed")).to_have_text("Not sent")
        expect(page.locator(".mmc-typing")).to_be_empty()

        page.unroute(WEBHOOK)
        page.route(WEBHOOK, reply_with([{"text": "Yes, it is."}]))
        before = patient.message_count()
        patient.input.press("Enter")  # sends the kept text again
        assert patient.wait_for_reply(before) == "Yes, it is."
        expect(page.locator(".mmc-status")).to_have_text("")
        assert network_noise(patient.problems) == []
    finally:
        patient.close()


def test_a_failed_button_can_be_pressed_again(browser, dead_end):
    patient = Patient(browser, dead_end.url)
    try:
        page = patient.page
        page.route(
            WEBHOOK,
            reply_with(
                [
                    {
                        "text": "Pick one",
                        "buttons": [
                            {
                                "title": "Spinal cord stimulation (SCS)",
                                "payload": '/ask_procedure{"procedure":"scs"}',
                            }
                        ],
                    }
                ]
            ),
        )
        patient.open_by_keyboard()
        patient.ask("options")
        page.unroute(WEBHOOK)
        page.route(WEBHOOK, lambda route: route.fulfill(status=400, body="{}"))
        button = page.get_by_role("button", name="Spinal cord stimulation (SCS)")
        options = page.locator(".mmc-bot").last.element_handle()
        button.click()
        expect(page.locator(".mmc-status")).to_have_text(
            "Couldn't reach the assistant. Please try again or call the clinic."
        )
        expect(button).to_be_enabled()
        expect(page.locator(".mmc-user .mmc-failed")).to_have_text("Not sent")
        # changed in place, not re-added: the live log does not read it out again
        assert options.evaluate("e => e.isConnected")
        expect(patient.input).to_have_value("")  # the payload is never shown to the patient
    finally:
        patient.close()


def test_direct_mode_posts_to_rasa_across_origins(browser, tmp_path):
    """Without --proxy the page talks to Rasa itself (Rasa needs --cors for the page's origin)."""
    with FakeRasa() as fake, widget_server(fake.url, tmp_path, proxy=False) as server:
        fake.cors_origin = server.url
        fake.replies = [{"recipient_id": "x", "text": "Hello across origins."}]
        patient = Patient(browser, server.url)
        try:
            patient.open_by_keyboard()
            assert patient.ask("hi there") == "Hello across origins."
            sender = json.loads(patient.page.evaluate("sessionStorage.getItem('momentum-chat:sender')"))
            assert fake.received == [
                {
                    "path": "/webhooks/rest/webhook",
                    "json": {"sender": sender, "message": "hi there", "language": "en"},
                }
            ]
            assert len(sender) == 36  # crypto.randomUUID(): 122 random bits
            assert patient.problems == []  # e.g. no Content-Security-Policy violation
        finally:
            patient.close()
