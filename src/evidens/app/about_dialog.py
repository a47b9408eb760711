"""Hjælp → Om: what the handbook is, which sources it stands on and which data it shows.

Sources appear by their display label and title, never by a seed file name; the data's content
hash is here (for support: it tells two builds apart) and not in the status bar or on paper.
"""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from evidens import APP_NAME, __version__
from evidens.evidence.edition import content_hash

from .repository import Repository
from .rich_text import escape


class AboutDialog(QDialog):
    def __init__(self, repository: Repository, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Om {0}").format(APP_NAME))
        self.resize(620, 520)
        info = repository.info
        sources = "".join(
            f"<li><b>{escape(s.label)}</b>: {escape(s.title)}<br>{escape(s.publisher)}"
            f"{', ' + str(s.year) if s.year else ''}</li>" for s in repository.sources())
        digest = content_hash(info.data_version)
        text = self.tr(
            "<h1>{app}</h1><p>Version {version}</p>"
            "<p>En offline evidenshåndbog for beskæftigelses- og socialområdet: lovende "
            "indsatser og redskaber, risikofaktorer og barrierer for voksne og unge på kanten af "
            "arbejdsmarkedet og uddannelsessystemet.</p>"
            "<h2>Datagrundlag</h2><p>{edition}{digest}</p>"
            "<p>Alle oplysninger stammer fra disse kilder, og hvert kort viser, hvor i kilden "
            "oplysningen står:</p><ul>{sources}</ul>"
            "<p>Hvordan kildernes tabeller er læst, står under Hjælp → Om datagrundlaget.</p>"
            "<p>Håndbogen bruger ikke netværket og gemmer ingen oplysninger om borgere. Dine "
            "favoritter og noter gemmes kun på denne computer.</p>"
            "<p class='small'>Programmet er bygget med Qt {qt} (Qt for Python), som må bruges "
            "og videregives på vilkårene i GNU LGPL version 3.</p>"
        ).format(qt=qVersion(), app=APP_NAME, version=__version__,
                 edition=escape(repository.edition[:1].upper() + repository.edition[1:]),
                 digest=(self.tr(" · kontrolsum {0}").format(escape(digest)) if digest else ""),
                 sources=sources)
        self.browser = QTextBrowser(self)
        self.browser.setHtml(text)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(self.tr("Om {0}").format(APP_NAME))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
