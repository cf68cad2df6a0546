#!/usr/bin/env bash
# Parsing alone, side by side in one run, on the same generated ask.39.net
# question pages (bench/gen_pages.py, ~50 KB each, read from the page cache):
#   - qascrape parse --site ask39 (default workers: one per core)
#   - the floor: a bare Gumbo parse + destroy per file, one thread
#     (bench/gumbo_floor.c against Debian's libgumbo, max_errors = 0 as qascrape)
#   - lxml + XPath doing bench/scrapy_spider.py's extraction to JSON Lines
#     (bench/lxml_extract.py, one thread), and parsel the same (parsel_extract.py)
# CPU (user + sys) and wall from /usr/bin/time. With REF_BIN (an older
# qascrape binary) the same parse runs with it too, and the two record sets
# must be byte-identical (sorted, cmp).
#
#   bash bench/parse.sh
#   REF_BIN=/path/to/old/qascrape bash bench/parse.sh
#
# Environment: PAGES (default 800), QASCRAPE (a built binary; else a Release
# build in build-bench), REF_BIN, WORK (scratch folder, default a new mktemp -d;
# removed at exit unless KEEP=1), SELECTORS (default selectors/, for both
# binaries), SKIP_PY=1 (leave out lxml and parsel).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
PAGES="${PAGES:-800}"
SELECTORS="${SELECTORS:-$repo/selectors}"
PY=/usr/bin/python3   # Debian's python3, which python3-lxml/-parsel install into

die() { echo "bench: $*" >&2; exit 1; }

# 1. What it needs. Missing modules are an error, not an install.
[ -x /usr/bin/time ] || die "/usr/bin/time missing (Debian package time)"
command -v cc >/dev/null || die "cc missing (build-essential)"
pkg-config --exists gumbo || die "libgumbo missing (libgumbo-dev; scripts/install-deps.sh)"
if [ "${SKIP_PY:-0}" != 1 ]; then
  for m in lxml:python3-lxml parsel:python3-parsel w3lib:python3-w3lib; do
    "$PY" -c "import ${m%%:*}" 2>/dev/null ||
      die "python module ${m%%:*} missing for $PY: install Debian's ${m#*:} (scripts/install-deps.sh), or SKIP_PY=1"
  done
fi
if [ -n "${REF_BIN:-}" ]; then [ -x "$REF_BIN" ] || die "REF_BIN=$REF_BIN is not an executable"; fi

# 2. qascrape, Release (see bench/run.sh for -Wno-error=restrict).
if [ -z "${QASCRAPE:-}" ]; then
  command -v cmake >/dev/null || die "cmake missing"
  echo "bench: building qascrape (Release) in build-bench" >&2
  cmake -S "$repo" -B "$repo/build-bench" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS="-Wno-error=restrict" >/dev/null
  cmake --build "$repo/build-bench" -j"$(nproc)" --target qascrape >/dev/null
  QASCRAPE="$repo/build-bench/qascrape"
fi
[ -x "$QASCRAPE" ] || die "QASCRAPE=$QASCRAPE is not an executable"

