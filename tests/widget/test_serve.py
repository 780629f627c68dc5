"""widget/serve.py: only the widget's files, safe headers, the proxy, no patient text in its log."""

from __future__ import annotations

import json
import signal
import urllib.error
import urllib.request

import pytest

from tests.widget.conftest import FakeRasa, free_port, widget_server
from widget.serve import origin_of


def fetch(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def post_json(url, payload):
    return fetch(url, json.dumps(payload).encode(), {"Content-Type": "application/json"}, "POST")


def test_the_demo_page_embeds_the_widget_with_the_rasa_url_and_safe_headers(tmp_path):
    with widget_server("http://127.0.0.1:5005", tmp_path, proxy=False) as server:
        status, headers, body = fetch(f"{server.url}/")
    assert status == 200
    page = body.decode()
    assert '<script src="momentum-chat.js" data-rasa-url="http://127.0.0.1:5005" defer></script>' in page
    assert "__RASA_URL__" not in page
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "connect-src 'self' http://127.0.0.1:5005;" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_in_proxy_mode_the_page_posts_to_its_own_origin(tmp_path):
    with widget_server("http://127.0.0.1:5005", tmp_path, proxy=True) as server:
        status, headers, body = fetch(f"{server.url}/demo.html")
    assert status == 200
    assert 'data-rasa-url=""' in body.decode()
    assert "connect-src 'self';" in headers["Content-Security-Policy"]


def test_only_the_widgets_own_files_are_served(tmp_path):
    with widget_server("http://127.0.0.1:5005", tmp_path, proxy=False) as server:
        for path, kind in (("/momentum-chat.js", "text/javascript"), ("/momentum-chat.css", "text/css")):
            status, headers, _ = fetch(server.url + path)
            assert (status, headers["Content-Type"].split(";")[0]) == (200, kind)
            assert headers["X-Content-Type-Options"] == "nosniff"
        for path in (
            "/serve.py",
            "/__init__.py",
            "/../README.md",
            "/%2e%2e/Makefile",
            "/screenshots/",
            "/widget/serve.py",
            "//etc/passwd",
        ):
            assert fetch(server.url + path)[0] == 404, path
        # without --proxy nothing is accepted by POST
        assert post_json(f"{server.url}/webhooks/rest/webhook", {"sender": "s", "message": "hi"})[0] == 404


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://host",
        "http://",
        "http://a/?q=1",
        'http://a/"onload="x',
        "http://user:pw@a",
    ],
)
def test_a_bad_rasa_url_is_refused(url):
    with pytest.raises(ValueError):
        origin_of(url)


def test_the_proxy_forwards_the_message_and_logs_none_of_it(tmp_path):
    secret = "my back pain is worse since the injection, Ava Thornton 512 555 0142"
    with FakeRasa() as fake, widget_server(fake.url, tmp_path, proxy=True) as server:
        fake.replies = [{"text": "An answer."}, {"custom": {"sources": ["staff only"]}}]
        status, headers, body = post_json(
            f"{server.url}/webhooks/rest/webhook?x=1", {"sender": "abc", "message": secret}
        )
        assert status == 200 and headers["Content-Type"] == "application/json"
        assert json.loads(body) == fake.replies  # the widget, not the proxy, drops `custom`
        assert fake.received == [
            {"path": "/webhooks/rest/webhook", "json": {"sender": "abc", "message": secret}}
        ]
        # refused: too big, not JSON
        big = json.dumps({"sender": "abc", "message": secret * 400}).encode()
        assert (
            fetch(f"{server.url}/webhooks/rest/webhook", big, {"Content-Type": "application/json"}, "POST")[0]
            == 413
        )
        assert (
            fetch(
                f"{server.url}/webhooks/rest/webhook",
                b"message=hi",
                {"Content-Type": "application/x-www-form-urlencoded"},
                "POST",
            )[0]
            == 415
        )
        assert len(fake.received) == 1
        assert server.stop() == 0
    log = server.log_text()
    assert "POST /webhooks/rest/webhook 200" in log
    assert "x=1" not in log
    for part in ("back pain", "Ava", "555", "abc", "An answer"):
        assert part not in log


def test_the_proxy_says_502_when_rasa_is_down(tmp_path):
    with widget_server(f"http://127.0.0.1:{free_port()}", tmp_path, proxy=True) as server:
        status, _, _ = post_json(f"{server.url}/webhooks/rest/webhook", {"sender": "s", "message": "hi"})
    assert status == 502


def test_sigterm_stops_it_cleanly(tmp_path):
    with widget_server("http://127.0.0.1:5005", tmp_path) as server:
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(15) == 0
    assert "stopped" in server.log_text()
