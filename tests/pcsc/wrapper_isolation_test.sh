#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# wrapper_isolation_test.sh WRAPPER PCSC_PROBE
#
# scripts/with-private-pcscd.sh must leave the system's pcscd alone. This
# test stands a decoy "system" pcscd up in namespaces of its own (so the
# real system is not touched either): its socket on /run/pcscd, its vpcd
# on the same TCP ports the wrapper uses, a card in its first slot. Then it
# runs the wrapper inside and checks that the command saw only the private
# readers, and that the decoy is still running with its socket, readers
# and card unchanged.
set -euo pipefail

wrapper=$1
probe=$2

if [[ ${3:-} != --inside ]]; then
    exec unshare --mount --net --pid --fork --kill-child --mount-proc --propagation private \
        -- "$0" "$wrapper" "$probe" --inside
fi

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

ip link set lo up
mkdir -p /run/pcscd
mount -t tmpfs decoy-system-pcscd /run/pcscd
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/conf"
cat >"$work/conf/decoy" <<CONF
FRIENDLYNAME "Decoy System Reader"
DEVICENAME   /dev/null:35963
LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so.0.8
CHANNELID    35963
CONF
pcscd --foreground --config "$work/conf" >"$work/decoy.log" 2>&1 &
decoy=$!
for _ in $(seq 200); do
    [[ -S /run/pcscd/pcscd.comm ]] && break
    sleep 0.05
done
[[ -S /run/pcscd/pcscd.comm ]] || fail "the decoy pcscd did not start: $(cat "$work/decoy.log")"

# A card in the decoy's first slot: vpcd's protocol by hand, answering
# every request (an ATR for control code 4, 90 00 for APDUs).
exec 3<>/dev/tcp/127.0.0.1/35963
(
    while :; do
        header=$(head -c 2 <&3 | od -An -tu1) || exit 0
        read -r high low <<<"$header"
        [[ -n ${low:-} ]] || exit 0
        length=$((high * 256 + low))
        payload=$(head -c "$length" <&3 | od -An -tu1 | tr -s ' ')
        if [[ $length -eq 1 && ${payload// /} == 4 ]]; then
            printf '\x00\x05\x3b\x80\x80\x01\x01' >&3
        elif [[ $length -gt 1 ]]; then
            printf '\x00\x02\x90\x00' >&3
        fi
    done
) &
for _ in $(seq 100); do
    [[ $("$probe" 2>/dev/null | head -1) == "Decoy System Reader 00 00: card" ]] && break
    sleep 0.1
done
before=$("$probe")
[[ $before == *"Decoy System Reader 00 00: card"* ]] || fail "the decoy never saw its card: $before"
socket_before=$(stat -c %i /run/pcscd/pcscd.comm)

inside=$("$wrapper" "$probe")
[[ $inside == $'KTPEL Encoder 00 00: empty\nKTPEL Encoder 00 01: empty' ]] ||
    fail "the command did not see exactly the private readers: $inside"
"$wrapper" --no-pcscd bash -c '[[ ! -e /run/pcscd/pcscd.comm ]]' ||
    fail "--no-pcscd showed the command the decoy's socket"
status=0
"$wrapper" bash -c 'exit 42' || status=$?
[[ $status -eq 42 ]] || fail "the wrapper returned $status instead of the command's 42"

kill -0 "$decoy" 2>/dev/null || fail "the decoy pcscd died: $(cat "$work/decoy.log")"
[[ $(stat -c %i /run/pcscd/pcscd.comm) == "$socket_before" ]] || fail "the decoy's socket was replaced"
after=$("$probe")
[[ $after == "$before" ]] || fail "the decoy's readers changed: before [$before] after [$after]"
echo "1 passed, 0 failed"
