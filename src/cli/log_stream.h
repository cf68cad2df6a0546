#pragma once

#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>

namespace qascrape::cli {

// The log of a run: stderr, or --log-file's file. Lines written to a file or
// a pipe start with a UTC time ("2026-12-03T15:50:08Z "), as a log read
// later needs; on a terminal they are left as they are.
class LogStream : public std::ostream {
 public:
  LogStream(std::streambuf* target, bool timestamps);

 private:
  class Buf : public std::streambuf {
   public:
    Buf(std::streambuf* target, bool timestamps)
        : target_(target), timestamps_(timestamps) {}

   protected:
    int overflow(int c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override { return target_->pubsync(); }

   private:
    void put(char c);
    std::streambuf* target_;
    bool timestamps_;
    bool at_line_start_ = true;
    std::mutex mu_;  // lines from several threads stay whole per write
  };
  Buf buf_;
};

}  // namespace qascrape::cli
