#!/usr/bin/env bash
# Regenerates the app icons in icons/ from icons/icon.png (512×512, the source), with the
# Tauri CLI in .tools/ (`make bundle-tools`): the hicolor PNG sizes the Linux package installs,
# icon.icns and icon.ico for macOS and Windows bundles. No 128x128@2x.png: the Linux bundler
# would install that 256-pixel file as hicolor/256x256@2 (a 512-pixel slot). The results are
# committed; run this only after changing icons/icon.png.
set -euo pipefail
cd "$(dirname "$0")/.."
tauri=.tools/bin/cargo-tauri
[ -x "$tauri" ] || { echo "error: the Tauri CLI is missing; run \`make bundle-tools\`" >&2; exit 1; }

scratch="$(mktemp -d -t shelflink-icons.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
"$tauri" icon icons/icon.png --output "$scratch/default"
"$tauri" icon icons/icon.png --output "$scratch/sizes" --png 16,24,48,256
cp "$scratch"/default/{32x32,64x64,128x128}.png "$scratch"/default/icon.{icns,ico} icons/
cp "$scratch"/sizes/{16x16,24x24,48x48,256x256}.png icons/
ls -l icons/
