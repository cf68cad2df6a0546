#!/usr/bin/env python3
"""Generate question pages that vary only in what page-model.md allows, with the facts each must give.

Usage: gen_pages.py OUT_DIR [--count N] [--seed S] [--sites ask39,120ask,xywy] [--ask39-boxes-only]

Writes OUT_DIR/pages/NNNN.html (raw bytes: UTF-8, or GB18030 bytes with a
gbk/gb2312/gb18030 meta charset) and OUT_DIR/facts.jsonl, one line per page:

  {"page": "pages/0001.html", "url": ..., "site": ..., "variant": {...},
   "facts": [{"kind": ..., "path": [...], "expected": ..., "tags": {...}}]}

`path` walks the record (keys and list indexes); an `expected` object is
compared on its own keys only; kind `*.count` compares the length of a list.
`tags` name the page-model choices the fact depends on, so a scorer can say
which variation fails. Same seed, same pages, byte for byte.

What varies (shared/spec/page-model.md): numbering styles and digit width,
heading-alone or `name：detail` layout, answers in <br>, <p> or <ol>,
treatment phrasings (and phrasings that give none), side-box item markup
(li, dt+dd, div, no own element), doctor name/title/hospital markup,
images and empty elements, box order and headings, encodings. Side boxes
go on all three sites (issue 6: every site's selector file reads them);
--ask39-boxes-only keeps them to ask.39.net, the one site page-model.md
describes them for.
"""
import argparse
import json
import os
import random

SITES = ("ask39", "120ask", "xywy")

