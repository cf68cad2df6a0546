#!/usr/bin/env bash
# qascrape vs Scrapy on loopback: the same crawl (generated ~50 KB ask.39.net
# question pages served by nginx on 127.0.0.1), the same extraction, the same
# concurrency (32); then qascrape's peak RSS at 1k / 10k / 100k URLs.
# Every request goes to 127.0.0.1 only; the script ends by itself.
#
#   bash bench/run.sh                 # everything (about 10 minutes on 2 cores)
#   PAGES=3000 SERIES="1000 10000" bash bench/run.sh   # a shorter series
#
# Environment: PAGES (distinct pages, default 3000), CONCURRENCY (32),
# SERIES (URL counts for the RSS series, default "1000 10000 100000"),
# WORK (scratch folder, default a new mktemp -d; removed at exit unless KEEP=1).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
PAGES="${PAGES:-3000}"
CONCURRENCY="${CONCURRENCY:-32}"
SERIES="${SERIES:-1000 10000 100000}"
PY=/usr/bin/python3   # Debian's python3, which python3-scrapy installs into

# 1. What it needs (Debian packages, only when missing).
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
"$PY" -c 'import scrapy' >/dev/null 2>&1 || missing+=(python3-scrapy)
[ -x /usr/bin/time ] || missing+=(time)
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bench: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  if [[ " ${missing[*]} " == *" nginx-light "* ]]; then
    # The package starts the system service; this benchmark runs its own.
    systemctl stop nginx >/dev/null 2>&1 || service nginx stop >/dev/null 2>&1 || true
  fi
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

# 2. qascrape, Release, in its own build folder. GCC 12 at -O3 reports a
# false -Wrestrict inside libstdc++'s string code, which -Werror would
# turn into a failed build; it stays a warning here.
echo "bench: building qascrape (Release) in build-bench" >&2
cmake -S "$repo" -B "$repo/build-bench" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="-Wno-error=restrict" >/dev/null
cmake --build "$repo/build-bench" -j"$(nproc)" --target qascrape >/dev/null
QASCRAPE="$repo/build-bench/qascrape"

# 3. Scratch folder, pages, nginx.
WORK="${WORK:-$(mktemp -d /tmp/qascrape-bench.XXXXXX)}"
mkdir -p "$WORK"
chmod 755 "$WORK"  # nginx workers (not root) must read the pages
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "bench: kept $WORK" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "bench: generating $PAGES pages" >&2
"$PY" "$here/gen_pages.py" "$WORK/pages" --count "$PAGES" >&2

port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  default_type text/html;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$port;
    root $WORK/pages;
  }
}
EOF
"$NGINX" -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
  "$PY" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$WORK/nginx/error.log" >&2; exit 1; }
  sleep 0.1
done
base="http://127.0.0.1:$port"
sed "s#^#$base#" "$WORK/pages/pages.txt" >"$WORK/urls.txt"
first_url="$(head -n1 "$WORK/urls.txt")"
"$PY" - "$first_url" <<'EOF'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
    assert r.status == 200, r.status
EOF

# A list of N distinct URLs: the pages, repeated with ?n=K from the 2nd round on.
url_list() {  # N FILE
  "$PY" - "$1" "$WORK/urls.txt" "$2" <<'EOF'
import sys
n, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
urls = open(src).read().split()
with open(dst, "w") as f:
    for k in range(n):
        u = urls[k % len(urls)]
        f.write(u + ("?n=%d" % k if k >= len(urls) else "") + "\n")
EOF
}

# /usr/bin/time -v output -> "wall_s user_s sys_s maxrss_kib"
time_fields() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
    END { printf "%s %s %s %s\n", w, u, s, m }' "$1"
}

run_qascrape() {  # URLFILE TAG -> prints time fields; records in $WORK/TAG.jsonl
  rm -rf "$WORK/store-$2" "$WORK/$2.jsonl"
  local rc=0
  /usr/bin/time -v -o "$WORK/$2.time" "$QASCRAPE" crawl --urls "$1" -o "$WORK/$2.jsonl" \
    --store "$WORK/store-$2" --site ask39 --allow-private --no-robots \
    --concurrency "$CONCURRENCY" --per-host "$CONCURRENCY" 2>"$WORK/$2.log" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "bench: qascrape exited $rc" >&2; tail -5 "$WORK/$2.log" >&2; exit 1
  fi
  rm -rf "$WORK/store-$2"   # 100k pages of WARC is several GiB
  time_fields "$WORK/$2.time"
}

echo "bench: machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# 4. Scrapy, then qascrape, on the same list.
echo "bench: Scrapy, $PAGES URLs, concurrency $CONCURRENCY" >&2
rc=0
(cd "$WORK" && BENCH_SCRAPY_OUT="$WORK/scrapy.jsonl" /usr/bin/time -v -o "$WORK/scrapy.time" \
  "$PY" -m scrapy runspider "$here/scrapy_spider.py" -a urls="$WORK/urls.txt" 2>"$WORK/scrapy.log") || rc=$?
