"""The search field in the app: its order, the any-word fallback and spelling without æ, ø, å."""

from __future__ import annotations

import pytest

from evidens.app.intervention_model import InterventionTableModel
from evidens.evidence.search import search

pytestmark = pytest.mark.gui


def visible_ids(page):
    proxy = page.proxy
    return [proxy.index(r, 0).data(InterventionTableModel.IdRole) for r in range(proxy.rowCount())]


def test_the_list_keeps_the_search_order(qtbot, window, conn):
    page = window.interventions_page
    page.search_edit.setText("psykisk sygdom")
    page.run_search()
    expected = [h.intervention.id for h in search(conn, "psykisk sygdom")]
    assert visible_ids(page) == expected
    assert visible_ids(page)[0] == "ips"
    assert "matcher alle ord" not in page.count_label.text()


def test_the_result_line_says_when_the_search_fell_back(qtbot, window):
    page = window.interventions_page
    qtbot.keyClicks(page.search_edit, "mentor xyzzy")
    qtbot.waitUntil(lambda: "matcher flest" in page.count_label.text(), timeout=2000)
    assert page.count_label.text().startswith(
        "Ingen indsats matcher alle ord; viser dem, der matcher flest")
    assert set(visible_ids(page)[:2]) == {"mentorordninger", "mentorstoette-unge"}
    page.search_edit.setText("mentor")
    page.run_search()
    assert "matcher" not in page.count_label.text()


def test_typing_without_danish_letters(qtbot, window):
    page = window.interventions_page
    qtbot.keyClicks(page.search_edit, "lontilskud")
    qtbot.waitUntil(lambda: page.proxy.rowCount() < 33, timeout=2000)
    assert "virksomhedsrettet-aktivering" in visible_ids(page)[:3]
    # the open card marks "løntilskud" although "lontilskud" was typed
    page.open_card("virksomhedsrettet-aktivering")
    marked = {s.cursor.selectedText().lower() for s in page.card.view.extraSelections()}
    assert any(m.startswith("løntilskud") for m in marked), marked
