#!/usr/bin/env bash
# Configures and builds into ./build (or $KTPEL_BUILD_DIR). Extra arguments
# are targets.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${KTPEL_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if [ $# -gt 0 ]; then
    targets=()
    for target in "$@"; do targets+=(--target "$target"); done
    cmake --build "$build_dir" -j"$(nproc)" "${targets[@]}"
else
    cmake --build "$build_dir" -j"$(nproc)"
fi
