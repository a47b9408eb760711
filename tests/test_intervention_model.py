"""The intervention list's model and proxy keep what they work out per reset (issue 15: 10,000 rows
must load, filter, sort and paint quickly) without ever answering from a stale state."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from evidens.app.intervention_model import Filters, InterventionFilterProxy, InterventionTableModel
from evidens.evidence import effects, queries

M = InterventionTableModel
ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
         Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.TextAlignmentRole,
         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
         Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.DecorationRole, M.IdRole, M.SummaryRole,
         M.SortRole, M.FavouriteRole, M.ScoreRole]


def answers(model) -> list:
    """Every cell's answer to every role the view or the app asks for, in row order."""
    out = []
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            for role in ROLES:
                value = index.data(role)
                out.append(value.bold() if role == Qt.ItemDataRole.FontRole and value else value)
    return out


@pytest.fixture
def rows(conn):
    return queries.interventions(conn)


def test_a_reused_model_answers_as_a_fresh_one(rows, qtbot):
    """Texts made for the first rows must not outlive a reset (same ids, new strengths)."""
    model = M()
    model.set_interventions(rows)
    model.sort(M.COL_STRENGTH, Qt.SortOrder.AscendingOrder)
    before = answers(model)
    stronger = [dataclasses.replace(iv, strength=effects.rank("positive", "rct"))
                for iv in rows]
    model.set_interventions(stronger)
    model.set_favourites({rows[0].id, rows[3].id})
    model.set_search({rows[1].id: 2.0, rows[2].id: 1.0}, {rows[1].id: ("intervention",)})
    fresh = M()
    fresh.set_interventions(stronger)
    fresh.set_favourites({rows[0].id, rows[3].id})
    fresh.set_search({rows[1].id: 2.0, rows[2].id: 1.0}, {rows[1].id: ("intervention",)})
    assert answers(model) == answers(fresh) != before
    strength = model.index(0, M.COL_STRENGTH).data()
    assert strength == "▲ RCT"
    assert model.index(0, M.COL_FAVOURITE).data() == "★"
    assert model.index(0, M.COL_FAVOURITE).data(Qt.ItemDataRole.AccessibleTextRole) == "Favorit"
    for role in (Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole):
        assert model.index(0, M.COL_NAME).data(role) is None


def test_sorting_back_to_none_restores_the_order_the_rows_came_in(rows, qtbot):
    model = M()
    model.set_interventions(rows)
    model.sort(M.COL_NAME, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data(M.IdRole) for r in range(model.rowCount())] != [
        iv.id for iv in rows]
    model.sort(-1)
    assert [model.index(r, 0).data(M.IdRole) for r in range(model.rowCount())] == [
        iv.id for iv in rows]


def test_the_proxy_filters_on_the_models_current_state(rows, qtbot, qtmodeltester):
    model = M()
    model.set_interventions(rows)
    proxy = InterventionFilterProxy()
    proxy.setSourceModel(model)

    def shown():
        return {proxy.index(r, 0).data(M.IdRole) for r in range(proxy.rowCount())}

    proxy.set_filters(Filters(group="youth", evidence="effect"))
    assert shown() == {iv.id for iv in rows if iv.group == "youth" and iv.evidence == "effect"}
    model.set_favourites({rows[0].id, rows[5].id})
    proxy.set_filters(Filters(favourites_only=True))
    assert shown() == {rows[0].id, rows[5].id}
    model.set_favourites({rows[5].id})  # the proxy follows the model's change by itself
    assert shown() == {rows[5].id}
    proxy.set_filters(Filters())
    model.set_search({rows[2].id: 1.0})
    proxy.set_search_active(True)
    assert shown() == {rows[2].id}
    proxy.set_search_active(False)
    model.sort(M.COL_EVIDENCE, Qt.SortOrder.AscendingOrder)
    assert shown() == {iv.id for iv in rows}
    qtmodeltester.check(proxy)
