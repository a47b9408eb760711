"""Start-up as a caseworker sees it: the first frame is painted before anything else is done.

``evidens gui --exit-after-startup`` and the benchmarks rely on :class:`FirstPaint` meaning "the
first frame is painted and flushed"; these tests check that the window's widgets really had
painted when it fired, and that the remembered page and card come only after that frame.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QEvent, QObject, QStandardPaths
from PySide6.QtWidgets import QWidget

from evidens.app import main as app_main

pytestmark = pytest.mark.gui


class PaintLog(QObject):
    """Every widget that received a paint event, in order (an application-wide event filter)."""

    def __init__(self):
        super().__init__()
        self.painted: list[QWidget] = []

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            self.painted.append(watched)
        return False


@pytest.fixture
def paint_log(qapp):
    log = PaintLog()
    qapp.installEventFilter(log)
    yield log
    qapp.removeEventFilter(log)


@pytest.fixture
def new_window(qtbot, built_db):
    """A main window created but not yet shown, with isolated user folders."""
    QStandardPaths.setTestModeEnabled(True)
    app_main.application()

    def make():
        window = app_main.create_main_window(built_db)
        qtbot.addWidget(window)
        return window

    return make


def test_first_paint_fires_after_the_whole_first_frame_was_painted(qtbot, new_window, paint_log):
    window = new_window()
    page = window.interventions_page
    seen_at_finish: list[QWidget] = []
    window.first_paint.finished.connect(lambda: seen_at_finish.extend(paint_log.painted))
    window.show()
    assert not window.first_paint.done
    qtbot.waitUntil(lambda: window.first_paint.done, timeout=5000)
    assert window.first_paint.finished_ns is not None
    # The frame is the window and its visible children, all painted before the signal.
    for widget in (window, window.nav.viewport(), window.statusBar(), page.search_edit,
                   page.table.viewport(), page.table.horizontalHeader().viewport(),
                   page.card.view.viewport(), page.card.note_edit.viewport()):
        assert widget in seen_at_finish, widget


def leave_open(qtbot, window, card: str, row: int) -> None:
    """A session that ends with ``card`` open and the page at ``row`` selected, then closes."""
    window.show()
    qtbot.waitUntil(lambda: window.view_restored, timeout=5000)
    window.interventions_page.open_card(card)
    window.nav.setCurrentRow(row)
    window.close()


def test_last_page_and_card_are_restored_after_the_first_paint(qtbot, new_window):
    leave_open(qtbot, new_window(), "ips", 1)  # Voksne

    window = new_window()
    assert window.nav.currentRow() == 1  # marked at once ...
    assert "adult" not in window._built  # ... but built only after the first frame
    assert window.interventions_page.card.view.current is None
    states = []

    class AtPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and watched is window:
                states.append((window.interventions_page.card.view.current,
                               window.stack.currentWidget()))
            return False

    at_paint = AtPaint()
    window.installEventFilter(at_paint)
    window.show()
    qtbot.waitUntil(lambda: window.view_restored, timeout=5000)
    window.removeEventFilter(at_paint)
    # The first frame showed neither the card nor the matrix, only the page's placeholder.
    assert states[0][0] is None and states[0][1] is not window.adult_matrix
    assert window.interventions_page.card.view.current == ("intervention", "ips")
    assert window.stack.currentWidget() is window.adult_matrix


def test_closing_before_the_restore_keeps_the_remembered_view(qtbot, new_window):
    leave_open(qtbot, new_window(), "kvis", 2)  # Unge

    never_painted = new_window()
    never_painted.close()  # e.g. quit at once: the remembered card and page must survive
    again = new_window()
    again.show()
    qtbot.waitUntil(lambda: again.view_restored, timeout=5000)
    assert again.interventions_page.card.view.current == ("intervention", "kvis")
    assert again.stack.currentWidget() is again.youth_matrix


def test_exit_after_startup_reports_first_paint_then_restored(built_db, tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    result = subprocess.run(
        [sys.executable, "-m", "evidens", "gui", "--db", str(built_db),
         "--exit-after-startup"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    events = dict(line.split() for line in result.stdout.splitlines())
    assert set(events) == {"first-paint", "first-paint-cpu", "restored"}
    assert int(events["first-paint"]) <= int(events["restored"])


# What the first frame must not wait for: the CLI's other subcommands, the card records and
# queries, the brief builders and writers, the templating, the search, the name lookups, the
# analysis, Jinja, printing, the build tools and the html package (docs/performance.md, issue 15).
NOT_BEFORE_FIRST_PAINT = (
    "evidens.cli.briefs", "evidens.cli.compare", "evidens.cli.data", "evidens.cli.matrix",
    "evidens.cli.selftest", "evidens.briefs.builders", "evidens.briefs.export",
    "evidens.briefs.html_export", "evidens.briefs.pdf_export", "evidens.briefs.pagination",
    "evidens.analysis.comparison", "evidens.analysis.profiles", "evidens.app.about_dialog",
    "evidens.app.matrix_page", "evidens.app.compare_page", "evidens.evidence.build_db",
    "evidens.evidence.export_json", "evidens.evidence.card_records",
    "evidens.evidence.card_queries", "jinja2", "sqlite_utils",
    "snowballstemmer", "difflib", "evidens.app.focus_ring",
    "PySide6.QtPrintSupport", "evidens.briefs.templating", "evidens.briefs.wording",
    "evidens.evidence.search", "evidens.evidence.stemming", "evidens.evidence.names", "html",
)
LOADED_AT_FIRST_PAINT = """
import json, sys
from evidens.app import first_paint
finish = first_paint.FirstPaint._finish
def record(self):
    print(json.dumps(sorted(sys.modules)))
    finish(self)
