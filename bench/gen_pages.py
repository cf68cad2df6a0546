#!/usr/bin/env python3
"""Generate deterministic ask.39.net-style question pages for the benchmark.

Each page follows the structure of fixtures/ask39/seed/page.html (head with
canonical link, top bar, nav, breadcrumb `div.sub`, optional question block
`div.ask_cont`, answers in `div.selected div.sele_all`, side boxes 疾病百科 /
适用药品 / 推荐医生, footer, inline scripts) and is padded to about 50 KB with
the kind of noise a real page carries: a mega-menu, a related-questions list,
hot-search links, ad/tracking scripts with inline JSON, footer link farms.
Answer texts vary per page (1-4 answers, 2-6 numbered causes each).

Usage: gen_pages.py OUT_DIR [--count N] [--size BYTES] [--seed S]
Writes OUT_DIR/question/<qid>.html and OUT_DIR/pages.txt (one path per line,
e.g. /question/80000001.html).
"""
import argparse
import html
import os
import random

DEPTS = [
    ("内科", "313", ["神经内科", "心血管内科", "消化内科", "呼吸内科", "内分泌科", "肾内科"]),
    ("外科", "311", ["骨科", "普外科", "泌尿外科", "神经外科", "胸外科", "肛肠科"]),
    ("妇产科", "320", ["妇科", "产科", "计划生育"]),
    ("儿科", "3157", ["小儿内科", "小儿外科", "新生儿科"]),
    ("皮肤性病", "3163", ["皮肤科", "性病科"]),
    ("五官科", "3165", ["耳鼻喉科", "眼科", "口腔科"]),
    ("中医科", "3168", ["中医内科", "针灸科", "推拿科"]),
    ("心理健康", "3169", ["心理咨询", "精神科"]),
]
DISEASES = [
    "面部肌肉萎缩", "面肌痉挛", "偏头痛", "失眠", "高血压", "冠心病", "胃炎", "胃溃疡", "肠易激综合征",
    "支气管炎", "哮喘", "糖尿病", "甲状腺结节", "肾结石", "腰椎间盘突出", "颈椎病", "膝关节炎",
    "痔疮", "前列腺炎", "乳腺增生", "月经不调", "多囊卵巢综合征", "小儿咳嗽", "小儿发热", "湿疹",
    "荨麻疹", "痤疮", "银屑病", "鼻炎", "咽炎", "中耳炎", "结膜炎", "牙周炎", "焦虑症", "抑郁症",
    "带状疱疹", "脂肪肝", "胆囊炎", "贫血", "痛风",
]
SYMPTOMS = [
    "反复发作", "疼痛加重", "夜间明显", "伴有头晕", "伴有乏力", "时好时坏", "久治不愈", "突然出现",
    "持续一周", "晨起加重", "受凉后明显", "饭后不适",
]
QUESTION_FORMS = [
    "引起{d}的原因", "{d}怎么治疗效果好", "{d}{s}怎么办", "{d}需要做哪些检查", "{d}吃什么药好得快",
    "{d}能根治吗", "{d}{s}是什么原因", "{d}饮食上要注意什么", "{d}会遗传吗", "{d}严重吗",
]
CAUSES = [
    ("神经受压", "周围组织肿胀、肿瘤压迫等原因导致神经传导受到限制,从而影响神经所支配区域的感觉和运动功能"),
    ("面神经炎", "病毒感染或其他原因导致神经发炎,炎症刺激可引起肌肉痉挛和局部不适"),
    ("外伤", "外伤可能导致局部出血或血肿形成,这些病变可能直接或间接通过水肿压迫周围组织"),
    ("感染", "细菌或病毒感染可能导致局部组织肿胀和炎症,进而造成压迫和损伤"),
    ("代谢紊乱", "电解质失衡等代谢异常可能导致神经传导异常,进而引发相应症状"),
    ("精神压力", "长期精神紧张、焦虑会导致自主神经功能紊乱,使症状反复出现"),
    ("饮食不当", "长期进食辛辣刺激、油腻食物会刺激消化道黏膜,诱发或加重炎症反应"),
    ("作息不规律", "经常熬夜、睡眠不足会降低机体免疫力,使病情迁延不愈"),
    ("遗传因素", "部分患者有家族史,携带相关易感基因的人群发病风险较普通人群更高"),
    ("内分泌失调", "激素水平波动可影响多个器官的正常功能,导致相关症状出现"),
    ("过敏反应", "接触花粉、尘螨、某些食物或药物后,机体发生变态反应,引起局部或全身症状"),
    ("慢性劳损", "长期保持同一姿势或反复进行某一动作,会导致局部组织慢性损伤和退行性改变"),
    ("血液循环障碍", "局部供血不足会使组织缺血缺氧,代谢产物堆积,从而引发疼痛等不适"),
    ("免疫功能低下", "免疫力下降时,机体抵御病原体的能力减弱,容易反复感染"),
]
DRUGS = [
    "布洛芬", "维生素B1", "甲钴胺", "阿莫西林胶囊", "头孢克肟分散片", "氯化钠注射液", "葡萄糖注射液",
    "奥美拉唑肠溶胶囊", "铝碳酸镁咀嚼片", "硝苯地平控释片", "二甲双胍缓释片", "氯雷他定片",
    "布地奈德鼻喷雾剂", "阿奇霉素片", "蒙脱石散", "谷维素片", "地奈德乳膏", "左氧氟沙星滴眼液",
    "艾司唑仑片", "舍曲林片", "双氯芬酸钠缓释片", "复方甘草片", "阿昔洛韦片", "别嘌醇片",
]
THERAPY = [
    "可以考虑使用{drug}来缓解症状", "患者可在医生指导下使用{drug}等药物进行治疗",
    "必要时可遵医嘱服用{drug}", "可在医生指导下使用{drug}、{drug2}等药物",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国文辉力彩东孝各万龙培镇余雨婷"
TITLES = ["主任医师", "副主任医师", "主治医师", "医师"]
HOSPITALS = [
    "北京协和医院", "四川大学华西医院", "复旦大学附属中山医院", "中山大学附属第一医院", "济南远大中医脑康医院",
    "广州附医华南医院", "贵阳中医脑康医院", "浙江大学医学院附属第一医院", "武汉同济医院", "西京医院",
]
FILLER = [
    "保持良好的生活习惯对于疾病的恢复非常重要。", "平时注意休息,避免过度劳累。", "饮食宜清淡,多吃新鲜蔬菜水果。",
    "如症状持续不缓解或加重,应及时到医院就诊。", "规律作息,保证充足睡眠,适当进行体育锻炼。",
    "用药期间应注意观察有无不良反应。", "不建议自行长期服用药物,以免掩盖病情。",
    "定期复查有助于了解病情变化并及时调整治疗方案。", "戒烟限酒,保持心情舒畅。",
]


def doctor(rng):
    mid = rng.randint(1000000, 9999999)
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")
    return mid, name, rng.choice(TITLES), rng.choice(HOSPITALS)


def answer_text(rng, disease):
    causes = rng.sample(CAUSES, rng.randint(2, 6))
    names = "、".join(c[0] for c in causes)
    lines = [f"{disease}可能是由于{names}等原因导致的,需要根据具体病因进行针对性治疗。建议患者及时就医以确定诊断并接受适当治疗。"]
    for i, (name, detail) in enumerate(causes, 1):
        drug, drug2 = rng.sample(DRUGS, 2)
        therapy = rng.choice(THERAPY).format(drug=drug, drug2=drug2)
        extra = "".join(rng.sample(FILLER, rng.randint(1, 3)))
        lines.append(f"{i}.{name}")
        lines.append(f"{detail},可引起{disease}。对于{name}引起的{disease},{therapy}。{extra}")
    lines.append(f"建议定期复查以监测病情变化,{rng.choice(FILLER)}")
    return "<br>".join(html.escape(l, quote=False) for l in lines)


def answer_block(rng, disease, first):
    mid, name, title, hosp = doctor(rng)
    hosp_or_grade = hosp if rng.random() < 0.6 else "三甲"
    specs = "、".join(rng.sample(DISEASES, rng.randint(1, 4)))
    y, mo, d = rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28)
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    aid = rng.randint(100000000, 199999999)
    return f"""    <div class="sele_all{' marg_top' if first else ''}">
      <div class="doctor_all" mid="{mid}">
        <div class="doc_img"><a href="https://my.39.net/{mid}" target="_blank"><img src="//pimg.39.net/doctor/{mid}.jpg" alt="{name}" onerror="this.src='//static.39.net/ask/images/2019/doc_default.png'"></a></div>
        <div class="doc_txt">
          <p class="doc_xinx">
            <span class="doc_name">{name}</span>
            <span class="doc_yshi">{title}</span>
            <span class="doc_yshi">{hosp_or_grade}</span>
          </p>
          <p class="doc_sc"><span>擅长:{specs}</span></p>
        </div>
        <a class="doc_tw" href="https://ask.39.net/ask/?did={mid}" target="_blank" rel="nofollow">提问</a>
      </div>
      <p class="sele_txt">{answer_text(rng, disease)}</p>
      <div class="doc_t_strip">
        <div class="zwAll">
          <p class="doc_time">{y}-{mo:02d}-{d:02d} {hh:02d}:{mm:02d}</p>
          <a class="doc_jb" href="javascript:;" data-aid="{aid}" rel="nofollow">举报</a>
          <a class="doc_zan" href="javascript:;" data-aid="{aid}" rel="nofollow">有用(<em>{rng.randint(0, 300)}</em>)</a>
        </div>
      </div>
    </div>
"""


