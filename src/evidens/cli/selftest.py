"""``evidens --selftest``: does this copy of the handbook work on this machine?

Run by CI on the frozen bundle and by IT after deploying it to a locked-down laptop, where a
missing Qt plugin, a pruned translation or a damaged database would otherwise show up only when a
caseworker opens the program. Each check prints ✓ or ✗ with a Danish explanation; the exit code
is 0 only when every check passed (a check whose module is not part of this build is reported
as "springet over", not failed).

The self-test must not touch the user's own favourites, notes or settings: it runs with a
temporary HOME and XDG folders and with QStandardPaths' test mode, and removes what Qt's test
mode created. Qt is imported only inside the checks that need it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import shutil
import socket
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from evidens import APP_NAME, __version__
from evidens.briefs.card_context import card_variables
from evidens.briefs.templating import render
from evidens.evidence import queries
from evidens.evidence.database import DatabaseError, open_database
from evidens.resource_files import bundled_database

EXIT_FAILED = 1
MIN_COLOURS = 16  # a rendered page with text has hundreds; a blank or black one has 1 or 2
# Where Qt, fontconfig and the app could write per-user files. XDG_RUNTIME_DIR is left alone:
# the Wayland and D-Bus sockets live there.
_ENV = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "APPDATA",
        "LOCALAPPDATA")


# The modules a stripped-down build may leave out; the self-test then skips the brief checks.
BRIEF_MODULES = ("evidens.briefs", "evidens.briefs.builders", "evidens.briefs.export",
                 "evidens.briefs.pdf_export")


@dataclass(frozen=True)
class CheckResult:
    """One line of the report. ``ok`` is None for a check that was skipped."""

    name: str
    ok: bool | None
    detail: str

    def line(self, marks: tuple[str, str, str]) -> str:
        mark = marks[0] if self.ok else marks[1] if self.ok is False else marks[2]
        return f"{mark} {self.name}: {self.detail}"


# -- isolation -------------------------------------------------------------------------------------
@contextlib.contextmanager
def isolated_user_dirs(root: Path) -> Iterator[Path]:
    """Point HOME and the XDG/Windows app-data variables at ``root`` while the checks run.

    On Windows QStandardPaths ignores these variables; there the test mode set by
    :class:`GuiChecks` keeps the run apart from the user's own folder.
    """
    names = ("HOME", "USERPROFILE", "XAUTHORITY", *_ENV)
    saved = {name: os.environ.get(name) for name in names}
    try:
        # The X server's cookie is found through HOME unless XAUTHORITY names it: keep it.
        cookie = Path(os.environ.get("HOME") or Path.home()) / ".Xauthority"
        if "XAUTHORITY" not in os.environ and cookie.is_file():
            os.environ["XAUTHORITY"] = str(cookie)
        root.mkdir(parents=True, exist_ok=True)
        os.environ["HOME"] = os.environ["USERPROFILE"] = str(root)
        for name in _ENV:
            path = root / name.lower()
            path.mkdir(exist_ok=True)
            os.environ[name] = str(path)
        yield root
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def network_guard(calls: list[str]) -> Iterator[None]:
    """Record every attempt to open a network connection (the handbook must never make one)."""
    originals = (socket.socket.connect, socket.create_connection, socket.getaddrinfo)

    def recorder(name: str) -> Callable:
        def wrapper(*args, **kwargs):
            calls.append(f"{name}{args[1:2] if name == 'socket.connect' else args[:1]}")
            raise OSError(f"Evidenshåndbogen må ikke bruge netværket ({name})")
        return wrapper

    socket.socket.connect = recorder("socket.connect")
    socket.create_connection = recorder("socket.create_connection")
    socket.getaddrinfo = recorder("socket.getaddrinfo")
    try:
        yield
    finally:
        socket.socket.connect, socket.create_connection, socket.getaddrinfo = originals


# -- the checks ------------------------------------------------------------------------------------
def check_database_file(path: Path) -> str:
    if not path.is_file():
        raise AssertionError(f"{path} findes ikke")
    return f"{path} ({path.stat().st_size / 1e6:.1f} MB)"


def check_integrity(conn: sqlite3.Connection) -> str:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise AssertionError(f"databasefilen er beskadiget (SQLite: {exc})") from None
    if rows != ["ok"]:
        raise AssertionError("databasefilen er beskadiget (PRAGMA integrity_check: "
                             + "; ".join(map(str, rows[:5])) + ")")
    return "PRAGMA integrity_check = ok"


def check_checksum(path: Path) -> str:
    manifest_path = path.with_name("manifest.json")
    if not manifest_path.is_file():
        raise AssertionError(f"{manifest_path} findes ikke")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("database") != path.name:
        raise AssertionError(f"manifest.json beskriver {manifest.get('database')!r}, "
                             f"ikke {path.name}")
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != manifest.get("sha256"):
        raise AssertionError(f"sha256 er {actual[:12]}…, manifest.json siger "
                             f"{str(manifest.get('sha256'))[:12]}…")
    return f"sha256 stemmer med manifest.json ({actual[:12]}…, data {manifest['data_version']})"


def check_templates(conn: sqlite3.Connection) -> str:
    """Render every card and every conclusion the way the app's card view does."""
    meta = queries.meta(conn)
    data = {"version": meta["data_version"], "built": meta["built"]}
    failed, cards, conclusions = [], 0, 0
    for summary in queries.interventions(conn):
        iv = queries.intervention(conn, summary.id)
        try:
            html = render("card.html", title=iv.name, data=data, links="app",
                          **card_variables(iv, sources_open=False))
            if str(escape(iv.name)) not in html:
                raise AssertionError("navnet mangler i kortet")
            cards += 1
        except Exception as exc:  # noqa: BLE001 - every failure is reported by id
            failed.append(f"{summary.id} ({exc})")
    for c in queries.conclusions(conn):
        ivs = [s for s in (queries.intervention(conn, i) for i in c.intervention_ids) if s]
        try:
            render("conclusion.html", title=c.title, conclusion=c, interventions=ivs, data=data,
                   links="app")
            conclusions += 1
        except Exception as exc:  # noqa: BLE001
            failed.append(f"{c.id} ({exc})")
    if failed:
        raise AssertionError(f"{len(failed)} kunne ikke dannes: " + ", ".join(failed[:5]))
    if not cards:
        raise AssertionError("databasen har ingen indsatser")
    return f"{cards} kort og {conclusions} konklusioner dannet"


