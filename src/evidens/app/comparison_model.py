"""The comparison as a table model: one column per intervention, one row per aspect.

Rows come in sections, each opened by a heading row (the view spans it across the columns): the
structured facts first, then the sources' free text, folded by default behind "Vis fritekst" —
its heading row stays and says how to open it. Rows whose facts differ are marked in the row
header with "≠" (shape, not only colour) and shaded; "Vis kun forskelle" hides the rows where all
columns agree, judged on the structured values (see :mod:`evidens.analysis.comparison`).
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from evidens.analysis.comparison import Comparison, ComparisonRow
from evidens.analysis.comparison_rows import SECTION_TEXT

from .rich_text import tooltip

Index = QModelIndex | QPersistentModelIndex
DIFF_BACKGROUND = QColor("#fff6dc")
HEADING_BACKGROUND = QColor("#eef2f6")
HEADER_WRAP = 24  # characters per line of a row label


class ComparisonModel(QAbstractTableModel):
    KeyRole = Qt.ItemDataRole.UserRole + 1
    DiffersRole = Qt.ItemDataRole.UserRole + 2
    InterventionIdRole = Qt.ItemDataRole.UserRole + 3
    SectionRole = Qt.ItemDataRole.UserRole + 4
    HeadingRole = Qt.ItemDataRole.UserRole + 5  # True on a section's heading row
    StructuredRole = Qt.ItemDataRole.UserRole + 6  # True: a fact; False: free text

    def __init__(self, parent=None):
        super().__init__(parent)
        self._comparison: Comparison | None = None
        self._rows: list[ComparisonRow | str] = []  # a str is a section heading
        self._only_differences = False
        self._free_text = False

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    @property
    def free_text(self) -> bool:
        return self._free_text

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

    def set_free_text(self, shown: bool) -> None:
        self.beginResetModel()
        self._free_text = shown
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        self._rows = []
        if self._comparison is None:
            return
        section = None
        for row in self._comparison.visible_rows(only_differences=self._only_differences,
                                                 free_text=True):
            if row.section != section:
                section = row.section
                self._rows.append(section)
            if row.structured or self._free_text:
                self._rows.append(row)

    def heading_text(self, section: str) -> str:
        if section == SECTION_TEXT and not self._free_text:
            return self.tr("{0} (skjult – vis med »Vis fritekst«)").format(section)
        return section

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
                return tooltip(f"{iv.name}\n{iv.evidence_label}")
            if role == self.InterventionIdRole:
                return iv.id
            return None
        if not 0 <= section < len(self._rows):
            return None
        row = self._rows[section]
        if isinstance(row, str):
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            # Wrapped, so one long outcome name does not take a third of a 1366-pixel screen.
            label = "\n".join(textwrap.wrap(row.label, HEADER_WRAP)) or row.label
            return f"≠ {label}" if row.differs else label
        if role == Qt.ItemDataRole.ToolTipRole:
            note = (self.tr("Værdierne er forskellige") if row.differs
                    else self.tr("Ens for alle"))
            return tooltip(f"{row.section}: {row.label} – {note}")
        if role == Qt.ItemDataRole.FontRole and row.differs:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if isinstance(row, str):
            return self._heading_data(row, index.column(), role)
        if role == Qt.ItemDataRole.DisplayRole:
            return row.values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row.values[index.column()])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            name = self._comparison.interventions[index.column()].short_name
            same = "" if row.differs else self.tr(" (ens for alle)")
            return f"{row.label}, {name}: {row.values[index.column()]}{same}"
        if role == self.KeyRole:
            return row.key
        if role == self.DiffersRole:
            return row.differs
        if role == self.SectionRole:
            return row.section
        if role == self.HeadingRole:
            return False
        if role == self.StructuredRole:
            return row.structured
        if role == Qt.ItemDataRole.BackgroundRole and row.differs:
            return DIFF_BACKGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def _heading_data(self, section: str, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.heading_text(section) if column == 0 else ""
        if role == self.HeadingRole:
            return True
        if role == self.SectionRole:
            return section
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return HEADING_BACKGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_keys(self) -> list[str]:
        """The keys of the rows shown (section headings left out)."""
        return [r.key for r in self._rows if not isinstance(r, str)]

    def spanned_rows(self) -> list[int]:
        """Rows a view shows as one cell across the columns: headings, and rows the same for
        all (read once, as "ens for alle")."""
        return [i for i, r in enumerate(self._rows) if isinstance(r, str) or not r.differs]
