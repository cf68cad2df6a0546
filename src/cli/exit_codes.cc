// What each exit code means, per command: one table that --help, the
// top-level help and doc/qascrape.1's EXIT STATUS (checked by
// scripts/check-manpage.sh) follow.
#include <sstream>

#include "cli/cli.h"
#include "pipeline/pipeline.h"

namespace qascrape::cli {

namespace {

using namespace pipeline;

struct ExitRow {
  const char* commands;  // space-separated, "*" for every command
  int code;
  const char* meaning;
};

// In code order; a command's rows are those naming it (or "*").
const ExitRow kRows[] = {
    {"crawl parse", kExitOk, "every input gave an ok/partial record"},
    {"load", kExitOk, "every line loaded (or kept out as older)"},
    {"check", kExitOk, "every case gave its expected record"},
    {"sites explain", kExitOk, "done"},
    {"crawl parse", kExitSomeFailed,
     "the run completed and some inputs failed (their records say why)"},
    {"load", kExitSomeFailed,
     "some lines were skipped (reported as FILE:LINE: reason) or a file "
     "could not be read"},
    {"check", kExitSomeFailed, "some cases differ from their expected record"},
    {"explain", kExitSomeFailed, "the page could not be read or decoded"},
    {"*", kExitUsage, "usage error"},
    {"*", kExitConfig, "bad selector file or config"},
    {"*", kExitOutput,
     "output could not be written (load: the database could not be opened "
     "or written)"},
    {"crawl parse load", kExitHealth,
     "selector health: a field came out empty far more often than its "
     "selector file expects (stderr names the site, field and selector)"},
    {"crawl", kExitInterrupted, "interrupted (output flushed, resumable)"},
};

bool names(const char* commands, std::string_view command) {
  if (command.empty() || std::string_view(commands) == "*") return true;
  std::istringstream words(commands);
  for (std::string w; words >> w;)
    if (w == command) return true;
  return false;
}

}  // namespace

std::string exit_codes_help(std::string_view command) {
  std::ostringstream out;
  out << "Exit codes:\n";
  for (const ExitRow& r : kRows) {
    if (!names(r.commands, command)) continue;
    std::string code = std::to_string(r.code);
    code.resize(5, ' ');
    std::string text = r.meaning;
    if (command.empty() && std::string_view(r.commands) != "*")
      text.append(" [").append(r.commands).append("]");
    // Wrapped to 79 columns under the meaning's first column.
    std::string line = "  " + code;
    std::istringstream words(text);
    bool first = true;
    for (std::string w; words >> w; first = false) {
      if (!first && line.size() + 1 + w.size() > 79) {
        out << line << "\n";
        line = std::string(7, ' ');
        first = true;
      }
      if (!first) line.push_back(' ');
      line.append(w);
    }
    out << line << "\n";
  }
  return out.str();
}

}  // namespace qascrape::cli
