"""What the app tells a screen reader beyond names and roles: announcements of state changes.

A sighted user sees ★ appear or "Noten er gemt" under the note; a screen-reader user hears nothing
unless the app says it. Qt 6.8's announcement event is what Orca and NVDA read out; the widget's
accessible description is updated as well, so the state can be read again later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

announced: list[str] = []  # the last few announcements, for tests and the a11y check
_KEEP = 20


def announce(widget: QWidget, message: str) -> None:
    """Announce ``message`` politely (after what is being read) on behalf of ``widget``."""
    # Imported on the first announcement: QAccessible is a large type for PySide6 to create
    # (~3 ms), and the app's first frame announces nothing (docs/performance.md).
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent

    announced.append(message)
    del announced[:-_KEEP]
    if not QAccessible.isActive():
        return
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, message))
    QAccessible.updateAccessibility(
        QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged))
