#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "core/version.h"
#include "pipeline/pipeline.h"

namespace {

const char* const kUsage =
    "qascrape — crawl and extract Chinese medical Q&A pages into JSON Lines\n"
    "\n"
    "Usage: qascrape <command> [options]\n"
    "\n"
    "Commands:\n"
    "  crawl   fetch a URL list politely, store every response, write records\n"
    "  parse   re-parse saved pages (files, folders, page stores, stdin)\n"
    "  check   replay the fixture pages against their expected records\n"
    "  sites   list the selector files and what they match\n"
    "  explain show how the rules read one saved page, field by field\n"
    "  load    load records into SQLite or PostgreSQL (newer replaces older)\n"
    "\n"
    "Run `qascrape <command> --help` for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  // A reader that goes away (`| head`) is a write error reported as exit 4,
  // not a silent death by SIGPIPE (exit 141).
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage << "\n" << qascrape::cli::kExitCodesHelp;
    return qascrape::pipeline::kExitUsage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--version" || command == "-V") {
    std::cout << "qascrape " << qascrape::kVersion << "\n";
    return 0;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage << "\n" << qascrape::cli::kExitCodesHelp;
    return 0;
  }
  int code = qascrape::pipeline::kExitUsage;
  if (command == "parse") {
    code = qascrape::cli::run_parse(args);
  } else if (command == "check") {
    code = qascrape::cli::run_check(args);
  } else if (command == "sites") {
    code = qascrape::cli::run_sites(args);
  } else if (command == "crawl") {
    code = qascrape::cli::run_crawl(args);
  } else if (command == "load") {
    code = qascrape::cli::run_load(args);
  } else if (command == "explain") {
    code = qascrape::cli::run_explain(args);
  } else {
    std::cerr << "qascrape: unknown command '" << command << "'\n\n" << kUsage;
    return code;
  }
  // What went through std::cout (help, sites, explain, check) is checked
  // too: a failed write there is an output failure.
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "qascrape " << command << ": writing to stdout failed\n";
    return qascrape::pipeline::kExitOutput;
  }
  return code;
}
