#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "rules/rules.h"

namespace qascrape::rules {

std::string url_host(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    rest = rest.substr(0, rest.find(']') + 1);
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  std::string host(rest);
  for (char& c : host)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

RuleSet::RuleSet(std::vector<SiteRules> sites) : sites_(std::move(sites)) {
  std::sort(sites_.begin(), sites_.end(),
            [](const SiteRules& a, const SiteRules& b) { return a.id < b.id; });
}

bool RuleSet::keeps_raw_text() const {
  return std::any_of(sites_.begin(), sites_.end(),
                     [](const SiteRules& s) { return s.keeps_raw_text; });
}

namespace {

Result<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(Errc::kConfig, file.string() + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<RuleSet> RuleSet::load_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return make_error(Errc::kConfig,
                      dir.string() + ": not a folder of selector files");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json" &&
        entry.path().filename() != kLexiconFile) {
      files.push_back(entry.path());
    }
  }
  if (ec) return make_error(Errc::kConfig, dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  // The folder's lexicon, if it has one, replaces the built-in words.
  std::shared_ptr<const Lexicon> lexicon;
  const std::filesystem::path lexicon_file = dir / kLexiconFile;
  if (std::filesystem::exists(lexicon_file, ec)) {
    auto text = read_file(lexicon_file);
    if (!text) return text.error();
    auto lex = parse_lexicon(*text, lexicon_file.string());
    if (!lex) return lex.error();
    lexicon = std::make_shared<const Lexicon>(std::move(lex.value()));
  }
  std::vector<SiteRules> sites;
  for (const auto& f : files) {
    auto site = load_site(f);
    if (!site) return site.error();
    for (const SiteRules& other : sites) {
      if (other.id == site->id) {
        return make_error(Errc::kConfig, f.string() + ": site id '" + site->id +
                                             "' is already used by " +
                                             other.path);
      }
      // One host, one selector file: otherwise which rules read a page
      // would depend on file names.
      for (const std::string& h : site->hosts) {
        if (std::find(other.hosts.begin(), other.hosts.end(), h) !=
            other.hosts.end()) {
          std::string m = f.string();
          m.append(": hosts: '").append(h).append("' is already claimed by ");
          m.append(other.path);
          return make_error(Errc::kConfig, m);
        }
      }
    }
    if (lexicon) {
      site->lexicon = lexicon;
      if (!site->lexicon_additions.empty()) {
        auto lex = extend_lexicon(*lexicon, site->lexicon_additions,
                                  f.string() + ": lexicon");
        if (!lex) return lex.error();
        site->lexicon = std::make_shared<const Lexicon>(std::move(lex.value()));
      }
    }
    sites.push_back(std::move(site.value()));
  }
  if (sites.empty()) {
    return make_error(Errc::kConfig,
                      dir.string() + ": holds no selector files (*.json)");
  }
  return RuleSet(std::move(sites));
}

const SiteRules* RuleSet::by_id(std::string_view id) const {
  for (const SiteRules& s : sites_) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const SiteRules* RuleSet::for_url(std::string_view url) const {
  const std::string host = url_host(url);
  if (host.empty()) return nullptr;
  for (const SiteRules& s : sites_) {
    if (s.matches_host(host)) return &s;
  }
  return nullptr;
}

}  // namespace qascrape::rules