def head(qid, title):
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="renderer" content="webkit">
<title>{title}_39健康问答_39健康网</title>
<meta name="keywords" content="{title},39健康问答">
<meta name="description" content="39健康问答为您提供{title}的专业医生解答，免费咨询三甲医院医生。">
<meta name="mobile-agent" content="format=html5;url=https://m.39.net/ask/question/{qid}.html">
<link rel="canonical" href="https://ask.39.net/question/{qid}.html">
<link rel="alternate" media="only screen and (max-width: 640px)" href="https://m.39.net/ask/question/{qid}.html">
<link rel="shortcut icon" href="//www.39.net/favicon.ico">
<link rel="stylesheet" href="//static.39.net/ask/css/2019/common.css?v=20240118">
<link rel="stylesheet" href="//static.39.net/ask/css/2019/question.css?v=20240226">
<script src="//static.39.net/lib/jquery/jquery-1.8.3.min.js"></script>
<script>
var _hmt = _hmt || [];
(function() {{
  var hm = document.createElement("script");
  hm.src = "https://hm.baidu.com/hm.js?ab0c4dd5d2b3c5e5f8f2a2f4b3c1d9e0";
  var s = document.getElementsByTagName("script")[0];
  s.parentNode.insertBefore(hm, s);
}})();
var pageConfig = {{ qid: "{qid}", channel: "ask", from: "pc_question", isLogin: false }};
</script>
<!--[if lt IE 9]><script src="//static.39.net/lib/html5shiv.min.js"></script><![endif]-->
</head>
"""


def top_and_nav(rng):
    mega = []
    for dname, did, subs in DEPTS:
        items = []
        for j, s in enumerate(subs):
            for k, dis in enumerate(rng.sample(DISEASES, 6)):
                items.append(f'<a href="https://ask.39.net/browse/{did}{j:02d}{k:02d}-1.html" target="_blank">{dis}</a>')
        sub_links = "".join(f'<a href="https://ask.39.net/browse/{did}{j:02d}-1.html">{s}</a>' for j, s in enumerate(subs))
        mega.append(f'      <dl class="mega_col"><dt><a href="https://ask.39.net/browse/{did}-1.html">{dname}</a></dt>'
                    f'<dd>{sub_links}</dd><dd class="mega_dis">{"".join(items)}</dd></dl>\n')
    nav = "\n".join(f'      <li><a href="https://ask.39.net/browse/{did}-1.html">{dname}</a></li>' for dname, did, _ in DEPTS)
    return f"""<body>
