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


def data_rows(model):
    return [r for r in range(model.rowCount())
            if not model.index(r, 0).data(ComparisonModel.HeadingRole)]


def test_only_differences(make_window):
    page = make_window().compare_page
    page.set_ids(["ips", "mentorordninger"])
    keys = page.model.row_keys()
    assert "evidence" in keys  # both ◆ "Evidens for effekt"
    row = next(r for r in data_rows(page.model)
               if page.model.index(r, 0).data(ComparisonModel.KeyRole) == "evidence")
    assert page.model.headerData(row, Qt.Orientation.Vertical) == "Evidensklasse"
    page.differences_check.setChecked(True)
    keys = page.model.row_keys()
    # The sources word the evidence differently, but the class is the same: no difference.
    assert "evidence" not in keys and "group" in keys and "status" not in keys
    assert all(page.model.index(r, 0).data(ComparisonModel.DiffersRole)
               for r in data_rows(page.model))
    assert all(page.model.headerData(r, Qt.Orientation.Vertical).startswith("≠ ")
               for r in data_rows(page.model))
    # With the free text shown, the differing wording appears as its own row.
    page.free_text_check.setChecked(True)
    assert "evidence_wording" in page.model.row_keys()
    assert "evidence" not in page.model.row_keys()


def test_free_text_is_folded_by_default_and_opens_with_the_toggle(make_window, qtbot):
    page = make_window().compare_page
    page.set_ids(["ips", "kvis", "mentorordninger"])
    model = page.model
    assert not page.free_text_check.isChecked()
    assert page.free_text_check.accessibleName() == "Vis fritekst fra kilderne"
    assert all(model.index(r, 0).data(ComparisonModel.StructuredRole) for r in data_rows(model))
    headings = [model.index(r, 0).data() for r in range(model.rowCount())
                if model.index(r, 0).data(ComparisonModel.HeadingRole)]
    assert headings[:3] == ["Overblik", "Effekt pr. udfald", "Målgruppe og indhold"]
    assert headings[-1] == "Fritekst fra kilderne (skjult – vis med »Vis fritekst«)"
    # Keyboard: focus the toggle and press space.
    page.free_text_check.setFocus()
    qtbot.keyClick(page.free_text_check, Qt.Key.Key_Space)
    assert page.free_text_check.isChecked()
    keys = model.row_keys()
    assert {"result:beskaeftigelse", "sources", "target_group"} <= set(keys)
    assert keys.index("sources") > keys.index("own_elements")
    sources = model.index(model.rowCount() - 1, 0).data()
    assert "VIVE 2018, afsnit 5.2.1.2" in sources and "vive-2018" not in sources
    # The view spans headings and rows the same for all across the columns.
    table = page.table
    heading = next(r for r in range(model.rowCount())
                   if model.index(r, 0).data(ComparisonModel.HeadingRole))
    assert table.columnSpan(heading, 0) == 3
    group = next(r for r in range(model.rowCount())
                 if model.index(r, 0).data(ComparisonModel.KeyRole) == "status")
    assert table.columnSpan(group, 0) == 1  # Aktiv, Afsluttet (2013), Aktiv differ


def test_shared_and_unique_elements(make_window):
    page = make_window().compare_page
    page.set_ids(["ips", "kvis"])
    comparison = page.model.comparison
    shared, own = comparison.row("shared_elements"), comparison.row("own_elements")
    assert shared.values == ("Virksomhedsrettet: praktik, løntilskud, løntimer, "
                             "virksomhedsnetværk; Tværfaglig eller tværsektoriel koordinering, "
                             "én indgang",) * 2
    assert not shared.differs and own.differs
    assert own.values[0] == ("• Mentor eller fast kontaktperson\n"
                             "• Psykiatrisk behandling eller samarbejde med psykiatrien")
    assert "• Job- eller uddannelsesvejledning og afklaring" in own.values[1]
    assert {"shared_elements", "own_elements"} <= set(page.model.row_keys())


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
    page.free_text_check.setChecked(True)
    page.differences_check.setChecked(True)
    qtmodeltester.check(page.model)


def test_printing_follows_the_two_toggles(make_window):
    page = make_window().compare_page
    page.set_ids(["ips", "kvis", "mentorordninger"])
    brief = page.current_brief()
    assert brief.landscape and "Evidensklasse" in brief.html
    assert "Fritekst fra kilderne" not in brief.html
    page.free_text_check.setChecked(True)
    page.differences_check.setChecked(True)
    brief = page.current_brief()
    assert "Fritekst fra kilderne" in brief.html and "VIVE 2018, afsnit 5.2.1.2" in brief.html
    # Only rows that differ: the evidence class (◆ for all three) is left out.
    assert "Evidensklasse" not in brief.html and "kun rækker med forskelle" in brief.html
