// The named functions shared by both spellings, and "did you mean" suggestions.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "core/expr/js.hpp"
#include "core/expr/node.hpp"
#include "core/iso8601.hpp"
#include "core/text_util.hpp"

namespace leadqual::expr {
namespace {

constexpr FunctionInfo kFunctions[] = {
    {"abs", Fn::Abs, 1, 1},
    {"ceil", Fn::Ceil, 1, 1},
    {"clamp", Fn::Clamp, 3, 3},
    {"coalesce", Fn::Coalesce, 1, -1},
    {"contains", Fn::Contains, 2, 2},
    {"days_since", Fn::DaysSince, 1, 1},
    {"domain", Fn::Domain, 1, 1},
    {"ends_with", Fn::EndsWith, 2, 2},
    {"floor", Fn::Floor, 1, 1},
    {"is_disposable_email", Fn::IsDisposableEmail, 1, 1},
    {"is_free_email", Fn::IsFreeEmail, 1, 1},
    {"len", Fn::Len, 1, 1},
    {"lower", Fn::Lower, 1, 1},
    {"max", Fn::Max, 1, -1},
    {"min", Fn::Min, 1, -1},
    {"round", Fn::Round, 1, 2},
    {"starts_with", Fn::StartsWith, 2, 2},
    {"upper", Fn::Upper, 1, 1},
};

// Free-mail providers: a person's own mailbox rather than a company's. Sorted for binary search.
constexpr std::string_view kFreeMailDomains[] = {
    "126.com",     "163.com",    "aol.com",     "gmail.com",      "gmx.at",        "gmx.ch",
    "gmx.com",     "gmx.de",     "gmx.net",     "googlemail.com", "hotmail.co.uk", "hotmail.com",
    "hotmail.de",  "hotmail.fr", "hotmail.it",  "icloud.com",     "inbox.com",     "live.com",
    "mac.com",     "mail.com",   "mail.ru",     "me.com",         "msn.com",       "naver.com",
    "outlook.com", "pm.me",      "proton.me",   "protonmail.com", "qq.com",        "rediffmail.com",
    "t-online.de", "web.de",     "yahoo.co.jp", "yahoo.co.uk",    "yahoo.com",     "yahoo.de",
    "yahoo.fr",    "yandex.com", "yandex.ru",   "ymail.com",      "zoho.com",
};

// Well-known disposable (throw-away) mailbox services. Sorted for binary search.
constexpr std::string_view kDisposableDomains[] = {
    "10minutemail.com",  "33mail.com",        "discard.email",     "dispostable.com",
    "emailondeck.com",   "fakeinbox.com",     "getairmail.com",    "getnada.com",
    "guerrillamail.com", "guerrillamail.net", "harakirimail.com",  "mailcatch.com",
    "maildrop.cc",       "mailinator.com",    "mailnesia.com",     "mintemail.com",
    "moakt.com",         "mohmal.com",        "mytemp.email",      "sharklasers.com",
    "spamgourmet.com",   "temp-mail.org",     "tempail.com",       "tempmail.com",
    "tempmailo.com",     "tempr.email",       "throwawaymail.com", "trashmail.com",
    "yopmail.com",       "yopmail.net",
};

template <std::size_t N>
bool in_sorted(const std::string_view (&table)[N], std::string_view key) {
  return std::binary_search(std::begin(table), std::end(table), key);
}

std::string ascii_lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string ascii_upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// Whether the domain of an email (or a bare domain) is in a sorted table. Lower-cases into a
// small buffer: every listed domain is short, so a longer one cannot match and needs no copy.
template <std::size_t N>
bool email_domain_in(const Value& v, const std::string_view (&table)[N]) {
  if (!v.is_string()) return false;
  std::string_view s = v.as_string();
  std::size_t at = s.rfind('@');
  std::string_view domain = at == std::string_view::npos ? s : s.substr(at + 1);
  while (!domain.empty() && (domain.back() == ' ' || domain.back() == '.')) domain.remove_suffix(1);
  char buffer[64];
  if (domain.empty() || domain.size() > sizeof buffer) return false;
  for (std::size_t i = 0; i < domain.size(); ++i) {
    char c = domain[i];
    buffer[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return in_sorted(table, std::string_view(buffer, domain.size()));
}

// The lower-cased part of an email after the last '@'.
bool email_domain(const Value& v, std::string& out) {
  if (!v.is_string()) return false;
  const std::string& s = v.as_string();
  std::size_t at = s.rfind('@');
  if (at == std::string::npos) return false;
  out = ascii_lower(s.substr(at + 1));
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  return !out.empty();
}

}  // namespace

const FunctionInfo* find_function(std::string_view name) {
  return find_by_name(kFunctions, name);
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& f : kFunctions) v.emplace_back(f.name);
    return v;
  }();
  return names;
}

std::string arity_error(const FunctionInfo& f, int count, const char* call_suffix) {
  if (count >= f.min_args && (f.max_args < 0 || count <= f.max_args)) return {};
  std::string arity;
  int shown = f.min_args;
  if (f.max_args < 0) {
    arity = "at least " + std::to_string(f.min_args);
  } else if (f.min_args == f.max_args) {
    arity = std::to_string(f.min_args);
  } else {
    arity = std::to_string(f.min_args) + " or " + std::to_string(f.max_args);
    shown = f.max_args;
  }
  return std::string(f.name) + call_suffix + " takes " + arity + " argument" +
         (shown == 1 ? "" : "s") + ", not " + std::to_string(count);
}

Value call_function(Fn fn, const Value* args, std::size_t n, double now_ms) {
  auto num = [&](std::size_t i) { return i < n && args[i].is_number(); };
  switch (fn) {
    case Fn::Min:
    case Fn::Max: {
      // min(a, b, ...) or min(list); null when any operand is not a number.
      const Value* items = args;
      std::size_t count = n;
      if (n == 1 && args[0].is_array()) {
        items = args[0].as_array().data();
        count = args[0].as_array().size();
      }
      if (count == 0) return Value();
      double best = 0;
      for (std::size_t i = 0; i < count; ++i) {
        if (!items[i].is_number() || std::isnan(items[i].as_number())) return Value();
        double d = items[i].as_number();
        if (i == 0 || (fn == Fn::Min ? d < best : d > best)) best = d;
      }
      return Value::number(best);
    }
    case Fn::Round: {
      if (!num(0)) return Value();
      double x = args[0].as_number();
      double digits = 0;
      if (n > 1) {
        if (!num(1)) return Value();
        digits = std::trunc(args[1].as_number());
        if (digits < -15 || digits > 15) return Value();
      }
      return Value::number(js::round_decimal(x, static_cast<int>(digits)));
    }
    case Fn::Floor:
      return num(0) ? Value::number(std::floor(args[0].as_number())) : Value();
    case Fn::Ceil:
      return num(0) ? Value::number(std::ceil(args[0].as_number())) : Value();
    case Fn::Abs:
      return num(0) ? Value::number(std::fabs(args[0].as_number())) : Value();
    case Fn::Clamp: {
      if (!num(0) || !num(1) || !num(2)) return Value();
      double lo = args[1].as_number();
      double hi = args[2].as_number();
      if (lo > hi) return Value();
      return Value::number(std::min(std::max(args[0].as_number(), lo), hi));
    }
    case Fn::Lower:
      return n > 0 && args[0].is_string() ? Value::string(ascii_lower(args[0].as_string()))
                                          : Value();
    case Fn::Upper:
      return n > 0 && args[0].is_string() ? Value::string(ascii_upper(args[0].as_string()))
                                          : Value();
    case Fn::Len:
      if (n == 0) return Value();
      if (args[0].is_string()) {
        return Value::number(static_cast<double>(utf8_length(args[0].as_string())));
      }
      if (args[0].is_array()) return Value::number(static_cast<double>(args[0].as_array().size()));
      if (args[0].is_object()) {
        return Value::number(static_cast<double>(args[0].as_object().size()));
      }
      return Value();
    case Fn::Contains: {
      if (n < 2) return Value::boolean(false);
      if (args[0].is_string() && args[1].is_string()) {
        return Value::boolean(args[0].as_string().find(args[1].as_string()) != std::string::npos);
      }
      if (args[0].is_array()) {
        for (const Value& e : args[0].as_array()) {
          if (js::strict_equals(e, args[1])) return Value::boolean(true);
        }
      }
      return Value::boolean(false);
    }
    case Fn::StartsWith:
    case Fn::EndsWith: {
      if (n < 2 || !args[0].is_string() || !args[1].is_string()) return Value::boolean(false);
      const std::string& s = args[0].as_string();
      const std::string& p = args[1].as_string();
      if (p.size() > s.size()) return Value::boolean(false);
      return Value::boolean(fn == Fn::StartsWith
                                ? s.compare(0, p.size(), p) == 0
                                : s.compare(s.size() - p.size(), p.size(), p) == 0);
    }
    case Fn::Domain: {
      std::string d;
      if (n == 0 || !email_domain(args[0], d)) return Value();
      return Value::string(std::move(d));
    }
    case Fn::IsFreeEmail:
      return Value::boolean(n > 0 && email_domain_in(args[0], kFreeMailDomains));
    case Fn::IsDisposableEmail:
      return Value::boolean(n > 0 && email_domain_in(args[0], kDisposableDomains));
    case Fn::DaysSince: {
      if (n == 0 || std::isnan(now_ms)) return Value();
      double t;
      if (args[0].is_number()) {
        t = args[0].as_number();
      } else if (!args[0].is_string() || !parse_iso8601(args[0].as_string(), t)) {
        return Value();
      }
      double days = std::floor((now_ms - t) / 86400000.0);
      return std::isfinite(days) ? Value::number(days) : Value();
    }
    case Fn::Coalesce:
      for (std::size_t i = 0; i < n; ++i) {
        if (!args[i].is_null()) return args[i];
      }
      return Value();
  }
  return Value();
}

// Optimal string alignment distance: insertions, deletions, substitutions, and a swap of two
// neighbouring letters ("emial" for "email") counted as one edit, as people mistype.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> before(width), previous(width), current(width);
  for (std::size_t j = 0; j < width; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j < width; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  // Close enough to be a typo: at most a third of the name's letters (and at least 1) wrong.
  std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (c.size() > name.size() + limit || name.size() > c.size() + limit) continue;
    std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace leadqual::expr
