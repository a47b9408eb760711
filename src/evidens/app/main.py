"""Start the desktop app: Qt application, user folders, database, main window.

A missing or broken database is the one start-up error a user can meet; it gets a Danish dialog
and a non-zero exit, never a traceback. A broken user store (favourites and notes) is not fatal:
the handbook opens without it, read-only, and says so.
"""

from __future__ import annotations

import sqlite3
import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QSettings, QStandardPaths, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from evidens import APP_NAME, __version__
from evidens.evidence.database import DatabaseError, open_database
from evidens.resource_files import resource_path

from . import rich_text
from .deferred_store import open_user_store
from .first_paint import report
from .main_window import MainWindow
from .repository import Repository

ORGANIZATION = "Evidenshåndbogen"
DAMAGED = ("Evidensdatabasen kunne ikke læses; den er måske beskadiget eller lavet af en anden "
           "version. Bed IT om at geninstallere Evidenshåndbogen.")


def application() -> QApplication:
    """The QApplication, created once with the names QStandardPaths builds folders from."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Evidenshaandbogen")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "evidens.png"))))
    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    if not getattr(app, "_evidens_translator", None):
        translator = QTranslator(app)
        qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load("qtbase_da", qt_translations):
            app.installTranslator(translator)
        app._evidens_translator = translator
    return app


def user_data_dir() -> Path:
    """Per-user, writable, never the program folder (which may be read-only)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def user_settings() -> QSettings:
    # An INI file in app data rather than the native store: no registry writes on Windows.
    return QSettings(str(user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def create_main_window(db_path: Path | None = None) -> MainWindow:
    """Everything run_app does except the event loop; raises DatabaseError. Used by tests."""
    conn = open_database(db_path)
    try:
        repository = Repository(conn)
    except (sqlite3.Error, KeyError, UnicodeDecodeError):
        conn.close()
        raise DatabaseError(DAMAGED) from None
    # Opened for writing after the first paint (app/deferred_store.py), unless unreadable now.
    store, message = open_user_store(user_data_dir() / "brugerdata.sqlite")
    window = MainWindow(repository, store, user_settings(), store_message=message)
    # Held while the window lives, from just after the first paint.
    window.first_paint.finished.connect(partial(hold_instance_lock, window))
    return window


SECOND_INSTANCE = ("Evidenshåndbogen er allerede åben i et andet vindue. Begge vinduer gemmer "
                   "kun de noter, du selv ændrer; skriv helst kun i det ene.")


def hold_instance_lock(window: MainWindow) -> None:
    """Take the per-user lock once the first frame is on the screen, and say so in the status
    bar if another window holds it. Taking it creates the user folder and writes the lock file:
    like the user store's first write, nothing is written before the first frame
    (docs/performance.md)."""
    window.instance_lock, other_running = instance_lock()
    if other_running:
        window.add_notice(SECOND_INSTANCE)


def instance_lock() -> tuple[QLockFile | None, bool]:
    """Take the per-user lock: (the lock, False), or (None, True) when another instance holds
    it, or (None, False) when there is no folder to hold it in.

    Two windows are allowed (a caseworker double-clicks twice) and warned, not handed over:
    handing over needs a local socket, and the bundle leaves QtNetwork out. What keeps notes
    safe is that each window writes only the notes the user edited in it (card_panel), and
    every save is one committed transaction (user_store). QLockFile notices a lock left by a
    crashed process (its pid is gone) and takes it over.
    """
    folder = user_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None, False
    lock = QLockFile(str(folder / "evidens.lock"))
    if lock.tryLock(0):
        return lock, False
    return None, lock.error() == QLockFile.LockError.LockFailedError


def run_app(db_path: Path | None = None, exit_after_startup: bool = False) -> int:
    app = application()
    try:
        window = create_main_window(db_path)
    except DatabaseError as exc:
        # stderr first: a check run (--exit-after-startup, the installer's smoke test) has no one
        # to close a dialog, so it gets no dialog at all.
        print(f"evidens: {exc}", file=sys.stderr, flush=True)
        if not exit_after_startup:
            from PySide6.QtWidgets import QMessageBox  # only on this path, not at start-up

            QMessageBox.critical(None, APP_NAME, rich_text.message(str(exc)))
        return 3
    if exit_after_startup:
        window.viewRestored.connect(lambda: _exit_after_startup(app, window))
    window.show()
    return app.exec()


def _exit_after_startup(app: QApplication, window: MainWindow) -> None:
    """Report when the first frame and the restored view were on screen, then quit cleanly.

    Runs after the first paint (and the restore that follows it). ``repaint()`` puts the restored
    card or page on the screen at once, as the next frame would; the benchmark reads both times.
    """
    report("first-paint", window.first_paint.finished_ns)
    report("first-paint-cpu", window.first_paint.finished_cpu_ns)  # this process's CPU time
    window.repaint()
    report("restored")
    window.close()
    app.quit()
