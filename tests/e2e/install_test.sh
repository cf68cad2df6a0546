#!/usr/bin/env bash
# cmake --install into a scratch prefix, then use the installed binary from
# another folder: it must find its installed selector files (also after the
# prefix is moved), honour QASCRAPE_SELECTORS, parse a fixture, and say where
# it looked when there is nothing to find. Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in bin/qascrape share/qascrape/selectors/ask39.json share/doc/qascrape/README.md \
         share/doc/qascrape/LICENSE share/man/man1/qascrape.1; do
  [ -e "$tmp/prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
mkdir "$tmp/elsewhere" && cd "$tmp/elsewhere"
check_parse() {  # binary
  "$1" sites | grep -q 'ask.39.net' || { echo "$1 sites: ask39 missing"; exit 1; }
  status=$("$1" parse --url https://ask.39.net/question/1.html "$src/fixtures/ask39/seed/page.html" |
           python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["status"])')
  [ "$status" = ok ] || { echo "$1 parse: status $status"; exit 1; }
}
check_parse "$tmp/prefix/bin/qascrape"
mv "$tmp/prefix" "$tmp/moved"
check_parse "$tmp/moved/bin/qascrape"
# The environment variable wins over the installed copy.
mkdir "$tmp/empty"
set +e
QASCRAPE_SELECTORS="$tmp/empty" "$tmp/moved/bin/qascrape" sites >/dev/null 2>"$tmp/err"
rc=$?
set -e
[ $rc -eq 3 ] || { echo "QASCRAPE_SELECTORS=empty folder: exit $rc, want 3"; exit 1; }
# Nothing to find: exit 3 and the places it looked.
rm -rf "$tmp/moved/share/qascrape"
set +e
"$tmp/moved/bin/qascrape" sites >/dev/null 2>"$tmp/err"
rc=$?
set -e
if [ -d /usr/local/share/qascrape/selectors ] || [ -d /usr/share/qascrape/selectors ]; then
  echo "note: a system-wide install exists; skipping the not-found case"
else
  [ $rc -eq 3 ] || { echo "no data files: exit $rc, want 3"; exit 1; }
  grep -q 'looked in' "$tmp/err" || { echo "no data files: message lacks the places: $(cat "$tmp/err")"; exit 1; }
fi
echo "install test: ok"
