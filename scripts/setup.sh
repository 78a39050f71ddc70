#!/bin/sh
# Installs everything credscope needs on a fresh machine, each piece only where it is missing:
# OS packages (Debian/Ubuntu: libsecret for keytar, gnome-keyring and D-Bus for a keychain
# without a desktop, Chromium for the browser tests, Python for the platform's own runner client),
# the npm dependencies, and the build.
set -eu
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
  missing=""
  for pkg in libsecret-1-dev gnome-keyring dbus chromium; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  # Python runs the platform's own runner credential client against a served engine (a test).
  command -v python3 >/dev/null 2>&1 || missing="$missing python3"
  if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing OS packages:$missing"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086 # the package list is meant to split
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
elif [ "$(uname)" = "Darwin" ]; then
  : # The macOS Keychain needs nothing; browser tests use Chrome or Chromium if installed (CHROMIUM_PATH).
else
  echo "setup: no apt-get here; install libsecret, gnome-keyring, D-Bus and Chromium with your package manager" >&2
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund
fi
echo "setup: building"
npm run --silent build >/dev/null
echo "setup: done"
