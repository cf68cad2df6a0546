#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "charset/charset.h"
#include "core/sha256.h"
#include "rules/fields.h"
#include "rules/rules.h"

namespace qascrape::rules {

using nlohmann::json;

namespace {

const std::vector<std::string> kFieldKeys = {
    "select", "take", "index", "list", "until", "transform", "required"};
const std::vector<std::string> kTopKeys = {
    "site",    "name",    "hosts",          "timezone",   "default_charset",
    "fields",  "boxes",   "title_suffixes", "skip_texts", "health",
    "lexicon", "$comment"};
const std::vector<std::string> kBoxNames = {"encyclopedia", "drugs",
                                            "recommended_doctors"};
const std::vector<std::string> kEncyclopediaLabels = {
    "etiology", "possible_diseases", "common_exams", "departments"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Collects the first error with its place: "<file>: <where>: <what>".
struct Checker {
  const std::string& path;
  std::optional<Error> error;

  bool fail(const std::string& where, const std::string& what) {
    if (!error) {
      error = make_error(Errc::kConfig, path + ": " + where + ": " + what);
    }
    return false;
  }

  bool only_keys(const json& obj, const std::vector<std::string>& allowed,
                 const std::string& where) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (!contains(allowed, it.key())) {
        return fail(where, "unknown key '" + it.key() +
                               "' (allowed: " + join(allowed) + ")");
      }
    }
    return true;
  }

  bool string_at(const json& obj, const char* key, const std::string& where,
                 std::string& out, bool required) {
    if (!obj.contains(key)) {
      return required ? fail(where, std::string("missing '") + key + "'")
                      : true;
    }
    if (!obj[key].is_string() || obj[key].get<std::string>().empty()) {
      return fail(where + "." + key, "must be a non-empty string");
    }
    out = obj[key].get<std::string>();
    return true;
  }

  bool strings_at(const json& obj, const char* key, const std::string& where,
                  std::vector<std::string>& out) {
    if (!obj.contains(key)) return true;
    const json& v = obj[key];
    if (!v.is_array())
      return fail(where + "." + key, "must be a list of strings");
    for (const json& s : v) {
      if (!s.is_string() || s.get<std::string>().empty()) {
        return fail(where + "." + key, "must be a list of non-empty strings");
      }
      out.push_back(s.get<std::string>());
    }
    return true;
  }

  bool selector(const std::string& text, const std::string& where,
                std::optional<selector::Selector>& out) {
    auto parsed = selector::Selector::parse(text);
    if (!parsed)
      return fail(where,
                  "bad selector '" + text + "': " + parsed.error().message);
    out = std::move(parsed.value());
    return true;
  }

  bool transform(const std::string& spec, const std::string& where,
                 Transform& out) {
    static const std::vector<std::pair<std::string, Transform::Kind>> kKinds = {
        {"strip_label", Transform::Kind::kStripLabel},
        {"strip_prefix", Transform::Kind::kStripPrefix},
        {"strip_suffix", Transform::Kind::kStripSuffix},
        {"after", Transform::Kind::kAfter},
        {"before", Transform::Kind::kBefore},
        {"split_list", Transform::Kind::kSplitList},
    };
    const std::size_t colon = spec.find(':');
    const std::string name = spec.substr(0, colon);
    const std::string arg =
        colon == std::string::npos ? "" : spec.substr(colon + 1);
    for (const auto& [n, kind] : kKinds) {
      if (n != name) continue;
      const bool wants_arg = kind != Transform::Kind::kSplitList;
      if (wants_arg && arg.empty()) {
        return fail(where, "transform '" + name + "' needs an argument: '" +
                               name + ":TEXT'");
      }
      if (!wants_arg && colon != std::string::npos) {
        return fail(where, "transform '" + name + "' takes no argument");
      }
      out = Transform{kind, arg};
      return true;
    }
    std::vector<std::string> names;
    for (const auto& kv : kKinds) names.push_back(kv.first);
    return fail(
        where, "unknown transform '" + name + "' (known: " + join(names) + ")");
  }