def distinct_colours(image) -> int:
    """How many different colours a QImage holds (a blank grab has one)."""
    from PySide6.QtGui import QImage

    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    return len(set(memoryview(bytes(rgb.constBits())).cast("I")))


class GuiChecks:
    """The checks that need Qt: translations, every page of the main window, printed briefs."""

    def __init__(self, database: Path | None, folder: Path):
        from PySide6.QtCore import QStandardPaths

        from evidens.app import main as app_main

        self.folder = folder
        self._test_mode = QStandardPaths.isTestModeEnabled()
        QStandardPaths.setTestModeEnabled(True)
        self.app = app_main.application()
        self.user_dir = app_main.user_data_dir()
        self._created = _first_missing(self.user_dir)
        self._database = database
        self.window = None

    def translations(self) -> str:
        from PySide6.QtCore import QLibraryInfo, QTranslator

        # qtbase_da is what the app installs. (qt_da is only a catalogue that also names
        # qtmultimedia_da, which PySide6-Essentials does not ship, so it cannot load anywhere.)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not QTranslator().load("qtbase_da", folder):
            raise AssertionError(f"qtbase_da findes ikke i {folder}")
        return "qtbase_da indlæst"

    def views(self, card_id: str) -> str:
        from PySide6.QtCore import Qt

        from evidens.app.main import create_main_window

        window = self.window = create_main_window(self._database)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # never flash on screen
        window.show()
        if not window.interventions_page.open_card(card_id):
            raise AssertionError(f"kortet {card_id} kunne ikke vises")
        blank, names = [], []
        for number, (label, page) in enumerate(window.pages, start=1):
            window.show_page(page)
            self.app.processEvents()
            image = page.grab().toImage()
            path = self.folder / f"side-{number}.png"
            image.save(str(path))
            if image.isNull() or distinct_colours(image) < MIN_COLOURS:
                blank.append(label)
            names.append(label)
        if blank:
            raise AssertionError(f"tomme sider: {', '.join(blank)} (billeder i {self.folder})")
        return f"{len(names)} sider tegnet ({', '.join(names)})"

    def briefs(self, conn: sqlite3.Connection) -> list[CheckResult]:
        try:
            builders = importlib.import_module("evidens.briefs.builders")
            export = importlib.import_module("evidens.briefs.export")
            importlib.import_module("evidens.briefs.pdf_export")
        except ImportError as exc:
            missing = getattr(exc, "name", None) in BRIEF_MODULES
            reason = (f"springet over ({exc.name} er ikke med i denne version)" if missing
                      else f"kan ikke indlæses: {exc}")
            return [CheckResult(name, None if missing else False, reason)
                    for name in ("PDF-udskrift", "HTML-udskrift")]

        card_id = queries.interventions(conn)[0].id
        version = queries.meta(conn)["data_version"]

        def save(suffix: str):
            brief = builders.card_brief(conn, card_id)
            return brief, export.save_brief(brief, None, self.folder / f"{card_id}{suffix}",
                                            data_version=version)

        def pdf() -> str:
            return _check_file(save(".pdf")[1], b"%PDF-")

        def html() -> str:
            brief, path = save(".html")
            return _check_file(path, str(escape(brief.title)).encode("utf-8"))

        return [_run("PDF-udskrift", pdf), _run("HTML-udskrift", html)]

    def close(self) -> None:
        from PySide6.QtCore import QStandardPaths

        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.app.processEvents()
        QStandardPaths.setTestModeEnabled(self._test_mode)
        if self._created is not None and any("qttest" in p for p in self._created.parts):
            shutil.rmtree(self._created, ignore_errors=True)


