"""The ``airace`` console script.

- ``airace`` or ``airace SCENARIO.json``: open the window (on the baseline or that file).
- ``airace screenshot OUT.png [SCENARIO]``: render the window offscreen to a PNG.
- any other subcommand: the headless command line (``core.cli.main``), which never imports Qt.

The imports inside functions here are the one deliberate exception to imports at the top:
the command line must start without loading Qt or the window, so each command loads what
it runs.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from core.formats.scenario import ScenarioError, resolve
from desktop import qt_check

EXIT_NO_DISPLAY = 2
EXIT_MISSING_LIBRARIES = 3


def _opens_gui(argv: list[str]) -> bool:
    if not argv:
        return True
    if len(argv) == 1 and not argv[0].startswith("-"):
        return argv[0].endswith(".json") or Path(argv[0]).is_file()
    return False


def _check_qt(offscreen: bool) -> bool:
    """Print what is missing (and how to install it) if Qt cannot start; True if it can."""
    missing = qt_check.missing_linux_libraries(display=False if offscreen else None)
    if missing:
        print(qt_check.explain_missing(missing), file=sys.stderr)
        return False
    return True


def _display_problem() -> str | None:
    return qt_check.display_problem()


def open_gui(scenario: str | None) -> int:
    problem = _display_problem()  # before Qt, which would abort the process instead
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    offscreen = os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    if not _check_qt(offscreen):
        return EXIT_MISSING_LIBRARIES
    from desktop.app import run

    return run(scenario)


def screenshot(argv: list[str]) -> int:
    """``screenshot OUT.png [SCENARIO]``: the window as a policy analyst would see it."""
    if not argv or len(argv) > 2:
        print("usage: airace screenshot OUT.png [SCENARIO]", file=sys.stderr)
        return 2
    out = Path(argv[0])
    if qt_check.headless():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not _check_qt(os.environ.get("QT_QPA_PLATFORM") == "offscreen"):
        return EXIT_MISSING_LIBRARIES
    from PySide6.QtWidgets import QApplication, QLabel

    from core.common.version import APP_VERSION
    from desktop.app import create_window
    from desktop.widgets.export import export_png

    scenario = argv[1] if len(argv) == 2 else None
    window = create_window(None, recover=False)
    if scenario is not None:
        try:
            window.session.load(resolve(scenario), None if not Path(scenario).is_file()
                                else Path(scenario))
        except ScenarioError as error:
            print(f"airace screenshot: {error}", file=sys.stderr)
            window.deleteLater()
            return 1
    window.use_default_view()  # the same picture for everyone, whatever their settings
    caption = QLabel(f"<b>{html.escape(window.session.scenario.name)}</b> — AI Race Planner "
                     f"{APP_VERSION}", window)
    caption.setObjectName("screenshot:caption")
    caption.setStyleSheet("font-size: 13pt; padding: 4px 6px;")
    window.set_top_bar(caption)  # the picture names its scenario
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    window.session.flush()
    QApplication.processEvents()
    try:
        export_png(window, out)
    except OSError as error:
        print(f"airace screenshot: {out}: could not write ({error})", file=sys.stderr)
        return 1
    finally:
        window.session.autosave_enabled = False
        window.session.discard_autosave()
        window.hide()
        window.deleteLater()
    print(out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the Monte Carlo worker process in a frozen build
    argv = list(sys.argv[1:] if argv is None else argv)
    if _opens_gui(argv):
        return open_gui(argv[0] if argv else None)
    from core.cli.main import main as cli_main

    if argv[0] in ("screenshot", "brief"):
        # core.cli.main parses these (help, one-line errors, limits), once; the parsed
        # arguments come back here
        return cli_main(argv, desktop={"screenshot": _screenshot_parsed,
                                       "brief": _brief_parsed})
    return cli_main(argv)


def _screenshot_parsed(args) -> int:
    return screenshot([args.out, *([args.scenario] if args.scenario else [])])


def _brief_parsed(args) -> int:
    from desktop.brief_cli import command as brief

    return brief(args.scenario, args.pdf, args.html, args.mc)
