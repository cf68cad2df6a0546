// Dates and times found inside text, as RFC 3339 with the site's offset.
#include <cstdio>

#include "normalize/normalize.h"

namespace qascrape::normalize {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads between min and max ASCII digits at pos; advances pos on success.
bool read_digits(std::string_view s, std::size_t& pos, std::size_t min,
                 std::size_t max, int& value) {
  std::size_t n = 0;
  int v = 0;
  while (pos + n < s.size() && n < max && is_digit(s[pos + n])) {
    v = v * 10 + (s[pos + n] - '0');
    ++n;
  }
  if (n < min) return false;
  // More digits than allowed means this is some other number.
  if (pos + n < s.size() && is_digit(s[pos + n])) return false;
  pos += n;
  value = v;
  return true;
}

bool eat(std::string_view s, std::size_t& pos, std::string_view token) {
  if (s.substr(pos).starts_with(token)) {
    pos += token.size();
    return true;
  }
  return false;
}

bool eat_colon(std::string_view s, std::size_t& pos) {
  return eat(s, pos, ":") || eat(s, pos, "：");
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

struct DateTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// Parses a date (and optional time) starting exactly at pos. Returns false
// when the text there is not a date; `valid` tells whether ranges hold.
bool parse_at(std::string_view s, std::size_t pos, DateTime& dt, bool& valid) {
  if (!read_digits(s, pos, 4, 4, dt.year)) return false;
  bool chinese = false;
  std::string_view sep;
  for (std::string_view candidate : {"-", "/", ".", "年"}) {
    if (eat(s, pos, candidate)) {
      sep = candidate;
      break;
    }
  }
  if (sep.empty()) return false;
  chinese = sep == "年";
  if (!read_digits(s, pos, 1, 2, dt.month)) return false;
  if (!eat(s, pos, chinese ? std::string_view("月") : sep)) return false;
  if (!read_digits(s, pos, 1, 2, dt.day)) return false;
  if (chinese) eat(s, pos, "日") || eat(s, pos, "号");

  // Optional time: spaces or 'T', then H:MM[:SS].
  std::size_t t = pos;
  bool gap = false;
  while (t < s.size() && (s[t] == ' ' || s[t] == 'T')) {
    ++t;
    gap = true;
  }
  if (eat(s, t, "\u3000")) gap = true;
  int h = 0, mi = 0, sec = 0;
  std::size_t tt = t;
  if ((gap || chinese) && read_digits(s, tt, 1, 2, h) && eat_colon(s, tt) &&
      read_digits(s, tt, 2, 2, mi)) {
    std::size_t ts = tt;
    if (eat_colon(s, ts) && read_digits(s, ts, 2, 2, sec)) tt = ts;
    dt.hour = h;
    dt.minute = mi;
    dt.second = sec;
  }
  valid = dt.year >= 1 && dt.month >= 1 && dt.month <= 12 && dt.day >= 1 &&
          dt.day <= days_in_month(dt.year, dt.month) && dt.hour < 24 &&
          dt.minute < 60 && dt.second < 60;
  return true;
}

}  // namespace

std::optional<std::string> to_rfc3339(std::string_view text,
                                      std::string_view utc_offset) {
  for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
    if (!is_digit(text[i]) || (i > 0 && is_digit(text[i - 1]))) continue;
    DateTime dt;
    bool valid = false;
    if (!parse_at(text, i, dt, valid) || !valid) continue;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", dt.year,
                  dt.month, dt.day, dt.hour, dt.minute, dt.second);
    std::string out(buf);
    out += utc_offset.empty() ? std::string_view("Z") : utc_offset;
    return out;
  }
  return std::nullopt;
}

}  // namespace qascrape::normalize