def _first_missing(path: Path) -> Path | None:
    """The outermost folder of ``path`` that does not exist yet (what a run will create)."""
    missing = None
    for folder in (path, *path.parents):
        if folder.exists():
            return missing
        missing = folder
    return missing


def _check_file(path: Path, must_contain: bytes) -> str:
    data = Path(path).read_bytes()
    if must_contain not in data[:200_000]:
        raise AssertionError(f"{Path(path).name} ser ikke rigtig ud")
    return f"{Path(path).name} ({len(data) / 1000:.0f} kB)"


def _run(name: str, check: Callable[[], str]) -> CheckResult:
    try:
        return CheckResult(name, True, check())
    except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, never crashes
        return CheckResult(name, False, str(exc) or type(exc).__name__)


# -- running ---------------------------------------------------------------------------------------
def run_checks(database: Path | None = None,
               report: Callable[[CheckResult], None] = lambda r: None) -> list[CheckResult]:
    """Run every check (on the bundled database unless ``database`` is given), in order."""
    path = Path(database) if database is not None else bundled_database()
    results: list[CheckResult] = []

    def add(result: CheckResult) -> None:
        results.append(result)
        report(result)

    add(_run("Databasen findes", lambda: check_database_file(path)))
    try:
        # Unverified: the checksum and integrity checks below report on their own lines.
        conn = open_database(database, verify=False)
    except DatabaseError as exc:
        add(CheckResult("Databasen kan åbnes", False, str(exc)))
        return results
    calls: list[str] = []
    with tempfile.TemporaryDirectory(prefix="evidens-selvtest-") as tmp, \
            isolated_user_dirs(Path(tmp) / "hjem"), network_guard(calls):
        out = Path(tmp) / "udskrifter"
        out.mkdir()
        add(_run("Databasens integritet", lambda: check_integrity(conn)))
        add(_run("Kontrolsum", lambda: check_checksum(path)))
        add(_run("Skabeloner", lambda: check_templates(conn)))
        try:
            gui = GuiChecks(database, out)
        except Exception as exc:  # noqa: BLE001
            add(CheckResult("Qt starter", False, str(exc)))
            gui = None
        if gui is not None:
            try:
                add(_run("Qt-oversættelser (dansk)", gui.translations))
                add(_run("Visninger", lambda: gui.views(queries.interventions(conn)[0].id)))
                for result in gui.briefs(conn):
                    add(result)
            finally:
                gui.close()
        loaded = "PySide6.QtNetwork" in sys.modules
        add(CheckResult("Offline", not calls and not loaded,
                        "ingen netværksforbindelser forsøgt, QtNetwork ikke indlæst"
                        if not calls and not loaded else
                        f"netværk brugt: {', '.join(calls) or 'QtNetwork indlæst'}"))
    conn.close()
    return results


def _marks() -> tuple[str, str, str]:
    """✓/✗, or plain words where the console cannot show them (a redirected Windows console)."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗–".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return ("OK  ", "FEJL", "-   ")
    return ("✓", "✗", "–")


def main(database: Path | None = None) -> int:
    """Print the report; 0 when every check passed (or was skipped), otherwise 1."""
    if _no_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    marks = _marks()
    print(f"Selvtest af {APP_NAME} {__version__}", flush=True)
    results = run_checks(database, lambda r: print(r.line(marks), flush=True))
    failed = [r.name for r in results if r.ok is False]
    if failed:
        print(f"Selvtesten fejlede: {', '.join(failed)}.", file=sys.stderr)
        return EXIT_FAILED
    passed = sum(1 for r in results if r.ok)
    print(f"Selvtesten bestået: {passed} kontroller i orden, "
          f"{len(results) - passed} sprunget over.")
    return 0


def _no_display() -> bool:
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
