"""The matrix's fast layout agrees with Qt's own: the widest word per column, the chips' look, the
documents laid out again on a resize (issue 15: at 100 risk factors × 50 chips per cell the exact
but slow ways took seconds)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument, QTextOption

from evidens.app.matrix_delegate import CHIP, PADDING, XREF_FG, _pieces
from evidens.app.matrix_model import SHOW_BARRIERS, SHOW_BOTH, SHOW_INTERVENTIONS, MatrixModel

pytestmark = pytest.mark.gui


def laid_out_longest_word(delegate, index) -> int:
    """The measurement before issue 15: the cell's document laid out at width 1 (every line as
    short as word wrap allows), its widest line."""
    doc = delegate._document(index, 10_000).clone()
    doc.setTextWidth(1)
    return int(doc.idealWidth() + 0.999) + 2 * PADDING + 2


def plain_document(font) -> QTextDocument:
    """A document set up as the delegate's, without its style sheet."""
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    option = doc.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    doc.setDefaultTextOption(option)
    return doc


def cells(model):
    categories = set(model.category_rows())
    for row in range(model.rowCount()):
        if row not in categories:
            for col in range(model.columnCount()):
                yield model.index(row, col)


@pytest.mark.parametrize("show", [SHOW_BOTH, SHOW_BARRIERS, SHOW_INTERVENTIONS])
def test_measured_words_are_as_wide_as_the_laid_out_documents(window, show):
    for page in (window.adult_matrix, window.youth_matrix):
        page.model.set_show(show)
        page.view.refresh()
        delegate, model = page.view.delegate, page.model
        columns = model.columnCount()
        measured, laid_out = [0] * columns, [0] * columns
        for index in cells(model):
            fast, slow = delegate.longest_word(index), laid_out_longest_word(delegate, index)
            assert fast >= slow, (page.group, index.row(), index.column(), fast, slow)
            measured[index.column()] = max(measured[index.column()], fast)
            laid_out[index.column()] = max(laid_out[index.column()], slow)
        # Never narrower (a word would break), and no wider: the columns keep their widths.
        assert measured == laid_out, (page.group, show)
        assert page.view.min_widths() == measured


@pytest.mark.parametrize("text", [
    "Oplysninger-projektet", "Hjemløshed/\u200bboligproblemer", "for\xadholdsvis lang",
    "12-13 år", "A–B (parentes) og\xa0ikke\xa0brudt", "arbejdsmarkedet!", "Tankegangenforløb",
    "kvinder 👩 og mænd"])
def test_pieces_are_as_wide_as_the_lines_qt_breaks_them_into(window, text):
    delegate = window.adult_matrix.view.delegate
    doc = plain_document(delegate._font(MatrixModel.FIRST_LEVEL_COL))
    doc.setPlainText(text)
    doc.setTextWidth(1)
    measured = delegate._widest("cell", text)
    assert measured >= doc.idealWidth() - 1e-6, (_pieces(text), measured, doc.idealWidth())
    if "👩" not in text:  # beyond UTF-16's first plane only white space is cut (errs wide)
        assert measured == pytest.approx(doc.idealWidth(), abs=1e-6), _pieces(text)


def _inline_styled(html: str) -> str:
    """A cell's markup with each chip's colours in its own style attribute, as it was written
    before the chips took them from the style sheet's classes."""
    def chip(match):
        href, cls, body = match.groups()
        style = (f"color:{XREF_FG};" if cls == "xref" else
                 f"background-color:{CHIP[cls][0]}; color:{CHIP[cls][1]};")
        return (f"<a href='{href}' style='text-decoration:none'><span style='{style} "
                f"text-decoration:none'>{body}</span></a>")
    legacy = re.sub(r"<a href='([^']*)' class='([a-z]+)'>(.*?)</a>", chip, html)
    assert legacy != html or "<a " not in html
    return legacy


def _render(doc: QTextDocument, width: int) -> QImage:
    doc.setTextWidth(width)
    image = QImage(width, int(doc.size().height()) + 2, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    doc.drawContents(painter)
    painter.end()
    return image


def test_chips_paint_exactly_as_with_inline_styles(window):
    compared = set()
    for page in (window.adult_matrix, window.youth_matrix):
        delegate, model = page.view.delegate, page.model
        for index in cells(model):
            if index.column() < MatrixModel.FIRST_LEVEL_COL:
                continue
            cell = index.data(MatrixModel.CellRole)
            html = delegate._html(index)
            doc = delegate._document(index, 10_000)
            legacy = plain_document(delegate._font(index.column()))
            legacy.setHtml(_inline_styled(html))
            for width in (120, 260):
                assert _render(doc, width) == _render(legacy, width), (page.group, html)
            compared |= {model.matrix.interventions[x.intervention_id].evidence
                         for x in cell.links}
            compared |= {"xref" for _ in cell.crossrefs}
    assert {"effect", "indication", "xref"} <= compared


def test_a_resize_lays_the_kept_documents_out_again(window, qtbot):
    page = window.youth_matrix
    window.show_page(page)
    view = page.view
    view.fit()
    index = page.model.index_of("youth-bolig", "institutional")
    doc = view.delegate._document(index, view.columnWidth(index.column()))
    height = view.rowHeight(index.row())
    view.resize(view.width() - 200, view.height())
    view.fit()
    assert view.delegate._document(index, view.columnWidth(index.column())) is doc
    assert doc.textWidth() == view.columnWidth(index.column()) - 2 * PADDING
    assert view.rowHeight(index.row()) > height
    page.model.set_show(SHOW_BARRIERS)
    view.refresh()
    assert view.delegate._document(index, view.columnWidth(index.column())) is not doc


def test_a_new_font_is_measured_again(window, qtbot):
    page = window.youth_matrix
    window.show_page(page)
    view = page.view
    view.fit()
    before = view.min_widths()
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)  # a FontChange: the view lays itself out again
    qtbot.waitUntil(lambda: view.min_widths() != before)
    view.fit()
    widths = view.min_widths()
    assert all(new > old for new, old in zip(widths, before, strict=True))
    for index in cells(page.model):
        assert view.delegate.longest_word(index) == laid_out_longest_word(view.delegate, index)


def test_rows_fit_their_content_after_every_change(window, qtbot):
    """fit() skips the rows when neither the widths nor the content changed (a taller window);
    any other change sizes them again."""
    page = window.youth_matrix
    window.show_page(page)
    view = page.view

    def rows_fit():
        return all(view.rowHeight(r) == view.sizeHintForRow(r)
                   for r in range(page.model.rowCount()))

    view.fit()
    assert rows_fit()
    heights = [view.rowHeight(r) for r in range(page.model.rowCount())]
    view.resize(view.width(), view.height() + 40)
    view.fit()
    assert rows_fit()
    page.model.set_show(SHOW_INTERVENTIONS)
    view.refresh()
    view.fit()
    assert rows_fit()
    assert [view.rowHeight(r) for r in range(page.model.rowCount())] != heights
    view.resize(view.width() - 150, view.height())
    view.fit()
    assert rows_fit()
