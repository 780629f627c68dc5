"""Serves the chat widget and its demo page.

    python -m widget.serve --port 8080 --rasa-url http://127.0.0.1:5005
        The demo page's widget talks to Rasa directly: start Rasa with
        `--cors http://127.0.0.1:8080` (the demo page's origin).
    python -m widget.serve --port 8080 --rasa-url http://127.0.0.1:5005 --proxy
        The widget posts to this server, which forwards
        POST /webhooks/rest/webhook to Rasa: one origin, no CORS needed
        (the browser tests use this).

Only the widget's own files are served, with a strict Content-Security-Policy.
The access log has the method, the path (never a query string) and the status;
nothing a patient types (the proxied request bodies) is ever logged. SIGTERM
and Ctrl-C stop it cleanly.
"""
from __future__ import annotations

import argparse
import html
import signal
import sys
import threading
import urllib.error
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional, Tuple
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
WEBHOOK = "/webhooks/rest/webhook"
MAX_BODY = 16 * 1024  # a patient's message is at most 1000 characters
PROXY_TIMEOUT = 120
RASA_URL_PLACEHOLDER = "__RASA_URL__"
# The files a browser may fetch, and nothing else.
FILES: Dict[str, Tuple[str, str]] = {
    "/momentum-chat.js": ("momentum-chat.js", "text/javascript; charset=utf-8"),
    "/momentum-chat.css": ("momentum-chat.css", "text/css; charset=utf-8"),
    "/demo.css": ("demo.css", "text/css; charset=utf-8"),
    "/demo.html": ("demo.html", "text/html; charset=utf-8"),
    "/": ("demo.html", "text/html; charset=utf-8"),
}


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an http(s) URL; ValueError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"the Rasa URL must not have a query, fragment or credentials: {url!r}")
    for char in url:
        if char.isspace() or char in "'\";,":
            raise ValueError(f"unexpected character in the Rasa URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def security_headers(connect_origin: Optional[str]) -> Dict[str, str]:
    connect = "'self'" + (f" {connect_origin}" if connect_origin else "")
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src {connect}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cache-Control": "no-cache",
    }


def printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)[:200]


class Handler(BaseHTTPRequestHandler):
    def version_string(self) -> str:
        return "momentum-widget"
    protocol_version = "HTTP/1.1"
    # set by make_server()
    rasa_url: str = ""
    proxy: bool = False
    headers_to_send: Dict[str, str] = {}

    # ---------------------------------------------------------------- logging
    def log_request(self, code="-", size="-") -> None:
        path = urlsplit(self.path).path if isinstance(self.path, str) else "?"
        code = getattr(code, "value", code)
        sys.stderr.write(f"{self.log_date_time_string()} {printable(self.command or '-')} {printable(path)} {code}\n")

    def log_error(self, format, *args) -> None:  # noqa: A002 - the base class's name
        # The base class would log the raw request line; say only that one failed.
        sys.stderr.write(f"{self.log_date_time_string()} bad request\n")

    # ---------------------------------------------------------------- responses
    def respond(self, status: int, body: bytes, content_type: str, head: bool = False) -> None:
        self.send_response(status)
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def not_found(self, head: bool = False) -> None:
        self.respond(404, b"Not found\n", "text/plain; charset=utf-8", head)

    def do_GET(self, head: bool = False) -> None:
        path = urlsplit(self.path).path
        if path == "/healthz":
            return self.respond(200, b"ok\n", "text/plain; charset=utf-8", head)
        if path == "/favicon.ico":
            return self.respond(204, b"", "image/x-icon", head)
        if path not in FILES:
            return self.not_found(head)
        name, content_type = FILES[path]
        body = (HERE / name).read_bytes()
        if name == "demo.html":
            rasa = "" if self.proxy else self.rasa_url
            body = body.replace(RASA_URL_PLACEHOLDER.encode(), html.escape(rasa, quote=True).encode())
        self.respond(200, body, content_type, head)

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_POST(self) -> None:
        if not self.proxy or urlsplit(self.path).path != WEBHOOK:
            self.close_connection = True
            return self.respond(405 if self.path in FILES else 404, b"", "text/plain")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            return self.respond(413 if length > MAX_BODY else 411, b"", "text/plain")
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            self.close_connection = True
            return self.respond(415, b"", "text/plain")
        body = self.rfile.read(length)
        request = urllib.request.Request(
            self.rasa_url + WEBHOOK, data=body, method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=PROXY_TIMEOUT) as upstream:
                status, reply = upstream.status, upstream.read()
        except urllib.error.HTTPError as error:
            status, reply = error.code, error.read()
        except (urllib.error.URLError, OSError):
            status, reply = HTTPStatus.BAD_GATEWAY, b'{"error": "the assistant is unreachable"}'
        self.respond(status, reply, "application/json")

    def do_OPTIONS(self) -> None:
        self.respond(405, b"", "text/plain")


def make_server(host: str, port: int, rasa_url: str, proxy: bool = False) -> ThreadingHTTPServer:
    rasa_origin = origin_of(rasa_url)
    rasa_url = rasa_url.rstrip("/")
    handler = type("ConfiguredHandler", (Handler,), {
        "rasa_url": rasa_url,
        "proxy": proxy,
        "headers_to_send": security_headers(None if proxy else rasa_origin),
    })
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widget.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument("--proxy", action="store_true",
                        help="forward POST /webhooks/rest/webhook to Rasa (same origin, no CORS)")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.host, args.port, args.rasa_url, args.proxy)
    except ValueError as error:
        parser.error(str(error))
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, name="widget-server", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    mode = "proxied by this server" if args.proxy else f"direct; Rasa needs --cors http://{host}:{port}"
    print(f"Chat widget demo: http://{host}:{port}/  (Rasa {args.rasa_url}, {mode})", flush=True)
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    print("Chat widget demo stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
