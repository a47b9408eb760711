"""Curated and user text on its way into Qt's rich-text widgets: always as text, never as markup.

Qt shows a tooltip, a QLabel in auto format and a QMessageBox as HTML whenever the string merely
*looks* like HTML (``Qt::mightBeRichText``). A name or purpose in a database given with ``--db``
that holds ``<img src="\\\\server\\share\\x.png">`` would then make the app open that path (on
Windows an SMB connection). Every string from the data or the user therefore passes through
:func:`tooltip` (a whole tooltip), :func:`message` (a message box) or :func:`escape` (a piece of
markup we build ourselves).
"""

from __future__ import annotations


def _escape(text: str, quote: bool) -> str:
    # html.escape, written out: importing the html package also loads html.entities (a table of
    # 2,000 entities), about 3 ms of start-up the first frame does not need (docs/performance.md).
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


def escape(text: object) -> str:
    """``text`` as HTML text: ``<``, ``>``, ``&`` and quotes escaped."""
    return _escape(str(text), quote=True)


def message(text: str) -> str:
    """A message box text (ours, but it may quote a path or a name) shown literally."""
    return f"<p style='white-space:pre-wrap'>{_escape(str(text), quote=False)}</p>"


def tooltip(text: str | None) -> str | None:
    """Plain ``text`` as a tooltip Qt shows literally, line breaks kept.

    Wrapped in ``<p>``, so Qt takes it as rich text on purpose, with the text itself escaped:
    the result is the same on screen whether or not the text looks like HTML.
    """
    if not text:
        return text
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"
