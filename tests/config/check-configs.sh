#!/usr/bin/env bash
# Every configuration the project ships must pass ktpeld --check-config
# (the examples' absolute SOP path is pointed at the source tree).
set -euo pipefail
ktpeld=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for config in "$source_dir"/config/ktpeld.yaml "$source_dir"/config/examples/*.yaml; do
    copy=$config
    if [ "$(dirname "$config")" != "$source_dir/config" ]; then
        copy="$work/$(basename "$config")"
        sed "s|/usr/share/ktpeld/|$source_dir/config/|" "$config" >"$copy"
    fi
    if "$ktpeld" --check-config -c "$copy" >"$work/out" 2>&1; then
        echo "ok: $(basename "$config")"
    else
        echo "FAIL: $(basename "$config")"; sed 's/^/    /' "$work/out"; status=1
    fi
done
exit $status
