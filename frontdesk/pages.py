"""The staff pages: sign in and out, the request queue, status changes, the assistant."""

from __future__ import annotations

import logging
import threading
from functools import wraps

from cachetools import TTLCache
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from clinic.requests import STATUSES
from frontdesk import assistant
from frontdesk.credentials import normalise_username
from frontdesk.display import status_label

logger = logging.getLogger(__name__)
pages = Blueprint("pages", __name__)

VIEWS = ("open", "contacted", "done", "all")
NEXT_ACTIONS = {  # (status to set, button label) for each status
    "open": (("contacted", "Mark contacted"), ("done", "Mark done")),
    "contacted": (("done", "Mark done"), ("open", "Reopen")),
    "done": (("open", "Reopen"),),
}


def store():
    return current_app.extensions["frontdesk.store"]


def _session_limits() -> dict:
    return dict(
        idle=current_app.config["STAFF_SESSION_IDLE"],
        lifetime=current_app.config["PERMANENT_SESSION_LIFETIME"],
    )


def current_staff():
    """The signed-in staff member, or None. The cookie only names a session;
    whether it still holds (not signed out, password unchanged, staff not
    removed, not idle or too old) is the database's answer."""
    return store().staff_for_session(session.get("sid"), **_session_limits())


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        g.staff = current_staff()
        if g.staff is None:
            session.clear()
            return redirect(url_for("pages.login"))
        return view(*args, **kwargs)

    return wrapped


@pages.get("/login")
def login():
    if current_staff():
        return redirect(url_for("pages.queue"))
    return render_template("login.html")


@pages.post("/login")
def login_post():
    username = request.form.get("username", "")[:200]
    password = request.form.get("password", "")
    key = normalise_username(username)
    address = request.remote_addr or ""
    throttle = current_app.extensions["frontdesk.login_throttle"]
    wait = throttle.attempt(username, address)  # counted before the password is checked
    if wait:
        error = f"Too many failed attempts. Try again in {wait} seconds."
        return render_template("login.html", error=error, username=username), 429
    if key and store().check_staff(key, password):
        throttle.succeeded(username, address)
        store().purge_staff_sessions(**_session_limits())
        session.clear()
        session.permanent = True
        session["sid"] = store().start_staff_session(key)
        logger.info("Staff %s signed in.", key)
        return redirect(url_for("pages.queue"))
    throttle.failed(username, address)
    logger.warning("A staff sign-in failed.")
    return render_template("login.html", error="Wrong username or password.", username=username), 401


@pages.post("/logout")
def logout():
    store().end_staff_session(session.get("sid"))  # the cookie, if kept, opens nothing
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("pages.login"))


@pages.get("/")
@login_required
def queue():
    view = request.args.get("status", "open")
    if view not in VIEWS:
        view = "open"
    return render_template(
        "queue.html",
        view=view,
        views=VIEWS,
        requests=store().list_requests(status=view),
        counts=store().count_by_status(),
        next_actions=NEXT_ACTIONS,
    )


@pages.post("/requests/<reference>/status")
@login_required
def set_status(reference):
    status = request.form.get("status", "")
    if status not in STATUSES:
        abort(400, "Unknown status.")
    updated = store().set_status(reference, status)
    if updated is None:
        abort(404, "No request with that reference.")
    logger.info("Staff %s marked request %s %s.", g.staff, updated.reference, status)
    flash(f"{updated.reference} marked {status_label(status).lower()}.")
    view = request.form.get("view", "open")
    return redirect(
        url_for("pages.queue", status=view) if view in VIEWS and view != "open" else url_for("pages.queue")
    )


ASSISTANT_HISTORY_TURNS = 10
QUESTION_MAX_CHARS = 500
UNREACHABLE = "The assistant is not reachable right now."
# What a caller asked is health data: the history stays in this process's
# memory, keyed by the random sender id in the session, never in the cookie
# (signed, not encrypted). Bounded (the least recently used caller goes
# first), forgotten after half an hour without a question, and gone with
# "New caller" or a restart.
HISTORY_CALLERS = 200
HISTORY_SECONDS = 30 * 60
_histories: TTLCache = TTLCache(maxsize=HISTORY_CALLERS, ttl=HISTORY_SECONDS)
_histories_lock = threading.Lock()


def _assistant_sender() -> str:
    sender = session.get("assistant_sender")
    if not isinstance(sender, str) or not sender.startswith(assistant.SENDER_PREFIX):
        sender = session["assistant_sender"] = assistant.new_sender_id()
    return sender


def _assistant_history() -> list:
    with _histories_lock:
        return list(_histories.get(_assistant_sender(), []))


def _remember_turn(question: str, answer: str) -> None:
    sender = _assistant_sender()
    with _histories_lock:
        history = [*_histories.pop(sender, []), {"q": question, "a": answer}]
        _histories[sender] = history[-ASSISTANT_HISTORY_TURNS:]


def _assistant_page(status: int = 200, **context):
    return render_template(
        "assistant.html", history=_assistant_history(), max_chars=QUESTION_MAX_CHARS, **context
    ), status


@pages.get("/assistant")
@login_required
def assistant_page():
    return _assistant_page()


@pages.post("/assistant")
@login_required
def assistant_ask():
    question = request.form.get("question", "").strip()
    if not question:
        return _assistant_page(400, error="Type the caller's question first.")
    if len(question) > QUESTION_MAX_CHARS:
        return _assistant_page(
            400, error=f"Keep the question under {QUESTION_MAX_CHARS} characters.", question=question
        )
    try:
        reply = assistant.ask(current_app.config["RASA_URL"], _assistant_sender(), question)
    except assistant.AssistantUnavailable:
        return _assistant_page(error=UNREACHABLE, question=question)
    _remember_turn(question, reply.text)
    earlier = _assistant_history()[:-1]  # this turn is shown in full above them
    return render_template(
        "assistant.html", history=earlier, max_chars=QUESTION_MAX_CHARS, asked=question, reply=reply
    )


@pages.post("/assistant/new-caller")
@login_required
def assistant_new_caller():
    with _histories_lock:
        _histories.pop(_assistant_sender(), None)
    session["assistant_sender"] = assistant.new_sender_id()
    flash("Ready for a new caller.")
    return redirect(url_for("pages.assistant_page"))


@pages.get("/healthz")
def healthz():
    if store().ping():
        return jsonify(status="ok")
    return jsonify(status="unavailable"), 503
