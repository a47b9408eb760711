"""The intervention list: a table model over the query layer, and the proxy that filters it.

Modelled on Vorta's archive table model: column constants, custom roles for what views and tests
need beyond the display text, and ``beginResetModel``/``endResetModel`` around every reload. The
model holds plain dataclasses; filtering and sorting live in the proxy so the view can sort by
clicking a header without the model knowing.

At 10,000 rows every call from Qt into Python counts: the view asks for seven roles per painted
cell and the proxy tests every row on each filter change, reset or sort. So the roles the model
does not answer leave at once, each row's display texts are made once per reset (when first
shown), the flags are worked out once, and the proxy reads the rows straight from its model
rather than through ``index()`` and ``data()``.
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
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FONT = Qt.ItemDataRole.FontRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole


class InterventionTableModel(QAbstractTableModel):
    # Evidence and strength beside the name: on a narrow pane they are what must stay in view.
    COL_FAVOURITE, COL_NAME, COL_EVIDENCE, COL_STRENGTH, COL_GROUP, COL_KIND, COL_STATUS = range(7)
    COLUMN_COUNT = 7

    IdRole = Qt.ItemDataRole.UserRole + 1
    SummaryRole = Qt.ItemDataRole.UserRole + 2
    SortRole = Qt.ItemDataRole.UserRole + 3
    FavouriteRole = Qt.ItemDataRole.UserRole + 4
    ScoreRole = Qt.ItemDataRole.UserRole + 5
    # Every role data() answers: the others (alignment, colours, check state, …) return at once.
    ROLES = frozenset({_DISPLAY, _TOOLTIP, _FONT, _ACCESSIBLE, IdRole, SummaryRole, SortRole,
                       FavouriteRole, ScoreRole})

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[InterventionSummary] = []
        self._original: list[InterventionSummary] = []  # the order the rows came in
        self._texts: dict[str, tuple[str | None, ...]] = {}  # display texts per id, this reset
        self._flags: Qt.ItemFlag | None = None
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
        self._original = list(rows)
        self._texts = {}
        self.endResetModel()

    def summary_at(self, row: int) -> InterventionSummary:
        """The row's summary, for the proxy's filter (no index or data() call per row)."""
        return self._rows[row]

    def is_favourite(self, intervention_id: str) -> bool:
        return intervention_id in self._favourites

    def score(self, intervention_id: str) -> float | None:
        return self._scores.get(intervention_id)

    # -- sorting ------------------------------------------------------------------------------
    # The model sorts itself with Python's sort on precomputed keys: letting the proxy sort would
    # call data() twice per comparison, which at 10,000 rows takes a second per click.
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:
            self._reorder(list(self._original))
        else:
            self._reorder(sorted(self._rows, key=lambda iv: self._sort_key(iv, column),
                                 reverse=order == Qt.SortOrder.DescendingOrder))

    def sort_by_score(self) -> None:
        """Best search hit first; rows without a score keep their order at the end."""
        self._reorder(sorted(self._rows, key=lambda iv: (
            -self._scores.get(iv.id, float("-inf")), iv.name.casefold())))

    def _reorder(self, rows: list[InterventionSummary]) -> None:
        """The same rows in a new order; persistent indexes follow their rows."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[i.row()].id for i in persistent]
        self._rows = rows
        if persistent:
            position = {iv.id: i for i, iv in enumerate(rows)}
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
        if not index.isValid():
            return super().flags(index)
        if self._flags is None:  # the same for every cell: asked for each one painted
            self._flags = super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled
        return self._flags

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

    def data(self, index: Index, role: int = _DISPLAY):
        if role not in self.ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        iv = self._rows[row]
        col = index.column()
        if role == _DISPLAY:
            return self._display(iv, col)
        if role == self.IdRole:
            return iv.id
        if role == self.SummaryRole:
            return iv
        if role == self.FavouriteRole:
            return iv.id in self._favourites
        if role == self.ScoreRole:
            return self._scores.get(iv.id)
        if role == self.SortRole:
            return self._sort_key(iv, col)
        if role == _TOOLTIP and col == self.COL_STRENGTH:
            return tooltip(self.tr("Stærkeste hovedfund: {0}").format(
                strength_text(iv.strength, False)))
        if role == _TOOLTIP:
            tip = f"{iv.name}\n{iv.evidence_label}\n\n{iv.purpose}"
            if iv.id in self._matched:
                found = ", ".join(MATCH_LABELS.get(m, m) for m in self._matched[iv.id])
                tip = self.tr("Søgeordene står i: {0}").format(found) + "\n\n" + tip
            return tooltip(tip)
        if role == _FONT and col == self.COL_NAME and iv.id in self._scores:
            from PySide6.QtGui import QFont  # during a search, not at start-up

            font = QFont()
            font.setBold(True)
            return font
        if role == _ACCESSIBLE and col == self.COL_STRENGTH:
            return strength_text(iv.strength, False)
        if role == _ACCESSIBLE and col == self.COL_FAVOURITE:
            return self.tr("Favorit") if iv.id in self._favourites else self.tr("Ikke favorit")
        return None

    def _display(self, iv: InterventionSummary, col: int) -> str | None:
        if col == self.COL_FAVOURITE:
            return "★" if iv.id in self._favourites else ""
        texts = self._texts.get(iv.id)
        if texts is None:  # made when the row is first shown or sorted on, kept until a reset
            texts = self._texts[iv.id] = tuple(
                self._text(iv, c) for c in range(self.COLUMN_COUNT))
        return texts[col] if 0 <= col < self.COLUMN_COUNT else None

    def _text(self, iv: InterventionSummary, col: int) -> str | None:
        """A display text that depends on the row alone (not the favourites)."""
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
        self._source: InterventionTableModel | None = None
        self._all_pass = True  # no filter and no search: every row shows
        self.rank_by_score = False  # during a search, until the user sorts by a column
        self.setDynamicSortFilter(True)

    def setSourceModel(self, model) -> None:  # noqa: N802 - Qt's name
        self._source = model
        super().setSourceModel(model)

    @property
    def filters(self) -> Filters:
        return self._filters

    def set_filters(self, filters: Filters) -> None:
        self.beginFilterChange()
        self._filters = filters
        self._all_pass = filters.is_default() and not self._search_active
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search_active(self, active: bool) -> None:
        self.beginFilterChange()
        self._search_active = active
        self._all_pass = self._filters.is_default() and not active
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Called for every row on each filter change, reset and sort: read the row directly,
        # and not at all when nothing filters (the list as it opens).
        if self._all_pass:
            return True
        model = self._source
        iv = model.summary_at(source_row)
        f = self._filters
        if self._search_active and model.score(iv.id) is None:
            return False
        if f.favourites_only and not model.is_favourite(iv.id):
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
