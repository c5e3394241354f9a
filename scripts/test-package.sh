#!/usr/bin/env bash
# `make test-package`: installs the package `make bundle` built (apt-get install ./….deb),
# checks what it put on the system, runs the end-to-end smoke test against the installed
# /usr/bin/shelflink-app with a fresh SHELFLINK_HOME, and removes the package again — with
# any package its installation pulled in — so the system is left as it was found. Needs root
# or sudo. Refuses to run while a Shelflink package is installed already: it never replaces
# or removes one it did not install.
set -euo pipefail
cd "$(dirname "$0")/.."

deb="$PWD/$(scripts/bundle.sh --path)"
if [ ! -f "$deb" ]; then
  echo "error: no package at $deb; build it with \`make bundle\`" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: installing the package needs root or sudo" >&2; exit 1; }
  sudo=(sudo)
fi
installed_packages() {
  dpkg-query -W -f='${db:Status-Status} ${Package}\n' | sed -n 's/^installed //p' | sort
}
if installed_packages | grep -qx shelflink; then
  echo "error: a Shelflink package is installed already ($(dpkg-query -W -f='${Version}' shelflink));" \
    "test-package would replace it: remove it first (apt-get remove shelflink)" >&2
  exit 1
fi

# Built before installing, so the package stays on the system only as long as the test runs.
echo "==> building the end-to-end test"
cargo test --locked -p shelflink-app --test e2e --no-run

before="$(installed_packages)"
remove() {
  echo "==> removing the package and what its installation pulled in"
  local added
  added="$(comm -13 <(echo "$before") <(installed_packages) | paste -sd' ' -)"
  if [ -n "$added" ]; then
    # shellcheck disable=SC2086 # package names, one word each
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q $added
  fi
}
trap remove EXIT

echo "==> installing $deb"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb"

echo "==> checking what the package installed"
for path in /usr/bin/shelflink-app /usr/bin/shelflink /usr/share/applications/Shelflink.desktop \
  /usr/share/icons/hicolor/128x128/apps/shelflink-app.png; do
  dpkg-query -S "$path" >/dev/null || { echo "error: the package does not hold $path" >&2; exit 1; }
  [ -e "$path" ] || { echo "error: $path is missing after the installation" >&2; exit 1; }
done
desktop-file-validate /usr/share/applications/Shelflink.desktop
expected="$(scripts/bundle.sh --version)"
for binary in shelflink-app shelflink; do
  reported="$(env -u DISPLAY -u WAYLAND_DISPLAY "/usr/bin/$binary" --version)"
  [ "$reported" = "$binary $expected" ] ||
    { echo "error: /usr/bin/$binary --version says \"$reported\", not \"$binary $expected\"" >&2; exit 1; }
  echo "    $reported"
done

echo "==> end-to-end smoke test of the installed app"
SHELFLINK_E2E_APP=/usr/bin/shelflink-app \
  scripts/with-test-session.sh cargo test --locked -p shelflink-app --test e2e
