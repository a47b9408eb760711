"""A personal note is never lost or overwritten by mistake (issue 16, items 1, 2 and 11).

Two windows on the same card: only a note the user edited is written, so a stale editor cannot
overwrite the other window's save, and the second window says another is open. A failed save
keeps the text and asks before leaving the card or closing. Notes have a size limit.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from evidens.app import main as app_main
from evidens.user_store import NOTE_MAX, UserStore, UserStoreError

pytestmark = pytest.mark.gui


@pytest.fixture
def dialogs(monkeypatch):
    """Record every warning; answer questions with ``answer['button']`` (Cancel = stay)."""
    shown = []
    answer = {"button": QMessageBox.StandardButton.Cancel}

    def warning(parent, title, text, *args):
        shown.append(text)
        return answer["button"] if args else QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown, answer


def stored_note(card_id: str) -> str:
    with UserStore.open(app_main.user_data_dir() / "brugerdata.sqlite") as store:
        return store.note(card_id)


def test_a_stale_second_window_never_overwrites_a_saved_note(qtbot, make_window, dialogs):
    first, second = make_window(), make_window()
    first.interventions_page.open_card("ips")
    second.interventions_page.open_card("ips")  # its editor is empty: nothing saved yet
    qtbot.keyClicks(first.interventions_page.card.note_edit, "Skrevet i vindue 1")
    first.interventions_page.card.save_note()
    assert stored_note("ips") == "Skrevet i vindue 1"
    # The second window merely navigates and closes: it must write nothing.
    second.interventions_page.open_card("kvis")
    second.interventions_page.card.view.go_back()
    second.close()
    assert stored_note("ips") == "Skrevet i vindue 1"
    first.close()
    assert stored_note("ips") == "Skrevet i vindue 1"


def test_navigating_writes_nothing(qtbot, window, monkeypatch):
    card = window.interventions_page.card
    writes = []
    monkeypatch.setattr(card._store, "set_note", lambda *a: writes.append(a))
    for iid in ("ips", "kvis", "ips", "housing-first"):
        window.interventions_page.open_card(iid)
    card.save_note()
    assert writes == []
    qtbot.keyClicks(card.note_edit, "x")
    card.save_note()
    assert writes == [("housing-first", "x")]


def test_the_second_instance_says_another_is_open(make_window):
    first = make_window()
    assert "allerede åben" not in first.statusBar().currentMessage()
    second = make_window()
    assert "allerede åben" in second.statusBar().currentMessage()


def fail_saves(card, monkeypatch):
    def refuse(*args):
        raise UserStoreError("Ændringen kunne ikke gemmes (der er ikke plads nok på disken).")

    monkeypatch.setattr(card._store, "set_note", refuse)


def test_failed_save_keeps_the_text_and_asks_before_leaving(qtbot, window, monkeypatch,
                                                            dialogs):
    shown, answer = dialogs
    card = window.interventions_page.card
    window.interventions_page.open_card("ips")
    fail_saves(card, monkeypatch)
    qtbot.keyClicks(card.note_edit, "Vigtig note")
    card.save_note()
    assert shown and "plads" in shown[-1]
    assert card.note_edit.toPlainText() == "Vigtig note"
    # Leaving: asked; Cancel stays on the card with the text.
    window.interventions_page.open_card("kvis")
    assert card.view.current == ("intervention", "ips")
    assert card.note_edit.toPlainText() == "Vigtig note"
    assert "ikke gemmes" in shown[-1]
    # Discard: leaves.
    answer["button"] = QMessageBox.StandardButton.Discard
    window.interventions_page.open_card("kvis")
    assert card.view.current == ("intervention", "kvis")


def test_failed_save_asks_before_closing(qtbot, window, monkeypatch, dialogs):
    shown, answer = dialogs
    card = window.interventions_page.card
    window.interventions_page.open_card("ips")
    fail_saves(card, monkeypatch)
    qtbot.keyClicks(card.note_edit, "Vigtig note")
    assert not window.close()  # Cancel: the window stays open with the text
    assert window.isVisible() and card.note_edit.toPlainText() == "Vigtig note"
    answer["button"] = QMessageBox.StandardButton.Discard
    assert window.close()


def test_notes_have_a_size_limit(qtbot, window, dialogs):
    shown, _ = dialogs
    card = window.interventions_page.card
    window.interventions_page.open_card("ips")
    card.note_edit.setPlainText("x" * (NOTE_MAX + 1))
    card.save_note()
    assert stored_note("ips") == ""
    assert any(f"{NOTE_MAX:,}".replace(",", ".") in m for m in shown)
    assert card.note_edit.toPlainText() == "x" * (NOTE_MAX + 1)  # kept to shorten
    card.note_edit.setPlainText("x" * NOTE_MAX)
    card.save_note()
    assert stored_note("ips") == "x" * NOTE_MAX


def test_the_store_refuses_an_overlong_note(tmp_path):
    with UserStore.open(tmp_path / "u.sqlite") as store, pytest.raises(ValueError):
        store.set_note("ips", "x" * (NOTE_MAX + 1))


def test_an_old_overlong_note_is_shown_cut_and_left_alone(make_window):
    import sqlite3

    path = app_main.user_data_dir() / "brugerdata.sqlite"
    UserStore.open(path).close()
    huge = "lang note " * 100_000  # 1 MB in one paragraph, as a fuzz run left it
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO note VALUES ('ips', ?, 'x')", (huge,))
    conn.commit()
    conn.close()
    window = make_window()
    card = window.interventions_page.card
    window.interventions_page.open_card("ips")
    assert len(card.note_edit.toPlainText()) <= NOTE_MAX
    assert card.note_edit.isReadOnly()
    window.interventions_page.open_card("kvis")
    window.close()
    assert stored_note("ips") == huge


def test_a_store_that_cannot_be_read_now_says_so_and_locks_the_note(qtbot, window, monkeypatch,
                                                                      dialogs):
    shown, _ = dialogs
    card = window.interventions_page.card

    def locked(*args):
        raise UserStoreError("Dine favoritter og noter kunne ikke læses (filen er låst af et "
                             "andet program, måske er Håndbogen åben to gange).")

    window.interventions_page.open_card("kvis")
    monkeypatch.setattr(card._store, "note", locked)
    monkeypatch.setattr(card._store, "is_favourite", locked)
    window.interventions_page.open_card("ips")  # a slot: an exception here would fail the test
    assert card.view.current == ("intervention", "ips")
    assert shown and "låst" in shown[-1]
    assert not card.note_edit.isEnabled() and card.note_edit.toPlainText() == ""
