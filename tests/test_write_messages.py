"""Saving a file fails in Danish and says what to do next (issue 16 item 15, issue 13 §1)."""

from __future__ import annotations

import errno

from evidens.atomic_files import describe


def test_every_os_error_is_danish_with_a_next_step(tmp_path):
    path = tmp_path / "kort.pdf"
    for code, english in ((errno.ENOSPC, "No space left on device"),
                          (errno.EIO, "Input/output error"),
                          (errno.EMLINK, "Too many links")):
        message = describe(path, OSError(code, english))
        assert english not in message and "Kan ikke gemme" in message
        assert "vælg en anden mappe" in message.lower() or "bed it" in message.lower()
