#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "core/version.h"
#include "pipeline/pipeline.h"

namespace {

namespace cli = qascrape::cli;

// Every command: its name, what it does, and how it runs.
struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args);
};
const Command kCommands[] = {
    {"crawl", "fetch a URL list politely, store every response, write records",
     cli::run_crawl},
    {"parse", "re-parse saved pages (files, folders, page stores, stdin)",
     cli::run_parse},
    {"check", "replay the fixture pages against their expected records",
     cli::run_check},
    {"sites", "list the selector files and what they match", cli::run_sites},
    {"explain", "show how the rules read one saved page, field by field",
     cli::run_explain},
    {"load", "load records into SQLite or PostgreSQL (newer replaces older)",
     cli::run_load},
};

const Command* find_command(const std::string& name) {
  for (const Command& c : kCommands)
    if (name == c.name) return &c;
  return nullptr;
}

std::string usage() {
  std::string out =
      "qascrape — crawl and extract Chinese medical Q&A pages into JSON "
      "Lines\n\nUsage: qascrape <command> [options]\n       qascrape help "
      "<command>\n\nCommands:\n";
  for (const Command& c : kCommands) {
    std::string name = c.name;
    name.resize(8, ' ');
    out.append("  ").append(name).append(c.summary).append("\n");
  }
  out.append(
      "\nRun `qascrape <command> --help` (or `qascrape help <command>`) for a "
      "command's\noptions and exit codes.\n");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  // A reader that goes away (`| head`) is a write error reported as exit 4,
  // not a silent death by SIGPIPE (exit 141).
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << usage() << "\n" << cli::exit_codes_help("");
    return qascrape::pipeline::kExitUsage;
  }
  std::string command = args.front();
  args.erase(args.begin());
  if (command == "--version" || command == "-V") {
    std::cout << "qascrape " << qascrape::kVersion << "\n";
    return 0;
  }
  if (command == "help" && !args.empty()) {
    // `qascrape help crawl` is `qascrape crawl --help`.
    command = args.front();
    args = {"--help"};
  } else if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage() << "\n" << cli::exit_codes_help("");
    return 0;
  }
  const Command* c = find_command(command);
  if (c == nullptr) {
    std::cerr << "qascrape: unknown command '" << command << "'\n\n" << usage();
    return qascrape::pipeline::kExitUsage;
  }
  const int code = c->run(args);
  // What went through std::cout (help, sites, explain, check) is checked
  // too: a failed write there is an output failure.
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "qascrape " << command << ": writing to stdout failed\n";
    return qascrape::pipeline::kExitOutput;
  }
  return code;
}
