"""End to end: a patient books in the chat; staff see it in Chromium and mark it done."""

import re
import uuid

import pytest

from frontdesk.store import Store
from tests.frontdesk.conftest import sign_in
from tests.frontdesk.test_browser import CHROMIUM, CHROMIUM_ARGS, running_web

pytestmark = pytest.mark.model


def test_a_booking_from_a_conversation_reaches_the_queue_and_is_marked_done(servers, tmp_path):
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/install-chromium")
    from playwright.sync_api import expect, sync_playwright

    sender = f"browser-{uuid.uuid4().hex}"
    for text in (
        "I'd like to book an appointment about trigger point injections",
        "Harper Quinlan",
        "(512) 555-0161",
        "friday at 2pm",
        "yes",
    ):
        replies = servers.rest(sender, text)
    reference = re.search(r"MM-[A-Z0-9]+", " ".join(m.get("text", "") for m in replies)).group(0)

    url = servers.env["CLINIC_DB_URL"]
    with running_web(tmp_path, url) as (base, _log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            sign_in(page, base)
            row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=reference))
            expect(row).to_contain_text("Harper Quinlan")
            expect(row).to_contain_text("trigger point injections")
            row.get_by_role("button", name=f"Mark done for {reference}").click()
            expect(page.get_by_role("rowheader", name=reference)).to_have_count(0)
        finally:
            browser.close()
    assert Store(url).get(reference).status == "done"
