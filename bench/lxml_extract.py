#!/usr/bin/python3
"""lxml + XPath peer for bench/parse.sh: the extraction of
bench/scrapy_spider.py (itself a port of selectors/ask39.json), done on saved
files with lxml.html and XPath, written as JSON Lines. One process, one thread.

    /usr/bin/python3 bench/lxml_extract.py LIST OUT.jsonl

LIST: one HTML file path per line. A record's url is the page's canonical link
(as `qascrape parse` without --url).
"""
import json
import re
import sys
from urllib.parse import urljoin

NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.．、]\s*(.*)$")
SPACES = re.compile(r"\s+")
SPEC_LABEL = re.compile(r"^擅长\s*[:：]\s*")
SPEC_SPLIT = re.compile(r"[、,，;；/]")


def clean(s):
    return SPACES.sub(" ", s or "").strip() or None


def split_numbered(lines):
    """summary = lines before the first `N.` marker, causes = `N.name` + the
    lines until the next marker, advice = a trailing 建议... line."""
    summary, causes, advice = [], [], None
    for line in lines:
        m = NUMBERED.match(line)
        if m and (not causes and int(m.group(1)) == 1 or causes and int(m.group(1)) == causes[-1]["index"] + 1):
            causes.append({"index": int(m.group(1)), "name": m.group(2) or None, "detail": []})
        elif causes:
            if line.startswith("建议") and causes[-1]["detail"]:
                advice = line
            else:
                causes[-1]["detail"].append(line)
        else:
            summary.append(line)
    for c in causes:
        c["detail"] = "\n".join(c["detail"]) or None
    return ("\n".join(summary) or None), causes, advice


def specialties(spec):
    if not spec:
        return []
    spec = SPEC_LABEL.sub("", spec)
    return [s for s in SPEC_SPLIT.split(spec) if s.strip()]


def record(base, title, crumbs, question_title, answers):
    return {
        "url": base,
        "status": "ok",
        "page": {
            "title": clean(title),
            "canonical": base,
            "breadcrumbs": crumbs,
            "category_path": [c["name"] for c in crumbs[1:] if c["url"]][:3],
        },
        "question": {"title": question_title},
        "answers": answers,
    }


def run(extract, argv):
    """Reads each file in LIST as bytes, writes extract(data) per line."""
    if len(argv) != 3:
        sys.exit(f"usage: {argv[0]} LIST OUT.jsonl")
    with open(argv[1], encoding="utf-8") as f:
        paths = [p for p in f.read().split("\n") if p]
    with open(argv[2], "w", encoding="utf-8") as out:
        for path in paths:
            with open(path, "rb") as f:
                data = f.read()
            out.write(json.dumps(extract(data), ensure_ascii=False) + "\n")


# --- lxml + XPath ---------------------------------------------------------

def cls(name):
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def compile_xpaths():
    from lxml import etree

    x = etree.XPath
    sub = f"//div[{cls('sub')}]"
    doctor = f"div[{cls('doctor_all')}]"
    return {
        "title": x("//title/text()"),
        "canonical": x("//link[@rel='canonical']/@href"),
        "crumbs": x(f"{sub}//a[@href] | {sub}//span[{cls('sub_here')}]"),
        "ask_tit": x(f"//div[{cls('ask_cont')}]//*[{cls('ask_tit')}]"),
        "sub_here": x(f"{sub}//span[{cls('sub_here')}]"),
        "answers": x(f"//div[{cls('selected')}]//div[{cls('sele_all')}]"),
        "doc_name": x(f".//{doctor}//span[{cls('doc_name')}]"),
        "doc_yshi": x(f".//{doctor}//span[{cls('doc_yshi')}]"),
        "doc_sc": x(f".//{doctor}//p[{cls('doc_sc')}]"),
        "doc_href": x(f".//{doctor}//div[{cls('doc_img')}]//a/@href"),
        "sele_txt": x(f".//p[{cls('sele_txt')}]"),
        "doc_time": x(f".//div[{cls('doc_t_strip')}]//p[{cls('doc_time')}]"),
        "text": x(".//text()"),
    }


def make_lxml_extract():
    import lxml.html

    xp = compile_xpaths()

    def text_of(nodes):
        """All text of the first node, whitespace collapsed (`take: text`)."""
        if not nodes:
            return None
        return clean("".join(xp["text"](nodes[0])))

    def lines_of(nodes):
        """Text of the first node split at <br> (`take: lines`)."""
        if not nodes:
            return []
        pieces = [[]]

        def walk(el):
            if el.text and isinstance(el.tag, str):
                pieces[-1].append(el.text)
            for kid in el:
                if kid.tag == "br":
                    pieces.append([])
                elif isinstance(kid.tag, str):
                    walk(kid)
                if kid.tail:
                    pieces[-1].append(kid.tail)

        walk(nodes[0])
        return [l for l in (clean("".join(p)) for p in pieces) if l]

    def extract(data):
        doc = lxml.html.document_fromstring(data)
        canonical = xp["canonical"](doc)
        base = canonical[0] if canonical else None
        crumbs = []
        for node in xp["crumbs"](doc):
            href = node.get("href")
            crumbs.append({"name": text_of([node]), "url": urljoin(base, href) if href else None})
        title = xp["ask_tit"](doc) or xp["sub_here"](doc)
        answers = []
        for ans in xp["answers"](doc):
            yshi = xp["doc_yshi"](ans)
            href = xp["doc_href"](ans)
            lines = lines_of(xp["sele_txt"](ans))
            summary, causes, advice = split_numbered(lines)
            answers.append({
                "doctor": {
                    "name": text_of(xp["doc_name"](ans)),
                    "title": text_of(yshi[0:1]),
                    "hospital": text_of(yshi[1:2]),
                    "specialties": specialties(text_of(xp["doc_sc"](ans))),
                    "profile_url": urljoin(base, href[0]) if href else None,
                },
                "text": "\n".join(lines) or None,
                "summary": summary,
                "causes": causes,
                "advice": advice,
                "answered_at": text_of(xp["doc_time"](ans)),
            })
        page_title = xp["title"](doc)
        return record(base, page_title[0] if page_title else None, crumbs, text_of(title), answers)

    return extract


if __name__ == "__main__":
    try:
        extract = make_lxml_extract()
    except ImportError as e:
        sys.exit(f"lxml_extract: {e}: install Debian's python3-lxml (scripts/install-deps.sh)")
    run(extract, sys.argv)
