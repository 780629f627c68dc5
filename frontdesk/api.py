"""The JSON API, for other systems: bearer token (``python -m frontdesk.cli create-token``).

GET  /api/requests?status=open|contacted|done|all
GET  /api/requests/<reference>
POST /api/requests/<reference>/status   {"status": "contacted"}
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request

from clinic.requests import STATUSES

logger = logging.getLogger(__name__)
api = Blueprint("api", __name__, url_prefix="/api")


def store():
    return current_app.extensions["frontdesk.store"]


def _error(code: int, message: str):
    return jsonify(error=message), code


@api.before_request
def require_token():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not store().check_api_token(token.strip()):
        response, code = _error(401, "Send a valid API token: 'Authorization: Bearer <token>'.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="frontdesk"'
        return response, code
    return None


@api.get("/requests")
def list_requests():
    status = request.args.get("status", "open")
    if status not in (*STATUSES, "all"):
        return _error(400, f"status must be one of {', '.join(STATUSES)} or all")
    try:
        limit = int(request.args.get("limit", 200))
    except ValueError:
        return _error(400, "limit must be a number")
    found = store().list_requests(status=status, limit=max(1, min(limit, 1000)))
    return jsonify(requests=[r.to_json() for r in found])


@api.get("/requests/<reference>")
def get_request(reference):
    found = store().get(reference)
    if found is None:
        return _error(404, "No request with that reference.")
    return jsonify(found.to_json())


@api.post("/requests/<reference>/status")
def set_status(reference):
    body = request.get_json(silent=True)
    status = body.get("status") if isinstance(body, dict) else None
    if status not in STATUSES:
        return _error(400, f'Send JSON {{"status": ...}} with one of {", ".join(STATUSES)}.')
    updated = store().set_status(reference, status)
    if updated is None:
        return _error(404, "No request with that reference.")
    logger.info("API marked request %s %s.", updated.reference, status)
    return jsonify(updated.to_json())
