// write owns the JSON Lines records: a Record as one line in the contract's
// key order, read back from one, and appending lines to a file or stdout; it
// may use core and extract.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "extract/record.h"

namespace qascrape::write {

// The record as JSON, keys in the contract's order.
nlohmann::ordered_json to_json(const extract::Record& record);

// One line, '\n'-terminated, always valid UTF-8 (a bad byte, which should
// never reach here, becomes U+FFFD rather than an exception).
std::string to_json_line(const extract::Record& record);

// The record a line holds (with or without its '\n'): the inverse of
// to_json_line. Errc::kInvalidInput naming the first bad place for a line
// that is not JSON, not an object, another schema_version, an unknown
// status, or a key of the wrong type ("answers[1].doctor.name: not a
// string"). Keys it does not know are ignored.
Result<extract::Record> from_json_line(std::string_view line);

// The file records go to for an -o target: "-" (stdout) and file paths as
// they are, an existing folder as FOLDER/records.jsonl.
std::string output_path(const std::string& target);

// Whether a file could be written at `path`, found out without creating or
// changing anything (so a run can fail before its work, not after): an
// existing file must be writable, a new one's folder must exist and be
// writable. "-" (stdout) passes. Errc::kIo naming the path otherwise.
Status check_writable(const std::string& path);

// Appends whole lines to a file (or stdout for "-"), each with a single
// write(2), so a killed run leaves at most one torn last line.
class LineSink {
 public:
  // `target`: "-" for stdout, a file path, or an existing folder (then
  // records.jsonl inside it). `truncate`: start the file empty.
  static Result<LineSink> open(const std::string& target, bool truncate);
  LineSink(LineSink&& other) noexcept;
  LineSink& operator=(LineSink&& other) noexcept;
  LineSink(const LineSink&) = delete;
  LineSink& operator=(const LineSink&) = delete;
  ~LineSink();

  Status write_line(std::string_view line);
  Status sync();  // fsync for a file; nothing for stdout
  const std::string& path() const { return path_; }

 private:
  LineSink(int fd, bool owned, std::string path)
      : fd_(fd), owned_(owned), path_(std::move(path)) {}
  int fd_ = -1;
  bool owned_ = false;
  std::string path_;
};

}  // namespace qascrape::write
