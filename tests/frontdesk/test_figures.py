"""The figures page and its CSV against counts made independently, straight from
the rows of Rasa's tracker store (SQL and the events' JSON, not frontdesk.conversations);
on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from frontdesk import charts
from frontdesk.store import Store
from frontdesk.tracker_reader import TrackerReader
from frontdesk.web import create_app
from tests.frontdesk import review_data as data
from tests.frontdesk.conftest import CSRF, SECRET, STAFF_PASSWORD, STAFF_USER
from tests.frontdesk.review_data import T

CHICAGO = ZoneInfo("America/Chicago")
SINCE, UNTIL = date(2031, 3, 2), date(2031, 4, 12)
# the service intents the generated conversations use, and the topic each answers
SERVICE_TOPICS = {
    "greet": "greet",
    "book_appointment": "booking_start",
    "request_human": "human_handoff",
    "crisis": "crisis",
}


def generated_conversations(seed: int = 14, n: int = 45):
    """``n`` conversations over six weeks (seven Mondays): three channels, two languages, every outcome."""
    rng = random.Random(seed)
    menu = {
        "question": lambda: T("what is rfa", "ask_procedure", 0.95, slots={"last_topic": "rfa"}),
        "unsure": lambda: T("risks??", "ask_risks", 0.5, slots={"last_topic": "risks"}),
        "greet": lambda: T("hi", "greet", 0.99, actions=("utter_greet",)),
        "fallback": lambda: T(
            "do you take medicare",
            "nlu_fallback",
            0.3,
            actions=("action_article_search",),
            guess="ask_about_clinic",
        ),
        "crisis": lambda: T(
            data.CRISIS_TEXT, "crisis", 1.0, say=(data.CRISIS_ANSWER,), actions=("utter_crisis",)
        ),
    }
    conversations = []
    for i in range(n):
        channel = rng.choice(["rest", "rest", "twilio_sms", "frontdesk"])
        sender = f"staff-{i}" if channel == "frontdesk" else f"{channel}-{i}"
        day = SINCE + timedelta(days=rng.randrange(0, (UNTIL - SINCE).days + 1))
        start = datetime(
            day.year, day.month, day.day, rng.randrange(7, 21), rng.randrange(60), tzinfo=CHICAGO
        )
        turns = [menu[rng.choice(list(menu))]() for _ in range(rng.randrange(1, 4))]
        ending = rng.choice(["none", "none", "booking", "callback"])
        if ending == "booking":
            turns.append(T("book", "book_appointment", 0.99, slots={"request_kind": "booking"}))
        if ending == "callback":
            turns.append(T("a person please", "request_human", 0.97, slots={"request_kind": "callback"}))
        if ending != "none" and rng.random() < 0.7:
            turns.append(
                T("yes", "affirm", 0.99, slots={"request_reference": f"MM-{i:05d}", "request_kind": None})
            )
        for minute, turn in enumerate(turns):
            turn.minutes = minute
        language = "es" if rng.random() < 0.25 else None
        conversations.append(
            (sender, data.events_for("rest" if channel == "frontdesk" else channel, start, turns, language))
        )
    return conversations


def independent_counts(url: str):
    """The figures, counted from the events table's rows with no help from the front desk."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT sender_id, type_name, timestamp, intent_name, action_name, data FROM events ORDER BY id"
            )
        ).all()
    engine.dispose()
    weeks = defaultdict(Counter)
    senders_by_week = defaultdict(set)
    topics, hours = Counter(), Counter()
    channels, channel_senders = Counter(), defaultdict(set)
    languages, language_senders = Counter(), defaultdict(set)
    language_of = defaultdict(lambda: "en")
    kind_of = {}
    last_user_week = {}
    for sender, type_name, ts, intent, action, raw in rows:
        event = json.loads(raw)
        local = datetime.fromtimestamp(ts, CHICAGO)
        week = (local.date() - timedelta(days=local.weekday())).isoformat()
        if type_name == "slot" and event["name"] == "language":
            language_of[sender] = event["value"]
        if type_name == "user":
            last_user_week[sender] = week
            weeks[week]["messages"] += 1
            senders_by_week[week].add(sender)
            hours[local.hour] += 1
            channel = "frontdesk" if sender.startswith("staff-") else event["input_channel"]
            channels[channel] += 1
            channel_senders[channel].add(sender)
            languages[language_of[sender]] += 1
            language_senders[language_of[sender]].add(sender)
            weeks[week]["handoff"] += intent == "request_human"
            weeks[week]["safety_answers"] += intent == "crisis"
            if intent in SERVICE_TOPICS:
                topics[SERVICE_TOPICS[intent]] += 1
        if type_name == "action" and action == "action_article_search":
            weeks[last_user_week[sender]]["fallback"] += 1
        if type_name == "slot" and event["name"] == "last_topic":
            topics[event["value"]] += 1
        if type_name == "slot" and event["name"] == "request_kind" and event["value"]:
            kind_of[sender] = event["value"]
        if type_name == "slot" and event["name"] == "request_reference" and event["value"]:
            weeks[last_user_week[sender]]["bookings" if kind_of[sender] == "booking" else "callbacks"] += 1
    for week, c in weeks.items():
        c["conversations"] = len(senders_by_week[week])
        c["understood"] = c["messages"] - c["fallback"] - c["handoff"]
    return {
        "weeks": weeks,
        "topics": topics,
        "hours": hours,
        "channels": {k: (len(channel_senders[k]), n) for k, n in channels.items()},
        "languages": {k: (len(language_senders[k]), n) for k, n in languages.items()},
    }


