#!/usr/bin/env bash
# The selection kernels without their x86 clones (-DHULLFT_VECTOR_CLONES=OFF), built by clang
# where it is installed (it lacks GCC's __builtin_shuffle, so its fallback is exercised too):
# the code a machine without AVX, or an ARM one, runs. Its golden and bitwise-parity tests must
# pass as they do with the clones.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
compiler=()
if command -v clang++-14 > /dev/null; then compiler=(-DCMAKE_CXX_COMPILER=clang++-14); fi
mkdir -p build-portable
cmake -S . -B build-portable -DCMAKE_BUILD_TYPE=Release -DHULLFT_VECTOR_CLONES=OFF -DHULLFT_BUILD_GUI=OFF \
  -DHULLFT_BUILD_BENCHMARKS=OFF -DHULLFT_BUILD_FUZZERS=OFF "${compiler[@]}" > build-portable/configure.log 2>&1 ||
  { cat build-portable/configure.log; exit 1; }
cmake --build build-portable -j"$(nproc)" --target selection_golden_test selection_naive_parity_test
ctest --test-dir build-portable --output-on-failure -R 'selection_(golden|naive_parity)_test'
