"""Scrapy baseline for bench/run.sh: the same crawl and extraction as
`qascrape crawl --site ask39`, ported from selectors/ask39.json to Scrapy's
CSS selectors (parsel).

    BENCH_SCRAPY_OUT=OUT.jsonl python3 -m scrapy runspider bench/scrapy_spider.py -a urls=URLS.txt

Extracts per page: page title, canonical, breadcrumbs (name, url), question
title, answers (doctor name / title / hospital-or-grade / specialties /
profile url, answer text as lines, numbered causes with name and detail,
summary, advice, answered_at).
"""
import os
import re

import scrapy
from w3lib.html import remove_tags, replace_entities

OUT = os.environ.get("BENCH_SCRAPY_OUT", "scrapy.jsonl")

NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.．、]\s*(.*)$")
SPACES = re.compile(r"\s+")
BR = re.compile(r"<br\s*/?>", re.I)


def clean(s):
    return SPACES.sub(" ", s or "").strip() or None


def text_of(sel):
    """All text of a node, whitespace collapsed (what `take: text` does)."""
    if sel is None:
        return None
    return clean("".join(sel.css("::text").getall()))


def lines_of(sel):
    """Text split at <br> (what `take: lines` does): the element's HTML cut
    at <br>, tags removed, entities decoded, blank pieces dropped."""
    if not sel:
        return []
    inner = BR.split(sel.get())
    return [l for l in (clean(replace_entities(remove_tags(x))) for x in inner) if l]


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


class Ask39Spider(scrapy.Spider):
    name = "ask39_bench"
    custom_settings = {
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": False,
        "LOG_LEVEL": "WARNING",
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "RETRY_TIMES": 2,
        "FEED_EXPORT_ENCODING": "utf-8",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        # JSON Lines via FEEDS; run.sh names the file in BENCH_SCRAPY_OUT.
        "FEEDS": {OUT: {"format": "jsonlines", "encoding": "utf8", "overwrite": True}},
    }

    def __init__(self, urls=None, *a, **kw):
        super().__init__(*a, **kw)
        self.urls_file = urls

    def start_requests(self):
        with open(self.urls_file, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                url = line.strip()
                if url and not url.startswith("#"):
                    yield scrapy.Request(url, callback=self.parse, cb_kwargs={"line": n}, dont_filter=True)

    def parse(self, response, line):
        crumbs = []
        for node in response.css("div.sub a[href], div.sub span.sub_here"):
            href = node.attrib.get("href")
            crumbs.append({"name": text_of(node), "url": response.urljoin(href) if href else None})
        title = response.css("div.ask_cont .ask_tit")
        if not title:
            title = response.css("div.sub span.sub_here")
        answers = []
        for ans in response.css("div.selected div.sele_all"):
            yshi = ans.css("div.doctor_all span.doc_yshi")
            spec = text_of(ans.css("div.doctor_all p.doc_sc")[:1] or None)
            if spec:
                spec = re.sub(r"^擅长\s*[:：]\s*", "", spec)
                spec = [s for s in re.split(r"[、,，;；/]", spec) if s.strip()]
            href = ans.css("div.doctor_all div.doc_img a[href]::attr(href)").get()
            lines = lines_of(ans.css("p.sele_txt")[:1])
            summary, causes, advice = split_numbered(lines)
            answers.append({
                "doctor": {
                    "name": text_of(ans.css("div.doctor_all span.doc_name")[:1] or None),
                    "title": text_of(yshi[0]) if len(yshi) > 0 else None,
                    "hospital": text_of(yshi[1]) if len(yshi) > 1 else None,
                    "specialties": spec or [],
                    "profile_url": response.urljoin(href) if href else None,
                },
                "text": "\n".join(lines) or None,
                "summary": summary,
                "causes": causes,
                "advice": advice,
                "answered_at": text_of(ans.css("div.doc_t_strip p.doc_time")[:1] or None),
            })
        yield {
            "url": response.request.url,
            "final_url": response.url,
            "status": "ok",
            "input_line": line,
            "http_status": response.status,
            "page": {
                "title": clean(response.css("title::text").get()),
                "canonical": response.css("link[rel=canonical]::attr(href)").get(),
                "breadcrumbs": crumbs,
                "category_path": [c["name"] for c in crumbs[1:] if c["url"]][:3],
            },
            "question": {"title": text_of(title[:1] or None)},
            "answers": answers,
        }
