"""Printing and exporting from the app: print, print preview, PDF/HTML, the whole handbook.

Every view can say what it would put on paper (``current_brief()`` on the main window); this
controller turns that into a print preview (QPrintPreviewDialog), a printout or a file, with the
same code as ``evidens brief``: :func:`evidens.briefs.pdf_export.paint_pages` draws on a QPrinter
exactly as it draws on a PDF. The full handbook is long, so it is exported in a worker thread that
reports progress and can be cancelled; the worker talks to the window only through signals.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence

from evidens import APP_NAME
from evidens.atomic_files import WriteError

from . import rich_text

# The brief builders, the PDF writer, QtPrintSupport and the dialogs are imported when something is
# printed or saved, not at start-up: the menu needs only the actions (docs/performance.md).

EXPORT_FAILED = ("Håndbogen kunne ikke eksporteres på grund af en uventet fejl; der er ikke gemt "
                 "nogen fil. Prøv igen, gem som PDF i stedet for HTML (eller omvendt), eller "
                 "bed IT om hjælp.")
FILTERS = {"pdf": "PDF-dokument (*.pdf)", "html": "HTML-side (*.html)"}


def file_name(title: str, suffix: str) -> str:
    """A title as a file name Windows accepts: "Sammenligning: IPS · KVIS" → "Sammenligning IPS
    KVIS.pdf"."""
    cleaned = re.sub(r'[<>:"/\\|?*·]+', " ", title)
    return " ".join(cleaned.split())[:120] + suffix


class HandbookWorker(QObject):
    """Exports the whole handbook in a worker thread. Reports through signals only."""

    progress = Signal(int, int)  # pages done, pages in all
    finished = Signal(str)  # the saved file
    failed = Signal(str)  # a Danish message
    cancelled = Signal()

    def __init__(self, database: Path, target: Path, fmt: str):
        super().__init__()
        self._database, self._target, self._fmt = database, target, fmt
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        from evidens.briefs.export import save_handbook  # the same as `evidens handbook`
        from evidens.briefs.html_export import ExternalReferenceError
        from evidens.briefs.pdf_export import ExportCancelled
        from evidens.evidence.database import DatabaseError, open_database

        try:
            conn = open_database(self._database)
            try:
                path = save_handbook(conn, self._fmt, self._target,
                                       progress=self.progress.emit,
                                       cancelled=self._cancel.is_set)
            finally:
                conn.close()
        except ExportCancelled:
            self.cancelled.emit()
        except (WriteError, DatabaseError, ExternalReferenceError) as exc:
            self.failed.emit(str(exc))
        except Exception:  # noqa: BLE001 - any error must end the progress dialog with a message
            logging.getLogger(__name__).exception("Eksporten af håndbogen fejlede")
            self.failed.emit(EXPORT_FAILED)
        else:
            self.finished.emit(str(path))


