#include <algorithm>

#include "charset/charset.h"
#include "core/sha256.h"
#include "core/text.h"
#include "core/version.h"
#include "dom/dom.h"
#include "extract/boxes.h"
#include "extract/extract.h"
#include "extract/field_values.h"
#include "normalize/normalize.h"

namespace qascrape::extract {

namespace {

// Where a field's rule looked, for warnings: its selectors, " | "-joined.
std::string where(const rules::FieldRule* rule) {
  if (rule == nullptr) return "the selector file has no rule for it";
  std::string out = "selector ";
  for (std::size_t i = 0; i < rule->select.size(); ++i) {
    out += (i ? " | '" : "'") + rule->select[i].source() + "'";
  }
  return out + " matched nothing";
}

void warn_missing(Record& rec, const std::string& field,
                  const rules::FieldRule* rule) {
  rec.warnings.push_back(Warning{field, "missing", where(rule)});
}

bool is_2xx(long status) { return status >= 200 && status < 300; }

Doctor read_doctor(const FieldReader& r, const rules::SiteRules& site,
                   const std::string& base) {
  const rules::Lexicon& lex = *site.lexicon;
  Doctor d;
  d.name = r.one(site.field("answer.doctor.name"));
  d.title = r.one(site.field("answer.doctor.title"));
  if (d.title) d.title_rank = normalize::title_rank(*d.title, lex);
  // On ask.39.net one slot holds either a grade (三甲) or a hospital name.
  d.hospital = r.one(site.field("answer.doctor.hospital"));
  if (auto grade_text = r.one(site.field("answer.doctor.hospital_grade"))) {
    d.hospital_grade = normalize::hospital_grade(*grade_text, lex);
  }
  if (d.hospital && normalize::looks_like_grade(*d.hospital, lex)) {
    if (!d.hospital_grade)
      d.hospital_grade = normalize::hospital_grade(*d.hospital, lex);
    d.hospital.reset();
  } else if (d.hospital && !d.hospital_grade) {
    d.hospital_grade = normalize::hospital_grade(*d.hospital, lex);
  }
  d.specialties = r.many(site.field("answer.doctor.specialties"));
  d.profile_url = normalize::absolute_url(
      r.one(site.field("answer.doctor.profile_url")), base);
  return d;
}

}  // namespace

const char* extractor_version() { return kVersion; }

Extractor::Extractor(const rules::RuleSet& rules) : rules_(rules) {}

Record Extractor::extract(const PageInput& in,
                          const rules::SiteRules* forced) const {
  Record rec;
  rec.extractor_version = extractor_version();
  rec.url = in.url;
  rec.final_url = in.final_url;
  rec.fetch.fetched_at = in.fetched_at;
  rec.fetch.http_status = in.http_status;
  rec.fetch.content_type = in.content_type;
  rec.fetch.attempts = in.attempts;
  rec.fetch.bytes = static_cast<long long>(in.bytes.size());
  rec.fetch.sha256 = in.sha256 ? *in.sha256 : sha256_hex(in.bytes);

  // The site: --site, else the requested URL's host (a redirect to a
  // verification host still reads with the site's rules), else the
  // canonical link's host (found after parsing, below).
  const rules::SiteRules* site = forced;
  if (site == nullptr && in.url) site = rules_.for_url(*in.url);

  if (in.http_status && !is_2xx(*in.http_status)) {
    rec.site = site ? std::optional<std::string>(site->id) : std::nullopt;
    if (site) rec.rules_sha256 = site->sha256;
    rec.status = RecordStatus::kHttpError;
    rec.error = RecordError{status_name(RecordStatus::kHttpError),
                            "HTTP status " + std::to_string(*in.http_status)};
    return rec;
  }

  charset::Hints hints;
  hints.content_type = in.content_type;
  hints.override_label = in.charset_override;
  if (site) hints.default_label = site->default_charset;
  auto decoded = charset::decode(in.bytes, hints);
  if (!decoded) {
    rec.status = RecordStatus::kFetchError;
    rec.error = RecordError{"bad_encoding", decoded.error().message};
    return rec;
  }
  rec.fetch.charset = decoded->charset;
  rec.fetch.charset_source = charset::source_name(decoded->source);
  if (decoded->replacements > 0) {
    rec.warnings.push_back(Warning{"fetch.charset", "decode_errors",
                                   std::to_string(decoded->replacements) +
                                       " byte sequence(s) invalid in " +
                                       decoded->charset +
                                       " replaced by U+FFFD"});
  }

  // Script and style text is dropped before parsing unless the site (or,
  // for a site not known yet, any site) has a selector naming them.
  dom::ParseOptions parse_options;
  parse_options.drop_raw_text =
      site ? !site->keeps_raw_text : !rules_.keeps_raw_text();
  auto doc = dom::Document::parse(decoded->utf8, parse_options);
  if (!doc) {
    const bool too_deep = doc.error().code == Errc::kTooLarge;
    rec.status =
        too_deep ? RecordStatus::kTooLarge : RecordStatus::kNotQuestionPage;
    rec.error =
        RecordError{too_deep ? "too_deep" : "parse_error", doc.error().message};
    if (site) {
      rec.site = site->id;
      rec.rules_sha256 = site->sha256;
    }
    return rec;
  }
  const dom::Node top = doc->document();

  static const auto kCanonical =
      selector::Selector::parse("link[rel~=canonical][href]");
  std::optional<std::string> canonical;
  if (dom::Node link = kCanonical->select_first(top)) {
    canonical = normalize::absolute_url(std::string(*link.attr("href")), "");
  }
  if (site == nullptr && canonical) site = rules_.for_url(*canonical);
  if (!rec.url && canonical) rec.url = canonical;

  static const auto kTitle = selector::Selector::parse("title");
  if (dom::Node t = kTitle->select_first(top)) {
    std::string title = collapse_whitespace(t.text_content());
    if (!title.empty()) rec.page.title = title;
  }

  if (site == nullptr) {
    rec.status = RecordStatus::kUnsupportedSite;
    const std::string host = rules::url_host(rec.url.value_or(""));
    rec.error = RecordError{
        status_name(RecordStatus::kUnsupportedSite),
        host.empty() ? "no URL given and no canonical link: use --url or --site"
                     : "no selector file covers host '" + host + "'"};
    return rec;
  }
  rec.site = site->id;
  rec.rules_sha256 = site->sha256;
  // Links resolve against the page's own address (after redirects).
  const std::string base =
      rec.final_url.value_or(rec.url.value_or(canonical.value_or("")));

  FieldReader::AlternativeLog used;
  const FieldReader page(top, &used);
  // Breadcrumbs.
  for (auto& [name, href] : page.links(site->field("page.breadcrumbs"))) {
    rec.page.breadcrumbs.push_back(
        Crumb{name, normalize::absolute_url(href, base)});
  }

  // Question.
  Question q;
  q.title = page.one(site->field("question.title"));
  q.body = page.one(site->field("question.body"));
  if (auto g = page.one(site->field("question.gender")))
    q.gender = normalize::gender(*g);
  if (auto a = page.one(site->field("question.age")))
    q.age_years = normalize::age_years(*a);
  if (auto t = page.one(site->field("question.asked_at"))) {
    q.asked_at = normalize::to_rfc3339(*t, site->utc_offset);
  }
  q.tags = page.many(site->field("question.tags"));

  // Answers.
  const rules::FieldRule* answers_rule = site->field("answers");
  const std::vector<dom::Node> answer_nodes = page.nodes(answers_rule);

  const bool has_landmark = !rec.page.breadcrumbs.empty() ||
                            q.title.has_value() || !answer_nodes.empty();
  if (!has_landmark) {
    rec.status = RecordStatus::kNotQuestionPage;
    std::string msg =
        "none of the question-page landmarks (breadcrumb, question title, "
        "answers) is on the page";
    if (rec.final_url && rec.url &&
        rules::url_host(*rec.final_url) != rules::url_host(*rec.url)) {
      msg += "; the request was redirected to " + *rec.final_url;
    }
    if (in.bytes.empty()) msg = "the page is empty (0 bytes)";
    rec.error = RecordError{status_name(RecordStatus::kNotQuestionPage), msg};
    return rec;
  }

  rec.page.category_path = normalize::category_path(
      [&] {
        std::vector<normalize::Crumb> crumbs;
        for (const Crumb& c : rec.page.breadcrumbs)
          crumbs.emplace_back(c.name, c.url);
        return crumbs;
      }(),
      q.title.value_or(""));

  if (!q.title && rec.page.title) {
    // A question page without a title element: the document title, less the
    // site's suffix, is the next best thing.
    std::string t = *rec.page.title;
    for (const std::string& suffix : site->title_suffixes) {
      const std::size_t at = t.find(suffix);
      if (at != std::string::npos) t.erase(at);
    }
    t = collapse_whitespace(t);
    if (!t.empty()) {
      q.title = t;
      rec.warnings.push_back(Warning{"question.title", "repaired",
                                     "taken from the document title: " +
                                         where(site->field("question.title"))});
    }
  }
  const bool question_found = q.title || q.body;
  if (question_found) rec.question = std::move(q);

  // The drugs box first: its names count as treatments in the answers.
  rec.drugs = read_drugs(top, *site, base, rec.warnings);
  std::vector<std::string> known_drugs;
  for (const Drug& d : rec.drugs) known_drugs.push_back(d.name);
  rec.encyclopedia = read_encyclopedia(top, *site, rec.warnings);
  rec.recommended_doctors = read_recommended_doctors(top, *site, rec.warnings);

  for (std::size_t i = 0; i < answer_nodes.size(); ++i) {
    const FieldReader r(answer_nodes[i], &used);
    Answer a;
    a.doctor = read_doctor(r, *site, base);
    const std::vector<normalize::Paragraph> paragraphs =
        r.paragraphs(site->field("answer.text"));
    std::vector<std::string> texts;
    for (const auto& p : paragraphs) texts.push_back(p.text);
    const std::string text = normalize::join_paragraphs(texts);
    if (!text.empty()) a.text = text;
    normalize::AnswerParts parts =
        normalize::split_numbered(paragraphs, known_drugs, *site->lexicon);
    a.summary = std::move(parts.summary);
    a.advice = std::move(parts.advice);
    for (normalize::Cause& c : parts.causes) {
      a.causes.push_back(Cause{c.index, std::move(c.name), std::move(c.detail),
                               std::move(c.treatments)});
    }
    if (auto t = r.one(site->field("answer.answered_at"))) {
      a.answered_at = normalize::to_rfc3339(*t, site->utc_offset);
      if (!a.answered_at) {
        rec.warnings.push_back(
            Warning{"answers[" + std::to_string(i) + "].answered_at",
                    "unparsed", "no date in '" + *t + "'"});
      }
    }
    // Every required answer field (rules/fields.h), in table order.
    for (const rules::FieldSpec& spec : rules::field_specs()) {
      if (!spec.per_answer()) continue;
      const rules::FieldRule* rule = site->field(spec.key);
      if (!rule || !rule->required || answer_has(a, spec.id)) continue;
      std::string at = "answers[";
      at.append(std::to_string(i)).append("].");
      at.append(spec.key.substr(std::string_view("answer.").size()));
      warn_missing(rec, at, rule);
    }
    rec.answers.push_back(std::move(a));
  }

  // Every required page and question field.
  for (const rules::FieldSpec& spec : rules::field_specs()) {
    if (spec.per_answer()) continue;
    const rules::FieldRule* rule = site->field(spec.key);
    if (!rule || !rule->required || field_present(rec, spec.id)) continue;
    warn_missing(rec, std::string(spec.key), rule);
  }
  const bool missing_required =
      std::any_of(rec.warnings.begin(), rec.warnings.end(),
                  [](const Warning& w) { return w.code == "missing"; });
  rec.status = missing_required ? RecordStatus::kPartial : RecordStatus::kOk;
  for (const auto& [key, rule] : site->fields) {
    if (rule.select.size() < 2) continue;
    if (auto it = used.find(&rule); it != used.end())
      rec.alternatives[key] = it->second;
  }
  return rec;
}

}  // namespace qascrape::extract