DEPTS = [
    ("内科", ["神经内科", "心血管内科", "消化内科", "呼吸内科", "内分泌科"]),
    ("外科", ["骨科", "普外科", "泌尿外科", "神经外科"]),
    ("妇产科", ["妇科", "产科"]),
    ("儿科", ["小儿内科", "新生儿科"]),
    ("皮肤性病", ["皮肤科", "性病科"]),
    ("五官科", ["耳鼻喉科", "眼科", "口腔科"]),
    ("中医科", ["中医内科", "针灸科"]),
]
DISEASES = [
    "面部肌肉萎缩", "面肌痉挛", "偏头痛", "失眠", "高血压", "冠心病", "胃炎", "胃溃疡", "肠易激综合征",
    "支气管炎", "哮喘", "糖尿病", "甲状腺结节", "肾结石", "腰椎间盘突出", "颈椎病", "膝关节炎",
    "痔疮", "前列腺炎", "乳腺增生", "月经不调", "湿疹", "荨麻疹", "痤疮", "鼻炎", "咽炎", "中耳炎",
    "结膜炎", "牙周炎", "焦虑症", "带状疱疹", "脂肪肝", "胆囊炎", "贫血", "痛风",
]
SYMPTOMS = ["反复发作", "疼痛加重", "夜间明显", "伴有头晕", "时好时坏", "久治不愈", "晨起加重"]
QUESTION_FORMS = [
    "引起{d}的原因", "{d}怎么治疗效果好", "{d}{s}怎么办", "{d}需要做哪些检查", "{d}吃什么药好得快",
    "{d}能根治吗", "{d}{s}是什么原因", "{d}严重吗",
]
# Cause names and details: no digits, no 如, no colon, so only the generated
# markers and phrasings can look like items or treatments.
CAUSES = [
    ("神经受压", "周围组织肿胀、肿瘤压迫等原因导致神经传导受到限制，从而影响神经所支配区域的感觉和运动功能。"),
    ("面神经炎", "病毒感染或其他原因导致神经发炎，炎症刺激可引起肌肉痉挛和局部不适。"),
    ("外伤", "外伤可能导致局部出血或血肿形成，这些病变可能直接或间接通过水肿压迫周围组织。"),
    ("感染", "细菌或病毒感染可能导致局部组织肿胀和炎症，进而造成压迫和损伤。"),
    ("代谢紊乱", "代谢异常可能导致神经传导异常，进而引发相应症状。"),
    ("精神压力", "长期精神紧张、焦虑会导致自主神经功能紊乱，使症状反复出现。"),
    ("饮食不当", "长期进食辛辣刺激、油腻食物会刺激消化道黏膜，诱发或加重炎症反应。"),
    ("作息不规律", "经常熬夜、睡眠不足会降低机体免疫力，使病情迁延不愈。"),
    ("遗传因素", "部分患者有家族史，携带相关易感基因的人群发病风险较普通人群更高。"),
    ("内分泌失调", "激素水平波动可影响多个器官的正常功能，导致相关症状出现。"),
    ("过敏反应", "接触花粉、尘螨、某些食物后，机体发生变态反应，引起局部或全身症状。"),
    ("慢性劳损", "长期保持同一姿势或反复进行某一动作，会导致局部组织慢性损伤和退行性改变。"),
    ("血液循环障碍", "局部供血不足会使组织缺血缺氧，代谢产物堆积，从而引发疼痛等不适。"),
    ("免疫功能低下", "免疫力下降时，机体抵御病原体的能力减弱，容易反复感染。"),
]
# Drugs that read as drugs by their dosage form (output.md's list).
FORM_DRUGS = [
    "布洛芬缓释胶囊", "阿莫西林胶囊", "头孢克肟分散片", "氯化钠注射液", "葡萄糖注射液", "奥美拉唑肠溶胶囊",
    "铝碳酸镁咀嚼片", "硝苯地平控释片", "二甲双胍缓释片", "氯雷他定片", "阿奇霉素片", "谷维素片", "地奈德乳膏",
    "左氧氟沙星滴眼液", "艾司唑仑片", "舍曲林片", "复方甘草口服溶液", "板蓝根颗粒", "红霉素软膏",
    "川贝枇杷糖浆", "沙丁胺醇吸入剂", "甲钴胺片", "维生素B1片", "蒙脱石散",
]
# Bare names: a treatment only through the verb before them.
BARE_DRUGS = ["布洛芬", "甲钴胺", "对乙酰氨基酚", "奥美拉唑", "氯雷他定", "维生素B12"]
DRUG_CLASSES = ["非甾体抗炎药", "营养神经类药物", "抑酸药", "抗过敏药", "解热镇痛药"]
PROCEDURES = ["开颅减压术", "微血管减压术", "射频消融术", "腹腔镜胆囊切除术", "椎间孔镜手术", "鼻内镜手术"]
COMPLICATIONS = ["肺炎", "败血症", "心肌炎", "继发感染", "中耳炎", "脑膜炎"]
FILLER = [
    "平时注意休息，避免过度劳累。", "饮食宜清淡，多吃新鲜蔬菜水果。", "规律作息，保证充足睡眠。",
    "用药期间应注意观察有无不良反应。", "戒烟限酒，保持心情舒畅。",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国文辉彩东孝各万龙培镇雨婷"
TITLES = ["主任医师", "副主任医师", "主治医师", "住院医师", "医师"]
HOSPITALS = [
    "北京协和医院", "四川大学华西医院", "复旦大学附属中山医院", "中山大学附属第一医院", "济南远大中医脑康医院",
    "广州附医华南医院", "贵阳中医脑康医院", "浙江大学医学院附属第一医院", "武汉同济医院", "西京医院",
    "首都医科大学附属北京朝阳医院", "上海市第六人民医院", "南方医科大学南方医院", "郑州大学第一附属医院",
]
EXAMS = ["血常规", "肌电图", "头颅CT", "心电图", "胸部X线", "甲状腺功能", "腹部B超", "脑电图", "尿常规", "肝功能"]
KESHI = ["神经内科", "消化内科", "呼吸内科", "心血管内科", "皮肤科", "儿科", "妇科", "精神科", "骨科", "耳鼻喉科"]
INDICATIONS = [
    "用于缓解轻至中度疼痛。", "用于敏感菌所致的呼吸道感染。", "用于胃酸过多、反流性食管炎。",
    "清热解毒，消肿止痛。", "用于过敏性鼻炎、荨麻疹。", "用于治疗失眠、焦虑。",
]

FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
CN_NUMS = "一二三四五六七八九十"
# marker style -> how item n starts its line
MARKERS = {
    "dot": "{n}.", "dun": "{n}、", "fwdot": "{n}．", "paren_r": "{n})", "fwparen_r": "{n}）",
    "fwparen": "（{n}）", "paren": "({n})",
}


def marker(style, fw, n):
    if style == "circled":
        return chr(0x2460 + n - 1)
    if style == "cn":
        return CN_NUMS[n - 1] + "、"
    digits = str(n).translate(FW_DIGITS) if fw else str(n)
    return MARKERS[style].format(n=digits)


def person(rng):
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")
    return rng.randint(1000000, 9999999), name


def treatment(rng):
    """(sentence, treatments, phrasing) for one cause; sentence may be empty."""
    kind = rng.choice(["ru_bare", "ru_one", "ru_goes_on", "ru_list", "liru", "liru_list", "shiyong", "zhongde", "proc", "none",
                       "trap_complication", "trap_finding", "trap_ruguo"])
    a, b = rng.sample(FORM_DRUGS, 2)
    if kind == "ru_bare":
        x = rng.choice(BARE_DRUGS)
        return f"可以考虑使用{rng.choice(DRUG_CLASSES)}如{x}来缓解症状。", [x], kind
    if kind == "ru_one":
        return f"可在医生指导下用药，如{a}。", [a], kind
    if kind == "ru_goes_on":
        return f"症状明显时可遵医嘱用药，如{a}来缓解不适。", [a], kind
    if kind == "liru_list":
        return f"可在医生指导下服用药物，例如{a}、{b}等。", [a, b], kind
    if kind == "ru_list":
        return f"可遵医嘱服用药物，如{a}、{b}等。", [a, b], kind
    if kind == "liru":
        return f"也可口服营养神经的药物，例如{a}。", [a], kind
    if kind == "shiyong":
        return f"患者可在医生指导下使用{a}、{b}等药物进行治疗。", [a, b], kind
    if kind == "zhongde":
        return f"可在医生指导下使用营养神经类药物，如维生素B族中的维生素B1、{a}等。", ["维生素B1", a], kind
    if kind == "proc":
        p = rng.choice(PROCEDURES)
        return f"保守治疗无效时可考虑手术治疗，例如{p}。", [p], kind
    if kind == "none":
        return "", [], kind
    if kind == "trap_complication":
        return f"治疗不及时可能引起并发症，如{rng.choice(COMPLICATIONS)}。", [], kind
    if kind == "trap_finding":
        return "部分患者伴有代谢紊乱如电解质失衡，需要复查。", [], kind
    return "如果症状持续不缓解，应及时就医。", [], kind


def answer_content(rng, disease):
    """Lines of one answer, its causes (facts) and the choices made."""
    n = rng.choice([0, 2, 3, 3, 4, 5, 6])
    causes = rng.sample(CAUSES, n)
    markup = rng.choice(["br", "p", "ol"])
    style = rng.choice(list(MARKERS) + ["circled", "cn"])
    fw = style in MARKERS and rng.random() < 0.35
    layout = "inline" if markup == "ol" else rng.choice(["heading", "inline"])
    names = "、".join(c[0] for c in causes) or "多种因素"
    summary = f"{disease}可能是由于{names}等原因导致的，需要根据具体病因进行针对性治疗。"
    items, facts = [], []
    for i, (name, detail) in enumerate(causes, 1):
        sentence, treats, phrasing = treatment(rng)
        text = detail + sentence + (rng.choice(FILLER) if rng.random() < 0.3 else "")
        items.append((marker(style, fw, i), name, text))
        facts.append({"index": i, "name": name, "treatments": treats, "phrasing": phrasing})
    advice = [f"建议定期复查以监测病情变化，{rng.choice(FILLER)}"]
    if rng.random() < 0.3:
        advice.append(rng.choice(FILLER))
    variant = {"markup": markup, "numbering": style + ("_fw" if fw else ""), "layout": layout}
    if not causes:
        variant = {"markup": markup, "numbering": "none", "layout": "none"}
    return summary, items, advice, facts, variant


def lines_html(rng, summary, items, advice, markup, layout, outer):
    """Answer HTML. outer: 'p' for ask39's p.sele_txt (an HTML5 parser closes it at <p>/<ol>)."""
    if markup == "ol":
        lis = "".join(f"<li>{name}：{text}</li>" for _, name, text in items)
        head = f"<p>{summary}</p>" if rng.random() < 0.5 else summary
        tail = "".join(f"<p>{a}</p>" for a in advice)
        body = head + (f"<ol>{lis}</ol>" if items else "") + tail
        return f"<p>{body}</p>" if outer == "p120" else body
    lines = [summary]
    for m, name, text in items:
        if layout == "heading":
            lines += [f"{m}{name}", text]
        else:
            lines.append(f"{m}{name}：{text}")
    lines += advice
    if markup == "br":
        body = "<br>".join(lines)
        return f"<p>{body}</p>" if outer == "p120" else body
    return "".join(f"<p>{l}</p>" for l in lines)


# ---------------------------------------------------------------- side boxes

def heading(rng, text, more=""):
    form = rng.randrange(4)
    if form == 0:
        return f'<p class="box_tit"><span>{text}</span>{more}</p>'
    if form == 1:
        return f"<h3>{text}{more}</h3>"
    if form == 2:
        return f'<div class="hd"><span class="tit">{text}</span>{more}</div>'
    return f'<h2 class="mod_hd">{text}</h2>{more}'


def noise(rng, p=0.35):
    if rng.random() >= p:
        return ""
    return rng.choice(['<span class="line"></span>', '<i class="ico"></i>', "<em></em>",
                       '<img src="//static.39.net/ask/images/2019/dot.png" alt="">', "\n   "])


def box_class(rng, names):
    return rng.choice(names) + rng.choice(["", " mt10", " box"])


def encyclopedia_box(rng):
    name = rng.choice(DISEASES)
    diseases = rng.sample([d for d in DISEASES if d != name], rng.randint(1, 5))
    exams = rng.sample(EXAMS, rng.randint(1, 3))
    depts = rng.sample(KESHI, rng.randint(1, 2))
    item = rng.choice(["li", "dt_dd", "div", "none"])
    label = rng.choice(["span", "b", "strong", "em", "text"])
    colon = rng.choice([":", "："])
    sep = rng.choice(["&nbsp;&nbsp;", " ", "\n"])

    def links(values, host):
        return sep.join(f'<a href="https://{host}/{rng.randint(100, 999)}/" target="_blank">{v}</a>' for v in values)

    fields = [("症状起因", f"{rng.choice(CAUSES)[1]}{rng.choice(FILLER)}"),
              ("可能疾病", links(diseases, "jbk.39.net") + ("&nbsp;&nbsp;" if sep == "&nbsp;&nbsp;" else "")),
              ("常见检查", links(exams, "jbk.39.net/jiancha")),
              ("就诊科室", links(depts, "ask.39.net/browse"))]

    def lab(t):
        return f"{t}{colon}" if label == "text" else f"<{label}>{t}{colon}</{label}>"

    if item == "li":
        rows = "<ul>" + "".join(f"<li>{lab(t)}{v}</li>" for t, v in fields) + "</ul>"
    elif item == "dt_dd":
        rows = "<dl>" + "".join(f"<dt>{lab(t)}</dt><dd>{v}</dd>" for t, v in fields) + "</dl>"
    elif item == "div":
        rows = "".join(f'<div class="row">{noise(rng)}{lab(t)}{v}</div>' for t, v in fields)
    else:
        rows = '<p class="fields">' + "<br>".join(f"{lab(t)}{v}" for t, v in fields) + "</p>"
    name_html = rng.choice([f'<p class="dis_name"><a href="https://jbk.39.net/x{rng.randint(100, 999)}/">{name}</a></p>',
                            f'<h4><a href="https://jbk.39.net/x{rng.randint(100, 999)}/">{name}</a></h4>',
                            f'<div class="n"><strong><a href="https://jbk.39.net/x{rng.randint(100, 999)}/">{name}</a></strong></div>'])
    desc = f"{name}是一种常见病与多发病。{''.join(rng.sample(FILLER, 3))}"
    desc_html = rng.choice([f'<p class="dis_desc">{desc}</p>', f'<div class="intro">{desc}</div>'])
    html = (f'<div class="{box_class(rng, ["disease_box", "mod_jbbk", "jb_box", "bk"])}">{heading(rng, "疾病百科")}'
            f"{name_html}{desc_html}{rows}</div>")
    tags = {"enc_item": item, "enc_label": label, "enc_sep": {"&nbsp;&nbsp;": "nbsp", " ": "space", "\n": "newline"}[sep]}
    facts = [("encyclopedia.name", ["encyclopedia", "name"], name),
             ("encyclopedia.possible_diseases", ["encyclopedia", "possible_diseases"], diseases),
             ("encyclopedia.common_exams", ["encyclopedia", "common_exams"], exams),
             ("encyclopedia.departments", ["encyclopedia", "departments"], depts)]
    return html, [fact(k, p, e, tags) for k, p, e in facts], tags


def drugs_box(rng):
    drugs = rng.sample(FORM_DRUGS, rng.randint(1, 5))
    item = rng.choice(["li", "dt_dd", "div", "none"])
    parts = []
    recs = []
    for d in drugs:
        url = f"https://ypk.39.net/{rng.randint(500000, 699999)}/"
        recs.append({"name": d, "url": url})
        a = f'<a class="yp_name" href="{url}" target="_blank">{d}</a>'
        ind = rng.choice(INDICATIONS)
        pre = noise(rng)
        if item == "li":
            parts.append(f"<li>{pre}{a}<p>{ind}</p></li>")
        elif item == "dt_dd":
            parts.append(f"<dt>{pre}{a}</dt><dd>{ind}</dd>")
        elif item == "div":
            parts.append(f'<div class="item">{pre}<p>{a}</p><span class="desc">{ind}</span></div>')
        else:
            parts.append(f"{pre}{a}<p>{ind}</p>")
    wrap = {"li": "<ul>{}</ul>", "dt_dd": "<dl>{}</dl>", "div": "{}", "none": '<div class="list">{}</div>'}[item]
    html = (f'<div class="{box_class(rng, ["yp_box", "drug-list", "mod_yp", "ypbox"])}">{heading(rng, "适用药品")}'
            f"{wrap.format(''.join(parts))}</div>")
    tags = {"drug_item": item}
    facts = [fact("drugs.count", ["drugs"], len(recs), tags)]
    facts += [fact("drug.name_url", ["drugs", i], r, tags) for i, r in enumerate(recs)]
    return html, facts, tags


def doctors_box(rng):
    n = rng.randint(2, 6)
    item = rng.choice(["li", "dt_dd", "div", "none"])
    name_m = rng.choice(["a", "b", "strong", "span", "text", "shared"])
    title_m = rng.choice(["i", "em", "span", "text"]) if name_m != "shared" else "shared"
    hosp_m = "dd" if item == "dt_dd" else rng.choice(["same", "own"])
    noisy = rng.random() < 0.5
    parts, recs = [], []
    for _ in range(n):
        pid, name = person(rng)
        title, hosp = rng.choice(TITLES), rng.choice(HOSPITALS)
        recs.append({"name": name, "title": title, "hospital": hosp})
        nz = (lambda: noise(rng, 0.5)) if noisy else (lambda: "")
        img = f'<a class="tj_img" href="https://my.39.net/{pid}"><img src="//pimg.39.net/doctor/{pid}.jpg" alt=""></a>' if noisy or rng.random() < 0.5 else ""
        if name_m == "shared":
            nt = rng.choice([f"{name} {title}", f"<span>{name} {title}</span>", f'<a href="https://my.39.net/{pid}">{name} {title}</a>'])
        else:
            nh = name if name_m == "text" else (f'<a class="tj_name" href="https://my.39.net/{pid}">{name}</a>' if name_m == "a" else f"<{name_m}>{name}</{name_m}>")
            th = f" {title}" if title_m == "text" else f"<{title_m}>{title}</{title_m}>"
            nt = f"{nh} {nz()}{th}"
        ask = f'<a class="tj_tw" href="https://ask.39.net/ask/?did={pid}" rel="nofollow">提问</a>'
        if item == "dt_dd":
            parts.append(f"<dt>{img}{nt}</dt><dd>{nz()}{ask}<span>{hosp}</span></dd>")
            continue
        if item == "none":
            # No element of its own: a run of siblings. The hospital keeps an
            # element so the next doctor's bare name does not merge into it.
            h = f"<span>{hosp}</span>" if hosp_m == "same" else f'<p class="hos">{hosp}</p>'
            lead = img or ("<br>" if name_m in ("text", "shared") else "")
            parts.append(f"{lead}{nt} {nz()}{ask} {h}")
            continue
        if hosp_m == "same":
            inner = f'<p>{nt} {nz()}{ask} {rng.choice([hosp, f"<span>{hosp}</span>"])}</p>'
        else:
            inner = f'<p>{nt}</p>{nz()}{ask}<p class="tj_hos">{hosp}</p>'
        if item == "li":
            parts.append(f'<li class="clearfix">{img}<div class="tj_txt">{inner}</div></li>')
        else:
            parts.append(f'<div class="doc_item">{img}{inner}</div>')
    wrap = {"li": "<ul>{}</ul>", "dt_dd": "<dl>{}</dl>", "div": "{}", "none": '<div class="list">{}</div>'}[item]
    more = '<a class="more" href="https://ask.39.net/doctor/" target="_blank">更多</a>'
    html = (f'<div class="{box_class(rng, ["tj_doc", "recommend_doctor", "mod_doc", "docbox"])}">'
            f"{heading(rng, '推荐医生', more)}{wrap.format(''.join(parts))}</div>")
    tags = {"doc_item": item, "doc_name": name_m, "doc_title": title_m, "doc_hospital": hosp_m,
            "doc_noise": "yes" if noisy else "no"}
    facts = [fact("recommended_doctors.count", ["recommended_doctors"], n, tags)]
    for i, r in enumerate(recs):
        for k in ("name", "title", "hospital"):
            facts.append(fact(f"recommended_doctor.{k}", ["recommended_doctors", i, k], r[k], tags))
    return html, facts, tags


def side_boxes(rng):
    boxes, facts, variant = [], [], {}
    for make, key, absent in ((encyclopedia_box, "encyclopedia", None), (drugs_box, "drugs", []),
                              (doctors_box, "recommended_doctors", [])):
        if rng.random() < 0.9:
            h, f, t = make(rng)
            boxes.append(h)
            facts += f
            variant.update(t)
        else:
            facts.append(fact("box.absent", [key], absent, {"box": key}))
    rng.shuffle(boxes)
    return "\n".join(boxes), facts, variant


def fact(kind, path, expected, tags):
    return {"kind": kind, "path": path, "expected": expected, "tags": dict(tags)}


def answer_facts(a, doc, content):
    summary, items, advice, causes, variant = content
    tags = dict(variant)
    out = [fact("answer.doctor.name", ["answers", a, "doctor", "name"], doc["name"], {}),
           fact("answer.doctor.title", ["answers", a, "doctor", "title"], doc["title"], {}),
           fact("answer.causes.count", ["answers", a, "causes"], len(causes), tags)]
    for i, c in enumerate(causes):
        out.append(fact("cause.index_name", ["answers", a, "causes", i], {"index": c["index"], "name": c["name"]}, tags))
        out.append(fact("cause.treatments", ["answers", a, "causes", i, "treatments"], c["treatments"],
                        dict(tags, phrasing=c["phrasing"])))
    return out


def breadcrumb_names(rng, disease):
    dept, subs = rng.choice(DEPTS)
    names = [dept, rng.choice(subs), disease]
    if rng.random() < 0.4:
        names.append(disease)  # repeats collapse in category_path
    path = [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]]
    return names, path


