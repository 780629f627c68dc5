import os
from pathlib import Path

import pytest

from tests.paths import ROOT

MODEL = Path(os.environ.get("ASSISTANT_MODEL", ROOT / "models" / "assistant.tar.gz"))


def pytest_configure(config):
    config.addinivalue_line("markers", "model: needs the trained model (`make train`)")


@pytest.fixture(scope="session")
def trained_model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: `make test` trains it; run `make train`.")
    return MODEL


@pytest.fixture(scope="session")
def servers(trained_model):
    """The trained assistant with its action server, on loopback ports."""
    from tests.harness.servers import running

    with running(trained_model) as running_servers:
        yield running_servers


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from tests.widget.browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