WORK="${WORK:-$(mktemp -d /tmp/qascrape-parse-bench.XXXXXX)}"
mkdir -p "$WORK"
cleanup() { if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "bench: kept $WORK" >&2; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# 3. The floor program and the pages.
# shellcheck disable=SC2046
cc -O2 -o "$WORK/gumbo_floor" "$here/gumbo_floor.c" $(pkg-config --cflags --libs gumbo)
echo "bench: generating $PAGES pages" >&2
"$PY" "$here/gen_pages.py" "$WORK/pages" --count "$PAGES" >&2
find "$WORK/pages/question" -name '*.html' | LC_ALL=C sort >"$WORK/list.txt"
n_files=$(wc -l <"$WORK/list.txt")
bytes=$(cat "$WORK/pages/question"/*.html | wc -c)
cat "$WORK/pages/question"/*.html >/dev/null   # into the page cache for everyone

# TAG CMD... -> $WORK/TAG.time holds "wall user sys"
timed() {
  local tag=$1; shift
  local rc=0
  /usr/bin/time -f '%e %U %S' -o "$WORK/$tag.time" "$@" >"$WORK/$tag.out" 2>"$WORK/$tag.log" || rc=$?
  [ "$rc" -eq 0 ] || { echo "bench: $tag exited $rc" >&2; tail -5 "$WORK/$tag.log" >&2; exit 1; }
}

echo "bench: machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rows=()
echo "bench: qascrape parse" >&2
timed qascrape "$QASCRAPE" parse --site ask39 --selectors "$SELECTORS" -o "$WORK/qascrape.jsonl" "$WORK/pages/question"
rows+=("qascrape $(cat "$WORK/qascrape.time")")
q_ok=$(grep -c '"status":"ok"' "$WORK/qascrape.jsonl" || true)
[ "$q_ok" -eq "$n_files" ] || die "qascrape: $q_ok of $n_files records ok"

if [ -n "${REF_BIN:-}" ]; then
  echo "bench: reference qascrape parse ($REF_BIN)" >&2
  timed reference "$REF_BIN" parse --site ask39 --selectors "$SELECTORS" -o "$WORK/reference.jsonl" "$WORK/pages/question"
  rows+=("reference $(cat "$WORK/reference.time")")
fi

echo "bench: gumbo floor" >&2
timed gumbo "$WORK/gumbo_floor" "$WORK/list.txt"
rows+=("gumbo-floor $(cat "$WORK/gumbo.time")")

if [ "${SKIP_PY:-0}" != 1 ]; then
  echo "bench: lxml + XPath" >&2
  timed lxml "$PY" "$here/lxml_extract.py" "$WORK/list.txt" "$WORK/lxml.jsonl"
  rows+=("lxml+XPath $(cat "$WORK/lxml.time")")
  echo "bench: parsel" >&2
  timed parsel "$PY" "$here/parsel_extract.py" "$WORK/list.txt" "$WORK/parsel.jsonl"
  rows+=("parsel $(cat "$WORK/parsel.time")")
  # The peers extracted what qascrape did? A few fields, page by page.
  "$PY" - "$WORK/qascrape.jsonl" "$WORK/lxml.jsonl" "$WORK/parsel.jsonl" >&2 <<'PYEOF'
import json, sys
def key(r):
    return ([c["name"] for c in r["page"]["breadcrumbs"]], (r.get("question") or {}).get("title"),
            [(x["doctor"]["name"], x["doctor"]["title"], x["text"], [(c["index"], c["name"]) for c in x["causes"]])
             for x in r["answers"]])
q = {r["url"]: key(r) for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
for name, path in (("lxml", sys.argv[2]), ("parsel", sys.argv[3])):
    p = {r["url"]: key(r) for r in map(json.loads, open(path, encoding="utf-8"))}
    same = sum(1 for u, k in q.items() if p.get(u) == k)
    print(f"bench: cross-check qascrape vs {name} (breadcrumbs, title, doctor name/title, answer text, causes): "
          f"{same} pages agree, {len(q) - same} differ")
PYEOF
fi

# 4. Same records as the reference build?
if [ -n "${REF_BIN:-}" ]; then
  LC_ALL=C sort "$WORK/qascrape.jsonl" >"$WORK/qascrape.sorted"
  LC_ALL=C sort "$WORK/reference.jsonl" >"$WORK/reference.sorted"
  if cmp -s "$WORK/qascrape.sorted" "$WORK/reference.sorted"; then
    identical="records: byte-identical to REF_BIN's ($n_files records, sorted, cmp)"
  else
    cmp "$WORK/qascrape.sorted" "$WORK/reference.sorted" >&2 || true
    KEEP=1
    die "records differ from REF_BIN's (kept $WORK)"
  fi
else
  identical="records: comparison with a reference build skipped (set REF_BIN)"
fi

# 5. The table.
"$PY" - "$n_files" "$bytes" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$identical" "${rows[@]}" <<'PYEOF'
import sys
n, size, cores, load, identical = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
rows = {}
for row in sys.argv[6:]:
    name, wall, user, sys_ = row.split()
    rows[name] = (float(wall), float(user) + float(sys_))
mb = size / 1e6
print()
print(f"parse: {n} generated ask.39.net pages, {mb:.1f} MB, from the page cache; {cores} cores")
print(f"{'':12} {'wall s':>7} {'CPU s':>7} {'MB/s':>7} {'pages/s':>8} {'ms CPU/page':>11}")
for name, (wall, cpu) in rows.items():
    print(f"{name:12} {wall:7.2f} {cpu:7.2f} {mb / wall:7.1f} {n / wall:8.1f} {1000 * cpu / n:11.3f}")
qw, qc = rows["qascrape"]
gw, gc = rows["gumbo-floor"]
print(f"qascrape CPU / gumbo floor CPU = {qc / gc:.2f}x (target <= 0.75x)")
if "lxml+XPath" in rows:
    print(f"lxml wall / qascrape wall = {rows['lxml+XPath'][0] / qw:.2f}x (target >= 2x); "
          f"parsel wall / qascrape wall = {rows['parsel'][0] / qw:.2f}x")
if "reference" in rows:
    rw, rc = rows["reference"]
    print(f"reference/qascrape: CPU {rc / qc:.2f}x, wall {rw / qw:.2f}x")
print(identical)
print(f"(load average after the run: {load}; wall is MB/s and pages/s; shared machine)")
PYEOF
