"""The benchmark's arithmetic and reporting (bench/stats.py, bench/load.py).

No servers and no timing: the figures are computed from given numbers.
"""

import json

import pytest

from bench import stats as bench_stats
from bench.load import patients
from bench.stats import Target, comparison, latency_summary, markdown_report, text_table
from tests.evaluation import sets


def test_percentiles_interpolate_between_samples():
    latencies = [i / 1000 for i in range(100, -1, -1)]  # 100..0 ms, any order
    summary = latency_summary(latencies, wall_s=4.04, errors=2)
    assert (summary["p50_ms"], summary["p95_ms"], summary["p99_ms"]) == (50.0, 95.0, 99.0)
    assert summary["max_ms"] == 100.0 and summary["mean_ms"] == 50.0
    assert summary["requests"] == 101 and summary["errors"] == 2
    assert summary["msgs_per_s"] == 25.0
    assert latency_summary([0.010, 0.020], wall_s=1.0)["p50_ms"] == 15.0


def test_summary_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        latency_summary([], wall_s=1.0)


@pytest.mark.parametrize(
    "target, ours, baseline, met",
    [
        (Target("x", "", max_ratio=0.6), 60, 100, True),
        (Target("x", "", max_ratio=0.6), 61, 100, False),
        (Target("x", "", min_ratio=1.5), 15, 10, True),
        (Target("x", "", min_ratio=1.5), 14.9, 10, False),
        (Target("x", "", min_ratio=1.0, at_least=0.97), 0.975, 0.90, True),
        (Target("x", "", min_ratio=1.0, at_least=0.97), 0.965, 0.90, False),
        (Target("x", "", min_ratio=1.0, at_least=0.97), 0.975, 0.98, False),
        (Target("x", "", max_ratio=1.0), 5, None, None),
        (Target("x", "", max_ratio=1.0), 5, 0, False),
    ],
)
def test_targets(target, ours, baseline, met):
    assert target.met(ours, baseline) is met


def results(p50, rate, reply, memory):
    return {
        "accuracy": {"reply_accuracy": reply},
        "single": {"p50_ms": p50, "p95_ms": 2 * p50, "p99_ms": 3 * p50},
        "concurrent": {"p50_ms": 10 * p50, "p95_ms": 20 * p50, "p99_ms": 30 * p50, "msgs_per_s": rate},
        "start_to_first_answer_s": 20.0,
        "memory": {"rasa_mb": memory, "actions_mb": 300.0},
        "training_s": 200.0,
        "model_mb": 20.0,
    }


def test_comparison_ratios_are_ours_over_baseline():
    rows = {r["metric"]: r for r in comparison(results(30, 30, 0.98, 900), results(100, 10, 0.90, 1000))}
    assert rows["single.p50_ms"]["ratio"] == 0.3 and rows["single.p50_ms"]["met"] is True
    assert rows["concurrent.msgs_per_s"]["ratio"] == 3.0 and rows["concurrent.msgs_per_s"]["met"] is True
    assert rows["accuracy.reply_accuracy"]["met"] is True
    assert rows["memory.rasa_mb"]["met"] is True
    assert rows["training_s"]["met"] is None  # a figure without a target
    assert {r["metric"] for r in comparison({}, {})} == {m.key for m in bench_stats.METRICS}


def test_comparison_says_when_a_target_is_missed():
    rows = {r["metric"]: r for r in comparison(results(80, 12, 0.96, 1100), results(100, 10, 0.99, 1000))}
    assert rows["single.p50_ms"]["met"] is False
    assert rows["concurrent.msgs_per_s"]["met"] is False
    assert rows["accuracy.reply_accuracy"]["met"] is False
    assert rows["memory.rasa_mb"]["met"] is False


def test_missing_figures_show_as_not_available():
    ours = results(30, 30, 0.98, 900)
    del ours["accuracy"]
    rows = comparison(ours, results(100, 10, 0.90, 1000))
    table = text_table(rows)
    line = next(row for row in table.splitlines() if row.startswith("Held-out replies"))
    assert "n/a" in line and "90.0%" in line


