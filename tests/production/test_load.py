"""Many patients at once over both replicas: no message lost, none answered
out of order, none answered with another patient's answer.

Bounded in time (every wait has a limit), never timed: the figures printed
are for information; `make bench` measures speed."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, wait

import pytest

from clinic.topics import load_topics
from tests.evaluation.checks import reply_text

pytestmark = pytest.mark.model
TOPICS = load_topics()
PATIENTS = 60
CONCURRENT = 20
DOUBLE_TAPPERS = 8
BOUND_SECONDS = 900

# each patient asks about one procedure, then follows up on "it"
SCRIPTS = [
    [
        ("what is RFA?", "rfa"),
        ("how long is recovery after it?", "recovery"),
        ("what are the risks of it?", "risks"),
        ("how do I prepare for it?", "preparation"),
    ],
    [
        ("tell me about spinal cord stimulation", "scs"),
        ("what are the risks?", "risks"),
        ("how long does recovery take?", "recovery"),
        ("what happens during it?", "during_procedure"),
    ],
    [
        ("what is fibromyalgia?", "fm_definition"),
        ("what causes it?", "fm_causes"),
        ("what are the symptoms?", "fm_symptoms"),
        ("how common is it?", "fm_prevalence"),
    ],
]


def user_turns(tracker):
    """The tracker's events grouped into turns: (user text, events up to the next user message)."""
    turns = []
    for event in tracker["events"]:
        if event["event"] == "user":
            turns.append((event["text"], []))
        elif turns:
            turns[-1][1].append(event)
    return turns


def assert_turns_not_interleaved(turns):
    for text, events in turns:
        names = [e.get("name") for e in events if e["event"] == "action"]
        assert any(e["event"] == "bot" for e in events), f"a turn got no reply ({len(text)} chars)"
        assert names and names[-1] == "action_listen", "a turn did not finish before the next began"


def test_many_patients_over_both_replicas(production):
    results, failures = {}, []

    def patient(index):
        sender = f"load-{index}-{uuid.uuid4().hex[:8]}"
        script = SCRIPTS[index % len(SCRIPTS)]
        for turn, (text, topic) in enumerate(script):
            reply = reply_text(production.rest(index + turn, sender, text, timeout=120))
            if not TOPICS[topic].matches(reply):
                failures.append((index, turn, topic))
        results[sender] = [text for text, _ in script]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        futures = [pool.submit(patient, i) for i in range(PATIENTS)]
        done, not_done = wait(futures, timeout=BOUND_SECONDS)
    assert not not_done, f"{len(not_done)} patients still waiting after {BOUND_SECONDS} s"
    for future in done:
        future.result()  # re-raises an HTTP error or a timeout
    elapsed = time.monotonic() - started
    print(
        f"\n{PATIENTS * 4} messages from {PATIENTS} patients ({CONCURRENT} at once) "
        f"over 2 replicas in {elapsed:.0f} s"
    )

    assert failures == [], f"wrong answers (patient, turn, topic): {failures}"
    assert len(results) == PATIENTS
    for sender, sent in results.items():
        turns = user_turns(production.tracker(sender, replica=hash(sender) % 2))
        assert [text for text, _ in turns] == sent  # none lost, none reordered
        assert_turns_not_interleaved(turns)


def test_two_messages_at_the_same_instant_on_two_replicas_are_both_answered_in_turn(production):
    """A double tap, or a retried webhook, landing on both replicas at once:
    the conversation's lock lets one turn through at a time."""
    senders = [f"double-{i}-{uuid.uuid4().hex[:8]}" for i in range(DOUBLE_TAPPERS)]
    for sender in senders:
        production.rest(0, sender, "hello")
    replies, errors = {}, []
    barrier = threading.Barrier(2 * DOUBLE_TAPPERS)

    def send(sender, replica, text, topic):
        try:
            barrier.wait(timeout=60)
            replies[(sender, text)] = (reply_text(production.rest(replica, sender, text, timeout=120)), topic)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [
        threading.Thread(target=send, args=(sender, replica, text, topic))
        for sender in senders
        for replica, (text, topic) in enumerate(
            [("what is RFA?", "rfa"), ("what is a trigger point injection?", "trigger_point")]
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BOUND_SECONDS)
    assert errors == [] and not any(t.is_alive() for t in threads)
    for (_sender, _text), (reply, topic) in replies.items():
        assert TOPICS[topic].matches(reply), (topic, len(reply))
    for sender in senders:
        turns = user_turns(production.tracker(sender))
        texts = [text for text, _ in turns]
        assert texts[0] == "hello" and sorted(texts[1:]) == sorted(
            ["what is RFA?", "what is a trigger point injection?"]
        )
        assert_turns_not_interleaved(turns)
