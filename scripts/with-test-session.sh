#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (the Secret
# Service) and a throw-away HOME, so tests never see or touch the user's keyring, settings
# or window state. The session ends with the command.
#   scripts/with-test-session.sh cargo test --workspace
set -euo pipefail

# cargo and rustup find their homes through HOME unless told; keep them.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"

session_home="$(mktemp -d -t shelflink-test-home.XXXXXX)"
trap 'rm -rf "$session_home"' EXIT
mkdir -p "$session_home/run" && chmod 700 "$session_home/run"
export HOME="$session_home"
export XDG_CONFIG_HOME="$session_home/config" XDG_DATA_HOME="$session_home/data"
export XDG_CACHE_HOME="$session_home/cache" XDG_RUNTIME_DIR="$session_home/run"
unset DBUS_SESSION_BUS_ADDRESS SHELFLINK_HOME SHELFLINK_DEMO

dbus-run-session -- bash -c '
  set -euo pipefail
  # The unlock password must not be empty, or a new keyring stays locked.
  if ! printf "shelflink-test" | gnome-keyring-daemon --unlock --components=secrets \
      >/dev/null 2>"$HOME/gnome-keyring.log"; then
    echo "error: cannot start gnome-keyring in the test session:" >&2
    cat "$HOME/gnome-keyring.log" >&2
    exit 1
  fi
  "$@"
' with-test-session "$@"
