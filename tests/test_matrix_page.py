"""The matrix pages driven with the keyboard and mouse: cells, highlight, filter, copy."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from evidens.app.matrix_model import SHOW_BARRIERS, SHOW_INTERVENTIONS, MatrixModel

pytestmark = pytest.mark.gui


def cell_text(page, rf, level):
    return page.model.index_of(rf, level).data(MatrixModel.PlainTextRole)


def test_cells_show_barriers_and_interventions(window):
    page = window.adult_matrix
    text = cell_text(page, "adult-sindslidelser", "structural")
    assert "Få ufaglærte jobs og/eller sociale arbejdspladser" in text
    assert "◇ Indsats i Udkanten" in text
    assert "◆ IPS" in cell_text(page, "adult-sindslidelser", "institutional")
    assert "# High:five" in cell_text(page, "adult-kriminalitet", "individual")
    youth = window.youth_matrix
    assert "¤ Housing First" in cell_text(youth, "youth-bolig", "institutional")
    assert "Ingen indsatser fundet" in cell_text(youth, "youth-forventningspres", "individual")


def test_category_rows_span_and_are_skipped(window, qtbot):
    page = window.adult_matrix
    rows = page.model.category_rows()
    assert page.model.index(rows[0], 0).data() == "Helbredsmæssige udfordringer"
    assert page.view.columnSpan(rows[0], 0) == 5
    page.select_cell("adult-handicap", "individual")
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    # The next row is the category "Misbrugsproblemer": the cursor jumps over it.
    assert page.current_cell() == ("adult-misbrug", "individual")
    qtbot.keyClick(page.view, Qt.Key.Key_Left)
    assert page.current_cell() == ("adult-misbrug", "interpersonal")


def test_selecting_a_cell_fills_the_panel(window, qtbot):
    page = window.adult_matrix
    page.select_cell("adult-prostitution", "individual")
    text = page.cell_panel.toPlainText()
    assert "Prostituerede" in text and "Individuelt niveau" in text
    assert "Psykiske helbredsproblemer" in text and "Henriksen" in text
    assert "Exit Prostitution" in text


def test_panel_link_opens_the_card(window):
    page = window.adult_matrix
    window.show_page(page)
    page.cell_panel.anchorClicked.emit(QUrl("evidens:intervention/housing-first"))
    assert window.stack.currentWidget() is window.interventions_page
    assert window.interventions_page.card.view.current == ("intervention", "housing-first")


def test_highlight_marks_every_cell_of_an_intervention(window):
    page = window.adult_matrix
    page.highlight("housing-first")
    assert sorted(page.highlighted_cells()) == [("adult-bolig", "individual"),
                                                ("adult-bolig", "institutional")]
    page.highlight(None)
    assert page.highlighted_cells() == []


def test_evidence_only_filter(window):
    page = window.adult_matrix
    page.evidence_check.setChecked(True)
    text = cell_text(page, "adult-sindslidelser", "institutional")
    assert "◆ IPS" in text and "◇" not in text
    assert "Ingen indsatser fundet" in cell_text(page, "adult-sindslidelser", "structural")
    page.evidence_check.setChecked(False)
    assert "◇ Indsats i Udkanten" in cell_text(page, "adult-sindslidelser", "structural")


def test_show_barriers_or_interventions(window):
    page = window.adult_matrix
    page.show_combo.setCurrentIndex(page.show_combo.findData(SHOW_BARRIERS))
    text = cell_text(page, "adult-sindslidelser", "institutional")
    assert "•" in text and "IPS" not in text
    page.show_combo.setCurrentIndex(page.show_combo.findData(SHOW_INTERVENTIONS))
    text = cell_text(page, "adult-sindslidelser", "institutional")
    assert "IPS" in text and "•" not in text


def test_copy_selected_cells_as_tab_separated_text(window, qtbot):
    page = window.adult_matrix
    page.show_combo.setCurrentIndex(page.show_combo.findData(SHOW_INTERVENTIONS))
    page.select_cell("adult-bolig", "structural")
    qtbot.keyClick(page.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.count("\t") == 1 and "\n" not in copied
    assert copied.split("\t")[1] == "Indsatser: ◇ Housing First"


def test_youth_matrix_fits_1366_without_horizontal_scrolling(window, qtbot):
    page = window.youth_matrix
    window.show_page(page)
    qtbot.waitUntil(lambda: page.view.columnWidth(1) > 0)
    page.view.fit()
    total = sum(page.view.columnWidth(c) for c in range(page.model.columnCount()))
    assert total <= page.view.viewport().width()
    assert page.view.horizontalScrollBar().maximum() == 0


def test_matrix_model_passes_the_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.youth_matrix.model)
