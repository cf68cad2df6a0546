#!/usr/bin/env bash
# The README's scale-out recipe, for real: the fixture pages served on
# loopback under their sites' host names, three `crawl --shard K/3 | load`
# pipes at once under GNU parallel into one database, then one process
# crawling and loading the whole list into a second database; both must hold
# the same rows (all but the fetch times and the record lines, which differ
# between two crawls).
#
#   db_shards.sh BUILD_DIR SOURCE_DIR sqlite|postgres
#
# postgres uses the server of PGHOST/PGPORT/PGUSER/PGPASSWORD (pg_virtualenv
# sets them) and exits 77 (ctest: skipped) when none is configured.
set -euo pipefail
build=$1 src=$2 engine=$3
qascrape=$build/qascrape
if [ "$engine" = postgres ] && [ -z "${PGHOST:-}" ]; then
  echo "SKIPPED: no PostgreSQL configured (set PGHOST/PGPORT/PGUSER/PGPASSWORD, e.g. pg_virtualenv)"
  exit 77
fi
command -v parallel >/dev/null || { echo "GNU parallel is not installed"; exit 1; }
tmp=$(mktemp -d /tmp/qascrape-shards.XXXXXX)
server=""
schemas=()
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  for s in "${schemas[@]}"; do psql -qX -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

"$build/qascrape_fixture_server" --root "$src/fixtures" --urls "$tmp/urls.txt" --real-hosts \
  >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do [ -s "$tmp/urls.txt" ] && break; sleep 0.1; done
[ -s "$tmp/urls.txt" ] || { echo "fixture server did not start"; cat "$tmp/server.log"; exit 1; }
resolve=()
for hostport in $(grep '^http' "$tmp/urls.txt" | cut -d/ -f3 | sort -u); do
  resolve+=(--resolve "$hostport:127.0.0.1")
done

# Two databases of the engine.
db_for() {  # NAME -> --db value
  if [ "$engine" = sqlite ]; then
    echo "sqlite:$tmp/$1.db"
  else
    local schema="qs_$1_$$"
    psql -qX -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
    echo "options=-csearch_path=$schema"
  fi
}
sharded=$(db_for sharded)
single=$(db_for single)
[ "$engine" = postgres ] && schemas=("qs_sharded_$$" "qs_single_$$")

crawl=("$qascrape" crawl --urls "$tmp/urls.txt" --allow-private "${resolve[@]}")
# Three shards at once, each its own pipe into the one database. The
# pipe's status is load's (crawl exits 1: some sample pages fail on purpose).
export QASCRAPE_SHARD_DB=$sharded
parallel --will-cite -j3 --halt now,fail=1 \
  "${crawl[*]} --shard {}/3 --store $tmp/store-{} 2>$tmp/crawl-{}.log | $qascrape load --db \"\$QASCRAPE_SHARD_DB\" - 2>$tmp/load-{}.log" \
  ::: 0 1 2 || { echo "a shard pipe failed"; tail -n 5 "$tmp"/*.log; exit 1; }
cat "$tmp"/load-*.log
# One process, the whole list.
set +e +o pipefail
"${crawl[@]}" --store "$tmp/store-all" 2>"$tmp/crawl-all.log" |
  "$qascrape" load --db "$single" - 2>"$tmp/load-all.log"
status=("${PIPESTATUS[@]}")
set -e -o pipefail
[ "${status[0]}" -le 1 ] && [ "${status[1]}" = 0 ] ||
  { echo "crawl exit ${status[0]}, load exit ${status[1]}"; cat "$tmp/load-all.log"; exit 1; }
cat "$tmp/load-all.log"

# The rows of both, in one order, without what differs between two crawls.
dump() {  # --db value
  local q=(
    "SELECT url, status, site, title, category_path, question_title, encyclopedia_name, final_url, http_status, sha256 FROM pages ORDER BY url"
    "SELECT * FROM answers ORDER BY url, answer_index"
    "SELECT * FROM causes ORDER BY url, answer_index, cause_index"
    "SELECT * FROM drugs ORDER BY url, position"
    "SELECT * FROM recommended_doctors ORDER BY url, position")
  for sql in "${q[@]}"; do
    if [ "$engine" = sqlite ]; then
      sqlite3 -separator '|' "${1#sqlite:}" "$sql"
    else
      PGOPTIONS="-csearch_path=${1#options=-csearch_path=}" psql -qAtX -c "$sql"
    fi
  done
}
dump "$sharded" >"$tmp/sharded.txt"
dump "$single" >"$tmp/single.txt"
urls=$(grep -c '^http' "$tmp/urls.txt")
distinct=$(grep '^http' "$tmp/urls.txt" | sort -u | wc -l)
echo "URL list: $urls lines, $distinct distinct URLs; rows: $(wc -l <"$tmp/sharded.txt") (sharded) vs $(wc -l <"$tmp/single.txt") (one process)"
if ! diff -u "$tmp/single.txt" "$tmp/sharded.txt" >"$tmp/diff.txt"; then
  echo "FAIL: the sharded load and the one-process load differ:"
  head -n 40 "$tmp/diff.txt"
  exit 1
fi
# Every distinct URL is a page, and the child tables are not empty.
n_pages=$(if [ "$engine" = sqlite ]; then sqlite3 "${sharded#sqlite:}" "SELECT count(*) FROM pages"; else
  PGOPTIONS="-csearch_path=${sharded#options=-csearch_path=}" psql -qAtX -c "SELECT count(*) FROM pages"; fi)
[ "$n_pages" = "$distinct" ] || { echo "FAIL: $n_pages pages for $distinct distinct URLs"; exit 1; }
[ "$(wc -l <"$tmp/sharded.txt")" -gt $((distinct * 3)) ] || { echo "FAIL: too few child rows"; exit 1; }
echo "ok: three shards under GNU parallel and one process hold the same rows ($engine)"