@pytest.fixture
def figures_setup(db_url, tmp_path):
    tracker_url = f"sqlite:///{tmp_path / 'trackers.db'}" if db_url.startswith("sqlite") else db_url
    data.save(tracker_url, generated_conversations())
    store = Store(db_url)
    store.create_schema()
    store.add_staff(STAFF_USER, STAFF_PASSWORD)
    app = create_app(store, secret_key=SECRET)
    reader = app.extensions["frontdesk.tracker"] = TrackerReader(tracker_url)
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": STAFF_USER, "password": STAFF_PASSWORD, "csrf_token": token})
    yield client, tracker_url
    reader.dispose()
    store.dispose()


def csv_rows(client):
    response = client.get(
        "/figures.csv", query_string={"since": SINCE.isoformat(), "until": UNTIL.isoformat()}
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    return {(r["section"], r["key"], r["measure"]): r["value"] for r in table}


def test_the_csv_matches_counts_made_straight_from_the_tracker_store(figures_setup, monkeypatch):
    monkeypatch.setenv("CLINIC_TIMEZONE", "America/Chicago")
    client, tracker_url = figures_setup
    expected = independent_counts(tracker_url)
    got = csv_rows(client)

    weeks = sorted(k for s, k, _ in got if s == "week")
    assert len(set(weeks)) == 7 and min(weeks) == "2031-02-24"  # Mondays, empty weeks included
    for week in set(weeks):
        for measure in (
            "conversations",
            "messages",
            "understood",
            "fallback",
            "handoff",
            "bookings",
            "callbacks",
            "safety_answers",
        ):
            assert int(got[("week", week, measure)]) == expected["weeks"][week][measure], (week, measure)
    total_key = f"{SINCE.isoformat()}..{UNTIL.isoformat()}"
    messages = sum(c["messages"] for c in expected["weeks"].values())
    assert int(got[("range", total_key, "messages")]) == messages
    assert int(got[("range", total_key, "conversations")]) == 45  # one session per sender
    fallback = sum(c["fallback"] for c in expected["weeks"].values())
    assert got[("range", total_key, "fallback_percent")] == f"{100 * fallback / messages:.1f}"

    top = sorted(expected["topics"].items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    assert [(k, int(v)) for (s, k, _), v in got.items() if s == "topic"] == top
    assert {k: int(v) for (s, k, m), v in got.items() if s == "hour" and int(v)} == {
        f"{h:02d}": n for h, n in expected["hours"].items()
    }
    for section in ("channels", "languages"):
        name = section[:-1]
        found = {
            k: (int(got[(name, k, "conversations")]), int(got[(name, k, "messages")]))
            for s, k, _ in got
            if s == name
        }
        assert found == expected[section], section
    assert set(expected["channels"]) == {"rest", "twilio_sms", "frontdesk"}
    assert set(expected["languages"]) == {"en", "es"}


def test_the_page_shows_the_same_figures_as_inline_svg(figures_setup, monkeypatch):
    monkeypatch.setenv("CLINIC_TIMEZONE", "America/Chicago")
    client, tracker_url = figures_setup
    got = csv_rows(client)
    response = client.get("/figures", query_string={"since": SINCE.isoformat(), "until": UNTIL.isoformat()})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "script-src" not in response.headers["Content-Security-Policy"]  # still no scripts at all
    assert "<script" not in page and "style=" not in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 5
    total = re.search(r'<tr id="total">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r"<td>([^<]*)</td>", total)
    key = f"{SINCE.isoformat()}..{UNTIL.isoformat()}"
    assert cells[:2] == [got[("range", key, "conversations")], got[("range", key, "messages")]]
    assert cells[-3:] == [got[("range", key, m)] for m in ("bookings", "callbacks", "safety_answers")]
    assert client.get("/figures.csv").status_code == 200  # the default range


def test_the_figures_need_a_signed_in_member_of_staff(sqlite_store):
    client = create_app(sqlite_store, secret_key=SECRET).test_client()
    for path in ("/figures", "/figures.csv"):
        assert client.get(path).headers["Location"].endswith("/login")


def test_chart_labels_are_escaped():
    svg = charts.bars("c", "Topics <b>", [("<script>alert(1)</script>", 3)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg


def test_csv_cells_never_become_spreadsheet_formulas():
    from datetime import timezone

    from frontdesk.conversations import turns_of
    from frontdesk.figures import compute, csv_text

    events = [
        (1, e.as_dict())
        for e in data.events_for(
            "rest", data.DAY, [T("hi", "greet", 0.9, slots={"last_topic": "=HYPERLINK(1)"})]
        )
    ]
    text = csv_text(compute(turns_of("web-x", events), data.DAY.date(), data.DAY.date(), timezone.utc))
    assert "topic,'=HYPERLINK(1),messages,1" in text
