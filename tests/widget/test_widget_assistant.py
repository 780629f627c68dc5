"""The widget in real Chromium, talking to the real assistant (trained model).

The demo page is served by `python -m widget.serve --proxy`, which forwards
the widget's POSTs to the test Rasa server (started without --cors): one
origin. Screenshots for the README: UPDATE_SCREENSHOTS=1 writes them to
widget/screenshots/ (otherwise to the test's temporary folder).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.paths import ROOT
from tests.widget.browser import NOTICE, Patient, network_noise
from tests.widget.conftest import widget_server

pytestmark = pytest.mark.model
MAX_SCREENSHOT_BYTES = 300_000


@pytest.fixture(scope="module")
def demo(servers, tmp_path_factory):
    with widget_server(servers.rasa_url, tmp_path_factory.mktemp("widget"), proxy=True) as server:
        yield server


@pytest.fixture()
def screenshots(tmp_path) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        return ROOT / "widget" / "screenshots"
    return tmp_path


def screenshot(page, path: Path) -> None:
    page.screenshot(path=str(path))
    assert path.stat().st_size < MAX_SCREENSHOT_BYTES, f"{path} is too big for the repository"


def test_a_patient_asks_uses_buttons_books_and_continues_after_a_reload(browser, demo, screenshots):
    patient = Patient(browser, demo.url)
    try:
        page = patient.page
        patient.open_by_keyboard()
        expect(page.locator(".mmc-notice")).to_have_text(NOTICE)

        assert "heat" in patient.ask("what is RFA?")

        options = patient.ask("what are my options")
        assert "• spinal cord stimulation (SCS)" in options
        scs = page.get_by_role("button", name="Spinal cord stimulation (SCS)", exact=True)
        expect(scs).to_be_visible()

        answer = patient.choose("Spinal cord stimulation (SCS)")
        screenshot(page, screenshots / "widget-desktop.png")
        assert "Spinal cord stimulation (SCS)" in answer and "spinal cord" in answer
        assert patient.user_bubbles()[-1] == "Spinal cord stimulation (SCS)"  # the title, not the payload
        expect(page.locator(".mmc-root")).not_to_contain_text("/ask_procedure")
        expect(scs).to_be_disabled()  # used buttons can't be sent twice

        booking = [
            ("I'd like to book an appointment", "full name"),
            ("Ava Thornton", "phone number"),
            ("(512) 555-0142", "What day and time"),
            ("next tuesday morning", "Shall I send it"),
        ]
        for typed, asked in booking:
            reply = patient.ask(typed)
            assert asked in reply and "Sorry" not in reply, (typed, reply)
        assert "Ava Thornton" in reply and "(512) 555-0142" in reply
        done = patient.choose("Yes, send it")
        assert "reference is MM-" in done
        reference = re.search(r"MM-\w+", done).group(0)

        sender = page.evaluate("sessionStorage.getItem('momentum-chat:sender')")
        count = patient.message_count()
        page.reload()
        # the same conversation, open where it was, with the same sender id
        expect(page.get_by_role("region", name="Momentum Medical assistant")).to_be_visible()
        expect(page.locator(".mmc-msg")).to_have_count(count)
        log = page.get_by_role("log")
        expect(log).to_contain_text("what is RFA?")
        expect(log).to_contain_text(reference)
        expect(page.get_by_role("button", name="Yes, send it")).to_be_disabled()
        assert page.evaluate("sessionStorage.getItem('momentum-chat:sender')") == sender

        recovery = patient.ask("how long is recovery after it?")
        assert "spinal cord stimulation" in recovery.lower()

        assert patient.dialogs == []
        assert patient.problems == []
    finally:
        patient.close()
    log_text = demo.log_text()
    assert "POST /webhooks/rest/webhook 200" in log_text
    for typed in ("RFA", "Ava", "555-0142", "tuesday", "recovery", json.loads(sender)):
        assert typed not in log_text


def test_keyboard_labels_focus_and_contrast(browser, demo):
    patient = Patient(browser, demo.url)
    try:
        page = patient.page
        launcher = patient.launcher
        expect(launcher).to_have_attribute("aria-expanded", "false")
        patient.open_by_keyboard()
        expect(launcher).to_have_attribute("aria-expanded", "true")
        expect(launcher).to_have_attribute("aria-controls", "mmc-panel")
        expect(page.get_by_role("heading", name="Momentum Medical assistant")).to_be_visible()
        expect(page.get_by_role("log")).to_have_attribute("aria-live", "polite")
        assert patient.focused("getComputedStyle(el).outlineStyle") != "none"  # the input

        patient.input.press_sequentially("what are my options")  # typed, then Enter
        before = patient.message_count()
        page.keyboard.press("Enter")
        patient.wait_for_reply(before)

        page.keyboard.press("Shift+Tab")  # from the input back to the newest choice
        assert patient.focused("el.textContent") == "Intrathecal drug delivery (a pain pump)"
        assert patient.focused("getComputedStyle(el).outlineStyle") == "solid"
        assert patient.focused("parseFloat(getComputedStyle(el).outlineWidth)") >= 2
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        assert patient.focused("el.textContent") == "Radiofrequency ablation (RFA)"
        before = patient.message_count()
        page.keyboard.press("Enter")  # a choice by keyboard
        assert "heat" in patient.wait_for_reply(before)
        expect(patient.input).to_be_focused()

        audit = patient.audit()
        assert audit["problems"] == [] and audit["checked"] > 10, audit

        page.keyboard.press("Escape")  # closes, and focus goes back to the launcher
        expect(page.get_by_role("region", name="Momentum Medical assistant")).to_be_hidden()
        expect(launcher).to_be_focused()
        expect(launcher).to_have_attribute("aria-expanded", "false")
        assert patient.focused("getComputedStyle(el).outlineStyle") == "solid"
        assert patient.audit()["problems"] == []
        assert patient.problems == []
    finally:
        patient.close()


@pytest.mark.parametrize("width,height", [(375, 740), (360, 640)])
def test_on_a_phone_the_panel_fills_the_screen(browser, demo, screenshots, width, height):
    patient = Patient(browser, demo.url, width=width, height=height)
    try:
        page = patient.page
        patient.open_by_keyboard()
        assert "heat" in patient.ask("what is RFA?")
        patient.ask("what are my options")
        panel = page.get_by_role("region", name="Momentum Medical assistant")
        box = panel.bounding_box()
        assert (box["x"], box["width"]) == (0, width) and box["height"] == height
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate("(p => p.scrollWidth <= p.clientWidth)(document.getElementById('mmc-panel'))")
        expect(page.locator(".mmc-notice")).to_be_in_viewport()
        expect(patient.input).to_be_in_viewport()
        expect(page.get_by_role("button", name="Close chat")).to_be_in_viewport()
        if width == 375:
            screenshot(page, screenshots / "widget-phone.png")
        page.get_by_role("button", name="Close chat").click()
        expect(panel).to_be_hidden()
        expect(patient.launcher).to_be_focused()
        assert patient.problems == []
    finally:
        patient.close()


def test_html_typed_by_a_patient_stays_text(browser, demo):
    patient = Patient(browser, demo.url)
    try:
        page = patient.page
        patient.open_by_keyboard()
        patient.ask("<img src=x onerror=alert(1)>")
        expect(page.locator(".mmc-user .mmc-text")).to_have_text("<img src=x onerror=alert(1)>")
        expect(page.locator(".mmc-root img")).to_have_count(0)
        assert page.evaluate("document.images.length") == 0
        assert patient.dialogs == []
        assert patient.problems == []
    finally:
        patient.close()


def test_a_dropped_connection_recovers_with_the_real_assistant(browser, demo):
    patient = Patient(browser, demo.url)
    try:
        page = patient.page
        patient.open_by_keyboard()
        page.route("**/webhooks/rest/webhook", lambda route: route.abort("connectionfailed"), times=1)
        assert "heat" in patient.ask("what is RFA?")
        assert "Connection lost. Retrying…" in patient.statuses()
        expect(page.locator(".mmc-status")).to_have_text("")
        assert patient.user_bubbles() == ["what is RFA?"]
        assert network_noise(patient.problems) == []
    finally:
        patient.close()
