"""The comparison as a table model: one column per intervention, one row per aspect.

Rows whose values differ are marked in the row header with "≠" (shape, not only colour) and
shaded; "Vis kun forskelle" hides the rows where all columns agree.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from evidens.analysis.comparison import Comparison, ComparisonRow

Index = QModelIndex | QPersistentModelIndex
DIFF_BACKGROUND = QColor("#fff6dc")


class ComparisonModel(QAbstractTableModel):
    KeyRole = Qt.ItemDataRole.UserRole + 1
    DiffersRole = Qt.ItemDataRole.UserRole + 2
    InterventionIdRole = Qt.ItemDataRole.UserRole + 3
    SectionRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent=None):
        super().__init__(parent)
        self._comparison: Comparison | None = None
        self._rows: list[ComparisonRow] = []
        self._only_differences = False

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.beginResetModel()
        self._comparison = comparison
        self._refilter()
        self.endResetModel()

    def set_only_differences(self, only: bool) -> None:
        self.beginResetModel()
        self._only_differences = only
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        rows = self._comparison.rows if self._comparison else ()
        self._rows = [r for r in rows if r.differs or not self._only_differences]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._comparison is None:
            return 0
        return len(self._comparison.interventions)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if self._comparison is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < self.columnCount():
                return None
            iv = self._comparison.interventions[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{iv.evidence_symbol} {iv.short_name}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{iv.name}\n{iv.evidence_label}"
            if role == self.InterventionIdRole:
                return iv.id
            return None
        if not 0 <= section < len(self._rows):
            return None
        row = self._rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"≠ {row.label}" if row.differs else row.label
        if role == Qt.ItemDataRole.ToolTipRole:
            note = self.tr("Værdierne er forskellige") if row.differs else self.tr("Ens for alle")
            return f"{row.section}: {row.label} – {note}"
        if role == Qt.ItemDataRole.FontRole and row.differs:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.values[index.column()]
        if role == self.KeyRole:
            return row.key
        if role == self.DiffersRole:
            return row.differs
        if role == self.SectionRole:
            return row.section
        if role == Qt.ItemDataRole.BackgroundRole and row.differs:
            return DIFF_BACKGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def row_keys(self) -> list[str]:
        return [r.key for r in self._rows]
