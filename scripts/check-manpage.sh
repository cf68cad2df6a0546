#!/usr/bin/env bash
# The man page must name every flag each command's --help offers, so the two
# cannot drift apart. Usage: check-manpage.sh BINARY MANPAGE
set -euo pipefail
bin=$1 man=$2
page=$(sed 's/\\-/-/g' "$man")
fail=0
for cmd in crawl parse check sites load explain; do
  for f in $("$bin" "$cmd" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "$f" <<<"$page" || { echo "$man: $cmd's $f is not documented"; fail=1; }
  done
done
exit $fail
