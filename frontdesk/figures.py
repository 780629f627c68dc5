"""Figures for the clinic, per week and over a range, from patients' turns.

Pure: ``Turn`` records in (``frontdesk.tracker_reader``), counts out. The
figures page draws them (``frontdesk.charts``) and offers them as CSV
(``csv_text``); a test counts the same things straight from the tracker store.

What is counted, for the turns received in the period (the clinic's time zone):

| Figure | Counted as |
|---|---|
| conversations | distinct Rasa sessions (sender and session) with a patient message in the period; one spanning two weeks counts in each week, once in the range |
| messages | patient messages (buttons included) |
| understood / fell back / handed off | each message's ``Turn.outcome``: handed off, else answered by the article search, else understood |
| bookings / call-backs | requests stored by the assistant (``request_reference`` set) |
| safety answers | messages answered with 911 / 988 |
| topics | the topic each message was answered with (``Turn.topic``), top 15 |
| busiest hours | messages by hour of the day |
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Dict, Iterable, List, Sequence, Tuple

from frontdesk.conversations import FALLBACK, HANDOFF, SAFETY, Turn

TOP_TOPICS = 15
OUTCOMES = ("understood", FALLBACK, HANDOFF)
OUTCOME_LABELS = {
    "understood": "Understood",
    FALLBACK: "Fell back to the article search",
    HANDOFF: "Handed off",
}
MEASURES = (
    "conversations",
    "messages",
    "understood",
    FALLBACK,
    HANDOFF,
    "bookings",
    "callbacks",
    "safety_answers",
)


@dataclass
class Counts:
    """The figures of one period (a week, or the whole range)."""

    conversations: int = 0
    messages: int = 0
    understood: int = 0
    fallback: int = 0
    handoff: int = 0
    bookings: int = 0
    callbacks: int = 0
    safety_answers: int = 0

    def share(self, outcome: str) -> float:
        """Percent of the period's messages with this outcome (0.0 with no messages)."""
        return 100.0 * getattr(self, outcome) / self.messages if self.messages else 0.0

    def as_dict(self) -> Dict[str, int]:
        return {m: getattr(self, m) for m in MEASURES}


def counts(turns: Iterable[Turn]) -> Counts:
    """The ``Counts`` of these turns."""
    out = Counts()
    sessions = set()
    for t in turns:
        sessions.add(t.conversation)
        out.messages += 1
        setattr(out, t.outcome, getattr(out, t.outcome) + 1)
        out.bookings += t.stored_request == "booking"
        out.callbacks += t.stored_request == "callback"
        out.safety_answers += SAFETY in t.kinds
    out.conversations = len(sessions)
    return out


@dataclass
class Figures:
    """Everything the figures page shows, for ``since``..``until`` (local dates, inclusive)."""

    since: date
    until: date
    total: Counts
    weeks: List[Tuple[date, Counts]]  # (Monday of the week, its counts), oldest first, empty weeks too
    topics: List[Tuple[str, int]]  # (topic, messages), most asked first, at most TOP_TOPICS
    channels: List[Tuple[str, Counts]]  # by channel name, busiest first
    languages: List[Tuple[str, Counts]]  # by language code, busiest first
    hours: List[int] = field(default_factory=lambda: [0] * 24)  # messages by local hour 0..23


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def compute(turns: Sequence[Turn], since: date, until: date, zone: tzinfo) -> Figures:
    """The figures of ``turns`` received from ``since`` to ``until`` (inclusive) in ``zone``."""
    local = [(t, t.at.astimezone(zone)) for t in turns]
    kept = [(t, at) for t, at in local if since <= at.date() <= until]
    by_week: Dict[date, List[Turn]] = {}
    week = monday(since)
    while week <= until:
        by_week[week] = []
        week += timedelta(days=7)
    hours = [0] * 24
    for t, at in kept:
        by_week[monday(at.date())].append(t)
        hours[at.hour] += 1
    all_turns = [t for t, _ in kept]
    topics = Counter(t.topic for t in all_turns if t.topic)

    def grouped(key) -> List[Tuple[str, Counts]]:
        groups: Dict[str, List[Turn]] = {}
        for t in all_turns:
            groups.setdefault(key(t), []).append(t)
        return sorted(((k, counts(v)) for k, v in groups.items()), key=lambda kv: (-kv[1].messages, kv[0]))

    return Figures(
        since=since,
        until=until,
        total=counts(all_turns),
        weeks=[(w, counts(ts)) for w, ts in sorted(by_week.items())],
        topics=sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TOPICS],
        channels=grouped(lambda t: t.channel),
        languages=grouped(lambda t: t.language),
        hours=hours,
    )


def rows(figures: Figures) -> List[Tuple[str, str, str, str]]:
    """The figures as (section, key, measure, value) rows: the CSV's lines."""
    out: List[Tuple[str, str, str, str]] = []

    def period(section: str, key: str, c: Counts) -> None:
        out.extend((section, key, m, str(v)) for m, v in c.as_dict().items())
        out.extend((section, key, f"{o}_percent", f"{c.share(o):.1f}") for o in OUTCOMES)

    period("range", f"{figures.since.isoformat()}..{figures.until.isoformat()}", figures.total)
    for week, c in figures.weeks:
        period("week", week.isoformat(), c)
    out.extend(("topic", topic, "messages", str(n)) for topic, n in figures.topics)
    for channel, c in figures.channels:
        out += [("channel", channel, "conversations", str(c.conversations))]
        out += [("channel", channel, "messages", str(c.messages))]
    for language, c in figures.languages:
        out += [("language", language, "conversations", str(c.conversations))]
        out += [("language", language, "messages", str(c.messages))]
    out.extend(("hour", f"{h:02d}", "messages", str(n)) for h, n in enumerate(figures.hours))
    return out


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading =, +, - or @ would make a
    formula of it (a topic or language comes from the conversations)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def csv_text(figures: Figures) -> str:
    """The figures as CSV: a header, then one line per (section, key, measure, value)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "key", "measure", "value"))
    writer.writerows((section, _cell(key), measure, value) for section, key, measure, value in rows(figures))
    return buffer.getvalue()


def default_range(today: date, weeks: int = 8) -> Tuple[date, date]:
    """The last ``weeks`` whole weeks and this one: from a Monday to today."""
    return monday(today) - timedelta(days=7 * (weeks - 1)), today


def window(since: date, until: date, zone: tzinfo) -> Tuple[datetime, datetime]:
    """[since 00:00, the day after until 00:00) in ``zone``, as aware datetimes."""
    return (
        datetime.combine(since, datetime.min.time(), tzinfo=zone),
        datetime.combine(until + timedelta(days=1), datetime.min.time(), tzinfo=zone),
    )
