#!/usr/bin/env bash
# The production ktpeld (KTPEL_SIMULATION=OFF) holds no simulation: no
# emulator, virtual card or SAM code, no demo issuer key; it refuses a
# configuration that asks for simulated devices, naming the setting, and
# accepts the real-hardware example.
#   check_production_daemon.sh <ktpeld> <source dir>
set -euo pipefail
ktpeld=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# Symbols: anything of namespace ktpel::sim (every emulator, the virtual
# card and SAM, the synthetic people, the simulated station), the emulator
# classes by name should one leave that namespace, the demo key functions.
# (The configuration's simulation section is still parsed, so that it can
# be refused by name: config::UsbEmulatorConfig is expected.)
nm -C "$ktpeld" >"$work/symbols"
[ -s "$work/symbols" ] || fail "nm found no symbols in $ktpeld"
emulators='KipEmulator|EvolisEmulator|PtpCameraEmulator|SignaturePadEmulator|UsbDeviceEmulator'
emulators+='|EmulatedBus|EmulatedReaderBus|VirtualChip|SamApplet|SimulatedStation'
if grep -E "ktpel::sim::|$emulators|demo_issuer_key" \
    "$work/symbols" >"$work/found"; then
    fail "simulation symbols in the production ktpeld:"; head -20 "$work/found"
else
    echo "ok: no simulation symbols ($(wc -l <"$work/symbols") symbols read)"
fi
# Bytes: the published demo keys (sixteen ASCII bytes each).
for key in KTPEL-DEMO-KEY-1 'KTPEL-WRONG-KEY!'; do
    if grep -aqF -- "$key" "$ktpeld"; then fail "the demo key $key is in the binary"; else
        echo "ok: no demo key $key"; fi
done

# The default (simulated) configuration is refused, naming the setting.
if "$ktpeld" --check-config -c "$source_dir/config/ktpeld.yaml" >"$work/out" 2>&1; then
    fail "the simulated default configuration was accepted"
else
    code=$?
    [ "$code" -eq 2 ] || fail "exit status $code for a simulated configuration, want 2"
    grep -q 'simulation.usb' "$work/out" || { fail "the refusal does not name simulation.usb:"; cat "$work/out"; }
    grep -q 'built without simulation' "$work/out" || fail "the refusal does not say why"
    echo "ok: simulated configuration refused: $(tail -1 "$work/out")"
fi
# A configuration whose only simulated part is the default USB backend.
sed "s|/usr/share/ktpeld/|$source_dir/config/|; s|backend: libusb|backend: emulated|" \
    "$source_dir/config/examples/real-station.yaml" >"$work/emulated-usb.yaml"
if "$ktpeld" --check-config -c "$work/emulated-usb.yaml" >"$work/out" 2>&1; then
    fail "usb.backend: emulated was accepted"
else
    grep -q 'usb.backend' "$work/out" || { fail "the refusal does not name usb.backend:"; cat "$work/out"; }
    echo "ok: usb.backend emulated refused"
fi
# The real-hardware example is accepted.
sed "s|/usr/share/ktpeld/|$source_dir/config/|" "$source_dir/config/examples/real-station.yaml" \
    >"$work/real-station.yaml"
if "$ktpeld" --check-config -c "$work/real-station.yaml" >"$work/out" 2>&1; then
    echo "ok: real-station.yaml accepted"
else
    fail "real-station.yaml refused:"; cat "$work/out"
fi
exit $status
