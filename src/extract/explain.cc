// `qascrape explain`: how a site's rules read one page, field by field.
#include "extract/explain.h"

#include "charset/charset.h"
#include "core/text.h"
#include "extract/boxes.h"
#include "extract/field_values.h"
#include "normalize/normalize.h"

namespace qascrape::extract {

namespace {

constexpr std::size_t kShownNodes = 5;

// "div#id.a.b" for one element.
std::string label_of(dom::Node n) {
  std::string out = n.tag();
  if (auto id = n.attr("id")) {
    out += '#';
    out += *id;
  }
  if (auto cls = n.attr("class")) {
    const std::string c = collapse_whitespace(*cls);
    if (!c.empty()) {
      out += '.';
      for (char ch : c) out += ch == ' ' ? '.' : ch;
    }
  }
  return out;
}

// "div.doctor_all > div.doc_txt > span.doc_name \"袁余\"".
std::string describe(dom::Node n) {
  std::vector<std::string> path;
  for (dom::Node p = n; p && p.is_element() && path.size() < 3; p = p.parent())
    path.insert(path.begin(), label_of(p));
  std::string out;
  for (const std::string& p : path) {
    if (!out.empty()) out += " > ";
    out += p;
  }
  std::string text = collapse_whitespace(n.text_content());
  if (text.size() > 60) {
    std::size_t cut = 60;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;  // on a code point boundary
    text = text.substr(0, cut) + "…";
  }
  return out + " \"" + text + "\"";
}

// A selector's compound steps with the combinators before them, split at
// top-level white space and > + ~ (not inside [], () or quotes); empty when
// it is a list (a top-level comma).
std::vector<std::string> steps_of(const std::string& sel) {
  std::vector<std::string> out;
  std::string cur;
  char comb = ' ';  // the combinator before `cur`
  int depth = 0;
  char quote = 0;
  auto push = [&] {
    if (cur.empty()) return;
    // Built by push_back, not " " + ...: GCC 12 -Wrestrict, PR 105651.
    std::string step;
    if (!out.empty()) {
      step.push_back(' ');
      if (comb != ' ') {
        step.push_back(comb);
        step.push_back(' ');
      }
    }
    step.append(cur);
    out.push_back(std::move(step));
    cur.clear();
    comb = ' ';
  };
  for (char ch : sel) {
    if (quote) {
      cur += ch;
      if (ch == quote) quote = 0;
      continue;
    }
    if (ch == '"' || ch == '\'') {
      quote = ch;
      cur += ch;
    } else if (ch == '[' || ch == '(') {
      ++depth;
      cur += ch;
    } else if (ch == ']' || ch == ')') {
      --depth;
      cur += ch;
    } else if (depth == 0 && ch == ',') {
      return {};
    } else if (depth == 0 && (ch == ' ' || ch == '\t')) {
      push();
    } else if (depth == 0 && (ch == '>' || ch == '+' || ch == '~')) {
      push();
      comb = ch;
    } else {
      cur += ch;
    }
  }
  push();
  return out;
}

// The element type a step names ("span" of "span.doc_name"), or "*".
std::string type_of(const std::string& step) {
  std::size_t b = step.find_first_not_of(" >+~");
  if (b == std::string::npos) return "*";
  std::size_t e = step.find_first_of(".#[:", b);
  std::string t = step.substr(b, e == std::string::npos ? e : e - b);
  return t.empty() ? "*" : t;
}

std::size_t count(const std::string& sel, dom::Node scope) {
  auto s = selector::Selector::parse(sel);
  return s ? s->select_all(scope).size() : 0;
}

void explain_empty(const rules::FieldRule& rule, dom::Node scope,
                   FieldExplanation& out) {
  if (rule.select.empty()) return;
  const std::vector<std::string> steps = steps_of(rule.select.front().source());
  std::string prefix, last_good;
  for (const std::string& step : steps) {
    const std::string next = prefix + step;
    const std::size_t n = count(next, scope);
    out.steps.push_back(StepMatch{next, n});
    if (n == 0) {
      // What the step's element type alone matches where it stopped.
      const std::string loose =
          (prefix.empty() ? "" : prefix + " ") + type_of(step);
      if (auto s = selector::Selector::parse(loose)) {
        for (dom::Node m : s->select_all(scope)) {
          if (out.near_misses.size() >= kShownNodes) break;
          out.near_misses.push_back(describe(m));
        }
      }
      return;
    }
    prefix = next;
  }
}

FieldExplanation explain_field(const std::string& key,
                               const rules::FieldRule& rule, dom::Node scope,
                               const std::string& scope_name) {
  FieldExplanation f;
  f.key = key;
  f.scope = scope_name;
  for (const auto& sel : rule.select)
    f.alternatives.push_back(
        StepMatch{sel.source(), sel.select_all(scope).size()});
  const FieldReader reader(scope);
  for (dom::Node n : reader.nodes(&rule)) {
    if (f.nodes.size() >= kShownNodes) break;
    f.nodes.push_back(describe(n));
  }
  if (rule.take == rules::Take::kLines) {
    for (const auto& p : reader.paragraphs(&rule)) f.values.push_back(p.text);
  } else if (rule.take == rules::Take::kLink) {
    for (const auto& [name, href] : reader.links(&rule))
      f.values.push_back(name + (href ? " <" + *href + ">" : ""));
  } else {
    f.values = reader.many(&rule);
  }
  if (f.values.empty()) explain_empty(rule, scope, f);
  return f;
}

}  // namespace

Result<Explanation> explain(const PageInput& in, const rules::RuleSet& rules,
                            const rules::SiteRules* forced,
                            const std::string& only_field) {
  const rules::SiteRules* site = forced;
  if (site == nullptr && in.url) site = rules.for_url(*in.url);
  charset::Hints hints;
  hints.content_type = in.content_type;
  hints.override_label = in.charset_override;
  if (site) hints.default_label = site->default_charset;
  auto decoded = charset::decode(in.bytes, hints);
  if (!decoded) return decoded.error();
  auto doc = dom::Document::parse(decoded->utf8);
  if (!doc) return doc.error();
  const dom::Node top = doc->document();
  if (site == nullptr) {
    static const auto kCanonical =
        selector::Selector::parse("link[rel~=canonical][href]");
    if (dom::Node link = kCanonical->select_first(top))
      site = rules.for_url(std::string(*link.attr("href")));
  }
  if (site == nullptr)
    return make_error(Errc::kUsage,
                      "no selector file covers this page: use --url or --site");
  if (!only_field.empty() && site->field(only_field) == nullptr)
    return make_error(Errc::kUsage, "site " + site->id + " has no field '" +
                                        only_field + "'");

  Explanation out;
  out.site = site->id;
  std::vector<dom::Node> answers;
  if (const rules::FieldRule* a = site->field("answers"))
    answers = FieldReader(top).nodes(a);
  for (const auto& [key, rule] : site->fields) {
    if (!only_field.empty() && key != only_field) continue;
    const rules::FieldSpec* spec = rules::find_field(key);
    const bool per_answer = spec && spec->per_answer();
    if (per_answer && answers.empty()) {
      FieldExplanation f;
      f.key = key;
      f.scope = "no answers found";
      out.fields.push_back(std::move(f));
      continue;
    }
    out.fields.push_back(explain_field(key, rule,
                                       per_answer ? answers.front() : top,
                                       per_answer ? "answer 1" : "page"));
  }
  if (only_field.empty()) {
    const std::string base = in.final_url.value_or(in.url.value_or(""));
    auto add = [&](const char* name, const rules::BoxRule& rule,
                   std::size_t items, const BoxTrace& trace) {
      BoxExplanation b{name, rule.heading,  "", trace.mode, items,
                       {},   trace.leftover};
      if (trace.heading)
        b.found_at = describe(trace.heading);
      else
        b.mode.clear();  // nothing was read
      for (const BoxTrace::Item& item : trace.items) {
        BoxItemExplanation e{
            item.node ? describe(item.node) : "", {}, item.outcome};
        for (const BoxTrace::Part& p : item.parts)
          e.parts.emplace_back(p.role, p.text);
        b.item_list.push_back(std::move(e));
      }
      out.boxes.push_back(std::move(b));
    };
    if (site->encyclopedia) {
      BoxTrace trace;
      const bool found =
          read_encyclopedia(top, *site, out.warnings, &trace).has_value();
      add("encyclopedia", *site->encyclopedia, found ? 1 : 0, trace);
    }
    if (site->drugs) {
      BoxTrace trace;
      const std::size_t n =
          read_drugs(top, *site, base, out.warnings, &trace).size();
      add("drugs", *site->drugs, n, trace);
    }
    if (site->recommended_doctors) {
      BoxTrace trace;
      const std::size_t n =
          read_recommended_doctors(top, *site, out.warnings, &trace).size();
      add("recommended_doctors", *site->recommended_doctors, n, trace);
    }
  }
  return out;
}

}  // namespace qascrape::extract
