"""The Indsatser page: search-as-you-type, filters and the list on the left, the card on the right.

The search is debounced (a caseworker types a word, not a query per keystroke) and runs through
the repository's full-text search; the proxy then shows only the hits, best first, still subject
to the filters.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from evidens.analysis.strength import DESIGN_SHORT, STRENGTH_EXPLANATION
from evidens.evidence.records import (
    EVIDENCE_LABELS,
    EVIDENCE_SHORT_LABELS,
    GROUP_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
)

from .card_panel import CardPanel
from .intervention_model import Filters, InterventionFilterProxy, InterventionTableModel
from .page_layout import column, split_page, tab_order
from .repository import Repository
from .risk_filter import RiskFactorFilter

SEARCH_DELAY_MS = 180


class InterventionsPage(QWidget):
    statusMessage = Signal(str)
    compareRequested = Signal(list)

    def __init__(self, repository: Repository, store, parent=None):
        super().__init__(parent)
        self._repo = repository
        self._store = store
        self.model = InterventionTableModel(self)
        self.model.set_interventions(repository.interventions())
        self.model.set_favourites(set(store.favourites()))
        self.proxy = InterventionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._search_note: str | None = None  # said in the result line (fallback to any word)

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Søg i indsatser, redskaber, barrierer og "
                                                    "konklusioner (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Søg"))
        self.search_edit.setAccessibleDescription(self.tr(
            "Søger mens du skriver; Esc rydder søgningen"))
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.run_search)
        clear_search = QAction(self.tr("Ryd søgningen"), self.search_edit)
        clear_search.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear_search.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_search.triggered.connect(self.search_edit.clear)
        self.search_edit.addAction(clear_search)

        # Every filter has a visible label (its buddy, so a screen reader says "Status, Alle"
        # and Alt+letter jumps to it); "Alle" reads naturally after the label.
        self.group_combo = self._combo(self.tr("Alle"), GROUP_LABELS)
        self.kind_combo = self._combo(self.tr("Indsatser og redskaber"),
                                      {"intervention": self.tr("Kun indsatser"),
                                       "tool": self.tr("Kun redskaber")})
        self.evidence_combo = self._combo(self.tr("Alle"), dict(EVIDENCE_LABELS))
        self.status_combo = self._combo(self.tr("Alle"), STATUS_LABELS)
        self.level_combo = self._combo(self.tr("Alle"),
                                       {lv.id: lv.name for lv in repository.levels()})
        self.risk_filter = RiskFactorFilter(repository.risk_factors(), self)
        self.favourites_check = QCheckBox(self.tr("Kun favoritter"), self)
        for combo in (self.group_combo, self.kind_combo, self.evidence_combo, self.status_combo,
                      self.level_combo):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.group_combo.currentIndexChanged.connect(
            lambda: self.risk_filter.set_group(self.group_combo.currentData()))
        self.risk_filter.changed.connect(self._apply_filters)
        self.favourites_check.toggled.connect(self._apply_filters)
        self.reset_button = QPushButton(self.tr("Nulstil"), self)
        self.reset_button.setToolTip(self.tr("Ryd søgning og filtre"))
        self.reset_button.setAccessibleDescription(self.tr("Ryd søgning og filtre"))
        self.reset_button.clicked.connect(self.reset)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # The list starts in the order it came in (strongest evidence first). Setting the
        # indicator before enabling sorting sorts once; enabling first would sort by column 0 and
        # then back, and every sort makes the proxy filter every row again (docs/performance.md).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        self.table.setAccessibleName(self.tr("Indsatser og redskaber"))
        self.table.setAccessibleDescription(self.tr(
            "Pil op og ned viser kortet; Enter går til kortet; Tab forlader listen"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.activated.connect(self._go_to_card)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The name keeps a readable width and the last column takes what is left: on a narrow
        # pane (1366 pixels at 150 %) the list scrolls sideways rather than cut every name to
        # "Br…" — a stretched name column gave up its width to the others.
        header.setStretchLastSection(True)
        header.setSectionResizeMode(InterventionTableModel.COL_FAVOURITE,
                                    QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(InterventionTableModel.COL_FAVOURITE,
                                  self.table.fontMetrics().horizontalAdvance("★") + 14)
        # Widths from the longest possible label rather than ResizeToContents, which would ask
        # every row for its size hint at start-up (and again on every filter change).
        metrics = self.table.fontMetrics()
        longest = {
            InterventionTableModel.COL_GROUP: GROUP_LABELS.values(),
            InterventionTableModel.COL_KIND: KIND_LABELS.values(),
            InterventionTableModel.COL_EVIDENCE: [f"◆ {v}" for v in EVIDENCE_SHORT_LABELS.values()],
            InterventionTableModel.COL_STRENGTH: [f"▲ {v}" for v in DESIGN_SHORT.values()],
            InterventionTableModel.COL_STATUS: [f"{v} (2099)" for v in STATUS_LABELS.values()],
        }
        for col, labels in longest.items():
            header_text = self.model.headerData(col, Qt.Orientation.Horizontal)
            width = max(metrics.horizontalAdvance(t) for t in [*labels, header_text])
            self.table.setColumnWidth(col, width + 24)
        self.table.setColumnWidth(InterventionTableModel.COL_NAME,
                                  metrics.horizontalAdvance("Individual Placement and Sup"))
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.setDragEnabled(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.compare_action = QAction(self.tr("Føj de markerede til sammenligning"), self)
        self.compare_action.triggered.connect(
            lambda: self.compareRequested.emit(self.selected_ids()))
        self.table.addAction(self.compare_action)

        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setText(self.tr(
            "<p><b>Ingen indsatser eller redskaber matcher.</b></p>"
            "<p>Prøv et andet eller kortere ord – søgningen finder også bøjninger, så "
            "»mentor« finder »mentorer« – eller fjern et filter med <i>Nulstil</i>.</p>"))
        self.list_stack = QStackedWidget(self)
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Antal resultater"))
        self.count_label.setWordWrap(True)  # room for the note when the search fell back
        # How the list is ordered, in words (issue 11 §5): updated on every sort and search.
        self.order_label = QLabel(self)
        self.order_label.setWordWrap(True)
        self.order_label.setAccessibleName(self.tr("Listens rækkefølge"))
        self.order_label.setToolTip(STRENGTH_EXPLANATION)
        self.order_label.setStyleSheet("color: #4a5560;")
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._update_order)

        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setVerticalSpacing(1)
        labelled = ((self.tr("&Målgruppe"), self.group_combo), (self.tr("&Type"), self.kind_combo),
                    (self.tr("&Evidens"), self.evidence_combo),
                    (self.tr("St&atus"), self.status_combo),
                    (self.tr("&Niveau"), self.level_combo),
                    (self.tr("R&isikofaktorer"), self.risk_filter))
        self.filter_labels = []
        for i, (text, widget) in enumerate(labelled):
            label = QLabel(text, self)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            row, col = divmod(i, 3)
            filters.addWidget(label, 2 * row, col)
            filters.addWidget(widget, 2 * row + 1, col)
            filters.setColumnStretch(col, 1)
            self.filter_labels.append(label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.favourites_check)
        bottom.addWidget(self.reset_button)

        left = column(self, self.search_edit, filters, self.list_stack, self.order_label, bottom,
                      stretch=self.list_stack)
        self.card = CardPanel(repository, store, self)
        self.card.compareRequested.connect(self._compare_card)
        self.card.favouritesChanged.connect(self._on_favourites_changed)
        self.card.view.navigated.connect(self._on_navigated)
        self.splitter = split_page(self, left, self.card, (620, 740), stretch=(2, 3))
        self._update_count()
        self._update_order()
        tab_order(self.search_edit, self.group_combo, self.kind_combo, self.evidence_combo,
                  self.status_combo, self.level_combo, self.risk_filter, self.table,
                  self.favourites_check, self.reset_button, *self.card.focus_chain())

    def first_focus(self) -> QWidget:
        return self.search_edit

    def _go_to_card(self, _index: QModelIndex) -> None:
        """Enter in the list: the card is already shown; go and read it."""
        self.card.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _compare_card(self, ids: list[str]) -> None:
        """The card's "Føj til sammenligning": the marked rows when several are marked and the
        card is one of them, else the card."""
        selected = self.selected_ids()
        self.compareRequested.emit(selected if len(selected) > 1 and ids[0] in selected
                                   else ids)

    def _combo(self, all_label: str, items: dict[str, str]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(all_label, None)
        for key, label in items.items():
            combo.addItem(label, key)
        return combo

    # -- search and filters -------------------------------------------------------------------
    def run_search(self) -> None:
        # The search module (and its stemmer) comes with the first search, not the first frame.
        from evidens.evidence.search import fallback_note, query_terms

        self._search_timer.stop()
        text = self.search_edit.text()
        terms = tuple(query_terms(text))
        self._search_note = None
        if not terms:
            was_ranked = self.proxy.rank_by_score
            self.model.set_search(None)
            self.proxy.set_search_active(False)
            self.proxy.rank_by_score = False
            if was_ranked:  # back to the column order the header shows (or the default order)
                header = self.table.horizontalHeader()
                header.setSortIndicatorShown(True)
                self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        else:
            hits = self._repo.search(text)
            # the search fell back to any word: the result line says so
            self._search_note = fallback_note(hits)
            # The search's own order (where the words stand, then evidence, then bm25) as the
            # score the list ranks by: the first hit gets the highest.
            self.model.set_search({h.intervention.id: float(len(hits) - i)
                                   for i, h in enumerate(hits)},
                                  {h.intervention.id: h.matched_in for h in hits})
            self.proxy.set_search_active(True)
            # Best hit first: rank by the search's order until the user clicks a column header.
            self.proxy.rank_by_score = True
            self.table.horizontalHeader().setSortIndicatorShown(False)
            self.proxy.sort(InterventionTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        self.card.view.set_search_terms(terms)
        self._update_count()
        self._update_order()

    def _on_header_clicked(self, _section: int) -> None:
        self.proxy.rank_by_score = False
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.proxy.invalidate()
        self._update_order()

    def order_text(self) -> str:
        """The list's order in one short Danish sentence."""
        if self.proxy.rank_by_score:
            return self.tr("Bedste søgetræf først: ordene i navnet før målgruppe og formål før "
                           "resten; står de lige, det stærkeste fund først.")
        header = self.table.horizontalHeader()
        column, descending = header.sortIndicatorSection(), (
            header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
        model = InterventionTableModel
        if column == model.COL_STRENGTH:
            return (self.tr("Svageste fund først (klik på Styrke for stærkeste først).")
                    if descending else self.tr(
                        "Stærkeste fund først: positiv effekt før blandet, beskrivende og "
                        "ingen effekt; ved samme retning RCT før review, kvasi, før-efter og "
                        "kvalitativ."))
        if column == model.COL_EVIDENCE:
            return self.tr("Efter evidensklasse; inden for klassen det stærkeste fund først.")
        if 0 <= column < model.COLUMN_COUNT and column != model.COL_FAVOURITE:
            name = self.model.headerData(column, Qt.Orientation.Horizontal)
            return self.tr("Efter {0}. Klik på Styrke for stærkeste fund først.").format(
                name.lower())
        return self.tr("Voksne før unge, indsatser før redskaber, evidens for effekt først. "
                       "Klik på Styrke for stærkeste fund først.")

    def _update_order(self, *_args) -> None:
        self.order_label.setText(self.order_text())

    def current_filters(self) -> Filters:
        return Filters(
            group=self.group_combo.currentData(), kind=self.kind_combo.currentData(),
            evidence=self.evidence_combo.currentData(), status=self.status_combo.currentData(),
            risk_factors=self.risk_filter.selected(), level=self.level_combo.currentData(),
            favourites_only=self.favourites_check.isChecked())

    def _apply_filters(self) -> None:
        self.proxy.set_filters(self.current_filters())
        self._update_count()

    def reset(self) -> None:
        for combo in (self.group_combo, self.kind_combo, self.evidence_combo, self.status_combo,
                      self.level_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.risk_filter.blockSignals(True)
        self.risk_filter.set_group(None)
        self.risk_filter.clear()
        self.risk_filter.blockSignals(False)
        self.favourites_check.blockSignals(True)
        self.favourites_check.setChecked(False)
        self.favourites_check.blockSignals(False)
        self.search_edit.clear()
        self.run_search()
        self._apply_filters()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = self.tr("{0} indsatser og redskaber").format(total)
        else:
            text = self.tr("{0} af {1} indsatser og redskaber").format(shown, total)
        if self._search_note and shown:
            text = f"{self._search_note} · {text}"
        self.count_label.setText(text)
        self.list_stack.setCurrentWidget(self.table if shown else self.empty_label)

    # -- selection and cards ------------------------------------------------------------------
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.card.view.show_target("intervention",
                                       current.data(InterventionTableModel.IdRole))

    def open_card(self, intervention_id: str) -> bool:
        return self.card.view.show_target("intervention", intervention_id)

    def _on_navigated(self, kind: str, target_id: str) -> None:
        if kind != "intervention":
            return
        row = self.model.row_of(target_id)
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if proxy_index.isValid() and self.table.currentIndex().row() != proxy_index.row():
            self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().setCurrentIndex(
                proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.selectionModel().blockSignals(False)
            self.table.viewport().update()
        self.statusMessage.emit("")

    def _on_favourites_changed(self) -> None:
        self.model.set_favourites(set(self._store.favourites()))
        if self.favourites_check.isChecked():
            self._apply_filters()

    def current_brief(self):
        """The open card as a printable brief, or None when no card is open."""
        card = self.card.current_card()
        return self._repo.card_brief(card) if card else None

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [r.data(InterventionTableModel.IdRole) for r in rows]
