#!/usr/bin/env bash
# Installs the Debian/Ubuntu libraries Qt needs (offscreen and xcb) where they are missing.
# Does nothing where they are present or where apt-get is not available (macOS, Windows).
set -euo pipefail
needed=(libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libglib-2.0.so.0 libxkbcommon-x11.so.0 libxcb-cursor.so.0)
packages=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon-x11-0 libxcb-cursor0 fonts-dejavu-core)
missing=0
for lib in "${needed[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing=1
done
fc-list 2>/dev/null | grep -qi dejavu || missing=1
[ "$missing" = 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Qt system libraries look missing and apt-get is not here; install them with your package manager." >&2
  exit 0
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
