"""What leaves the machine carries file names, never folders: a scenario opened from a
folder, changed, saved under another folder and exported (PDF, HTML) or copied as a share
code holds no folder part of any path its text mentions."""

from __future__ import annotations

import re

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDoubleSpinBox
from qt_helpers import activate

from core.formats.scenario import load_bundled, load_scenario, scenario_from_code
from desktop.main_window import MainWindow

LEVER = "bass_p"


def _plan(folder):
    """A scenario whose every free-text field names a file in the author's folders."""
    secret = folder / "secret-project"
    secret.mkdir()
    scenario = load_bundled("baseline").model_copy(update={
        "name": "Plan from /home/alice/secret-project/plan.json",
        "description": r"Draft kept at ~/secret-project/draft.docx and C:\Users\alice\secret\x.xlsx",
        "notes": f"Data: {secret}/data/capacity.csv; see https://example.org/a/b.html"})
    scenario = scenario.with_lever("us_new_generation_gw_per_year", 90.0).with_evidence(
        "us_new_generation_gw_per_year", f"Our reading of {secret}/why.txt",
        f"{secret}/sources/grid.pdf")
    path = secret / "plan.json"
    path.write_text(scenario.to_json(), encoding="utf-8")
    return path


def _no_folders(text: str) -> None:
    for part in ("secret-project", "alice", "/tmp", "Users"):
        assert part not in text, f"{part!r} in {text[:300]!r}"


@pytest.mark.slow
def test_a_changed_scenario_saved_elsewhere_then_briefed_embeds_file_names_only(
        make_window, monkeypatch, tmp_path, qtbot):
    plan = _plan(tmp_path)
    window = make_window()
    activate(qtbot, window)
    monkeypatch.setattr(MainWindow, "choose_open_path", lambda self: str(plan))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.session.path == plan
    spin = window.findChild(QDoubleSpinBox, f"lever:{LEVER}:spin")
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    saved = tmp_path / "shared folder" / "plan v2.json"
    saved.parent.mkdir()
    monkeypatch.setattr(MainWindow, "choose_save_path", lambda self: str(saved))
    qtbot.keyClick(window, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.path == saved
    assert str(plan.parent) in saved.read_text()  # the user's own file keeps what they wrote
    exports = {".pdf": tmp_path / "out" / "brief.pdf", ".html": tmp_path / "out" / "brief.html"}
    exports[".pdf"].parent.mkdir()
    monkeypatch.setattr(MainWindow, "choose_export_path",
                        lambda self, caption, suffix, filt: str(exports[suffix]))
    window.actions["file:briefing_pdf"].trigger()
    window.actions["file:briefing_html"].trigger()

    page = exports[".html"].read_text(encoding="utf-8")
    _no_folders(page)
    embedded = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page,
                         re.DOTALL).group(1)
    assert "Data: capacity.csv; see https://example.org/a/b.html" in embedded  # URL kept
    reader = pypdf.PdfReader(exports[".pdf"])
    _no_folders(reader.metadata.title)
    _no_folders(reader.attachments["scenario.json"][0].decode("utf-8"))
    for briefing in exports.values():
        reopened = load_scenario(briefing)
        assert reopened.name == "Plan from plan.json"
        assert reopened.description == "Draft kept at draft.docx and x.xlsx"
        evidence = reopened.evidence["us_new_generation_gw_per_year"]
        assert (evidence.rationale, evidence.source) == ("Our reading of why.txt", "grid.pdf")
        assert reopened.levers[LEVER] == window.session.scenario.levers[LEVER]


def test_a_copied_share_code_carries_file_names_only(make_window, tmp_path, qtbot):
    window = make_window(_plan(tmp_path))
    window.actions["edit:copy_share_code"].trigger()
    code = QApplication.clipboard().text()
    shared = scenario_from_code(code)
    _no_folders(shared.to_json())
    assert shared.notes == "Data: capacity.csv; see https://example.org/a/b.html"
