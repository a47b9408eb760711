"""Shared fixtures: a database built from the real curated data, and isolated user folders.

The test set-up itself makes Qt headless (offscreen) and points every user folder at a temporary
directory, so no test can touch the developer's own settings, favourites or notes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The fault suite's property tests (tests/test_fault_*.py). "fast" runs on every `make test`: a
# fixed seed and a few dozen cases per property, so a red run is reproducible and the suite stays
# quick. "long" is the hunt: `pytest tests/test_fault_cli.py --hypothesis-profile=long` draws new
# cases each run. A case that takes over 5 s counts as a hang (the limit per case).
_PROFILE = {"deadline": 5000, "print_blob": True,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}
settings.register_profile("fast", max_examples=30, derandomize=True, database=None, **_PROFILE)
settings.register_profile("long", max_examples=2000, **_PROFILE)
settings.load_profile("fast")

from evidens.evidence import build_db  # noqa: E402
from evidens.evidence.database import open_database  # noqa: E402
from evidens.resource_files import data_dir  # noqa: E402


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The real evidence base, built once per test session into a temporary folder."""
    target = tmp_path_factory.mktemp("db") / "evidens.sqlite"
    build_db.build(data_dir(), target)
    return target


@pytest.fixture(scope="session")
def conn(built_db):
    connection = open_database(built_db)
    yield connection
    connection.close()


@pytest.fixture
def source_copy(tmp_path) -> Path:
    """A writable copy of the curated source data, for tests that break it on purpose."""
    target = tmp_path / "db"
    shutil.copytree(data_dir(), target, ignore=shutil.ignore_patterns(
        "*.sqlite", "manifest.json", "__pycache__", "__init__.py", "*.md"))
    return target


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path, monkeypatch):
    """Every test gets its own home, app-data and config folders."""
    home = tmp_path / "home"
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "APPDATA",
                 "LOCALAPPDATA"):
        path = home / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def make_window(qtbot, built_db):
    """Start the real main window on the test database, as often as a test needs (restarts).

    QStandardPaths' test mode keeps favourites, notes and settings under the temporary HOME.
    """
    from PySide6.QtCore import QStandardPaths

    from evidens.app import main as app_main

    QStandardPaths.setTestModeEnabled(True)
    app_main.application()

    def make():
        window = app_main.create_main_window(built_db)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        # The last page and card are restored after the first paint (app/first_paint.py).
        qtbot.waitUntil(lambda: window.view_restored, timeout=5000)
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()


def pytest_terminal_summary(terminalreporter):
    """The fault suite's figures (docs/reliability.md), when any of its tests ran."""
    import sys

    helpers = sys.modules.get("fault_helpers")
    if helpers is None or not helpers.FIGURES:
        return
    terminalreporter.section("fault suite figures")
    for name, value in sorted(helpers.FIGURES.items()):
        terminalreporter.write_line(f"{name}: {value}")


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """Answer the save dialog with a file in tmp_path; returns a setter for the name."""
    from PySide6.QtWidgets import QFileDialog

    chosen = {"name": "brief.pdf"}
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / chosen["name"]), ""))
    return chosen
