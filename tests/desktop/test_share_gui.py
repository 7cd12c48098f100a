"""Sharing offline in the window: Edit > Copy / Paste share code, and File > Open on a
briefing (HTML or PDF) restores the exact scenario without ever saving over the briefing."""

from __future__ import annotations

import pypdf
import pytest
from PySide6.QtGui import QAction, QGuiApplication
from qt_helpers import find

from core.engine.events import ExportBan
from core.formats import share
from core.formats.carriers import MAX_CODE_CHARS
from core.formats.scenario import load_bundled

LEVER = "us_dc_committed_additions_gw_per_year"


def trigger(window, name: str) -> None:
    find(window, QAction, name).trigger()


def edited(scenario):
    """A scenario with a lever, evidence and an event of its own, as a user leaves it."""
    scenario = scenario.with_lever(LEVER, 13.5).with_evidence(LEVER, "Utility filings", "S0")
    return scenario.model_copy(update={"events": [*scenario.events,
                                                  ExportBan(start="2027-03")]})


def test_copy_share_code_puts_the_scenario_on_the_clipboard(window):
    window.session.set_lever(LEVER, 12.0)
    trigger(window, "edit:copy_share_code")
    code = QGuiApplication.clipboard().text()
    assert code.startswith("airace:") and len(code) < 200
    assert share.decode(code) == window.session.scenario
    assert "Share code copied" in window.statusBar().currentMessage()


@pytest.mark.slow
@pytest.mark.airace_answers(unsaved="discard")
def test_paste_share_code_opens_it_like_a_file(window):
    scenario = edited(load_bundled("us_power_crunch"))
    window.session.set_lever("bass_q", 1.0)  # unsaved work: the question is asked
    QGuiApplication.clipboard().setText(f"  {share.encode(scenario)}\n")
    trigger(window, "edit:paste_share_code")
    assert window.session.scenario == scenario
    assert window.session.path is None and not window.session.dirty
    assert not window.session.undo_stack.can_undo


@pytest.mark.slow
@pytest.mark.airace_answers(unsaved="cancel")
def test_paste_keeps_the_work_when_the_save_question_is_cancelled(window):
    window.session.set_lever("bass_q", 1.0)
    before = window.session.scenario
    QGuiApplication.clipboard().setText(share.encode(load_bundled("us_power_crunch")))
    trigger(window, "edit:paste_share_code")
    assert window.session.scenario == before and window.session.dirty


@pytest.mark.parametrize("text, phrase", [
    ("airace:abc$def", "not a share code"),
    (share.encode(load_bundled("china_android_strategy"))[:101], "incomplete share code"),
    ("airace:" + "A" * (MAX_CODE_CHARS + 1), "may be at most"),
    ("just some text", "no share code on the clipboard"),
    ("", "no share code on the clipboard"),
])
def test_a_bad_share_code_is_refused_like_a_bad_file(window, text, phrase):
    window.session.set_lever("bass_q", 1.0)  # unsaved work: not even a question about it
    before = window.session.scenario
    errors = []
    window.show_error = errors.append
    QGuiApplication.clipboard().setText(text)
    trigger(window, "edit:paste_share_code")
    assert len(errors) == 1
    assert errors[0].startswith("Could not open this scenario; nothing was changed.\n\n")
    assert phrase in errors[0]
    assert window.session.scenario == before and window.session.dirty


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["pdf", "html"])
@pytest.mark.airace_answers(unsaved="discard")
def test_file_open_restores_a_briefings_exact_scenario(window, tmp_path, kind):
    scenario = edited(load_bundled("safe_chips_act"))
    window.session.load(scenario, None)
    path = tmp_path / f"brief.{kind}"
    window.choose_export_path = lambda caption, suffix, file_filter: str(path)
    trigger(window, f"file:briefing_{kind}")
    written = path.read_bytes()
    window.open_bundled("baseline")
    window.session.set_lever("bass_q", 1.0)
    window.choose_open_path = lambda: str(path)
    trigger(window, "file:open")
    assert window.session.scenario == scenario
    assert window.session.scenario.to_json() == scenario.to_json()
    assert window.session.path is None  # Save never writes JSON over the briefing
    window.session.set_lever("bass_p", 0.05)
    saved = tmp_path / "mine.json"
    asked = []
    window.choose_save_path = lambda: asked.append(True) or str(saved)
    trigger(window, "file:save")
    assert asked == [True] and path.read_bytes() == written
    assert saved.is_file()


@pytest.mark.slow
def test_the_pdf_briefing_lists_the_scenario_as_an_attachment(window, tmp_path):
    window.session.set_lever(LEVER, 11.0)
    path = tmp_path / "brief.pdf"
    window.choose_export_path = lambda caption, suffix, file_filter: str(path)
    trigger(window, "file:briefing_pdf")
    reader = pypdf.PdfReader(path)
    assert list(reader.attachments) == ["scenario.json"]
    assert len(reader.pages) >= 1 and window.session.scenario.name in reader.pages[0].extract_text()
    assert share.scenario_from_pdf(path.read_bytes(), str(path)) == window.session.scenario
