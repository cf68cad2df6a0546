// Serves the golden fixture pages on 127.0.0.1 as the sites served them:
// each case's page.html at /<site>/<case>/ with the Content-Type and status
// of its response.json; a case whose response.json redirected (the
// verification page) answers with a 302 to /redirected/<site>/<case>/.
// The README's sample crawl and the end-to-end crawl tests use it.
//
//   qascrape_fixture_server --root fixtures [--port N] [--urls FILE]
//   [--real-hosts]
//
// It prints "listening on http://127.0.0.1:PORT" once ready and writes the
// URL list of every case to FILE: with 127.0.0.1 as the host, or with
// --real-hosts the host of each case's own URL (ask.39.net, ...), for a
// crawl with `--resolve HOST:PORT:127.0.0.1` that reads every page with
// its site's rules. It stops on SIGINT/SIGTERM.
#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

struct Page {
  std::string body;
  std::string host = "127.0.0.1";  // the host of the case's own URL
  std::string content_type = "text/html";
  int status = 200;
  bool redirected = false;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

httplib::Server* g_server = nullptr;
void on_signal(int) {
  if (g_server != nullptr) g_server->stop();
}

}  // namespace

int main(int argc, char** argv) {
  std::string root = "fixtures", urls_file;
  int port = 0;
  bool real_hosts = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--root" && i + 1 < argc) {
      root = argv[++i];
    } else if (a == "--port" && i + 1 < argc) {
      port = std::stoi(argv[++i]);
    } else if (a == "--urls" && i + 1 < argc) {
      urls_file = argv[++i];
    } else if (a == "--real-hosts") {
      real_hosts = true;
    } else {
      std::cerr << "usage: qascrape_fixture_server --root DIR [--port N] "
                   "[--urls FILE]\n";
      return 2;
    }
  }
  std::map<std::string, Page> pages;  // "/site/case/" -> page
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_directory() || !fs::exists(it->path() / "page.html")) continue;
    Page page;
    page.body = slurp(it->path() / "page.html");
    const auto meta = nlohmann::json::parse(slurp(it->path() / "response.json"),
                                            nullptr, false);
    if (meta.is_object()) {
      page.content_type = meta.value("content_type", page.content_type);
      page.status = meta.value("http_status", 200);
      page.redirected = meta.value("final_url", std::string()) !=
                        meta.value("url", std::string());
      const std::string url = meta.value("url", std::string());
      const std::size_t host_at = url.find("://");
      if (host_at != std::string::npos) {
        page.host = url.substr(
            host_at + 3, url.find_first_of(":/", host_at + 3) - host_at - 3);
      }
    }
    pages["/" + fs::relative(it->path(), root).generic_string() + "/"] =
        std::move(page);
  }
  if (pages.empty()) {
    std::cerr << "qascrape_fixture_server: no fixture cases under " << root
              << "\n";
    return 2;
  }
  httplib::Server server;
  server.Get("/robots.txt",
             [](const httplib::Request&, httplib::Response& res) {
               res.status = 404;  // no robots.txt: everything is allowed
             });
  server.Get(
      R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) {
        std::string path = req.path;
        const bool after_redirect = path.rfind("/redirected/", 0) == 0;
        if (after_redirect)
          path = path.substr(std::string("/redirected").size());
        const auto it = pages.find(path);
        if (it == pages.end()) {
          res.status = 404;
          res.set_content("not found", "text/plain");
          return;
        }
        if (it->second.redirected && !after_redirect) {
          res.status = 302;
          res.set_header("Location", "/redirected" + path);
          return;
        }
        res.status = it->second.status;
        res.set_content(it->second.body, it->second.content_type.c_str());
      });
  const int bound = port > 0
                        ? (server.bind_to_port("127.0.0.1", port) ? port : -1)
                        : server.bind_to_any_port("127.0.0.1");
  if (bound <= 0) {
    std::cerr << "qascrape_fixture_server: cannot listen on 127.0.0.1:" << port
              << "\n";
    return 1;
  }
  if (!urls_file.empty()) {
    std::ofstream out(urls_file, std::ios::trunc);
    out << "# the bundled fixture pages, served on loopback\n";
    for (const auto& [path, page] : pages) {
      out << "http://" << (real_hosts ? page.host : "127.0.0.1") << ":" << bound
          << path << "\n";
    }
  }
  g_server = &server;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::cout << "listening on http://127.0.0.1:" << bound << std::endl;
  server.listen_after_bind();
  return 0;
}
