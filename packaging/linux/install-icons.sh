#!/usr/bin/env bash
# Install the desktop entry (dvmeet in the application menu, and "Opne med dvmeet" for a
# database file) and the icon in the standard sizes, for the current user only.
#   ./install-icons.sh                              from the unpacked bundle folder
#   packaging/linux/install-icons.sh BUNDLE_DIR     from the repository
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -x "$here/dvmeet" ]; then
  bundle=${1:-$here}
  icons="$here/_internal/resources/icons"
else
  bundle=${1:?"bruk: $0 BUNDLEMAPPE (mappa med programfila dvmeet)"}
  icons="$here/../../resources/icons"
fi
bundle="$(cd "$bundle" && pwd)"
if [ ! -x "$bundle/dvmeet" ]; then
  echo "Fann ikkje programfila dvmeet i $bundle." >&2
  exit 1
fi
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications"
for size in 16 24 32 48 64 128 256 512; do
  install -Dm644 "$icons/dvmeet-$size.png" "$data/icons/hicolor/${size}x${size}/apps/no.digivestland.dvmeet.png"
done
install -Dm644 "$icons/dvmeet.svg" "$data/icons/hicolor/scalable/apps/no.digivestland.dvmeet.svg"
# The path is quoted in Exec (the desktop entry specification), so a folder with spaces works.
sed "s|^Exec=dvmeet|Exec=\"$bundle/dvmeet\"|" "$here/no.digivestland.dvmeet.desktop" \
  > "$data/applications/no.digivestland.dvmeet.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$data/applications" || true
fi
echo "Installert for $(whoami): $data/applications/no.digivestland.dvmeet.desktop"