def encoding(rng, site):
    if site == "xywy":
        return rng.choice(["gbk", "gbk", "gb2312", "gb18030"])
    return rng.choice(["utf-8", "utf-8", "utf-8", "gbk", "gb2312", "gb18030"])


def meta_charset(rng, enc):
    if rng.random() < 0.5:
        return f'<meta charset="{enc}">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={enc}">'


# ---------------------------------------------------------------- sites

def page_ask39(rng, qid, boxes):
    disease = rng.choice(DISEASES)
    title = rng.choice(QUESTION_FORMS).format(d=disease, s=rng.choice(SYMPTOMS))
    url = f"https://ask.39.net/question/{qid}.html"
    names, path = breadcrumb_names(rng, disease)
    crumbs = ['<span><a href="https://www.39.net/" target="_blank">首页</a></span>']
    crumbs += [f'<span><a href="https://ask.39.net/browse/{rng.randint(300, 39999)}-1.html">{n}</a></span>' for n in names]
    crumbs.append(f'<span class="sub_here">{title}</span>')
    facts = [fact("page.category_path", ["page", "category_path"], path, {}),
             fact("question.title", ["question", "title"], title, {})]
    question = ""
    if rng.random() < 0.8:
        tit = rng.choice([f'<p class="ask_tit">{title}</p>', f'<h1 class="ask_tit">{title}</h1>'])
        question = (f'<div class="ask_cont">{tit}<p class="mation"><span>{rng.choice("男女")}</span><span>{rng.randint(1, 80)}岁</span>'
                    f'<span>发病时间：一周内</span></p><div class="ask_hid"><p class="txt_ms">{disease}{rng.choice(SYMPTOMS)}，请问{title}？</p></div>'
                    f'<p class="txt_nametime"><span>wb_{rng.randint(10 ** 6, 10 ** 7)}</span><span>2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 09:{rng.randint(10, 59)}</span></p></div>')
    n_ans = rng.choice([1, 1, 2, 3])
    answers, variants = [], []
    for a in range(n_ans):
        pid, name = person(rng)
        doc = {"name": name, "title": rng.choice(TITLES)}
        content = answer_content(rng, disease)
        summary, items, advice, _, v = content
        variants.append(v)
        facts += answer_facts(a, doc, content)
        body = lines_html(rng, summary, items, advice, v["markup"], v["layout"], "p")
        second = rng.choice(["三甲", "二甲", rng.choice(HOSPITALS)])
        answers.append(f"""<div class="sele_all{' marg_top' if a == 0 else ''}">
<div class="doctor_all" mid="{pid}"><div class="doc_img"><a href="https://my.39.net/{pid}"><img src="//pimg.39.net/doctor/{pid}.jpg" alt="{name}"></a></div>
<div class="doc_txt"><p class="doc_xinx"><span class="doc_name">{name}</span> <span class="doc_yshi">{doc['title']}</span> <span class="doc_yshi">{second}</span></p>
<p class="doc_sc"><span>擅长{rng.choice([':', '：'])}{rng.choice(DISEASES)}</span></p></div></div>
<p class="sele_txt">{body}</p>
<div class="doc_t_strip"><div class="zwAll"><p class="doc_time">2024-0{rng.randint(1, 9)}-2{rng.randint(0, 8)} 1{rng.randint(0, 9)}:{rng.randint(10, 59)}</p><a class="doc_jb" href="javascript:;">举报</a></div></div>
</div>""")
    label = rng.choice(["医生回答", "精选回答"])
    box_html, box_facts, box_variant = side_boxes(rng) if boxes else ("", [], {})
    # A site-map link whose text is a box heading (as in fixtures/ask39/side-boxes-other-markup): not a box.
    footer_trap = rng.random() < 0.5
    footer_links = '<a href="https://jbk.39.net/">疾病百科</a> | <a href="https://ypk.39.net/">适用药品</a> | ' if footer_trap else ""
    for f in box_facts:
        f["tags"]["footer_trap"] = "yes" if footer_trap else "no"
    facts += box_facts
    body = f"""<body>
<div class="top_bar"><a href="https://www.39.net/">39健康网</a> | <a href="https://jbk.39.net/">查疾病</a> | <a href="https://ypk.39.net/">查药品</a></div>
<div class="w1200 clearfix main_wrap">
<div class="lbox fl">
<div class="sub">{'&gt; '.join(crumbs)}</div>
{question}
<div class="selected"><p class="sele_img">{label}({n_ans})</p>
{''.join(answers)}
</div>
<div class="ask_btn"><a href="https://ask.39.net/ask/" class="btn_ask">向医生提问</a></div>
</div>
<div class="rbox fr">
{box_html}
<div class="ad_r"><script>try{{AD39.show("ask_question_r_300x250");}}catch(e){{}}</script></div>
</div>
</div>
<div class="footer"><p><a href="https://www.39.net/about/">关于我们</a> | {footer_links}<a href="https://www.39.net/about/sitemap.html">网站地图</a></p>
<p>Copyright &copy; 2000-2024 39.net All Rights Reserved</p></div>
</body>
</html>
"""
    head = f"""<title>{title}_39健康问答_39健康网</title>
<link rel="canonical" href="{url}">"""
    return url, head, body, facts, {"answers": variants, **box_variant}


