#!/usr/bin/env bash
# Card printing figures through the real daemon and the Evolis driver
# talking to its emulator: bytes sent per card and the time from the job's
# arrival at ktpeld to the last byte written to the printer, with panels
# compressed (the default) and raw. Prints a table of medians; not a test.
#
#   bench/print-figures.sh [BUILD_DIR] [CARDS]      (defaults: build, 10)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
cards=${2:-10}
work=$(mktemp -d)
trap 'kill "$daemon" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
"$build/daemon/app/ktpeld" --config "$here/config/ktpeld.yaml" --runtime-dir "$work/run" \
    --state-dir "$work/state" 2>"$work/ktpeld.log" &
daemon=$!
ctl() { KTPEL_OFFICER=teknisi KTPEL_PIN=999999 "$build/clients/ktpelctl/ktpelctl" --runtime-dir "$work/run" --timeout 60 "$@"; }
for _ in $(seq 100); do ctl status >/dev/null 2>&1 && break; sleep 0.1; done
for panels in compressed raw; do
    for _ in $(seq "$cards"); do
        ctl --json print test-card --panels "$panels" >>"$work/$panels.json"
    done
done
/usr/bin/python3 - "$work" <<'PY'
import json, statistics, sys
work = sys.argv[1]
rows = {}
for panels in ("compressed", "raw"):
    text, results, at = open(f"{work}/{panels}.json").read(), [], 0
    decoder = json.JSONDecoder()
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        result, at = decoder.raw_decode(text, at)
        results.append(result)
    rows[panels] = {
        "cards": len(results),
        "bytes": statistics.median(r["bytes_sent"] for r in results),
        "last_byte_ms": statistics.median(r["submit_to_last_byte_ms"] for r in results),
        "print_ms": statistics.median(r["print_ms"] for r in results),
        "mix": f'{results[0]["panels"]["compressed"]}c/{results[0]["panels"]["raw"]}r',
    }
print(f'{"panels":<11}{"cards":>6}{"bytes/card":>12}{"submit->last byte ms":>22}{"print ms":>10}  panels')
for name, row in rows.items():
    print(f'{name:<11}{row["cards"]:>6}{row["bytes"]:>12.0f}{row["last_byte_ms"]:>22.0f}{row["print_ms"]:>10.0f}  {row["mix"]}')
print(f'compressed/raw bytes: {rows["compressed"]["bytes"] / rows["raw"]["bytes"]:.3f}')
PY
