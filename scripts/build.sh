#!/usr/bin/env bash
# Configures and builds into ./build (or $KTPEL_BUILD_DIR). Extra arguments
# are targets; $KTPEL_CMAKE_ARGS adds configure options (for example
# -DKTPEL_SIMULATION=OFF for the production daemon).
#
# With ccache present every build directory shares one compiler cache, and
# paths below the source tree are hashed relative to it, so that a second
# configuration of the same sources (the production build next to the
# default one) compiles only what really differs.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${KTPEL_BUILD_DIR:-build}
launcher=()
if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
fi
# shellcheck disable=SC2086 # KTPEL_CMAKE_ARGS is a list of options
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
    ${KTPEL_CMAKE_ARGS:-} >/dev/null
if [ $# -gt 0 ]; then
    targets=()
    for target in "$@"; do targets+=(--target "$target"); done
    cmake --build "$build_dir" -j"$(nproc)" "${targets[@]}"
else
    cmake --build "$build_dir" -j"$(nproc)"
fi
