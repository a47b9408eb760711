"""Hjælp → Om: what the handbook is, which sources it stands on and which data it shows."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from evidens import APP_NAME, __version__
from evidens.briefs.templating import danish_date

from .repository import Repository


class AboutDialog(QDialog):
    def __init__(self, repository: Repository, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Om {0}").format(APP_NAME))
        self.resize(620, 520)
        info = repository.info
        sources = "".join(
            f"<li><b>{escape(s.title)}</b><br>{escape(s.publisher)}"
            f"{', ' + str(s.year) if s.year else ''} <span style='color:#5b6670'>"
            f"({escape(s.file)})</span></li>" for s in repository.sources())
        text = self.tr(
            "<h2>{app}</h2><p>Version {version}</p>"
            "<p>En offline evidenshåndbog for beskæftigelses- og socialområdet: lovende "
            "indsatser og redskaber, risikofaktorer og barrierer for voksne og unge på kanten af "
            "arbejdsmarkedet og uddannelsessystemet.</p>"
            "<p><b>Datagrundlag:</b> version {data} · bygget {built}</p>"
            "<p>Alle oplysninger stammer fra disse kilder, og hvert kort viser, hvor i kilden "
            "oplysningen står:</p><ul>{sources}</ul>"
            "<p>Håndbogen bruger ikke netværket og gemmer ingen oplysninger om borgere. Dine "
            "favoritter og noter gemmes kun på denne computer.</p>"
            "<p class='small'>Programmet er bygget med Qt {qt} (Qt for Python), som må bruges "
            "og videregives på vilkårene i GNU LGPL version 3.</p>"
        ).format(qt=qVersion(), app=APP_NAME, version=__version__, data=escape(info.data_version),
                 built=danish_date(info.built), sources=sources)
        browser = QTextBrowser(self)
        browser.setAccessibleName(self.tr("Om {0}").format(APP_NAME))
        browser.setHtml(text)
        browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
