"""The review inbox, the conversation page and the labels (signed-in staff only).

    GET  /review                          turns to review, newest first, with filters (audit log)
    GET  /review/conversation?sender=ID   one conversation, whole (written to the audit log)
    POST /review/turns/<event id>/label   a verdict on a turn (CSRF-protected form)
    GET  /review/export.yml               the labelled messages as Rasa NLU data (audit log)

Turns are read from Rasa's tracker store (``frontdesk.tracker_reader``), never
copied. The sender id travels in the query string, which the access log leaves
out. Pages run no scripts: filters and labels are plain GET and POST forms.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Dict, Optional, Tuple

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from clinic.settings import clinic_timezone
from frontdesk import conversations
from frontdesk.conversations import KINDS, Turn
from frontdesk.pages import login_required, store
from frontdesk.review_store import (
    EXPORT,
    FINE,
    NOT_COVERED,
    TOPIC,
    VERDICT_LABELS,
    VERDICTS,
    VIEW_CONVERSATION,
    VIEW_INBOX,
    Label,
    ReviewStore,
    label_topics,
)
from frontdesk.tracker_reader import TrackerReader

logger = logging.getLogger(__name__)
review = Blueprint("review", __name__)

DEFAULT_DAYS = 30
MAX_ROWS = 200
LABEL_VIEWS = {
    "all": "All",
    "unlabelled": "Not labelled yet",
    TOPIC: "Labelled with a topic",
    NOT_COVERED: "Not covered by the article (content gaps)",
    FINE: "Fine as answered",
}


def register(app: Flask) -> None:
    """Adds the review inbox and the figures to the front desk's app (``frontdesk.web.create_app``)."""
    from frontdesk.figures_pages import figures_pages

    app.register_blueprint(review)
    app.register_blueprint(figures_pages)
    app.extensions.setdefault("frontdesk.tracker", None)
    app.jinja_env.filters.update(
        kind_labels=conversations.kind_labels,
        channel_label=conversations.channel_label,
        verdict_label=lambda v: VERDICT_LABELS.get(v, v),
    )


def tracker() -> TrackerReader:
    """The tracker store reader: the app's, else $TRACKER_DB_URL's (made once)."""
    reader = current_app.extensions.get("frontdesk.tracker")
    if reader is None:
        reader = current_app.extensions["frontdesk.tracker"] = TrackerReader()
    return reader


def reviews() -> ReviewStore:
    return ReviewStore(store().engine)


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """The inbox's filters, from the query string (anything unknown: the default)."""

    kind: str  # 'all' or one of conversations.KINDS
    channel: str  # 'all' or a channel name
    language: str  # 'all' or a language code
    label: str  # one of LABEL_VIEWS
    since: date  # first day shown, in the clinic's time zone
    until: date  # last day shown (inclusive)

    @classmethod
    def from_args(cls, args) -> Filters:
        today = datetime.now(clinic_timezone()).date()
        until = _date(args.get("until")) or today
        since = _date(args.get("since")) or until - timedelta(days=DEFAULT_DAYS - 1)
        if since > until:
            since, until = until, since
        kind = args.get("kind", "all")
        label = args.get("label", "all")
        return cls(
            kind=kind if kind in KINDS else "all",
            channel=(args.get("channel") or "all")[:64],
            language=(args.get("language") or "all")[:16],
            label=label if label in LABEL_VIEWS else "all",
            since=since,
            until=until,
        )

    def window(self) -> Tuple[datetime, datetime]:
        """[since 00:00, the day after until 00:00) in the clinic's time zone, as aware datetimes."""
        zone = clinic_timezone()
        return (
            datetime.combine(self.since, time(0), tzinfo=zone),
            datetime.combine(self.until + timedelta(days=1), time(0), tzinfo=zone),
        )

    def args(self) -> Dict[str, Any]:
        """The query string that shows these filters again."""
        return {
            "kind": self.kind,
            "channel": self.channel,
            "language": self.language,
            "label": self.label,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
        }

    def keeps(self, turn: Turn, label: Optional[Label]) -> bool:
        if not turn.kinds or (self.kind != "all" and self.kind not in turn.kinds):
            return False
        if self.channel != "all" and turn.channel != self.channel:
            return False
        if self.language != "all" and turn.language != self.language:
            return False
        if self.label == "unlabelled":
            return label is None
        if self.label in VERDICTS:
            return label is not None and label.verdict == self.label
        return True


