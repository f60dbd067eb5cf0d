#!/usr/bin/env bash
# Smoke test of the one-folder bundle: launch dist/gradstep/gradstep --screenshot (offscreen)
# and check the PNG. As root with unshare, every Python on this machine (pyenv, /usr, the venvs)
# is first hidden in a private mount namespace, so the bundle has to bring its own.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
app=$root/dist/gradstep/gradstep
out=${1:-/tmp/gradstep-bundle-smoke.png}
[ -x "$app" ] || { echo "no bundle at $app: run 'make bundle' first" >&2; exit 1; }
rm -f "$out"

run_app='exec env -i PATH=/usr/bin:/bin HOME="$HOME" QT_QPA_PLATFORM=offscreen \
  timeout 120 "$APP" --example lecture-mlp --goto backward --screenshot "$OUT"'
hide_python='
for d in /root/.pyenv /usr/lib/python3 /usr/lib/python3.* /usr/local/lib/python3.* \
         "$ROOT/.venv" "$ROOT/build/venv-bundle"; do
  [ -d "$d" ] && mount -t tmpfs none "$d"
done
for f in /usr/bin/python3* /usr/lib/*-linux-gnu/libpython3*; do
  [ -e "$f" ] && mount --bind /dev/null "$f"
done
if PATH=/usr/bin:/bin python3 -c pass 2>/dev/null; then echo "python still runs" >&2; exit 1; fi
echo "python hidden: $(PATH=/usr/bin:/bin command -v python3 || echo none on PATH) is unusable"
'
start=$(date +%s.%N)
if [ "$(id -u)" = 0 ] && unshare --mount --propagation private true 2>/dev/null; then
  APP=$app OUT=$out ROOT=$root unshare --mount --propagation private \
    bash -c "set -euo pipefail; $hide_python $run_app"
else
  echo "not root or no unshare: running the bundle with Python still installed"
  APP=$app OUT=$out bash -c "$run_app"
fi
end=$(date +%s.%N)
[ -s "$out" ] || { echo "FAIL: no screenshot written to $out" >&2; exit 1; }
bytes=$(stat -c %s "$out")
echo "bundle started, screenshot $out ($bytes bytes) in $(awk "BEGIN{printf \"%.2f\", $end - $start}") s"
echo "bundle size: $(du -sh "$root/dist/gradstep" | cut -f1)"
# Non-trivial: a real window has many colours, a blank or black frame has one or two.
"$root/.venv/bin/python" - "$out" <<'PY'
import sys
from PySide6.QtGui import QGuiApplication, QImage
app = QGuiApplication(["smoke", "-platform", "offscreen"])
image = QImage(sys.argv[1])
step = max(1, image.width() // 200)
colours = {image.pixel(x, y) for x in range(0, image.width(), step)
           for y in range(0, image.height(), step)}
print(f"screenshot {image.width()}x{image.height()}, {len(colours)} distinct colours sampled")
sys.exit(0 if image.width() >= 200 and len(colours) >= 8 else 1)
PY
echo "bundle-smoke: OK"
