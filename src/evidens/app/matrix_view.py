"""The matrix table view: fits its width, spans category rows, copies cells as text."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .matrix_delegate import MatrixDelegate
from .matrix_model import MatrixModel


class MatrixView(QTableView):
    """Columns share the width (no horizontal scrolling); rows grow to their content."""

    RISK_COLUMN_SHARE = 0.17

    def __init__(self, model: MatrixModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.delegate = MatrixDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setAccessibleName(self.tr("Matrix over risikofaktorer og barriereniveauer"))
        self._relayout = QTimer(self, singleShot=True, interval=0)
        self._relayout.timeout.connect(self.fit)
        model.modelReset.connect(self._on_reset)
        model.dataChanged.connect(lambda *_: self.viewport().update())

    def _on_reset(self) -> None:
        self.clearSpans()
        for row in self.model().category_rows():
            self.setSpan(row, 0, 1, self.model().columnCount())
        self._relayout.start()

    def fit(self) -> None:
        """Share the viewport's width between the columns and size every row to its content."""
        columns = self.model().columnCount()
        if not columns:
            return
        width = self.viewport().width()
        first = max(int(width * self.RISK_COLUMN_SHARE), 110)
        rest = max((width - first) // max(columns - 1, 1), 80)
        self.setColumnWidth(0, first)
        for col in range(1, columns):
            self.setColumnWidth(col, rest if col < columns - 1 else width - first - rest * (
                columns - 2))
        self.delegate.clear_cache()
        self.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._relayout.start()

    def refresh(self) -> None:
        """Content changed shape (filter or display mode): lay the rows out again."""
        self.delegate.clear_cache()
        self._relayout.start()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)

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
