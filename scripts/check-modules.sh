#!/usr/bin/env bash
# Checks the module graph the code must obey (see src/CMakeLists.txt):
# every #include "module/..." in src/<m>/ names a module <m> may use, and
# gumbo.h, curl and Boost are each seen by one module only. Each module's
# main header must start with its one-sentence charter.
set -euo pipefail
cd "$(dirname "$0")/../src"
declare -A allowed=(
  [core]="core"
  [charset]="core charset"
  [dom]="core dom"
  [selector]="core dom selector"
  [rules]="core dom selector rules"
  [normalize]="core normalize"
  [extract]="core charset dom selector rules normalize extract"
  [write]="core extract write"
  [fetch]="core fetch"
  [store]="core store"
  [pipeline]="core charset dom selector rules normalize extract write fetch store pipeline"
  [cli]="core rules extract write pipeline cli"
)
declare -A main_header=(
  [core]=core/result.h [charset]=charset/charset.h [dom]=dom/dom.h [selector]=selector/selector.h
  [rules]=rules/rules.h [normalize]=normalize/normalize.h [extract]=extract/extract.h
  [write]=write/write.h [fetch]=fetch/fetch.h [store]=store/store.h
  [pipeline]=pipeline/pipeline.h [cli]=cli/cli.h
)
fail=0
for dir in */; do
  m=${dir%/}
  [ -n "${allowed[$m]+x}" ] || { echo "src/$m: not a declared module"; fail=1; continue; }
  while IFS=: read -r file _ inc; do
    used=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$inc")
    [[ " ${allowed[$m]} " == *" $used "* ]] || { echo "src/$file: $m may not use $used"; fail=1; }
  done < <(grep -rn --include='*.h' --include='*.cc' '#include "[a-z_]*/' "$m" || true)
  head -1 "${main_header[$m]}" | grep -q "^// $m owns" ||
    { echo "src/${main_header[$m]}: must start with '// $m owns ...'"; fail=1; }
done
check_only() {  # pattern, module
  local hits
  hits=$(grep -rlE "$1" --include='*.h' --include='*.cc' . | grep -v "^\./$2/" || true)
  [ -z "$hits" ] || { echo "only src/$2 may include $1: $hits"; fail=1; }
}
check_only '#include <gumbo.h>' dom
check_only '#include <curl/' fetch
check_only '#include <boost/' cli
[ "$fail" = 0 ] && echo "module graph: ok"
exit "$fail"
