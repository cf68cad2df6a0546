#include <chrono>
#include <iostream>

#include "charset/charset.h"
#include "cli/cli.h"
#include "cli/flags.h"
#include "pipeline/ordered_pool.h"
#include "pipeline/pipeline.h"
#include "pipeline/report.h"
#include "write/write.h"

namespace qascrape::cli {

namespace {

// Validated options of `parse` (flags are parsed apart, in run_parse).
struct ParseCommand {
  std::vector<std::string> paths;
  std::string output = "-";
  pipeline::ParseOptions options;
  std::optional<std::string> site_id;
  std::optional<std::string> selectors;
  int workers = 0;
};

}  // namespace

int run_parse(const std::vector<std::string>& args) {
  const std::string synopsis =
      "qascrape parse [--url URL] [--site ID] [--charset NAME] [--selectors "
      "DIR]\n"
      "               [--workers N] [--stats FILE] [--report FILE] [-o FILE] "
      "PATH...\n"
      "  PATH: an .html/.htm file, a folder (walked recursively; a folder "
      "holding\n"
      "  page.html and response.json is one saved page), a page store or "
      ".warc/.warc.gz\n"
      "  file written by crawl, or - (one HTML document on stdin). One JSON "
      "record per\n"
      "  page, to stdout unless -o names a file or folder.";
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help")(
      "url", po::value<std::string>()->value_name("URL"),
      "the page's URL (else its canonical link)")(
      "site", po::value<std::string>()->value_name("ID"),
      "read with this selector file's rules (its id)")(
      "charset", po::value<std::string>()->value_name("NAME"),
      "decode with this charset, whatever the page says")(
      "selectors", po::value<std::string>()->value_name("DIR"), kSelectorsHelp)(
      "workers", po::value<int>()->value_name("N"),
      "parse threads (default: every core)")(
      "stats", po::value<std::string>()->value_name("FILE"),
      "write the run summary as JSON to FILE (counts, coverage, health)")(
      "report", po::value<std::string>()->value_name("FILE"),
      "write a run report for a person as one HTML file")(
      "output,o", po::value<std::string>()->value_name("FILE"),
      "write records to FILE (or FOLDER/records.jsonl)");
  po::variables_map vm;
  bool help = false;
  if (!parse_flags("parse", synopsis, opts, "path", args, vm, help))
    return pipeline::kExitUsage;
  if (help) return pipeline::kExitOk;

  ParseCommand cmd;
  cmd.paths = flag<std::vector<std::string>>(vm, "path")
                  .value_or(std::vector<std::string>{});
  if (cmd.paths.empty()) {
    std::cerr
        << "qascrape parse: no PATH given (a file, a folder, or - for stdin)\n";
    return pipeline::kExitUsage;
  }
  cmd.output = flag<std::string>(vm, "output").value_or("-");
  cmd.options.url = flag<std::string>(vm, "url");
  cmd.options.charset = flag<std::string>(vm, "charset");
  if (cmd.options.charset &&
      !charset::encoding_for_label(*cmd.options.charset)) {
    std::cerr << "qascrape parse: --charset " << *cmd.options.charset
              << ": not a charset label (utf-8, gbk, gb18030, big5, ...)\n";
    return pipeline::kExitUsage;
  }
  cmd.site_id = flag<std::string>(vm, "site");
  cmd.selectors = flag<std::string>(vm, "selectors");
  cmd.workers = flag<int>(vm, "workers").value_or(pipeline::worker_count(0));
  if (cmd.workers < 1 || cmd.workers > 256) {
    std::cerr << "qascrape parse: --workers must be from 1 to 256\n";
    return pipeline::kExitUsage;
  }