<!-- 顶部通栏 start -->
<div class="top_bar">
  <div class="w1200 clearfix">
    <div class="top_l fl">
      <a href="https://www.39.net/" target="_blank">39健康网</a> |
      <a href="https://news.39.net/" target="_blank">资讯</a> |
      <a href="https://jbk.39.net/" target="_blank">查疾病</a> |
      <a href="https://ypk.39.net/" target="_blank">查药品</a> |
      <a href="https://yyk.39.net/" target="_blank">找医院</a> |
      <a href="https://mingyi.39.net/" target="_blank">找名医</a>
    </div>
    <div class="top_r fr" id="loginBar">
      <a href="https://my.39.net/passport/login.aspx" rel="nofollow">登录</a>
      <a href="https://my.39.net/passport/reg.aspx" rel="nofollow">注册</a>
      <a href="https://www.39.net/about/app.html" target="_blank">下载APP</a>
    </div>
  </div>
</div>
<!-- 顶部通栏 end -->
<div class="ask_head">
  <div class="w1200 clearfix">
    <a class="logo fl" href="https://ask.39.net/" title="39健康问答"><img src="//static.39.net/ask/images/2019/logo.png" alt="39健康问答"></a>
    <form class="search fl" action="https://so.39.net/ask/search" method="get" target="_blank">
      <input type="text" name="words" class="s_txt" placeholder="搜索疾病、症状、医生" autocomplete="off">
      <input type="submit" class="s_btn" value="搜索">
    </form>
    <a class="tw_btn fr" href="https://ask.39.net/ask/" target="_blank" rel="nofollow">我要提问</a>
  </div>
  <div class="ask_nav">
    <ul class="w1200 clearfix">
      <li class="on"><a href="https://ask.39.net/">问答首页</a></li>
{nav}
      <li><a href="https://ask.39.net/news/">健康号</a></li>
    </ul>
    <div class="mega_menu" style="display:none">
{"".join(mega)}    </div>
  </div>
