#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Shelflink needs to build, run, test and package — only
# those that are missing, so a second run costs one dpkg query. Needs root or sudo when
# something is missing. Node.js and npm come from apt too when the machine has none (Debian
# 12's 18.19 and Ubuntu 24.04's 18.19 are new enough for the UI's build tools: Vite 6,
# Vitest 3); a Node.js installed otherwise (e.g. NodeSource, which bundles npm) is kept. Then
# checks what does not come from apt here: Rust (rustup) and the Node.js version.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential pkg-config # C toolchain for the -sys crates
  libwebkit2gtk-4.1-dev      # the webview (pulls GTK 3, libsoup 3, D-Bus headers)
  fonts-dejavu-core          # text in the window
  libgl1-mesa-dri            # software rendering without a GPU
  xvfb xdotool               # a private X display for the end-to-end test, window checks
  webkit2gtk-driver          # WebKitWebDriver, driven by tauri-driver
  dbus gnome-keyring         # a D-Bus session with a Secret Service for the keyring tests
  procps                     # kill, to stop test processes with SIGTERM
  desktop-file-utils         # desktop-file-validate, for the package's desktop entry
)
if ! command -v node >/dev/null; then
  packages+=(nodejs npm)
elif ! command -v npm >/dev/null; then
  packages+=(npm)
fi

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

# The oldest Node.js the UI's build tools run on (ui/package.json "engines").
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 19) ? 0 : 1)'; then
  echo "error: the UI's build tools need Node.js 18.19 or newer, found $(node --version)" \
    "(Ubuntu 22.04's own is 12); install a newer one (e.g. from NodeSource), then re-run" >&2
  exit 1
fi