def page_120ask(rng, qid, boxes):
    disease = rng.choice(DISEASES)
    title = rng.choice(QUESTION_FORMS).format(d=disease, s=rng.choice(SYMPTOMS))
    url = f"https://www.120ask.com/question/{qid}.htm"
    names, path = breadcrumb_names(rng, disease)
    crumbs = ['<a href="/" target="_blank">快速问医生</a>'] + [f'<a href="/list/c{rng.randint(100, 999)}/">{n}</a>' for n in names]
    facts = [fact("page.category_path", ["page", "category_path"], path, {}),
             fact("question.title", ["question", "title"], title, {})]
    n_ans = rng.choice([1, 1, 2, 3])
    answers, variants = [], []
    for a in range(n_ans):
        pid, name = person(rng)
        doc = {"name": name, "title": rng.choice(TITLES)}
        content = answer_content(rng, disease)
        summary, items, advice, _, v = content
        variants.append(v)
        facts += answer_facts(a, doc, content)
        body = lines_html(rng, summary, items, advice, v["markup"], v["layout"], "p120")
        answers.append(f"""<div class="b_answerli">
<div class="b_answertl clears"><a class="b_answertl_img" href="https://www.120ask.com/doctor/{pid}/"><img src="https://img.120askimages.com/doctor/{pid}.jpg" alt="{name}"></a>
<div class="b_answertl_rt"><span class="b_sp1"><a href="https://www.120ask.com/doctor/{pid}/" target="_blank">{name}</a>{doc['title']}</span>
<span class="b_sp2">擅长:{rng.choice(DISEASES)}</span></div></div>
<div class="b_anscont"><div class="b_anscont_cont"><div class="crazy_new">{body}</div></div>
<div class="b_anscont_bot clears"><span class="b_anscont_time">2024-05-2{rng.randint(0, 8)} 21:{rng.randint(10, 59)}</span></div></div>
</div>""")
    box_html, box_facts, box_variant = side_boxes(rng) if boxes else ("", [], {})
    facts += box_facts
    body = f"""<body>
<div class="h_top"><p class="h_top_l">您好，欢迎来到快速问医生！</p></div>
<div class="b_main w1000 clears">
<div class="b_left">
<div class="b_route w1000">{' &gt; '.join(crumbs)}</div>
<div class="b_askti clears"><h1 id="d_askH1">{title}</h1></div>
<div class="b_askab clears"><div class="b_askab1"><span>{rng.choice('男女')} | {rng.randint(1, 80)}岁</span></div><div class="b_askab2"><span class="b_askt">2024-05-20 21:03</span></div></div>
<div class="b_askcont" id="d_msCon"><p class="crazy_new"><span>健康咨询描述：</span>{disease}{rng.choice(SYMPTOMS)}，请问{title}？</p></div>
<div class="b_answer"><h3 class="b_answer_tit">医生回答（{n_ans}）</h3>
{''.join(answers)}
</div>
</div>
<div class="b_right">{box_html}</div>
</div>
<div class="f_foot"><p><a href="https://www.120ask.com/about/">关于我们</a> | <a href="https://www.120ask.com/sitemap/">网站地图</a></p></div>
</body>
</html>
"""
    head = f"""<title>{title}_有问必答_快速问医生</title>
<link rel="canonical" href="{url}">"""
    return url, head, body, facts, {"answers": variants, **box_variant}


