#!/usr/bin/python3
"""parsel peer for bench/parse.sh: bench/scrapy_spider.py's CSS selectors and
text helpers, run with parsel (what Scrapy uses) on saved files, without
Scrapy's engine. One process, one thread.

    /usr/bin/python3 bench/parsel_extract.py LIST OUT.jsonl
"""
import os
import re
import sys
from urllib.parse import urljoin

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lxml_extract import clean, record, run, specialties, split_numbered  # noqa: E402

BR = re.compile(r"<br\s*/?>", re.I)


def make_parsel_extract():
    from parsel import Selector
    from w3lib.html import remove_tags, replace_entities

    def text_of(sel):
        if sel is None:
            return None
        return clean("".join(sel.css("::text").getall()))

    def lines_of(sel):
        if not sel:
            return []
        inner = BR.split(sel.get())
        return [l for l in (clean(replace_entities(remove_tags(x))) for x in inner) if l]

    def extract(data):
        response = Selector(text=data.decode("utf-8"))
        base = response.css("link[rel=canonical]::attr(href)").get()
        crumbs = []
        for node in response.css("div.sub a[href], div.sub span.sub_here"):
            href = node.attrib.get("href")
            crumbs.append({"name": text_of(node), "url": urljoin(base, href) if href else None})
        title = response.css("div.ask_cont .ask_tit")
        if not title:
            title = response.css("div.sub span.sub_here")
        answers = []
        for ans in response.css("div.selected div.sele_all"):
            yshi = ans.css("div.doctor_all span.doc_yshi")
            href = ans.css("div.doctor_all div.doc_img a[href]::attr(href)").get()
            lines = lines_of(ans.css("p.sele_txt")[:1])
            summary, causes, advice = split_numbered(lines)
            answers.append({
                "doctor": {
                    "name": text_of(ans.css("div.doctor_all span.doc_name")[:1] or None),
                    "title": text_of(yshi[0]) if len(yshi) > 0 else None,
                    "hospital": text_of(yshi[1]) if len(yshi) > 1 else None,
                    "specialties": specialties(text_of(ans.css("div.doctor_all p.doc_sc")[:1] or None)),
                    "profile_url": urljoin(base, href) if href else None,
                },
                "text": "\n".join(lines) or None,
                "summary": summary,
                "causes": causes,
                "advice": advice,
                "answered_at": text_of(ans.css("div.doc_t_strip p.doc_time")[:1] or None),
            })
        return record(base, response.css("title::text").get(), crumbs, text_of(title[:1] or None), answers)

    return extract


if __name__ == "__main__":
    try:
        extract = make_parsel_extract()
    except ImportError as e:
        sys.exit(f"parsel_extract: {e}: install Debian's python3-parsel (scripts/install-deps.sh)")
    run(extract, sys.argv)
