"""Desktop fixtures: the app's own pytest plugin (desktop/pytest_plugin.py, the fixtures
testers use) under the names these tests have always used."""

from __future__ import annotations

import pytest


@pytest.fixture
def airace_user_folders(isolated_user_folders):
    """The plugin's user folders are tests/conftest.py's (one set, under tmp_path/home)."""
    return isolated_user_folders


@pytest.fixture
def airace_answers():
    """Saving or exporting a changed bundled scenario offers Scenario details… first: a test
    about something else keeps the details as they are (test_first_hour answers it)."""
    return {"details": None}


@pytest.fixture(autouse=True)
def no_modal_dialogs(airace_questions):
    """Any question a test did not answer fails the test instead of blocking it, also for
    windows built without make_window."""
    return airace_questions


@pytest.fixture
def make_window(qtbot, make_airace_window):
    """Build windows (desktop.app.create_window on a path, a name or a Scenario); on teardown
    close them (and the windows recovered work opened) and check that no top-level widget
    is left behind."""
    return make_airace_window


@pytest.fixture
def window(qtbot, airace_window):
    return airace_window
