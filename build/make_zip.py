"""Zip the bundle for hand-out: ``dist/evidens/`` → ``dist/evidens-<version>-<platform>.zip``.

IT departments that do not use the installer unpack this zip into
``%LOCALAPPDATA%\\Programs\\Evidenshaandbogen`` (see build/README.md). The zip holds one top
folder, ``evidens/``, so unpacking never scatters files. It is written to a temporary file next
to the target and renamed into place only when complete: a failed or interrupted run never
leaves a truncated zip that looks like a good one.

    python build/make_zip.py [--dist dist] [--platform windows]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from version_info import ROOT, package_version  # noqa: E402

PLATFORMS = {"win32": "windows", "darwin": "macos"}


def default_platform() -> str:
    return PLATFORMS.get(sys.platform, sys.platform)


def zip_name(version: str, platform: str) -> str:
    return f"evidens-{version}-{platform}.zip"


def _symlink_info(path: Path, arcname: str) -> zipfile.ZipInfo:
    """A zip entry that unzips as a symbolic link (PyInstaller links Qt's libraries on Linux
    and macOS; following the links would store them twice). Windows bundles have none."""
    info = zipfile.ZipInfo(arcname, date_time=time.localtime(path.lstat().st_mtime)[:6])
    info.create_system = 3  # Unix, so the mode bits below are honoured
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def make_zip(bundle: Path, target: Path) -> Path:
    """Write ``bundle`` (a folder) into the zip ``target`` atomically; return ``target``."""
    bundle, target = Path(bundle), Path(target)
    if not (bundle / "_internal").is_dir():
        raise SystemExit(f"{bundle} is not a PyInstaller bundle; run 'make bundle' first")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(
                raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(bundle.rglob("*")):
                arcname = Path(bundle.name, path.relative_to(bundle)).as_posix()
                if path.is_symlink():
                    zf.writestr(_symlink_info(path, arcname), os.readlink(path))
                elif path.is_file():
                    zf.write(path, arcname)  # keeps the executable bit for macOS/Linux users
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a hand-out zip is not
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--platform", default=default_platform())
    args = parser.parse_args(argv)
    target = args.dist / zip_name(package_version(), args.platform)
    make_zip(args.dist / "evidens", target)
    print(f"{target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