first_paint.FirstPaint._finish = record
from evidens.cli.main import main
sys.exit(main(["gui", "--db", sys.argv[1], "--exit-after-startup"]))
"""


@pytest.mark.parametrize("returning", [False, True], ids=["new user", "returning user"])
def test_the_first_frame_imports_only_what_it_shows(built_db, tmp_path, returning):
    import json

    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    command = [sys.executable, "-c", LOADED_AT_FIRST_PAINT, str(built_db)]
    if returning:  # the first run leaves settings and a user store behind (card: the default)
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)
        settings = next(tmp_path.rglob("settings.ini"))
        text = settings.read_text(encoding="utf-8")
        assert "\ncard=\n" in text and "\npage=0\n" in text
        settings.write_text(text.replace("\ncard=\n", "\ncard=ips\n").replace(
            "\npage=0\n", "\npage=1\n"), encoding="utf-8")
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[0]))
    assert "evidens.app.main_window" in loaded  # the check itself ran at the first paint
    assert loaded.isdisjoint(NOT_BEFORE_FIRST_PAINT), sorted(
        loaded.intersection(NOT_BEFORE_FIRST_PAINT))


def test_every_subcommand_is_found_by_the_lazy_parser():
    import argparse

    from evidens.cli import main as cli

    parser = cli._parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == {"gui", *cli.COMMAND_MODULES}
    for command, module in cli.COMMAND_MODULES.items():
        assert cli._modules_for([command, "--help"]) == [module]
    assert cli._modules_for([]) == cli._modules_for(["gui", "--db", "x.sqlite"]) == []
    assert set(cli._modules_for(["--help"])) == set(cli._modules_for(["serch"])) == set(
        cli.COMMAND_MODULES.values())


# -- the user store's first write comes after the first paint ------------------------------------
def test_read_favourites_never_writes(tmp_path):
    from evidens.user_store import UserStore, read_favourites

    path = tmp_path / "store" / "brugerdata.sqlite"
    path.parent.mkdir()
    assert read_favourites(path) == [] and not path.exists()  # a new user: nothing created
    with UserStore.open(path) as store:
        store.set_favourite("ips", True)
        store.set_favourite("kvis", True)
    before = path.read_bytes()
    assert read_favourites(path) == ["ips", "kvis"]
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["brugerdata.sqlite"]  # no journal
    path.write_bytes(b"not a database" * 64)
    assert read_favourites(path) is None  # unreadable: the caller opens it to learn why


def test_a_new_user_store_is_created_after_the_first_paint(qtbot, new_window):
    from evidens.app.deferred_store import DeferredUserStore

    window = new_window()
    store_file = app_main.user_data_dir() / "brugerdata.sqlite"
    assert isinstance(window._store, DeferredUserStore)
    assert not store_file.exists()
    created_at_paint = []
    window.first_paint.finished.connect(lambda: created_at_paint.append(store_file.exists()))
    window.show()
    qtbot.waitUntil(lambda: window.view_restored, timeout=5000)
    assert created_at_paint == [True] and window._store.is_open
    window.interventions_page.open_card("ips")
    window.interventions_page.card.favourite_button.click()
    assert window._store.favourites() == ["ips"]


def test_a_new_user_has_nothing_written_before_the_first_frame(qtbot, new_window):
    folder = app_main.user_data_dir()
    window = new_window()
    written_at_paint = []

    class AtPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and watched is window and not written_at_paint:
                written_at_paint.append(sorted(p.name for p in folder.glob("*")))
            return False

    at_paint = AtPaint()
    window.installEventFilter(at_paint)
    window.show()
    qtbot.waitUntil(lambda: window.view_restored and window.instance_lock is not None,
                    timeout=5000)
    window.removeEventFilter(at_paint)
    assert written_at_paint == [[]]  # no folder, no lock file, no store yet
    assert {"brugerdata.sqlite", "evidens.lock"} <= {p.name for p in folder.glob("*")}


def test_favourites_are_on_the_first_frame_before_the_store_is_opened(qtbot, new_window):
    from evidens.app.intervention_model import InterventionTableModel
    from evidens.user_store import UserStore

    folder = app_main.user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with UserStore.open(folder / "brugerdata.sqlite") as store:
        store.set_favourite("housing-first", True)
    window = new_window()
    model = window.interventions_page.model
    index = model.index(model.row_of("housing-first"), InterventionTableModel.COL_FAVOURITE)
    assert index.data() == "★"
    assert not window._store.is_open


def test_a_store_that_falls_back_after_the_first_paint_says_so(qtbot, new_window, monkeypatch):
    from evidens.app import deferred_store
    from evidens.user_store import NullUserStore

    message = "Dine favoritter og noter kunne ikke åbnes (testen)."
    monkeypatch.setattr(deferred_store, "open_or_fallback",
                        lambda path: (NullUserStore(), message))
    window = new_window()
    window.show()
    qtbot.waitUntil(lambda: window.view_restored, timeout=5000)
    assert window.statusBar().currentMessage() == message
    card = window.interventions_page.card
    assert "skrivebeskyttede" in card.note_label.text()
    window.interventions_page.open_card("ips")
    assert not card.note_edit.isEnabled() and not card.favourite_button.isEnabled()


def test_any_use_before_the_deferred_open_opens_the_store(tmp_path):
    from evidens.app.deferred_store import DeferredUserStore, open_user_store

    path = tmp_path / "mappe" / "brugerdata.sqlite"
    store, message = open_user_store(path)
    assert isinstance(store, DeferredUserStore) and message is None
    assert store.favourites() == [] and not store.is_favourite("ips") and not path.exists()
    store.set_note("ips", "Ringer til jobcentret")  # a write opens the file first
    assert store.is_open and store.note("ips") == "Ringer til jobcentret"
    store.close()


def test_the_card_records_are_still_found_where_they_always_were():
    from evidens.evidence import card_queries, card_records, queries, records

    for name in records.CARD_RECORDS:
        assert getattr(records, name) is getattr(card_records, name)
    for name in queries.CARD_QUERIES:
        assert getattr(queries, name) is getattr(card_queries, name)
    with pytest.raises(AttributeError):
        records.NoSuchRecord  # noqa: B018
    with pytest.raises(AttributeError):
        queries.no_such_query  # noqa: B018


def test_a_fallback_opened_before_the_first_paint_is_still_reported(qtbot, new_window,
                                                                    monkeypatch):
    """The self-test opens a card before the window is painted: reading its note opens the
    store, and if that falls back the window must still say so after the first paint."""
    from evidens.app import deferred_store
    from evidens.user_store import NullUserStore

    message = "Dine favoritter og noter kunne ikke åbnes (testen)."
    monkeypatch.setattr(deferred_store, "open_or_fallback",
                        lambda path: (NullUserStore(), message))
    window = new_window()
    window.interventions_page.open_card("ips")  # reads the note: the store opens now
    assert window._store.is_open
    window.show()
    qtbot.waitUntil(lambda: window.view_restored, timeout=5000)
    assert window.statusBar().currentMessage() == message
    assert "skrivebeskyttede" in window.interventions_page.card.note_label.text()


def test_the_focus_ring_joins_right_after_the_first_frame(qtbot, new_window):
    """The ring is set up after the first paint and frames what already has the focus."""
    window = new_window()
    assert window.focus_tracker is None
    window.show()
    window.activateWindow()
    window.interventions_page.search_edit.setFocus()
    qtbot.waitUntil(lambda: window.view_restored, timeout=5000)
    qtbot.waitUntil(lambda: window.interventions_page.search_edit.hasFocus(), timeout=5000)
    ring = window.focus_tracker.ring
    assert ring.widget() is window.interventions_page.search_edit and ring.isVisible()


# -- the same-widgets yardstick of bench_startup ----------------------------------------------
RUN_YARDSTICK = """
import runpy, sys
sys.argv = ["same_widgets", "--exit-after-startup", *sys.argv[1:]]
try:
    runpy.run_module("benchmarks.same_widgets", run_name="__main__")
finally:
    print("evidens-modules", len([m for m in sys.modules if m.startswith("evidens")]))
"""


@pytest.mark.parametrize("with_data", [False, True], ids=["plain", "with the evidence layer"])
def test_the_same_widgets_yardstick_paints_and_loads_evidens_only_with_data(tmp_path, with_data):
    from benchmarks.common import REPO

    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    result = subprocess.run([sys.executable, "-c", RUN_YARDSTICK,
                             *(["--with-data"] if with_data else [])],
                            env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    events = dict(line.split() for line in result.stdout.splitlines())
    assert {"first-paint", "first-paint-cpu"} <= set(events)
    assert (int(events["evidens-modules"]) > 0) is with_data
