#!/usr/bin/env bash
# Set-up, build, the default datastore (first run only) and the workbench: the README's main
# command. Without a display it runs under Xvfb, runs one demo query and saves a screenshot.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash .ci/setup.sh
bash .ci/build.sh
hullft=./build/app/hullft
if ! $hullft store info > /dev/null 2>&1; then
  echo "workbench: building the default corpus and datastore (first run only)"
  $hullft store build --store-mb-per-domain "${HULLFT_STORE_MB_PER_DOMAIN:-0.2}"
fi
$hullft store info
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/app/hullft-workbench "$@"
fi
shot="$PWD/build/workbench.png"
echo "workbench: no display found; running it under Xvfb with a demo query and saving a screenshot"
xvfb-run -a -s "-screen 0 1280x800x24" ./build/app/hullft-workbench \
  --demo-query "$(cat resources/examples/ecclesiastes_3.txt)" --screenshot "$shot" "$@"
echo "workbench: screenshot saved to $shot"
