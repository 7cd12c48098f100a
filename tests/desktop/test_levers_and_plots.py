"""Moving a lever changes the curves and the key figures; every control is found by name."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtWidgets import QDoubleSpinBox, QFrame, QLabel, QSlider, QToolButton
from qt_helpers import find, plot, settle

from core.catalogue.key_figures import STRIP
from core.catalogue.levers import LEVERS
from desktop.widgets.plots import DEFAULT_PLOTS


def test_every_lever_has_a_named_slider_spin_and_reset(read_window):
    for lever_id, lever in LEVERS.items():
        slider = find(read_window, QSlider, f"lever:{lever_id}")
        spin = find(read_window, QDoubleSpinBox, f"lever:{lever_id}:spin")
        reset = find(read_window, QToolButton, f"lever:{lever_id}:reset")
        assert abs(spin.value() - lever.default) < 10 ** -lever.decimals
        assert not reset.isEnabled()
        assert lever.explanation in slider.toolTip()
        assert "Source" in slider.toolTip()


def test_every_default_plot_and_key_figure_is_named(read_window):
    assert len(DEFAULT_PLOTS) >= 6
    for output_id in DEFAULT_PLOTS:
        assert plot(read_window, output_id).curve_data().size == len(read_window.session.results.months)
    for kpi_id in STRIP:  # the cards; every other key figure is off the strip
        card = find(read_window, QFrame, f"kpi:{kpi_id}")
        assert card.value_text not in ("", "–")
        assert card.delta_text == "= baseline"


@pytest.mark.slow
def test_moving_a_slider_changes_curve_and_key_figure(window, qtbot):
    lever_id = "us_dc_committed_additions_gw_per_year"
    slider = find(window, QSlider, f"lever:{lever_id}")
    gap_plot = plot(window, "us_power_gap_gw")
    card = find(window, QFrame, "kpi:us_power_gap_2028")
    before_curve = gap_plot.curve_data().copy()
    before_text = card.value_text

    slider.setValue(slider.maximum())
    settle(window)

    assert window.session.lever_value(lever_id) == LEVERS[lever_id].max
    assert not np.allclose(gap_plot.curve_data(), before_curve)
    assert card.value_text != before_text
    assert card.delta_text not in ("", "= baseline")
    spin = find(window, QDoubleSpinBox, f"lever:{lever_id}:spin")
    assert spin.value() == LEVERS[lever_id].max
    assert find(window, QToolButton, f"lever:{lever_id}:reset").isEnabled()
    # the ghost baseline stays where it was
    ghost = gap_plot.ghosts[0].y
    assert np.allclose(ghost, before_curve)


@pytest.mark.slow
def test_spin_box_moves_the_slider_and_reset_restores_default(window):
    lever_id = "us_grid_connection_delay_months"
    spin = find(window, QDoubleSpinBox, f"lever:{lever_id}:spin")
    slider = find(window, QSlider, f"lever:{lever_id}")
    spin.setValue(48)
    settle(window)
    assert window.session.lever_value(lever_id) == 48
    assert slider.value() == round((48 - LEVERS[lever_id].min) / LEVERS[lever_id].step)
    find(window, QToolButton, f"lever:{lever_id}:reset").click()
    settle(window)
    assert window.session.lever_value(lever_id) == LEVERS[lever_id].default
    assert lever_id not in window.session.scenario.levers


@pytest.mark.slow
def test_a_drag_recomputes_once_per_event_loop_turn(window):
    slider = find(window, QSlider, "lever:cn_new_generation_gw_per_year")
    count = window.session.recompute_count
    for tick in range(10, 30):
        slider.setValue(tick)
    settle(window)
    assert window.session.recompute_count == count + 1
    assert len(window.session.undo_stack) == 1  # one drag, one undo step


@pytest.mark.slow
def test_log_plot_and_pair_plot(read_window):
    compute = plot(read_window, "us_effective_compute")
    assert compute.getPlotItem().ctrl.logYCheck.isChecked() or compute.output.log_scale
    assert len(compute.curves) == 2  # US and China on one plot
    assert compute.curve_data(1).size == len(read_window.session.results.months)


def test_hover_readout_names_month_and_value(read_window):
    gap = plot(read_window, "us_power_gap_gw")
    text = gap.readout_text(47)
    assert text.startswith("2028-12\n")
    assert "US" in text and "China" in text and "GW" in text


def test_hovering_shows_the_readout_inside_the_plot(read_window):
    from PySide6.QtCore import QPointF

    gap = plot(read_window, "us_power_gap_gw")
    view = gap.getPlotItem().vb
    gap._mouse_moved((view.mapViewToScene(QPointF(2028.95, 1.0)),))
    assert gap.readout.isVisible()
    assert gap.readout.text().startswith("2028-12")
    assert gap.rect().contains(gap.readout.geometry())


@pytest.mark.slow
def test_choose_plots(window):
    window.choose_plots = lambda current: ["capability_gap_months", "ai_adoption_share"]
    window.choose_plots_dialog()
    assert window.plot_grid.output_ids() == ["capability_gap_months", "ai_adoption_share"]
    assert plot(window, "ai_adoption_share").curve_data().size
    assert window.findChild(QLabel, "plot:us_power_gap_gw:readout") is None


@pytest.mark.slow
def test_reset_all_is_one_undo_step(window):
    session = window.session
    session.set_lever("bass_p", 0.3)
    session.end_lever_change()
    session.set_lever("ascend_yield", 0.6)
    session.end_lever_change()
    window.reset_action.trigger()
    assert session.scenario.levers == {}
    assert window.undo_action.text() == "&Undo Reset all levers"
    window.undo_action.trigger()
    assert session.scenario.levers == {"bass_p": 0.3, "ascend_yield": 0.6}


@pytest.mark.slow
def test_plot_choice_is_remembered_for_the_next_window(make_window):
    first = make_window()
    first.set_plot_outputs(["access_index", "us_cn_compute_ratio"])
    second = make_window()
    assert second.plot_grid.output_ids() == ["access_index", "us_cn_compute_ratio"]


@pytest.mark.slow
def test_a_negative_power_gap_reads_as_a_surplus(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSlider

    for lever_id in ("us_dc_committed_additions_gw_per_year", "us_new_generation_gw_per_year"):
        slider = window.findChild(QSlider, f"lever:{lever_id}")
        slider.setFocus()
        qtbot.keyClick(slider, Qt.Key.Key_End)  # committed power, and generation to serve it
    window.session.flush()
    card = window.kpi_strip.cards["us_power_gap_2028"]
    assert card.value_text.endswith("GW surplus") and "-" not in card.value_text


@pytest.mark.slow
def test_no_figure_on_screen_reads_minus_zero(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSlider

    slider = window.findChild(QSlider, "lever:bass_q")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)  # a small move: many changes round to zero
    window.session.flush()
    for card in window.kpi_strip.cards.values():
        assert "-0.0" not in card.value_text + card.delta_text
        assert not card.delta_text.startswith(("-0 ", "+0 ", "-0%", "+0%"))


def texts_cut_on_cards(window) -> list[str]:
    """Every key-figure card's title, figure and change, drawn at the size the card has
    now: what does not fit its width (unrounded QFontMetricsF widths: a text QFontMetrics
    says fits exactly may still lose its last pixels), or is drawn shortened with "…"."""
    from PySide6.QtGui import QFontMetricsF

    cut = []
    for kpi_id, card in window.kpi_strip.cards.items():
        title = card.title_label
        width = title.contentsRect().width()
        lines = title.shown_lines() if hasattr(title, "shown_lines") else [title.text()]
        if " ".join(lines).replace("  ", " ") != title.text():
            cut.append(f"{kpi_id}: title shortened to {lines!r}")
        for line in lines:
            if QFontMetricsF(title.font()).horizontalAdvance(line) > width:
                cut.append(f"{kpi_id}: title line {line!r} wider than {width} px")
        figure = card.figure
        value, delta = figure.shown_texts()
        if (value, delta) != (card.value_text, card.delta_text):
            cut.append(f"{kpi_id}: figure shortened to {value!r} {delta!r}")
        value_width = QFontMetricsF(figure.shown_font).horizontalAdvance(card.value_text)
        delta_font = figure.delta_font_shown() if hasattr(figure, "delta_font_shown") \
            else figure.delta_font
        delta_width = QFontMetricsF(delta_font).horizontalAdvance(card.delta_text)
        if figure.delta_below():
            needed = max(value_width, delta_width)
        else:
            needed = value_width + figure.GAP + delta_width
        if needed > figure.width():
            cut.append(f"{kpi_id}: figure {card.value_text!r} {card.delta_text!r} needs "
                       f"{needed:.1f} px, has {figure.width()}")
    return cut


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["baseline", "us_power_crunch", "safe_chips_act"])
def test_key_figures_fit_their_cards_at_the_minimum_window_size(make_window, qtbot, scenario):
    window = make_window(scenario)
    window.show()
    window.resize(window.minimumSize())
    qtbot.waitExposed(window)
    settle(window)
    assert window.size() == window.minimumSize()
    assert not texts_cut_on_cards(window)


MINUS_ZERO = re.compile(r"(?<![\w.])[-−]0(?:[.,]0*)?(?![\d.,])")


def test_the_minus_zero_pattern_sees_what_it_should():
    assert MINUS_ZERO.search("-0.0 GW") and MINUS_ZERO.search("(−0 pts)")
    assert MINUS_ZERO.search("change: -0.00%")
    assert not MINUS_ZERO.search("-0.05 GW") and not MINUS_ZERO.search("2030-01")
    assert not MINUS_ZERO.search("-10 GW") and not MINUS_ZERO.search("0.0 GW")


@pytest.mark.slow
def test_no_bundled_scenario_shows_minus_zero_anywhere(window):
    """Cards and their tooltips, every plot's hover read-out, the compare table and the
    briefing, for every bundled scenario, opened from the File menu."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    from core.formats.scenario import bundled_names, load_bundled
    from core.reports.briefing import briefing_html

    window.fill_bundled_menu()
    found = []
    for name in bundled_names():
        find(window, QAction, f"bundled:{name}").trigger()
        settle(window)
        texts = []
        for card in window.kpi_strip.cards.values():
            texts += [card.value_text, card.delta_text, card.toolTip(), card.figure.toolTip()]
        for output_plot in window.plot_grid.plots.values():
            texts += [output_plot.readout_text(index)
                      for index in range(len(window.session.results.months))]
        session = window.session
        texts.append(briefing_html(session.scenario, session.results,
                                   session.baseline_results, []))
        found += [f"{name}: {text!r}" for text in texts if MINUS_ZERO.search(text)]
    window.analysis.choose_compare_scenarios = lambda: [
        (name, load_bundled(name)) for name in bundled_names()]
    find(window, QAction, "analysis:compare").trigger()
    compare = window.findChild(QMainWindow, "compare")
    found += [f"compare: {cell!r}" for row in compare.table_rows() for cell in row
              if MINUS_ZERO.search(cell)]
    compare.close()
    assert not found, found[:10]