</div>
<div class="ad_banner" id="ad_top_1200x90"><!-- ad slot 1200x90 --><script>try{{AD39.show("ask_question_top_1200x90");}}catch(e){{}}</script></div>
"""


def breadcrumb(rng, title, disease):
    dname, did, subs = rng.choice(DEPTS)
    j = rng.randrange(len(subs))
    k = rng.randint(1, 40)
    parts = [
        '<span><a href="https://www.39.net/" target="_blank">首页</a></span>',
        f'<span><a href="https://ask.39.net/browse/{did}-1.html" target="_blank">{dname}</a></span>',
        f'<span><a href="https://ask.39.net/browse/{did}{j:02d}-1.html" target="_blank">{subs[j]}</a></span>',
        f'<span><a href="https://ask.39.net/browse/{did}{j:02d}{k:02d}-1.html" target="_blank">{disease}</a></span>',
    ]
    if rng.random() < 0.5:
        parts.append(f'<span><a href="https://jbk.39.net/d{k:03d}/" target="_blank">{disease}</a></span>')
    parts.append(f'<span class="sub_here">{title}</span>')
    return '  <div class="sub">' + "&gt; ".join(parts) + "</div>\n"


def question_block(rng, title, disease, symptom):
    gender = rng.choice(["男", "女"])
    age = rng.randint(1, 80)
    y, mo, d = rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28)
    body = f"{disease}{symptom},{rng.choice(FILLER)}请问医生{title}?{rng.choice(FILLER)}"
    return f"""  <div class="ask_cont">
    <p class="ask_tit">{title}</p>
    <p class="mation"><span>{gender}</span><span>{age}岁</span><span>发病时间：{rng.choice(["一周内", "一个月内", "半年内", "一年以上"])}</span></p>
    <div class="ask_hid">
      <p class="txt_ms">{body}</p>
    </div>
    <p class="txt_nametime"><span>wb_{rng.randint(1000000, 9999999)}</span><span>{y}-{mo:02d}-{d:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}</span></p>
    <p class="txt_label"><span><a href="https://ask.39.net/browse/31630112-1.html" target="_blank">{disease}</a></span></p>
  </div>
"""


def related(rng, n):
    items = []
    for _ in range(n):
        dis = rng.choice(DISEASES)
        q = rng.choice(QUESTION_FORMS).format(d=dis, s=rng.choice(SYMPTOMS))
        qid = rng.randint(10000000, 99999999)
        snippet = "".join(rng.sample(FILLER, 2))
        items.append(f'      <li><a href="https://ask.39.net/question/{qid}.html" target="_blank" title="{q}">{q}</a>'
                     f'<p class="rel_txt">{snippet}</p><span class="rel_num">{rng.randint(1, 30)}个回答</span></li>\n')
    return '  <div class="rel_ask">\n    <p class="rel_tit"><span>相关问题</span></p>\n    <ul>\n' + "".join(items) + "    </ul>\n  </div>\n"


def side(rng, disease):
    dis_links = "&nbsp;&nbsp;".join(
        f'<a href="https://jbk.39.net/x{rng.randint(100, 999)}/" target="_blank" title="{d}">{d}</a>' for d in rng.sample(DISEASES, 5))
    drugs = "".join(f"""      <li>
        <a class="yp_name" href="https://ypk.39.net/{rng.randint(500000, 699999)}/" target="_blank">{d}</a>
        <p class="yp_txt">用于{rng.choice(DISEASES)}、{rng.choice(DISEASES)}等的治疗。{rng.choice(FILLER)}</p>
      </li>
