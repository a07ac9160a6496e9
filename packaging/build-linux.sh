#!/usr/bin/env bash
# Build the Linux one-folder bundle and a tarball of it from a clean clone:
#   packaging/build-linux.sh [OUTDIR]   (default: build/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build}
export UV_PYTHON_DOWNLOADS=never
uv sync --quiet --group packaging
uv run --group packaging pyinstaller packaging/pyinstaller/dvmeet.spec \
  --noconfirm --clean --log-level WARN \
  --distpath "$out/dist" --workpath "$out/work"
bundle="$out/dist/dvmeet"
# Qt's translations other than nynorsk and its plugins for other platforms are not needed.
find "$bundle" -path '*PySide6/Qt/translations/*' ! -name 'qtbase_nn.qm' ! -name 'qt_nn.qm' -delete
# Babel's locale data: only what the app formats with (nynorsk, bokmål, English fallback).
find "$bundle/_internal/babel/locale-data" -type f ! -name 'nn*' ! -name 'nb*' ! -name 'no*' \
  ! -name 'en.dat' ! -name 'en_*' ! -name 'root.dat' -delete
cp packaging/linux/no.digivestland.dvmeet.desktop packaging/linux/no.digivestland.dvmeet.metainfo.xml \
  packaging/linux/install-icons.sh "$bundle/"
chmod 755 "$bundle/install-icons.sh"
version=$(uv run python -c 'import dvmeet; print(dvmeet.__version__)')
tar -C "$out/dist" -czf "$out/dvmeet-$version-linux-$(uname -m).tar.gz" dvmeet
du -sh "$bundle" | awk '{print "bundle size: " $1}'
echo "tarball: $out/dvmeet-$version-linux-$(uname -m).tar.gz"
