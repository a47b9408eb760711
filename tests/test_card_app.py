"""The card in the app (issue 11 §2, issue 13 §1): the overview on screen, "Om kilderne" folded
until asked for, a headline number one click from its result, the data as an edition in the
status bar, and the curators' notes only under Hjælp → Om datagrundlaget.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from evidens.briefs.wording import danish_quotes
from evidens.evidence import queries

pytestmark = pytest.mark.gui


def test_card_opens_with_the_overview_and_folds_the_source_notes(window):
    page = window.interventions_page
    page.open_card("ips")
    view = page.card.view
    text = view.toPlainText()
    assert text.index("Overblik") < text.index("Kort fortalt") < text.index("Formål")
    assert "59,5 % vs 46,5 %" in text and "+13 procentpoint" in text
    assert "Bemærkninger til kilderne" not in text and "Kildernes egne ord" not in text
    assert "Vis noter, citater og litteratur" in text

    view.anchorClicked.emit(QUrl("evidens:fold/sources"))
    text = view.toPlainText()
    assert view.sources_open
    assert "Kildernes egne ord" in text and "Litteratur" in text
    assert view.verticalScrollBar().value() > 0  # kept in view: scrolled to "Om kilderne"
    assert view.current == ("intervention", "ips")  # unfolding is not a navigation
    assert not page.card.back_action.isEnabled()

    view.anchorClicked.emit(QUrl("evidens:fold/sources"))
    assert "Kildernes egne ord" not in view.toPlainText()

    view.toggle_sources()
    page.open_card("housing-first")  # another card opens folded again
    assert not view.sources_open and "Vis noter" in view.toPlainText()


def test_a_headline_number_scrolls_to_its_result(window, qtbot, conn):
    page = window.interventions_page
    page.open_card("ips")
    view = page.card.view
    view.resize(500, 300)
    qtbot.wait(10)
    bar = view.verticalScrollBar()
    bar.setValue(0)
    iv = queries.intervention(conn, "ips")
    index = next(i for i, r in enumerate(iv.results) if r.headline)
    view.anchorClicked.emit(QUrl(f"#ips-result-{index + 1}"))
    assert bar.value() > 0
    assert view.current == ("intervention", "ips")


def test_status_bar_names_the_edition_not_the_hash(window):
    message = window.statusBar().currentMessage()
    version = window.repository.info.data_version
    assert message.startswith("Datagrundlag: udgave 2026.1 af ")
    assert version.partition("+")[2] not in message


def test_data_notes_dialog_shows_curator_notes_and_cards_do_not(window, qtbot, monkeypatch,
                                                                  conn):
    from evidens.app.data_notes_dialog import DataNotesDialog

    shown = []
    monkeypatch.setattr(DataNotesDialog, "exec", lambda self: shown.append(self) or 0)
    help_menu = window.menuBar().actions()[-1].menu()
    action = next(a for a in help_menu.actions() if "datagrundlaget" in a.text())
    action.trigger()
    dialog = shown[0]
    qtbot.addWidget(dialog)
    text = " ".join(dialog.browser.toPlainText().split())
    notes = [n for s in queries.interventions(conn)
             for n in [queries.intervention(conn, s.id).curator_note] if n]
    assert notes, "the data has curator notes on interventions"
    assert danish_quotes(" ".join(notes[0].split()))[:60] in text
    assert "Indsatser og redskaber" in text

    page = window.interventions_page
    for s in queries.interventions(conn):
        iv = queries.intervention(conn, s.id)
        if iv.curator_note:
            page.open_card(s.id)
            card = " ".join(page.card.view.toPlainText().split())
            assert danish_quotes(" ".join(iv.curator_note.split()))[:60] not in card, s.id



def test_every_card_fits_the_narrow_pane_without_sideways_scrolling(window, qtbot, conn):
    """At 1366×768 and 150 % the card pane is 368 logical pixels wide. Every card, overview and
    big headline numbers included, must wrap to it rather than scroll sideways (the numbers sat
    in a table column beside their labels and pushed the pane 40-90 px wide).

    A name that is itself one word wider than the pane in heading size
    ("Omsorgsarbeiderprosjektet") is left out here; the next test shows its heading set smaller
    to fit (Qt cannot hyphenate). At scale
    1.0 a few tables' minimum widths still exceed 368 px by up to 14 px (at a real 150 % they do
    not), so up to 16 px is tolerated; the overflow this guards against was 30-90 px."""
    page = window.interventions_page
    view = page.card.view
    width = 910
    for _ in range(20):  # the pane's width follows the window's; find the window for 368 px
        window.resize(width, 512)
        qtbot.wait(5)
        if view.viewport().width() == 368:
            break
        width += 368 - view.viewport().width()
    assert view.viewport().width() == 368
    wide = {}
    for s in queries.interventions(conn):
        page.open_card(s.id)
        if view.horizontalScrollBar().maximum() > 0:
            wide[s.id] = view.horizontalScrollBar().maximum()
    one_long_word = {s.id for s in queries.interventions(conn)
                     if max(len(w) for w in s.name.split()) > 20}
    assert {k: v for k, v in wide.items() if k not in one_long_word and v > 16} == {}, wide


def _heading(view):
    from PySide6.QtGui import QTextCursor

    block = view.document().begin()
    while block.blockFormat().headingLevel() != 1:
        block = block.next()
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    return block, cursor.charFormat().font().pointSizeF()


def test_a_name_of_one_long_word_is_set_smaller_rather_than_scrolled(window, qtbot):
    """»Omsorgsarbeiderprosjektet« is one word wider than the 368-pixel pane of 1366×768 at
    150 % in heading size (with the fonts the app finds there). In a pane narrower than the
    name, the heading shrinks to fit rather than the card scrolling sideways, and is back at full
    size when the pane is wide again; other headings keep their size."""
    page = window.interventions_page
    view = page.card.view
    layout = view.document().documentLayout()
    window.resize(1400, 720)
    page.open_card("ips")
    full = _heading(view)[1]
    page.open_card("omsorgsarbeiderprosjektet")
    block, size = _heading(view)
    assert size == full
    name_width = block.layout().lineAt(0).naturalTextWidth()
    target = int(name_width * 0.85)  # a pane the name does not fit
    width = 1400
    for _ in range(20):
        window.resize(width, 512)
        qtbot.wait(5)
        if view.viewport().width() == target:
            break
        width += target - view.viewport().width()
    assert view.viewport().width() == target
    block, size = _heading(view)
    assert size < full
    assert layout.blockBoundingRect(block).right() <= view.document().textWidth() + 4
    page.open_card("ips")
    assert _heading(view)[1] == full
    page.open_card("omsorgsarbeiderprosjektet")
    window.resize(1400, 720)
    qtbot.waitUntil(lambda: _heading(view)[1] == full, timeout=2000)
