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
  if (command == "parse") return qascrape::cli::run_parse(args);
  if (command == "check") return qascrape::cli::run_check(args);
  if (command == "sites") return qascrape::cli::run_sites(args);
  if (command == "crawl") return qascrape::cli::run_crawl(args);
  if (command == "load") return qascrape::cli::run_load(args);
  if (command == "explain") return qascrape::cli::run_explain(args);
  std::cerr << "qascrape: unknown command '" << command << "'\n\n" << kUsage;
  return qascrape::pipeline::kExitUsage;
}
