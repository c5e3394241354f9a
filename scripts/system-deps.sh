#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Shelflink needs to build, run and test — only those
# that are missing, so a second run costs one dpkg query. Needs root or sudo when something
# is missing. Also checks the toolchains that do not come from apt here (Rust, Node.js).
set -euo pipefail

packages=(
  build-essential pkg-config # C toolchain for the -sys crates
  libwebkit2gtk-4.1-dev      # the webview (pulls GTK 3, libsoup 3, D-Bus headers)
  fonts-dejavu-core          # text in the window
  libgl1-mesa-dri            # software rendering without a GPU
  xvfb xdotool               # a private X display for the end-to-end test, window checks
  webkit2gtk-driver          # WebKitWebDriver, driven by tauri-driver
  dbus gnome-keyring         # a D-Bus session with a Secret Service for the keyring tests
  procps                     # kill, to stop test processes with SIGTERM
)

missing=()
for package in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" != "installed" ]; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: installing packages needs root or sudo" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "error: Rust is not installed; install it with rustup (https://rustup.rs), then re-run" >&2
  exit 1
fi

# The UI's build tools (Vite 8) need Node.js 20.19 or newer.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "error: Node.js 20.19+ with npm is not installed; install it, then re-run" >&2
  exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "error: the UI needs Node.js 20.19 or newer, found $(node --version); upgrade it, then re-run" >&2
  exit 1
fi
