"""The right-hand side of the Indsatser page: a card with its toolbar and the personal note.

Favourites and notes belong to the user, not to the evidence, so they live beside the card (in
the user store) rather than inside the rendered template.

A note is written only when the user edited it (``_note_dirty``): comparing the editor with the
stored note is not enough, because a second window's stale editor would then overwrite the note
saved in the first. A note that could not be saved (full disk, locked file, too long) stays in
the editor, and leaving the card or closing asks first (:meth:`CardPanel.may_leave`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from evidens import APP_NAME
from evidens.user_store import NOTE_MAX, UserStoreError, note_too_long

from . import rich_text
from .card_view import CardView
from .repository import Repository

NOTE_SAVE_DELAY_MS = 600
COMPARE_SHORTCUT = "Ctrl+Shift+C"


class CardPanel(QWidget):
    favouritesChanged = Signal()
    compareRequested = Signal(list)
    storeError = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, repository: Repository, store, parent=None):
        super().__init__(parent)
        self._store = store
        self._repository = repository
        self._note_card: str | None = None
        self._note_dirty = False  # the user changed the note since it was loaded or saved
        self._note_error: str | None = None  # why the last save failed (shown once)
        self.view = CardView(repository, self)
        self.view.leave_guard = self.may_leave

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setAccessibleName(self.tr("Kortets knapper"))
        self.back_action = self.toolbar.addAction(self.tr("◀ Tilbage"), self.view.go_back)
        self.back_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_action.setToolTip(self.tr("Tilbage til det forrige sted (Alt+Venstre)"))
        self.forward_action = self.toolbar.addAction(self.tr("Frem ▶"), self.view.go_forward)
        self.forward_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        self.forward_action.setToolTip(self.tr("Frem igen (Alt+Højre)"))
        for action in (self.back_action, self.forward_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
        self.toolbar.addSeparator()
        # Shortcuts live on actions (also in the Kort menu), never on a button's text: changing
        # ☆ to ★ on a button would wipe a shortcut set on the button.
        self.favourite_action = QAction(self.tr("☆ Favorit"), self)
        self.favourite_action.setCheckable(True)
        self.favourite_action.setShortcut(QKeySequence("Ctrl+D"))
        self.favourite_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.favourite_action.setToolTip(self.tr("Markér kortet som favorit (Ctrl+D)"))
        self.favourite_action.toggled.connect(self._on_favourite)
        self.favourite_action.setEnabled(False)
        self.toolbar.addAction(self.favourite_action)
        self.favourite_button = self.toolbar.widgetForAction(self.favourite_action)
        self.compare_action = QAction(self.tr("⇆ Føj til sammenligning"), self)
        self.compare_action.setShortcut(QKeySequence(COMPARE_SHORTCUT))
        self.compare_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.compare_action.setToolTip(self.tr("Føj kortet til sammenligningen ({0})").format(
            QKeySequence(COMPARE_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)))
        self.compare_action.triggered.connect(self._on_compare)
        self.compare_action.setEnabled(False)
        self.toolbar.addAction(self.compare_action)
        for action in (self.back_action, self.forward_action, self.favourite_action,
                       self.compare_action):
            button = self.toolbar.widgetForAction(action)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # toolbars give theirs none
            button.setAccessibleName(action.text().strip("◀▶☆★⇆ "))
            button.setAccessibleDescription(action.toolTip())

        self.note_label = QLabel(self.tr(
            "<b>Min note</b> – kun til dig. Skriv aldrig personoplysninger om borgere "
            "(navne, cpr-numre, sagsforhold)."), self)
        self.note_label.setWordWrap(True)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText(self.tr(
            "Fx erfaringer med indsatsen i jeres kommune, kontaktpersoner i forvaltningen …"))
        self.note_edit.setAccessibleName(self.tr("Min note til kortet"))
        self.note_edit.setTabChangesFocus(True)  # Tab leaves the note instead of typing a tab
        self.note_edit.setEnabled(False)
        self.note_label.setBuddy(self.note_edit)
        self.note_status = QLabel(self)
        self.note_status.setAccessibleName(self.tr("Notens status"))
        self.note_status.setStyleSheet("color: #3d4a55;")
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self.note_edit.textChanged.connect(self._on_note_edited)
        self.note_edit.installEventFilter(self)  # Tab away from the note: saved (and said) now

        note_box = QWidget(self)
        note_layout = QVBoxLayout(note_box)
        note_layout.setContentsMargins(0, 4, 0, 0)
        note_layout.addWidget(self.note_label)
        note_layout.addWidget(self.note_edit)
        note_layout.addWidget(self.note_status)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(note_box)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 110])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter)

        self.view.historyChanged.connect(self._on_history)
        self.view.navigated.connect(self._on_navigated)
        self.sync_read_only()

    def sync_read_only(self) -> None:
        """Say so beside the note when the store is read-only (it may fall back after start-up,
        see app/deferred_store.py)."""
        if self._store.read_only:
            self.note_label.setText(self.tr(
                "<b>Min note</b> – dine favoritter og noter kunne ikke åbnes, så de er "
                "skrivebeskyttede i denne session."))
            self.favourite_action.setEnabled(False)
            self.note_edit.setEnabled(False)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.note_edit and event.type() == QEvent.Type.FocusOut \
                and self._note_dirty:
            self.save_note()
        return super().eventFilter(watched, event)

    def focus_chain(self) -> list[QWidget]:
        """The panel's controls in Tab order: toolbar, card, note."""
        buttons = [self.toolbar.widgetForAction(a) for a in (
            self.back_action, self.forward_action, self.favourite_action, self.compare_action)]
        return [*buttons, self.view, self.note_edit]

    def _on_history(self, can_back: bool, can_forward: bool) -> None:
        self.back_action.setEnabled(can_back)
        self.forward_action.setEnabled(can_forward)

    def _on_navigated(self, kind: str, target_id: str) -> None:
        # The note of the card we left was saved (or given up) by may_leave().
        is_card = kind == "intervention"
        self._note_card = target_id if is_card else None
        writable = is_card and not self._store.read_only
        try:  # another window may hold the file for longer than the lock timeout
            favourite = is_card and self._store.is_favourite(target_id)
            text = self._store.note(target_id) if is_card else ""
        except UserStoreError as exc:
            self.storeError.emit(str(exc))
            favourite, text, writable = False, "", False  # nothing to overwrite it with later
        self.favourite_action.blockSignals(True)
        self.favourite_action.setChecked(favourite)
        self._sync_favourite_text()
        self.favourite_action.blockSignals(False)
        self.favourite_action.setEnabled(writable)
        self.note_status.clear()
        self.compare_action.setEnabled(is_card)
        # A note longer than the limit (from before it existed) is shown cut and read-only: a
        # megabyte in one paragraph takes half a minute to lay out, and it is left as it is.
        overlong = len(text) > NOTE_MAX
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(text[:NOTE_MAX] if overlong else text)
        self.note_edit.blockSignals(False)
        self.note_edit.setReadOnly(overlong)
        self.note_edit.setToolTip(self.tr(
            "Noten er længere end {0} tegn og vises kun delvist; den er ikke ændret.").format(
                f"{NOTE_MAX:,}".replace(",", ".")) if overlong else "")
        self._note_dirty, self._note_error = False, None
        self.note_edit.setEnabled(writable)

    def _on_compare(self) -> None:
        card = self.current_card()
        if card:
            self.compareRequested.emit([card])

    def _sync_favourite_text(self) -> None:
        checked = self.favourite_action.isChecked()
        self.favourite_action.setText(self.tr("★ Favorit") if checked else self.tr("☆ Favorit"))
        self.favourite_button.setAccessibleDescription(
            self.tr("Kortet er en favorit") if checked else self.tr("Kortet er ikke en favorit"))

    def current_card(self) -> str | None:
        """The intervention or tool shown, or None (a conclusion, or nothing yet)."""
        current = self.view.current
        return current[1] if current and current[0] == "intervention" else None

    def _on_favourite(self, checked: bool) -> None:
        card = self.current_card()
        self._sync_favourite_text()
        if card is None:
            return
        try:
            self._store.set_favourite(card, checked)
        except UserStoreError as exc:
            self.storeError.emit(str(exc))
            return
        self.favouritesChanged.emit()
        name = self._card_name(card)
        self.announce(self.tr("{0} er gemt som favorit.").format(name) if checked
                      else self.tr("{0} er ikke længere favorit.").format(name),
                      self.favourite_button)

    def _on_note_edited(self) -> None:
        self._note_dirty = True
        self._note_timer.start()

    def save_note(self) -> bool:
        """Save the note now if the user edited it; False when that failed (the text stays).

        Called by the timer while typing, before leaving a card and on close. A failure is
        reported once per card, not at every keystroke.
        """
        self._note_timer.stop()
        card = self._note_card  # the card whose note is in the editor
        if card is None or self._store.read_only or not self._note_dirty:
            return True
        text = self.note_edit.toPlainText()
        try:
            if len(text) > NOTE_MAX:
                raise UserStoreError(note_too_long(len(text)))
            self._store.set_note(card, text)
        except (UserStoreError, ValueError) as exc:
            if str(exc) != self._note_error:
                self._note_error = str(exc)
                self.storeError.emit(str(exc))
            return False
        self._note_dirty, self._note_error = False, None
        if card == self._note_card:
            saved = self.tr("Noten er gemt kl. {0}.").format(
                QTime.currentTime().toString("HH.mm"))
            self.note_status.setText(saved)
            self.announce(saved, self.note_edit)
        return True

    def may_leave(self) -> bool:
        """Save the note before leaving the card or closing; if that fails, ask.

        True: go on (saved, nothing to save, or the user chose to discard the note). False:
        stay, with the text still in the editor. The text names Qt's Danish button labels
        (qtbase_da: Discard = Forkast, Cancel = Annuller).
        """
        if self.save_note():
            return True
        from PySide6.QtWidgets import QMessageBox  # only when a note could not be saved

        question = self.tr(
            "Din note til kortet kunne ikke gemmes: {0}\n\nVælg Annuller for at blive på "
            "kortet, så du kan forkorte noten eller kopiere den et andet sted hen. Vælg Forkast "
            "for at gå videre uden at gemme den.").format(self._note_error or "")
        answer = QMessageBox.warning(
            self, APP_NAME, rich_text.message(question),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Discard:
            self._note_dirty, self._note_error = False, None
            return True
        self.note_edit.setFocus()
        return False

    def _card_name(self, card: str) -> str:
        summary = self._repository.summary(card)
        return summary.name if summary else card

    def announce(self, message: str, widget: QWidget) -> None:
        """Say a state change aloud (screen reader) and in the status bar."""
        from .accessibility import announce  # not needed for the first frame

        announce(widget, message)
        self.statusMessage.emit(message)
