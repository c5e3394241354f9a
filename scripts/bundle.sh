#!/usr/bin/env bash
# Builds the Debian package with the Tauri bundler (`make bundle`): the app in release mode
# (production build, its files served through the custom protocol, as `tauri build` would
# build it) and the `shelflink` command-line tool, built in one cargo run so they share every
# dependency, then `tauri bundle` makes one .deb holding both, its desktop entry and icons.
# cargo builds, not `tauri build`: that takes the app crate from the Cargo.toml beside
# tauri.conf.json, which at the repository root is the core's (see ARCHITECTURE.md). The package's dependencies are the ones the
# bundler declares (libwebkit2gtk-4.1-0, libgtk-3-0) plus, with their minimum versions,
# every shared library the two binaries link, as dpkg-shlibdeps finds them.
#   scripts/bundle.sh          build; prints the package's path last
#   scripts/bundle.sh --path     only print where the package is (or will be)
#   scripts/bundle.sh --version  only print the version it has
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
deb="target/release/bundle/deb/Shelflink_${version}_$(dpkg --print-architecture).deb"
case "${1:-}" in
  --path) echo "$deb" && exit 0 ;;
  --version) echo "$version" && exit 0 ;;
esac

tauri=.tools/bin/cargo-tauri
if [ ! -x "$tauri" ]; then
  echo "error: the Tauri CLI is not installed in .tools/; run \`make bundle\`, which installs it" >&2
  exit 1
fi

echo "==> building the app and the command-line tool (release)"
cargo build --release --locked -p shelflink-app -p shelflink --features shelflink-app/custom-protocol

echo "==> finding the shared libraries they need (dpkg-shlibdeps)"
scratch="$(mktemp -d -t shelflink-bundle.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/debian"
printf 'Source: shelflink\n\nPackage: shelflink\nArchitecture: any\n' >"$scratch/debian/control"
if ! shlibs="$(cd "$scratch" && dpkg-shlibdeps -O \
  -e"$root/target/release/shelflink-app" -e"$root/target/release/shelflink" 2>warnings)"; then
  cat "$scratch/warnings" >&2
  exit 1
fi
# It always remarks that the binaries are not in a debian/<package>/ staging folder.
grep -v "should already be installed in their package's directory" "$scratch/warnings" >&2 || true
# "shlibs:Depends=libc6 (>= 2.34), libgtk-3-0 (>= 3.24), …" → a JSON list for the bundler.
depends="$(printf '%s\n' "${shlibs#shlibs:Depends=}" | sed 's/, /\n/g' |
  sed 's/"/\\"/g; s/.*/"&"/' | paste -sd, -)"
echo "    $depends"

echo "==> bundling"
"$tauri" bundle --bundles deb \
  --config "{\"bundle\":{\"linux\":{\"deb\":{\"depends\":[$depends]}}}}"

if [ ! -f "$deb" ]; then
  echo "error: the bundler did not write $deb" >&2
  exit 1
fi
echo "package: $deb ($(du -h "$deb" | cut -f1))"
