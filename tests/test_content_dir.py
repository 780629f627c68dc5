"""One way into the clinic's content: every loader honours CLINIC_CONTENT_DIR."""

import shutil

import yaml

from clinic import content, messages, safety, topics
from tests.paths import ROOT


def test_every_loader_reads_the_configured_content_folder(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    (folder / "clinic.yml").write_text('name: Test Clinic\nphone: "(737) 555-0111"\n')
    names = yaml.safe_load((folder / "procedure_names.yml").read_text())
    names["nlu"][0]["examples"] += "- the zapper\n"
    (folder / "procedure_names.yml").write_text(yaml.safe_dump(names))
    (folder / "safety.yml").write_text("crisis: ['\\bzebra crossing\\b']\nemergency: []\n")
    monkeypatch.setenv("CLINIC_CONTENT_DIR", str(folder))
    monkeypatch.delenv("CLINIC_PHONE", raising=False)
    monkeypatch.delenv("CLINIC_NAME", raising=False)
    assert content.clinic_info() == {"name": "Test Clinic", "phone": "(737) 555-0111"}
    assert "the zapper" in content.procedure_names()[names["nlu"][0]["synonym"]]
    assert safety.SafetyPatterns.load().category("the zebra crossing") == "crisis"
    assert content.get_content().topics  # answers.yml from there too
    assert messages.languages() == ["en"] or "en" in messages.languages()
    assert topics.load_topics()  # topics.yml
