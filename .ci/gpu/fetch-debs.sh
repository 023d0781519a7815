#!/usr/bin/env bash
# Run here (Debian 12): downloads the Debian packages the GPU machine lacks (FAISS, SQLite,
# JSON, PCRE2, OpenSSL headers, BLAS, Google Benchmark, cpp-httplib) into .device/debs, which travels to the
# device with `carry: [".device"]` (see BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mkdir -p .device/debs
grep -qx '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> .git/info/exclude
cd .device/debs
apt-get download libfaiss-dev libblas3 liblapack3 libgfortran5 libquadmath0 \
  libsqlite3-0 libsqlite3-dev nlohmann-json3-dev libpcre2-8-0 libpcre2-dev libssl3 libssl-dev \
  libbenchmark1debian libbenchmark-dev libicu72 libicu-dev libcpp-httplib-dev libcpp-httplib0.11 libbrotli1
