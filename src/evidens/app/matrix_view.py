"""The matrix table view: fits its width, spans category rows, copies cells as text.

It is also where the keyboard meets the matrix: the arrows start on the first real cell even when
nothing is selected (the first row is a category heading, which Qt's own cursor cannot leave),
Tab leaves the matrix instead of walking its cells, Enter or the menu key offers the cell's
interventions, and a click on a chip opens its card.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .matrix_delegate import MatrixDelegate
from .matrix_model import MatrixModel


class WrappingHeader(QHeaderView):
    """Column headings that wrap between words ("Strukturelt / niveau") instead of clipping."""

    MARGIN = 8

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

    def sectionSizeFromContents(self, logical: int):  # noqa: N802 - Qt's name
        size = super().sectionSizeFromContents(logical)
        text = self.model().headerData(logical, self.orientation()) if self.model() else None
        width = self.sectionSize(logical) - 2 * self.MARGIN
        if text and width > 0:
            font = self.font()
            font.setBold(True)  # the current column's heading is bold and widest
            bounds = QFontMetrics(font).boundingRect(
                QRect(0, 0, width, 10_000),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), str(text))
            size.setHeight(max(size.height(), bounds.height() + self.MARGIN))
        return size


class MatrixView(QTableView):
    """Columns share the width (no horizontal scrolling unless a word would not fit); rows grow
    to their content."""

    RISK_COLUMN_SHARE = 0.17
    cellMenuRequested = Signal(QModelIndex, QPoint)  # the cell, where (global) to show a menu
    chipActivated = Signal(str)  # an intervention id
    tooNarrow = Signal(bool)  # the unbroken words need more width than the view has

    def __init__(self, model: MatrixModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setHorizontalHeader(WrappingHeader(self))
        self.delegate = MatrixDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the matrix; the arrows move in it
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setAccessibleName(self.tr("Matrix over risikofaktorer og barriereniveauer"))
        self.setAccessibleDescription(self.tr(
            "Piletasterne flytter mellem cellerne; Enter viser cellens indsatser"))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.viewport().setMouseTracking(True)
        self._min_widths: list[int] | None = None
        self._fitted: tuple | None = None  # the widths and content the rows were sized for
        self._relayout = QTimer(self, singleShot=True, interval=0)
        self._relayout.timeout.connect(self.fit)
        model.modelReset.connect(self._on_reset)
        model.dataChanged.connect(lambda *_: self.viewport().update())

    def _on_reset(self) -> None:
        self.clearSpans()
        for row in self.model().category_rows():
            self.setSpan(row, 0, 1, self.model().columnCount())
        self._min_widths = None
        self.delegate.clear_cache()
        self._relayout.start()

    # -- layout -------------------------------------------------------------------------------
    def min_widths(self) -> list[int]:
        """Per column, the width of its longest word (so no word is broken mid-word)."""
        if self._min_widths is None:
            model = self.model()
            categories = set(model.category_rows())
            self._min_widths = [
                max((self.delegate.longest_word(model.index(r, c))
                     for r in range(model.rowCount()) if r not in categories), default=0)
                for c in range(model.columnCount())]
        return self._min_widths

    def fit(self) -> None:
        """Share the viewport's width between the columns and size every row to its content."""
        columns = self.model().columnCount()
        if not columns:
            return
        width = self.viewport().width()
        mins = self.min_widths()
        first = max(int(width * self.RISK_COLUMN_SHARE), 110, mins[0])
        rest = max((width - first) // max(columns - 1, 1), 80)
        self.setColumnWidth(0, first)
        for col in range(1, columns):
            share = rest if col < columns - 1 else width - first - rest * (columns - 2)
            self.setColumnWidth(col, max(share, mins[col]))
        widths = tuple(self.columnWidth(c) for c in range(columns))
        self.tooNarrow.emit(sum(widths) > width)
        fitted = (width, widths, self.delegate.generation)
        if fitted == self._fitted:
            return  # the same widths and content (a taller window): the rows fit already
        self._fitted = fitted
        # The cells' documents stay: only those whose column changed width are laid out again.
        self.resizeRowsToContents()
        self.horizontalHeader().headerDataChanged(Qt.Orientation.Horizontal, 0, columns - 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._relayout.start()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.refresh()

    def refresh(self) -> None:
        """Content changed shape (filter or display mode): lay the rows out again."""
        self.delegate.clear_cache()
        self._min_widths = None
        self._relayout.start()

    # -- keyboard -----------------------------------------------------------------------------
    def first_cell(self) -> QModelIndex:
        model = self.model()
        categories = set(model.category_rows())
        row = next((r for r in range(model.rowCount()) if r not in categories), None)
        return model.index(row, MatrixModel.FIRST_LEVEL_COL) if row is not None else QModelIndex()

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt's name
        if not self.currentIndex().isValid():
            return self.first_cell()  # Qt's cursor would stay on the disabled first row
        return super().moveCursor(action, modifiers)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        if not self.currentIndex().isValid() and event.reason() in (
                Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                Qt.FocusReason.ShortcutFocusReason):
            self.setCurrentIndex(self.first_cell())

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._request_menu(self.currentIndex())
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        index = self.indexAt(event.pos()) if event.reason() == event.Reason.Mouse else \
            self.currentIndex()
        if index.isValid():
            self._request_menu(index, None if event.reason() != event.Reason.Mouse
                               else event.globalPos())

    def _request_menu(self, index: QModelIndex, where: QPoint | None = None) -> None:
        if where is None:
            rect = self.visualRect(index)
            where = self.viewport().mapToGlobal(rect.topLeft() + QPoint(8, 8))
        self.cellMenuRequested.emit(index, where)

    # -- mouse: chips are links -----------------------------------------------------------------
    def _chip_at(self, pos: QPoint) -> str:
        index = self.indexAt(pos)
        if not index.isValid() or index.column() < MatrixModel.FIRST_LEVEL_COL:
            return ""
        href = self.delegate.anchor_at(index, pos)
        return href.partition("/")[2] if href.startswith("evidens:intervention/") else ""

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        over_chip = bool(self._chip_at(event.position().toPoint()))
        if over_chip:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not event.modifiers():
            chip = self._chip_at(event.position().toPoint())
            if chip:
                self.chipActivated.emit(chip)

    # -- copying --------------------------------------------------------------------------------
    def copy_text(self) -> str:
        """The selected cells as tab-separated text, one line per row, in table order."""
        indexes = sorted(self.selectionModel().selectedIndexes(),
                         key=lambda i: (i.row(), i.column()))
        lines: dict[int, list[str]] = {}
        for index in indexes:
            text = index.data(MatrixModel.PlainTextRole) or ""
            lines.setdefault(index.row(), []).append(" / ".join(text.splitlines()))
        return "\n".join("\t".join(cells) for cells in lines.values())

    def copy(self) -> None:
        text = self.copy_text()
        if text:
            QGuiApplication.clipboard().setText(text)
