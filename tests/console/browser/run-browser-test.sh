#!/usr/bin/env bash
# The console's browser test, as CTest runs it: installs playwright-core
# from package-lock.json (npm ci, into the build directory, offline when
# npm's cache has it), then drives Debian's /usr/bin/chromium.
# Usage: run-browser-test.sh <source dir> <work dir> <ktpeld> <ktpel-console> <ktpelctl>
set -euo pipefail
source_dir=$1 work_dir=$2
here=$source_dir/tests/console/browser
if [ ! -x /usr/bin/chromium ]; then
    echo "no /usr/bin/chromium: scripts/install-deps.sh installs Debian's chromium" >&2
    exit 1
fi
mkdir -p "$work_dir"
cp "$here/package.json" "$here/package-lock.json" "$here/browser_test.mjs" "$work_dir/"
cd "$work_dir"
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
exec node browser_test.mjs "$source_dir" "$3" "$4" "$5" "$work_dir/screenshots"
