#!/usr/bin/env bash
# Configures and builds into ./build (Release). Incremental on reruns.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > build/configure.log 2>&1 || { cat build/configure.log; exit 1; }
cmake --build build -j"$(nproc)"