""" for d in rng.sample(DRUGS, 4))
    docs = []
    for _ in range(6):
        mid, name, title, hosp = doctor(rng)
        docs.append(f"""      <li class="clearfix">
        <a class="tj_img" href="https://my.39.net/{mid}" target="_blank"><img src="//pimg.39.net/doctor/{mid}.jpg" alt=""></a>
        <div class="tj_txt">
          <p><a class="tj_name" href="https://my.39.net/{mid}" target="_blank">{name}</a> <span>{title}</span></p>
          <a class="tj_tw" href="https://ask.39.net/ask/?did={mid}" target="_blank" rel="nofollow">提问</a>
          <p class="tj_hos">{hosp}</p>
        </div>
      </li>
""")
    return f"""<div class="rbox fr">
  <div class="bk_tab"><span class="cur">疾病百科</span></div>
  <div class="disease_box">
    <p class="box_tit"><span>疾病百科</span></p>
    <p class="dis_name"><a href="https://jbk.39.net/x{rng.randint(100, 999)}/" target="_blank">{disease}</a></p>
    <p class="dis_desc">{disease}是一种常见病与多发病。{"".join(rng.sample(FILLER, 4))}</p>
    <ul class="dis_list">
      <li><span>症状起因:</span>{rng.choice(CAUSES)[1]}。{rng.choice(FILLER)}</li>
      <li><span>可能疾病:</span>{dis_links}&nbsp;&nbsp;</li>
      <li><span>常见检查:</span> <a href="https://jbk.39.net/jiancha/jdt/" target="_blank">肌电图</a>&nbsp;&nbsp;</li>
      <li><span>就诊科室:</span><a href="https://ask.39.net/browse/31303-1.html" target="_blank">{rng.choice(DEPTS)[0]}</a></li>
    </ul>
  </div>
  <div class="yp_box">
    <p class="box_tit"><span>适用药品</span></p>
    <ul>
{drugs}    </ul>
  </div>
  <div class="tj_doc">
    <p class="box_tit"><span>推荐医生</span><a class="more" href="https://ask.39.net/doctor/" target="_blank">更多</a></p>
    <ul>
{"".join(docs)}    </ul>
  </div>
  <div class="ad_r" id="ad_r_300x250"><script>try{{AD39.show("ask_question_r_300x250");}}catch(e){{}}</script></div>
</div>
"""


def tracking_script(rng, n):
    slots = ",\n".join(
        f'    {{"id": "ask_q_{i}_{rng.randint(100, 999)}", "size": [{rng.choice([300, 728, 1200])}, {rng.choice([90, 250, 600])}], '
        f'"kw": "{rng.choice(DISEASES)}", "pv": "{rng.getrandbits(64):016x}", "lazy": {str(rng.random() < 0.5).lower()}}}'
        for i in range(n))
    return f"""<script>
window.__AD_SLOTS__ = [
{slots}
];
</script>
"""


def footer(rng):
    hot = " ".join(f'<a href="https://so.39.net/ask/search?words={html.escape(d)}" target="_blank">{d}</a>'
                   for d in rng.sample(DISEASES, 20))
    return f"""<div class="hot_search"><div class="w1200"><span>热门搜索:</span>{hot}</div></div>
<div class="footer">
  <div class="w1200">
    <p class="f_link">
      <a href="https://www.39.net/about/" target="_blank" rel="nofollow">关于我们</a> |
      <a href="https://www.39.net/about/contact.html" target="_blank" rel="nofollow">联系我们</a> |
      <a href="https://www.39.net/about/ad.html" target="_blank" rel="nofollow">广告服务</a> |
      <a href="https://www.39.net/about/law.html" target="_blank" rel="nofollow">法律声明</a> |
      <a href="https://www.39.net/about/sitemap.html" target="_blank">网站地图</a>
    </p>
    <p>本站内容仅供参考，不作为诊断及医疗依据，如有医疗需求，请务必前往正规医院就诊</p>
    <p>Copyright &copy; 2000-2024 39.net All Rights Reserved 广州启生信息技术有限公司 版权所有</p>
    <p><a href="https://beian.miit.gov.cn/" target="_blank" rel="nofollow">粤ICP备05003353号</a> 互联网药品信息服务资格证书编号：(粤)-经营性-2018-0039</p>
  </div>
