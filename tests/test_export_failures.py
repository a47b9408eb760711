"""Any error in an export ends with a Danish message (issue 16, item 6): the handbook's progress
dialog closes and the window can close again; Save as HTML says why it saved nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from evidens.briefs import export

pytestmark = pytest.mark.gui



@pytest.mark.parametrize("error", [KeyError("data_version"), RuntimeError("boom"),
                                   ValueError("url(x)"), UnicodeDecodeError("utf-8", b"", 0, 1,
                                                                           "x")])
def test_any_handbook_worker_error_ends_the_dialog_with_a_message(
        qtbot, window, save_as, monkeypatch, error):
    save_as["name"] = "håndbog.html"

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(export, "save_handbook", fail)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window.printing.export_handbook()
    qtbot.waitUntil(lambda: not window.printing.is_busy(), timeout=10000)
    assert shown and "ikke gemt" in shown[0] and "boom" not in shown[0]
    assert not window.printing.progress.isVisible()
    window.close()
    assert not window.isVisible()  # the window closes again


def test_save_as_html_with_refused_content_says_so(window, save_as, monkeypatch, tmp_path):
    from evidens.briefs.builders import Brief

    save_as["name"] = "kort.html"
    monkeypatch.setattr(window, "current_brief",
                        lambda: Brief("x", '<p><img src="http://example.org/x.png"></p>'))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert window.printing.export("html") is None
    assert shown and "ikke gemt" in shown[0]
    assert not (tmp_path / "kort.html").exists()
