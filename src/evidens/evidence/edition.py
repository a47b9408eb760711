"""How a reader names the data: "udgave 2026.1 af 26. november 2026".

Its own small module, below the briefs, because the app's status bar prints the edition in the
first frame a caseworker waits for, and the templating module that also uses it is not needed
until a card is opened (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")


def danish_date(value: str | dt.date | dt.datetime) -> str:
    """'2026-11-23' → '23. november 2026'."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def data_edition(version: str, built: str | dt.date | dt.datetime | None = None) -> str:
    """'2026.1+b040ce50' built 2026-11-26 → 'udgave 2026.1 af 26. november 2026'.

    Readers see the edition and the day the data was built; the content hash after the "+" is
    for support and stays in About and the JSON export, where it tells two builds apart.
    """
    if version.startswith("udgave "):
        return version  # already worded (a caller passed the edition through)
    edition = f"udgave {version.partition('+')[0]}"
    return f"{edition} af {danish_date(built)}" if built else edition


def content_hash(version: str) -> str:
    """The content hash part of a data version ('' when the version has none)."""
    return version.partition("+")[2]
