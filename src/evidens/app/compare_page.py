"""The Sammenlign page: choose 2–4 interventions or tools and read them side by side.

Interventions arrive from the card ("Sammenlign"), from the list's context menu, by drag and drop
from the page's own list, or by double-click. Columns can be moved and removed; the choice is kept
in the user store so it survives a restart, and whole comparisons can be saved under a name.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from evidens.user_store import COMPARISON_MAX, UserStoreError

from .comparison_model import ComparisonModel
from .intervention_model import MIME_IDS, InterventionTableModel
from .page_layout import column, split_page, tab_order
from .repository import Repository
from .rich_text import escape


class ComparisonTable(QTableView):
    """The comparison grid; accepts interventions dropped from a list."""

    idsDropped = Signal(list)

    def __init__(self, model: ComparisonModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                  | Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(self.tr("Sammenligning"))
        # Row heights follow the wrapped text, re-measured once the columns have their width.
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.resizeRowsToContents)
        model.modelReset.connect(self._set_spans)
        model.modelReset.connect(self._fit_timer.start)

    def _set_spans(self) -> None:
        """Section headings, and rows the same for every column, read as one cell across."""
        self.clearSpans()
        model: ComparisonModel = self.model()
        if model.columnCount() > 1:
            for row in model.spanned_rows():
                self.setSpan(row, 0, 1, model.columnCount())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_timer.start()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's names
        if event.mimeData().hasFormat(MIME_IDS):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(MIME_IDS):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        data = event.mimeData()
        if data.hasFormat(MIME_IDS):
            self.idsDropped.emit(bytes(data.data(MIME_IDS)).decode("utf-8").split())
            event.acceptProposedAction()


class ChoiceList(QListView):
    """The list to choose from: Enter or Space adds the marked interventions (as double-click
    and dragging do with the mouse)."""

    addRequested = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) \
                and self.currentIndex().isValid():
            if not self.selectionModel().isSelected(self.currentIndex()):
                self.setCurrentIndex(self.currentIndex())
            self.addRequested.emit()
            return
        super().keyPressEvent(event)


class ComparePage(QWidget):
    message = Signal(str)
    openIntervention = Signal(str)

    def __init__(self, repository: Repository, store, parent=None):
        super().__init__(parent)
        self._repo = repository
        self._store = store
        self.ids: list[str] = []

        self.source_model = InterventionTableModel(self)
        self.source_model.set_interventions(repository.interventions())
        self.source_proxy = QSortFilterProxyModel(self)
        self.source_proxy.setSourceModel(self.source_model)
        self.source_proxy.setFilterKeyColumn(InterventionTableModel.COL_NAME)
        self.source_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Find indsats eller redskab …"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.source_proxy.setFilterFixedString)
        self.filter_edit.setAccessibleName(self.tr("Find indsats eller redskab"))
        self.source_list = ChoiceList(self)
        self.source_list.setAccessibleName(self.tr("Indsatser og redskaber at sammenligne"))
        self.source_list.setAccessibleDescription(self.tr(
            "Enter eller mellemrum føjer den markerede til sammenligningen"))
        self.source_list.addRequested.connect(self.add_selected)
        self.source_list.setModel(self.source_proxy)
        self.source_list.setModelColumn(InterventionTableModel.COL_NAME)
        self.source_list.setDragEnabled(True)
        self.source_list.setWordWrap(True)
        self.source_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.source_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.source_list.doubleClicked.connect(
            lambda index: self.add([index.data(InterventionTableModel.IdRole)]))
        self.source_list.setToolTip(self.tr("Træk en indsats over i sammenligningen, "
                                            "dobbeltklik på den, eller tryk Enter"))

        self.model = ComparisonModel(self)
        self.table = ComparisonTable(self.model, self)
        self.table.idsDropped.connect(self.add)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        self.table.setAccessibleDescription(self.tr(
            "Én kolonne pr. indsats; Venstre og Højre vælger kolonne, Delete fjerner den"))
        remove = QAction(self.tr("Fjern kolonnen"), self.table)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.table.addAction(remove)
        self.placeholder = QLabel(self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAcceptDrops(False)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.table)
        self.left_button = QPushButton(self.tr("◀ Flyt"), self)
        self.right_button = QPushButton(self.tr("Flyt ▶"), self)
        self.left_button.setAccessibleName(self.tr("Flyt kolonnen til venstre"))
        self.right_button.setAccessibleName(self.tr("Flyt kolonnen til højre"))
        self.remove_button = QPushButton(self.tr("Fjern"), self)
        self.clear_button = QPushButton(self.tr("Ryd"), self)
        self.remove_button.setAccessibleName(self.tr("Fjern den valgte kolonne"))
        self.clear_button.setAccessibleName(self.tr("Ryd sammenligningen"))
        self.left_button.clicked.connect(lambda: self.move_selected(-1))
        self.right_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button.clicked.connect(lambda: self.set_ids([]))
        self.differences_check = QCheckBox(self.tr("Vis kun forskelle"), self)
        self.differences_check.setToolTip(self.tr(
            "Skjul rækker, hvor de sammenlignede fakta (evidensklasse, design, retning, tal, "
            "status, elementer) er ens – kildernes forskellige ordlyd tæller ikke som en "
            "forskel"))
        self.differences_check.toggled.connect(self._on_differences)
        self.free_text_check = QCheckBox(self.tr("Vis fritekst"), self)
        self.free_text_check.setAccessibleName(self.tr("Vis fritekst fra kilderne"))
        self.free_text_check.setToolTip(self.tr(
            "Vis kildernes egne ord under fakta: evalueringsdesign, stikprøver, resultater, "
            "målgruppe, elementer, dækning, konklusioner og kilder"))
        self.free_text_check.toggled.connect(self.model.set_free_text)
        self.saved_combo = QComboBox(self)
        self.saved_combo.activated.connect(self._load_saved)
        self.saved_combo.setAccessibleName(self.tr("Gemte sammenligninger"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(self.tr("Navn på sammenligningen"))
        self.name_edit.setPlaceholderText(self.tr("Navn på sammenligningen"))
        self.save_button = QPushButton(self.tr("Gem"), self)
        self.save_button.setAccessibleName(self.tr("Gem sammenligningen"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(not store.read_only)

        # Two rows: at 1366 pixels and 150 % one row cut the two view options to "Vis kun f".
        tools = QHBoxLayout()
        for widget in (self.left_button, self.right_button, self.remove_button,
                       self.clear_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        saved_label = QLabel(self.tr("&Gemte:"), self)
        saved_label.setBuddy(self.saved_combo)
        tools.addWidget(saved_label)
        tools.addWidget(self.saved_combo)
        tools.addWidget(self.name_edit)
        tools.addWidget(self.save_button)
        options = QHBoxLayout()
        options.addWidget(self.differences_check)
        options.addSpacing(12)
        options.addWidget(self.free_text_check)
        options.addStretch(1)

        left = column(self, self.filter_edit, self.source_list, stretch=self.source_list)
        # Room for a short name per line, however the splitter was left.
        left.setMinimumWidth(self.fontMetrics().horizontalAdvance("Virksomhedsrettet aktiv"))
        right = column(self, tools, options, self.stack, stretch=self.stack)
        self.splitter = split_page(self, left, right, (240, 1100), side=0)

        self._fill_saved()
        self.set_ids([i for i in store.current_comparison() if repository.summary(i)],
                     remember=False)
        tab_order(self.filter_edit, self.source_list, self.left_button, self.right_button,
                  self.remove_button, self.clear_button, self.differences_check,
                  self.free_text_check, self.saved_combo, self.name_edit, self.save_button,
                  self.table)

    def first_focus(self) -> QWidget:
        return self.filter_edit

    def add_selected(self) -> None:
        """Add the interventions marked in the choice list and say so."""
        rows = self.source_list.selectionModel().selectedIndexes()
        ids = [i.data(InterventionTableModel.IdRole) for i in rows]
        before = len(self.ids)
        self.add(ids)
        added = len(self.ids) - before
        if added:
            names = ", ".join(self._repo.summary(i).name for i in self.ids[before:])
            self.message.emit(self.tr("Føjet til sammenligningen: {0} ({1} af højst {2})").format(
                names, len(self.ids), COMPARISON_MAX))

    # -- the choice ---------------------------------------------------------------------------
    def add(self, ids: list[str]) -> None:
        new = [i for i in dict.fromkeys(ids) if i not in self.ids and self._repo.summary(i)]
        room = COMPARISON_MAX - len(self.ids)
        if len(new) > room:
            self.message.emit(self.tr("Der kan højst sammenlignes {0} indsatser ad gangen; "
                                      "fjern en kolonne først.").format(COMPARISON_MAX))
            new = new[:max(room, 0)]
        if new:
            self.set_ids(self.ids + new)

    def remove(self, intervention_id: str) -> None:
        self.set_ids([i for i in self.ids if i != intervention_id])

    def move(self, intervention_id: str, delta: int) -> None:
        ids = list(self.ids)
        i = ids.index(intervention_id)
        j = min(max(i + delta, 0), len(ids) - 1)
        ids.insert(j, ids.pop(i))
        self.set_ids(ids)
        self.table.selectColumn(j)

    def _selected_id(self) -> str | None:
        columns = self.table.selectionModel().selectedColumns() if self.table.model() else []
        if columns:
            return self.ids[columns[0].column()]
        return None

    def move_selected(self, delta: int) -> None:
        chosen = self._selected_id()
        if chosen:
            self.move(chosen, delta)

    def remove_selected(self) -> None:
        chosen = self._selected_id()
        if chosen:
            self.remove(chosen)

    def set_ids(self, ids: list[str], remember: bool = True) -> None:
        self.ids = list(dict.fromkeys(ids))[:COMPARISON_MAX]
        if remember:
            # A read-only store: the choice still works for this session.
            with contextlib.suppress(UserStoreError):
                self._store.set_current_comparison(self.ids)
        if len(self.ids) >= 2:
            self.model.set_comparison(self._repo.compare(self.ids))
            self.stack.setCurrentWidget(self.table)
        else:
            self.model.set_comparison(None)
            self.stack.setCurrentWidget(self.placeholder)
        self._update_placeholder()
        for button in (self.left_button, self.right_button, self.remove_button):
            button.setEnabled(len(self.ids) >= 2)
        self.clear_button.setEnabled(bool(self.ids))

    def _on_differences(self, only: bool) -> None:
        self.model.set_only_differences(only)

    def _update_placeholder(self) -> None:
        chosen = "".join(f"<li>{escape(self._repo.summary(i).name)}</li>" for i in self.ids)
        self.placeholder.setText(self.tr(
            "<p><b>Vælg 2–4 indsatser eller redskaber at sammenligne.</b></p>"
            "<p>Træk dem fra listen til venstre, dobbeltklik, tryk Enter i listen, eller brug "
            "<i>Føj til sammenligning</i> (Ctrl+Shift+C) på et "
            "kort eller i listen under Indsatser.</p>{0}").format(
                f"<p>Valgt indtil nu:</p><ul>{chosen}</ul>" if chosen else ""))

    def current_brief(self):
        if len(self.ids) < 2:
            return None
        return self._repo.comparison_brief(self.ids, self.differences_check.isChecked(),
                                           full=self.free_text_check.isChecked())

    # -- saved comparisons ----------------------------------------------------------------------
    def _fill_saved(self) -> None:
        self.saved_combo.clear()
        self.saved_combo.addItem(self.tr("(vælg en gemt sammenligning)"), None)
        for saved in self._store.comparisons():
            self.saved_combo.addItem(saved.name, saved.intervention_ids)

    def save(self) -> None:
        name = self.name_edit.text().strip()
        try:
            self._store.save_comparison(name, self.ids)
        except (ValueError, UserStoreError) as exc:
            self.message.emit(str(exc))
            return
        self._fill_saved()
        self.saved_combo.setCurrentIndex(self.saved_combo.findText(name))
        self.message.emit(self.tr("Sammenligningen »{0}« er gemt.").format(name))

    def _load_saved(self, index: int) -> None:
        ids = self.saved_combo.itemData(index)
        if ids:
            self.name_edit.setText(self.saved_combo.itemText(index))
            self.set_ids(list(ids))
