#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "cli/flags.h"
#include "db/db.h"
#include "pipeline/pipeline.h"
#include "write/write.h"

namespace qascrape::cli {

int run_load(const std::vector<std::string>& args) {
  const std::string synopsis =
      "qascrape load --db sqlite:PATH|postgresql://...|KEY=VALUE... [--batch "
      "N]\n"
      "              [--selectors DIR] FILE...|-\n"
      "  Loads JSON Lines records (files, or - for stdin) into the tables of\n"
      "  pages, answers, causes, drugs and recommended_doctors, created on "
      "first use.\n"
      "  Idempotent: a record replaces its URL's stored page in every table "
      "when it\n"
      "  was fetched at the same time or later; an older one is kept out. A "
      "bad line\n"
      "  is reported as FILE:LINE: reason and skipped (exit 1). The "
      "PostgreSQL\n"
      "  password comes from the URL, PGPASSWORD or ~/.pgpass; it is never "
      "printed.\n"
      "  The selector-health check of crawl and parse runs on the records "
      "read:\n"
      "  a field far emptier than its selector file expects is named on "
      "stderr as\n"
      "  soon as the evidence is there (exit 5; the records are still "
      "loaded).\n"
      "  When several exit codes apply, 4 wins over 5 and 5 over 1.";
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help")(
      "db", po::value<std::string>()->value_name("DB"),
      "sqlite:PATH, postgresql://[USER@]HOST[:PORT]/DB (or postgres://), or a "
      "libpq key=value string")("batch",
                                po::value<long long>()->value_name("N"),
                                "records per transaction (default 500)")(
      "selectors", po::value<std::string>()->value_name("DIR"), kSelectorsHelp);
  po::variables_map vm;
  bool help = false;
  if (!parse_flags("load", synopsis, opts, "file", args, vm, help))
    return pipeline::kExitUsage;
  if (help) return pipeline::kExitOk;
  if (!vm.count("db")) {
    std::cerr << "qascrape load: --db is required (sqlite:PATH or "
                 "postgresql://...)\n";
    return pipeline::kExitUsage;
  }
  const auto files = flag<std::vector<std::string>>(vm, "file")
                         .value_or(std::vector<std::string>{});
  if (files.empty()) {
    std::cerr << "qascrape load: no FILE given (JSON Lines files, or - for "
                 "stdin)\n";
    return pipeline::kExitUsage;
  }
  for (const std::string& f : files) {
    std::error_code ec;
    if (f != "-" && !std::filesystem::exists(f, ec)) {
      std::cerr << "qascrape load: " << f << ": no such file\n";
      return pipeline::kExitUsage;
    }
  }
  db::LoadOptions options;
  if (auto batch = flag<long long>(vm, "batch")) {
    if (*batch < 1 || *batch > 1000000) {
      std::cerr << "qascrape load: --batch must be from 1 to 1000000\n";
      return pipeline::kExitUsage;
    }
    options.batch = static_cast<std::size_t>(*batch);
  }
  options.progress_tty = ::isatty(STDERR_FILENO) == 1;
  // Read before the database is opened (or an SQLite file made): a bad
  // selector file writes nothing.
  std::optional<rules::RuleSet> rules =
      load_rules(flag<std::string>(vm, "selectors"));
  if (!rules) return pipeline::kExitConfig;
  auto target = db::parse_target(vm["db"].as<std::string>());
  if (!target) {
    std::cerr << "qascrape load: " << target.error().message << "\n";
    return pipeline::kExitUsage;
  }
  if (target->engine == db::Target::Engine::kSqlite) {
    std::vector<NamedPath> inputs;
    for (const std::string& f : files) inputs.push_back({"FILE", f});
    if (auto clash =
            output_overwrites_input({{"--db sqlite:", target->path}}, inputs)) {
      std::cerr << "qascrape load: " << *clash << "\n";
      return pipeline::kExitUsage;
    }
  }
  auto database = db::open_database(*target);
  if (!database) {
    std::cerr << "qascrape load: " << database.error().message << "\n";
    return pipeline::kExitOutput;
  }
  // Selector health on what is loaded: each record read back and counted
  // as parse counts it, against its site's selector file.
  pipeline::RunStats stats;
  options.watch = [&](std::string_view line) {
    std::string note;
    auto record = write::from_json_line(line);
    if (!record) return note;  // to_rows took it; nothing to count
    stats.observe(*record,
                  record->site ? rules->by_id(*record->site) : nullptr);
    for (const pipeline::HealthAlarm& a : stats.take_new_alarms())
      note.append("qascrape load: selector health: ")
          .append(a.line())
          .append("\n");
    return note;
  };
  db::Loader loader(**database, options, std::cerr);
  Status s = loader.load(files);
  if (s) s = loader.finish();
  if (!s) {
    // The batch in flight was rolled back; every stored page is whole.
    std::cerr << "qascrape load: " << s.error().message << "\n"
              << "qascrape load: stopped; " << loader.summary() << "\n";
    return pipeline::kExitOutput;
  }
  std::cerr << "qascrape load: " << target->display << ": " << loader.summary()
            << "\n";
  if (auto counts = (*database)->row_counts()) {
    std::cerr << "qascrape load: " << target->display << " holds:";
    for (std::size_t t = 0; t < db::kTableCount; ++t)
      std::cerr << (t ? ", " : " ") << db::tables()[t].name << " "
                << (*counts)[t];
    std::cerr << "\n";
  }
  for (const std::string& line : stats.coverage_lines())
    std::cerr << "qascrape load: " << line << "\n";
  const std::vector<std::string> problems = stats.health_problems();
  for (const std::string& p : problems)
    std::cerr << "qascrape load: selector health at the end: " << p << "\n";
  if (!problems.empty()) return pipeline::kExitHealth;
  const db::LoadStats& st = loader.stats();
  return st.skipped + st.unreadable > 0 ? pipeline::kExitSomeFailed
                                        : pipeline::kExitOk;
}

}  // namespace qascrape::cli
