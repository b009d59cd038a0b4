#!/usr/bin/env bash
# ktpelctl against the real daemon: outputs, PGM files and exit codes.
set -uo pipefail
ktpeld=$1
ktpelctl=$2
config=$3
work=$(mktemp -d)
daemon_pid=
cleanup() { [ -n "$daemon_pid" ] && kill -KILL "$daemon_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
failures=0
checks=0
check() { # description, expected exit, command...
    local what=$1 expected=$2
    shift 2
    checks=$((checks + 1))
    "$@" >"$work/out" 2>&1
    local status=$?
    if [ "$status" -ne "$expected" ]; then
        echo "FAIL: $what: exit $status, expected $expected"; sed 's/^/    /' "$work/out"
        failures=$((failures + 1))
    else
        echo "ok: $what"
    fi
}
ctl() { "$ktpelctl" --runtime-dir "$work/run" --timeout 20 "$@"; }

check "no daemon: cannot reach (3)" 3 ctl status
# A register of its own: the "empty day" below must not see other runs' services.
"$ktpeld" --config "$config" --runtime-dir "$work/run" --state-dir "$work/state" 2>"$work/ktpeld.log" &
daemon_pid=$!
for _ in $(seq 100); do ctl status >/dev/null 2>&1 && break; sleep 0.1; done

check "status" 0 ctl status
grep -q fingerprint0 "$work/out" || { echo "FAIL: status lists no fingerprint0"; failures=$((failures + 1)); }
check "devices --json" 0 ctl --json devices
/usr/bin/python3 -c "import json,sys; d=json.load(open('$work/out')); assert len(d['devices'])==6, d" ||
    { echo "FAIL: --json devices is not the device list"; failures=$((failures + 1)); }
check "capture without a session is refused (1)" 1 ctl capture fingerprint --out "$work/refused.pgm"
grep -q unauthenticated "$work/out" || { echo "FAIL: no unauthenticated error"; failures=$((failures + 1)); }
check "wrong PIN is refused (1)" 1 ctl --officer teknisi --pin 000000 capture fingerprint --out "$work/refused.pgm"
# The register needs a register role: the demo technician has none, the
# section head hendra (config/ktpeld.yaml) may read and export it.
check "register as the technician is refused (1)" 1 ctl --officer teknisi --pin 999999 register
grep -q forbidden "$work/out" || { echo "FAIL: register by the technician is not forbidden"; failures=$((failures + 1)); }
check "report on an empty day" 0 ctl --officer hendra --pin 222222 report
grep -Eq "services started +0" "$work/out" || { echo "FAIL: the empty day's report does not say 0 started"; failures=$((failures + 1)); }
check "report --csv-out" 0 ctl --officer hendra --pin 222222 report --csv-out "$work/register.csv"
case $(head -n 1 "$work/register.csv" 2>/dev/null) in
    application_id,sop_id,nik,*) ;;
    *) echo "FAIL: register.csv does not start with the CSV header"; failures=$((failures + 1)) ;;
esac
# Full NIKs inside: readable by its owner only.
[ "$(stat -c %a "$work/register.csv" 2>/dev/null)" = 600 ] ||
    { echo "FAIL: register.csv is not mode 0600"; failures=$((failures + 1)); }
# The demo technician (config/ktpeld.yaml) for everything below.
export KTPEL_OFFICER=teknisi KTPEL_PIN=999999
check "capture fingerprint" 0 ctl capture fingerprint --out "$work/slap.pgm"
if [ "$(head -c 2 "$work/slap.pgm")" != "P5" ] || [ "$(stat -c %s "$work/slap.pgm")" -lt 2400000 ]; then
    echo "FAIL: slap.pgm is not a 1600x1500 binary PGM"; failures=$((failures + 1))
