#!/usr/bin/env bash
# Runs every test: installs missing packages, builds, then runs the whole
# CTest suite (unit, real-daemon integration, umockdev, client, systemd
# unit verification, formatting).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
scripts/build.sh
cd "${KTPEL_BUILD_DIR:-build}"
ctest --output-on-failure --timeout 300 -j2
