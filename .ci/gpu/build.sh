#!/usr/bin/env bash
# Run on the GPU machine (Ubuntu 24.04, CUDA LibTorch 2.x in /opt/torch/.venv) from the repo
# root: unpacks the carried Debian packages into /opt/deb and builds core, the CLI and the
# benchmarks into build-gpu/ (no Qt there: GUI and Qt tests are left out).
# Usage: source .ci/gpu/build.sh [targets...]
set -eo pipefail
deb=/opt/deb
lib=$deb/usr/lib/x86_64-linux-gnu
mkdir -p "$deb"
for f in .device/debs/*.deb; do
  [ -f "$deb/.unpacked-$(basename "$f")" ] || { dpkg -x "$f" "$deb" && touch "$deb/.unpacked-$(basename "$f")"; }
done
if [ ! -e /usr/lib/x86_64-linux-gnu/libblas.so ]; then
  # Debian's FAISS CMake target names these absolute paths.
  ln -sf "$lib/blas/libblas.so.3" /usr/lib/x86_64-linux-gnu/libblas.so
  ln -sf "$lib/lapack/liblapack.so.3" /usr/lib/x86_64-linux-gnu/liblapack.so
  # Development symlinks that point at Debian's alternatives system.
  ln -sf "$lib/blas/libblas.so.3" "$lib/libblas.so"
  ln -sf "$lib/lapack/liblapack.so.3" "$lib/liblapack.so"
fi
export LD_LIBRARY_PATH="$lib:$lib/blas:$lib/lapack:${LD_LIBRARY_PATH:-}"
export PATH="/opt/torch/.venv/bin:/usr/local/cuda/bin:$PATH"
torch_prefix=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DHULLFT_BUILD_GUI=OFF -DHULLFT_BUILD_TESTS=OFF -DHULLFT_BUILD_BENCHMARKS=ON \
  -DCMAKE_PREFIX_PATH="$torch_prefix;$deb/usr" -DOPENSSL_ROOT_DIR="$deb/usr" \
  -DCMAKE_CUDA_ARCHITECTURES=90 > build-gpu-configure.log 2>&1 || { tail -60 build-gpu-configure.log; false; }
ninja -C build-gpu "$@"
