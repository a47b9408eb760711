"""Locked-down laptops: no network, no writes outside app data, a home folder with æøå.

Municipal IT installs the handbook per user, without admin rights, often on machines with no
internet access and with roaming profiles under names like ``C:\\Users\\Søren Æblegård``. These
tests drive a whole session the way a caseworker would and check what it touched.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from evidens.app import main as app_main
from evidens.cli import selftest
from evidens.cli.main import main as cli_main
from evidens.resource_files import bundled_database, data_dir, resources_dir
from evidens.user_store import UserStore

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[1]
NON_ASCII_HOME = "Søren Æblegård"


@pytest.fixture
def bundled_db() -> Path:
    """The database the program ships with (``make test`` builds it first)."""
    path = bundled_database()
    if not path.is_file():
        pytest.skip("db/evidens.sqlite is not built; run 'make db'")
    return path


@pytest.fixture
def network_calls(monkeypatch) -> list[str]:
    """Every attempt to resolve a name or open a connection, recorded and refused."""
    calls: list[str] = []

    def refuse(name):
        def refused(*args, **kwargs):
            calls.append(f"{name}{args!r}")
            raise OSError(f"network use in an offline test: {name}")
        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    return calls


def run_session(qtbot, *, favourite: str = "ips", note: str = "") -> Path:
    """Open the app on the bundled database and use it; return the app-data folder it used."""
    QStandardPaths.setTestModeEnabled(True)
    app_main.application()
    window = app_main.create_main_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    page = window.interventions_page
    total = page.proxy.rowCount()
    qtbot.keyClicks(page.search_edit, "mentor")
    qtbot.waitUntil(lambda: 0 < page.proxy.rowCount() < total, timeout=3000)
    page.table.selectRow(0)
    assert page.card.view.current is not None
    assert page.open_card("housing-first")
    assert page.open_card(favourite)
    assert "Individual Placement and Support" in page.card.view.toPlainText()

    page.card.favourite_button.click()
    if note:
        page.card.note_edit.setPlainText(note)
        page.card.save_note()

    for matrix, cell in ((window.adult_matrix, ("adult-sindslidelser", "institutional")),
                         (window.youth_matrix, ("youth-bolig", "institutional"))):
        window.show_page(matrix)
        assert window.stack.currentWidget() is matrix
        matrix.select_cell(*cell)
        assert "Institutionelt niveau" in matrix.cell_panel.toPlainText()
    window.show_page(page)
    window.close()
    return app_main.user_data_dir()


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` (bytecode caches aside) with its size and modification time."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in filenames:
            path = Path(dirpath, name)
            st = path.stat()
            out[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def test_a_whole_session_uses_no_network(qtbot, bundled_db, network_calls, tmp_path):
    data_folder = run_session(qtbot, note="Virker godt hos os.")
    assert cli_main(["export-json", str(tmp_path / "evidens.json")]) == 0
    exported = json.loads((tmp_path / "evidens.json").read_text(encoding="utf-8"))
    assert any(iv["id"] == "ips" for iv in exported["interventions"])
    assert (data_folder / "brugerdata.sqlite").is_file()
    assert network_calls == []
    assert "PySide6.QtNetwork" not in sys.modules


def test_the_guard_would_catch_a_connection(network_calls):
    """The session test above proves something only if the guard really trips."""
    with pytest.raises(OSError, match="offline"):
        socket.create_connection(("example.org", 80))
    with pytest.raises(OSError, match="offline"):
        socket.getaddrinfo("example.org", 443)
    assert len(network_calls) == 2


def test_writes_only_app_data_and_the_export(qtbot, bundled_db, isolated_user_dirs):
    home = isolated_user_dirs
    sources = {folder: snapshot(folder) for folder in (data_dir(), resources_dir())}
    before = snapshot(home)
    target = home / "Dokumenter" / "evidens.json"
    target.parent.mkdir()

    data_folder = run_session(qtbot, note="Husk at spørge jobcentret.")
    assert cli_main(["export-json", str(target)]) == 0

    after = snapshot(home)
    changed = {p for p in after if before.get(p) != after[p]} | (before.keys() - after.keys())
    app_data = str(data_folder.relative_to(home))
    outside = sorted(p for p in changed
                     if not p.startswith(app_data + os.sep) and p != str(target.relative_to(home)))
    assert outside == []
    assert str(target.relative_to(home)) in changed
    assert any(p.startswith(app_data + os.sep) for p in changed)  # the session did save
    # The bundled database is opened immutable: no journal, no -wal/-shm, no change at all.
    for folder, files in sources.items():
        assert snapshot(folder) == files, f"{folder} changed"


def test_non_ascii_home(qtbot, bundled_db, tmp_path, monkeypatch):
    home = tmp_path / NON_ASCII_HOME
    env = {"HOME": home, "USERPROFILE": home, "XDG_DATA_HOME": home / ".local" / "share",
           "XDG_CONFIG_HOME": home / ".config", "XDG_CACHE_HOME": home / ".cache",
           "APPDATA": home / "AppData" / "Roaming", "LOCALAPPDATA": home / "AppData" / "Local"}
    for name, path in env.items():
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))

    note = "Læs afsnittet om støtte på arbejdspladsen – æøå ÆØÅ."
    data_folder = run_session(qtbot, favourite="ips", note=note)
    assert NON_ASCII_HOME in str(data_folder)
    with UserStore.open(data_folder / "brugerdata.sqlite") as store:
        assert store.favourites() == ["ips"]
        assert store.note("ips") == note

    target = home / "Mine dokumenter" / "Evidens – æøå ÆØÅ" / "hele håndbogen.json"
    target.parent.mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-m", "evidens", "export-json", str(target)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert len(exported["interventions"]) >= 30
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp file left


# -- the self-test the frozen bundle runs (evidens --selftest) ------------------------------------
def test_selftest_passes_offline_without_touching_user_data(qapp, bundled_db, network_calls,
                                                           isolated_user_dirs, capsys):
    home = isolated_user_dirs
    QStandardPaths.setTestModeEnabled(False)  # as in the real program: the self-test turns it on
    before = snapshot(home)
    assert cli_main(["--selftest"]) == 0
    out = capsys.readouterr().out
    for check in ("Databasens integritet", "Kontrolsum", "Skabeloner", "Visninger", "Offline"):
        assert f"✓ {check}" in out
    assert "✗" not in out
    assert snapshot(home) == before
    assert network_calls == []
    assert not QStandardPaths.isTestModeEnabled()  # and back off


def test_selftest_names_a_database_that_does_not_match_its_manifest(qapp, built_db, tmp_path):
    copy = tmp_path / "evidens.sqlite"
    shutil.copy2(built_db, copy)
    manifest = json.loads(built_db.with_name("manifest.json").read_text(encoding="utf-8"))
    manifest["sha256"] = "0" * 64
    copy.with_name("manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    results = {r.name: r for r in selftest.run_checks(copy)}
    assert results["Kontrolsum"].ok is False
    assert "manifest.json" in results["Kontrolsum"].detail
    assert results["Databasens integritet"].ok and results["Skabeloner"].ok


def test_selftest_fails_without_a_database(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(selftest, "bundled_database", lambda: tmp_path / "evidens.sqlite")
    assert selftest.main() == selftest.EXIT_FAILED
    captured = capsys.readouterr()
    assert "✗ Databasen findes" in captured.out
    assert "Selvtesten fejlede" in captured.err


def test_selftest_reports_a_damaged_database_without_crashing(qapp, built_db, tmp_path):
    copy = tmp_path / "evidens.sqlite"
    data = bytearray(built_db.read_bytes())
    page = 4096 * 40
    data[page:page + 4096] = b"x" * 4096  # overwrite one page in the middle
    copy.write_bytes(bytes(data))
    results = {r.name: r for r in selftest.run_checks(copy)}
    assert results["Databasens integritet"].ok is False
    assert "beskadiget" in results["Databasens integritet"].detail
    assert results["Offline"].ok


def test_selftest_skips_briefs_when_their_modules_are_missing(qapp, built_db, monkeypatch):
    real_import = selftest.importlib.import_module

    def without_briefs(name, *args):
        if name == "evidens.briefs.builders":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args)

    monkeypatch.setattr(selftest.importlib, "import_module", without_briefs)
    results = {r.name: r for r in selftest.run_checks(built_db)}
    assert results["PDF-udskrift"].ok is None and "springet over" in results["PDF-udskrift"].detail
    assert results["Visninger"].ok