  bool field(const std::string& key, const json& spec, FieldRule& out) {
    const std::string where = "fields." + key;
    out.key = key;
    if (spec.is_string()) {  // shorthand: "key": "css"
      std::optional<selector::Selector> sel;
      if (!selector(spec.get<std::string>(), where, sel)) return false;
      out.select.push_back(std::move(*sel));
      return true;
    }
    if (!spec.is_object())
      return fail(where, "must be a selector string or an object");
    if (!only_keys(spec, kFieldKeys, where)) return false;
    if (!spec.contains("select")) return fail(where, "missing 'select'");
    const json& sel = spec["select"];
    std::vector<std::string> alternatives;
    if (sel.is_string()) {
      alternatives.push_back(sel.get<std::string>());
    } else if (sel.is_array() && !sel.empty()) {
      for (const json& s : sel) {
        if (!s.is_string())
          return fail(where + ".select",
                      "must be a string or a list of strings");
        alternatives.push_back(s.get<std::string>());
      }
    } else {
      return fail(where + ".select",
                  "must be a string or a non-empty list of strings");
    }
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      std::optional<selector::Selector> parsed;
      const std::string w =
          where + ".select" +
          (sel.is_array() ? "[" + std::to_string(i) + "]" : "");
      if (!selector(alternatives[i], w, parsed)) return false;
      out.select.push_back(std::move(*parsed));
    }
    if (spec.contains("take")) {
      if (!spec["take"].is_string())
        return fail(where + ".take", "must be a string");
      const std::string take = spec["take"].get<std::string>();
      if (take == "text") {
        out.take = Take::kText;
      } else if (take == "own_text") {
        out.take = Take::kOwnText;
      } else if (take == "lines") {
        out.take = Take::kLines;
      } else if (take == "link") {
        out.take = Take::kLink;
      } else if (take.rfind("attr:", 0) == 0 && take.size() > 5) {
        out.take = Take::kAttr;
        out.attr = take.substr(5);
      } else {
        return fail(where + ".take",
                    "unknown take '" + take +
                        "' (known: text, own_text, lines, link, attr:NAME)");
      }
    }
    if (spec.contains("index")) {
      if (!spec["index"].is_number_integer() || spec["index"].get<int>() < 0) {
        return fail(where + ".index", "must be a whole number >= 0");
      }
      out.index = spec["index"].get<int>();
    }
    for (const char* flag : {"list", "required"}) {
      if (!spec.contains(flag)) continue;
      if (!spec[flag].is_boolean())
        return fail(where + "." + flag, "must be true or false");
      (std::string(flag) == "list" ? out.list : out.required) =
          spec[flag].get<bool>();
    }
    if (spec.contains("until")) {
      if (!spec["until"].is_string())
        return fail(where + ".until", "must be a selector string");
      if (out.take != Take::kLines)
        return fail(where + ".until", "only goes with take: lines");
      if (!selector(spec["until"].get<std::string>(), where + ".until",
                    out.until))
        return false;
    }
    if (spec.contains("transform")) {
      const json& t = spec["transform"];
      if (!t.is_array())
        return fail(where + ".transform", "must be a list of strings");
      for (std::size_t i = 0; i < t.size(); ++i) {
        const std::string w = where + ".transform[" + std::to_string(i) + "]";
        if (!t[i].is_string()) return fail(w, "must be a string");
        Transform tr;
        if (!transform(t[i].get<std::string>(), w, tr)) return false;
        out.transforms.push_back(std::move(tr));
      }
    }
    return true;
  }

  bool box(const std::string& name, const json& spec, BoxRule& out) {
    const std::string where = "boxes." + name;
    if (!spec.is_object()) return fail(where, "must be an object");
    std::vector<std::string> allowed = {"heading"};
    if (name == "encyclopedia") allowed.push_back("labels");
    if (name == "recommended_doctors") allowed.push_back("anchor");
    if (!only_keys(spec, allowed, where)) return false;
    if (!string_at(spec, "heading", where, out.heading, true)) return false;
    if (name == "recommended_doctors") {
      out.anchor = "提问";
      if (!string_at(spec, "anchor", where, out.anchor, false)) return false;
    }
    if (name == "encyclopedia") {
      out.labels = {{"etiology", "症状起因"},
                    {"possible_diseases", "可能疾病"},
                    {"common_exams", "常见检查"},
                    {"departments", "就诊科室"}};
      if (spec.contains("labels")) {
        const json& labels = spec["labels"];
        if (!labels.is_object())
          return fail(where + ".labels", "must be an object");
        if (!only_keys(labels, kEncyclopediaLabels, where + ".labels"))
          return false;
        for (auto it = labels.begin(); it != labels.end(); ++it) {
          if (!it->is_string() || it->get<std::string>().empty()) {
            return fail(where + ".labels." + it.key(),
                        "must be a non-empty string");
          }
          out.labels[it.key()] = it->get<std::string>();
        }
      }
    }
    return true;
  }
};

bool valid_offset(const std::string& tz) {
  // "+08:00", "-05:30", "Z"
  if (tz == "Z") return true;
  return tz.size() == 6 && (tz[0] == '+' || tz[0] == '-') &&
         std::isdigit(static_cast<unsigned char>(tz[1])) &&
         std::isdigit(static_cast<unsigned char>(tz[2])) && tz[3] == ':' &&
         std::isdigit(static_cast<unsigned char>(tz[4])) &&
         std::isdigit(static_cast<unsigned char>(tz[5])) &&
         std::stoi(tz.substr(1, 2)) <= 14 && std::stoi(tz.substr(4, 2)) < 60;
}

