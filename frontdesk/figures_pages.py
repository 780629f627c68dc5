"""The figures page and its CSV (signed-in staff only).

    GET /figures?since=YYYY-MM-DD&until=YYYY-MM-DD       charts and tables
    GET /figures.csv?since=YYYY-MM-DD&until=YYYY-MM-DD   the same figures as CSV

Counted from Rasa's tracker store (``frontdesk.figures``); no patient's words
are shown. Dates are the clinic's (``CLINIC_TIMEZONE``); the default range is
the last eight weeks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional, Tuple

from flask import Blueprint, Response, render_template, request

from clinic.settings import clinic_timezone
from frontdesk import charts, figures
from frontdesk.conversations import channel_label
from frontdesk.pages import login_required
from frontdesk.review_pages import tracker

figures_pages = Blueprint("figures", __name__)
MAX_DAYS = 366 * 2


def _range() -> Tuple[date, date]:
    """The page's range from its query string (a missing or bad date: the default)."""
    default_since, default_until = figures.default_range(datetime.now(clinic_timezone()).date())
    since = _date(request.args.get("since")) or default_since
    until = _date(request.args.get("until")) or default_until
    if since > until:
        since, until = until, since
    if (until - since).days > MAX_DAYS:
        since = until.fromordinal(until.toordinal() - MAX_DAYS)
    return since, until


def _date(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _figures() -> figures.Figures:
    since, until = _range()
    zone = clinic_timezone()
    return figures.compute(tracker().turns(*figures.window(since, until, zone)), since, until, zone)


@figures_pages.get("/figures")
@login_required
def figures_page():
    found = _figures()
    week_label = lambda d: f"{d:%b} {d.day}"  # noqa: E731
    shares = [(week_label(w), [(o, c.share(o)) for o in figures.OUTCOMES]) for w, c in found.weeks]
    return render_template(
        "figures.html",
        f=found,
        outcomes=figures.OUTCOMES,
        outcome_labels=figures.OUTCOME_LABELS,
        chart_conversations=charts.columns(
            "chart-weeks",
            "Conversations per week",
            [(week_label(w), c.conversations) for w, c in found.weeks],
        ),
        chart_shares=charts.stacked_shares(
            "chart-shares", "Understood, fell back, handed off per week", shares
        ),
        chart_topics=charts.bars("chart-topics", "Topics asked, top 15", found.topics),
        chart_channels=charts.bars(
            "chart-channels",
            "Messages by channel",
            [(channel_label(k), c.messages) for k, c in found.channels],
        ),
        chart_hours=charts.columns(
            "chart-hours",
            "Messages by hour of the day",
            [(f"{h:02d}", n) for h, n in enumerate(found.hours)],
            3,
        ),
    )


@figures_pages.get("/figures.csv")
@login_required
def figures_csv():
    found = _figures()
    name = f"figures-{found.since.isoformat()}-{found.until.isoformat()}.csv"
    return Response(
        figures.csv_text(found),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
