// The named functions shared by both spellings (min, round, domain, days_since, ...).
#include "core/runtime/functions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "core/runtime/iso8601.hpp"
#include "core/runtime/js.hpp"
#include "core/runtime/text.hpp"

namespace leadqual {
namespace {

// Free-mail providers: a person's own mailbox rather than a company's, each between spaces.
constexpr std::string_view kFreeMailDomains =
    " 126.com 163.com aol.com gmail.com gmx.at gmx.ch gmx.com gmx.de gmx.net googlemail.com "
    "hotmail.co.uk hotmail.com hotmail.de hotmail.fr hotmail.it icloud.com inbox.com "
    "live.com mac.com mail.com mail.ru me.com msn.com naver.com outlook.com pm.me proton.me "
    "protonmail.com qq.com rediffmail.com t-online.de web.de yahoo.co.jp yahoo.co.uk "
    "yahoo.com yahoo.de yahoo.fr yandex.com yandex.ru ymail.com zoho.com ";

// Well-known disposable (throw-away) mailbox services, each between spaces.
constexpr std::string_view kDisposableDomains =
    " 10minutemail.com 33mail.com discard.email dispostable.com emailondeck.com "
    "fakeinbox.com getairmail.com getnada.com guerrillamail.com guerrillamail.net "
    "harakirimail.com mailcatch.com maildrop.cc mailinator.com mailnesia.com mintemail.com "
    "moakt.com mohmal.com mytemp.email sharklasers.com spamgourmet.com temp-mail.org "
    "tempail.com tempmail.com tempmailo.com tempr.email throwawaymail.com trashmail.com "
    "yopmail.com yopmail.net ";

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

// Whether the domain of an email (or a bare domain) is in a list of domains each between spaces
// (one text: a table of string_views was 0.6 KB of addresses and lengths in the runtime module).
// Lower-cases into a small buffer between spaces: every listed domain is short, so a longer one
// cannot match and needs no copy; one with a space in it matches none.
bool email_domain_in(const Value& v, std::string_view list) {
  if (!v.is_string()) return false;
  std::string_view s = v.as_string();
  std::size_t at = s.rfind('@');
  std::string_view domain = at == std::string_view::npos ? s : s.substr(at + 1);
  while (!domain.empty() && (domain.back() == ' ' || domain.back() == '.')) domain.remove_suffix(1);
  char buffer[64];
  if (domain.empty() || domain.size() > sizeof buffer - 2) return false;
  buffer[0] = ' ';
  for (std::size_t i = 0; i < domain.size(); ++i) {
    char c = domain[i];
    if (c == ' ') return false;
    buffer[i + 1] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  buffer[domain.size() + 1] = ' ';
  return list.find(std::string_view(buffer, domain.size() + 2)) != std::string_view::npos;
}

// The lower-cased part of an email after the last '@'.
bool email_domain(const Value& v, std::string& out) {
  if (!v.is_string()) return false;
  std::string_view s = v.as_string();
  std::size_t at = s.rfind('@');
  if (at == std::string_view::npos) return false;
  out = ascii_lower(std::string(s.substr(at + 1)));
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  return !out.empty();
}

// a × b as the exact sum p + e (Dekker's product: no fused multiply-add in WebAssembly 1.0).
void exact_product(double a, double b, double& p, double& e) {
  auto split = [](double x, double& hi, double& lo) {
    const double c = 134217729.0 * x;  // 2^27 + 1: hi keeps the upper 26 bits
    hi = c - (c - x);
    lo = x - hi;
  };
  p = a * b;
  double ah, al, bh, bl;
  split(a, ah, al);
  split(b, bh, bl);
  e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

}  // namespace

double half_power(double t) {
  // Not std::pow(0.5, t): musl's pow is ~6 KB of tables in the runtime module, and glibc's and
  // musl's differ in the last bit for about one value in a thousand. 0.5^t = 2^-k · 2^f with k
  // the integer nearest t and f = k - t in [-1/2, 1/2] (exact); 2^f = 1 + ln2·f + f²·q(f), q the
  // rest of its Taylor series to f^14 (truncation < 10^-18), ln2·f and the final sum carried
  // exactly so that only q's rounding remains: correctly rounded for 98.6 % of t, one unit in
  // the last place off otherwise (as pow itself is for 0.1 %).
  if (std::isnan(t)) return t;
  if (t > 1100) return 0;
  if (t < -1100) return HUGE_VAL;
  static constexpr double kTaylor[] = {
      0x1.ebfbdff82c58fp-3,  0x1.c6b08d704a0c0p-5,  0x1.3b2ab6fba4e77p-7,  0x1.5d87fe78a6731p-10,
      0x1.430912f86c787p-13, 0x1.ffcbfc588b0c7p-17, 0x1.62c0223a5c824p-20, 0x1.b5253d395e7c4p-24,
      0x1.e4cf5158b8ecap-28, 0x1.e8cac7351bb25p-32, 0x1.c3bd650fc2986p-36, 0x1.816193166d0f9p-40,
      0x1.314964d5878a9p-44};  // ln2^n / n!, n = 2 … 14
  constexpr double kLn2High = 0x1.62e42fefa39efp-1;
  constexpr double kLn2Low = 0x1.abc9e3b39803fp-56;
  const double k = std::nearbyint(t);
  const double f = k - t;
  double q = kTaylor[12];
  for (int i = 11; i >= 0; --i) q = q * f + kTaylor[i];
  double high, low;
  exact_product(kLn2High, f, high, low);
  low += kLn2Low * f + f * f * q;
  const double sum = 1 + high;  // |high| < 1: (1 - sum) + high is the sum's rounding error
  return std::ldexp(sum + (((1 - sum) + high) + low), -static_cast<int>(k));
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
      return n > 0 && args[0].is_string()
                 ? Value::string(ascii_lower(std::string(args[0].as_string())))
                 : Value();
    case Fn::Upper:
      return n > 0 && args[0].is_string()
                 ? Value::string(ascii_upper(std::string(args[0].as_string())))
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
      std::string_view s = args[0].as_string();
      std::string_view p = args[1].as_string();
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
    case Fn::Count_:
      break;
  }
  return Value();
}

}  // namespace leadqual
