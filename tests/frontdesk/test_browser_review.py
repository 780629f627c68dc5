"""End to end in real Chromium: patients talk to the assistant over REST and SMS;
staff find each conversation in the review inbox by kind, label the misunderstood
message, export it, and read the figures.

The trained assistant runs as in production (``servers``: Rasa with the
project's channels and SQL tracker store, the action server); the front desk is
``python -m frontdesk.web`` over the same databases. Screenshots for the
README: UPDATE_SCREENSHOTS=1 writes them to frontdesk/screenshots/.
"""

from __future__ import annotations

import os
import re
import uuid
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from tests.channels.loopback import Phone
from tests.frontdesk.conftest import STAFF_USER, sign_in
from tests.frontdesk.test_browser import CHROMIUM, CHROMIUM_ARGS, running_web
from tests.frontdesk.test_export import assert_validates_merged
from tests.paths import ROOT

pytestmark = pytest.mark.model
NAME, PHONE = "Harper Quinlan", "512 555 0161"
MISUNDERSTOOD = f"{NAME} here, {PHONE}, will the zap treatment wear off eventually"
CORRECTION = "no, I meant does the zapping wear off"
# Messages a patient writes that the model cannot place (nlu_fallback): one
# shows as "fallback" and "unsure". Which vague message a retrained model is
# unsure of moves with every training (stop 25's model read "my aunt says
# that thing is bad, is it" as a symptoms question, stop 43's reads "wait what
# was that other thing called again" above the 0.4 bar), and the inbox, not
# the model, is under test here: the test sends the first of these the
# running model reads as nlu_fallback, and fails if it reads none so.
VAGUE = (
    "wait what was that other thing called again",
    "is that thing they said true or nah",
    "so that thing they mentioned, yes or no",
    "my aunt says that thing is bad, is it",
    "hmm ok and the other stuff from before",
    # stop 52's model places all five above
    "umm so about the thing",
    "that other one, hmm, the thing",
    "the uh thing from earlier, that",
)
CRISIS = "i don't want to be alive anymore"
BOOKING = (
    "I'd like to book an appointment about trigger point injections",
    "Robin Ashdown",
    "(512) 555-0162",
)


@pytest.fixture()
def screenshots(tmp_path) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        return ROOT / "frontdesk" / "screenshots"
    return tmp_path


def totals(tracker_db_url: str):
    """The figures page's totals over its default range, as they stand."""
    from clinic.settings import clinic_timezone
    from frontdesk import figures
    from frontdesk.tracker_reader import TrackerReader

    zone = clinic_timezone()
    since, until = figures.default_range(datetime.now(zone).date())
    return figures.compute(
        TrackerReader(tracker_db_url).turns(*figures.window(since, until, zone)), since, until, zone
    ).total


def unsure_message(servers) -> str:
    """The first of VAGUE the running model reads as nlu_fallback."""
    readings = {text: servers.parse(text)["intent"] for text in VAGUE}
    for text, intent in readings.items():
        if intent["name"] == "nlu_fallback":
            return text
    pytest.fail(f"the model places every vague message; add one it cannot place: {readings}")


def talk(servers, fallback: str) -> str:
    """The patients' conversations; returns the booking's reference."""
    web = f"review-{uuid.uuid4().hex}"
    servers.rest(web, MISUNDERSTOOD)
    servers.rest(web, CORRECTION)
    servers.rest(f"review-{uuid.uuid4().hex}", fallback)
    booking = f"review-{uuid.uuid4().hex}"
    for text in (*BOOKING, "friday at 2pm", "yes"):
        replies = servers.rest(booking, text)
    reference = re.search(r"MM-[A-Z0-9]+", " ".join(m.get("text", "") for m in replies))
    assert reference, replies
    phone = Phone(
        f"{servers.rasa_url}/webhooks/twilio_sms/webhook",
        number="+15125550163",
        token=servers.env["TWILIO_AUTH_TOKEN"],
    )
    assert "988" in phone.says(CRISIS)
    return reference.group(0)


