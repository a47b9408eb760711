"""The target-group profile and gap analysis beside the matrix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel

from evidens.app.matrix_model import MatrixModel
from evidens.app.profile_panel import LOCAL

pytestmark = pytest.mark.gui


def marked(page):
    model = page.model
    return {(model.index(r, c).data(MatrixModel.RiskFactorIdRole),
             model.index(r, c).data(MatrixModel.LevelIdRole))
            for r in range(model.rowCount()) for c in range(1, model.columnCount())
            if model.index(r, c).data(MatrixModel.MarkedRole)}


def test_ticking_risk_factors_builds_the_profile(make_window):
    page = make_window().adult_matrix
    panel = page.profile_panel
    panel.set_ticked(["adult-sindslidelser", "adult-misbrug"])
    assert len(marked(page)) == 8  # every level of both rows has barriers in Tabel 4.2
    text = panel.result.toPlainText()
    assert "Sindslidelser + Alkohol- og stofmisbrugere" in text
    assert "Barrierer pr. niveau (8 celler)" in text
    # Indsats i Udkanten (7) stands in all eight cells of Tabel 5.1 for these two rows.
    assert panel.profile.ranked[0].intervention.id == "indsats-i-udkanten"
    assert "8 af 8" in text


def test_gap_analysis_for_ips_lists_the_blind_spots(make_window):
    page = make_window().adult_matrix
    panel = page.profile_panel
    panel.set_ticked(["adult-sindslidelser", "adult-misbrug"])
    panel.gap_combo.setCurrentIndex(panel.gap_combo.findData("ips"))
    panel.update_gap()
    text = panel.result.toPlainText()
    # IPS (1*) is in the institutional and individual cells of Sindslidelser only.
    assert "Adresserer 2 af 8 barriereceller i profilen (25 %)" in text
    assert "Blinde vinkler" in text and "Netværk fastholder person i kriminalitet" in text


def test_local_intervention_from_selected_cells(make_window):
    page = make_window().adult_matrix
    panel = page.profile_panel
    panel.set_ticked(["adult-sindslidelser"])
    selection = QItemSelection()
    for level in ("structural", "individual"):
        index = page.model.index_of("adult-sindslidelser", level)
        selection.select(index, index)
    page.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    panel.use_selected_cells()
    assert panel.gap_combo.currentData() == LOCAL
    assert panel.gap.intervention is None
    assert len(panel.gap.addressed) == 2 and len(panel.gap.open) == 2
    assert "Lokal indsats" in panel.result.toPlainText()


def test_saved_profiles_persist_and_refuse_cpr_numbers(make_window):
    window = make_window()
    panel = window.youth_matrix.profile_panel
    errors = []
    panel.storeError.disconnect()
    panel.storeError.connect(errors.append)
    panel.set_ticked(["youth-misbrug", "youth-sindslidelser"])
    panel.name_edit.setText("Borger 010190-1234")
    panel.save_profile()
    assert errors and "cpr" in errors[0]
    panel.name_edit.setText("Unge med misbrug og psykiske vanskeligheder")
    panel.save_profile()
    window.close()

    again = make_window().youth_matrix.profile_panel
    index = again.saved_combo.findText("Unge med misbrug og psykiske vanskeligheder")
    assert index > 0
    again.saved_combo.setCurrentIndex(index)
    again.saved_combo.activated.emit(index)
    assert sorted(again.ticked_ids()) == ["youth-misbrug", "youth-sindslidelser"]
