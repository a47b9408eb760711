"""The desktop app driven like a caseworker would: type, filter, open, navigate, annotate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox

from evidens.app import main as app_main
from evidens.app.intervention_model import InterventionFilterProxy, InterventionTableModel

pytestmark = pytest.mark.gui


def visible_ids(page):
    proxy = page.proxy
    return [proxy.index(r, 0).data(InterventionTableModel.IdRole) for r in range(proxy.rowCount())]


def test_typing_filters_the_list(qtbot, window):
    page = window.interventions_page
    total = page.proxy.rowCount()
    qtbot.keyClicks(page.search_edit, "hjemløse")
    qtbot.waitUntil(lambda: page.proxy.rowCount() < total, timeout=2000)
    ids = visible_ids(page)
    assert ids and "housing-first" in ids
    assert "af 33" in page.count_label.text()
    before = [iv.id for iv in window.repository.interventions()]
    page.search_edit.clear()
    qtbot.waitUntil(lambda: page.proxy.rowCount() == total, timeout=2000)
    assert visible_ids(page) == before  # the ranking is undone with the search


def test_search_ranks_the_named_intervention_first(qtbot, window):
    page = window.interventions_page
    qtbot.keyClicks(page.search_edit, "mentor")
    qtbot.waitUntil(lambda: page.proxy.rowCount() < 33, timeout=2000)
    # Alphabetically "Fremskudt ..." would come first; the mentor tools match by name.
    assert set(visible_ids(page)[:2]) == {"mentorordninger", "mentorstoette-unge"}
    page.search_edit.setText("Housing First")
    page.run_search()
    assert visible_ids(page)[0] == "housing-first"
    # Clicking a header sorts by that column instead of by relevance.
    header = page.table.horizontalHeader()
    header.sectionClicked.emit(InterventionTableModel.COL_NAME)
    page.table.sortByColumn(InterventionTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    names = [page.proxy.index(r, InterventionTableModel.COL_NAME).data()
             for r in range(page.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)


def test_empty_state_is_helpful(qtbot, window):
    page = window.interventions_page
    qtbot.keyClicks(page.search_edit, "zxqzxq")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 0, timeout=2000)
    assert page.list_stack.currentWidget() is page.empty_label
    assert "Nulstil" in page.empty_label.text()
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert page.list_stack.currentWidget() is page.table
    assert page.search_edit.text() == ""


@pytest.mark.parametrize("combo, value, check", [
    ("group_combo", "youth", lambda s: s.group == "youth"),
    ("kind_combo", "tool", lambda s: s.kind == "tool"),
    ("evidence_combo", "effect", lambda s: s.evidence == "effect"),
    ("status_combo", "ended", lambda s: s.status == "ended"),
    ("risk_filter", "adult-bolig", lambda s: "adult-bolig" in s.risk_factor_ids),
    ("level_combo", "structural", lambda s: "structural" in s.level_ids),
])
def test_each_filter(window, combo, value, check):
    page = window.interventions_page
    total = page.proxy.rowCount()
    widget = getattr(page, combo)
    if combo == "risk_filter":
        widget.set_selected([value])
    else:
        widget.setCurrentIndex(widget.findData(value))
    rows = [page.proxy.index(r, 0).data(InterventionTableModel.SummaryRole)
            for r in range(page.proxy.rowCount())]
    assert 0 < len(rows) < total
    assert all(check(s) for s in rows)
    assert f"{len(rows)} af {total}" in page.count_label.text()


def test_sorting_by_evidence(window):
    page = window.interventions_page
    page.table.sortByColumn(InterventionTableModel.COL_EVIDENCE, Qt.SortOrder.AscendingOrder)
    evidence = [page.proxy.index(r, 0).data(InterventionTableModel.SummaryRole).evidence
                for r in range(page.proxy.rowCount())]
    assert evidence == sorted(evidence, key=lambda e: e != "effect")


SECTIONS = ["Overblik", "Evidens for effekt", "Kildens ordlyd", "Status", "Evalueringsdesign",
            "Stikprøve", "Formål", "Målgruppe", "Elementer", "Resultater",
            "Barrierer, indsatsen adresserer", "STAR's konklusioner", "Relaterede redskaber",
            "Om kilderne", "VIVE 2018: afsnit 5.2.1.2", "Datagrundlag: udgave 2026.1 af"]


def test_opening_a_card_shows_every_section(qtbot, window):
    page = window.interventions_page
    row = visible_ids(page).index("ips")
    rect = page.table.visualRect(page.proxy.index(row, InterventionTableModel.COL_NAME))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = page.card.view.toPlainText()
    for section in SECTIONS:
        assert section in text, section
    assert "59,5 %" in text  # a figure, formatted the Danish way
    assert "Sindslidelser" in text and "Institutionelt niveau" in text


def test_links_and_history(qtbot, window):
    view = window.interventions_page.card.view
    assert view.show_target("intervention", "ips")
    view.anchorClicked.emit(QUrl("evidens:conclusion/star-unge-1"))
    assert view.current == ("conclusion", "star-unge-1")
    assert "Individual Placement and Support" in view.toPlainText()  # links back to the card
    view.anchorClicked.emit(QUrl("evidens:intervention/ips"))
    view.anchorClicked.emit(QUrl("evidens:intervention/mentorordninger"))
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.current == ("intervention", "ips")
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.current == ("conclusion", "star-unge-1")
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.current == ("intervention", "ips")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.ForwardButton)
    assert view.current == ("intervention", "mentorordninger")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.BackButton)
    assert view.current == ("intervention", "ips")


def test_favourites_and_notes_survive_a_restart(qtbot, make_window):
    window = make_window()
    page = window.interventions_page
    page.open_card("housing-first")
    qtbot.mouseClick(page.card.favourite_button, Qt.MouseButton.LeftButton)
    assert page.card.favourite_button.isChecked()
    page.card.note_edit.setFocus()
    qtbot.keyClicks(page.card.note_edit, "Bruges i Nordbyen")
    window.close()

    again = make_window()
    page = again.interventions_page
    assert page.card.view.current == ("intervention", "housing-first")  # last card remembered
    assert page.card.favourite_button.isChecked()
    assert page.card.note_edit.toPlainText() == "Bruges i Nordbyen"
    page.favourites_check.setChecked(True)
    assert visible_ids(page) == ["housing-first"]


def test_corrupt_user_store_opens_read_only(make_window, monkeypatch):
    data_dir = app_main.user_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "brugerdata.sqlite").write_bytes(b"not a database" * 64)
    window = make_window()
    assert "skrivebeskyttet" in window.statusBar().currentMessage()
    card = window.interventions_page.card
    window.interventions_page.open_card("ips")
    assert not card.note_edit.isEnabled() and not card.favourite_button.isEnabled()


def test_missing_database_shows_a_dialog_and_fails(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app_main.run_app(tmp_path / "findes-ikke.sqlite") == 3
    assert shown and "findes ikke" in shown[0]


def test_about_dialog_names_sources_and_data_version(qtbot, window, monkeypatch):
    from evidens.app.about_dialog import AboutDialog

    dialog = AboutDialog(window.repository, window)
    qtbot.addWidget(dialog)
    text = dialog.findChild(type(window.interventions_page.card.view).__mro__[1]).toPlainText()
    # Sources by label and title, the data as an edition, the content hash for support, and
    # never a seed file name.
    version = window.repository.info.data_version
    assert "VIVE 2018" in text and "Datagrundlag" in text and "Udgave 2026.1 af" in text
    assert version.partition("+")[2] in text
    assert ".txt" not in text and "003_" not in text


def test_models_pass_qabstractitemmodeltester(qtmodeltester, window):
    page = window.interventions_page
    qtmodeltester.check(page.model)
    proxy = InterventionFilterProxy()
    proxy.setSourceModel(page.model)
    qtmodeltester.check(proxy)


def test_notes_stay_with_their_own_card(qtbot, window):
    card = window.interventions_page.card
    window.interventions_page.open_card("ips")
    qtbot.keyClicks(card.note_edit, "Note om IPS")
    window.interventions_page.open_card("kvis")
    assert card.note_edit.toPlainText() == ""
    qtbot.keyClicks(card.note_edit, "Note om KVIS")
    card.view.go_back()
    assert card.note_edit.toPlainText() == "Note om IPS"
    card.view.go_forward()
    assert card.note_edit.toPlainText() == "Note om KVIS"
