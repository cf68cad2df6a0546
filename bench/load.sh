#!/usr/bin/env bash
# qascrape load vs the tools people use today, on the same records:
#   SQLite:     `qascrape load --db sqlite:`  vs  `sqlite-utils insert --nl`
#               (sqlite-utils fills one table; qascrape fills five)
#   PostgreSQL: `qascrape load --db postgresql` vs `psql \copy` of the same
#               lines into a one-column jsonb table (the floor: no
#               normalization at all)
# The records (RECORDS, default 20000) are made from generated pages
# (bench/gen_pages.py, parsed by qascrape parse), repeated under distinct
# URLs. PostgreSQL runs on a throwaway cluster (pg_virtualenv) unless PGHOST
# names a server. Not a timed test: it prints figures, side by side.
#
#   bash bench/load.sh            # as root on Debian 12; about 2 minutes on 2 cores
#   SKIP_PG=1 bash bench/load.sh  # SQLite rows only (no PostgreSQL cluster)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
RECORDS="${RECORDS:-20000}"
PAGES="${PAGES:-2000}"
SKIP_PG="${SKIP_PG:-0}"

if [ "$SKIP_PG" != 1 ] && [ -z "${PGHOST:-}" ] && [ -z "${QASCRAPE_BENCH_IN_PG:-}" ] && command -v pg_virtualenv >/dev/null; then
  exec env QASCRAPE_BENCH_IN_PG=1 pg_virtualenv -- bash "$0" "$@"
fi

tools="sqlite-utils sqlite3 python3"
[ "$SKIP_PG" = 1 ] || tools="$tools psql"
for tool in $tools; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/install-deps.sh installs it)"; exit 1; }
done
echo "bench: building qascrape (Release) in build-bench" >&2
cmake -S "$repo" -B "$repo/build-bench" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="-Wno-error=restrict" >/dev/null
cmake --build "$repo/build-bench" -j"$(nproc)" --target qascrape >/dev/null
Q="$repo/build-bench/qascrape"

WORK="${WORK:-$(mktemp -d /tmp/qascrape-loadbench.XXXXXX)}"
trap '[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"' EXIT
echo "bench: $PAGES generated pages -> $RECORDS records" >&2
python3 "$here/gen_pages.py" "$WORK/pages" --count "$PAGES" >&2
"$Q" parse --site ask39 "$WORK/pages/question" -o "$WORK/pages.jsonl" 2>/dev/null || true
python3 - "$WORK/pages.jsonl" "$WORK/records.jsonl" "$RECORDS" <<'PY'
import json, sys
src, dst, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
with open(dst, "w", encoding="utf-8") as out:
    for n in range(want):
        r = dict(base[n % len(base)])
        r["url"] = r["url"] + ("" if n < len(base) else f"?n={n // len(base)}")
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
lines=$(wc -l <"$WORK/records.jsonl")
mib=$(du -m "$WORK/records.jsonl" | cut -f1)
echo "bench: $lines records, $mib MiB" >&2

calc() { awk "BEGIN { print $* }"; }
# Each timed run starts with no dirty pages left by the step before (the
# generated records, the other tool's database): otherwise it pays for
# their writeback.
seconds() {
  local t0 t1
  sync
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$WORK/last.err" || { cat "$WORK/last.err"; exit 1; }
  t1=$(date +%s.%N)
  calc "$t1 - $t0"
}
row() { printf '%-34s %8d %9.2f %11.0f\n' "$1" "$lines" "$2" "$(calc "$lines / $2")"; }

rm -f "$WORK"/q.db* "$WORK"/su.db*
t_q=$(seconds "$Q" load --db "sqlite:$WORK/q.db" "$WORK/records.jsonl")
t_su=$(seconds sqlite-utils insert "$WORK/su.db" pages "$WORK/records.jsonl" --nl)
check=$(sqlite3 "$WORK/q.db" "SELECT count(*) FROM pages")
[ "$check" = "$lines" ] || { echo "bench: qascrape loaded $check pages of $lines"; exit 1; }

if [ "$SKIP_PG" != 1 ]; then
  psql -qX -c "DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench; CREATE TABLE bench.raw (record jsonb)" >/dev/null
  t_pg=$(seconds "$Q" load --db "options=-csearch_path=bench" "$WORK/records.jsonl")
  # CSV with quote and delimiter bytes that never occur in JSON text: each line
  # goes into the jsonb column as it is.
  t_copy=$(seconds psql -qX -c "\\copy bench.raw (record) FROM '$WORK/records.jsonl' WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')")
  check=$(psql -qAtX -c "SELECT (SELECT count(*) FROM bench.pages) || ' ' || (SELECT count(*) FROM bench.raw)")
  [ "$check" = "$lines $lines" ] || { echo "bench: PostgreSQL holds $check rows of $lines"; exit 1; }
fi
counts=$(sqlite3 "$WORK/q.db" "SELECT (SELECT count(*) FROM answers) || ' answers, ' || (SELECT count(*) FROM causes) || ' causes, ' || (SELECT count(*) FROM drugs) || ' drugs, ' || (SELECT count(*) FROM recommended_doctors) || ' recommended doctors'")
[ "$SKIP_PG" = 1 ] || psql -qX -c "DROP SCHEMA bench CASCADE" >/dev/null

echo
echo "load: $lines records ($mib MiB JSON Lines, from $PAGES generated pages); $(nproc) cores"
echo "qascrape fills pages + $counts; sqlite-utils one table, psql one jsonb column"
printf '%-34s %8s %9s %11s\n' "" records "wall s" "records/s"
row "qascrape load (SQLite, 5 tables)" "$t_q"
row "sqlite-utils insert --nl" "$t_su"
if [ "$SKIP_PG" != 1 ]; then
  row "qascrape load (PostgreSQL)" "$t_pg"
  row "psql \\copy into one jsonb column" "$t_copy"
fi
printf 'SQLite: qascrape/sqlite-utils = %.2fx (target >= 3x)\n' "$(calc "$t_su / $t_q")"
if [ "$SKIP_PG" != 1 ]; then
  printf 'PostgreSQL: qascrape at %.0f%% of the \\copy floor (%.2fx its time)\n' \
    "$(calc "100 * $t_copy / $t_pg")" "$(calc "$t_pg / $t_copy")"
fi