std::string line_col(std::string_view text, std::size_t byte) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

}  // namespace

const FieldRule* SiteRules::field(std::string_view key) const {
  auto it = fields.find(std::string(key));
  return it == fields.end() ? nullptr : &it->second;
}

bool SiteRules::matches_host(std::string_view host) const {
  for (const std::string& h : hosts) {
    if (h.front() ==
        '.') {  // ".120ask.com" covers every subdomain and the bare domain
      if (host == std::string_view(h).substr(1)) return true;
      if (host.size() > h.size() && host.substr(host.size() - h.size()) == h)
        return true;
    } else if (host == h) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> SiteRules::box_headings() const {
  std::vector<std::string> out;
  for (const auto* b : {&encyclopedia, &drugs, &recommended_doctors}) {
    if (b->has_value()) out.push_back((*b)->heading);
  }
  return out;
}

bool names_raw_text_tag(std::string_view selector) {
  auto ident = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
           c == '_' || static_cast<unsigned char>(c) >= 0x80 || c == '\\';
  };
  std::size_t i = 0;
  const std::size_t n = selector.size();
  while (i < n) {
    const char c = selector[i];
    if (c == '"' || c == '\'') {  // quoted text
      const std::size_t close = selector.find(c, i + 1);
      if (close == std::string_view::npos) return false;
      i = close + 1;
    } else if (c == '[') {  // attribute names and values
      const std::size_t close = selector.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close + 1;
    } else if (ident(c)) {
      const std::size_t start = i;
      while (i < n && ident(selector[i])) ++i;
      const char before = start > 0 ? selector[start - 1] : ' ';
      if (before == '.' || before == '#' || before == ':') continue;
      std::string word(selector.substr(start, i - start));
      for (char& ch : word)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      // "script|x" or a namespace prefix would also end here: still a yes.
      if (word == "script" || word == "style") return true;
    } else {
      ++i;
    }
  }
  return false;
}

Result<SiteRules> parse_site(std::string_view json_text,
                             const std::string& path) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::parse_error& e) {
    // nlohmann reports the byte; users want a line and column.
    return make_error(Errc::kConfig,
                      path + ": not valid JSON at " +
                          line_col(json_text, e.byte > 0 ? e.byte - 1 : 0));
  } catch (const json::exception& e) {
    // e.g. a number too large for a double (found by fuzz/fuzz_rules).
    return make_error(Errc::kConfig, path + ": not valid JSON: " + e.what());
  }
  Checker c{path, std::nullopt};
  SiteRules site;
  site.path = path;
  site.sha256 = sha256_hex(json_text);
  auto done = [&]() -> Result<SiteRules> {
    if (c.error) return *c.error;
    return std::move(site);
  };
  if (!doc.is_object()) {
    c.fail("top level", "must be a JSON object");
    return done();
  }
  if (!c.only_keys(doc, kTopKeys, "top level")) return done();
  if (!c.string_at(doc, "site", "top level", site.id, true)) return done();
  for (char ch : site.id) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' &&
        ch != '-') {
      c.fail("site",
             "'" + site.id + "' may hold only letters, digits, '_' and '-'");
      return done();
    }
  }
  site.name = site.id;
  if (!c.string_at(doc, "name", "top level", site.name, false)) return done();
  if (!c.strings_at(doc, "hosts", "top level", site.hosts)) return done();
  // Without `hosts` a file is read only through --site; an empty list is a
  // slip.
  if (doc.contains("hosts") && site.hosts.empty()) {
    c.fail("hosts",
           "must list at least one host (\"ask.39.net\", or "
           "\".39.net\" for every host under it)");
    return done();
  }
  for (std::string& h : site.hosts) {
    for (char& ch : h)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    // A host, not a URL: what is matched is the URL's host alone.
    const bool bad = h.empty() || h == "." ||
                     h.find_first_of(":/?#@ \t\\") != std::string::npos;
    if (bad) {
      c.fail("hosts", "'" + h +
                          "' is not a host name (no scheme, port or path: "
                          "\"ask.39.net\" or \".39.net\")");
      return done();
    }
  }
  if (!c.string_at(doc, "timezone", "top level", site.utc_offset, false))
    return done();
  if (!valid_offset(site.utc_offset)) {
    c.fail("timezone",
           "'" + site.utc_offset + "' is not a UTC offset like +08:00");
    return done();
  }
  if (!c.string_at(doc, "default_charset", "top level", site.default_charset,
                   false)) {
    return done();
  }
  if (!charset::encoding_for_label(site.default_charset)) {
    c.fail("default_charset", "'" + site.default_charset +
                                  "' is not a charset label (utf-8, gbk, "
                                  "gb18030, big5, ...)");
    return done();
  }
  if (!c.strings_at(doc, "title_suffixes", "top level", site.title_suffixes))
    return done();
  site.skip_texts = {"更多", "更多>>", "更多>"};
  if (doc.contains("skip_texts")) {
    site.skip_texts.clear();
    if (!c.strings_at(doc, "skip_texts", "top level", site.skip_texts))
      return done();
  }
  if (!doc.contains("fields") || !doc["fields"].is_object()) {
    c.fail("top level", "missing 'fields' (an object of field rules)");
    return done();
  }
  std::vector<std::string> field_names;
  for (const FieldSpec& f : field_specs()) field_names.emplace_back(f.key);
  for (auto it = doc["fields"].begin(); it != doc["fields"].end(); ++it) {
    if (!contains(field_names, it.key())) {
      c.fail("fields", "unknown field '" + it.key() +
                           "' (known: " + join(field_names) + ")");
      return done();
    }
    FieldRule rule;
    if (!c.field(it.key(), it.value(), rule)) return done();
    site.fields.emplace(it.key(), std::move(rule));
  }
  // Contract defaults: fields.cc's required ones are, unless the file says
  // otherwise.
  for (const FieldSpec& spec : field_specs()) {
    if (!spec.required) continue;
    const std::string key(spec.key);
    auto f = doc["fields"].find(key);
    if (f != doc["fields"].end() && f->is_object() && f->contains("required"))
      continue;
    auto it = site.fields.find(key);
    if (it != site.fields.end()) it->second.required = true;
  }
  if (doc.contains("boxes")) {
    const json& boxes = doc["boxes"];
    if (!boxes.is_object()) {
      c.fail("boxes", "must be an object");
      return done();
    }
    if (!c.only_keys(boxes, kBoxNames, "boxes")) return done();
    for (auto it = boxes.begin(); it != boxes.end(); ++it) {
      BoxRule box;
      if (!c.box(it.key(), it.value(), box)) return done();
      if (it.key() == "encyclopedia") site.encyclopedia = box;
      if (it.key() == "drugs") site.drugs = box;
      if (it.key() == "recommended_doctors") site.recommended_doctors = box;
    }
  }
  if (doc.contains("health")) {
    const json& h = doc["health"];
    if (!h.is_object()) {
      c.fail("health", "must be an object");
      return done();
    }
    if (!c.only_keys(h, {"min_pages", "fields"}, "health")) return done();
    if (h.contains("min_pages")) {
      if (!h["min_pages"].is_number_integer() ||
          h["min_pages"].get<int>() < 1) {
        c.fail("health.min_pages", "must be a whole number >= 1");
        return done();
      }
      site.health_min_pages = h["min_pages"].get<int>();
    }
    if (h.contains("fields")) {
      if (!h["fields"].is_object()) {
        c.fail("health.fields", "must be an object of field: fraction");
        return done();
      }
      for (auto it = h["fields"].begin(); it != h["fields"].end(); ++it) {
        if (!contains(field_names, it.key())) {
          c.fail("health.fields", "unknown field '" + it.key() + "'");
          return done();
        }
        if (!it->is_number() || it->get<double>() < 0 ||
            it->get<double>() > 1) {
          c.fail("health.fields." + it.key(), "must be a fraction from 0 to 1");
          return done();
        }
        site.health[it.key()] = it->get<double>();
      }
    }
  }
  for (const auto& [key, field] : site.fields) {
    for (const selector::Selector& sel : field.select)
      site.keeps_raw_text |= names_raw_text_tag(sel.source());
    if (field.until)
      site.keeps_raw_text |= names_raw_text_tag(field.until->source());
  }
  // Words this site adds to the lexicon; checked against the built-in one
  // now, applied to the rule set's own lexicon by RuleSet::load_dir.
  site.lexicon =
      std::shared_ptr<const Lexicon>(&builtin_lexicon(), [](const Lexicon*) {});
  if (doc.contains("lexicon")) {
    site.lexicon_additions = doc["lexicon"].dump();
    auto lex = extend_lexicon(builtin_lexicon(), site.lexicon_additions,
                              path + ": lexicon");
    if (!lex) return lex.error();
    site.lexicon = std::make_shared<const Lexicon>(std::move(lex.value()));
  }
  return done();
}

Result<SiteRules> load_site(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(Errc::kConfig, file.string() + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_site(ss.str(), file.string());
}

}  // namespace qascrape::rules