</div>
<div class="side_tool" id="sideTool" style="display:none">
  <a href="javascript:;" class="go_top">返回顶部</a>
  <a href="https://www.39.net/about/feedback.html" target="_blank" rel="nofollow">意见反馈</a>
</div>
<script src="//static.39.net/ask/js/2019/question.js?v=20240226"></script>
<script>
// 加载更多回答 / 举报弹窗模板
var answerTpl = '<div class="sele_all"><div class="doctor_all" mid="{{{{mid}}}}"><span class="doc_name">{{{{name}}}}</span></div>'
    + '<p class="sele_txt">{{{{content}}}}</p><div class="doc_t_strip"><p class="doc_time">{{{{time}}}}</p></div></div>';
var reportTpl = "<div class=\\"jb_pop\\"><p class=\\"jb_tit\\">举报该回答</p><textarea></textarea><a class=\\"jb_ok\\">提交</a></div>";
$(function () {{
  $(".doc_jb").on("click", function () {{
    var aid = $(this).attr("data-aid");
    $("body").append(reportTpl.replace("</textarea>", "</textarea><input type=hidden value=" + aid + ">"));
  }});
  if (window.location.hash == "#answer") {{ $("html,body").scrollTop($(".selected").offset().top); }}
}});
</script>
<script>
(function(){{var bp=document.createElement('script');bp.src='https://zz.bdstatic.com/linksubmit/push.js';var s=document.getElementsByTagName("script")[0];s.parentNode.insertBefore(bp,s);}})();
</script>
</body>
</html>
"""


def page(i, size, seed):
    rng = random.Random(seed * 1000003 + i)
    qid = 80000000 + i
    disease = rng.choice(DISEASES)
    symptom = rng.choice(SYMPTOMS)
    title = rng.choice(QUESTION_FORMS).format(d=disease, s=symptom)
    n_answers = rng.choice([1, 1, 2, 2, 3, 4])
    answers = "".join(answer_block(rng, disease, k == 0) for k in range(n_answers))
    parts_before = head(qid, title) + top_and_nav(rng) + '<div class="w1200 clearfix main_wrap">\n<div class="lbox fl">\n'
    parts_before += breadcrumb(rng, title, disease)
    if rng.random() < 0.7:
        parts_before += question_block(rng, title, disease, symptom)
    parts_before += f'  <!-- 问题 -->\n  <div class="selected">\n    <p class="sele_img">医生回答({n_answers})</p>\n{answers}  </div>\n'
    parts_before += '  <div class="ask_btn"><a href="https://ask.39.net/ask/" target="_blank" rel="nofollow" class="btn_ask">向医生提问</a></div>\n'
    tail_side = "</div>\n" + side(rng, disease) + "</div>\n"
    foot = footer(rng)
    # Pad to about `size` bytes with related questions and ad-slot JSON.
    fixed = len((parts_before + tail_side + foot).encode())
    room = max(0, size - fixed)
    rel_n, slots_n = 0, 0
    rel = related(rng, 0)
    script = tracking_script(rng, 0)
    while len(rel.encode()) + len(script.encode()) < room * 0.98:
        if len(rel.encode()) < room * 0.6:
            rel_n += 5
        else:
            slots_n += 5
        rel = related(random.Random(seed * 7 + i), rel_n)
        script = tracking_script(random.Random(seed * 11 + i), slots_n)
    return qid, parts_before + rel + tail_side + script + foot


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--size", type=int, default=50 * 1024)
    ap.add_argument("--seed", type=int, default=39)
    a = ap.parse_args()
    qdir = os.path.join(a.out, "question")
    os.makedirs(qdir, exist_ok=True)
    paths = []
    total = 0
    for i in range(a.count):
        qid, doc = page(i, a.size, a.seed)
        data = doc.encode("utf-8")
        total += len(data)
        with open(os.path.join(qdir, f"{qid}.html"), "wb") as f:
            f.write(data)
        paths.append(f"/question/{qid}.html")
    with open(os.path.join(a.out, "pages.txt"), "w") as f:
        f.write("\n".join(paths) + "\n")
    print(f"gen_pages: {a.count} pages, {total / a.count / 1024:.1f} KiB average, {total / 1048576:.1f} MiB total")


if __name__ == "__main__":
    main()
