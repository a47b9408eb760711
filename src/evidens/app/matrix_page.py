"""A matrix page (Voksne or Unge): the matrix, its controls and legend, and the cell panel.

Selecting a cell shows its full barrier texts, their sources and the interventions in the side
panel (a link opens the card); choosing an intervention highlights every cell it addresses.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from evidens.briefs.templating import render
from evidens.evidence.records import GROUP_LABELS

from .matrix_delegate import CHIP, FOCUS, HIGHLIGHT, MARKED, SHADES
from .matrix_model import SHOW_BARRIERS, SHOW_BOTH, SHOW_INTERVENTIONS, MatrixModel
from .matrix_view import MatrixView
from .page_layout import column, split_page, tab_order
from .profile_panel import ProfilePanel
from .repository import Repository


class MatrixPage(QWidget):
    openIntervention = Signal(str)
    storeError = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, repository: Repository, group: str, store, parent=None):
        super().__init__(parent)
        self._repo = repository
        self.group = group
        self.model = MatrixModel(self)
        self.view = MatrixView(self.model, self)

        self.show_combo = QComboBox(self)
        self.show_combo.addItem(self.tr("Barrierer og indsatser"), SHOW_BOTH)
        self.show_combo.addItem(self.tr("Kun barrierer"), SHOW_BARRIERS)
        self.show_combo.addItem(self.tr("Kun indsatser"), SHOW_INTERVENTIONS)
        self.show_combo.currentIndexChanged.connect(self._on_show)
        self.show_combo.setAccessibleName(self.tr("Vis"))
        self.evidence_check = QCheckBox(self.tr("Kun evidens for effekt"), self)
        self.evidence_check.toggled.connect(self.reload)
        self.highlight_combo = QComboBox(self)
        self.highlight_combo.setMinimumContentsLength(16)
        self.highlight_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.highlight_combo.setToolTip(self.tr("Fremhæv de celler, en indsats adresserer"))
        self.highlight_combo.setAccessibleName(self.tr("Fremhæv indsats"))
        self.highlight_combo.setAccessibleDescription(self.tr(
            "Giver de celler, indsatsen adresserer, en orange ramme"))
        self.highlight_combo.currentIndexChanged.connect(self._on_highlight)

        controls = QHBoxLayout()
        show_label = QLabel(self.tr("V&is:"), self)
        show_label.setBuddy(self.show_combo)
        highlight_label = QLabel(self.tr("Fre&mhæv:"), self)
        highlight_label.setBuddy(self.highlight_combo)
        controls.addWidget(show_label)
        controls.addWidget(self.show_combo)
        controls.addWidget(self.evidence_check)
        controls.addSpacing(12)
        controls.addWidget(highlight_label)
        controls.addWidget(self.highlight_combo, 1)
        self.legend = QLabel(self._legend_html(), self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAccessibleName(self.tr("Forklaring til matrixen"))

        self.cell_panel = QTextBrowser(self)
        self.cell_panel.setOpenLinks(False)
        self.cell_panel.anchorClicked.connect(self._on_anchor)
        self.cell_panel.setAccessibleName(self.tr("Den valgte celle"))
        self.cell_panel.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.cell_panel.setAccessibleDescription(self.tr(
            "Tab går til næste indsats; Enter åbner kortet"))
        self.explanation = QTextBrowser(self)
        self.explanation.setAccessibleName(self.tr("Forklaring til matrixen"))
        self.explanation.setHtml(self._explanation_html())
        self.side = QTabWidget(self)
        self.side.tabBar().setAccessibleName(self.tr("Sidepanelets faner"))
        self.side.addTab(self.cell_panel, self.tr("Celle"))
        self._store = store
        self.view.cellMenuRequested.connect(self._cell_menu)
        self.view.chipActivated.connect(self.openIntervention)
        self.view.tooNarrow.connect(self._on_too_narrow)
        self._said_too_narrow = False

        left = column(self, controls, self.view, self.legend, stretch=self.view)
        self.splitter = split_page(self, left, self.side, (960, 380), stretch=(3, 1))

        self.profile_panel = None
        self.reload()
        self.profile_panel = ProfilePanel(self, store, self)
        self.profile_panel.markedCellsChanged.connect(self.model.set_marked)
        self.profile_panel.openIntervention.connect(self.openIntervention)
        self.profile_panel.storeError.connect(self.storeError)
        self.side.addTab(self.profile_panel, self.tr("Målgruppeprofil"))
        self.side.addTab(self.explanation, self.tr("Forklaring"))
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self._show_placeholder()
        # The tab widget, not its tab bar: it hands the focus to the tab bar (its focus proxy),
        # and Qt's Tab would otherwise come back to it after the panel and loop there.
        tab_order(self.show_combo, self.evidence_check, self.highlight_combo, self.view,
                  self.side, self.side.tabBar(), self.cell_panel, *self.profile_panel.focus_chain(),
                  self.explanation)

    def first_focus(self) -> QWidget:
        return self.view

    def _on_too_narrow(self, narrow: bool) -> None:
        """Say once how to see every level at once when the matrix has to scroll sideways."""
        if narrow and self.isVisible() and not self._said_too_narrow:
            self._said_too_narrow = True
            self.statusMessage.emit(self.tr(
                "Matrixen er bredere end vinduet og kan rulles til siden; F9 skjuler "
                "sidepanelet og giver den hele bredden."))

    # -- state --------------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.current_cell()
        matrix = self._repo.matrix(self.group, self.evidence_check.isChecked())
        self.model.set_matrix(matrix)
        self._fill_highlight_combo()
        self.view.refresh()
        if current:
            self.select_cell(*current)
        if self.profile_panel is not None:
            self.profile_panel.reload()

    def current_brief(self):
        """The profile (with its gap analysis) when that tab is open, else the matrix."""
        panel = self.profile_panel
        if self.side.currentWidget() is panel and panel.profile is not None:
            return panel.brief()
        return self._repo.matrix_brief(self.group, self.evidence_check.isChecked())

    @property
    def repository(self) -> Repository:
        return self._repo

    @property
    def data_context(self) -> dict:
        return self._repo.data_context

    def selected_cells(self) -> set[tuple[str, str]]:
        cells = (self.model.cell_at(i) for i in self.view.selectionModel().selectedIndexes())
        return {(c.risk_factor_id, c.level_id) for c in cells if c is not None}

    def _fill_highlight_combo(self) -> None:
        chosen = self.highlight_combo.currentData()
        matrix = self.model.matrix
        used = {x.intervention_id for cell in matrix.cells.values()
                for x in (*cell.links, *cell.crossrefs)}
        ivs = sorted((matrix.interventions[i] for i in used), key=lambda s: s.name.casefold())
        self.highlight_combo.blockSignals(True)
        self.highlight_combo.clear()
        self.highlight_combo.addItem(self.tr("(ingen)"), None)
        for iv in ivs:
            self.highlight_combo.addItem(f"{iv.evidence_symbol} {iv.name}", iv.id)
        index = self.highlight_combo.findData(chosen)
        self.highlight_combo.setCurrentIndex(max(index, 0))
        self.highlight_combo.blockSignals(False)
        self._on_highlight()

    def _on_show(self) -> None:
        self.model.set_show(self.show_combo.currentData())
        self.view.refresh()

    def _on_highlight(self) -> None:
        self.model.set_highlight(self.highlight_combo.currentData())

    def highlight(self, intervention_id: str | None) -> None:
        self.highlight_combo.setCurrentIndex(max(self.highlight_combo.findData(intervention_id), 0))

    def highlighted_cells(self) -> list[tuple[str, str]]:
        out = []
        for row in range(self.model.rowCount()):
            for col in range(1, self.model.columnCount()):
                index = self.model.index(row, col)
                if index.data(MatrixModel.HighlightRole):
                    out.append((index.data(MatrixModel.RiskFactorIdRole),
                                index.data(MatrixModel.LevelIdRole)))
        return out

    # -- selection ----------------------------------------------------------------------------
    def current_cell(self) -> tuple[str, str] | None:
        index = self.view.currentIndex() if self.view.selectionModel() else QModelIndex()
        cell = self.model.cell_at(index)
        return (cell.risk_factor_id, cell.level_id) if cell else None

    def select_cell(self, risk_factor_id: str, level_id: str) -> None:
        index = self.model.index_of(risk_factor_id, level_id)
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.scrollTo(index)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cell = self.model.cell_at(current)
        if cell is None:
            self._show_placeholder()
            return
        matrix = self.model.matrix
        rf = next(r for r in matrix.risk_factors if r.id == cell.risk_factor_id)
        level = next(lv for lv in matrix.levels if lv.id == cell.level_id)
        self.cell_panel.setHtml(render(
            "matrix_cell.html", title=rf.name, cell=cell, risk_factor=rf, level=level,
            group=self.group, interventions=matrix.interventions, links="app"))

    def _show_placeholder(self) -> None:
        self.cell_panel.setHtml(self.tr(
            "<p>Vælg en celle for at se barriererne, deres kilder og de indsatser, der "
            "adresserer dem.</p><p>Piletasterne flytter mellem cellerne; Enter viser cellens "
            "indsatser; Ctrl+C kopierer de markerede celler som tekst. I sidepanelet går Tab "
            "til næste indsats, og Enter åbner kortet.</p>"))

    def _cell_menu(self, index: QModelIndex, where: QPoint) -> None:
        """Enter, the menu key or a right-click on a cell: its interventions, one to open."""
        menu = self.cell_menu(index)
        if menu is not None:
            menu.exec(where)

    def cell_menu(self, index: QModelIndex) -> QMenu | None:
        cell = self.model.cell_at(index)
        if cell is None:
            return None
        ivs = self.model.matrix.interventions
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Cellens indsatser"))
        for link in cell.links:
            iv = ivs[link.intervention_id]
            action = menu.addAction(self.tr("Åbn {0} {1} ({2})").format(
                iv.evidence_symbol, iv.name, iv.evidence_label.lower()))
            action.triggered.connect(lambda _=False, i=iv.id: self.openIntervention.emit(i))
        for x in cell.crossrefs:
            iv = ivs[x.intervention_id]
            action = menu.addAction(self.tr("Åbn {0} {1} (henvisning fra tabellens note)").format(
                x.mark, iv.name))
            action.triggered.connect(lambda _=False, i=iv.id: self.openIntervention.emit(i))
        if not cell.links and not cell.crossrefs:
            menu.addAction(self.tr("Ingen indsatser fundet i cellen")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.tr("Læs cellen i sidepanelet"), self._read_cell)
        menu.addAction(self.tr("Kopiér cellen som tekst"), self.view.copy)
        return menu

    def _read_cell(self) -> None:
        self.side.setCurrentWidget(self.cell_panel)
        self.cell_panel.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, target = url.path().partition("/")
        if url.scheme() == "evidens" and kind == "intervention":
            self.openIntervention.emit(target)

    def _table_names(self) -> str:
        return "Tabel 4.2 og 5.1" if self.group == "adult" else "Tabel 4.3 og 6.1"

    def _legend_html(self) -> str:
        """One wrapped line under the matrix; every mark said in words (the Forklaring tab
        says more)."""
        effect_bg, effect_fg = CHIP["effect"]
        ind_bg, ind_fg = CHIP["indication"]
        return self.tr(
            "<span style='color:#33414e'><b>Tallet</b> i cellen = antal indsatser "
            "(<span style='background-color:{gap}'>lys rød</span>: ingen – et hul) · "
            "<span style='background-color:{ebg}; color:{efg}'>&nbsp;◆ evidens for effekt&nbsp;"
            "</span> · <span style='background-color:{ibg}; color:{ifg}'>&nbsp;◇ positive "
            "indikationer&nbsp;</span> · # ¤ note om den anden målgruppe · rammer: "
            "<b style='color:{hl}'>orange</b> fremhævet indsats, <b style='color:{mk}'>lilla "
            "stiplet</b> målgruppeprofil, <b style='color:{fc}'>mørkeblå</b> valgt celle · mere "
            "under <i>Forklaring</i> · VIVE 2018, {table}</span>"
        ).format(gap=SHADES[0][1], ebg=effect_bg, efg=effect_fg, ibg=ind_bg, ifg=ind_fg,
                 hl=HIGHLIGHT, mk=MARKED, fc=FOCUS, table=self._table_names())

    def _explanation_html(self) -> str:
        shades = "".join(
            f"<li><span style='background-color:{colour}'>&nbsp;&nbsp;&nbsp;&nbsp;</span> "
            f"{label}</li>"
            for (_, colour), label in zip(SHADES, (
                self.tr("Lys rød: ingen indsatser – et hul"), self.tr("Lysest blå: 1–2 indsatser"),
                self.tr("Lyseblå: 3–5 indsatser"), self.tr("Blå: 6 eller flere indsatser")),
                strict=True))
        return self.tr(
            "<h2>Sådan læses matrixen</h2>"
            "<p>Hver række er en risikofaktor, hver kolonne et barriereniveau. En celle viser "
            "barriererne (•) og de indsatser, der adresserer dem.</p>"
            "<h3>Antal indsatser</h3><p>Tallet står i cellen (»3 indsatser:«). Baggrunden "
            "siger det samme med farve:</p><ul>{shades}</ul>"
            "<h3>Tegn</h3><ul>"
            "<li>◆ Evidens for effekt: indsatsen er evalueret med en kontrolgruppe.</li>"
            "<li>◇ Positive indikationer: før-efter-måling eller kvalitativ evaluering.</li>"
            "<li># og ¤: tabellens note nævner en indsats for den anden målgruppe her.</li>"
            "<li><i>ingen indsatser fundet</i>: tabellen nævner ingen indsats for cellen.</li>"
            "</ul><h3>Rammer</h3><ul>"
            "<li>Orange, hel ramme: cellen adresseres af den indsats, der er valgt under "
            "»Fremhæv«.</li>"
            "<li>Lilla, stiplet ramme: cellen hører til målgruppeprofilen (fanen "
            "Målgruppeprofil).</li>"
            "<li>Mørkeblå ramme: den celle, tastaturet står på; andre markerede celler har en "
            "tynd blå ramme.</li></ul>"
            "<h3>Tastatur</h3><p>Piletasterne flytter; Shift+pil markerer flere celler; Enter "
            "viser cellens indsatser, så et kort kan åbnes; Alt+Venstre kommer tilbage til "
            "cellen fra kortet.</p><p>Kilde: VIVE 2018, {table}.</p>"
        ).format(shades=shades, table=self._table_names())

    @property
    def title(self) -> str:
        return GROUP_LABELS[self.group]
