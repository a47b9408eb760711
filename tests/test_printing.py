"""Printing and exporting from every view: preview, PDF/HTML files, the handbook in a thread."""

from __future__ import annotations

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from evidens.app.printing import file_name

pytestmark = pytest.mark.gui



def text_of(path):
    return " ".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)


def test_every_view_has_something_to_print(window):
    window.interventions_page.open_card("ips")
    assert window.current_brief().title.startswith("Individual Placement")
    window.show_page(window.adult_matrix)
    assert window.current_brief().landscape
    window.compare_page.set_ids(["ips", "kvis", "u-turn"])
    window.show_page(window.compare_page)
    assert window.current_brief().title == "Sammenligning: IPS · KVIS · U-turn"
    page = window.youth_matrix
    window.show_page(page)
    page.side.setCurrentWidget(page.profile_panel)
    page.profile_panel.set_ticked(["youth-misbrug"])
    assert "Målgruppeprofil" in window.current_brief().title


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_export_the_open_card(window, save_as, tmp_path, fmt):
    save_as["name"] = f"kort æøå.{fmt}"
    window.interventions_page.open_card("housing-first")
    path = window.printing.export(fmt)
    assert path == tmp_path / f"kort æøå.{fmt}"
    if fmt == "pdf":
        assert "Housing First" in text_of(path) and "Side 1 af" in text_of(path)
    else:
        assert "Housing First" in path.read_text(encoding="utf-8")


def test_export_failure_shows_a_danish_message_and_keeps_the_old_file(
        window, monkeypatch, tmp_path):
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(blocker / "kort.pdf"), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window.interventions_page.open_card("ips")
    assert window.printing.export("pdf") is None
    assert shown and "Kan ikke gemme" in shown[0]
    assert blocker.read_text(encoding="utf-8") == "x"


def test_print_preview_paints_the_brief(window, monkeypatch, tmp_path):
    out = tmp_path / "preview.pdf"

    def fake_exec(dialog):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dialog.paintRequested.emit(printer)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    window.show_page(window.adult_matrix)
    window.printing.preview_current()
    text = text_of(out)
    assert "Sindslidelser" in text and "Side 1 af" in text


def test_nothing_to_print_says_so(window):
    assert window.current_brief() is None  # no card opened yet
    window.printing.print_current()
    assert "Vælg" in window.statusBar().currentMessage()


def test_handbook_exports_in_a_thread_with_progress(qtbot, window, save_as, tmp_path):
    save_as["name"] = "håndbog.pdf"
    steps = []
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=60000,
                          check_params_cb=lambda m: "gemt" in m):
        window.printing.export_handbook()
        window.printing._worker.progress.connect(lambda d, t: steps.append((d, t)))
    assert (tmp_path / "håndbog.pdf").is_file()
    assert steps and steps[-1][0] == steps[-1][1] > 50
    assert not window.printing.is_busy()


def test_handbook_export_can_be_cancelled(qtbot, window, save_as, tmp_path):
    save_as["name"] = "annulleret.pdf"
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=60000,
                          check_params_cb=lambda m: "annulleret" in m):
        window.printing.export_handbook()
        window.printing.progress.findChild(QPushButton).click()  # the dialog's Annullér
    assert not (tmp_path / "annulleret.pdf").exists()
    assert list(tmp_path.glob("*.tmp")) == []


def test_file_names_are_safe():
    assert file_name("Sammenligning: IPS · KVIS", ".pdf") == "Sammenligning IPS KVIS.pdf"
