#!/usr/bin/env bash
# The module check must fail on each kind of violation, on a copy of src/.
set -euo pipefail
src=$1 script=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect_fail() {  # description, expected message
  if out=$(bash "$script" "$tmp/src" 2>&1); then echo "not caught: $1"; exit 1; fi
  grep -qF -- "$2" <<<"$out" || { echo "$1: wrong message: $out"; exit 1; }
}
reset() { rm -rf "$tmp/src" && cp -r "$src" "$tmp/src"; }
reset; bash "$script" "$tmp/src" >/dev/null
reset; echo '#include "fetch/fetch.h"' >>"$tmp/src/normalize/text.cc"
expect_fail "undeclared include" "normalize does not declare USES fetch"
reset; echo '#include <curl/curl.h>' >>"$tmp/src/store/gzip.cc"
expect_fail "outside header" "only src/fetch may include <curl/>"
reset; sed -i 's/^  LIBS OpenSSL::Crypto)/  USES normalize\n  LIBS OpenSSL::Crypto)/' "$tmp/src/core/CMakeLists.txt"
expect_fail "cycle" "src/core: on a USES cycle"
reset; sed -i '1s/.*/\/\/ no charter/' "$tmp/src/write/write.h"
expect_fail "charter" "src/write/write.h: must start with"
echo "module check catches all four: ok"
