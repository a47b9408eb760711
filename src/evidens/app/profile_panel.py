"""Target-group profile and gap analysis, beside a matrix.

Ticking risk factors builds a profile (its cells are outlined in the matrix); the gap analysis
then judges a handbook intervention — or a local one described by the cells selected in the
matrix — against that profile. Profiles are anonymous by design: they can be saved under a
descriptive name only, and a name that looks like a CPR number is refused.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from evidens.analysis.profiles import Profile, build_profile, gap_analysis
from evidens.briefs.templating import render
from evidens.user_store import UserStoreError

from .rich_text import tooltip

LOCAL = "__local__"
CPR_LIKE = re.compile(r"\d{6}-?\d{4}")
RiskFactorIdRole = Qt.ItemDataRole.UserRole + 1


class ProfilePanel(QWidget):
    markedCellsChanged = Signal(set)  # the profile's cells, outlined in the matrix
    openIntervention = Signal(str)
    storeError = Signal(str)

    def __init__(self, page, store, parent=None):
        super().__init__(parent)
        self._page = page  # the MatrixPage: its matrix, group and selected cells
        self._store = store
        self.profile: Profile | None = None
        self.gap = None
        self._local_cells: set[tuple[str, str]] = set()  # the cells of a local intervention

        self.risk_model = QStandardItemModel(self)
        self.risk_list = QListView(self)
        self.risk_list.setModel(self.risk_model)
        self.risk_list.setAccessibleName(self.tr("Risikofaktorer i profilen"))
        self.risk_list.setWordWrap(True)
        self.risk_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.risk_model.itemChanged.connect(self.update_profile)

        self.saved_combo = QComboBox(self)
        self.saved_combo.activated.connect(self._load_saved)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(
            self.tr("Fx »Unge med misbrug og psykiske vanskeligheder«"))
        self.save_button = QPushButton(self.tr("Gem profil"), self)
        self.save_button.clicked.connect(self.save_profile)
        self.save_button.setEnabled(not store.read_only)
        privacy = QLabel(self.tr("Beskriv en gruppe – aldrig en borger. Ingen navne, cpr- eller "
                                 "sagsnumre."), self)
        privacy.setWordWrap(True)
        privacy.setStyleSheet("color: #5b6670;")

        self.gap_combo = QComboBox(self)
        self.gap_combo.setToolTip(self.tr("Vælg en indsats fra håndbogen, eller beskriv en lokal "
                                          "indsats ved at markere dens celler i matrixen"))
        self.gap_combo.activated.connect(self.update_gap)
        self.gap_button = QPushButton(self.tr("Brug markerede celler"), self)
        self.gap_button.setToolTip(self.tr("Den lokale indsats arbejder med de celler, der er "
                                           "markeret i matrixen"))
        self.gap_button.clicked.connect(self.use_selected_cells)

        self.result = QTextBrowser(self)
        self.result.setOpenLinks(False)
        self.result.anchorClicked.connect(self._on_anchor)
        self.result.setAccessibleName(self.tr("Profil og dækningsanalyse"))
        self.result.setWordWrapMode(QTextOption.WrapMode.WordWrap)  # not "Målgruppe|profil"
        self.saved_combo.setAccessibleName(self.tr("Gemte profiler"))
        self.name_edit.setAccessibleName(self.tr("Profilens navn"))
        self.gap_combo.setAccessibleName(self.tr("Indsats til dækningsanalysen"))
        self.gap_combo.setAccessibleDescription(self.gap_combo.toolTip())
        self.gap_button.setAccessibleDescription(self.gap_button.toolTip())

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        risk_label = QLabel(self.tr("<b>&Sæt kryds ved målgruppens risikofaktorer</b> "
                                    "(mellemrum)"), self)
        risk_label.setBuddy(self.risk_list)
        risk_label.setWordWrap(True)
        top_layout.addWidget(risk_label)
        top_layout.addWidget(self.risk_list, 1)
        saved_row = QHBoxLayout()
        saved_label = QLabel(self.tr("&Gemte:"), self)
        saved_label.setBuddy(self.saved_combo)
        saved_row.addWidget(saved_label)
        saved_row.addWidget(self.saved_combo, 1)
        top_layout.addLayout(saved_row)
        name_row = QHBoxLayout()
        name_label = QLabel(self.tr("&Navn:"), self)
        name_label.setBuddy(self.name_edit)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.save_button)
        top_layout.addLayout(name_row)
        top_layout.addWidget(privacy)
        gap_row = QHBoxLayout()
        gap_label = QLabel(self.tr("&Dækning:"), self)
        gap_label.setBuddy(self.gap_combo)
        gap_label.setToolTip(self.tr("Hvilke af profilens celler dækker en indsats, og hvilke "
                                     "står åbne (blinde vinkler)?"))
        gap_row.addWidget(gap_label)
        gap_row.addWidget(self.gap_combo, 1)
        top_layout.addLayout(gap_row)
        top_layout.addWidget(self.gap_button)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        # The controls scroll rather than squeeze into each other on a short screen (1366×768 at
        # 150 % leaves the side panel about 190×440 pixels).
        scroll = QScrollArea(self)
        scroll.setWidget(top)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        splitter.addWidget(scroll)
        splitter.addWidget(self.result)
        splitter.setSizes([330, 400])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.reload()

    def focus_chain(self) -> list[QWidget]:
        return [self.risk_list, self.saved_combo, self.name_edit, self.save_button,
                self.gap_combo, self.gap_button, self.result]

    # -- data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Fill the lists from the page's current matrix (called when its filter changes)."""
        matrix = self._page.model.matrix
        ticked = set(self.ticked_ids())
        self.risk_model.blockSignals(True)
        self.risk_model.clear()
        for rf in matrix.risk_factors:
            item = QStandardItem(rf.name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(rf.id, RiskFactorIdRole)
            item.setToolTip(tooltip(rf.category_name))
            item.setCheckState(Qt.CheckState.Checked if rf.id in ticked
                               else Qt.CheckState.Unchecked)
            self.risk_model.appendRow(item)
        self.risk_model.blockSignals(False)
        chosen = self.gap_combo.currentData()
        self.gap_combo.clear()
        self.gap_combo.addItem(self.tr("(vælg en indsats)"), None)
        self.gap_combo.addItem(self.tr("Lokal indsats: de markerede celler"), LOCAL)
        for iv in sorted(matrix.interventions.values(), key=lambda s: s.name.casefold()):
            if iv.group == matrix.group:
                self.gap_combo.addItem(f"{iv.evidence_symbol} {iv.name}", iv.id)
        self.gap_combo.setCurrentIndex(max(self.gap_combo.findData(chosen), 0))
        self._fill_saved()
        self.update_profile()

    def _fill_saved(self) -> None:
        self.saved_combo.clear()
        self.saved_combo.addItem(self.tr("(vælg en gemt profil)"), None)
        for p in self._store.profiles():
            if p.group == self._page.group:
                self.saved_combo.addItem(p.name, p.risk_factor_ids)

    def ticked_ids(self) -> list[str]:
        return [self.risk_model.item(r).data(RiskFactorIdRole)
                for r in range(self.risk_model.rowCount())
                if self.risk_model.item(r).checkState() == Qt.CheckState.Checked]

    def set_ticked(self, ids) -> None:
        wanted = set(ids)
        self.risk_model.blockSignals(True)
        for r in range(self.risk_model.rowCount()):
            item = self.risk_model.item(r)
            item.setCheckState(Qt.CheckState.Checked if item.data(RiskFactorIdRole) in wanted
                               else Qt.CheckState.Unchecked)
        self.risk_model.blockSignals(False)
        self.update_profile()

    def update_profile(self, *_args) -> None:
        ids = self.ticked_ids()
        matrix = self._page.model.matrix
        evidence_only = self._page.evidence_check.isChecked()
        self.profile = build_profile(matrix, ids, evidence_only) if ids else None
        self.markedCellsChanged.emit(set(self.profile.cell_keys) if self.profile else set())
        self.update_gap()

    def update_gap(self, *_args, cells=None) -> None:
        choice = self.gap_combo.currentData()
        self.gap = None
        if self.profile is not None and choice is not None:
            matrix = self._page.model.matrix
            if choice == LOCAL:
                cells = cells if cells is not None else self._page.selected_cells()
                if cells:
                    self._local_cells = set(cells)
                    self.gap = gap_analysis(self.profile, matrix, cells=cells)
            else:
                self.gap = gap_analysis(self.profile, matrix, intervention_id=choice)
        self._render()

    def use_selected_cells(self) -> None:
        self.gap_combo.setCurrentIndex(self.gap_combo.findData(LOCAL))
        self.update_gap()

    def _render(self) -> None:
        if self.profile is None:
            self.result.setHtml(self.tr(
                "<p>Sæt kryds ved en eller flere risikofaktorer, fx <i>Sindslidelser</i> og "
                "<i>Alkohol- og stofmisbrug</i>, for at se profilens barrierer pr. niveau og de "
                "indsatser, der adresserer flest af dem.</p><p>Vælg derefter en indsats under "
                "<i>Dækning</i> – eller markér en lokal indsats' celler i matrixen (Shift+pile) og "
                "vælg <i>Brug markerede celler</i> – for at finde blinde vinkler.</p>"))
            return
        self.result.setHtml(render(
            "profile.html", title=self.name_edit.text().strip() or self.tr("Målgruppeprofil"),
            profile=self.profile, gap=self.gap, data=self._page.data_context, links="app"))

    def brief(self):
        """The profile and its gap analysis as a printable brief (same as `evidens profile`)."""
        gap = self.gap
        options = {}
        if gap is not None and gap.intervention is not None:
            options["intervention_id"] = gap.intervention.id
        elif gap is not None:
            options["cells"] = sorted(self._local_cells)
        return self._page.repository.profile_brief(
            self._page.group, self.ticked_ids(), name=self.name_edit.text().strip() or None,
            evidence_only=self._page.evidence_check.isChecked(), **options)

    # -- saving -------------------------------------------------------------------------------
    def save_profile(self) -> None:
        name = self.name_edit.text().strip()
        if CPR_LIKE.search(name):
            self.storeError.emit(self.tr("Navnet ligner et cpr-nummer. Gem profilen under en "
                                         "beskrivelse af gruppen, ikke af en borger."))
            return
        try:
            self._store.save_profile(name, self._page.group, self.ticked_ids())
        except (ValueError, UserStoreError) as exc:
            self.storeError.emit(str(exc))
            return
        self._fill_saved()
        self.saved_combo.setCurrentIndex(self.saved_combo.findText(name))

    def _load_saved(self, index: int) -> None:
        ids = self.saved_combo.itemData(index)
        if ids:
            self.name_edit.setText(self.saved_combo.itemText(index))
            self.set_ticked(ids)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, target = url.path().partition("/")
        if url.scheme() == "evidens" and kind == "intervention":
            self.openIntervention.emit(target)

