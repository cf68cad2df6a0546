#!/usr/bin/env bash
# Fails when a C++ source differs from clang-format's Google style
# (.clang-format); `clang-format -i` on the files it names fixes them.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find src tests fuzz -name '*.cc' -o -name '*.h' | sort)
clang-format --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files ok"