[ "$rc" -eq 0 ] || { echo "bench: scrapy exited $rc" >&2; tail -20 "$WORK/scrapy.log" >&2; exit 1; }
read -r s_wall s_user s_sys s_rss < <(time_fields "$WORK/scrapy.time")
s_n=$(wc -l <"$WORK/scrapy.jsonl")

echo "bench: qascrape, $PAGES URLs, concurrency $CONCURRENCY" >&2
read -r q_wall q_user q_sys q_rss < <(run_qascrape "$WORK/urls.txt" main)
q_n=$(grep -c '"status":"ok"' "$WORK/main.jsonl" || true)

# Both extracted the same things? Compare a few fields page by page.
"$PY" - "$WORK/main.jsonl" "$WORK/scrapy.jsonl" >&2 <<'EOF'
import json, sys
q = {r["url"]: r for r in map(json.loads, open(sys.argv[1]))}
s = {r["url"]: r for r in map(json.loads, open(sys.argv[2]))}
same = diff = 0
for url, a in q.items():
    b = s.get(url)
    if b is None:
        diff += 1
        continue
    ka = ([c["name"] for c in a["page"]["breadcrumbs"]], (a.get("question") or {}).get("title"),
          [(x["doctor"]["name"], x["doctor"]["title"], x["text"], [(c["index"], c["name"]) for c in x["causes"]])
           for x in a["answers"]])
    kb = ([c["name"] for c in b["page"]["breadcrumbs"]], b["question"]["title"],
          [(x["doctor"]["name"], x["doctor"]["title"], x["text"], [(c["index"], c["name"]) for c in x["causes"]])
           for x in b["answers"]])
    same, diff = (same + 1, diff) if ka == kb else (same, diff + 1)
print(f"bench: extraction cross-check (breadcrumbs, title, doctor name/title, answer text, causes): "
      f"{same} pages agree, {diff} differ")
EOF

# 5. RSS series.
series_rows=()
for n in $SERIES; do
  echo "bench: qascrape RSS series, $n URLs" >&2
  url_list "$n" "$WORK/urls-$n.txt"
  read -r wall user sys rss < <(run_qascrape "$WORK/urls-$n.txt" "series-$n")
  ok=$(grep -c '"status":"ok"' "$WORK/series-$n.jsonl" || true)
  rm -f "$WORK/series-$n.jsonl" "$WORK/urls-$n.txt"
  series_rows+=("$n $wall $rss $ok")
done

# 6. The table.
"$PY" - "$PAGES" "$CONCURRENCY" "$s_n $s_wall $s_user $s_sys $s_rss" "$q_n $q_wall $q_user $q_sys $q_rss" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "${series_rows[@]}" <<'EOF'
import sys
pages, conc = int(sys.argv[1]), int(sys.argv[2])
def parse(s):
    n, wall, user, sys_, rss = s.split()
    return int(n), float(wall), float(user), float(sys_), int(rss) / 1024
sn, sw, su, ss, sr = parse(sys.argv[3])
qn, qw, qu, qs, qr = parse(sys.argv[4])
load = sys.argv[5]
sp, qp = sn / sw, qn / qw
print()
print(f"qascrape vs Scrapy: {pages} generated ~50 KB pages from nginx on 127.0.0.1, concurrency {conc}")
print(f"{'':10} {'pages':>6} {'wall s':>7} {'pages/s':>8} {'CPU s':>7} {'ms CPU/page':>11} {'peak RSS MiB':>12}")
for name, n, w, u, s, r in (("Scrapy", sn, sw, su, ss, sr), ("qascrape", qn, qw, qu, qs, qr)):
    print(f"{name:10} {n:6d} {w:7.2f} {n / w:8.1f} {u + s:7.2f} {1000 * (u + s) / n:11.2f} {r:12.1f}")
print(f"ratio: qascrape/Scrapy pages/s = {qp / sp:.2f}x (target >= 4x; vs the 185 pages/s reference: {qp / 185:.2f}x); "
      f"CPU per page Scrapy/qascrape = {(su + ss) / sn / ((qu + qs) / qn):.2f}x; "
      f"peak RSS qascrape {qr:.1f} MiB (target <= 64), Scrapy/qascrape = {sr / qr:.1f}x")
print()
print("qascrape peak RSS by list size (distinct URLs; pages repeat with ?n=K)")
print(f"{'URLs':>8} {'ok':>8} {'wall s':>8} {'pages/s':>8} {'peak RSS MiB':>12}")
for row in sys.argv[6:]:
    n, w, r, ok = row.split()
    print(f"{int(n):8d} {int(ok):8d} {float(w):8.2f} {int(n) / float(w):8.1f} {int(r) / 1024:12.1f}")
print(f"(load average after the run: {load}; 2-core machine shared with nginx and any other work on it)")
EOF