def page_xywy(rng, qid, boxes):
    disease = rng.choice(DISEASES)
    title = rng.choice(QUESTION_FORMS).format(d=disease, s=rng.choice(SYMPTOMS))
    day = f"2023{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    url = f"https://club.xywy.com/static/{day}/{qid}.htm"
    names, path = breadcrumb_names(rng, disease)
    crumbs = ['<a href="//www.xywy.com/" target="_blank">寻医问药网</a>', '<a href="//club.xywy.com/" target="_blank">有问必答</a>']
    crumbs += [f'<a href="//club.xywy.com/list_{rng.randint(100, 9999)}_all_1.htm">{n}</a>' for n in names]
    facts = [fact("page.category_path", ["page", "category_path"], path, {}),
             fact("question.title", ["question", "title"], title, {})]
    n_ans = rng.choice([1, 1, 2, 3])
    answers, variants = [], []
    for a in range(n_ans):
        pid, name = person(rng)
        doc = {"name": name, "title": rng.choice(TITLES)}
        content = answer_content(rng, disease)
        summary, items, advice, _, v = content
        variants.append(v)
        facts += answer_facts(a, doc, content)
        body = lines_html(rng, summary, items, advice, v["markup"], v["layout"], "div")
        best = " Bestbg" if a == 0 and rng.random() < 0.5 else ""
        answers.append(f"""<div class="docall clearfix{best}">
<div class="fl Doc_lf w100 tc"><a href="//club.xywy.com/doc_card/{pid}" target="_blank"><img src="//xs3.xywy.com/doc/{pid}.jpg" alt="" /></a></div>
<div class="fl Doc_rg">
<div class="clearfix"><a class="f14 fb Doc_bla" href="//club.xywy.com/doc_card/{pid}" target="_blank">{name}</a><span class="gray ml10">{doc['title']}</span><span class="gray ml10">{rng.choice(HOSPITALS)}</span></div>
<div class="pt5 gray Doc_sc">擅长：{rng.choice(DISEASES)}</div>
<div class="pt15 f14 graydeep  pl20 pr20">{body}</div>
<div class="mt10 tr"><span class="User_newbg User_time Doc_time">2023-08-12 15:{rng.randint(10, 59)}:30</span></div>
</div></div>""")
    box_html, box_facts, box_variant = side_boxes(rng) if boxes else ("", [], {})
    facts += box_facts
    body = f"""<body>
<div class="club_top"><span class="fl"><a href="//www.xywy.com/">寻医问药网首页</a></span></div>
<div class="w1000 clearfix club_main">
<div class="fl w700">
<p class="pt10 pb10 lh180 znblue normal-a">{' &gt; '.join(crumbs)}</p>
<div class="User_askcon clearfix">
<div class="clearfix"><p class="fl dib fb">{title}</p><span class="fr gray">患者：{rng.choice('男女')} {rng.randint(1, 80)}岁 | 2023-08-12 14:02</span></div>
<div class="graydeep User_quecol pt10 mt10" id="qdetailc">{disease}{rng.choice(SYMPTOMS)}，请问{title}？</div>
</div>
<div class="docall_tit"><h3>医生回答</h3></div>
{''.join(answers)}
</div>
<div class="fr w280">{box_html}</div>
</div>
<div class="w1000 club_foot"><p><a href="//www.xywy.com/about/">关于我们</a> | <a href="//www.xywy.com/sitemap/">网站地图</a></p></div>
</body>
</html>
"""
    head = f"""<title>{title}_寻医问药网</title>
<link rel="canonical" href="{url}" />"""
    return url, head, body, facts, {"answers": variants, **box_variant}