def test_report_holds_table_machine_and_date():
    rows = comparison(results(30, 30, 0.98, 900), results(100, 10, 0.90, 1000))
    report = {
        "date": "2026-01-02T03:04:05+00:00",
        "machine": {
            "cpu_model": "Test CPU",
            "cores": 2,
            "ram_gb": 8.0,
            "os": "Linux",
            "python": "3.10.13",
            "rasa": "3.6.21",
            "rasa_sdk": "3.6.2",
        },
        "settings": {"single_requests": 200, "concurrent_requests": 1000, "patients": 20},
        "comparisons": {
            "default-config": rows,
            "rasa-init": comparison(results(30, 30, 0.98, 900), results(20, 40, None, 500), "rasa-init"),
        },
    }
    md = markdown_report(report, {"default-config": "Rasa default config", "rasa-init": "rasa init bot"})
    assert "2026-01-02T03:04:05+00:00" in md and "Test CPU, 2 cores" in md and "rasa 3.6.21" in md
    assert "| Latency 1 patient p50 | 30.0 ms | 100.0 ms | 0.30x | <= 0.6x baseline | met |" in md
    assert "| Messages/s, 20 patients | 30.00 /s | 10.00 /s | 3.00x | >= 1.5x baseline | met |" in md
    assert "| Held-out replies with the right facts | 98.0% | 90.0% | 1.09x |" in md
    assert "## Ours against the rasa init bot" in md
    json.dumps(report)  # the JSON report holds only plain values


def test_against_the_rasa_init_bot_only_speed_has_targets():
    rows = {
        r["metric"]: r
        for r in comparison(results(30, 30, 0.98, 900), results(20, 40, None, 500), "rasa-init")
    }
    assert rows["single.p50_ms"]["met"] is False and rows["concurrent.msgs_per_s"]["met"] is False
    assert rows["memory.rasa_mb"]["target"] is None and rows["accuracy.reply_accuracy"]["met"] is None


def test_a_long_conversation_reports_its_first_and_last_ten_turns():
    from bench.stats import percentile_ms

    assert percentile_ms([0.010, 0.020, 0.030], 50) == 20.0 and percentile_ms([], 50) is None


HELDOUT = sets.load("heldout")


def test_patients_total_the_requests_and_each_has_its_own_conversation():
    crowd = patients(HELDOUT, 203, seed=7)
    assert sum(len(p.messages) for p in crowd) == 203
    assert len({p.sender for p in crowd}) == len(crowd)
    assert all(1 <= len(p.messages) <= 5 for p in crowd)
    held_out = set(HELDOUT.texts())
    assert all(m in held_out for p in crowd for m in p.messages)


def test_patients_mix_conversations_and_single_questions_the_same_for_a_seed():
    first = patients(HELDOUT, 300, seed=3)
    again = patients(HELDOUT, 300, seed=3)
    assert [p.messages for p in first] == [p.messages for p in again]
    assert first[0].sender != again[0].sender  # a fresh conversation every run
    conversations = [[t["say"] for t in c["turns"]] for c in HELDOUT.conversations]
    followed = sum(p.messages in conversations for p in first)
    assert 0 < followed < len(first)
    topic_of = {q["text"]: q["topic"] for q in HELDOUT.questions}
    topics = {topic_of[m] for p in first for m in p.messages if m in topic_of}
    assert len(topics) > len(set(topic_of.values())) / 2


def test_profile_shares_count_each_part_found_in_a_stack():
    from bench.profile import shares

    lines = [
        "<module> (rasa:8);handle_message (rasa/core/processor.py:169);"
        "parse_message (rasa/core/processor.py:750);process (rasa/nlu/classifiers/diet_classifier.py:9) 3",
        "<module> (rasa:8);handle_message (rasa/core/processor.py:169);"
        "save_tracker (rasa/core/processor.py:1090);commit (sqlalchemy/orm/session.py:1) 1",
        "iter_errors (jsonschema/validators.py:288);descend (jsonschema/validators.py:305) 4",
        "not a sample line",
    ]
    total, parts = shares(lines)
    assert total == 8
    assert parts["message handling (processor)"] == 0.5
    assert parts["NLU: DIET"] == 0.375 and parts["NLU: whole pipeline"] == 0.375
    assert parts["tracker store: save"] == 0.125 and parts["SQLAlchemy / SQLite"] == 0.125
    assert parts["action responses: JSON schema check"] == 0.5
    assert parts["(stack cut by py-spy: deep recursion)"] == 0.5
    assert parts["policies: rule"] == 0.0
