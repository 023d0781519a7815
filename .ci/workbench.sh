#!/usr/bin/env bash
# Set-up, build and start the workbench: the README's main command.
# Without a display it runs under Xvfb, saves a screenshot and says where.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash .ci/setup.sh
bash .ci/build.sh
./build/app/hullft --help
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/app/hullft-workbench "$@"
fi
shot="$PWD/build/workbench.png"
echo "workbench: no display found; running it under Xvfb and saving a screenshot"
xvfb-run -a -s "-screen 0 1280x800x24" ./build/app/hullft-workbench --screenshot "$shot" "$@"
echo "workbench: screenshot saved to $shot"
