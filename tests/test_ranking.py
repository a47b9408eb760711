"""Ranking that knows evidence (issue 11 §5): profile ties and the list's sort by strength.

The strength key comes from :mod:`evidens.evidence.effects` (direction of the main finding, then
its design). The tie-break tests give interventions chosen strengths so the expected order is
known whatever the curated data says, and then check the real data obeys the same key.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from PySide6.QtCore import Qt

from evidens.analysis.profiles import RANKING_EXPLANATION, build_profile, profile_to_dict
from evidens.analysis.strength import strength_terms, strength_text
from evidens.app.intervention_model import InterventionFilterProxy, InterventionTableModel
from evidens.evidence import effects, queries
from evidens.evidence.records import EVIDENCE_ORDER

S, M = "adult-sindslidelser", "adult-misbrug"
POSITIVE_RCT = effects.rank("positive", "rct")
DESCRIPTIVE_BEFORE_AFTER = effects.rank("descriptive", "before_after")
NONE_RCT = effects.rank("none", "rct")


def with_strengths(matrix, strengths: dict[str, int]):
    """The matrix with some interventions' strength keys replaced."""
    interventions = {iid: dataclasses.replace(iv, strength=strengths.get(iid, iv.strength))
                     for iid, iv in matrix.interventions.items()}
    return dataclasses.replace(matrix, interventions=interventions)


def ids(profile):
    return [r.intervention.id for r in profile.ranked]


def test_the_issue_example_orders_as_it_says():
    assert POSITIVE_RCT > DESCRIPTIVE_BEFORE_AFTER > NONE_RCT > 0


@pytest.mark.parametrize("direction, design", list(itertools.product(effects.DIRECTIONS,
                                                                     effects.DESIGNS)))
def test_strength_reads_back_into_direction_and_design(direction, design):
    key = effects.rank(direction, design)
    if key == 0:  # a negative finding of unknown design shares 0 with "no results"
        assert strength_terms(key) is None
        return
    assert strength_terms(key) == (direction, design)
    words = strength_text(key, short=False)
    assert words.startswith(effects.DIRECTIONS[direction].symbol)
    assert effects.DIRECTIONS[direction].label in words
    assert strength_text(key).startswith(effects.DIRECTIONS[direction].symbol + " ")


def test_no_results_reads_as_a_dash():
    assert strength_text(0) == "—" and strength_terms(0) is None


def test_profile_ties_are_broken_by_strength_before_class_and_name(conn):
    adult = queries.matrix(conn, "adult")
    # IPS and KVIS both reach 2 of the 8 cells of this profile and both are ◆ (Tabel 5.1).
    # Whichever is given the positive RCT comes first; the name no longer decides.
    for strong, weak in (("kvis", "ips"), ("ips", "kvis")):
        matrix = with_strengths(adult, {strong: POSITIVE_RCT, weak: DESCRIPTIVE_BEFORE_AFTER})
        order = ids(build_profile(matrix, [S, M]))
        assert order.index(strong) < order.index(weak)
        counts = {r.intervention.id: r.count for r in build_profile(matrix, [S, M]).ranked}
        assert counts["ips"] == counts["kvis"] == 2
    # Coverage still comes first: the strongest finding does not lift a smaller count.
    matrix = with_strengths(adult, {"ips": POSITIVE_RCT, "indsats-i-udkanten": NONE_RCT})
    assert ids(build_profile(matrix, [S, M]))[0] == "indsats-i-udkanten"


def test_profile_strength_beats_the_class_on_a_tie(conn):
    youth = queries.matrix(conn, "youth")
    rows = ["youth-fysisk-helbred", "youth-sindslidelser"]
    # Psykologisk støtte (◆) and KVIK (◇) both reach 4 cells; a ◆ whose studies found no effect
    # goes after a ◇ with a positive finding.
    matrix = with_strengths(youth, {"psykologisk-stoette": NONE_RCT,
                                    "kvik": DESCRIPTIVE_BEFORE_AFTER})
    order = ids(build_profile(matrix, rows))
    assert order.index("kvik") < order.index("psykologisk-stoette")
    matrix = with_strengths(youth, {"psykologisk-stoette": DESCRIPTIVE_BEFORE_AFTER,
                                    "kvik": DESCRIPTIVE_BEFORE_AFTER})
    order = ids(build_profile(matrix, rows))
    assert order.index("psykologisk-stoette") < order.index("kvik")  # equal: ◆ first


