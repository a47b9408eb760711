"""What every PyInstaller spec in this folder shares: what to leave out, and how to prune.

``evidens.spec`` (the real app) and ``bare/bare.spec`` (an empty QMainWindow, the yardstick for
size and start-up) must be built with *exactly* the same options, or comparing them means nothing;
so both import this module instead of repeating the lists.

Why leave things out: a caseworker's laptop downloads the zip over a slow municipal network and
starts the program from a network-scanned folder, so every megabyte counts twice. And leaving
QtNetwork out *proves* the program cannot open a connection: the module is simply not there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Qt modules the app never imports. It uses QtCore, QtGui, QtWidgets and (for printing briefs)
# QtPrintSupport, which links only Widgets, Gui and Core. QtNetwork is excluded on purpose (the
# handbook is offline); QtDBus is not listed because libQt6Gui links it on Linux.
QT_EXCLUDES = [
    f"PySide6.{name}" for name in (
        "QtNetwork", "QtNetworkAuth", "QtWebSockets", "QtHttpServer", "QtRemoteObjects",
        "QtQml", "QtQmlModels", "QtQmlWorkerScript", "QtQmlFeatures", "QtQuick", "QtQuick3D",
        "QtQuickControls2", "QtQuickWidgets", "QtQuickTest", "QtLabsStyleKit",
        "QtDesigner", "QtUiTools", "QtHelp",
        "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebView",
        "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras",
        "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio", "QtTextToSpeech",
        "QtCharts", "QtDataVisualization", "QtGraphs", "QtGraphsWidgets",
        "QtOpenGL", "QtOpenGLWidgets", "QtSql", "QtTest", "QtXml", "QtConcurrent",
        "QtSvg", "QtSvgWidgets", "QtPdf", "QtPdfWidgets",
        "QtBluetooth", "QtNfc", "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort",
        "QtSerialBus", "QtScxml", "QtStateMachine", "QtAxContainer",
    )
]

# Python modules the frozen program does not need. The test-only libraries are imported only by
# the test suite. ``multiprocessing`` is imported by nothing the program runs (only by
# ``concurrent.futures.process``, which asyncio, which Jinja2 names, never imports): while it was
# in the bundle, PyInstaller's runtime hooks for it and for ``pkgutil`` (via ``runpy``) ran before
# the first frame, importing multiprocessing, subprocess, socket, pickle, locale and pkgutil:
# about 15 ms of a 360 ms start, that the same-widgets yardstick never paid.
PY_EXCLUDES = [
    "tkinter", "_tkinter", "unittest", "pydoc", "doctest", "pdb", "lib2to3", "xmlrpc",
    "pytest", "pytestqt", "_pytest", "pypdf", "ruff", "setuptools", "pip", "multiprocessing",
]

# The PyInstaller runtime hooks the program may run: they run before anything else, on every
# start, so one more (a new dependency pulling in multiprocessing, pkg_resources, setuptools …)
# costs start-up silently. ``inspect`` (PyInstaller's own) and ``pyside6`` (Qt's paths) run in the
# yardstick bundles too.
RUNTIME_HOOKS = {"pyi_rth_inspect", "pyi_rth_pyside6"}

EXCLUDES = QT_EXCLUDES + PY_EXCLUDES

# Only Danish and English Qt translations: the app loads qtbase_da; qt_da/qt_en are Qt's
# meta-catalogues that point at qtbase_*.
KEEP_TRANSLATIONS = {"qtbase_da.qm", "qtbase_en.qm", "qt_da.qm", "qt_en.qm"}

# Qt plugins that are collected by the QtGui hook but that the app cannot use: ways to draw on
# hardware or networks it never meets (VNC, EGL full-screen, framebuffer, touch and tablet input)
# and image formats it never reads. Kept: the desktop platforms (xcb/wayland, windows, cocoa),
# offscreen (self-test and CI), platform themes and input contexts (dead keys for æ/ø/å), and the
# ICO/PNG/JPEG readers. ``qpdf`` needs QtPdf and ``qsvg``/``qsvgicon`` need QtSvg, which are not
# shipped.
DROP_PLUGINS = re.compile(
    r"/plugins/(?:"
    r"platforms/(?:lib)?q(?:vnc|eglfs|linuxfb|minimalegl|vkkhrdisplay)|"
    r"egldeviceintegrations/|generic/|"
    r"imageformats/(?:lib)?q(?:pdf|svg|tga|tiff|wbmp|webp|icns|gif)|"
    r"iconengines/(?:lib)?qsvgicon|"
    r"networkinformation/|tls/|qmltooling/|sqldrivers/|designer/"
    r")", re.IGNORECASE)

# Shared libraries that would only come in with the plugins or modules dropped above.
DROP_LIBRARIES = re.compile(
    r"(?:^|/)(?:lib)?Qt6?(?:Network|Qml|Quick|Pdf|Svg|VirtualKeyboard)\w*(?=[./]|$)",
    re.IGNORECASE)

# Python's UTF-8 mode in the frozen interpreter: output redirected to a file or pipe on Windows
# would otherwise be cp1252, which has no ◆/◇/★ (evidence marks) and ends in UnicodeEncodeError.
PYTHON_OPTIONS = [("X utf8", None, "OPTION")]

# The same for every executable: no UPX (it breaks Qt plugins and makes virus scanners on
# municipal machines suspicious), no stripping (signtool signs what we ship).
EXE_OPTIONS = {"debug": False, "bootloader_ignore_signals": False, "strip": False, "upx": False}
COLLECT_OPTIONS = {"strip": False, "upx": False, "upx_exclude": []}


def _normal(dest: str) -> str:
    return dest.replace(os.sep, "/").replace("\\", "/")


def keep(dest: str) -> bool:
    """Whether a collected file (its path inside the bundle) belongs in the bundle."""
    path = _normal(dest)
    if "/translations/" in path and path.endswith(".qm"):
        return path.rsplit("/", 1)[1] in KEEP_TRANSLATIONS
    if DROP_PLUGINS.search(path):
        return False
    return not DROP_LIBRARIES.search(path)


def check_runtime_hooks(scripts) -> None:
    """Stop the build when the Analysis's ``scripts`` run a runtime hook not in RUNTIME_HOOKS."""
    hooks = {name for name, _source, _kind in scripts if name.startswith("pyi_rth_")}
    extra = sorted(hooks - RUNTIME_HOOKS)
    if extra:
        raise SystemExit(
            f"Unexpected PyInstaller runtime hooks: {', '.join(extra)}. Each runs before the "
            "first frame on every start. Exclude the module that brings it in "
            "(build/bundle_options.py, PY_EXCLUDES), or add it to RUNTIME_HOOKS on purpose.")


def prune(toc):
    """``toc`` (a list of (dest, source, typecode)) without the files :func:`keep` rejects."""
    return [entry for entry in toc if keep(entry[0])]
