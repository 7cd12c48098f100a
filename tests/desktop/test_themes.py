"""Themes: View > Theme switches the whole window, plots included, and is remembered."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from qt_helpers import plot

from desktop.state import settings
from desktop.widgets import themes


def theme_action(window, name):
    return window.actions[f"theme:{name}"]


def test_light_is_the_default(read_window):
    assert read_window.theme is themes.LIGHT
    assert theme_action(read_window, "light").isChecked()
    assert themes.widget_background(plot(read_window, "us_power_gap_gw")).name() == "#ffffff"


@pytest.mark.slow
def test_dark_theme_changes_plots_cards_and_style_sheet(read_window):
    theme_action(read_window, "dark").trigger()
    assert read_window.theme is themes.DARK
    power_gap = plot(read_window, "us_power_gap_gw")
    assert themes.widget_background(power_gap).name() == themes.DARK.plot_background
    axis = power_gap.getPlotItem().getAxis("left")
    assert axis.textPen().color().name() == themes.DARK.plot_foreground
    assert power_gap.ghosts[0].pen().color().getRgb() == themes.DARK.ghost
    card = read_window.kpi_strip.cards["us_power_gap_2028"]
    assert card.figure.value_colour.name() == themes.DARK.value_text
    assert "#1e2128" in QApplication.instance().styleSheet()
    hint = read_window.levers_panel.findChild(QLabel, "levers:hint")
    assert themes.DARK.muted_text in hint.styleSheet()  # found by name, not by its old colour
    assert settings.load_settings().theme == "dark"
    theme_action(read_window, "light").trigger()
    assert themes.widget_background(power_gap).name() == "#ffffff"


@pytest.mark.slow
def test_new_plots_follow_the_theme(window):
    theme_action(window, "dark").trigger()
    window.set_plot_outputs(["access_index", "us_power_gap_gw"])
    assert themes.widget_background(plot(window, "access_index")).name() == \
        themes.DARK.plot_background
    theme_action(window, "light").trigger()


@pytest.mark.slow
def test_the_theme_is_remembered_by_a_new_window(make_window):
    first = make_window()
    theme_action(first, "dark").trigger()
    second = make_window()
    assert second.theme is themes.DARK
    assert theme_action(second, "dark").isChecked()
    assert themes.widget_background(plot(second, "us_power_gap_gw")).name() == \
        themes.DARK.plot_background
    theme_action(second, "light").trigger()


@pytest.mark.slow
def test_presenter_uses_the_dark_palette_and_restores_the_theme(window):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(window, Qt.Key.Key_F5)
    assert themes.widget_background(plot(window, "us_power_gap_gw")).name() == \
        themes.DARK.plot_background
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.theme is themes.LIGHT
    assert themes.widget_background(plot(window, "us_power_gap_gw")).name() == "#ffffff"
    assert settings.load_settings().theme == "light"


@pytest.mark.slow
@pytest.mark.subprocess
def test_window_renders_at_twice_the_scale_without_qt_warnings(tmp_path):
    """High DPI: the window, the presenter and the dark theme render under
    QT_SCALE_FACTOR=2 with nothing logged by Qt."""
    out = tmp_path / "hidpi.png"
    code = (
        "import sys; from PySide6.QtCore import qInstallMessageHandler\n"
        "messages = []\n"
        "qInstallMessageHandler(lambda kind, context, text: messages.append(text))\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop.app import create_window\n"
        "from desktop.widgets.export import export_png\n"
        "from desktop.widgets import themes\n"
        "w = create_window(None, recover=False); w.show()\n"
        "[QApplication.processEvents() for _ in range(3)]\n"
        "w.actions['theme:dark'].trigger()\n"
        "w.presenter.enter(); w.presenter.go_to(2); w.presenter.play()\n"
        "[w.presenter.advance_cursor() for _ in range(12)]\n"
        "[QApplication.processEvents() for _ in range(3)]\n"
        f"export_png(w, {str(out)!r})\n"
        "w.presenter.leave(); w.session.autosave_enabled = False\n"
        "w.session.discard_autosave()\n"
        "print(repr(QApplication.instance().devicePixelRatio()))\n"
        "print('MESSAGES', messages)\n"
        "sys.exit(1 if messages else 0)\n")
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "MESSAGES []" in done.stdout
    assert done.stdout.splitlines()[0] == "2.0"
    assert out.stat().st_size > 10_000


@pytest.mark.slow
def test_dark_theme_keeps_changed_levers_bold(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSlider
    from qt_helpers import find

    theme_action(window, "dark").trigger()
    slider = find(window, QSlider, "lever:us_permitting_reform_share")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_End)
    label = find(window, QLabel, "lever:us_permitting_reform_share:label")
    label.ensurePolished()
    assert window.session.lever_value("us_permitting_reform_share") > 0
    assert label.font().bold()
    theme_action(window, "light").trigger()  # and back: still bold
    label.ensurePolished()
    assert label.font().bold()
    qtbot.keyClick(slider, Qt.Key.Key_Home)  # back to the default: plain again
    label.ensurePolished()
    assert not label.font().bold()
