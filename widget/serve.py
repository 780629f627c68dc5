"""Serves the chat widget and its demo page (Flask, on waitress).

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
import logging
import signal
import sys
from pathlib import Path
from typing import Dict, Optional, Tuple
from urllib.parse import urlsplit

import requests
import waitress
from flask import Flask, Response, request

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
access_log = logging.getLogger("widget.access")


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


def create_app(rasa_url: str, proxy: bool = False) -> Flask:
    """The widget's server; ValueError for a Rasa URL that is not a plain http(s) one."""
    rasa_origin = origin_of(rasa_url)
    rasa_url = rasa_url.rstrip("/")
    headers = security_headers(None if proxy else rasa_origin)
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY

    def serve_file(path: str) -> Response:
        name, content_type = FILES[path]
        body = (HERE / name).read_bytes()
        if name == "demo.html":
            shown = "" if proxy else rasa_url
            body = body.replace(RASA_URL_PLACEHOLDER.encode(), html.escape(shown, quote=True).encode())
        return Response(body, content_type=content_type)

    for path in FILES:
        app.add_url_rule(
            path,
            f"file:{path}",
            lambda path=path: serve_file(path),
            methods=["GET"],
            provide_automatic_options=False,
        )

    @app.get("/healthz", provide_automatic_options=False)
    def healthz() -> Response:
        return Response("ok\n", content_type="text/plain; charset=utf-8")

    @app.get("/favicon.ico", provide_automatic_options=False)
    def favicon() -> Response:
        return Response(b"", status=204, content_type="image/x-icon")

    if proxy:

        @app.post(WEBHOOK, provide_automatic_options=False)
        def forward() -> Response:
            if request.mimetype != "application/json":
                return Response(b"", status=415, content_type="text/plain")
            try:
                upstream = requests.post(
                    rasa_url + WEBHOOK,
                    data=request.get_data(),
                    timeout=PROXY_TIMEOUT,
                    headers={"Content-Type": "application/json", "Accept": "application/json"},
                )
                status, reply = upstream.status_code, upstream.content
            except requests.RequestException:
                status, reply = 502, b'{"error": "the assistant is unreachable"}'
            return Response(reply, status=status, content_type="application/json")

    @app.after_request
    def finish(response: Response) -> Response:
        response.headers.update(headers)
        # the path only: a query string could carry anything
        access_log.info("%s %s %s", printable(request.method), printable(request.path), response.status_code)
        return response

    return app


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m widget.serve", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="forward POST /webhooks/rest/webhook to Rasa (same origin, no CORS)",
    )
    args = parser.parse_args(argv)
    try:
        app = create_app(args.rasa_url, args.proxy)
    except ValueError as error:
        parser.error(str(error))
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("waitress").setLevel(logging.WARNING)
    server = waitress.create_server(app, host=args.host, port=args.port, ident="momentum-widget")

    def stop(*_) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    mode = (
        "proxied by this server"
        if args.proxy
        else f"direct; Rasa needs --cors http://{args.host}:{args.port}"
    )
    print(f"Chat widget demo: http://{args.host}:{args.port}/  (Rasa {args.rasa_url}, {mode})", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    print("Chat widget demo stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
