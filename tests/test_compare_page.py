"""The comparator: choosing, reordering, removing, differences, saving, drag and drop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent

from evidens.app.comparison_model import ComparisonModel
from evidens.app.intervention_model import MIME_IDS, InterventionTableModel

pytestmark = pytest.mark.gui


def columns(page):
    return [page.model.headerData(c, Qt.Orientation.Horizontal, ComparisonModel.InterventionIdRole)
            for c in range(page.model.columnCount())]


def test_compare_from_the_card_and_the_list(make_window, qtbot):
    window = make_window()
    cards = window.interventions_page
    cards.open_card("ips")
    cards.card.compare_action.trigger()
    page = window.compare_page
    assert window.stack.currentWidget() is page
    assert page.ids == ["ips"] and page.stack.currentWidget() is page.placeholder
    assert "Individual Placement and Support" in page.placeholder.text()
    window.show_page(cards)
    table = cards.table
    for iid in ("kvis", "housing-first"):
        row = [cards.proxy.index(r, 0).data(InterventionTableModel.IdRole)
               for r in range(cards.proxy.rowCount())].index(iid)
        table.selectionModel().select(
            cards.proxy.index(row, 0), table.selectionModel().SelectionFlag.Select
            | table.selectionModel().SelectionFlag.Rows)
    cards.compare_action.trigger()
    assert columns(page) == ["ips", "kvis", "housing-first"]
    assert page.stack.currentWidget() is page.table


def test_at_most_four_columns(make_window):
    page = make_window().compare_page
    messages = []
    page.message.connect(messages.append)
    page.add(["ips", "kvis", "housing-first", "high-five", "u-turn"])
    assert columns(page) == ["ips", "kvis", "housing-first", "high-five"]
    assert messages and "højst" in messages[0]


def test_reorder_and_remove(make_window):
    page = make_window().compare_page
    page.set_ids(["ips", "kvis", "housing-first"])
    page.table.selectColumn(0)
    page.right_button.click()
    assert columns(page) == ["kvis", "ips", "housing-first"]
    page.move("housing-first", -2)
    assert columns(page) == ["housing-first", "kvis", "ips"]
    page.table.selectColumn(1)
    page.remove_button.click()
    assert columns(page) == ["housing-first", "ips"]


def test_only_differences(make_window):
    page = make_window().compare_page
    page.set_ids(["ips", "kvis"])
    keys = page.model.row_keys()
    assert "group" in keys  # both "Voksne · Indsats"
    assert page.model.headerData(keys.index("evidence"), Qt.Orientation.Vertical) == "Evidens"
    page.differences_check.setChecked(True)
    keys = page.model.row_keys()
    assert "group" not in keys and "evidence" not in keys and "design" in keys
    assert all(page.model.index(r, 0).data(ComparisonModel.DiffersRole)
               for r in range(page.model.rowCount()))
    label = page.model.headerData(0, Qt.Orientation.Vertical)
    assert label.startswith("≠ ")


def test_shared_and_unique_elements(make_window):
    page = make_window().compare_page
    page.set_ids(["ips", "kvis"])
    text = page.elements_label.text()
    assert "Fælles elementer" in text and "Kun <b>IPS</b>" in text


def test_choice_and_saved_comparisons_survive_a_restart(make_window):
    window = make_window()
    page = window.compare_page
    page.set_ids(["housing-first", "ips"])
    page.name_edit.setText("Bolig eller job først")
    page.save()
    page.set_ids(["kvis", "ips", "high-five"])
    window.close()

    page = make_window().compare_page
    assert page.ids == ["kvis", "ips", "high-five"]
    index = page.saved_combo.findText("Bolig eller job først")
    assert index > 0
    page.saved_combo.activated.emit(index)
    assert page.ids == ["housing-first", "ips"]


def test_drag_from_the_list_into_the_comparison(make_window):
    page = make_window().compare_page
    page.set_ids(["ips", "kvis"])
    proxy = page.source_proxy
    row = [proxy.index(r, 0).data(InterventionTableModel.IdRole)
           for r in range(proxy.rowCount())].index("u-turn")
    data = page.source_model.mimeData([proxy.mapToSource(proxy.index(row, 1))])
    assert bytes(data.data(MIME_IDS)).decode() == "u-turn"
    drop = QDropEvent(QPointF(QPoint(50, 50)), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.table.dropEvent(drop)
    assert columns(page) == ["ips", "kvis", "u-turn"]
    assert isinstance(data, QMimeData)


def test_comparison_model_passes_the_model_tester(qtmodeltester, make_window):
    page = make_window().compare_page
    page.set_ids(["ips", "kvis", "housing-first"])
    qtmodeltester.check(page.model)
