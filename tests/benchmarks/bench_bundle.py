"""Size of the PyInstaller folder (run by hand, after ``bash packaging/build.sh``):
``python -m tests.benchmarks.bench_bundle [DIST_FOLDER] [PYINSTALLER]``.

Prints the folder's size, what takes the room (Qt, Python, the rest; the largest files), and, as the
baseline in the same run, a bare PySide6 window with a table bundled by the same PyInstaller with its
default settings (PYINSTALLER defaults to the build's own, build/venv/bin/pyinstaller).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.bench_gui import BARE

ROOT = Path(__file__).resolve().parents[2]


def size_mb(folder: Path) -> float:
    """Apparent size in MiB (``du -sm`` rounds each file up to its blocks: a little more)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def breakdown(folder: Path) -> str:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    qt = sum(p.stat().st_size for p in files if "PySide6" in p.parts or "shiboken6" in p.parts) / 1e6
    python = sum(p.stat().st_size for p in files if p.name.startswith("libpython") or "python3" in str(p)) / 1e6
    largest = sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:5]
    top = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f}" for p in largest)
    return f"Qt {qt:.0f} MB, Python {python:.0f} MB; largest files (MB): {top}"


def main() -> None:
    dist = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "deskcomms"
    pyinstaller = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "build" / "venv" / "bin" / "pyinstaller"
    if not dist.is_dir():
        raise SystemExit(f"no bundle at {dist}: run 'bash packaging/build.sh' first")
    print(f"deskcomms folder: {size_mb(dist):.1f} MiB ({breakdown(dist)})")
    if not pyinstaller.exists():
        print(f"baseline skipped: no PyInstaller at {pyinstaller}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bare.py"
        script.write_text(BARE)
        subprocess.run(
            [
                str(pyinstaller),
                "--noconfirm",
                "--onedir",
                "--distpath",
                f"{tmp}/dist",
                "--workpath",
                f"{tmp}/build",
                "--specpath",
                tmp,
                str(script),
            ],
            check=True,
            capture_output=True,
        )
        bare = Path(tmp) / "dist" / "bare"
        print(
            f"baseline, a bare PySide6 window with a table, PyInstaller defaults: {size_mb(bare):.1f} MiB "
            f"({breakdown(bare)})"
        )


if __name__ == "__main__":
    main()