  std::optional<rules::RuleSet> rules = load_rules(cmd.selectors);
  if (!rules) return pipeline::kExitConfig;
  if (cmd.site_id) {
    cmd.options.site = rules->by_id(*cmd.site_id);
    if (cmd.options.site == nullptr) {
      std::cerr << "qascrape parse: no selector file has site id '"
                << *cmd.site_id << "' (see `qascrape sites`)\n";
      return pipeline::kExitUsage;
    }
  }
  auto inputs = pipeline::collect_inputs(cmd.paths);
  if (!inputs) {
    std::cerr << "qascrape parse: " << inputs.error().message << "\n";
    return pipeline::kExitUsage;
  }
  if (cmd.options.url && inputs->size() > 1) {
    std::cerr << "qascrape parse: --url names one page, but the paths hold "
              << inputs->size() << "\n";
    return pipeline::kExitUsage;
  }
  {
    std::vector<NamedPath> outputs = {{"-o", write::output_path(cmd.output)}};
    const auto report = flag<std::string>(vm, "report");
    if (report) outputs.push_back({"--report", *report});
    const auto stats_file = flag<std::string>(vm, "stats");
    if (stats_file) outputs.push_back({"--stats", *stats_file});
    std::vector<NamedPath> pages;
    for (const pipeline::SavedInput& input : *inputs) {
      if (input.is_stdin) continue;
      pages.push_back({"PATH", input.page.string()});
      if (!input.response.empty())
        pages.push_back({"PATH", input.response.string()});
    }
    if (auto clash = output_overwrites_input(outputs, pages)) {
      std::cerr << "qascrape parse: " << *clash << "\n";
      return pipeline::kExitUsage;
    }
  }
  for (const char* late : {"report", "stats"}) {
    // Written at the end: found out now, not after every page was parsed.
    const auto file = flag<std::string>(vm, late);
    if (!file) continue;
    if (Status s = write::check_writable(*file); !s) {
      std::cerr << "qascrape parse: " << s.error().message << "\n";
      return pipeline::kExitOutput;
    }
  }
  const auto started = std::chrono::steady_clock::now();
  auto sink = write::LineSink::open(cmd.output, /*truncate=*/true);
  if (!sink) {
    std::cerr << "qascrape parse: " << sink.error().message << "\n";
    return pipeline::kExitOutput;
  }
  const extract::Extractor extractor(*rules);
  pipeline::RunStats stats;
  bool output_failed = false;
  // A finished page: its record, its JSON line, and where it came from.
  struct Done {
    extract::Record record;
    std::string line;
    std::string label;
  };
  auto sink_one = [&](Done&& done) {
    if (output_failed) return;
    if (Status s = sink->write_line(done.line); !s) {
      std::cerr << "qascrape parse: " << s.error().message << "\n";
      output_failed = true;
      return;
    }
    const extract::Record& record = done.record;
    stats.observe(record, record.site ? rules->by_id(*record.site) : nullptr);
    if (!extract::is_success_status(record.status)) {
      std::cerr << "qascrape parse: " << done.label << ": "
                << record.url.value_or("") << (record.url ? ": " : "")
                << extract::status_name(record.status)
                << (record.error ? ": " + record.error->message : "") << "\n";
    }
  };
  {
    // Pages are extracted on every core; records keep the input order.
    pipeline::OrderedPool<Done> pool(cmd.workers, sink_one);
    for (const pipeline::SavedInput& input : *inputs) {
      if (output_failed) break;
      auto finish = [label = input.label](extract::Record record) {
        std::string line = write::to_json_line(record);
        return Done{std::move(record), std::move(line), label};
      };
      if (input.is_warc) {
        pipeline::parse_warc(
            input, extractor, *rules, cmd.options,
            [&](std::function<extract::Record()> job) {
              pool.submit([job, finish] { return finish(job()); });
            });
      } else if (input.is_stdin) {
        // stdin is read here, on this thread; the pool keeps its place.
        auto done = std::make_shared<Done>(
            finish(pipeline::parse_saved(input, extractor, cmd.options)));
        pool.submit([done] { return std::move(*done); });
      } else {
        pool.submit([&extractor, &cmd, input, finish] {
          return finish(pipeline::parse_saved(input, extractor, cmd.options));
        });
      }
    }
    pool.finish();
  }
  if (output_failed) return pipeline::kExitOutput;
  std::cerr << "qascrape parse: " << stats.summary() << "\n";
  for (const std::string& line : stats.coverage_lines())
    std::cerr << "qascrape parse: " << line << "\n";
  const std::vector<std::string> problems = stats.health_problems();
  for (const std::string& p : problems)
    std::cerr << "qascrape parse: selector health: " << p << "\n";
  if (auto report = flag<std::string>(vm, "report")) {
    const std::string html = pipeline::html_report(
        stats, "parse",
        {{"inputs", std::to_string(cmd.paths.size()) + " path(s)"},
         {"records", std::to_string(stats.total())}});
    if (Status s = pipeline::write_report(*report, html); !s) {
      std::cerr << "qascrape parse: " << s.error().message << "\n";
      return pipeline::kExitOutput;
    }
  }
  if (auto file = flag<std::string>(vm, "stats")) {
    nlohmann::ordered_json j;
    j["records"] = stats.total();
    j["inputs"] = cmd.paths;
    j["seconds"] = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - started)
                       .count();
    j.update(stats.to_json());
    if (Status s =
            pipeline::write_whole_file(*file, j.dump(2) + "\n", "the stats");
        !s) {
      std::cerr << "qascrape parse: " << s.error().message << "\n";
      return pipeline::kExitOutput;
    }
  }
  if (!problems.empty()) return pipeline::kExitHealth;
  return stats.failed() > 0 ? pipeline::kExitSomeFailed : pipeline::kExitOk;
}

}  // namespace qascrape::cli
