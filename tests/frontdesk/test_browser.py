"""In real Chromium (Debian's, driven by Playwright): sign in, see a request, mark it done.

The web server runs as `python -m frontdesk.web` on a free loopback port, with a
throwaway SQLite database. Chromium is Debian's /usr/bin/chromium
(scripts/install-chromium); Playwright's own browser download is never used.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clinic.settings import ROOT
from frontdesk.store import Store
from tests.frontdesk.conftest import PATIENT, STAFF_PASSWORD, STAFF_USER, sample
from tests.harness.servers import free_port, wait_until_up

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def web_server(tmp_path):
    """The front desk web server on loopback, with one stored request and one staff account."""
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    store = Store(url)
    store.create_schema()
    stored = store.create_request(**sample())
    with running_web(tmp_path, url) as (base, log):
        yield base, store, stored, log
    store.dispose()


@contextlib.contextmanager
def running_web(tmp_path, url, env=None):
    """`python -m frontdesk.web` on a free loopback port over ``url``, with a staff account
    (``env``: more variables, e.g. TRACKER_DB_URL)."""
    store = Store(url)
    store.create_schema()
    if not store.staff_exists(STAFF_USER):
        store.add_staff(STAFF_USER, STAFF_PASSWORD)
    store.dispose()
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "CLINIC_DB_URL": url,
        "FRONTDESK_SECRET_KEY": os.urandom(32).hex(),
        **(env or {}),
    }
    log = open(tmp_path / "web.log", "w")
    python = ROOT / ".venv" / "bin" / "python"
    server = subprocess.Popen(
        [
            str(python) if python.exists() else sys.executable,
            "-m",
            "frontdesk.web",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", server, tmp_path / "web.log", timeout=30)
        yield base, tmp_path / "web.log"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        log.close()


def test_staff_signs_in_and_marks_a_request_done(web_server, tmp_path):
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/install-chromium")
    from playwright.sync_api import expect, sync_playwright

    base, store, stored, server_log = web_server
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.set_default_timeout(15_000)
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))

            page.goto(f"{base}/")
            expect(page).to_have_url(re.compile(r"/login$"))
            page.keyboard.press("Tab")  # keyboard users see where they are
            focused = page.locator(":focus")
            expect(focused).to_have_text("Skip to main content")
            assert focused.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
            page.get_by_label("Username").fill(STAFF_USER)
            page.get_by_label("Password").fill(STAFF_PASSWORD)
            page.get_by_role("button", name="Sign in").click()

            expect(page.get_by_role("heading", name="Patient requests")).to_be_visible()
            row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=stored.reference))
            expect(row).to_have_count(1)
            expect(row).to_contain_text(PATIENT["full_name"])
            expect(row).to_contain_text(PATIENT["phone_e164"])
            expect(row).to_contain_text("radiofrequency ablation")
            request_rows = page.locator(f"#request-{stored.reference}")
            first_message = request_rows.get_by_text("I'd like to book an appointment for my back")
            expect(first_message).to_be_hidden()
            request_rows.get_by_text("Transcript").click()  # a plain <details>: no scripts on the page
            expect(first_message).to_be_visible()

            page.screenshot(path=str(tmp_path / "queue.png"), full_page=True)

            row.get_by_role("button", name=f"Mark done for {stored.reference}").click()

            expect(page.get_by_role("status")).to_contain_text(f"{stored.reference} marked done.")
            expect(page.get_by_role("rowheader", name=stored.reference)).to_have_count(0)
            expect(page.get_by_text("No open requests.")).to_be_visible()

            page.get_by_role("link", name=re.compile(r"^Done")).click()
            expect(page.get_by_role("rowheader", name=stored.reference)).to_have_count(1)
        finally:
            browser.close()

    assert store.get(stored.reference).status == "done"
    assert not problems, problems  # e.g. a Content-Security-Policy violation
    log = server_log.read_text()
    assert f"POST /requests/{stored.reference}/status 302" in log
    for value in PATIENT.values():
        assert value not in log
