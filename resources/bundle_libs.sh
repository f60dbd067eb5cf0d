#!/usr/bin/env bash
# Installs the X11 libraries Qt's xcb platform plugin links to, so that PyInstaller copies them
# into the bundle (a desktop without them could not open a window). Debian/Ubuntu only.
set -euo pipefail
needed=(libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-image.so.0 libxcb-render-util.so.0)
packages=(libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0)
missing=0
for lib in "${needed[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing=1
done
[ "$missing" = 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: ${needed[*]} not all found; the bundle's xcb plugin will need them on the target" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
