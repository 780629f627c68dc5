import os
from pathlib import Path

import pytest

from tests.paths import ROOT

MODEL = Path(os.environ.get("ASSISTANT_MODEL", ROOT / "models" / "assistant.tar.gz"))


# Test folders whose modules share one costly session fixture: their modules
# run on one pytest-xdist worker, so it starts once (tests/production: two Rasa
# replicas with PostgreSQL and Redis)
SHARED_SESSION_FOLDERS = {"production"}


def pytest_configure(config):
    config.addinivalue_line("markers", "model: needs the trained model (`make train`)")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (its hook runs first otherwise)
def pytest_collection_modifyitems(config, items):
    """Groups the tests for pytest-xdist's ``--dist loadgroup`` (scripts/test
    runs two workers): a module's tests stay on one worker, so its module-scoped
    servers start once, and a folder of SHARED_SESSION_FOLDERS stays whole."""
    for item in items:
        parts = Path(str(item.path)).relative_to(ROOT / "tests").parts
        group = parts[0] if parts[0] in SHARED_SESSION_FOLDERS else "/".join(parts)
        item.add_marker(pytest.mark.xdist_group(group))


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
