#!/usr/bin/env bash
# Build a standalone one-folder deskcomms with PyInstaller into dist/deskcomms/ (and dist/deskcomms.app on
# macOS), then smoke-test it. Runs on Linux, macOS and Windows (Git Bash).
# Usage: bash packaging/build.sh   (from anywhere; needs Python 3.11+ with venv, and access to PyPI)
#   PYTHON=python bash packaging/build.sh   where the interpreter is not called python3 (Windows)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv=build/venv
"${PYTHON:-python3}" -m venv "$venv"
bin=$venv/bin
[ -d "$bin" ] || bin=$venv/Scripts  # Windows venvs keep their programs in Scripts
# Pillow only converts the PNG icon to .ico/.icns at build time; it is not bundled.
"$bin/python" -m pip install -q --upgrade pip
"$bin/python" -m pip install -q . "pyinstaller>=6.6" pillow
"$bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/deskcomms.spec
binary=dist/deskcomms/deskcomms
[ -x "$binary" ] || binary=dist/deskcomms/deskcomms.exe
echo "built: $binary ($("$binary" --version))"
# Prove the bundle works: the full app paints a window (offscreen when there is no display).
check=$(mktemp -d)
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$binary" --data-dir "$check" --demo --smoke-test --screenshot "$check/shot.png"
"$binary" --data-dir "$check" due > /dev/null
"$binary" --data-dir "$check" draft RE-2611-0042 reengagement_outreach_1 > /dev/null 2>&1
echo "smoke test passed: $check/shot.png"
