"""Events: add, edit, remove, markers on every plot; undo and redo of every change."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFrame, QListWidget, QSlider
from qt_helpers import find, plot, settle

from core.engine.events import EVENT_TYPES, ExportBan, LaggedExports
from core.engine.history import HISTORY_EVENTS
from desktop.widgets.events_panel import EventDialog
from desktop.widgets.plots import EventLine, EventRegion


@pytest.mark.slow
def test_adding_an_export_ban_changes_imports_and_marks_every_plot(window):
    imports = plot(window, "cn_legal_imports_h100e")
    card = find(window, QFrame, "kpi:cn_legal_imports_2026_2028")
    before = imports.curve_data().copy()
    window.ask_event = lambda event: event  # accept the form as offered
    window.events_panel.add_event("export_ban")
    settle(window)
    *history, event = window.session.scenario.events
    assert history == list(HISTORY_EVENTS) and isinstance(event, ExportBan)
    months = window.session.results.months
    during = months.index(event.start) + 1
    assert imports.curve_data()[during] < before[during]
    assert card.delta_text.startswith("-")
    for output_plot in window.plot_grid.plots.values():
        kinds = {type(item) for item in output_plot.event_items}
        assert EventLine in kinds and EventRegion in kinds
    listing = find(window, QListWidget, "events:list")
    events = listing.count() - len(window.events_panel.reaction_texts())  # then the reactions
    assert events == len(HISTORY_EVENTS) + 1
    assert "Export ban from 2026" in listing.item(events - 1).text()


@pytest.mark.slow
def test_edit_and_remove_an_event(window):
    drawn = {output_id: len(output_plot.event_items)
             for output_id, output_plot in window.plot_grid.plots.items()}
    window.session.add_event(LaggedExports(start="2026-01"))
    window.ask_event = lambda event: event.model_copy(update={"lag_months": 30.0})
    added = len(HISTORY_EVENTS)
    window.events_panel.list.setCurrentRow(added)
    window.events_panel.edit_button.click()
    assert window.session.scenario.events[added].lag_months == 30.0
    assert window.undo_action.text() == "&Undo Edit lagged exports"
    window.events_panel.remove_button.click()
    assert window.session.scenario.events == list(HISTORY_EVENTS)
    for output_id, output_plot in window.plot_grid.plots.items():
        assert len(output_plot.event_items) == drawn[output_id]


@pytest.mark.slow
def test_cancelled_event_form_changes_nothing(window):
    window.ask_event = lambda event: None
    window.events_panel.add_event("federal_preemption")
    assert window.session.scenario.events == list(HISTORY_EVENTS)
    assert not window.session.undo_stack.can_undo


def test_event_dialog_is_built_from_the_model_fields(qtbot):
    for cls in EVENT_TYPES.values():
        event = cls(start="2027-03")
        dialog = EventDialog(event)
        qtbot.addWidget(dialog)
        assert dialog.event_value() == event
    dialog = EventDialog(ExportBan(start="2026-01"))
    qtbot.addWidget(dialog)
    dialog.editors["start"].setDate(QDate(2028, 5, 1))
    dialog.editors["duration_months"].setValue(0)  # "to the end of the run"
    assert dialog.event_value() == ExportBan(start="2028-05", duration_months=None)


@pytest.mark.slow
def test_undo_and_redo_levers_and_events_with_menu_labels(window):
    session = window.session
    slider = find(window, QSlider, "lever:us_chip_order_growth_per_year")
    curve = plot(window, "us_installed_h100e")
    settle(window)
    original = curve.curve_data().copy()
    for tick in (slider.value() + 5, slider.value() + 10, slider.value() + 15):
        slider.setValue(tick)  # one drag
    slider.sliderReleased.emit()
    session.add_event(ExportBan(start="2026-06"))
    settle(window)
    assert window.undo_action.text() == "&Undo Add export ban"

    window.undo_action.trigger()
    assert session.scenario.events == list(HISTORY_EVENTS)
    assert window.undo_action.text() == "&Undo Set US accelerator order growth"
    assert window.redo_action.text() == "&Redo Add export ban"
    window.undo_action.trigger()
    settle(window)
    assert session.scenario.levers == {}
    assert np.allclose(curve.curve_data(), original)
    row = window.levers_panel.rows["us_chip_order_growth_per_year"]
    assert slider.value() == row.tick_of(row.lever.default)
    assert not session.dirty and not window.undo_action.isEnabled()

    window.redo_action.trigger()
    window.redo_action.trigger()
    settle(window)
    assert "us_chip_order_growth_per_year" in session.scenario.levers
    assert len(session.scenario.events) == len(HISTORY_EVENTS) + 1
    assert not np.allclose(curve.curve_data(), original)


@pytest.mark.slow
def test_undo_shortcuts(read_window):
    assert read_window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert read_window.redo_action.shortcut().toString() == "Ctrl+Shift+Z"


def test_the_event_form_speaks_in_labels_and_whole_months(read_window, qtbot):
    from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel

    from core.engine.events import EVENT_TYPES
    from desktop.widgets.events_panel import EventDialog

    lagged = next(cls for cls in EVENT_TYPES.values() if "lag_months" in cls.model_fields)
    dialog = EventDialog(lagged(start="2026-01"), read_window)
    qtbot.addWidget(dialog)
    form = dialog.findChild(QFormLayout)
    labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().text()
              for row in range(form.rowCount())]
    assert "Lag (months)" in labels
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "lag_months" not in texts and "_" not in " ".join(labels)
    lag = dialog.findChild(QDoubleSpinBox, "event:lag_months")
    assert lag.text() == "18 months"
