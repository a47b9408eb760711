"""The intervention list: a table model over the query layer, and the proxy that filters it.

Modelled on Vorta's archive table model: column constants, custom roles for what views and tests
need beyond the display text, and ``beginResetModel``/``endResetModel`` around every reload. The
model holds plain dataclasses; filtering and sorting live in the proxy so the view can sort by
clicking a header without the model knowing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from evidens.analysis.strength import STRENGTH_EXPLANATION, strength_text
from evidens.evidence.records import EVIDENCE_ORDER, EVIDENCE_SHORT_LABELS, InterventionSummary

from .rich_text import tooltip

Index = QModelIndex | QPersistentModelIndex

MIME_IDS = "application/x-evidens-intervention-ids"
MATCH_LABELS = {"intervention": "kortet", "conclusion": "STAR-konklusion", "barrier": "barriere"}

class InterventionTableModel(QAbstractTableModel):
    # Evidence and strength beside the name: on a narrow pane they are what must stay in view.
    COL_FAVOURITE, COL_NAME, COL_EVIDENCE, COL_STRENGTH, COL_GROUP, COL_KIND, COL_STATUS = range(7)
    COLUMN_COUNT = 7

    IdRole = Qt.ItemDataRole.UserRole + 1
    SummaryRole = Qt.ItemDataRole.UserRole + 2
    SortRole = Qt.ItemDataRole.UserRole + 3
    FavouriteRole = Qt.ItemDataRole.UserRole + 4
    ScoreRole = Qt.ItemDataRole.UserRole + 5

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[InterventionSummary] = []
        self._original_position: dict[str, int] = {}  # the order the rows came in
        self._favourites: set[str] = set()
        self._scores: dict[str, float] = {}
        self._matched: dict[str, tuple[str, ...]] = {}
        self._headers = (
            "", self.tr("Navn"), self.tr("Evidens"), self.tr("Styrke"), self.tr("Målgruppe"),
            self.tr("Type"), self.tr("Status"),
        )

    # -- loading ------------------------------------------------------------------------------
    def set_interventions(self, rows: list[InterventionSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._original_position = {iv.id: i for i, iv in enumerate(rows)}
        self.endResetModel()

    # -- sorting ------------------------------------------------------------------------------
    # The model sorts itself with Python's sort on precomputed keys: letting the proxy sort would
    # call data() twice per comparison, which at 10,000 rows takes a second per click.
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:
            self._reorder(lambda iv: self._original_position[iv.id], False)
        else:
            self._reorder(lambda iv: self._sort_key(iv, column),
                          order == Qt.SortOrder.DescendingOrder)

    def sort_by_score(self) -> None:
        """Best search hit first; rows without a score keep their order at the end."""
        self._reorder(lambda iv: (-self._scores.get(iv.id, float("-inf")),
                                  iv.name.casefold()), False)

    def _reorder(self, key, reverse: bool) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[i.row()].id for i in persistent]
        self._rows.sort(key=key, reverse=reverse)
        position = {iv.id: i for i, iv in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent, [self.index(position[iid], i.column()) for iid, i in
                         zip(ids, persistent, strict=True)])
        self.layoutChanged.emit()

    def set_favourites(self, ids: set[str]) -> None:
        self._favourites = set(ids)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.COL_FAVOURITE),
                                  self.index(len(self._rows) - 1, self.COL_NAME))

    def set_search(self, scores: dict[str, float] | None,
                   matched: dict[str, tuple[str, ...]] | None = None) -> None:
        """Search scores (None: no search active). Rows stay; the proxy hides the misses."""
        self._scores = dict(scores or {})
        self._matched = dict(matched or {})
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.COLUMN_COUNT - 1))

    def row_of(self, intervention_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == intervention_id), -1)

    # -- Qt interface -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [MIME_IDS, "text/plain"]

    def mimeData(self, indexes):  # noqa: N802
        """Dragged rows carry their ids (for the comparator) and names (for other programs)."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        from PySide6.QtCore import QMimeData  # on a drag, not at start-up

        data = QMimeData()
        data.setData(MIME_IDS, " ".join(self._rows[r].id for r in rows).encode("utf-8"))
        data.setText("\n".join(self._rows[r].name for r in rows))
        return data

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.COLUMN_COUNT:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == self.COL_FAVOURITE:
                return self.tr("Favorit")
            if role == Qt.ItemDataRole.ToolTipRole and section == self.COL_EVIDENCE:
                return self.tr("◆ Effekt: evidens for effekt (kontrolgruppedesign, * i "
                               "rapportens tabeller)\n◇ Indikationer: positive indikationer "
                               "(før-efter-måling eller kvalitativ evaluering)\n"
                               "Sorteret efter evidens: ved lige klasse det stærkeste fund først")
            if role == Qt.ItemDataRole.ToolTipRole and section == self.COL_STRENGTH:
                return self.tr(STRENGTH_EXPLANATION)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        iv = self._rows[index.row()]
        col = index.column()
        if role == self.IdRole:
            return iv.id
        if role == self.SummaryRole:
            return iv
        if role == self.FavouriteRole:
            return iv.id in self._favourites
        if role == self.ScoreRole:
            return self._scores.get(iv.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(iv, col)
        if role == self.SortRole:
            return self._sort_key(iv, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_STRENGTH:
            return tooltip(self.tr("Stærkeste hovedfund: {0}").format(
                strength_text(iv.strength, False)))
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{iv.name}\n{iv.evidence_label}\n\n{iv.purpose}"
            if iv.id in self._matched:
                found = ", ".join(MATCH_LABELS.get(m, m) for m in self._matched[iv.id])
                tip = self.tr("Søgeordene står i: {0}").format(found) + "\n\n" + tip
            return tooltip(tip)
        if role == Qt.ItemDataRole.FontRole and col == self.COL_NAME and iv.id in self._scores:
            from PySide6.QtGui import QFont  # during a search, not at start-up

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and col == self.COL_STRENGTH:
            return strength_text(iv.strength, False)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == self.COL_FAVOURITE:
            return self.tr("Favorit") if iv.id in self._favourites else self.tr("Ikke favorit")
        return None

    def _display(self, iv: InterventionSummary, col: int) -> str | None:
        if col == self.COL_FAVOURITE:
            return "★" if iv.id in self._favourites else ""
        if col == self.COL_NAME:
            return iv.name
        if col == self.COL_GROUP:
            return iv.group_label
        if col == self.COL_KIND:
            return iv.kind_label
        if col == self.COL_EVIDENCE:
            return f"{iv.evidence_symbol} {EVIDENCE_SHORT_LABELS[iv.evidence]}"
        if col == self.COL_STRENGTH:
            return strength_text(iv.strength)
        if col == self.COL_STATUS:
            return iv.status_label
        return None

    def _sort_key(self, iv: InterventionSummary, col: int):
        if col == self.COL_FAVOURITE:
            return 0 if iv.id in self._favourites else 1
        # Strongest first when ascending (999 - strength), then the other ranking key.
        if col == self.COL_EVIDENCE:
            return f"{EVIDENCE_ORDER[iv.evidence]}{999 - iv.strength:03d}{iv.name.casefold()}"
        if col == self.COL_STRENGTH:
            return f"{999 - iv.strength:03d}{EVIDENCE_ORDER[iv.evidence]}{iv.name.casefold()}"
        if col == self.COL_NAME:
            return iv.name.casefold()
        return f"{self._display(iv, col)}{iv.name.casefold()}"


@dataclass
class Filters:
    """The list's filter state; ``None`` means "alle"."""

    group: str | None = None
    kind: str | None = None
    evidence: str | None = None
    status: str | None = None
    risk_factors: frozenset[str] = frozenset()  # any of them (empty: all)
    level: str | None = None
    favourites_only: bool = False

    def is_default(self) -> bool:
        return self == Filters()


class InterventionFilterProxy(QSortFilterProxyModel):
    """Filters by the chosen facets and, during a search, by the search hits (best first)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._filters = Filters()
        self._search_active = False
        self.rank_by_score = False  # during a search, until the user sorts by a column
        self.setDynamicSortFilter(True)

    @property
    def filters(self) -> Filters:
        return self._filters

    def set_filters(self, filters: Filters) -> None:
        self.beginFilterChange()
        self._filters = filters
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search_active(self, active: bool) -> None:
        self.beginFilterChange()
        self._search_active = active
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        iv: InterventionSummary = model.data(index, InterventionTableModel.SummaryRole)
        f = self._filters
        if self._search_active and model.data(index, InterventionTableModel.ScoreRole) is None:
            return False
        if f.favourites_only and not model.data(index, InterventionTableModel.FavouriteRole):
            return False
        return not (
            f.group and iv.group != f.group or f.kind and iv.kind != f.kind
            or f.evidence and iv.evidence != f.evidence or f.status and iv.status != f.status
            or f.risk_factors and f.risk_factors.isdisjoint(iv.risk_factor_ids)
            or f.level and f.level not in iv.level_ids
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's job (see InterventionTableModel.sort); the proxy only
        filters and keeps the source's order."""
        model = self.sourceModel()
        if self._search_active and self.rank_by_score:
            model.sort_by_score()
        else:
            model.sort(column, order)