fi
check "capture fingerprint with fingertips" 0 ctl capture fingerprint --slot right_four --quality 20 --out "$work/right.pgm" --fingers-dir "$work"
check "a fingertip PGM per finger" 0 test -s "$work/right_index.pgm"
check "capture iris" 0 ctl capture iris --right "$work/r.pgm" --left "$work/l.pgm" --record "$work/iris.iir" --quality 20
check "the iris record is ISO/IEC 19794-6" 0 sh -c "head -c 3 '$work/iris.iir' | grep -q IIR"
check "capture face" 0 ctl capture face --out "$work/face.jpg" --portrait "$work/portrait.jpg"
check "the portrait is a JPEG" 0 sh -c "head -c 3 '$work/portrait.jpg' | od -An -tx1 | grep -q 'ff d8 ff'"
check "capture signature" 0 ctl capture signature --out "$work/sig.png" --pen-data "$work/sig.pen"
check "the signature is a PNG" 0 sh -c "head -c 4 '$work/sig.png' | grep -q PNG"
check "biometric files are private (0600)" 0 sh -c "[ \"\$(stat -c %a '$work/sig.png')\" = 600 ]"
check "usage error (2)" 2 ctl capture fingerprint --slot
check "unwritable output (4)" 4 ctl capture fingerprint --out /nonexistent/dir/x.pgm
check "inject no_subject" 0 ctl inject fingerprint0 no_subject
check "capture without a finger is a daemon error (1)" 1 ctl capture fingerprint --timeout-ms 300 --out "$work/none.pgm"
grep -q no_subject "$work/out" || { echo "FAIL: no_subject not reported"; failures=$((failures + 1)); }
[ -e "$work/none.pgm" ] && { echo "FAIL: a failed capture left a file"; failures=$((failures + 1)); }
check "inject clear" 0 ctl inject fingerprint0 clear
check "unknown fault (1)" 1 ctl inject fingerprint0 gremlins
# The printer, as a technician fixing it would use ktpelctl.
check "printer status" 0 ctl printer status
grep -Eq "printer0 .* yes +ready" "$work/out" || { echo "FAIL: printer status is not ready"; failures=$((failures + 1)); }
check "inject printer0 cover_open" 0 ctl inject printer0 cover_open
check "printer status with the cover open" 0 ctl printer status
grep -q "to do: close the printer's cover" "$work/out" || { echo "FAIL: no advice for an open cover"; failures=$((failures + 1)); }
check "test card with the cover open is refused (1)" 1 ctl print test-card
grep -q cover_open "$work/out" || { echo "FAIL: test card refusal does not say cover_open"; failures=$((failures + 1)); }
check "inject printer0 clear" 0 ctl inject printer0 clear
check "print test-card" 0 ctl print test-card
grep -q "test card printed, card rejected" "$work/out" || { echo "FAIL: test card not reported printed to the reject box"; failures=$((failures + 1)); }
check "print test-card --panels raw --json" 0 ctl --json print test-card --panels raw
/usr/bin/python3 -c "import json; r=json.load(open('$work/out')); assert r['panels']['raw']==5 and r['bytes_sent']>0, r" ||
    { echo "FAIL: a raw test card did not send 5 raw panels"; failures=$((failures + 1)); }
check "proof" 0 ctl proof --out "$work/proof.png"
[ "$(head -c 4 "$work/proof.png" | tail -c 3)" = PNG ] || { echo "FAIL: proof.png is not a PNG"; failures=$((failures + 1)); }
[ "$(stat -c %a "$work/proof.png" 2>/dev/null)" = 600 ] || { echo "FAIL: proof.png is not mode 0600"; failures=$((failures + 1)); }
echo "not a picture" >"$work/photo.pgm"
check "proof with a photo that is not a PGM (2)" 2 ctl proof --out "$work/bad.png" --photo "$work/photo.pgm"
echo '{"nmae": "TYPO"}' >"$work/card.json"
check "proof with card fields but no photo (2)" 2 ctl proof --out "$work/bad.png" --card "$work/card.json"
{ printf 'P5\n30 40\n255\n'; head -c 1200 /dev/zero | tr '\0' '\200'; } >"$work/face.pgm"
check "proof with an unknown card field (1)" 1 ctl proof --out "$work/bad.png" --card "$work/card.json" --photo "$work/face.pgm"
grep -q invalid_args "$work/out" || { echo "FAIL: unknown card field not invalid_args"; failures=$((failures + 1)); }
[ -e "$work/bad.png" ] && { echo "FAIL: a failed proof left a file"; failures=$((failures + 1)); }
# Only a completed service has a receipt; a failed request leaves no file.
check "receipt of an unknown application (1)" 1 ctl --officer siti --pin 111111 receipt 20261124-9999 --out "$work/receipt.pdf"
grep -q not_found "$work/out" || { echo "FAIL: an unknown application's receipt is not not_found"; failures=$((failures + 1)); }
[ -e "$work/receipt.pdf" ] && { echo "FAIL: a failed receipt left a file"; failures=$((failures + 1)); }
check "receipt without --out (2)" 2 ctl --officer siti --pin 111111 receipt 20261124-0001
check "inject printer0 jam" 0 ctl inject printer0 jam
check "a jammed test card fails (1)" 1 ctl print test-card
grep -q "reject box" "$work/out" || { echo "FAIL: the jammed card's fate is not told"; failures=$((failures + 1)); }
check "inject printer0 clear after the jam" 0 ctl inject printer0 clear
check "report counts the test cards and the spoiled one" 0 ctl --officer hendra --pin 222222 report
grep -Eq "test cards +2" "$work/out" || { echo "FAIL: the report does not count 2 test cards"; failures=$((failures + 1)); }
grep -Eq "card_jam +1" "$work/out" || { echo "FAIL: the report does not list the spoiled card by reason"; failures=$((failures + 1)); }
check "watch --count" 0 timeout 20 bash -c "\"$ktpelctl\" --runtime-dir \"$work/run\" watch --count 2 & w=\$!; sleep 0.5; \"$ktpelctl\" --runtime-dir \"$work/run\" inject iris0 unplug >/dev/null; wait \$w"
grep -q "device\." "$work/out" || { echo "FAIL: watch printed no device event"; failures=$((failures + 1)); }

kill -TERM "$daemon_pid"; wait "$daemon_pid"; status=$?; daemon_pid=
[ "$status" -eq 0 ] || { echo "FAIL: ktpeld exit $status after SIGTERM"; failures=$((failures + 1)); }
echo "ktpelctl: $((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
