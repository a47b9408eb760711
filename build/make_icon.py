"""Render the app icon from ``resources/icons/evidens.svg`` into PNG, ICO and ICNS, with Qt only.

The SVG is the one source; the raster files are generated and committed so that building the
bundle needs no image tools (and no QtSvg, which the bundle leaves out). Run it again after
changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python build/make_icon.py

Windows shows icons from 16 to 256 pixels (title bar, taskbar, Explorer's views), and scaling one
large image down looks blurred, so the ICO holds one image per size. Qt's ICO writer writes one
image per file; this script renders each size with Qt, lets Qt encode it (BMP entries for the
small sizes, which every Windows tool reads; PNG for 256, as Windows itself does), and joins them
into one ICO directory.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "evidens.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PNG_SIZE = 256
ICNS_SIZE = 512


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG painted onto a transparent ``size`` × ``size`` image, antialiased."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def encode(image: QImage, fmt: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):
        raise SystemExit(f"Qt could not encode a {image.width()} px image as {fmt}")
    buffer.close()
    return bytes(data)


def ico_entry(image: QImage) -> tuple[bytes, bytes]:
    """(16-byte directory entry without its offset, image data) for one size."""
    size = image.width()
    if size >= 256:
        payload = encode(image, "png")
    else:
        # A one-image ICO from Qt: 6-byte header, one 16-byte entry, then the DIB.
        single = encode(image, "ico")
        count = struct.unpack_from("<HHH", single, 0)[2]
        if count != 1:
            raise SystemExit(f"Qt wrote {count} images into a one-image ICO")
        length, offset = struct.unpack_from("<II", single, 6 + 8)
        payload = single[offset:offset + length]
    dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
    entry = struct.pack("<BBBBHHI", dim, dim, 0, 0, 1, 32, len(payload))
    return entry, payload


def write_ico(images: list[QImage], target: Path) -> None:
    entries = [ico_entry(image) for image in images]
    offset = 6 + 16 * len(entries)
    header = struct.pack("<HHH", 0, 1, len(entries))
    directory, blobs = b"", b""
    for entry, payload in entries:
        directory += entry + struct.pack("<I", offset + len(blobs))
        blobs += payload
    atomic_write(target, header + directory + blobs)


def atomic_write(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def check_ico(path: Path) -> list[int]:
    """The sizes Qt reads back from ``path``: proves the joined file is a valid ICO."""
    reader = QImageReader(str(path), b"ico")
    sizes = []
    for _ in range(reader.imageCount()):
        image = reader.read()
        if image.isNull():
            raise SystemExit(f"Qt cannot read back {path}: {reader.errorString()}")
        sizes.append(image.width())
        reader.jumpToNextImage()
    return sizes


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - keep alive
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"Qt cannot read {SVG}")
    atomic_write(ICONS / "evidens.png", encode(render(renderer, PNG_SIZE), "png"))
    write_ico([render(renderer, size) for size in ICO_SIZES], ICONS / "evidens.ico")
    atomic_write(ICONS / "evidens.icns", encode(render(renderer, ICNS_SIZE), "icns"))
    sizes = check_ico(ICONS / "evidens.ico")
    if sorted(sizes) != sorted(ICO_SIZES):
        raise SystemExit(f"evidens.ico holds sizes {sizes}, expected {list(ICO_SIZES)}")
    for name in ("evidens.png", "evidens.ico", "evidens.icns"):
        print(f"{ICONS / name}: {(ICONS / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
