"""Reviewed messages as NLU training data: de-identified with Presidio, offline, and
accepted by `rasa data validate` merged into a copy of data/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta

import pytest
import yaml

from frontdesk.cli import main as cli
from frontdesk.deidentify import deidentify
from frontdesk.export import intent_for, training_text
from frontdesk.review_store import label_topics
from frontdesk.tracker_reader import TrackerReader
from tests.frontdesk import review_data as data
from tests.frontdesk.test_review import label, turn_id
from tests.paths import ROOT
from tests.test_offline import run_offline

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text, expected",
    [
        (data.MISUNDERSTOOD, "my name is <NAME>, call me at <PHONE>, does the zapping thing wear off"),
        (
            "I'm Ann Lee, 512-555-0100, born 3/4/1980, email ann.lee@example.com",
            "I'm <NAME>, <PHONE>, born <DATE>, email <EMAIL>",
        ),
        ("I live at 1200 West Oak Street. Is RFA safe?", "I live at <ADDRESS>. Is RFA safe?"),
        ("my birthday is March 4th 1975", "my birthday is <DATE>"),
        # what patients ask about stays: procedures, the clinic, relative times
        (
            "how long after a trigger point injection can I drive, 3 days?",
            "how long after a trigger point injection can I drive, 3 days?",
        ),
        ("is momentum medical open tomorrow", "is momentum medical open tomorrow"),
        ("what about the stimulator and the pain pump", "what about the stimulator and the pain pump"),
    ],
)
def test_personal_details_become_placeholders(text, expected):
    assert deidentify(text) == expected


def test_presidio_runs_offline_and_small():
    result = run_offline("""
        import re, sys
        from frontdesk.deidentify import deidentify
        print(deidentify("I'm Ann Lee, write to ann.lee@example.com or call 512-555-0100"))
        print("TENSORFLOW", "tensorflow" in sys.modules)
        # this process's own peak (ru_maxrss would count the test process it was forked from)
        status = open("/proc/self/status").read()
        print("PEAK_MIB", int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024)
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "I'm <NAME>, write to <EMAIL> or call <PHONE>" in result.stdout
    assert "TENSORFLOW False" in result.stdout
    # the front desk's pod may use 256 MiB (deploy/k8s/40-frontdesk.yml), the web server ~50 of it
    assert int(result.stdout.split("PEAK_MIB ")[1].split()[0]) < 200, result.stdout


def test_every_topic_staff_can_pick_is_an_intent_of_the_domain():
    for topic in label_topics():
        assert intent_for(topic) in DOMAIN["intents"], topic
    assert intent_for("rfa") == "ask_procedure"
    assert intent_for("booking_start") == "book_appointment"
    assert intent_for("risks") == "ask_risks"


def test_a_message_becomes_one_safe_training_line():
    same = lambda text: text  # noqa: E731
    assert training_text("what are the risks of RFA?", same) == (
        'what are the risks of [RFA]{"entity": "procedure", "value": "rfa"}?'
    )
    assert training_text("is the [pain pump] {safe}\nreally", same) == (
        'is the ([pain pump]{"entity": "procedure", "value": "intrathecal"}) (safe) really'
    )
    assert training_text('/ask_procedure{"procedure":"rfa"}', same) is None  # a button
    assert training_text("   ", same) is None


def labelled_export(review_client, tmp_path, review_urls):
    client = review_client
    label(client, turn_id(client, data.MISUNDERSTOOD), "topic:relief_duration")
    label(client, turn_id(client, data.FALLBACK_TEXT), "not_covered")
    label(client, turn_id(client, data.CORRECTED_TEXT), "topic:recovery")
    label(client, turn_id(client, data.CRISIS_TEXT), "fine")
    out = tmp_path / "reviewed.yml"
    assert (
        cli(["--db", review_urls[0], "export-reviewed", "--out", str(out), "--tracker-db", review_urls[1]])
        == 0
    )
    return out


def test_export_writes_labelled_messages_under_their_intent(
    review_client, review_store, tmp_path, review_urls
):
    out = labelled_export(review_client, tmp_path, review_urls)
    exported = yaml.safe_load(out.read_text())
    assert exported["version"] == "3.1"
    blocks = {b["intent"]: b["examples"] for b in exported["nlu"]}
    assert blocks == {
        "ask_recovery": f"- {data.CORRECTED_TEXT}\n",
        "ask_relief_duration": "- my name is <NAME>, call me at <PHONE>, does the zapping thing wear off\n",
    }
    text = out.read_text()
    assert data.PATIENT_NAME not in text and "555-0161" not in text and "garage" not in text
    assert [(e.action, e.detail) for e in review_store.review.audit_log()][0] == ("export", "2 messages")

    download = review_client.get("/review/export.yml")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert yaml.safe_load(download.get_data(as_text=True))["nlu"] == exported["nlu"]
    assert review_store.review.audit_log()[0].action == "export"


def test_a_purged_conversation_is_no_longer_exported(review_client, review_store, tmp_path, review_urls):
    from frontdesk.store import purge_conversations

    labelled_export(review_client, tmp_path, review_urls)
    purge_conversations(review_urls[1], 0, now=data.DAY + timedelta(days=400))
    reader = TrackerReader(review_urls[1])
    from frontdesk.export import export_reviewed

    text, count = export_reviewed(review_store.review, reader, deidentify=lambda t: t)
    reader.dispose()
    assert count == 0 and "nlu: []" in text


def test_the_export_merged_into_data_passes_rasa_data_validate(review_client, tmp_path, review_urls, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("one database is enough for this slow check")
    out = labelled_export(review_client, tmp_path, review_urls)
    assert_validates_merged(out, tmp_path)


def assert_validates_merged(exported, tmp_path) -> None:
    """``exported`` copied into a copy of data/ passes `rasa data validate --fail-on-warnings`."""
    merged = tmp_path / "data"
    shutil.copytree(ROOT / "data", merged)
    shutil.copy(exported, merged / "nlu" / "reviewed.yml")
    command = [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings"]
    command += ["--config", str(ROOT / "config.yml"), "--domain", str(ROOT / "domain.yml")]
    command += ["--data", str(merged), str(ROOT / "content" / "procedure_names.yml")]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
