"""The review inbox: turns read from Rasa's tracker store, labels, the audit log,
retention; on SQLite and on PostgreSQL."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from frontdesk.conversations import CORRECTED, FALLBACK, HANDOFF, SAFETY, UNSURE, is_correction
from frontdesk.tracker_reader import TrackerReader
from frontdesk.web import create_app
from tests.frontdesk import review_data as data
from tests.frontdesk.conftest import CSRF, SECRET, STAFF_USER

RANGE = {"since": "2031-03-01", "until": "2031-03-31"}


def rows(page: str):
    """The inbox's rows: (turn id, the row's HTML)."""
    return re.findall(r'<tr id="turn-(\d+)">(.*?)</tr>', page, re.S)


def texts(page: str):
    return [re.search(r'class="said">([^<]*)', row).group(1).strip() for _, row in rows(page)]


def unescape(text: str) -> str:
    return text.replace("&#39;", "'").replace("&amp;", "&")


def test_turns_carry_their_kinds(review_urls):
    reader = TrackerReader(review_urls[1])
    turns = {t.text: t for t in reader.turns(data.DAY - timedelta(days=1), data.DAY + timedelta(days=30))}
    reader.dispose()
    assert turns[data.MISUNDERSTOOD].kinds == {UNSURE}
    assert turns[data.MISUNDERSTOOD].confidence == pytest.approx(0.45)
    assert turns[data.FALLBACK_TEXT].kinds == {UNSURE, FALLBACK}
    assert turns[data.FALLBACK_TEXT].guess == "ask_about_clinic"
    assert turns[data.CRISIS_TEXT].kinds == {SAFETY}
    assert turns[data.CRISIS_TEXT].channel == "twilio_sms"
    assert turns[data.CORRECTED_TEXT].kinds == {CORRECTED}  # the turn the patient corrected
    assert turns[data.CORRECTION_TEXT].kinds == frozenset()
    assert turns["quiero hablar con una persona"].kinds == {HANDOFF}
    assert turns["quiero una cita"].language == "es"
    assert turns["si"].stored_request == "booking"
    assert turns[data.PATIENT_NAME].kinds == frozenset()  # answered the form's question
    assert turns["what is fibromyalgia"].kinds == frozenset()
    assert "Harper" not in repr(turns[data.MISUNDERSTOOD])  # no patient text in a repr


@pytest.mark.parametrize(
    "text, correction",
    [
        ("no, I meant the recovery", True),
        ("that's not what I asked", True),
        ("I meant RFA", True),
        ("nope i was asking about the pump", True),
        ("no thanks", False),
        ("actually my number is 512 555 0100", False),
        ("no", False),
        ("what does it mean", False),
    ],
)
def test_corrections(text, correction):
    assert is_correction(text) is correction


def test_the_inbox_needs_a_signed_in_member_of_staff(review_store, review_urls):
    anonymous = create_app(review_store, secret_key=SECRET).test_client()
    for path in ("/review", "/review/conversation?sender=web-misunderstood"):
        response = anonymous.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_the_inbox_lists_what_to_review_newest_first(review_client):
    page = review_client.get("/review", query_string=RANGE).get_data(as_text=True)
    assert [unescape(t) for t in texts(page)] == [
        "quiero hablar con una persona",
        data.CORRECTED_TEXT,
        data.CRISIS_TEXT,
        data.FALLBACK_TEXT,
        data.MISUNDERSTOOD,
    ]
    assert "what is fibromyalgia" not in page  # answered with confidence: nothing to review
    assert "ask_relief_duration" in page and "0.45" in page  # intent and confidence
    assert "best guess: ask_about_clinic" in page
    assert "I couldn&#39;t find that in the clinic&#39;s article." in page  # the answer given
    assert "Content-Security-Policy" in review_client.get("/review").headers
    assert "script" not in page.lower()


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"kind": "unsure"}, [data.FALLBACK_TEXT, data.MISUNDERSTOOD]),
        ({"kind": "fallback"}, [data.FALLBACK_TEXT]),
        ({"kind": "safety"}, [data.CRISIS_TEXT]),
        ({"kind": "handoff"}, ["quiero hablar con una persona"]),
        ({"kind": "corrected"}, [data.CORRECTED_TEXT]),
        ({"channel": "twilio_sms"}, [data.CRISIS_TEXT]),
        ({"language": "es"}, ["quiero hablar con una persona"]),
        ({"since": "2031-03-05", "until": "2031-03-05"}, ["quiero hablar con una persona"]),
        ({"since": "2031-03-01", "until": "2031-03-01"}, []),
    ],
)
def test_inbox_filters(review_client, query, expected):
    page = review_client.get("/review", query_string={**RANGE, **query}).get_data(as_text=True)
    assert [unescape(t) for t in texts(page)] == expected


def test_the_whole_conversation_is_one_click_away_and_each_view_is_audited(review_client, review_store):
    page = review_client.get("/review", query_string={**RANGE, "kind": "safety"}).get_data(as_text=True)
    assert [(e.staff, e.action, e.sender_id) for e in review_store.review.audit_log()] == [
        (STAFF_USER, "inbox", "sms-crisis")  # the inbox showed this conversation's message
    ]
    page = review_client.get("/review", query_string=RANGE).get_data(as_text=True)
    inbox_rows = review_store.review.audit_log()
    assert {e.sender_id for e in inbox_rows if e.action == "inbox"} == {
        "sms-crisis",
        "web-misunderstood",
        "web-corrected",
        "web-booking",
    }
    link = re.search(r'href="(/review/conversation\?sender=web-corrected[^"]*)"', page).group(1)
    conversation = review_client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert (
        data.CORRECTED_TEXT in conversation
        and "no, I meant how long until I can go back to work" in conversation
    )
    review_client.get("/review/conversation?sender=sms-crisis")
    log = [e for e in review_store.review.audit_log() if e.action == "conversation"]
    assert [(e.staff, e.action, e.sender_id) for e in log] == [
        (STAFF_USER, "conversation", "sms-crisis"),
        (STAFF_USER, "conversation", "web-corrected"),
    ]
    assert all(datetime.now(timezone.utc) - e.at < timedelta(minutes=5) for e in log)
    before = len(review_store.review.audit_log())
    assert review_client.get("/review/conversation?sender=nobody").status_code == 404
    assert len(review_store.review.audit_log()) == before  # nothing was shown, nothing recorded


def label(review_client, event_id, verdict, **extra):
    page = review_client.get("/review", query_string=RANGE).get_data(as_text=True)
    token = CSRF.search(page).group(1)
    return review_client.post(
        f"/review/turns/{event_id}/label", data={"verdict": verdict, "csrf_token": token, **RANGE, **extra}
    )


def turn_id(review_client, text):
    page = review_client.get("/review", query_string=RANGE).get_data(as_text=True)
    return next(int(i) for i, row in rows(page) if text in unescape(row))


def test_staff_label_a_turn_with_who_and_when(review_client, review_store):
    event_id = turn_id(review_client, data.MISUNDERSTOOD)
    response = label(review_client, event_id, "topic:relief_duration")
    assert response.status_code == 302 and f"#turn-{event_id}" in response.headers["Location"]
    (stored,) = review_store.review.labels()
    assert (stored.event_id, stored.sender_id, stored.verdict, stored.topic, stored.staff) == (
        event_id,
        "web-misunderstood",
        "topic",
        "relief_duration",
        STAFF_USER,
    )
    assert datetime.now(timezone.utc) - stored.labelled_at < timedelta(minutes=5)
    page = review_client.get("/review", query_string=RANGE).get_data(as_text=True)
    assert f"Labelled <strong>relief_duration</strong> by {STAFF_USER}" in page

    # labelled again: the newest label counts, and the label filters see it
    label(review_client, event_id, "fine")
    assert [x.verdict for x in review_store.review.labels()] == ["fine"]
    fallback_id = turn_id(review_client, data.FALLBACK_TEXT)
    label(review_client, fallback_id, "not_covered")
    gaps = review_client.get("/review", query_string={**RANGE, "label": "not_covered"}).get_data(as_text=True)
    assert texts(gaps) == [data.FALLBACK_TEXT]
    unlabelled = review_client.get("/review", query_string={**RANGE, "label": "unlabelled"}).get_data(
        as_text=True
    )
    assert data.FALLBACK_TEXT not in unlabelled and data.CRISIS_TEXT in unescape(unlabelled)


def test_labels_are_checked(review_client, review_store):
    event_id = turn_id(review_client, data.MISUNDERSTOOD)
    assert label(review_client, event_id, "topic:no_such_topic").status_code == 400
    assert label(review_client, event_id, "topic:not_covered").status_code == 400  # that is its own verdict
    assert label(review_client, event_id, "nonsense").status_code == 400
    assert label(review_client, event_id, "").status_code == 400  # "Choose…", the form's default
    assert label(review_client, 999_999, "fine").status_code == 404
    no_csrf = review_client.post(f"/review/turns/{event_id}/label", data={"verdict": "fine"})
    assert no_csrf.status_code == 400
    assert review_store.review.labels() == []


def test_purge_removes_old_labels_and_audit_rows(review_store):
    review = review_store.review
    now = datetime.now(timezone.utc)
    review.add_label(1, "web-a", "fine", "alice", now=now - timedelta(days=100))
    review.add_label(2, "web-b", "not_covered", "alice", now=now - timedelta(days=2))
    review.record("alice", "conversation", sender_id="web-a")
    assert review.purge(90) == {"labels": 1, "audit": 0}
    assert [x.event_id for x in review.labels()] == [2]
    assert review.purge(90, now=now + timedelta(days=91)) == {"labels": 1, "audit": 1}
    assert review.labels() == [] and review.audit_log() == []


def test_the_purge_command_purges_labels_and_audit_rows(review_store, review_urls, capsys):
    from frontdesk.cli import main

    review_store.review.add_label(
        1, "web-a", "fine", "alice", now=datetime.now(timezone.utc) - timedelta(days=40)
    )
    review_store.review.record("alice", "conversation", sender_id="web-a")
    assert main(["--db", review_urls[0], "purge", "--days", "30", "--tracker-db", review_urls[1]]) == 0
    assert "Purged 1 review label(s) and 0 audit row(s)." in capsys.readouterr().out
    assert review_store.review.labels() == [] and len(review_store.review.audit_log()) == 1


def test_no_patient_text_in_the_logs(review_client, caplog):
    caplog.set_level(logging.DEBUG)
    review_client.get("/review", query_string=RANGE)
    review_client.get("/review/conversation?sender=" + quote("web-misunderstood"))
    label(review_client, turn_id(review_client, data.MISUNDERSTOOD), "topic:relief_duration")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (data.PATIENT_NAME, "555-0161", data.CRISIS_TEXT, "web-misunderstood", "zapping"):
        assert secret not in logged
