// page.category_path from the breadcrumb trail.
#include "normalize/normalize.h"

namespace qascrape::normalize {

namespace {

bool is_home_name(const std::string& name) {
  std::string compact;
  for (char c : name) {
    if (c != ' ') compact.push_back(c);
  }
  return compact == "首页" || compact == "网站首页" || compact == "主页";
}

// True for "https://host", "https://host/", not for "https://host/?q".
bool is_site_root(const std::optional<std::string>& url) {
  if (!url) return false;
  const std::size_t scheme_end = url->find("://");
  if (scheme_end == std::string::npos) return false;
  const std::size_t path_begin = url->find_first_of("/?#", scheme_end + 3);
  if (path_begin == std::string::npos) return true;
  std::string_view rest = std::string_view(*url).substr(path_begin);
  const std::size_t hash = rest.find('#');
  rest = rest.substr(0, hash);
  return rest.empty() || rest == "/";
}

}  // namespace

std::vector<std::string> category_path(const std::vector<Crumb>& crumbs,
                                       std::string_view question_title) {
  struct Item {
    std::string name;
    std::optional<std::string> url;
  };
  std::vector<Item> items;
  for (const Crumb& c : crumbs) {
    std::string name = collapse_ws(c.first);
    // A trailing ">" separator sometimes sticks to the link text.
    while (!name.empty() && (name.back() == '>')) name.pop_back();
    name = collapse_ws(name);
    if (name.empty()) continue;
    std::optional<std::string> url = c.second;
    if (url && url->empty()) url.reset();
    items.push_back({name, url});
  }

  std::size_t begin = 0;
  while (begin < items.size() &&
         (is_home_name(items[begin].name) || is_site_root(items[begin].url))) {
    ++begin;
  }
  std::size_t end = items.size();
  const std::string title = collapse_ws(question_title);
  if (end > begin && (!items[end - 1].url ||
                      (!title.empty() && items[end - 1].name == title))) {
    --end;
  }

  std::vector<std::string> out;
  for (std::size_t i = begin; i < end; ++i) {
    if (out.empty() || out.back() != items[i].name)
      out.push_back(items[i].name);
  }
  return out;
}

}  // namespace qascrape::normalize
