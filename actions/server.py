"""The action server: rasa_sdk's executor behind an authenticated webhook.

    python -m actions.server --port 5055 [--host 127.0.0.1]

``rasa run actions`` answers anyone who can reach it: it runs any action for
a hand-made tracker (a request in the staff queue with no conversation behind
it), lists every action at ``GET /actions``, inflates a deflate-encoded body
with no limit and echoes the whole request body in its error responses. This
server runs the same ``ActionExecutor`` with the same webhook contract, and:

* every route but ``GET /health`` needs the shared secret
  ``$ACTION_SERVER_TOKEN`` in the ``X-Action-Token`` header, which the Rasa
  server sends (``action_endpoint.headers`` in ``endpoints.yml``), compared in
  constant time (``hmac.compare_digest``); otherwise 401, before anything of
  the body is looked at. Without a token of 32+ characters the server does not start.
* the body is at most ``MAX_BODY_BYTES`` on the wire and, when Rasa deflates
  it (``COMPRESS_ACTION_SERVER_REQUEST``), at most ``MAX_BODY_BYTES`` inflated:
  413 otherwise, found out while inflating, never after.
* errors say what went wrong in a sentence, never the body or a tracker; the
  log has the exception's type and frames, not its message (which may quote
  a patient's words).
* no CORS: browsers never call it.
"""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import traceback
import types
import zlib
from typing import Any, Dict, Optional, Text, Union

from rasa_sdk import utils
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from clinic import log_privacy, settings
from clinic.private_files import restrict_umask

logger = logging.getLogger(__name__)

TOKEN_HEADER = "X-Action-Token"
# A tracker is a few hundred KB after a long conversation; 8 MiB is far more
# than Rasa ever sends and far less than memory.
MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_PORT = 5055
DEFAULT_HOST = "127.0.0.1"


class BodyError(Exception):
    """A webhook body that cannot be an action call: status and a sentence."""

    def __init__(self, status: int, message: Text) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def authorised(sent: Optional[Text], token: Text) -> bool:
    """Whether the header value ``sent`` is ``token``, compared in constant time."""
    if not sent:
        return False
    return hmac.compare_digest(sent.encode("utf-8", "replace"), token.encode("utf-8"))


def inflate(body: bytes, limit: int = MAX_BODY_BYTES) -> bytes:
    """A deflate (zlib) body inflated, at most ``limit`` bytes of it; BodyError
    413 if it inflates to more (a compression bomb stops at ``limit``), 400 if
    it is not zlib data."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error:
        raise BodyError(400, "The body is not deflate (zlib) data.") from None
    if len(data) > limit or inflater.unconsumed_tail:
        raise BodyError(413, f"The inflated body is over {limit // (1024 * 1024)} MiB.")
    return data


def action_call(request: Request, limit: int = MAX_BODY_BYTES) -> Dict[Text, Any]:
    """The action call a webhook request carries; BodyError otherwise."""
    body = request.body or b""
    if len(body) > limit:
        raise BodyError(413, f"The body is over {limit // (1024 * 1024)} MiB.")
    encoding = (request.headers.get("content-encoding") or "").strip().lower()
    if encoding == "deflate":
        body = inflate(body, limit)
    elif encoding not in ("", "identity"):
        raise BodyError(415, "Send the body plain or deflate-encoded.")
    try:
        call = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BodyError(400, "The body is not UTF-8 JSON.") from None
    if not isinstance(call, dict) or not isinstance(call.get("next_action"), str):
        raise BodyError(400, "Send a JSON object naming the action in next_action.")
    return call


def _log_failure(what: Text, error: BaseException) -> None:
    logger.error("%s (%s).", what, type(error).__name__)
    logger.debug("%s at:\n%s", what, "".join(traceback.format_tb(error.__traceback__)))


def create_app(package: Union[Text, types.ModuleType] = "actions", token: Optional[Text] = None) -> Sanic:
    """The action server's app for the actions of ``package``; ``token`` is the
    shared secret (default: ``clinic.settings.action_server_token()``)."""
    secret = token if token is not None else settings.action_server_token()
    if len(secret) < settings.MIN_ACTION_SERVER_TOKEN_CHARS:
        raise ValueError(
            f"the action server's token needs {settings.MIN_ACTION_SERVER_TOKEN_CHARS}+ characters"
        )
    app = Sanic("clinic_actions", configure_logging=False)
    # Sanic refuses larger bodies itself, before they are read whole
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    executor = ActionExecutor()
    executor.register_package(package)

    @app.middleware("request")
    async def authenticate(request: Request) -> Optional[HTTPResponse]:
        if request.path == "/health":
            return None
        if not authorised(request.headers.get(TOKEN_HEADER), secret):
            logger.warning("Refused a %s request without a valid %s.", request.method, TOKEN_HEADER)
            return response.json({"error": f"Send the action server's token in {TOKEN_HEADER}."}, status=401)
        return None

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.post("/webhook")
    async def webhook(request: Request) -> HTTPResponse:
        try:
            call = action_call(request)
        except BodyError as error:
            logger.warning("Refused an action call (%d).", error.status)
            return response.json({"error": error.message}, status=error.status)
        utils.check_version_compatibility(call.get("version"))
        try:
            result = await executor.run(call)
        except ActionExecutionRejection as error:  # a form's slot was rejected: Rasa needs the name
            logger.debug("Action %s rejected its execution.", error.action_name)
            return response.json({"error": error.message, "action_name": error.action_name}, status=400)
        except ActionNotFoundException as error:
            logger.error("No action %s.", error.action_name)
            return response.json({"error": error.message, "action_name": error.action_name}, status=404)
        return response.json(result, status=200)

    @app.get("/actions")
    async def actions(_: Request) -> HTTPResponse:
        return response.json([{"name": name} for name in executor.actions])

    @app.exception(Exception)
    async def failed(request: Request, error: Exception) -> HTTPResponse:
        status = getattr(error, "status_code", 500)
        if status >= 500:
            _log_failure("An action call failed", error)
            return response.json({"error": "The action failed; see the action server's log."}, status=500)
        return response.json({"error": "This request cannot be served."}, status=status)

    return app


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m actions.server", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="interface to listen on (default: loopback only)"
    )
    parser.add_argument("--actions", default="actions", help="package of the custom actions")
    utils.add_logging_level_option_arguments(parser)
    return parser


def main(argv: Optional[list] = None) -> None:
    restrict_umask()  # what it writes may hold patient data: owner-only
    log_privacy.install()  # one line per record, conversation ids hashed
    args = _parser().parse_args(argv)
    utils.configure_colored_logging(args.loglevel)
    utils.update_sanic_log_level()
    try:
        app = create_app(args.actions)
    except ValueError as error:
        raise SystemExit(f"The action server did not start: {error}") from None
    logger.info("Action server on http://%s:%d (authenticated by %s).", args.host, args.port, TOKEN_HEADER)
    app.run(args.host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