def test_staff_review_label_and_export_real_conversations(servers, tmp_path, screenshots):
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/install-chromium")
    from playwright.sync_api import expect, sync_playwright

    before = totals(servers.env["TRACKER_DB_URL"])  # the session's servers are shared with other tests
    fallback = unsure_message(servers)
    talk(servers, fallback)
    env = {"TRACKER_DB_URL": servers.env["TRACKER_DB_URL"]}
    problems = []
    with (
        running_web(tmp_path, servers.env["CLINIC_DB_URL"], env) as (base, server_log),
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page.set_default_timeout(30_000)
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            sign_in(page, base)
            page.get_by_role("link", name="Review").click()
            expect(page.get_by_role("heading", name="Review inbox")).to_be_visible()

            def by_kind(kind: str):
                page.get_by_label("Kind").select_option(kind)
                page.get_by_role("button", name="Show").click()
                return page.get_by_role("row")

            expect(by_kind("corrected").filter(has_text=MISUNDERSTOOD)).to_have_count(1)
            expect(by_kind("fallback").filter(has_text=fallback)).to_have_count(1)
            crisis = by_kind("safety").filter(has_text=CRISIS)
            expect(crisis).to_have_count(1)
            expect(crisis).to_contain_text("SMS")
            expect(by_kind("unsure").filter(has_text=fallback)).to_have_count(1)
            expect(page.get_by_role("row").filter(has_text=BOOKING[1])).to_have_count(0)  # a form's answer

            # the whole conversation, one click away
            page.get_by_label("Kind").select_option("all")
            page.get_by_role("button", name="Show").click()
            row = page.get_by_role("row").filter(has_text=MISUNDERSTOOD)
            row.get_by_role("link", name=re.compile("Whole conversation")).click()
            expect(page.get_by_text(CORRECTION)).to_be_visible()
            page.go_back()

            # label the misunderstood message with the topic it should have had
            row = page.get_by_role("row").filter(has_text=MISUNDERSTOOD)
            row.get_by_label("Should have been").select_option("topic:relief_duration")
            row.get_by_role("button", name=re.compile("Save label")).click()
            expect(page.get_by_role("status")).to_contain_text("Labelled: relief_duration.")
            row = page.get_by_role("row").filter(has_text=MISUNDERSTOOD)
            expect(row).to_contain_text(f"Labelled relief_duration by {STAFF_USER}")
            page.get_by_label("Kind").select_option("all")
            page.get_by_role("button", name="Show").click()
            page.screenshot(path=str(screenshots / "review-inbox.png"), full_page=True)

            with page.expect_download() as download:
                page.get_by_role("link", name=re.compile("Download the labelled messages")).click()
            exported = tmp_path / "reviewed.yml"
            download.value.save_as(exported)

            page.get_by_role("link", name="Figures").click()
            expect(page.get_by_role("heading", name="Figures", exact=True)).to_be_visible()
            total = page.locator("#total td")
            messages = before.messages + 9
            expect(total.nth(1)).to_have_text(re.compile(rf"^({messages}|{messages + 1}|{messages + 2})$"))
            expect(total.nth(5)).to_have_text(str(before.bookings + 1))  # the booking
            expect(total.nth(7)).to_have_text(str(before.safety_answers + 1))  # the crisis answer
            page.screenshot(path=str(screenshots / "figures.png"), full_page=True)
        finally:
            browser.close()

    text = exported.read_text()
    blocks = {b["intent"]: b["examples"] for b in yaml.safe_load(text)["nlu"]}
    assert list(blocks) == ["ask_relief_duration"]
    assert "<NAME> here, <PHONE>, will the zap treatment wear off eventually" in blocks["ask_relief_duration"]
    assert NAME not in text and "0161" not in text
    assert_validates_merged(exported, tmp_path)
    assert not problems, problems  # e.g. a Content-Security-Policy violation
    log = server_log.read_text()
    for secret in (NAME, "0161", "zap", "parking", "alive", fallback):
        assert secret not in log
