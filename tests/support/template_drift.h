#pragma once

#include <string>

namespace qascrape::testing {

// The seed page as a site would serve it after renaming one class
// (span.doc_name -> span.doctor-name): the template change selector health
// and `explain` must catch.
inline std::string with_doc_name_renamed(std::string page) {
  for (std::size_t at = page.find("doc_name"); at != std::string::npos;
       at = page.find("doc_name", at))
    page.replace(at, 8, "doctor-name");
  return page;
}

}  // namespace qascrape::testing
