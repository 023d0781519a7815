#!/usr/bin/env bash
# Set-up, build and every test: the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash .ci/setup.sh
bash .ci/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
bash .ci/portable.sh