BUILDERS = {"ask39": page_ask39, "120ask": page_120ask, "xywy": page_xywy}
QID_BASE = {"ask39": 70000000, "120ask": 60000000, "xywy": 50000000}


def make_page(seed, i, sites, boxes_everywhere):
    rng = random.Random(f"qascrape-gen:{seed}:{i}")
    weights = {"ask39": 6, "120ask": 2, "xywy": 2}
    site = rng.choices(sites, [weights[s] for s in sites])[0]
    url, head, body, facts, variant = BUILDERS[site](rng, QID_BASE[site] + seed * 100000 + i,
                                                     site == "ask39" or boxes_everywhere)
    enc = encoding(rng, site)
    doc = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n{meta_charset(rng, enc)}\n{head}\n</head>\n{body}')
    facts.insert(0, fact("status", ["status"], "ok", {}))
    for f in facts:
        f["tags"] = dict(f["tags"], site=site, encoding=enc)
    data = doc.encode("utf-8" if enc == "utf-8" else "gb18030")
    return site, url, data, facts, dict(variant, encoding=enc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sites", default=",".join(SITES), help="comma-separated site ids (default: all three)")
    ap.add_argument("--ask39-boxes-only", action="store_true",
                    help="side boxes on ask39 pages only (page-model.md describes them for ask39)")
    a = ap.parse_args()
    sites = [s for s in a.sites.split(",") if s]
    bad = [s for s in sites if s not in BUILDERS]
    if bad or not sites:
        ap.error(f"unknown site(s): {', '.join(bad) or '(none)'}")
    os.makedirs(os.path.join(a.out, "pages"), exist_ok=True)
    with open(os.path.join(a.out, "facts.jsonl"), "w", encoding="utf-8") as out:
        for i in range(a.count):
            site, url, data, facts, variant = make_page(a.seed, i, sites, not a.ask39_boxes_only)
            rel = f"pages/{i:04d}.html"
            with open(os.path.join(a.out, rel), "wb") as f:
                f.write(data)
            out.write(json.dumps({"page": rel, "url": url, "site": site, "variant": variant, "facts": facts},
                                 ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