class PrintController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self._thread = None  # a QThread while the handbook is exported
        self._worker: HandbookWorker | None = None
        self.print_action = self._action(self.tr("&Udskriv …"), self.print_current,
                                         QKeySequence.StandardKey.Print)
        self.preview_action = self._action(self.tr("&Vis udskrift …"), self.preview_current,
                                           QKeySequence("Ctrl+Shift+P"))
        self.pdf_action = self._action(self.tr("Gem som &PDF …"), lambda: self.export("pdf"),
                                       QKeySequence("Ctrl+Shift+S"))
        self.html_action = self._action(self.tr("Gem som &HTML …"), lambda: self.export("html"))
        self.handbook_action = self._action(self.tr("Eksportér hele &håndbogen …"),
                                            self.export_handbook)
        # A card has two briefs: one A4 page for handing out, and the whole card.
        self.card_actions = [
            self._action(self.tr("Gem kort &brief (1 side) …"),
                         lambda: self.export("pdf", self._card_brief(full=False))),
            self._action(self.tr("Gem hele &kortet …"),
                         lambda: self.export("pdf", self._card_brief(full=True))),
            self._action(self.tr("Udskriv kort brief (1 side) …"),
                         lambda: self.print_current(self._card_brief(full=False))),
            self._action(self.tr("Udskriv hele kortet …"),
                         lambda: self.print_current(self._card_brief(full=True))),
        ]

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self._window)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _card_brief(self, full: bool):
        """The open card's one-page brief or whole card; False (and a hint) when none is open."""
        card = self._window.current_card_id()
        if card is None:
            self._window.statusBar().showMessage(
                self.tr("Åbn et kort under Indsatser først."), 5000)
            return False
        repo = self._window.repository
        return repo.card_brief(card) if full else repo.one_page_brief(card)

    def _brief(self, brief=None):
        if brief is False:
            return None  # a card brief was asked for and there is no card (already said)
        if brief is not None:
            return brief
        brief = self._window.current_brief()
        if brief is None:
            self._window.statusBar().showMessage(
                self.tr("Vælg et kort, en matrix, en profil eller en sammenligning først."), 5000)
        return brief

    @staticmethod
    def _printer(brief):
        """A printer on the brief's own paper (a preview's printer cannot change it later)."""
        from PySide6.QtPrintSupport import QPrinter

        from evidens.briefs.pdf_export import page_layout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(brief.page_size, brief.landscape))
        return printer

    def _paint(self, printer, brief) -> None:
        from evidens.briefs.pdf_export import paint_pages

        paint_pages(printer, brief.html, title=brief.title,
                    data_version=self._window.repository.edition,
                    page_size=brief.page_size, landscape=brief.landscape)

    # -- paper --------------------------------------------------------------------------------
    def preview_current(self, brief=None) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog  # not at start-up

        brief = self._brief(brief)
        if brief is None:
            return
        printer = self._printer(brief)
        dialog = QPrintPreviewDialog(printer, self._window)
        dialog.setWindowTitle(self.tr("Vis udskrift – {0}").format(brief.title))
        dialog.paintRequested.connect(lambda p: self._paint(p, brief))
        dialog.resize(900, 760)
        dialog.exec()

    def print_current(self, brief=None) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        brief = self._brief(brief)
        if brief is None:
            return
        printer = self._printer(brief)
        dialog = QPrintDialog(printer, self._window)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self._paint(printer, brief)

    # -- files --------------------------------------------------------------------------------
    def _ask_target(self, title: str, fmt: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / file_name(title, f".{fmt}"))
        filters = ";;".join([FILTERS[fmt]] + [f for k, f in FILTERS.items() if k != fmt])
        chosen, _ = QFileDialog.getSaveFileName(self._window, self.tr("Gem som"), suggested,
                                                filters)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() in (".pdf", ".html", ".htm") else \
            path.with_suffix(f".{fmt}")

    def export(self, fmt: str, brief=None) -> Path | None:
        """Save the current view's brief (or ``brief``) as ``fmt``, or HTML when the chosen
        file name says so."""
        from evidens.briefs.export import save_brief
        from evidens.briefs.html_export import ExternalReferenceError

        brief = self._brief(brief)
        if brief is None:
            return None
        target = self._ask_target(brief.title, fmt)
        if target is None:
            return None
        fmt = "html" if target.suffix.lower() in (".html", ".htm") else "pdf"
        try:
            path = save_brief(brief, fmt, target,
                              data_version=self._window.repository.edition)
        except (WriteError, ExternalReferenceError) as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self._window, APP_NAME, rich_text.message(str(exc)))
            return None
        self._window.statusBar().showMessage(self.tr("Gemt: {0}").format(path), 8000)
        return path

    def export_handbook(self) -> None:
        from PySide6.QtCore import QThread
        from PySide6.QtWidgets import QProgressDialog

        if self._thread is not None:
            return  # one at a time
        target = self._ask_target(self.tr("Evidenshåndbogen"), "pdf")
        if target is None:
            return
        fmt = "html" if target.suffix.lower() in (".html", ".htm") else "pdf"
        self.progress = QProgressDialog(self.tr("Eksporterer håndbogen …"), self.tr("Annullér"),
                                        0, 0, self._window)
        self.progress.setWindowTitle(APP_NAME)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self._thread = QThread(self)
        self._worker = HandbookWorker(self._window.repository.info.path, target, fmt)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        # Direct: the worker's own thread is busy exporting and would never run a queued call.
        # cancel() only sets a threading.Event, which is safe from any thread.
        self.progress.canceled.connect(self._worker.cancel, Qt.ConnectionType.DirectConnection)
        self._thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setLabelText(self.tr("Eksporterer håndbogen: side {0} af {1}").format(
            done, total))

    def _stop(self) -> None:
        self.progress.reset()
        self._thread.quit()
        self._thread.wait()
        self._worker.deleteLater()
        self._thread.deleteLater()
        self._thread = self._worker = None

    def _on_finished(self, path: str) -> None:
        self._stop()
        self._window.statusBar().showMessage(self.tr("Håndbogen er gemt: {0}").format(path), 8000)

    def _on_failed(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._stop()
        QMessageBox.warning(self._window, APP_NAME, rich_text.message(message))

    def _on_cancelled(self) -> None:
        self._stop()
        self._window.statusBar().showMessage(
            self.tr("Eksporten blev annulleret; der er ikke gemt nogen fil."), 8000)

    def is_busy(self) -> bool:
        return self._thread is not None
