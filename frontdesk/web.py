"""The front desk's web app: the staff page (pages.py) and the JSON API (api.py).

    python -m frontdesk.web --host 127.0.0.1 --port 5010

Served by waitress. Security: staff sessions kept on the server
(``frontdesk.store``: ended by sign-out, a password change, the staff
member's removal, 30 minutes idle or 8 hours), named by a signed session
cookie (HttpOnly, SameSite=Lax, Secure with FRONTDESK_SECURE_COOKIES=1), CSRF tokens on every form (Flask-WTF),
a Content-Security-Policy with no scripts at all, X-Frame-Options DENY, and
no-store caching for pages with patients' details. The access log has the
method, path and status only: never a query string, a body, a name or a phone.
"""

from __future__ import annotations

import argparse
import logging
from datetime import timedelta
from typing import Optional

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from clinic import log_privacy
from clinic.private_files import restrict_umask
from clinic.settings import frontdesk_proxies, rasa_url, secure_cookies
from frontdesk import display
from frontdesk.api import api
from frontdesk.login_throttle import LoginThrottle
from frontdesk.pages import pages
from frontdesk.review_pages import register as register_review
from frontdesk.secret_key import load_secret_key
from frontdesk.store import Store

access_log = logging.getLogger("frontdesk.access")

SESSION_HOURS = 8
IDLE_MINUTES = 30  # a session unused this long ends (an unattended desk)
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def create_app(
    store: Optional[Store] = None,
    *,
    secret_key: Optional[str] = None,
    login_throttle: Optional[LoginThrottle] = None,
) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or load_secret_key(),
        SESSION_COOKIE_NAME="frontdesk_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies(),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        STAFF_SESSION_IDLE=timedelta(minutes=IDLE_MINUTES),
        WTF_CSRF_TIME_LIMIT=SESSION_HOURS * 3600,
        MAX_CONTENT_LENGTH=64 * 1024,
        RASA_URL=rasa_url(),
    )
    hops = frontdesk_proxies()
    if hops:  # the client's address, as the proxies in front saw it (the throttle counts by it)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)  # type: ignore[method-assign]
    app.extensions["frontdesk.store"] = store or Store()
    app.extensions["frontdesk.login_throttle"] = login_throttle or LoginThrottle()

    csrf = CSRFProtect(app)
    csrf.exempt(api)  # the API authenticates by bearer token, not by cookie
    app.register_blueprint(pages)
    app.register_blueprint(api)
    register_review(app)  # the review inbox and the figures

    app.jinja_env.filters.update(
        local_time=display.local_time,
        kind_label=display.kind_label,
        status_label=display.status_label,
        language_label=display.language_label,
    )

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers["Content-Security-Policy"] = CSP
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["SESSION_COOKIE_SECURE"]:
            headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.endpoint != "static":
            headers["Cache-Control"] = "no-store"
        access_log.info(
            "%s %s %s %s", request.remote_addr, request.method, request.path, response.status_code
        )
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _error_page(
            400, "This form has expired or did not come from this page. Go back, reload and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _error_page(error.code or 500, error.description or error.name)

    return app


def _error_page(code: int, message: str):
    if request.path.startswith("/api/"):
        return jsonify(error=message), code
    return render_template("error.html", code=code, message=message), code


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m frontdesk.web", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5010)
    parser.add_argument("--db", help="database URL (default: $CLINIC_DB_URL or sqlite:///var/clinic.db)")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    restrict_umask()  # the request database and its journal files: owner-only
    log_privacy.install()  # a path with an encoded newline stays on its line
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import waitress

    store = Store(args.db)
    store.create_schema()
    app = create_app(store)
    if not secure_cookies() and args.host not in ("127.0.0.1", "localhost", "::1"):
        logging.getLogger(__name__).warning(
            "Serving on %s without FRONTDESK_SECURE_COOKIES=1: put it behind HTTPS.", args.host
        )
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads, ident="frontdesk")


if __name__ == "__main__":
    main()
