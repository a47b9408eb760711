"""Hjælp → Om datagrundlaget: the curators' notes on how the sources' tables and text were read.

The only place in the app that shows them (the command line has ``--curator``): a caseworker's
card, the matrix cell panel and every brief leave them out, but anyone checking the data can see
every reading here, grouped by what it belongs to.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from evidens.briefs.templating import render

from .repository import Repository


class DataNotesDialog(QDialog):
    def __init__(self, repository: Repository, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Om datagrundlaget"))
        self.resize(760, 600)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(self.tr("Kuratorens noter om datagrundlaget"))
        self.browser.setHtml(render("curator_notes.html", title=self.tr("Om datagrundlaget"),
                                    sections=repository.curator_notes(),
                                    data=repository.data_context))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
