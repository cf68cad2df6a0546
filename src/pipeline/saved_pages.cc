#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pipeline/pipeline.h"
#include "pipeline/responses.h"
#include "store/store.h"

namespace qascrape::pipeline {

namespace fs = std::filesystem;

Result<std::string> read_file(const fs::path& file) {
  // One read() into a buffer sized from fstat, one byte more to see the end
  // (istreambuf_iterator cost ~16 instructions a byte); the loop also
  // serves pipes and short reads.
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(Errc::kIo, file.string() + ": cannot be read");
  struct stat st {};
  std::size_t want =
      ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? st.st_size + 1 : 65536;
  std::string bytes;
  std::size_t size = 0;
  while (true) {
    if (size == bytes.size()) bytes.resize(size + want);
    const ssize_t got = ::read(fd, bytes.data() + size, bytes.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ::close(fd);
      return make_error(Errc::kIo, file.string() + ": read error");
    }
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
    want = 65536;
  }
  ::close(fd);
  bytes.resize(size);
  return bytes;
}

namespace {

std::string lower_name(const fs::path& p) {
  std::string name = p.filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return name;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_html_name(const fs::path& p) {
  const std::string n = lower_name(p);
  return ends_with(n, ".html") || ends_with(n, ".htm");
}

bool is_warc_name(const fs::path& p) {
  const std::string n = lower_name(p);
  return ends_with(n, ".warc") || ends_with(n, ".warc.gz");
}

void walk(const fs::path& dir, std::vector<SavedInput>& out) {
  if (fs::is_regular_file(dir / "page.html")) {
    out.push_back(saved_page_folder(dir));
    return;
  }
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e);
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const auto& e : entries) {
    if (e.is_directory(ec) && !e.is_symlink(ec)) {
      walk(e.path(), out);
    } else if (e.is_regular_file(ec) && is_html_name(e.path())) {
      out.push_back(SavedInput{e.path().string(), e.path(), {}, false, false});
    } else if (e.is_regular_file(ec) && is_warc_name(e.path())) {
      out.push_back(SavedInput{e.path().string(), e.path(), {}, false, true});
    }
  }
}

std::optional<std::string> opt_string(const nlohmann::json& j,
                                      const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
  return j[key].get<std::string>();
}

}  // namespace

SavedInput saved_page_folder(const fs::path& dir) {
  SavedInput in;
  in.label = dir.string();
  in.page = dir / "page.html";
  if (fs::is_regular_file(dir / "response.json")) {
    in.response = dir / "response.json";
  }
  return in;
}

Result<std::vector<SavedInput>> collect_inputs(
    const std::vector<std::string>& paths) {
  std::vector<SavedInput> out;
  for (const std::string& p : paths) {
    if (p == "-") {
      out.push_back(SavedInput{"-", {}, {}, true});
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st))
      return make_error(Errc::kUsage, p + ": no such file or folder");
    if (fs::is_directory(st)) {
      walk(p, out);
    } else {
      out.push_back(SavedInput{p, p, {}, false, is_warc_name(p)});
    }
  }
  return out;
}

void parse_warc(
    const SavedInput& input, const extract::Extractor& extractor,
    const rules::RuleSet& rules, const ParseOptions& options,
    const std::function<void(std::function<extract::Record()>)>& submit) {
  auto fail = [&](std::string code, std::string message) {
    submit([code, message] {
      return extract::failure_record(
          std::nullopt, extract::RecordStatus::kFetchError, code, message);
    });
  };
  auto reader = store::WarcReader::open(input.page.string());
  if (!reader) return fail("io", reader.error().message);
  while (true) {
    auto rec = (*reader)->next();
    if (!rec) {
      // A damaged stretch loses only itself: the reader goes on at the next
      // record it can find, and this record says what was skipped.
      fail("bad_store", rec.error().message);
      if ((*reader)->at_end()) break;
      continue;
    }
    if (!rec->has_value()) break;
    // Pages: responses, and the metadata records crawl writes for fetches
    // that got no response (other tools' metadata is not a page).
    const auto& type = (*rec)->type;
    const bool page = type == "response" ||
                      (type == "metadata" && !(*rec)->requested_uri.empty());
    if (!page) continue;
    // shared_ptr: std::function needs a copyable job.
    auto warc = std::make_shared<store::WarcRecord>(std::move(**rec));
    submit([warc, &extractor, &rules, &options] {
      if (auto record =
              record_for_warc(*warc, extractor, rules, options.site)) {
        return std::move(*record);
      }
      return extract::failure_record(
          warc->target_uri, extract::RecordStatus::kFetchError, "bad_store",
          "a " + warc->type + " record that is not one of qascrape's pages");
    });
  }
  for (const std::string& w : (*reader)->warnings()) {
    std::cerr << "qascrape parse: " << input.label << ": " << w << "\n";
  }
}

Result<std::shared_ptr<const extract::PageInput>> stored_page(
    const fs::path& store_path, const std::string& url) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(store_path, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(store_path, ec))
      if (e.is_regular_file(ec) && is_warc_name(e.path()))
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(store_path);
  }
  struct Holder {
    store::WarcRecord warc;
    extract::PageInput input;
  };
  std::shared_ptr<Holder> found;
  for (const fs::path& f : files) {
    auto reader = store::WarcReader::open(f.string());
    if (!reader) return make_error(Errc::kIo, reader.error().message);
    while (true) {
      auto rec = (*reader)->next();
      if (!rec) return make_error(Errc::kIo, rec.error().message);
      if (!rec->has_value()) break;
      store::WarcRecord& w = **rec;
      if (w.type != "response" ||
          (w.requested_uri != url && w.target_uri != url))
        continue;
      found = std::make_shared<Holder>();
      found->warc = std::move(w);
    }
  }
  if (!found)
    return make_error(Errc::kNotFound,
                      store_path.string() + ": no stored response for " + url);
  found->input = page_input_of(found->warc);
  return std::shared_ptr<const extract::PageInput>(found, &found->input);
}

Status read_response_json(const fs::path& file, extract::PageInput& input) {
  auto text = read_file(file);
  if (!text) return text.error();
  const nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return make_error(Errc::kInvalidInput,
                      file.string() + ": not a JSON object");
  }
  input.url = opt_string(j, "url");
  input.final_url = opt_string(j, "final_url");
  input.fetched_at = opt_string(j, "fetched_at");
  input.content_type = opt_string(j, "content_type");
  if (j.contains("http_status") && j["http_status"].is_number_integer()) {
    input.http_status = j["http_status"].get<long>();
  }
  if (j.contains("attempts") && j["attempts"].is_number_integer()) {
    input.attempts = j["attempts"].get<int>();
  }
  return ok_status();
}

extract::Record parse_saved(const SavedInput& input,
                            const extract::Extractor& extractor,
                            const ParseOptions& options) {
  std::string bytes;
  if (input.is_stdin) {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    bytes = ss.str();
  } else {
    auto read = read_file(input.page);
    if (!read) {
      return extract::failure_record(options.url,
                                     extract::RecordStatus::kFetchError, "io",
                                     read.error().message);
    }
    bytes = std::move(read.value());
  }
  extract::PageInput page;
  page.bytes = bytes;
  page.charset_override = options.charset;
  if (!input.response.empty()) {
    if (Status s = read_response_json(input.response, page); !s) {
      return extract::failure_record(options.url,
                                     extract::RecordStatus::kFetchError,
                                     "bad_metadata", s.error().message);
    }
  }
  if (options.url) page.url = options.url;
  return extractor.extract(page, options.site);
}

}  // namespace qascrape::pipeline
