#!/usr/bin/env bash
# ./run.sh --console: starts ktpeld on the default simulated station (a
# private runtime and state directory, SOP time 60x faster, the emulated
# smartcard readers: no pcscd needed) and ktpel-console in front of it,
# prints the URL to open, and runs until Ctrl-C (docs/console.md).
# KTPEL_CONSOLE_LISTEN picks the address (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh ktpeld ktpelctl ktpel-console

build=${KTPEL_BUILD_DIR:-build}
listen=${KTPEL_CONSOLE_LISTEN:-127.0.0.1:8080}
work=$(mktemp -d /tmp/ktpel-console-demo.XXXXXX)
runtime=$work/run
daemon_pid=
console_pid=

cleanup() {
    [ -n "$console_pid" ] && kill -TERM "$console_pid" 2>/dev/null || true
    [ -n "$daemon_pid" ] && kill -TERM "$daemon_pid" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 0' INT TERM

"$build/daemon/app/ktpeld" --config config/ktpeld.yaml --runtime-dir "$runtime" \
    --state-dir "$work/state" --time-scale 60 2>"$work/ktpeld.log" &
daemon_pid=$!
for _ in $(seq 150); do
    [ -S "$runtime/api.sock" ] &&
        "$build/clients/ktpelctl/ktpelctl" --runtime-dir "$runtime" --timeout 1 status >/dev/null 2>&1 && break
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/ktpeld.log" >&2; exit 1; }
    sleep 0.1
done

"$build/clients/console/app/ktpel-console" --listen "$listen" --web-root clients/console/web \
    --runtime-dir "$runtime" >"$work/console.out" 2>"$work/console.log" &
console_pid=$!
url=
for _ in $(seq 100); do
    url=$(sed -n 's/^listening //p' "$work/console.out")
    [ -n "$url" ] && break
    kill -0 "$console_pid" 2>/dev/null || { cat "$work/console.log" >&2; exit 1; }
    sleep 0.1
done

cat <<TEXT

  KTP-el console on the simulated station:  $url

  Demo officers (docs/officers.md; never use their PINs in an office):
    siti     111111  petugas loket (counter)
    hendra   222222  kasi yanmum (section head)
    budi     333333  operator SIAK
    teknisi  999999  technician

  Logs: $work/ktpeld.log and $work/console.log. Ctrl-C stops both.
TEXT
wait "$console_pid"
