"""Driving the chat widget in real Chromium (Debian's /usr/bin/chromium, through Playwright).

Playwright's own browser download is never used: scripts/install-chromium
installs Debian's. Waits are generous (the CPU is shared) and nothing is timed.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

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
WAIT_MS = 60_000
NOTICE = (
    "Not for emergencies. If you are in danger call 911; "
    "for thoughts of suicide or self-harm call or text 988."
)
# The message box's label in each language the widget speaks.
LABELS = {"en": "Type your message", "es": "Escriba su mensaje"}

# Every text the status line and the typing indicator ever show, even for a moment.
RECORD_STATUS = """
window.__statuses = [];
window.__typing = [];
const remember = (list, el) => {
  const text = el ? el.textContent : '';
  if (list[list.length - 1] !== text) list.push(text);
};
new MutationObserver(() => {
  remember(window.__statuses, document.querySelector('.mmc-status'));
  remember(window.__typing, document.querySelector('.mmc-typing'));
}).observe(document, { subtree: true, childList: true, characterData: true });
"""

# A small, hand-made accessibility audit of the widget (axe-like rules).
AUDIT = """
() => {
  const root = document.querySelector('.mmc-root');
  const problems = [];
  const name = (el) => (el.getAttribute('aria-label') || el.textContent || '').trim();
  for (const input of root.querySelectorAll('input, textarea, select')) {
    if (!input.labels || !input.labels.length || !input.labels[0].textContent.trim()) problems.push('unlabelled input');
  }
  for (const button of root.querySelectorAll('button')) {
    if (!name(button)) problems.push('button without a name: ' + button.outerHTML);
  }
  const log = root.querySelector('[role=log]');
  if (!log || log.getAttribute('aria-live') !== 'polite') problems.push('no polite role=log');
  const launcher = root.querySelector('.mmc-launcher');
  const panel = document.getElementById(launcher.getAttribute('aria-controls'));
  if (!panel) problems.push('aria-controls points nowhere');
  const heading = panel && document.getElementById(panel.getAttribute('aria-labelledby'));
  if (!heading || !/^H[1-6]$/.test(heading.tagName)) problems.push('the panel is not labelled by a heading');
  if (root.querySelector('img, iframe, script, object')) problems.push('unexpected element');
  // contrast of every visible text against the background behind it
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const ratios = [];
  for (const el of root.querySelectorAll('*')) {
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!ownText || !el.getClientRects().length || el.closest('.mmc-sr')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const [a, b] = [lum(rgb(style.color)), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    ratios.push(ratio);
    if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)} for "${el.textContent.trim().slice(0, 40)}"`);
  }
  return { problems, checked: ratios.length };
}
"""


def launch(playwright):
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/install-chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


class Patient:
    """A patient's tab with the demo page, and what went wrong in it."""

    def __init__(self, browser, url: str, width: int = 1280, height: int = 800, fake_clock: bool = False):
        """``fake_clock``: the page's timers (setTimeout, Date) run only when
        the test moves Playwright's clock on (``page.clock.run_for``)."""
        self.context = browser.new_context(viewport={"width": width, "height": height})
        if fake_clock:
            self.context.clock.install()
        self.context.add_init_script(RECORD_STATUS)
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.problems: List[str] = []
        self.dialogs: List[str] = []
        self.page.on(
            "console", lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)

    def close(self):
        self.context.close()

    # ------------------------------------------------------------ the widget
    @property
    def launcher(self):
        return self.page.get_by_role("button", name="Chat with us")

    @property
    def input(self):
        """The message box, by its label in the language the widget shows now."""
        lang = self.page.locator(".mmc-root").get_attribute("lang")
        return self.page.get_by_label(LABELS.get(lang, LABELS["en"]))

    def focused(self, js: str):
        return self.page.evaluate(f"(() => {{ const el = document.activeElement; return {js}; }})()")

    def open_by_keyboard(self):
        from playwright.sync_api import expect

        expect(self.launcher).to_be_visible()
        for _ in range(30):
            self.page.keyboard.press("Tab")
            if self.focused("el.classList.contains('mmc-launcher')"):
                break
        else:
            pytest.fail("the launcher is not reachable with Tab")
        self.page.keyboard.press("Enter")
        expect(self.page.get_by_role("region", name="Momentum Medical assistant")).to_be_visible()
        expect(self.input).to_be_focused()

    def message_count(self) -> int:
        return self.page.locator(".mmc-msg").count()

    def wait_for_reply(self, before: int) -> str:
        """The assistant's texts after message ``before``, once it has finished typing."""
        self.page.wait_for_function(
            """n => document.querySelectorAll('.mmc-msg').length > n + 1
                    && document.querySelector('.mmc-typing').childElementCount === 0""",
            arg=before,
            timeout=WAIT_MS,
        )
        return self.page.evaluate(
            """n => [...document.querySelectorAll('.mmc-msg')].slice(n)
                   .filter(m => m.classList.contains('mmc-bot'))
                   .map(m => (m.querySelector('.mmc-text') || {}).textContent || '').join('\\n')""",
            before,
        )

    def ask(self, text: str) -> str:
        before = self.message_count()
        self.input.fill(text)
        self.input.press("Enter")
        return self.wait_for_reply(before)

    def choose(self, title: str) -> str:
        before = self.message_count()
        self.page.get_by_role("button", name=title, exact=True).last.click()
        return self.wait_for_reply(before)

    def user_bubbles(self) -> List[str]:
        return self.page.locator(".mmc-user .mmc-text").all_text_contents()

    def statuses(self) -> List[str]:
        return self.page.evaluate("window.__statuses")

    def typing_shown(self) -> List[str]:
        return self.page.evaluate("window.__typing")

    def audit(self) -> dict:
        return self.page.evaluate(AUDIT)


def widget_words(page) -> dict:
    """The widget's own words as shown now, and its lang attribute."""
    return {
        "launcher": page.locator(".mmc-launcher").inner_text(),
        "notice": page.locator(".mmc-notice").inner_text(),
        "label": page.locator(".mmc-label").inner_text(),
        "send": page.locator(".mmc-send").inner_text(),
        "title": page.locator("#mmc-title").inner_text(),
        "lang": page.locator(".mmc-root").get_attribute("lang"),
    }


def network_noise(problems: List[str]) -> List[str]:
    """Problems other than Chromium's own notes about requests a test made fail."""
    return [p for p in problems if not p.startswith("Failed to load resource")]
