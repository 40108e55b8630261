#!/usr/bin/env bash
# Build a standalone one-folder deskcomms with PyInstaller into dist/deskcomms/, then smoke-test it.
# Usage: bash packaging/build.sh   (from anywhere; needs python3 with venv, and network access to PyPI)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv=build/venv
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q . "pyinstaller>=6.6"
"$venv/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/deskcomms.spec
binary=dist/deskcomms/deskcomms
[ -x "$binary" ] || binary=dist/deskcomms/deskcomms.exe
echo "built: $binary ($("$binary" --version))"
# Prove the bundle works: the full app paints a window (offscreen when there is no display).
check=$(mktemp -d)
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$binary" --data-dir "$check" --demo --smoke-test --screenshot "$check/shot.png"
"$binary" --data-dir "$check" due > /dev/null
"$binary" --data-dir "$check" draft RE-2611-0042 reengagement_outreach_1 > /dev/null 2>&1
echo "smoke test passed: $check/shot.png"
