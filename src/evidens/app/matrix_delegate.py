"""Paints matrix cells: barriers as a list, interventions as chips, gaps as gaps.

A cell's content is a small rich-text document, built once per model state and laid out again
only when its column's width changes (so the matrix wraps instead of scrolling sideways).
Building is what costs at scale (100 risk factors × 50 chips per cell), so the chips take their
colours from classes of one style sheet rather than a style attribute each (Qt parses every
style attribute it meets), and the widest unbreakable word of a cell is measured with the fonts'
metrics rather than by laying the document out at width 1.
Evidence class is shown by shape and text (◆ effect, ◇ indication), never by colour alone; the
cell's shade says how many interventions address it and the number is written in the cell too
(four light shades cannot be 3:1 apart), and a gap carries the words "ingen indsatser fundet".
Chips are links: a click opens the card (the view asks :meth:`MatrixDelegate.anchor_at`).
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QModelIndex, QPoint, QPointF, QRectF, QSize, Qt, QTextBoundaryFinder
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPalette,
    QPen,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from .matrix_model import SHOW_BARRIERS, SHOW_INTERVENTIONS, MatrixModel
from .rich_text import escape

PADDING = 4
SLASH_BREAK = "/\u200b"
# Shade by number of interventions: the legend in the page explains the same steps.
SHADES = ((0, "#fbeeee"), (1, "#f4f8fb"), (3, "#e2eef7"), (6, "#c9e0f1"))
CHIP = {"effect": ("#dff0e5", "#0b4a2b"), "indication": ("#fbefd5", "#5a3b00")}
XREF_FG = "#33414e"
CATEGORY_BG = "#e4e9ef"
HIGHLIGHT = "#c2410c"
MARKED = "#6d28d9"
FOCUS = "#1a4f8b"  # as the focus ring around the other controls (focus_ring.RING_COLOUR)
# Chips are links without an underline, coloured by evidence class (``class='effect'``);
# cross-references are links in the count's grey.
STYLE_SHEET = " ".join(
    ["a { text-decoration: none; }", f".xref {{ color: {XREF_FG}; }}"]
    + [f".{name} {{ background-color: {bg}; color: {fg}; }}" for name, (bg, fg) in CHIP.items()])
# White space a line does not count at its end (HTML turns every kind but the no-break space
# into a plain space).
_TRAILING_SPACE = re.compile(r"[^\S\xa0]+$")


def shade(count: int) -> str:
    colour = SHADES[0][1]
    for minimum, value in SHADES:
        if count >= minimum:
            colour = value
    return colour


def _pieces(text: str) -> list[str]:
    """``text`` cut where Qt's word wrap may break a line (white space, after a hyphen or the
    zero-width space after a slash): Qt's own line-break rules, so no piece is narrower or wider
    than what a line can hold unbroken."""
    if text and max(text) > "\uffff":  # Qt counts in UTF-16: cut at white space only
        return [p for p in re.split(r"[^\S\xa0]+|\u200b", text) if p]
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    pieces, start = [], 0
    while (end := finder.toNextBoundary()) != -1:
        if end > start:
            piece = _TRAILING_SPACE.sub("", text[start:end])
            if piece.endswith("\xad"):  # a soft hyphen shows as "-" where the line breaks
                piece = piece[:-1] + "-"
            if piece:
                pieces.append(piece)
        start = end
    return pieces


def _chip_text(iv, mark: str | None) -> str:
    """A chip's words, held together by no-break spaces: " ◆ IPS " for an intervention, "a IPS"
    for a cross-reference with its mark. The markup and the width measurement both use it."""
    if mark is None:
        return f"\xa0{iv.evidence_symbol}\xa0{iv.short_name}\xa0"
    return f"{mark}\xa0{iv.short_name}"


class MatrixDelegate(QStyledItemDelegate):
    def __init__(self, view: QTableView):
        super().__init__(view)
        self._view = view
        self._cache: dict[tuple, QTextDocument] = {}
        self.generation = 0  # counts clear_cache(): what was laid out before is out of date
        self._chips: dict[tuple[str, str], str] = {}  # a chip's markup, per intervention
        self._chip_widths: dict[tuple[str, str], float] = {}  # a chip's widest piece
        # Measurements of text depend on the text and the font alone: kept across model resets
        # (a reload measures only names and barriers it has not seen), dropped with the font.
        self._measured_font = ""
        self._metrics: dict[str, QFontMetricsF] = {}
        self._widths: dict[tuple[str, str], float] = {}  # (font, piece) → width
        self._text_widths: dict[tuple[str, str], float] = {}  # (font, text) → widest piece

    def clear_cache(self) -> None:
        """Forget the documents: the model's content, the display mode or the font changed."""
        self.generation += 1
        self._cache.clear()
        self._chips.clear()
        self._chip_widths.clear()
        font = self._view.font().toString()
        if font != self._measured_font:
            self._measured_font = font
            self._metrics.clear()
            self._widths.clear()
            self._text_widths.clear()

    def _font(self, column: int) -> QFont:
        font = self._view.font()
        if column != MatrixModel.COL_RISK:
            font.setPointSizeF(max(font.pointSizeF() * 0.92, 7.0))
        return font

    # -- content ------------------------------------------------------------------------------
    def _chip(self, matrix, intervention_id: str, mark: str | None = None) -> str:
        """A chip's markup (a cross-reference's with its ``mark``), built once per intervention."""
        key = (intervention_id, mark or "")
        html = self._chips.get(key)
        if html is None:
            iv = matrix.interventions[intervention_id]
            css = escape(iv.evidence) if mark is None else "xref"
            html = (f"<a href='evidens:intervention/{escape(intervention_id)}' class='{css}'>"
                    f"{escape(_chip_text(iv, mark))}</a>")
            self._chips[key] = html
        return html

    def _html(self, index: QModelIndex) -> str:
        model = index.model()
        if index.data(MatrixModel.IsCategoryRole):
            return f"<b>{escape(index.data() or '')}</b>"
        if index.column() == MatrixModel.COL_RISK:
            # "Hjemløshed/boligproblemer" may wrap after the slash (a zero-width space), not in
            # the middle of a word.
            return f"<b>{escape(index.data() or '').replace('/', SLASH_BREAK)}</b>"
        cell = index.data(MatrixModel.CellRole)
        show = index.data(MatrixModel.ShowRole)
        parts = []
        count = len(cell.links)
        count_text = (f"<span style='color:{XREF_FG};'><b>{count}</b>&nbsp;"
                      f"{'indsats' if count == 1 else 'indsatser'}:</span> " if count else "")
        if show != SHOW_INTERVENTIONS:
            for b in cell.barriers:
                text = escape(b.text).replace("/", SLASH_BREAK)
                parts.append(f"<div style='margin-bottom:2px'>• {text}</div>")
        if show != SHOW_BARRIERS:
            matrix = model.matrix
            chips = [self._chip(matrix, link.intervention_id) for link in cell.links]
            chips += [self._chip(matrix, x.intervention_id, x.mark) for x in cell.crossrefs]
            if chips:
                parts.append("<div style='margin-top:3px'>" + count_text + " ".join(chips)
                             + "</div>")
            else:
                parts.append("<div style='color:#8a1c1c; margin-top:3px'><i>ingen indsatser "
                             "fundet</i></div>")
        elif count_text:
            parts.append(f"<div style='margin-top:3px'>{count_text.rstrip(': ')}</div>")
        return "".join(parts)

    def _document(self, index: QModelIndex, width: int) -> QTextDocument:
        """The cell's document laid out to ``width``: built once per model state, laid out
        again only when the width changes (a resize does not parse the markup again)."""
        key = (index.row(), index.column(), index.data(MatrixModel.ShowRole),
               index.data(MatrixModel.CountRole), id(index.model().matrix))
        doc = self._cache.get(key)
        if doc is None:
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(self._font(index.column()))
            option = doc.defaultTextOption()
            # Break between words only: "Arbejdsmarke|det" is worse than a wider column.
            option.setWrapMode(QTextOption.WrapMode.WordWrap)
            doc.setDefaultTextOption(option)
            doc.setDefaultStyleSheet(STYLE_SHEET)
            doc.setHtml(self._html(index))
            self._cache[key] = doc
        text_width = max(width - 2 * PADDING, 20)
        if doc.textWidth() != text_width:
            doc.setTextWidth(text_width)
        return doc

    def anchor_at(self, index: QModelIndex, pos: QPoint) -> str:
        """The link (a chip) under ``pos`` (in the view's viewport), or ""."""
        rect = self._view.visualRect(index)
        doc = self._document(index, rect.width())
        local = QPointF(pos - rect.topLeft()) - QPointF(PADDING, PADDING)
        return doc.documentLayout().anchorAt(local)

    # -- the widest word ----------------------------------------------------------------------
    def _width_of(self, font: str, piece: str) -> float:
        """The advance of ``piece`` in one of the cells' fonts ("risk", "cell", or with
        "-bold" / "-italic"), measured once per text and font."""
        key = (font, piece)
        width = self._widths.get(key)
        if width is None:
            metrics = self._metrics.get(font)
            if metrics is None:
                base, _, style = font.partition("-")
                qfont = self._font(MatrixModel.COL_RISK if base == "risk" else
                                   MatrixModel.FIRST_LEVEL_COL)
                qfont.setBold(style == "bold")
                qfont.setItalic(style == "italic")
                metrics = self._metrics[font] = QFontMetricsF(qfont)
            # A line is as wide as its advance plus the last glyph's overhang (a bold "r"
            # reaches past its advance), as Qt lays the line out.
            width = self._widths[key] = metrics.horizontalAdvance(piece) + max(
                0.0, -metrics.rightBearing(piece[-1]))
        return width

    def _widest(self, font: str, text: str) -> float:
        key = (font, text)
        width = self._text_widths.get(key)
        if width is None:
            width = self._text_widths[key] = max(
                (self._width_of(font, p) for p in _pieces(text)), default=0.0)
        return width

    def _chip_width(self, matrix, intervention_id: str, mark: str | None = None) -> float:
        key = (intervention_id, mark or "")
        width = self._chip_widths.get(key)
        if width is None:
            text = _chip_text(matrix.interventions[intervention_id], mark)
            width = self._chip_widths[key] = self._widest("cell", text)
        return width

    def longest_word(self, index: QModelIndex) -> int:
        """The width of the cell's widest unbreakable piece (a word, a chip's "◆ name"): its
        column must not be narrower, or Qt would break the word in the middle.

        Measured piece by piece from the same text :meth:`_html` writes, with the fonts it
        uses, and each distinct piece once (a test checks the result is never narrower than
        laying the cell's document out at width 1, which at scale took seconds)."""
        if index.data(MatrixModel.IsCategoryRole):
            widest = self._widest("risk-bold", index.data() or "")
        elif index.column() == MatrixModel.COL_RISK:
            widest = self._widest("risk-bold", (index.data() or "").replace("/", SLASH_BREAK))
        else:
            widest = self._cell_widest(index)
        return math.ceil(widest) + 2 * PADDING + 2

    def _cell_widest(self, index: QModelIndex) -> float:
        cell = index.data(MatrixModel.CellRole)
        show = index.data(MatrixModel.ShowRole)
        widest = 0.0
        count = len(cell.links)
        if count:  # "<b>12</b>&nbsp;indsatser:" is one piece in two fonts
            widest = self._width_of("cell-bold", str(count)) + self._width_of(
                "cell", f"\xa0{'indsats' if count == 1 else 'indsatser'}:")
        if show != SHOW_INTERVENTIONS and cell.barriers:  # "• text" breaks after the bullet
            widest = max([widest, self._width_of("cell", "•")] + [
                self._widest("cell", b.text.replace("/", SLASH_BREAK)) for b in cell.barriers])
        if show != SHOW_BARRIERS:
            matrix = index.model().matrix
            known, measure = self._chip_widths, self._chip_width
            widest = max([widest] + [known.get((x.intervention_id, "")) or measure(
                matrix, x.intervention_id) for x in cell.links] + [
                measure(matrix, x.intervention_id, x.mark) for x in cell.crossrefs])
            if not cell.links and not cell.crossrefs:
                widest = max(widest, self._widest("cell-italic", "ingen indsatser fundet"))
        return widest

    def _width(self, index: QModelIndex) -> int:
        if index.data(MatrixModel.IsCategoryRole):
            return self._view.viewport().width()
        return self._view.columnWidth(index.column())

    # -- painting -----------------------------------------------------------------------------
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        doc = self._document(index, self._width(index))
        return QSize(self._width(index), int(doc.size().height()) + 2 * PADDING + 2)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        rect = option.rect
        if index.data(MatrixModel.IsCategoryRole):
            painter.fillRect(rect, QColor(CATEGORY_BG))
        elif index.column() != MatrixModel.COL_RISK:
            painter.fillRect(rect, QColor(shade(index.data(MatrixModel.CountRole) or 0)))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, option.palette.color(QPalette.ColorRole.Highlight).lighter(170))
        doc = self._document(index, rect.width())
        painter.translate(rect.left() + PADDING, rect.top() + PADDING)
        clip = QRectF(0, 0, rect.width() - 2 * PADDING, rect.height() - 2 * PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        painter.setClipRect(clip)
        doc.documentLayout().draw(painter, context)
        painter.restore()
        # Told apart by line as well as colour: the profile's cells dashed, the highlight solid.
        for role, colour, width, line in (
                (MatrixModel.MarkedRole, MARKED, 3, Qt.PenStyle.DashLine),
                (MatrixModel.HighlightRole, HIGHLIGHT, 3, Qt.PenStyle.SolidLine)):
            if index.data(role):
                painter.save()
                inset = 4 if role == MatrixModel.MarkedRole and index.data(
                    MatrixModel.HighlightRole) else 0
                painter.setPen(QPen(QColor(colour), width, line))
                box = option.rect.adjusted(inset, inset, -inset, -inset)
                painter.drawRect(box.adjusted(width // 2, width // 2, -width, -width))
                painter.restore()
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        if selected or focused:
            painter.save()
            # The keyboard's cell: the app's 3 px focus colour; other selected cells: 2 px.
            pen = QPen(QColor(FOCUS) if focused else option.palette.color(
                QPalette.ColorRole.Highlight), 3 if focused else 2)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
            painter.restore()
