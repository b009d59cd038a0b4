#!/usr/bin/env bash
# The main job: installs missing packages, builds, starts ktpeld on the
# default simulated station in a private runtime and state directory (SOP
# time 60x faster), shows the devices with ktpelctl, walks complete services
# through the SOP with ktpel-walkthrough, prints the register and the day's
# report, and stops the daemon cleanly. `./run.sh --console` instead starts
# the station with the web console and prints its URL.
#
# The encoding station is real PC/SC: the script re-runs itself inside
# scripts/with-private-pcscd.sh (a private pcscd with the vsmartcard vpcd
# reader driver), where our virtual KTP-el chip and SAM programs connect
# to vpcd as cards and ktpeld reaches them through libpcsclite.
set -euo pipefail
cd "$(dirname "$0")"
# ./run.sh --console: the simulated station with the officers' web console
# instead of the scripted tour (scripts/run-console.sh, docs/console.md).
if [[ ${1:-} == --console ]]; then
    exec scripts/run-console.sh
fi
if [[ ${KTPEL_PRIVATE_PCSCD:-} != 1 ]]; then
    scripts/install-deps.sh
    scripts/build.sh ktpeld ktpelctl ktpel-walkthrough ktpel-virtual-chip ktpel-virtual-sam
    exec scripts/with-private-pcscd.sh "$0" "$@"
fi

build=${KTPEL_BUILD_DIR:-build}
ktpeld=$build/daemon/app/ktpeld
chip=$build/sim/virtual_chip_program/ktpel-virtual-chip
sam=$build/sim/virtual_sam_program/ktpel-virtual-sam
ktpelctl=$build/clients/ktpelctl/ktpelctl
walkthrough=$build/clients/walkthrough/ktpel-walkthrough
work=$(mktemp -d /tmp/ktpeld-demo.XXXXXX)
runtime=$work/run
state=$work/state
daemon_pid=
watch_pid=
card_pids=()

cleanup() {
    [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null || true
    [ -n "$daemon_pid" ] && kill -KILL "$daemon_pid" 2>/dev/null || true
    for pid in "${card_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
ctl() { echo "\$ ktpelctl $*"; "$ktpelctl" --runtime-dir "$runtime" "$@"; }

step "A private pcscd with two vpcd slots: the virtual KTP-el chip and the issuer's SAM connect as cards"
mkdir -p "$state"
"$sam" --host "$KTPEL_VPCD_HOST" --port "$KTPEL_VPCD_SAM_PORT" >"$work/sam.log" 2>&1 &
card_pids+=($!)
"$chip" --host "$KTPEL_VPCD_HOST" --port "$KTPEL_VPCD_ENCODER_PORT" --state-dir "$state/cards" \
    --control-socket "$work/chip.sock" >"$work/chip.log" 2>&1 &
card_pids+=($!)
for _ in $(seq 100); do [ -S "$work/chip.sock" ] && break; sleep 0.1; done
echo "  readers: $KTPEL_PCSC_ENCODER_READER (card), $KTPEL_PCSC_SAM_READER (SAM)"

step "Starting ktpeld on the simulated station (runtime $runtime, register in $state, SOP time 60x, PC/SC through pcscd)"
"$ktpeld" --config config/ktpeld.yaml --runtime-dir "$runtime" --state-dir "$state" --time-scale 60 \
    --smartcard-backend pcsc --chip-control-socket "$work/chip.sock" \
    2>"$work/ktpeld.log" &
daemon_pid=$!
for _ in $(seq 100); do
    [ -S "$runtime/api.sock" ] && "$ktpelctl" --runtime-dir "$runtime" --timeout 1 status >/dev/null 2>&1 && break
    sleep 0.1
done
sed 's/^/  ktpeld: /' "$work/ktpeld.log"

step "Watching events in the background"
"$ktpelctl" --runtime-dir "$runtime" watch >"$work/events.log" 2>&1 &
watch_pid=$!
sleep 0.3

step "Station status and devices"
ctl status
ctl devices

step "The technician logs in (demo officer teknisi, docs/officers.md)"
export KTPEL_OFFICER=teknisi KTPEL_PIN=999999

step "Capturing a four-finger slap from fingerprint0 (a diagnostic capture: no application)"
ctl capture fingerprint --slot left_four --out "$work/left_four.pgm"
ls -l "$work/left_four.pgm"

step "A technician's fault drill: unplug the scanner mid-capture, then replug"
ctl inject fingerprint0 subject_delay --arg ms=2000
( sleep 0.5; "$ktpelctl" --runtime-dir "$runtime" inject fingerprint0 unplug >/dev/null ) &
ctl capture fingerprint --out "$work/unplugged.pgm" || echo "  (exit $?: the capture failed as it should)"
ctl inject fingerprint0 replug
sleep 0.5
ctl inject fingerprint0 clear
ctl capture fingerprint --slot thumbs --out "$work/thumbs.pgm"

step "A technician's printer drill: a jam spoils a card, the technician clears it, a test card"
ctl printer status
ctl inject printer0 jam
ctl print test-card || echo "  (exit $?: the jammed job failed as it should)"
ctl printer status
ctl inject printer0 clear
ctl print test-card
ctl proof --out "$work/specimen-proof.png"

step "Serving applicants through the SOP (ktpel-walkthrough: three officers, three services)"
"$walkthrough" --runtime-dir "$runtime" --proof-out "$work/card-proof.png" --receipt-out "$work/receipt.pdf" --timeout 240

step "The chips the virtual card program holds (issued, locked, activated), from its control socket"
python3 - "$work/chip.sock" <<'PY'
import json, socket, sys
with socket.socket(socket.AF_UNIX) as s:
    s.connect(sys.argv[1])
    s.sendall(b"list\n")
    answer = json.loads(s.makefile().readline())
for card in answer.get("cards", []):
    print("  " + json.dumps(card))
PY

step "The register, as the section head sees it (NIKs masked)"
KTPEL_OFFICER=hendra KTPEL_PIN=222222 ctl register --steps
KTPEL_OFFICER=hendra KTPEL_PIN=222222 ctl report --csv-out "$work/register.csv"
echo "CSV export: $work/register.csv ($(wc -l <"$work/register.csv") lines)"

step "Events seen meanwhile"
kill "$watch_pid" 2>/dev/null || true
wait "$watch_pid" 2>/dev/null || true
watch_pid=
echo "  $(wc -l <"$work/events.log") events; the first 15 and the SOP overrun:"
head -n 15 "$work/events.log" | sed 's/^/  /'
grep 'sop.overrun' "$work/events.log" | sed 's/^/  /' || true

step "Stopping ktpeld (SIGTERM)"
kill -TERM "$daemon_pid"
status=0
wait "$daemon_pid" || status=$?
daemon_pid=
tail -n 2 "$work/ktpeld.log" | sed 's/^/  ktpeld: /'
echo "ktpeld exited with status $status; images and logs are in $work"
exit "$status"
