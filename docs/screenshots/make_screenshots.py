"""Regenerate the screenshots in this folder, offscreen, with a fresh user profile.

main_window.png      the main window on the US power crunch, uncertainty bands on
compare_window.png   Analysis > Compare scenarios: baseline, power crunch, SAFE Chips Act
presenter_1920x1080.png  presenter mode on the story's second step, at 1920x1080
briefing_page_N.png  every page of the PDF briefing of the US power crunch (QtPdf)
waterfall.png        Analysis > Why did this move: China's Android strategy and the open-weight share
what_matters.png     Analysis > What matters, after a Sobol ranking
discover.png         Analysis > What must be true, after a run
model_map.png        Help > Model map, one node chosen
assumptions.png      Help > Assumptions and sources
(robust.png was taken once by hand: the search needs levers ticked and a target chosen)

Run from the project folder: python docs/screenshots/make_screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIO = "us_power_crunch"
COMPARED = ("baseline", "us_power_crunch", "safe_chips_act")
PRESENTER_STEP = 1
EXPLAINED_KPI = "open_weight_share_2030"
BRIEFING_DPI = 110


def isolate_profile() -> None:
    """Settings, recent files and autosaves in a temporary folder: the shots show defaults."""
    home = Path(tempfile.mkdtemp(prefix="airace-shots-"))
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[variable] = str(home / variable.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def wait_until(condition, timeout_s: float = 120.0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.02)


def settle(window) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
        window.session.flush()


def save(widget, name: str) -> Path:
    path = HERE / name
    widget.grab().save(str(path))
    print(f"{path.name}: {widget.width()}x{widget.height()}")
    return path


def with_fresh_bands(window) -> None:
    """Bands on (the action, as a user turns them on) and wait for the run to land."""
    from PySide6.QtGui import QAction

    action = window.findChild(QAction, "action:bands")
    if not action.isChecked():
        action.trigger()
    wait_until(lambda: window.session.latest_bands is not None)
    settle(window)


def main_window_shot(window) -> None:
    window.resize(1600, 1000)
    window.fill_bundled_menu()
    from PySide6.QtGui import QAction

    window.findChild(QAction, f"bundled:{SCENARIO}").trigger()
    with_fresh_bands(window)
    save(window, "main_window.png")


def compare_shot(window) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    from core.formats.scenario import load_bundled

    window.analysis.choose_compare_scenarios = lambda: [
        (load_bundled(name).name, load_bundled(name)) for name in COMPARED]
    window.findChild(QAction, "analysis:compare").trigger()
    compare = window.findChild(QMainWindow, "compare")
    compare.resize(1500, 950)
    settle(window)
    save(compare, "compare_window.png")
    compare.close()


def presenter_shot(window) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(window, Qt.Key.Key_F5)
    window.showNormal()  # the offscreen screen is smaller than a projector's
    window.resize(1920, 1080)
    for _ in range(PRESENTER_STEP):
        QTest.keyClick(window, Qt.Key.Key_PageDown)
    with_fresh_bands(window)
    save(window, "presenter_1920x1080.png")
    QTest.keyClick(window, Qt.Key.Key_Escape)
    settle(window)


def pdf_pages_to_png(pdf: Path) -> list[Path]:
    """Every page of a PDF as briefing_page_N.png: with QtPdf where the Qt build has it,
    else with poppler's pdftoppm."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        QPdfDocument = None  # noqa: N806 - the class, when there is one
    if QPdfDocument is None:
        subprocess.run(["pdftoppm", "-png", "-r", str(BRIEFING_DPI), str(pdf),
                        str(HERE / "briefing_page")], check=True)
        pages = sorted(HERE.glob("briefing_page-*.png"))
        named = [HERE / f"briefing_page_{int(p.stem.rpartition('-')[2])}.png" for p in pages]
        for page, target in zip(pages, named, strict=True):
            page.replace(target)
        return named
    from PySide6.QtCore import QSize

    document = QPdfDocument()
    document.load(str(pdf))
    paths = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(round(points.width() * BRIEFING_DPI / 72),
                     round(points.height() * BRIEFING_DPI / 72))
        path = HERE / f"briefing_page_{page + 1}.png"
        document.render(page, size).save(str(path))
        paths.append(path)
    document.close()
    return paths


def briefing_shots(window) -> None:
    """The PDF briefing, written as File > Export briefing does, each page as a PNG."""
    from desktop.commands import briefing

    for old in HERE.glob("briefing_page*.png"):
        old.unlink()
    pdf = Path(tempfile.mkdtemp()) / "briefing.pdf"
    briefing.export_session(window.session, "pdf", str(pdf))
    for path in pdf_pages_to_png(pdf):
        print(path.name)


def opened(window, action_id: str, name: str):
    """The window a menu action opens, found by its object name."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication, QWidget

    window.findChild(QAction, action_id).trigger()
    settle(window)
    return next(widget for widget in QApplication.topLevelWidgets()
                if isinstance(widget, QWidget) and widget.objectName() == name
                and widget.isVisible())


def click(dialog, name: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    QTest.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def analysis_shots(window) -> None:
    """The analysis and Help windows, each in the state a user reaches first."""
    from PySide6.QtGui import QAction

    window.findChild(QAction, "bundled:china_android_strategy").trigger()
    settle(window)
    explain = opened(window, "analysis:explain", "explain")
    explain.resize(1120, 900)
    explain.target_combo.setCurrentIndex(explain.target_combo.findData(f"kpi:{EXPLAINED_KPI}"))
    wait_until(lambda: explain.explained is not None
               and explain.explained[2][:2] == ("kpi", EXPLAINED_KPI))
    settle(window)
    save(explain, "waterfall.png")
    explain.close()

    matters = opened(window, "analysis:sensitivity", "sensitivity")
    click(matters, "sensitivity:sobol")
    wait_until(lambda: bool(matters.indices) and matters.cancel_button.isHidden())
    settle(window)
    save(matters, "what_matters.png")
    matters.close()

    discover = opened(window, "analysis:discover", "discover")
    click(discover, "discover:run")
    wait_until(lambda: discover.found is not None)
    settle(window)
    save(discover, "discover.png")
    discover.close()

    model_map = opened(window, "help:model_map", "model_map")
    model_map.resize(1600, 1000)
    model_map.select("us_backlog_ratio")
    settle(window)
    save(model_map, "model_map.png")
    model_map.close()

    assumptions = opened(window, "help:assumptions", "assumptions")
    settle(window)
    save(assumptions, "assumptions.png")
    assumptions.close()


def main() -> int:
    isolate_profile()
    sys.path.insert(0, str(HERE.parents[1]))
    from desktop.app import create_window

    window = create_window(None, recover=False)
    window.session.autosave_enabled = False
    window.show()
    main_window_shot(window)
    briefing_shots(window)
    compare_shot(window)
    presenter_shot(window)
    analysis_shots(window)
    window.bands_controller.shutdown()
    window.session.undo_stack.set_clean()
    window.close()
    return 0


if __name__ == "__main__":  # the bands' worker process imports this file too
    sys.exit(main())
