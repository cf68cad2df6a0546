#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "write/write.h"

namespace qascrape::write {

std::string output_path(const std::string& target) {
  std::error_code ec;
  if (target != "-" && std::filesystem::is_directory(target, ec)) {
    return (std::filesystem::path(target) / "records.jsonl").string();
  }
  return target;
}

Status check_writable(const std::string& path) {
  if (path == "-") return ok_status();
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::is_directory(st))
    return make_error(Errc::kIo, path + ": is a folder");
  if (fs::exists(st)) {
    if (::access(path.c_str(), W_OK) != 0)
      return make_error(Errc::kIo,
                        path + ": cannot write: " + std::strerror(errno));
    return ok_status();
  }
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    return make_error(Errc::kIo, path + ": cannot create (" + dir.string() +
                                     ": " + std::strerror(errno) + ")");
  return ok_status();
}

Result<LineSink> LineSink::open(const std::string& target, bool truncate) {
  if (target == "-") return LineSink(STDOUT_FILENO, false, "-");
  const std::string path = output_path(target);
  const int flags =
      O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) {
    return make_error(
        Errc::kIo, path + ": cannot open for writing: " + std::strerror(errno));
  }
  return LineSink(fd, true, path);
}

LineSink::LineSink(LineSink&& other) noexcept
    : fd_(other.fd_), owned_(other.owned_), path_(std::move(other.path_)) {
  other.fd_ = -1;
  other.owned_ = false;
}

LineSink& LineSink::operator=(LineSink&& other) noexcept {
  if (this != &other) {
    if (owned_ && fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    owned_ = other.owned_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
    other.owned_ = false;
  }
  return *this;
}

LineSink::~LineSink() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

Status LineSink::write_line(std::string_view line) {
  // One write(2) per record with O_APPEND; loop only on a short write (a
  // pipe or a full disk), which a regular file does not do below 2 GiB.
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error(Errc::kIo,
                        path_ + ": write failed: " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  return ok_status();
}

Status LineSink::sync() {
  if (!owned_) return ok_status();
  if (::fsync(fd_) != 0 && errno != EINVAL) {
    return make_error(Errc::kIo,
                      path_ + ": fsync failed: " + std::strerror(errno));
  }
  return ok_status();
}

}  // namespace qascrape::write
