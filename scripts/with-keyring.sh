#!/bin/sh
# Runs a command with a private, unlocked gnome-keyring on its own D-Bus session bus, for
# machines without a desktop session (CI, containers). The keyring lives in a temporary
# directory and disappears with the command.
set -eu
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keyring: dbus-run-session and gnome-keyring-daemon are needed (npm run setup installs them)" >&2
  exit 1
fi
dir=$(mktemp -d)
status=0
# dbus-daemon complains when it cannot raise its fd limit (unprivileged containers); keep it quiet.
printf '#!/bin/sh\nexec dbus-daemon "$@" 2>/dev/null\n' > "$dir/dbus-daemon-quiet"
chmod +x "$dir/dbus-daemon-quiet"
dbus-run-session --dbus-daemon="$dir/dbus-daemon-quiet" -- sh -c '
  printf credscope | XDG_DATA_HOME="$0" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  CREDSCOPE_PRIVATE_KEYRING=1 "$@"
' "$dir" "$@" || status=$?
rm -rf "$dir"
exit $status
