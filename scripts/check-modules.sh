#!/usr/bin/env bash
# Checks the code against the module declarations, the qascrape_module(...)
# call in each src/<module>/CMakeLists.txt (the only place the graph is
# written): every #include "m/..." in src/<module>/ names a module it USES (or
# itself), USES has no cycle, an outside header a module SEES is included by
# that module only, and each module's main HEADER starts with its charter
# ("// <module> owns ...").
set -euo pipefail
# Usage: check-modules.sh [SRC_DIR]  (default: this repository's src/)
cd "${1:-$(dirname "$0")/../src}"
declare -A uses=() sees=() header=()
fail=0
for dir in */; do
  m=${dir%/}
  [ -f "$m/CMakeLists.txt" ] || { echo "src/$m: no CMakeLists.txt"; fail=1; continue; }
  # The words of the qascrape_module( ... ) call, comments dropped.
  words=$(sed 's/#.*//' "$m/CMakeLists.txt" |
          awk '/qascrape_module\(/{on=1} on{print} on&&/\)/{exit}' | tr '()' '  ')
  read -r -a w <<<"$(tr '\n' ' ' <<<"$words")"
  [ "${w[0]:-}" = qascrape_module ] && [ "${w[1]:-}" = "$m" ] ||
    { echo "src/$m/CMakeLists.txt: no qascrape_module($m ...) declaration"; fail=1; continue; }
  key="" uses[$m]="" sees[$m]="" header[$m]="$m.h"
  for word in "${w[@]:2}"; do
    case $word in
      EXECUTABLE|HEADER|SOURCES|USES|LIBS|SEES) key=$word ;;
      *) case $key in
           USES) uses[$m]+=" $word" ;;
           SEES) sees[$m]+=" $word" ;;
           HEADER) header[$m]=$word ;;
         esac ;;
    esac
  done
done
# Includes of the project's own headers.
for m in "${!uses[@]}"; do
  while IFS=: read -r file _ inc; do
    used=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$inc")
    [[ "$used" == "$m" || " ${uses[$m]} " == *" $used "* ]] ||
      { echo "src/$file: $m does not declare USES $used"; fail=1; }
  done < <(grep -rn --include='*.h' --include='*.cc' '#include "[a-z_]*/' "$m" || true)
  for used in ${uses[$m]}; do
    [ -n "${uses[$used]+x}" ] || { echo "src/$m: USES $used, which is not a module"; fail=1; }
  done
  head -1 "$m/${header[$m]}" 2>/dev/null | grep -q "^// $m owns" ||
    { echo "src/$m/${header[$m]}: must start with '// $m owns ...'"; fail=1; }
done
# No cycle: repeatedly remove modules whose USES are all removed.
declare -A done_=()
progress=1
while ((progress)); do
  progress=0
  for m in "${!uses[@]}"; do
    [ -n "${done_[$m]+x}" ] && continue
    ready=1
    for used in ${uses[$m]}; do [ -n "${done_[$used]+x}" ] || [ -z "${uses[$used]+x}" ] || ready=0; done
    ((ready)) && { done_[$m]=1; progress=1; }
  done
done
for m in "${!uses[@]}"; do
  [ -n "${done_[$m]+x}" ] || { echo "src/$m: on a USES cycle"; fail=1; }
done
# Outside headers seen only by the modules that declare them (most by one).
declare -A seen_by=()
for m in "${!sees[@]}"; do
  for prefix in ${sees[$m]}; do seen_by[$prefix]+=" $m"; done
done
for prefix in "${!seen_by[@]}"; do
  hits=$(grep -rlF "#include <$prefix" --include='*.h' --include='*.cc' . || true)
  for m in ${seen_by[$prefix]}; do hits=$(grep -v "^\./$m/" <<<"$hits" || true); done
  who=$(for m in ${seen_by[$prefix]}; do echo "src/$m"; done | sort | paste -sd/)
  [ -z "$hits" ] || { echo "only $who may include <$prefix>: $hits"; fail=1; }
done
[ "$fail" = 0 ] && echo "module graph: ok (${#uses[@]} modules)"
exit "$fail"
