#!/usr/bin/env bash
# Fails listing every tracked C++ file clang-format would change.
set -euo pipefail
clang_format=${1:-clang-format}
bad=0
while IFS= read -r file; do
    if ! "$clang_format" --dry-run --Werror "$file" >/dev/null 2>&1; then
        echo "not formatted: $file"
        bad=1
    fi
done < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find . -name '*.cpp' -o -name '*.hpp' | grep -v '^./build')
exit $bad
