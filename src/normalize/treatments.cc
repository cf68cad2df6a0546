// Drugs and procedures recommended inside an answer item.
//
// Rules (contract "Treatments"):
//  * Candidates follow an example word (如, 例如, 比如, 诸如, 譬如) or a use
//    verb (使用, 服用, 口服, 外用, 应用, 采用, 可用, 选用), inside one sentence
//    (split at 。！？；!?; and newlines). 如 in 如果/如何/如此/如下/... or
//    after 假/不/... is no example word.
//  * The candidate list is split at 、 和 及 或 与 以及 /, and ends at 等, at
//    other punctuation, at the next example word, or where the sentence goes
//    on (a verb or particle such as 来, 进行, 治疗, 缓解, 以, 的, 可, 能);
//    drug names containing such characters (对乙酰氨基酚, 可的松, 来曲唑...)
//    are protected. "A中的B" names B.
//  * A candidate counts when it reads as a drug or procedure: it ends with a
//    dosage form (片, 胶囊, 注射液, 软膏, ...), a procedure (…术, …疗法), is a
//    known drug (the page's 适用药品 box), has a common drug-name ending
//    (…洛芬, …西林, …霉素, …沙星, 维生素B1, ...), or — after an example word
//    only — a treatment word (使用, 治疗, 药物, 药, 手术, ...) occurs earlier
//    in the sentence, or — after a use verb only — the list is closed by
//    "等药物"-like words. Generic words (药物, 手术, 抗生素, …类…) never count.
//  * A treatment word counts only when no word of cause or consequence
//    (引起, 导致, 诱发, 并发, 出现, …) stands between it and X; an X that reads
//    as a disease, symptom or finding (…炎, …症, …病, 综合征, 感染, 失衡, …)
//    is no treatment unless it is also a dosage form or a procedure.
#include <algorithm>

#include "core/text.h"
#include "normalize/normalize.h"
#include "normalize/utf8.h"

namespace qascrape::normalize {

namespace {

using internal::CodePoint;
using internal::decode_at;
using std::string_view;

constexpr std::size_t kMaxItemBytes = 120;
constexpr std::size_t kMaxListBytes = 300;

bool starts(string_view s, std::size_t pos, string_view w) {
  return s.substr(pos).starts_with(w);
}

using Words = std::vector<std::string>;

// The length of the (longest, as the lexicon keeps them first) word of
// `words` at pos, or 0.
std::size_t match_any(string_view s, std::size_t pos, const Words& words) {
  for (string_view w : words) {
    if (starts(s, pos, w)) return w.size();
  }
  return 0;
}

bool ends_any(string_view s, const Words& words) {
  for (string_view w : words) {
    if (s.ends_with(w)) return true;
  }
  return false;
}

// True when cp is one of the one-character entries of `set`.
bool in_set(const Words& set, char32_t cp) {
  for (const std::string& e : set) {
    if (!e.empty() && decode_at(e, 0).value == cp) return true;
  }
  return false;
}

bool is_terminator(char32_t cp) {
  switch (cp) {
    case U'，':
    case U'。':
    case U'；':
    case U'：':
    case U'！':
    case U'？':
    case U',':
    case U';':
    case U':':
    case U'!':
    case U'?':
    case U'（':
    case U'）':
    case U'(':
    case U')':
    case U'“':
    case U'”':
    case U'"':
    case U'《':
    case U'》':
    case U'【':
    case U'】':
    case U'[':
    case U']':
    case U'\n':
      return true;
    default:
      return false;
  }
}

bool is_sentence_end(char32_t cp) {
  switch (cp) {
    case U'。':
    case U'！':
    case U'？':
    case U'；':
    case U'!':
    case U'?':
    case U';':
    case U'\n':
      return true;
    default:
      return false;
  }
}

// Reads treatments with one lexicon's words.
class Reader {
 public:
  explicit Reader(const rules::Lexicon& lex) : lex_(lex) {}

