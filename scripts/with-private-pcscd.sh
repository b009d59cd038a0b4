#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# with-private-pcscd.sh [--no-pcscd] CMD ARGS...
#
# Runs CMD next to a private pcscd with two vsmartcard vpcd reader slots,
# never touching the system's pcscd. See docs/pcsc.md.
#
# The script re-executes itself in new mount, network and PID namespaces
# (unshare; needs root):
#   - a tmpfs on /run/pcscd hides the system pcscd's socket and holds the
#     private one's (Debian's pcscd ignores PCSCLITE_CSOCK_NAME);
#   - a private network namespace (loopback only) gives vpcd its fixed TCP
#     ports even when the system pcscd (with /etc/reader.conf.d/vpcd) or
#     another test holds them on the host;
#   - the PID namespace makes every process left in it die with the script.
# It writes a reader.conf directory, starts `pcscd -f -c DIR` (unless
# --no-pcscd: the command starts pcscd itself, e.g. to restart it), waits
# for /run/pcscd/pcscd.comm, runs CMD, stops pcscd and exits with CMD's
# status.
#
# CMD sees:
#   KTPEL_PRIVATE_PCSCD=1
#   KTPEL_PCSCD_CONF          the reader.conf directory (pcscd -c)
#   KTPEL_PCSCD_LOG           pcscd's output (empty with --no-pcscd)
#   KTPEL_VPCD_HOST           127.0.0.1 (vpcd listens on IPv4 only)
#   KTPEL_VPCD_ENCODER_PORT   35963: the card slot's vpcd port
#   KTPEL_VPCD_SAM_PORT       35964: the SAM slot's vpcd port
#   KTPEL_PCSC_ENCODER_READER "KTPEL Encoder 00 00"
#   KTPEL_PCSC_SAM_READER     "KTPEL Encoder 00 01"
# One vpcd reader.conf entry always makes two slots (ports P and P+1), named
# "<FRIENDLYNAME> 00 00" and "<FRIENDLYNAME> 00 01" by pcscd, as a real
# encoder's card slot and SAM slot are two slots of one reader.
set -euo pipefail

readonly friendly_name="KTPEL Encoder"
readonly encoder_port=35963
readonly sam_port=$((encoder_port + 1))
readonly vpcd_driver=/usr/lib/pcsc/drivers/serial/libifdvpcd.so.0.8

usage() {
    echo "usage: $(basename "$0") [--no-pcscd] CMD ARGS..." >&2
    exit 2
}

if [[ ${1:-} != --inside-namespace ]]; then
    [[ $# -ge 1 ]] || usage
    if [[ $(id -u) -ne 0 ]]; then
        echo "$(basename "$0"): needs root (unshare of mount and network namespaces)" >&2
        exit 2
    fi
    exec unshare --mount --net --pid --fork --kill-child --mount-proc --propagation private \
        -- "$0" --inside-namespace "$@"
fi
shift

start_pcscd=1
if [[ ${1:-} == --no-pcscd ]]; then
    start_pcscd=0
    shift
fi
[[ $# -ge 1 ]] || usage

for tool in ip pcscd; do
    command -v "$tool" >/dev/null || {
        echo "$(basename "$0"): $tool not found (Debian: iproute2, pcscd)" >&2
        exit 2
    }
done
[[ -e $vpcd_driver ]] || {
    echo "$(basename "$0"): $vpcd_driver not found (Debian: vsmartcard-vpcd)" >&2
    exit 2
}

ip link set lo up
# vpcd's ports lie in Linux's default ephemeral range: keep the kernel from
# giving them to outgoing connections (per network namespace).
echo "40000 60999" >/proc/sys/net/ipv4/ip_local_port_range
# Creating the mount point is the only trace on the host, and only where
# no pcscd ever ran.
mkdir -p /run/pcscd
mount -t tmpfs -o mode=0755,size=1m ktpel-private-pcscd /run/pcscd

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/ktpel-pcscd.XXXXXX")
pcscd_pid=
cleanup() {
    if [[ -n $pcscd_pid ]] && kill -0 "$pcscd_pid" 2>/dev/null; then
        kill -TERM "$pcscd_pid" 2>/dev/null || true
        wait "$pcscd_pid" 2>/dev/null || true
    fi
    rm -rf "$work_dir"
}
trap cleanup EXIT

conf_dir=$work_dir/reader.conf.d
mkdir "$conf_dir"
cat >"$conf_dir/ktpel-encoder" <<EOF
# Card slot on TCP port $encoder_port, SAM slot on $sam_port (vpcd adds it).
FRIENDLYNAME "$friendly_name"
DEVICENAME   /dev/null:$encoder_port
LIBPATH      $vpcd_driver
CHANNELID    $encoder_port
EOF

export KTPEL_PRIVATE_PCSCD=1
export KTPEL_PCSCD_CONF=$conf_dir
export KTPEL_PCSCD_LOG=
export KTPEL_VPCD_HOST=127.0.0.1
export KTPEL_VPCD_ENCODER_PORT=$encoder_port
export KTPEL_VPCD_SAM_PORT=$sam_port
export KTPEL_PCSC_ENCODER_READER="$friendly_name 00 00"
export KTPEL_PCSC_SAM_READER="$friendly_name 00 01"
# The client library would follow it away from our socket.
unset PCSCLITE_CSOCK_NAME

if [[ $start_pcscd -eq 1 ]]; then
    KTPEL_PCSCD_LOG=$work_dir/pcscd.log
    pcscd --foreground --config "$conf_dir" >"$KTPEL_PCSCD_LOG" 2>&1 &
    pcscd_pid=$!
    # pcscd loads reader.conf readers before it creates its socket.
    for _ in $(seq 200); do
        [[ -S /run/pcscd/pcscd.comm ]] && break
        kill -0 "$pcscd_pid" 2>/dev/null || break
        sleep 0.05
    done
    if [[ ! -S /run/pcscd/pcscd.comm ]]; then
        echo "$(basename "$0"): private pcscd did not start; its log:" >&2
        cat "$KTPEL_PCSCD_LOG" >&2
        exit 1
    fi
fi

set +e
"$@"
status=$?
set -e
exit "$status"
