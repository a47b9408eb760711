"""Curated text never becomes markup in Qt's rich-text widgets (issue 16, item 3).

A database built with ``build-db --source`` from hostile TOML puts ``<img src="file:…">`` in a
name, a purpose, a level definition, a risk factor, a category and a vocabulary label. Every
tooltip and rich-text label the app builds from them is rendered the way Qt renders it (a
QTextDocument whenever ``Qt.mightBeRichText``), and the test asserts that no image element is
made and no resource is loaded: the probe file is never opened.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtGui import QTextDocument

from evidens.evidence import build_db

pytestmark = pytest.mark.gui


class ProbeDocument(QTextDocument):
    """A QTextDocument that records every resource it is asked to load."""

    def __init__(self):
        super().__init__()
        self.loaded: list[str] = []

    def loadResource(self, kind, name: QUrl):  # noqa: N802 - Qt's name
        self.loaded.append(name.toString())
        return super().loadResource(kind, name)


def rendered_as_qt_would(text: str) -> tuple[bool, list[str]]:
    """(has an image element, resources loaded) for ``text`` shown in a tooltip or label."""
    if not text or not QtGuiNamespace.mightBeRichText(text):
        return False, []  # Qt shows it as plain text
    doc = ProbeDocument()
    doc.setHtml(text)
    doc.setTextWidth(400)
    doc.size()  # lays it out: images are loaded now
    images = False
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            images |= it.fragment().charFormat().isImageFormat()
            it += 1
        block = block.next()
    return images, doc.loaded


@pytest.fixture
def hostile_db(source_copy, tmp_path):
    probe = tmp_path / "probe.png"
    tag = f"<img src='{probe.as_uri()}'>"  # single quotes: it sits in a TOML string

    def edit(name, old, new):
        path = source_copy / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("interventions/kvis.toml", 'name = "KVIS', f'name = "{tag}KVIS')
    edit("interventions/kvis.toml", 'short_name = "KVIS"', f'short_name = "{tag}KVIS"')
    edit("interventions/kvis.toml", 'purpose = "At', f'purpose = "{tag}At')
    edit("levels.toml", 'definition = "Samfundets', f'definition = "{tag}Samfundets')
    edit("risk_factors.toml", 'name = "Helbredsmæssige', f'name = "{tag}Helbredsmæssige')
    edit("vocabulary.toml", 'mentor = "Mentor', f'mentor = "{tag}Mentor')
    target = tmp_path / "fjendtlig" / "evidens.sqlite"
    build_db.build(source_copy, target)
    return target, probe


def model_tooltips(model):
    parent = QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        out.append(model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole))
        for col in range(model.columnCount(parent)):
            out.append(model.index(row, col, parent).data(Qt.ItemDataRole.ToolTipRole))
    for col in range(model.columnCount(parent)):
        out.append(model.headerData(col, Qt.Orientation.Horizontal,
                                    Qt.ItemDataRole.ToolTipRole))
    return [t for t in out if isinstance(t, str)]


def test_hostile_text_never_becomes_markup(qtbot, hostile_db):
    from PySide6.QtWidgets import QLabel, QListWidget

    from evidens.app import main as app_main

    db, probe = hostile_db
    app_main.application()
    window = app_main.create_main_window(db)
    qtbot.addWidget(window)
    window.show()
    texts = model_tooltips(window.interventions_page.model)
    for page in (window.adult_matrix, window.youth_matrix):
        texts += model_tooltips(page.model)
        texts += [w.toolTip() for w in page.findChildren(QListWidget)]
        for lw in page.findChildren(QListWidget):
            texts += [lw.item(i).toolTip() for i in range(lw.count())]
    compare = window.compare_page
    compare.add(["kvis", "ips", "mentorordninger"])
    texts += model_tooltips(compare.model)
    texts += [label.text() for label in window.findChildren(QLabel)]
    texts += [w.toolTip() for w in window.findChildren(QLabel)]
    hostile = [t for t in texts if "probe.png" in t]
    assert len(hostile) >= 6, "the hostile strings must reach the widgets for the test to count"
    for text in hostile:
        images, loaded = rendered_as_qt_would(text)
        assert not images and not loaded, text
    assert not probe.exists()


def test_the_probe_detects_markup():
    # The check itself: an unescaped tag is caught (so the test above can fail).
    images, loaded = rendered_as_qt_would('<p>x</p><img src="file:///nowhere/probe.png">')
    assert images and loaded


def test_message_boxes_show_a_path_with_markup_as_text(tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from evidens.app import main as app_main

    folder = tmp_path / "<img src='file:probe.png'>"
    folder.mkdir()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app_main.run_app(folder / "evidens.sqlite") == 3
    images, loaded = rendered_as_qt_would(shown[0])
    assert "findes ikke" in shown[0] and not images and not loaded


@pytest.mark.parametrize("text", ['<img src="\\\\server\\x.png">', "a & b", "'q' \"dq\"", "&amp;",
                                  "æøå <b>", "", "plain"])
def test_rich_text_escapes_exactly_as_html_escape(text):
    """rich_text writes html.escape out (to keep the html package out of start-up): the same
    result, for markup (quotes too) and for message text (quotes kept)."""
    import html

    from evidens.app import rich_text

    assert rich_text.escape(text) == html.escape(text, quote=True)
    assert rich_text.message(text) == (
        f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>")
