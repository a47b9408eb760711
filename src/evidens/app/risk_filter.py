"""The risk-factor filter: several factors at once, only those of the chosen target group.

A caseworker's citizen rarely has one risk factor, and a list of 30 "Voksne: …/Unge: …" entries
in a combo box takes one. This is a button that opens a menu of check items, grouped by target
group; Space ticks an item and keeps the menu open, Enter ticks and closes, Esc closes. The
button says what is chosen ("Alle", one name, or "3 valgt") and a screen reader hears the names.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolButton

from evidens.evidence.records import GROUP_LABELS, RiskFactor


class CheckMenu(QMenu):
    """A menu whose check items do not close it (so several can be ticked in one go)."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        action = self.activeAction()
        if event.key() == Qt.Key.Key_Space and action is not None and action.isCheckable():
            action.trigger()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)


class RiskFactorFilter(QToolButton):
    changed = Signal()

    def __init__(self, risk_factors: list[RiskFactor], parent=None):
        super().__init__(parent)
        self._all = list(risk_factors)
        self._names = {rf.id: rf.name for rf in self._all}
        self._chosen: list[str] = []
        self._group: str | None = None
        self.menu_ = CheckMenu(self)
        self.menu_.setAccessibleName(self.tr("Risikofaktorer"))
        self.setMenu(self.menu_)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Risikofaktorer"))
        self.setToolTip(self.tr("Vis kun indsatser, der adresserer mindst én af de valgte "
                                "risikofaktorer. Mellemrum sætter kryds; Enter lukker."))
        self._rebuild()

    # -- state --------------------------------------------------------------------------------
    def selected(self) -> frozenset[str]:
        return frozenset(self._chosen)

    def set_selected(self, ids) -> None:
        wanted = [i for i in ids if i in self._names and self._in_group(i)]
        if wanted != self._chosen:
            self._chosen = wanted
            self._sync_checks()
            self.changed.emit()

    def clear(self) -> None:
        self.set_selected([])

    def set_group(self, group: str | None) -> None:
        """Offer only the factors of ``group`` (None: both groups); drop chosen ones outside."""
        self._group = group
        kept = [i for i in self._chosen if self._in_group(i)]
        dropped = kept != self._chosen
        self._chosen = kept
        self._rebuild()
        if dropped:
            self.changed.emit()

    def offered(self) -> list[str]:
        return [rf.id for rf in self._all if self._group in (None, rf.group)]

    def _in_group(self, rf_id: str) -> bool:
        return self._group is None or any(rf.id == rf_id and rf.group == self._group
                                          for rf in self._all)

    # -- the menu and the button's words ------------------------------------------------------
    def _rebuild(self) -> None:
        menu = self.menu_
        menu.clear()
        every = menu.addAction(self.tr("Alle risikofaktorer"))
        every.setCheckable(True)
        every.setChecked(not self._chosen)
        every.triggered.connect(self.clear)
        every.toggled.connect(lambda _on: self._sync_checks())  # stays ticked while none chosen
        for group, label in GROUP_LABELS.items():
            if self._group not in (None, group):
                continue
            menu.addSection(label)
            for rf in self._all:
                if rf.group != group:
                    continue
                action = QAction(rf.name, menu)
                action.setCheckable(True)
                action.setChecked(rf.id in self._chosen)
                action.setData(rf.id)
                action.toggled.connect(lambda on, i=rf.id: self._toggle(i, on))
                menu.addAction(action)
        self._update_text()

    def _toggle(self, rf_id: str, on: bool) -> None:
        chosen = [i for i in self._chosen if i != rf_id] + ([rf_id] if on else [])
        chosen = [i for i in self.offered() if i in chosen]  # the menu's order
        if chosen != self._chosen:
            self._chosen = chosen
            self._sync_checks()
            self.changed.emit()

    def _sync_checks(self) -> None:
        """Tick the menu's items to match the choice (without rebuilding a menu that may be
        open and in the middle of a click)."""
        for action in self.menu_.actions():
            if not action.isCheckable():
                continue
            action.blockSignals(True)
            rf_id = action.data()
            action.setChecked(rf_id in self._chosen if rf_id else not self._chosen)
            action.blockSignals(False)
        self._update_text()

    def _update_text(self) -> None:
        names = [self._names[i] for i in self._chosen]
        if not names:
            text = self.tr("Alle")
        elif len(names) == 1:
            text = names[0]
        else:
            text = self.tr("{0} valgt").format(len(names))
        self.setText(text)
        self.setAccessibleDescription(
            ", ".join(names) if names else self.tr("Alle risikofaktorer"))
