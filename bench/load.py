"""Simulated patients for the benchmark, and the load they put on the REST channel.

A patient is one conversation of a few held-out questions (tests/heldout/): a
third of them follow one of the held-out multi-turn conversations, the others
ask 2-5 questions drawn from every topic. Each patient has its own sender id and
sends its next message only after the reply to the previous one; `concurrency`
patients talk at once.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import List, Optional, Text, Tuple

import aiohttp

from tests.evaluation import sets


@dataclass
class Patient:
    sender: Text
    messages: List[Text]


def question_pool(evalset: sets.EvalSet) -> Tuple[List[Text], List[List[Text]]]:
    questions = [item["text"] for item in evalset.questions]
    conversations = [[turn["say"] for turn in c["turns"]] for c in evalset.conversations]
    return questions, conversations


def patients(evalset: sets.EvalSet, requests: int, seed: int, prefix: Text = "bench") -> List[Patient]:
    """Conversations totalling exactly `requests` messages, the same for a seed."""
    rng = random.Random(seed)
    questions, conversations = question_pool(evalset)
    run = uuid.uuid4().hex[:8]
    out: List[Patient] = []
    left = requests
    while left > 0:
        if conversations and rng.random() < 1 / 3:
            messages = list(rng.choice(conversations))
        else:
            messages = rng.sample(questions, rng.randint(2, 5))
        messages = messages[:left]
        out.append(Patient(f"{prefix}-{run}-{len(out)}", messages))
        left -= len(messages)
    return out


def load_patients(set_name: Text, requests: int, seed: int, prefix: Text = "bench") -> List[Patient]:
    return patients(sets.load(set_name), requests, seed, prefix)


@dataclass
class LoadResult:
    latencies_s: List[float] = field(default_factory=list)
    errors: int = 0
    empty: int = 0  # answered with no message: a round trip all the same
    error_kinds: List[Text] = field(default_factory=list)
    wall_s: float = 0.0


async def _run(url: Text, crowd: List[Patient], concurrency: int, timeout: float) -> LoadResult:
    result = LoadResult()
    queue: asyncio.Queue[Patient] = asyncio.Queue()
    for patient in crowd:
        queue.put_nowait(patient)
    endpoint = f"{url}/webhooks/rest/webhook"
    limits = aiohttp.TCPConnector(limit=concurrency)
    client_timeout = aiohttp.ClientTimeout(total=timeout)

    async def talk(session: aiohttp.ClientSession) -> None:
        while True:
            try:
                patient = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            for message in patient.messages:
                started = time.perf_counter()
                try:
                    async with session.post(
                        endpoint, json={"sender": patient.sender, "message": message}
                    ) as response:
                        body = await response.json()
                        ok, kind = response.status == 200, f"HTTP {response.status}"
                        result.empty += ok and not body
                except (aiohttp.ClientError, asyncio.TimeoutError) as e:
                    ok, kind = False, type(e).__name__
                if ok:
                    result.latencies_s.append(time.perf_counter() - started)
                else:
                    result.errors += 1
                    result.error_kinds.append(kind)

    async with aiohttp.ClientSession(connector=limits, timeout=client_timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(*(talk(session) for _ in range(concurrency)))
        result.wall_s = time.perf_counter() - started
    return result


def run_load(url: Text, crowd: List[Patient], concurrency: int, timeout: Optional[float] = 120) -> LoadResult:
    """Every patient's messages, `concurrency` patients at a time; latency per reply."""
    return asyncio.run(_run(url, crowd, concurrency, timeout))
