#!/usr/bin/env bash
# Install the desktop entry and the icon in the standard sizes for the current user.
#   packaging/linux/install-icons.sh BUNDLE_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
icons="$here/../../resources/icons"
bundle=${1:?bundle folder}
data=${XDG_DATA_HOME:-$HOME/.local/share}
for size in 16 24 32 48 64 128 256 512; do
  install -Dm644 "$icons/dvmeet-$size.png" "$data/icons/hicolor/${size}x${size}/apps/no.digivestland.dvmeet.png"
done
install -Dm644 "$icons/dvmeet.svg" "$data/icons/hicolor/scalable/apps/no.digivestland.dvmeet.svg"
sed "s|^Exec=dvmeet|Exec=$bundle/dvmeet|" "$here/no.digivestland.dvmeet.desktop" \
  > "$data/applications/no.digivestland.dvmeet.desktop"
echo "Installert for $(whoami): $data/applications/no.digivestland.dvmeet.desktop"
