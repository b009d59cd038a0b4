#!/usr/bin/env bash
# Runs every test: installs missing packages, builds, then runs the whole
# CTest suite (unit, real-daemon integration, umockdev, client, systemd
# unit verification, formatting, dependency rules). Then builds the
# production daemon (KTPEL_SIMULATION=OFF, in build-production; mostly
# compiler-cache hits) and runs the tests that need no simulation against
# it, the check that it carries no emulator and no demo key included.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh
(cd "${KTPEL_BUILD_DIR:-build}" && ctest --output-on-failure --timeout 300 -j2)
KTPEL_BUILD_DIR=${KTPEL_PRODUCTION_BUILD_DIR:-build-production} \
    KTPEL_CMAKE_ARGS="-DKTPEL_SIMULATION=OFF -DKTPEL_BUILD_BENCH=OFF" scripts/build.sh
cd "${KTPEL_PRODUCTION_BUILD_DIR:-build-production}"
ctest --output-on-failure --timeout 300 -j2
