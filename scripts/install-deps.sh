#!/usr/bin/env bash
# Installs the Debian 12 packages ktpeld builds, runs and tests with.
# Idempotent: installs only what is missing; needs root (or sudo) for that.
set -euo pipefail

packages=(
    build-essential cmake pkg-config clang-format ccache
    libusb-1.0-0-dev libpcsclite-dev libzmq3-dev cppzmq-dev
    libboost-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
    libgtest-dev libsystemd-dev libssl-dev zlib1g-dev
    libsqlite3-dev libsqlitecpp-dev libsodium-dev libturbojpeg0-dev
    libcairo2-dev libpango1.0-dev fonts-dejavu-core
    umockdev systemd python3-zmq
    pcscd vsmartcard-vpcd util-linux iproute2
    poppler-utils
    chromium nodejs
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