def test_real_profiles_follow_the_key_and_say_how(conn):
    for group in ("adult", "youth"):
        matrix = queries.matrix(conn, group)
        profile = build_profile(matrix, [rf.id for rf in matrix.risk_factors])
        keys = [(-r.count, -r.intervention.strength, EVIDENCE_ORDER[r.intervention.evidence],
                 r.intervention.name.casefold()) for r in profile.ranked]
        assert keys == sorted(keys)
        assert profile.ranking_explanation == RANKING_EXPLANATION
        assert "randomiseret forsøg før en beskrivende før-efter-måling" in RANKING_EXPLANATION
        doc = profile_to_dict(profile)
        assert all(r["strength"] == profile.ranked[i].intervention.strength
                   for i, r in enumerate(doc["ranked"]))


# -- the intervention list ----------------------------------------------------------------------
@pytest.fixture
def list_model(conn, qtbot):
    summaries = queries.interventions(conn, group="adult", kind="intervention")
    by_id = {s.id: s for s in summaries}
    chosen = {"ips": DESCRIPTIVE_BEFORE_AFTER, "kvis": POSITIVE_RCT, "housing-first": POSITIVE_RCT,
              "screening-udredning": NONE_RCT}
    rows = [dataclasses.replace(by_id[i], strength=s) for i, s in chosen.items()]
    model = InterventionTableModel()
    model.set_interventions(rows)
    return model


def column(model, col=InterventionTableModel.COL_NAME, role=InterventionTableModel.IdRole):
    return [model.index(r, col).data(role) for r in range(model.rowCount())]


def test_list_sorts_by_strength_with_a_proper_header(qtmodeltester, list_model):
    model = list_model
    col = InterventionTableModel.COL_STRENGTH
    assert model.headerData(col, Qt.Orientation.Horizontal) == "Styrke"
    tip = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "positivt randomiseret forsøg (RCT) før en beskrivende før-efter-måling" in tip
    model.sort(col, Qt.SortOrder.AscendingOrder)
    # Strongest first; KVIS and Housing First tie on a positive RCT: ◆ before ◇.
    assert column(model) == ["kvis", "housing-first", "ips", "screening-udredning"]
    assert column(model, col, Qt.ItemDataRole.DisplayRole) == ["▲ RCT", "▲ RCT", "· før-efter",
                                                               "○ RCT"]
    descriptive = effects.DIRECTIONS["descriptive"]
    assert model.index(2, col).data(Qt.ItemDataRole.AccessibleTextRole) == (
        f"{descriptive.symbol} {descriptive.label}, før-efter-måling")
    model.sort(col, Qt.SortOrder.DescendingOrder)
    assert column(model)[-1] == "kvis"
    qtmodeltester.check(model)


def test_evidence_column_sorts_by_strength_within_the_class(qtmodeltester, list_model):
    model = list_model
    model.sort(InterventionTableModel.COL_EVIDENCE, Qt.SortOrder.AscendingOrder)
    # ◆ first (KVIS, IPS, screening in strength order), then ◇ Housing First.
    assert column(model) == ["kvis", "ips", "screening-udredning", "housing-first"]
    proxy = InterventionFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(InterventionTableModel.COL_STRENGTH, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data(InterventionTableModel.IdRole)
            for r in range(proxy.rowCount())] == ["kvis", "housing-first", "ips",
                                                  "screening-udredning"]
    qtmodeltester.check(proxy)


@pytest.mark.gui
def test_the_list_says_how_it_is_ordered(window, qtbot):
    page = window.interventions_page
    assert "Klik på Styrke" in page.order_label.text()
    assert page.order_label.isVisible()
    page.table.horizontalHeader().sectionClicked.emit(InterventionTableModel.COL_STRENGTH)
    page.table.sortByColumn(InterventionTableModel.COL_STRENGTH, Qt.SortOrder.AscendingOrder)
    assert page.order_label.text().startswith("Stærkeste fund først")
    strengths = [page.proxy.index(r, 0).data(InterventionTableModel.SummaryRole).strength
                 for r in range(page.proxy.rowCount())]
    assert strengths == sorted(strengths, reverse=True)
    page.search_edit.setText("mentor")
    page.run_search()
    assert page.order_label.text().startswith("Bedste søgetræf først: ordene i navnet")
