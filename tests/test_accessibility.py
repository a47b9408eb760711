"""Screen reader, focus, legend and small screens (issue 12): names, rings, Tab cycles, sizes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QWidget,
)

from evidens.app.focus_ring import RING_COLOUR, RING_WIDTH
from evidens.app.history import History
from evidens.app.matrix_model import MatrixModel

pytestmark = pytest.mark.gui


def focusable(page: QWidget) -> list[QWidget]:
    return [w for w in page.findChildren(QWidget)
            if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.focusProxy() is None and not w.objectName().startswith("qt_")]


def spoken_name(widget: QWidget) -> str:
    """What a screen reader would say the control is: its accessible name, else its text,
    else the text of a label that names it as buddy."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text()
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget:
            return label.text()
    return ""


@pytest.mark.parametrize("key", ["interventions", "adult", "youth", "compare"])
def test_every_control_has_a_name_that_says_what_it_is(window, key):
    page = window.page(key)
    window.show_page(page)
    controls = focusable(page) + [window.nav]
    assert len(controls) >= 6
    for widget in controls:
        name = spoken_name(widget)
        assert name, f"{type(widget).__name__} on {key} has no name"
        if isinstance(widget, QComboBox):  # not just its current value ("Alle", "Voksne")
            values = {widget.itemText(i) for i in range(widget.count())}
            assert name not in values, name


def test_filters_have_visible_labels_as_buddies(window):
    page = window.interventions_page
    labelled = {label.buddy(): label.text().replace("&", "") for label in page.filter_labels}
    assert labelled[page.group_combo] == "Målgruppe"
    assert labelled[page.status_combo] == "Status"
    assert labelled[page.risk_filter] == "Risikofaktorer"
    assert all(label.isVisible() for label in page.filter_labels)
    words = [page.evidence_combo.itemText(0), page.status_combo.itemText(0)]
    assert "Al evidens" not in words and "Alle statusser" not in words


@pytest.mark.parametrize("key", ["interventions", "adult", "youth", "compare"])
def test_tab_comes_round_and_never_stays_in_a_list(window, qtbot, key):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.go_to_page(window.page_keys.index(key))
    start = QApplication.focusWidget()
    assert start is not None
    seen = []
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is start:
            break
    assert seen[-1] is start, [type(w).__name__ for w in seen]
    assert len(set(seen)) >= 5
    assert window.nav in seen  # Tab moves between the panes, the navigation included