def _date(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------- pages


@review.get("/review")
@login_required
def inbox():
    filters = Filters.from_args(request.args)
    turns = tracker().turns(*filters.window())
    reviewable = [t for t in turns if t.kinds]
    labels = reviews().labels_for(t.event_id for t in reviewable)
    shown = [t for t in reviewable if filters.keeps(t, labels.get(t.event_id))][:MAX_ROWS]
    reviews().record_views(g.staff, VIEW_INBOX, (t.sender_id for t in shown))
    return render_template(
        "review.html",
        filters=filters,
        turns=shown,
        total=sum(filters.keeps(t, labels.get(t.event_id)) for t in reviewable),
        max_rows=MAX_ROWS,
        labels=labels,
        kinds=[(k, conversations.KIND_LABELS[k]) for k in KINDS],
        channels=sorted({t.channel for t in turns} | ({filters.channel} - {"all"})),
        languages=sorted({t.language for t in turns} | ({filters.language} - {"all"})),
        label_views=LABEL_VIEWS,
        topics=label_topics(),
        counts={k: sum(k in t.kinds for t in reviewable) for k in KINDS},
    )


@review.get("/review/conversation")
@login_required
def conversation():
    sender = request.args.get("sender", "")
    if not sender or len(sender) > 255:
        abort(404, "No such conversation.")
    turns = tracker().conversation(sender)
    if not turns:
        abort(404, "No such conversation: it may have been purged.")
    reviews().record(g.staff, VIEW_CONVERSATION, sender_id=sender)
    logger.info("Staff %s viewed a conversation (%d turns).", g.staff, len(turns))
    return render_template(
        "conversation.html",
        sender=sender,
        turns=turns,
        labels=reviews().labels_for(t.event_id for t in turns),
        topics=label_topics(),
    )


@review.post("/review/turns/<int:event_id>/label")
@login_required
def label_turn(event_id: int):
    verdict = request.form.get("verdict", "")
    topic = request.form.get("topic") or None
    if verdict.startswith("topic:"):  # one select: "topic:<name>", "not_covered" or "fine"
        verdict, topic = TOPIC, verdict[len("topic:") :]
    if verdict not in VERDICTS or (verdict == TOPIC and topic not in label_topics()):
        abort(400, "Pick a topic, 'Not covered by the article' or 'Fine as answered'.")
    turn = tracker().turns_by_id([event_id]).get(event_id)
    if turn is None:
        abort(404, "No such message: it may have been purged.")
    label = reviews().add_label(event_id, turn.sender_id, verdict, g.staff, topic=topic)
    flash(f"Labelled: {label.description}.")
    if request.form.get("return") == "conversation":
        return redirect(url_for("review.conversation", sender=turn.sender_id, _anchor=f"turn-{event_id}"))
    back = Filters.from_args(request.form)
    return redirect(url_for("review.inbox", **back.args(), _anchor=f"turn-{event_id}"))


@review.get("/review/export.yml")
@login_required
def export_download():
    """The file ``python -m frontdesk.cli export-reviewed`` writes, as a download."""
    from frontdesk.export import export_reviewed

    text, count = export_reviewed(reviews(), tracker())
    reviews().record(g.staff, EXPORT, detail=f"{count} messages")
    logger.info("Staff %s exported %d reviewed messages.", g.staff, count)
    stamp = datetime.now(clinic_timezone()).strftime("%Y%m%d")
    return Response(
        text,
        mimetype="application/x-yaml",
        headers={"Content-Disposition": f'attachment; filename="reviewed-nlu-{stamp}.yml"'},
    )
