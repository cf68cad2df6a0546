// rules owns the selector files (selectors/<site>.json) and the lexicon
// (selectors/lexicon.json): loading, validating and matching them to URLs;
// it may use core, charset, dom and selector.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "rules/lexicon.h"
#include "selector/selector.h"

namespace qascrape::rules {

// What a field takes from each matched element.
enum class Take {
  kText,     // the element's text, white space collapsed
  kOwnText,  // only the element's own text nodes (not its children's)
  kLines,    // rendered lines, one paragraph each
  kAttr,     // an attribute value (FieldRule::attr)
  kLink,     // {text, href}: for breadcrumbs
};

// One step applied to a field's text, in order. See selectors/README.md.
struct Transform {
  enum class Kind {
    kStripLabel,   // drop a leading "label:" / "label："
    kStripPrefix,  // drop a literal prefix
    kStripSuffix,  // drop a literal suffix
    kAfter,        // keep what follows the first occurrence of arg
    kBefore,       // keep what precedes the first occurrence of arg
    kSplitList,    // split into a list on 、，,；; and spaces
  };
  Kind kind;
  std::string arg;
};

struct FieldRule {
  std::string key;  // e.g. "answer.doctor.name", for messages
  std::vector<selector::Selector> select;  // alternatives: first that matches
  Take take = Take::kText;
  std::string attr;   // for Take::kAttr
  int index = 0;      // which match, for single-valued fields
  bool list = false;  // every match is one item
  std::optional<selector::Selector> until;  // kLines: also the following
                                            // siblings, up to this one
  std::vector<Transform> transforms;
  bool required = false;
};

// A side box found by its heading text, never by class names.
struct BoxRule {
  std::string heading;
  std::map<std::string, std::string> labels;  // field -> label text
  std::string anchor;  // recommended doctors: the per-item link text (提问)
};

struct SiteRules {
  std::string id;                  // "ask39"
  std::string name;                // human-readable
  std::vector<std::string> hosts;  // exact hosts or ".suffix" entries
  std::string utc_offset = "+08:00";
  std::string default_charset = "gb18030";
  std::vector<std::string>
      title_suffixes;                   // stripped from <title> for fallbacks
  std::vector<std::string> skip_texts;  // box texts that are chrome ("更多")
  std::map<std::string, FieldRule> fields;  // by key
  std::optional<BoxRule> encyclopedia, drugs, recommended_doctors;
  // Selector health: field key -> the least fraction of question pages on
  // which it should come out non-empty.
  std::map<std::string, double> health;
  int health_min_pages = 1;  // no verdict on fewer pages

  // The words extraction reads for this site: the rule set's lexicon plus
  // the file's own "lexicon" additions. Never null.
  std::shared_ptr<const Lexicon> lexicon;
  std::string lexicon_additions;  // the file's "lexicon" object, as JSON

  // A field selector names <script> or <style> as a type: pages of this
  // site are parsed with those elements' text kept (dom::ParseOptions).
  bool keeps_raw_text = false;

  std::string path;    // the file it came from
  std::string sha256;  // of the file's bytes

  const FieldRule* field(std::string_view key) const;
  bool matches_host(std::string_view host) const;
  // Every heading of this site's boxes, so one box's region stops at the next.
  std::vector<std::string> box_headings() const;
};

// Parses one selector file's text. `path` is used in error messages.
Result<SiteRules> parse_site(std::string_view json_text,
                             const std::string& path);
Result<SiteRules> load_site(const std::filesystem::path& file);

// All selector files of a folder (*.json), sorted by id. Any bad file is an
// Errc::kConfig error naming the file and place.
class RuleSet {
 public:
  static Result<RuleSet> load_dir(const std::filesystem::path& dir);
  explicit RuleSet(std::vector<SiteRules> sites);

  const SiteRules* by_id(std::string_view id) const;
  // The site whose hosts match the URL's host, or nullptr.
  const SiteRules* for_url(std::string_view url) const;
  const std::vector<SiteRules>& sites() const { return sites_; }
  // Some site keeps script/style text (for a page whose site is not known
  // before it is parsed).
  bool keeps_raw_text() const;

 private:
  std::vector<SiteRules> sites_;
};

// Whether a selector's text names `script` or `style` as a type (not as a
// class, id, attribute or quoted text). Erring on "yes" only costs time.
bool names_raw_text_tag(std::string_view selector);

// Lower-cased host of an http(s) URL ("" if none).
std::string url_host(std::string_view url);

}  // namespace qascrape::rules
