#!/usr/bin/env python3
"""Score `qascrape parse` on generated pages against the facts they must give.

Usage: score.py DIR --qascrape BIN [--selectors DIR] [--min-share X] [--failures N]
                [--generate N [--seed S] [--ask39-boxes-only]]

DIR is what gen_pages.py wrote (pages/ and facts.jsonl); with --generate
the scorer runs gen_pages.py into DIR first. Prints, per fact
kind and per site, how many facts hold, the total share, the failing share
per page-model choice (tag) for each kind, and the first failures (page,
fact, expected, got). Exit 1 when the total share is below --min-share,
2 when the parse itself could not be run or gave the wrong number of records.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

MISSING = "<missing>"


def die(msg):
    print(f"score: {msg}", file=sys.stderr)
    sys.exit(2)


def walk(record, path):
    cur = record
    for p in path:
        if isinstance(p, int):
            if not isinstance(cur, list) or p >= len(cur):
                return MISSING
            cur = cur[p]
        else:
            if not isinstance(cur, dict) or p not in cur:
                return MISSING
            cur = cur[p]
    return cur


def holds(kind, expected, got):
    if kind.endswith(".count"):
        return isinstance(got, list) and len(got) == expected
    if isinstance(expected, dict):
        return isinstance(got, dict) and all(got.get(k) == v for k, v in expected.items())
    return got == expected


def shown(kind, expected, got):
    if kind.endswith(".count") and isinstance(got, list):
        # the count and what came out, so a miscount shows its cause
        return len(got), got
    return got


def run_parse(binary, selectors, paths, workers):
    cmd = [binary, "parse"]
    if selectors:
        cmd += ["--selectors", selectors]
    if workers:
        cmd += ["--workers", str(workers)]
    cmd += paths
    proc = subprocess.run(cmd, capture_output=True)
    # 0 all ok/partial, 1 some failed, 5 selector health: records are still written
    if proc.returncode not in (0, 1, 5):
        die(f"{' '.join(cmd[:4])} ... exited {proc.returncode}: {proc.stderr.decode(errors='replace')[-2000:]}")
    return [json.loads(l) for l in proc.stdout.decode("utf-8").splitlines() if l.strip()]


def pct(held, total):
    return f"{100.0 * held / total:6.2f}%" if total else "     -"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--qascrape", required=True, help="path to the qascrape binary")
    ap.add_argument("--selectors", help="selector folder (passed to parse --selectors)")
    ap.add_argument("--min-share", type=float, default=1.0, help="exit 1 below this share of facts held (0..1)")
    ap.add_argument("--failures", type=int, default=15, help="how many failures to list")
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--generate", type=int, metavar="N", help="first write N pages into DIR with gen_pages.py")
    ap.add_argument("--seed", type=int, default=1, help="gen_pages.py --seed (with --generate)")
    ap.add_argument("--ask39-boxes-only", action="store_true", help="gen_pages.py --ask39-boxes-only (with --generate)")
    ap.add_argument("--json", help="also write the counts as JSON to this file")
    a = ap.parse_args()

    if a.generate is not None:
        gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen_pages.py")
        cmd = [sys.executable, gen, a.dir, "--count", str(a.generate), "--seed", str(a.seed)]
        if a.ask39_boxes_only:
            cmd.append("--ask39-boxes-only")
        subprocess.run(cmd, check=True)
    with open(os.path.join(a.dir, "facts.jsonl"), encoding="utf-8") as f:
        pages = [json.loads(l) for l in f if l.strip()]
    records = run_parse(a.qascrape, a.selectors, [os.path.join(a.dir, p["page"]) for p in pages], a.workers)
    if len(records) != len(pages):
        die(f"{len(pages)} pages but {len(records)} records")

    by_kind = collections.defaultdict(lambda: [0, 0])
    by_site = collections.defaultdict(lambda: [0, 0])
    by_tag = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
    failures = []
    warned = collections.Counter()
    for page, rec in zip(pages, records):
        if rec.get("url") != page["url"]:
            die(f"record order: {page['page']} is {page['url']} but the record says {rec.get('url')}")
        warn_fields = {w.get("field", "").split(".")[0].split("[")[0] for w in rec.get("warnings") or []}
        for f in page["facts"]:
            got = walk(rec, f["path"])
            ok = holds(f["kind"], f["expected"], got)
            for counter in (by_kind[f["kind"]], by_site[page["site"]]):
                counter[0] += ok
                counter[1] += 1
            for k, v in f["tags"].items():
                c = by_tag[f["kind"]][(k, v)]
                c[0] += ok
                c[1] += 1
            if not ok:
                if f["path"][0] in warn_fields:
                    warned[f["kind"]] += 1
                failures.append((page, f, got))

    held = sum(c[0] for c in by_kind.values())
    total = sum(c[1] for c in by_kind.values())
    print(f"{'fact kind':34} {'held':>6} {'total':>6}  share   failed-with-warning")
    for kind in sorted(by_kind):
        h, t = by_kind[kind]
        print(f"{kind:34} {h:6} {t:6} {pct(h, t)}  {warned[kind] if t - h else ''}")
    print()
    for site in sorted(by_site):
        h, t = by_site[site]
        print(f"site {site:29} {h:6} {t:6} {pct(h, t)}")
    print(f"\nTOTAL {held}/{total} facts hold = {pct(held, total).strip()} over {len(pages)} pages\n")

    # Per kind that fails, the failing share of each page-model choice: a
    # choice that fails far more often than its kind does is a failure class.
    for kind in sorted(by_kind):
        h, t = by_kind[kind]
        if h == t:
            continue
        print(f"{kind}: {t - h}/{t} failed; failed/total by choice:")
        keys = sorted({k for k, _ in by_tag[kind]})
        for k in keys:
            vals = sorted(((v, c) for (kk, v), c in by_tag[kind].items() if kk == k), key=lambda x: str(x[0]))
            print(f"  {k:14} " + ", ".join(f"{v} {c[1] - c[0]}/{c[1]}" for v, c in vals))
    print()
    # The first failure of each kind, then more, at most one per page and kind.
    listed, seen = [], set()
    for pass_ in (0, 1):
        for page, f, got in failures:
            key = (page["page"], f["kind"]) if pass_ else f["kind"]
            if key in seen or len(listed) >= a.failures:
                continue
            seen.add(key)
            seen.add((page["page"], f["kind"]))
            listed.append((page, f, got))
    for page, f, got in listed:
        print(f"FAIL {page['page']} {page['site']} {f['kind']} {json.dumps(f['path'], ensure_ascii=False)}")
        print(f"     expected {json.dumps(f['expected'], ensure_ascii=False)}")
        print(f"     got      {json.dumps(shown(f['kind'], f['expected'], got), ensure_ascii=False)[:400]}")
        print(f"     tags     {json.dumps(f['tags'], ensure_ascii=False)}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as out:
            json.dump({"held": held, "total": total, "pages": len(pages),
                       "kinds": {k: {"held": h, "total": t} for k, (h, t) in by_kind.items()},
                       "sites": {k: {"held": h, "total": t} for k, (h, t) in by_site.items()}}, out, ensure_ascii=False)
    share = held / total if total else 1.0
    if share < a.min_share:
        print(f"score: share {share:.4f} is below --min-share {a.min_share}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
