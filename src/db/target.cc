#include <libpq-fe.h>

#include <memory>

#include "db/db.h"

namespace qascrape::db {

namespace {

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

Result<Target> parse_target(const std::string& value) {
  Target t;
  if (starts_with(value, "sqlite:")) {
    t.engine = Target::Engine::kSqlite;
    t.path = value.substr(7);
    // sqlite:///abs/path and sqlite://rel are read as the path after "//".
    if (starts_with(t.path, "//")) t.path = t.path.substr(2);
    if (t.path.empty()) {
      return Error{Errc::kUsage, "--db sqlite:PATH needs a file path"};
    }
    t.display = "sqlite:" + t.path;
    return t;
  }
  const bool url =
      starts_with(value, "postgresql://") || starts_with(value, "postgres://");
  if (!url && value.find('=') == std::string::npos) {
    return Error{Errc::kUsage,
                 "--db takes sqlite:PATH, postgresql://..., postgres://... or "
                 "a libpq key=value string"};
  }
  t.engine = Target::Engine::kPostgres;
  t.conninfo = value;
  char* err = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(value.c_str(), &err), &PQconninfoFree);
  if (err != nullptr) PQfreemem(err);  // it may quote the secret: not shown
  if (!options) {
    return Error{Errc::kUsage,
                 "--db: libpq cannot parse this connection string (see "
                 "\"Connection Strings\" in the libpq manual)"};
  }
  std::string user, host, port, dbname;
  for (PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    const std::string key = o->keyword;
    if (key == "user") user = o->val;
    if (key == "host") host = o->val;
    if (key == "hostaddr" && host.empty()) host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
    if (key == "password") t.password = o->val;
  }
  // What the string leaves out libpq takes from PGHOST, PGUSER, ... (and
  // PGPASSWORD, which is scrubbed from messages like a given password).
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> defaults(
      PQconndefaults(), &PQconninfoFree);
  for (PQconninfoOption* o = defaults.get(); o && o->keyword; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    const std::string key = o->keyword;
    if (key == "user" && user.empty()) user = o->val;
    if (key == "host" && host.empty()) host = o->val;
    if (key == "port" && port.empty()) port = o->val;
    if (key == "dbname" && dbname.empty()) dbname = o->val;
    if (key == "password" && t.password.empty()) t.password = o->val;
  }
  if (dbname.empty()) dbname = user;  // libpq's default database
  // The display form: the connection's parts without the password.
  t.display = "postgresql://" + (user.empty() ? "" : user + "@") + host +
              (port.empty() ? "" : ":" + port) + "/" + dbname;
  return t;
}

std::string Database::describe(const std::string& what,
                               const std::string& detail) {
  std::string d = detail;
  while (!d.empty() && (d.back() == '\n' || d.back() == ' ')) d.pop_back();
  // libpq does not quote passwords in its messages; scrub one anyway.
  const std::string& secret = target_.password;
  if (!secret.empty()) {
    for (std::size_t at = d.find(secret); at != std::string::npos;
         at = d.find(secret, at + 3)) {
      d.replace(at, secret.size(), "***");
    }
  }
  return target_.display + ": " + what + (d.empty() ? "" : ": " + d);
}

}  // namespace qascrape::db
