"""Paints matrix cells: barriers as a list, interventions as chips, gaps as gaps.

A cell's content is a small rich-text document, laid out to the column's width (so the matrix
wraps instead of scrolling sideways) and cached until the width or the model's state changes.
Evidence class is shown by shape and text (◆ effect, ◇ indication), never by colour alone; the
cell's shade says how many interventions address it and the number is written in the cell too
(four light shades cannot be 3:1 apart), and a gap carries the words "ingen indsatser fundet".
Chips are links: a click opens the card (the view asks :meth:`MatrixDelegate.anchor_at`).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
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
CATEGORY_BG = "#e4e9ef"
HIGHLIGHT = "#c2410c"
MARKED = "#6d28d9"
FOCUS = "#1a4f8b"  # as the focus ring around the other controls (focus_ring.RING_COLOUR)


def shade(count: int) -> str:
    colour = SHADES[0][1]
    for minimum, value in SHADES:
        if count >= minimum:
            colour = value
    return colour


class MatrixDelegate(QStyledItemDelegate):
    def __init__(self, view: QTableView):
        super().__init__(view)
        self._view = view
        self._cache: dict[tuple, QTextDocument] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    # -- content ------------------------------------------------------------------------------
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
        count_text = (f"<span style='color:#33414e;'><b>{count}</b>&nbsp;"
                      f"{'indsats' if count == 1 else 'indsatser'}:</span> " if count else "")
        if show != SHOW_INTERVENTIONS:
            for b in cell.barriers:
                text = escape(b.text).replace("/", SLASH_BREAK)
                parts.append(f"<div style='margin-bottom:2px'>• {text}</div>")
        if show != SHOW_BARRIERS:
            ivs = model.matrix.interventions
            chips = []
            for link in cell.links:
                iv = ivs[link.intervention_id]
                bg, fg = CHIP[iv.evidence]
                chips.append(f"<a href='evidens:intervention/{escape(iv.id)}' style='"
                             f"text-decoration:none'><span style='background-color:{bg}; "
                             f"color:{fg}; text-decoration:none'>&nbsp;{iv.evidence_symbol}"
                             f"&nbsp;{escape(iv.short_name)}&nbsp;</span></a>")
            for x in cell.crossrefs:
                chips.append(f"<a href='evidens:intervention/{escape(x.intervention_id)}' "
                             f"style='text-decoration:none'><span style='color:#33414e; "
                             f"text-decoration:none'>{escape(x.mark)}&nbsp;"
                             f"{escape(ivs[x.intervention_id].short_name)}</span></a>")
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
        key = (index.row(), index.column(), width, index.data(MatrixModel.ShowRole),
               index.data(MatrixModel.CountRole), id(index.model().matrix))
        doc = self._cache.get(key)
        if doc is None:
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            font = self._view.font()
            if index.column() != MatrixModel.COL_RISK:
                font.setPointSizeF(max(font.pointSizeF() * 0.92, 7.0))
            doc.setDefaultFont(font)
            option = doc.defaultTextOption()
            # Break between words only: "Arbejdsmarke|det" is worse than a wider column.
            option.setWrapMode(QTextOption.WrapMode.WordWrap)
            doc.setDefaultTextOption(option)
            doc.setHtml(self._html(index))
            doc.setTextWidth(max(width - 2 * PADDING, 20))
            self._cache[key] = doc
        return doc

    def anchor_at(self, index: QModelIndex, pos: QPoint) -> str:
        """The link (a chip) under ``pos`` (in the view's viewport), or ""."""
        rect = self._view.visualRect(index)
        doc = self._document(index, rect.width())
        local = QPointF(pos - rect.topLeft()) - QPointF(PADDING, PADDING)
        return doc.documentLayout().anchorAt(local)

    def longest_word(self, index: QModelIndex) -> int:
        """The width of the cell's widest unbreakable piece (a word, a chip's "◆ name"): its
        column must not be narrower, or Qt would break the word in the middle."""
        doc = self._document(index, 10_000).clone()
        doc.setTextWidth(1)  # every line as short as word wrapping allows
        return int(doc.idealWidth() + 0.999) + 2 * PADDING + 2

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
