#!/usr/bin/env python3
"""Writes the golden cases fixtures/<site>/boxes-<n>/ from the side-box
markup table tests/data/box_markups.json: each case puts one markup of each
box (推荐医生, 适用药品, 疾病百科) into a question page of the site that has no
side boxes, so every box is read in six markups on each of the three sites.
Also writes fixtures/ask39/seed-doctors-other-markup/: the seed page with its
six recommended doctors marked up as in the report of issue 6 (name in <b>
or <span>, title in <i>, hospital in its own <p> after the 提问 link).

Writes page.html, response.json and case.md; expected.json is then made by
the tool (see fixtures/README.md) and reviewed against case.md.
Usage: scripts/make-box-fixtures.py [REPO_ROOT]
"""
import json
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
table = json.load(open(os.path.join(root, "tests/data/box_markups.json"), encoding="utf-8"))
cases = [c for c in table["cases"] if c["site"] == "ask39" and c["inconsistent"] == 0]
by_box = {b: [c for c in cases if c["box"] == b] for b in ("recommended_doctors", "drugs", "encyclopedia")}

HOSTS = {
    "ask39": ("ask39/no-side-boxes", "utf-8", "https://ask.39.net/question/9100{n}.html", "text/html; charset=utf-8"),
    "120ask": ("120ask/minimal", "utf-8", "https://www.120ask.com/question/9100{n}.htm", "text/html; charset=utf-8"),
    "xywy": ("xywy/gbk-best-answer", "gb18030", "https://club.xywy.com/static/20230812/9100{n}.htm", "text/html"),
}


def write_case(folder, page_bytes, url, content_type, md):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "page.html"), "wb") as f:
        f.write(page_bytes)
    response = {"url": url, "final_url": url, "http_status": 200, "content_type": content_type,
                "fetched_at": "2026-11-20T08:00:00Z", "attempts": 1}
    with open(os.path.join(folder, "response.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(response, ensure_ascii=False, indent=2) + "\n")
    with open(os.path.join(folder, "case.md"), "w", encoding="utf-8") as f:
        f.write(md)


def facts(box, expect):
    if box == "recommended_doctors":
        return f"- recommended_doctors ({len(expect)}): " + ", ".join(
            f"{d['name']}/{d['title']}/{d['title_rank']}/{d['hospital']}" for d in expect)
    if box == "drugs":
        return f"- drugs ({len(expect)}): " + ", ".join(
            f"{d['name']} `{d['indication']}` ({d['url']})" for d in expect)
    e = expect
    return (f"- encyclopedia: name {e['name']}, description `{e['description']}`, etiology `{e['etiology']}`, "
            f"possible_diseases {e['possible_diseases']}, common_exams {e['common_exams']}, departments {e['departments']}")


for s_i, (site, (host, charset, url_t, ctype)) in enumerate(HOSTS.items()):
    host_dir = os.path.join(root, "fixtures", host)
    base = open(os.path.join(host_dir, "page.html"), "rb").read().decode(charset)
    for n in range(6):
        picks = [by_box["recommended_doctors"][(n + 2 * s_i) % len(by_box["recommended_doctors"])],
                 by_box["drugs"][n], by_box["encyclopedia"][(n + s_i) % len(by_box["encyclopedia"])]]
        html = "".join("\n" + c["html"] + "\n" for c in picks)
        at = base.rfind("</body>")
        page = base[:at] + html + base[at:]
        md = (f"# {site} / boxes-{n + 1}\n"
              f"The question page of `fixtures/{host}` with the three side boxes appended, each in a markup of "
              f"`tests/data/box_markups.json` (made by `scripts/make-box-fixtures.py`; {charset}):\n"
              + "".join(f"- {c['box']}: {c['name']}\n" for c in picks)
              + f"- status `ok`, site `{site}`, no `inconsistent` warning; everything outside the boxes as in `fixtures/{host}`.\n"
              + "".join(facts(c["box"], c["expect"]) + "\n" for c in picks))
        write_case(os.path.join(root, "fixtures", site, f"boxes-{n + 1}"), page.encode(charset),
                   url_t.format(n=n + 1), ctype, md)

# The seed's doctors in the markup of the report.
seed_dir = os.path.join(root, "fixtures/ask39/seed")
seed = open(os.path.join(seed_dir, "page.html"), encoding="utf-8").read()
start = seed.index("推荐医生")
end = seed.index("</ul>", start)
box = seed[start:end]
doctors = []
k = [0]


def recode(m):
    name, title, hosp = m.group("name"), m.group("title"), m.group("hosp")
    doctors.append((name, title, hosp))
    tag = "b" if k[0] % 2 == 0 else "span"
    k[0] += 1
    return (f'<li><img src="{m.group("img")}" alt=""><{tag}>{name}</{tag}><i>{title}</i>'
            f'{m.group("tw")}<p>{hosp}</p></li>')


box2 = re.sub(r'<li class="clearfix">\s*<a class="tj_img"[^>]*><img src="(?P<img>[^"]*)"[^>]*></a>\s*'
              r'<div class="tj_txt">\s*<p><a class="tj_name"[^>]*>(?P<name>[^<]*)</a>\s*<span>(?P<title>[^<]*)</span></p>\s*'
              r'(?P<tw><a class="tj_tw"[^>]*>提问</a>)\s*<p class="tj_hos">(?P<hosp>[^<]*)</p>\s*</div>\s*</li>',
              recode, box)
assert len(doctors) == 6, doctors
page = seed[:start] + box2 + seed[end:]
resp = json.load(open(os.path.join(seed_dir, "response.json"), encoding="utf-8"))
md = ("# ask39 / seed-doctors-other-markup\n"
      "The seed page with its six recommended doctors marked up as in the report of issue 6: the name in `<b>` "
      "or `<span>` instead of a link, the title in `<i>`, the hospital in its own `<p>` after the 提问 link "
      "(made by `scripts/make-box-fixtures.py`). Everything else is the seed page.\n"
      "- status `ok`; no `inconsistent` warning; answers, causes, encyclopedia and drugs as in `fixtures/ask39/seed`.\n"
      f"- recommended_doctors (6): " + ", ".join(f"{n}/{t}/{h}" for n, t, h in doctors) + "\n")
write_case(os.path.join(root, "fixtures/ask39/seed-doctors-other-markup"), page.encode("utf-8"),
           resp["url"], resp["content_type"], md)
