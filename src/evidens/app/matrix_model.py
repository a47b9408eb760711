"""The risk-factor × barrier-level matrix as a Qt table model.

One row per risk factor, preceded by a row for its risk category (the view spans it across all
columns); column 0 names the risk factor, columns 1–4 are the four levels. Cells carry their
barriers, links and cross-references in custom roles, and a delegate paints them: no grid of
widgets, so the youth matrix stays light and the view can wrap and resize it freely.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from evidens.evidence.records import EVIDENCE_SYMBOLS, Matrix, MatrixCell

from .rich_text import tooltip

Index = QModelIndex | QPersistentModelIndex

SHOW_BOTH, SHOW_BARRIERS, SHOW_INTERVENTIONS = "both", "barriers", "interventions"


@dataclass(frozen=True)
class _Row:
    category: str | None  # a category header row
    risk_factor_id: str | None = None
    risk_factor_name: str | None = None


class MatrixModel(QAbstractTableModel):
    COL_RISK = 0
    FIRST_LEVEL_COL = 1

    CellRole = Qt.ItemDataRole.UserRole + 1  # MatrixCell
    CountRole = Qt.ItemDataRole.UserRole + 2  # number of interventions in the cell
    IsCategoryRole = Qt.ItemDataRole.UserRole + 3
    RiskFactorIdRole = Qt.ItemDataRole.UserRole + 4
    LevelIdRole = Qt.ItemDataRole.UserRole + 5
    HighlightRole = Qt.ItemDataRole.UserRole + 6  # the highlighted intervention addresses it
    PlainTextRole = Qt.ItemDataRole.UserRole + 7  # for copying and tooltips
    ShowRole = Qt.ItemDataRole.UserRole + 8  # SHOW_BOTH / SHOW_BARRIERS / SHOW_INTERVENTIONS
    MarkedRole = Qt.ItemDataRole.UserRole + 9  # ticked by the user (profile / local cells)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._matrix: Matrix | None = None
        self._rows: list[_Row] = []
        self._show = SHOW_BOTH
        self._highlight: str | None = None
        self._marked: set[tuple[str, str]] = set()

    # -- loading and state --------------------------------------------------------------------
    def set_matrix(self, matrix: Matrix) -> None:
        self.beginResetModel()
        self._matrix = matrix
        self._rows = []
        names = {c.id: c.name for c in matrix.categories}
        current = None
        for rf in matrix.risk_factors:
            if rf.category_id != current:
                current = rf.category_id
                self._rows.append(_Row(names.get(current, rf.category_name)))
            self._rows.append(_Row(None, rf.id, rf.name))
        self.endResetModel()

    @property
    def matrix(self) -> Matrix | None:
        return self._matrix

    def set_show(self, show: str) -> None:
        self._show = show
        self._all_changed()

    def set_highlight(self, intervention_id: str | None) -> None:
        self._highlight = intervention_id
        self._all_changed()

    def set_marked(self, cells: set[tuple[str, str]]) -> None:
        self._marked = set(cells)
        self._all_changed()

    def _all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.columnCount() - 1))

    def category_rows(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.category is not None]

    def index_of(self, risk_factor_id: str, level_id: str) -> QModelIndex:
        row = next((i for i, r in enumerate(self._rows) if r.risk_factor_id == risk_factor_id), -1)
        col = next((i for i, lv in enumerate(self._levels(), self.FIRST_LEVEL_COL)
                    if lv.id == level_id), -1)
        return self.index(row, col) if row >= 0 and col >= 0 else QModelIndex()

    def _levels(self):
        return self._matrix.levels if self._matrix else ()

    def cell_at(self, index: Index) -> MatrixCell | None:
        if not index.isValid() or index.column() < self.FIRST_LEVEL_COL:
            return None
        row = self._rows[index.row()]
        if row.risk_factor_id is None:
            return None
        level = self._levels()[index.column() - self.FIRST_LEVEL_COL]
        return self._matrix.cell(row.risk_factor_id, level.id)

    # -- Qt interface -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._matrix else 1 + len(self._levels())

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role not in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if section == self.COL_RISK:
            return self.tr("Risikofaktor")
        levels = self._levels()
        if 0 < section <= len(levels):
            level = levels[section - 1]
            return level.name if role == Qt.ItemDataRole.DisplayRole else \
                tooltip(level.definition)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].category is not None:
            return Qt.ItemFlag.NoItemFlags  # keyboard navigation skips category headers
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.IsCategoryRole:
            return row.category is not None
        if role == self.ShowRole:
            return self._show
        if row.category is not None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return row.category
            return None
        if role == self.RiskFactorIdRole:
            return row.risk_factor_id
        if index.column() == self.COL_RISK:
            if role in (Qt.ItemDataRole.DisplayRole, self.PlainTextRole):
                return row.risk_factor_name
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(row.risk_factor_name)
            return None
        cell = self.cell_at(index)
        if role == self.CellRole:
            return cell
        if role == self.LevelIdRole:
            return cell.level_id
        if role == self.CountRole:
            return len(cell.links)
        if role == self.HighlightRole:
            return bool(self._highlight) and any(
                x.intervention_id == self._highlight for x in (*cell.links, *cell.crossrefs))
        if role == self.MarkedRole:
            return (cell.risk_factor_id, cell.level_id) in self._marked
        if role in (self.PlainTextRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell_text(cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self.cell_text(cell))
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(cell, compact=True)
        return None

    def cell_text(self, cell: MatrixCell, compact: bool = False) -> str:
        """The cell as plain text: what Ctrl+C copies and a screen reader reads."""
        parts = []
        if self._show != SHOW_INTERVENTIONS:
            parts += [f"• {b.text}" for b in cell.barriers]
        if self._show != SHOW_BARRIERS:
            ivs = self._matrix.interventions
            names = [f"{EVIDENCE_SYMBOLS[ivs[x.intervention_id].evidence]} "
                     f"{ivs[x.intervention_id].short_name}" for x in cell.links]
            names += [f"{x.mark} {ivs[x.intervention_id].short_name}" for x in cell.crossrefs]
            if names:
                parts.append(("" if compact else "Indsatser: ") + ", ".join(names))
            elif not compact:
                parts.append("Ingen indsatser fundet")
        return "\n".join(parts) if parts else ("" if compact else "Ingen barrierer registreret")