def test_focus_ring_is_three_pixels_around_any_control(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    ring = window.focus_tracker.ring
    page = window.interventions_page
    for widget in (page.search_edit, page.group_combo, page.reset_button, page.table,
                   page.favourites_check):
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: ring.widget() is w and ring.isVisible())
        inner = widget.rect()
        outer = ring.geometry()
        top_left = ring.parentWidget().mapTo(window, outer.topLeft())
        assert outer.width() >= inner.width() + 2 * RING_WIDTH
        image = window.grab().toImage()
        ratio = window.devicePixelRatioF()
        probe = (top_left + QPoint(RING_WIDTH // 2, outer.height() // 2)) * ratio
        assert QColor(image.pixel(probe)).name() == RING_COLOUR.name(), type(widget).__name__
    assert RING_WIDTH >= 2


def test_matrix_arrows_home_end_and_page_down_with_nothing_selected(window, qtbot):
    page = window.adult_matrix
    window.show_page(page)
    assert page.current_cell() is None
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    first = page.current_cell()
    assert first == ("adult-sindslidelser", "structural")
    qtbot.keyClick(page.view, Qt.Key.Key_End)
    assert page.current_cell()[1] == "individual"
    qtbot.keyClick(page.view, Qt.Key.Key_PageDown)
    assert page.current_cell() is not None and page.current_cell()[0] != first[0]
    qtbot.keyClick(page.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert page.view.currentIndex().isValid()
    assert not page.model.index(page.view.currentIndex().row(), 0).data(
        MatrixModel.IsCategoryRole)


def test_cells_write_their_count_and_the_legend_names_every_mark(window):
    page = window.adult_matrix
    view = page.view
    index = page.model.index_of("adult-sindslidelser", "institutional")
    html = view.delegate._html(index)
    count = index.data(MatrixModel.CountRole)
    assert f"<b>{count}</b>&nbsp;indsatser" in html
    assert "evidens:intervention/ips" in html  # the chip is a link
    legend = page.legend.text()
    for words in ("antal indsatser", "evidens for effekt", "positive", "# ¤", "orange",
                  "lilla", "stiplet", "valgt celle"):
        assert words in legend, words
    explanation = page.explanation.toPlainText()
    for words in ("Lys rød", "Orange, hel ramme", "Lilla, stiplet ramme", "◆", "◇", "#"):
        assert words in explanation, words


def test_no_word_is_broken_and_headers_wrap(window, qtbot):
    for page in (window.adult_matrix, window.youth_matrix):
        window.show_page(page)
        page.view.fit()
        mins = page.view.min_widths()
        for col, minimum in enumerate(mins):
            assert page.view.columnWidth(col) >= minimum
        header = page.view.horizontalHeader()
        for col in range(1, page.model.columnCount()):
            needed = header.sectionSizeFromContents(col).height()
            assert header.height() >= needed


@pytest.mark.parametrize("size", [(910, 480), (1024, 720)])
def test_window_fits_small_screens(window, qtbot, size):
    """1366×768 at 150 % leaves 910×512 (less a taskbar); 1024×768 at 100 %."""
    for key in window.page_keys:
        window.page(key)
    hint = window.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1], hint
    assert window.minimumWidth() <= size[0] and window.minimumHeight() <= size[1]
    window.resize(*size)
    for key in window.page_keys:
        window.show_page(window.page(key))
        qtbot.wait(10)
        assert window.width() <= size[0] + 1 and window.height() <= size[1] + 1


def test_side_pane_collapses_and_comes_back(window, qtbot):
    page = window.youth_matrix
    window.show_page(page)
    window.toggle_side()
    assert page.splitter.sizes()[1] == 0
    window.toggle_side()
    assert page.splitter.sizes()[1] > 0


def test_history_goes_back_across_places():
    places = ["a"]
    history = History(lambda: (places[-1],), lambda p: places.append(p[0]))
    for step in ("b", "c"):
        history.visit()
        places.append(step)
    history.go_back()
    assert places[-1] == "b"
    history.go_back()
    assert places[-1] == "a"
    history.go_forward()
    assert places[-1] == "b"
    history.visit()  # a new place drops what was ahead
    places.append("d")
    assert not history.can_go_forward()


def test_favourite_state_is_in_the_accessible_description(window, qtbot):
    card = window.interventions_page.card
    window.interventions_page.open_card("kvis")
    assert card.favourite_button.accessibleDescription() == "Kortet er ikke en favorit"
    card.favourite_action.trigger()
    assert card.favourite_button.accessibleDescription() == "Kortet er en favorit"
    assert card.favourite_button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_menus_speak_danish_and_list_the_keys(window, qtbot):
    titles = {a.text(): a.menu() for a in window.menuBar().actions()}
    help_menu = titles["&Hjælp"]
    texts = [a.text() for a in help_menu.actions()]
    assert not any("Qt" in t for t in texts)
    card_menu = titles["&Kort"]
    shortcuts = {a.text().strip("☆★⇆ "): a.shortcut().toString() for a in card_menu.actions()}
    assert shortcuts["Favorit"] == "Ctrl+D"
    assert shortcuts["Føj til sammenligning"] == "Ctrl+Shift+C"
    from evidens.app.keys_dialog import KEYS, KeysDialog

    listed = {k for _, rows in KEYS for k, _ in rows}
    assert {"Ctrl+D", "Ctrl+Shift+C", "F9"} <= listed
    dialog = KeysDialog(window)
    qtbot.addWidget(dialog)
    assert "Alt+Venstre" in dialog.browser.toPlainText()


def test_space_toggles_the_focused_favourite_button(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    card = window.interventions_page.card
    window.interventions_page.open_card("u-turn")
    card.favourite_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(card.favourite_button, Qt.Key.Key_Space)
    assert card.favourite_action.isChecked()
    qtbot.keyClick(card.favourite_button, Qt.Key.Key_Space)
    assert not card.favourite_action.isChecked()


def test_history_keeps_a_step_that_was_refused():
    places = ["a"]
    allowed = [True]

    def restore(place):
        if not allowed[0]:
            return False
        places.append(place[0])
        return True

    history = History(lambda: (places[-1],), restore)
    history.visit()
    places.append("b")
    allowed[0] = False  # e.g. a note that could not be saved, and the user chose to stay
    history.go_back()
    assert places[-1] == "b" and history.can_go_back() and not history.can_go_forward()
    allowed[0] = True
    history.go_back()
    assert places[-1] == "a" and history.can_go_forward()


@pytest.mark.parametrize("key", ["interventions", "adult", "youth", "compare"])
def test_label_mnemonics_are_unique_on_each_page(window, key):
    """Alt+letter must reach one control: not two labels, not a label and a menu."""

    def letter(text: str) -> str | None:
        i = text.replace("&&", "").find("&")
        return text.replace("&&", "")[i + 1].casefold() if i >= 0 else None

    page = window.page(key)
    window.show_page(page)
    if key in ("adult", "youth"):
        page.side.setCurrentWidget(page.profile_panel)
    menus = [letter(a.text()) for a in window.menuBar().actions()]
    labels = [letter(label.text()) for label in page.findChildren(QLabel)
              if label.buddy() is not None and label.isVisible()]
    labels = [x for x in labels if x]
    assert labels
    assert len(labels) == len(set(labels)), labels
    assert not set(labels) & set(menus), (labels, menus)