  // Length in bytes of an example word or use verb starting at pos (0: none);
  // sets is_example accordingly.
  std::size_t trigger_at(string_view s, std::size_t pos, bool& is_example) {
    if (std::size_t n = match_any(s, pos, lex_.example_words)) {
      is_example = true;
      return n;
    }
    if (std::size_t n = match_any(s, pos, lex_.use_verbs)) {
      if (starts(s, pos, "可用") && starts(s, pos + n, "于")) return 0;
      is_example = false;
      return n;
    }
    if (starts(s, pos, "如")) {
      char32_t prev = 0;
      if (pos > 0) {
        // Step back over continuation bytes to the previous code point.
        std::size_t b = pos - 1;
        while (b > 0 && pos - b < 4 &&
               (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) {
          --b;
        }
        prev = decode_at(s, b).value;
      }
      const std::size_t after = pos + string_view("如").size();
      const char32_t next = after < s.size() ? decode_at(s, after).value : 0;
      if (in_set(lex_.ru_not_after, prev) || in_set(lex_.ru_not_before, next))
        return 0;
      is_example = true;
      return after - pos;
    }
    return 0;
  }

  bool is_specific(string_view x, const std::vector<std::string>& known_drugs) {
    for (const std::string& k : known_drugs) {
      if (!k.empty() && internal::cp_count(k) >= 2 && x.ends_with(k))
        return true;
    }
    if (ends_any(x, lex_.dosage_forms) &&
        !ends_any(x, lex_.form_false_friends) && internal::cp_count(x) >= 2) {
      return true;
    }
    if (x.ends_with("术") && !ends_any(x, lex_.non_procedures) && x != "手术") {
      return true;
    }
    if (x.ends_with("疗法") && x != "疗法" && x != "物理疗法") return true;
    if (ends_any(x, lex_.drug_endings) || ends_any(x, lex_.protected_names) ||
        x.starts_with("头孢")) {
      return true;
    }
    // 维生素B1, 维生素C, 维生素B12: a vitamin letter makes it specific.
    if (x.starts_with("维生素") && x.size() > string_view("维生素").size()) {
      const char c = x[string_view("维生素").size()];
      return c >= 'A' && c <= 'Z';
    }
    return false;
  }

  // A dosage form or a procedure (…术, …疗法): what a finding-like name must
  // also be to count.
  bool is_form_or_procedure(string_view x) {
    if (ends_any(x, lex_.dosage_forms) && !ends_any(x, lex_.form_false_friends))
      return true;
    if (x.ends_with("术") && !ends_any(x, lex_.non_procedures)) return true;
    return x.ends_with("疗法");
  }

  bool reads_as_finding(string_view x) {
    return ends_any(x, lex_.finding_endings) && !is_form_or_procedure(x);
  }

  bool is_generic(string_view x) {
    for (string_view g : lex_.generic_words) {
      if (x == g) return true;
    }
    for (string_view form : lex_.dosage_forms) {
      if (x == form) return true;  // 吸入剂 alone names no drug
    }
    return x.find("类") != string_view::npos || x.ends_with("药") ||
           x.ends_with("药物") || x.ends_with("药品");
  }

  string_view strip_leading_verbs(string_view x) {
    for (bool changed = true; changed;) {
      changed = false;
      x = internal::trim(x);
      for (string_view v : lex_.leading_verbs) {
        if (x.starts_with(v) && x.size() > v.size()) {
          x.remove_prefix(v.size());
          changed = true;
        }
      }
    }
    return x;
  }

  // Reads the list after a trigger; `closed_by_class` tells whether it ended
  // with "等药物"-like words.
  // Where a name starting before `pos` would end at the latest: the next
  // separator, 等 or punctuation (bounded, so the scan stays linear).
  std::size_t name_end(string_view s, std::size_t pos) {
    const std::size_t limit = std::min(s.size(), pos + kMaxItemBytes);
    while (pos < limit) {
      const CodePoint c = decode_at(s, pos);
      if (is_terminator(c.value) || c.value == U'等' ||
          match_any(s, pos, lex_.separators))
        break;
      pos += c.size;
    }
    return std::min(pos, s.size());
  }

  std::vector<std::string> read_list(
      string_view s, std::size_t pos,
      const std::vector<std::string>& known_drugs, bool& closed_by_class,
      std::size_t& end) {
    std::vector<std::string> items;
    closed_by_class = false;
    while (pos < s.size()) {
      const CodePoint c = decode_at(s, pos);
      if (!is_unicode_space(c.value) && c.value != U'：' && c.value != U':') {
        break;
      }
      pos += c.size;
    }
    const std::size_t list_start = pos;
    std::size_t item_start = pos;
    auto flush = [&](std::size_t end) {
      string_view x =
          strip_leading_verbs(s.substr(item_start, end - item_start));
      if (!x.empty()) items.emplace_back(x);
    };
    while (pos < s.size()) {
      if (std::size_t n = match_any(s, pos, lex_.protected_names)) {
        pos += n;
        continue;
      }
      if (starts(s, pos, "中的")) {
        pos += string_view("中的").size();
        item_start = pos;
        continue;
      }
      // Far longer than any name or list: the sentence went on. This also
      // keeps the scan linear on hostile input.
      if (pos - item_start > kMaxItemBytes ||
          pos - list_start > kMaxListBytes) {
        break;
      }
      const CodePoint c = decode_at(s, pos);
      if (is_terminator(c.value)) {
        flush(pos);
        break;
      }
      if (c.value == U'等') {
        flush(pos);
        // "等药物", "等抗生素": the list is a list of drugs.
        // Only the next few characters matter; a bounded look keeps it linear.
        std::size_t tail_end = pos + c.size;
        while (tail_end < s.size() && tail_end - pos < 16 &&
               !is_terminator(decode_at(s, tail_end).value)) {
          tail_end += decode_at(s, tail_end).size;
        }
        string_view tail = s.substr(pos + c.size, tail_end - pos - c.size);
        closed_by_class =
            internal::contains_any(tail, {"药", "抗生素", "激素", "制剂"});
        pos += c.size;
        break;
      }
      bool example = false;
      const bool trigger = pos > item_start && trigger_at(s, pos, example);
      if (match_any(s, pos, lex_.cut_words) || trigger) {
        // A name may hold a cut word or verb (塞来昔布胶囊,
        // 小儿肺热咳喘口服液): unless the text before it already is a drug
        // (维生素B12来缓解), the name runs to the longest drug-reading end
        // before the next separator (复方甘草口服溶液来缓解不适 gives
        // 复方甘草口服溶液).
        auto reads_as_drug = [&](std::size_t e) {
          const string_view x =
              strip_leading_verbs(s.substr(item_start, e - item_start));
          return !x.empty() && is_specific(x, known_drugs) && !is_generic(x);
        };
        // No drug name holds an example word (如, 例如): one always ends it.
        std::size_t longest = 0;
        if (!(trigger && example) && !reads_as_drug(pos)) {
          const std::size_t span_end = name_end(s, pos);
          bool unused = false;
          for (std::size_t e = pos + c.size; e <= span_end;) {
            if (reads_as_drug(e)) longest = e;
            if (e == span_end || match_any(s, e, lex_.cut_words) ||
                trigger_at(s, e, unused))
              break;
            e += decode_at(s, e).size;
          }
        }
        if (longest > pos) {
          pos = longest;
          continue;
        }
        flush(pos);
        break;
      }
      if (std::size_t n = match_any(s, pos, lex_.separators)) {
        flush(pos);
        pos += n;
        item_start = pos;
        continue;
      }
      pos += c.size;
    }
    if (pos >= s.size()) flush(s.size());
    end = pos;
    return items;
  }

  void scan_sentence(string_view s, const std::vector<std::string>& known_drugs,
                     std::vector<std::string>& out) {
    // Ends of the sentence's treatment words and starts of its cause words:
    // a treatment word reaches a trigger only when no cause word lies between.
    std::vector<std::size_t> treatment_ends, cause_starts;
    for (string_view w : lex_.treatment_words) {
      for (std::size_t at = s.find(w); at != string_view::npos;
           at = s.find(w, at + 1)) {
        treatment_ends.push_back(at + w.size());
      }
    }
    for (string_view w : lex_.cause_words) {
      for (std::size_t at = s.find(w); at != string_view::npos;
           at = s.find(w, at + 1)) {
        cause_starts.push_back(at);
      }
    }
    auto treatment_reaches = [&](std::size_t pos) {
      for (std::size_t t : treatment_ends) {
        if (t > pos) continue;
        const bool cut =
            std::any_of(cause_starts.begin(), cause_starts.end(),
                        [&](std::size_t c) { return c >= t && c < pos; });
        if (!cut) return true;
      }
      return false;
    };
    for (std::size_t pos = 0; pos < s.size();) {
      bool is_example = false;
      const std::size_t n = trigger_at(s, pos, is_example);
      if (n == 0) {
        pos += decode_at(s, pos).size;
        continue;
      }
      bool closed_by_class = false;
      std::size_t list_end = pos + n;
      const std::vector<std::string> items =
          read_list(s, pos + n, known_drugs, closed_by_class, list_end);
      const bool treatment_before = treatment_reaches(pos);
      for (const std::string& x : items) {
        const std::size_t chars = internal::cp_count(x);
        if (chars < 2 || chars > 25 || is_generic(x) || reads_as_finding(x)) {
          continue;
        }
        const bool ok = is_specific(x, known_drugs) ||
                        (is_example ? treatment_before : closed_by_class);
        if (ok && std::find(out.begin(), out.end(), x) == out.end()) {
          out.push_back(x);
        }
      }
      // Words inside the list were read with it; go on after it.
      pos = std::max(pos + n, list_end);
    }
  }

 private:
  const rules::Lexicon& lex_;
};

}  // namespace

std::vector<std::string> find_treatments(
    std::string_view text, const std::vector<std::string>& known_drugs,
    const rules::Lexicon& lex) {
  Reader reader(lex);
  std::vector<std::string> out;
  std::vector<std::string> known;
  for (const std::string& k : known_drugs) known.push_back(collapse_ws(k));
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint c = decode_at(text, i);
    i += c.size;
    if (is_sentence_end(c.value) || i >= text.size()) {
      reader.scan_sentence(text.substr(start, i - start), known, out);
      start = i;
    }
  }
  return out;
}

}  // namespace qascrape::normalize
