// JavaScript's Number(string) and String(number), exactly, and its remainder: the primitives of
// number text that js.hpp declares, natively and in the core module. The page's runtime module
// has JavaScript itself compute them instead (wasm/host_numbers.cpp): these are what it would
// otherwise carry (docs/performance.md, "The runtime's size, seventh session").
#include "core/runtime/js.hpp"
#include "core/runtime/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace leadqual::js {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Whether the UTF-8 bytes of `s` from `at` on start with `size` bytes of JavaScript white space
// (a StrWhiteSpaceChar: tab, vertical tab, form feed, a space separator (Zs), U+FEFF, a line
// terminator), as Number(string) trims it.
bool js_space_at(std::string_view s, std::size_t at, std::size_t size) {
  if (at > s.size() || s.size() - at < size) return false;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[at + i]); };
  switch (size) {
    case 1:
      return byte(0) == ' ' || (byte(0) >= '\t' && byte(0) <= '\r');  // \t \n \v \f \r
    case 2:
      return byte(0) == 0xC2 && byte(1) == 0xA0;  // U+00A0
    default: {
      const std::uint32_t c = std::uint32_t{byte(0)} << 16 | std::uint32_t{byte(1)} << 8 | byte(2);
      return c == 0xE19A80 ||                     // U+1680
             (c >= 0xE28080 && c <= 0xE2808A) ||  // U+2000 to U+200A
             c == 0xE280A8 || c == 0xE280A9 ||    // U+2028, U+2029
             c == 0xE280AF || c == 0xE2819F ||    // U+202F, U+205F
             c == 0xE38080 || c == 0xEFBBBF;      // U+3000, U+FEFF
    }
  }
}

std::string_view trim(std::string_view s) {
  for (bool more = true; more;) {
    more = false;
    for (std::size_t size = 1; size <= 3; ++size) {
      if (js_space_at(s, 0, size)) {
        s.remove_prefix(size);
        more = true;
        break;
      }
      if (s.size() >= size && js_space_at(s, s.size() - size, size)) {
        s.remove_suffix(size);
        more = true;
        break;
      }
    }
  }
  return s;
}

// Length of the longest prefix of `s` that is a decimal literal ([+-]digits[.digits][e[+-]digits],
// at least one digit in the mantissa), or 0.
std::size_t decimal_prefix(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    std::size_t exp_digits = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j, ++exp_digits;
    if (exp_digits > 0) i = j;
  }
  return i;
}

// ---- Exact decimal <-> binary conversion. libc's strtod and printf would do it, but in
// WebAssembly they bring musl's software long-double arithmetic and the whole printf engine
// (~20 KB of the runtime module); a small unsigned bignum is all correct rounding needs.

// An unsigned integer of 32-bit limbs, least significant first, no leading zero limbs.
class Big {
 public:
  explicit Big(std::uint64_t v = 0) {
    for (; v != 0; v >>= 32) limbs_.push_back(static_cast<std::uint32_t>(v));
  }
  bool zero() const { return limbs_.empty(); }
  // *this = *this × m + add
  void mul_add(std::uint32_t m, std::uint32_t add) {
    std::uint64_t carry = add;
    for (std::uint32_t& l : limbs_) {
      std::uint64_t t = std::uint64_t{l} * m + carry;
      l = static_cast<std::uint32_t>(t);
      carry = t >> 32;
    }
    if (carry != 0) limbs_.push_back(static_cast<std::uint32_t>(carry));
  }
  // *this ×= base^times, for base 5 or 10 (multiplied in the largest powers that fit a limb).
  void mul_pow(std::uint32_t base, int times) {
    const int step = base == 5 ? 13 : 9;  // 5^13 and 10^9 fit 32 bits
    std::uint32_t chunk = 1;
    for (int i = 0; i < step; ++i) chunk *= base;
    for (; times >= step; times -= step) mul_add(chunk, 0);
    std::uint32_t rest = 1;
    for (; times > 0; --times) rest *= base;
    mul_add(rest, 0);
  }
  void shift_left(int bits) {
    if (zero() || bits <= 0) return;
    const auto words = static_cast<std::size_t>(bits / 32);
    const int shift = bits % 32;
    if (shift != 0) {
      std::uint32_t carry = 0;
      for (std::uint32_t& l : limbs_) {
        std::uint32_t next = l >> (32 - shift);
        l = (l << shift) | carry;
        carry = next;
      }
      if (carry != 0) limbs_.push_back(carry);
    }
    limbs_.insert(limbs_.begin(), words, 0);
  }
  // *this /= 10^9; returns the remainder (the next nine decimal digits).
  std::uint32_t divide_by_billion() {
    constexpr std::uint64_t m = 1000000000;
    std::uint64_t rem = 0;
    for (std::size_t i = limbs_.size(); i-- > 0;) {
      std::uint64_t t = (rem << 32) | limbs_[i];
      limbs_[i] = static_cast<std::uint32_t>(t / m);
      rem = t % m;
    }
    trim();
    return static_cast<std::uint32_t>(rem);
  }
  // *this -= b, where b <= *this.
  void subtract(const Big& b) {
    std::int64_t borrow = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
      std::int64_t t = std::int64_t{limbs_[i]} - borrow - (i < b.limbs_.size() ? b.limbs_[i] : 0);
      borrow = t < 0 ? 1 : 0;
      limbs_[i] = static_cast<std::uint32_t>(t + (borrow << 32));
    }
    trim();
  }
  int bit_length() const {
    if (zero()) return 0;
    int bits = static_cast<int>(limbs_.size() - 1) * 32;
    for (std::uint32_t top = limbs_.back(); top != 0; top >>= 1) ++bits;
    return bits;
  }
  friend int compare(const Big& a, const Big& b) {
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
    for (std::size_t i = a.limbs_.size(); i-- > 0;) {
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

 private:
  void trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  }
  std::vector<std::uint32_t> limbs_;
};

Big shifted(Big b, int bits) {  // b × 2^bits
  b.shift_left(bits);
  return b;
}

// At most this many significant digits are kept of a literal (a sticky digit stands for the rest).
constexpr std::size_t kMaxDigits = 800;  // a double's halfway points need at most 768

}  // namespace

double decimal_value(std::string_view digits, int exp10) {
  if (digits.empty()) return 0;
  const int top = static_cast<int>(digits.size()) + exp10;  // value < 10^top
  if (top > 310) return std::numeric_limits<double>::infinity();
  if (top < -330) return 0;
  if (digits.size() <= 15 && exp10 >= -22 && exp10 <= 22) {
    // Both operands exact, so one IEEE operation rounds correctly (Clinger's fast path).
    std::uint64_t n = 0;
    for (char c : digits) n = n * 10 + static_cast<std::uint64_t>(c - '0');
    double scale = 1;
    for (int i = 0; i < (exp10 < 0 ? -exp10 : exp10); ++i) scale *= 10;
    return exp10 < 0 ? static_cast<double>(n) / scale : static_cast<double>(n) * scale;
  }
  // value = num / den exactly; find b with 2^b <= value < 2^(b+1), then the 53 (fewer when
  // subnormal) bits from 2^b down by long division, and round on the remainder.
  Big num;
  for (char c : digits) num.mul_add(10, static_cast<std::uint32_t>(c - '0'));
  Big den(1);
  if (exp10 >= 0) {
    num.mul_pow(10, exp10);
  } else {
    den.mul_pow(10, -exp10);
  }
  int b = num.bit_length() - den.bit_length();
  if (b >= 0 ? compare(num, shifted(den, b)) < 0 : compare(shifted(num, -b), den) < 0) --b;
  if (b > 1023) return std::numeric_limits<double>::infinity();
  const int lowest = b - 52 > -1074 ? b - 52 : -1074;  // weight of the last mantissa bit
  if (lowest >= 0) {
    den.shift_left(lowest);
  } else {
    num.shift_left(-lowest);
  }
  // Restoring division: at bit i, num holds the remainder × 2^(t - i), so it is compared
  // with den × 2^t throughout.
  const int t = b - lowest;
  std::uint64_t q = 0;
  int half = 0;
  if (t >= 0) {
    den.shift_left(t);
    for (int i = t; i >= 0; --i) {
      if (compare(num, den) >= 0) {
        num.subtract(den);
        q |= std::uint64_t{1} << i;
      }
      num.shift_left(1);
    }
    half = compare(num, den);  // 2 × remainder against the divisor
  } else {
    half = compare(shifted(num, 1), den);
  }
  if (half > 0 || (half == 0 && (q & 1) != 0)) ++q;
  return std::ldexp(static_cast<double>(q), lowest);
}

namespace {

constexpr std::int64_t kHuge = std::int64_t{1} << 50;

// Converts a validated decimal literal ([+-]digits[.digits][(e|E)[+-]digits]), exactly.
double convert_decimal(std::string_view literal) {
  bool negative = false;
  std::size_t i = 0;
  if (i < literal.size() && (literal[i] == '+' || literal[i] == '-'))
    negative = literal[i++] == '-';
  std::string digits;      // significant digits, leading zeros dropped
  std::int64_t exp10 = 0;  // value = digits × 10^exp10
  bool fraction = false;
  bool dropped = false;  // a nonzero digit beyond kMaxDigits
  for (; i < literal.size() && literal[i] != 'e' && literal[i] != 'E'; ++i) {
    char c = literal[i];
    if (c == '.') {
      fraction = true;
    } else if (digits.empty() && c == '0') {
      if (fraction) --exp10;
    } else if (digits.size() < kMaxDigits) {
      digits += c;
      if (fraction) --exp10;
    } else {
      dropped = dropped || c != '0';
      if (!fraction) ++exp10;
    }
  }
  if (i < literal.size()) {
    ++i;
    bool minus = i < literal.size() && literal[i] == '-';
    if (i < literal.size() && (literal[i] == '+' || literal[i] == '-')) ++i;
    std::int64_t e = 0;  // saturated: far beyond any double either way
    for (; i < literal.size(); ++i) e = e < kHuge ? e * 10 + (literal[i] - '0') : e;
    exp10 += minus ? -e : e;
  }
  if (digits.empty()) return negative ? -0.0 : 0.0;
  if (dropped) {
    digits += '1';  // stands for the dropped digits: between the kept ones and the next unit
    --exp10;
  }
  exp10 = std::min<std::int64_t>(std::max<std::int64_t>(exp10, -100000), 100000);
  double magnitude = decimal_value(digits, static_cast<int>(exp10));
  return negative ? -magnitude : magnitude;
}

// A finite positive double's parts: x = m × 2^e, m < 2^53.
struct Binary {
  std::uint64_t m;
  int e;
  bool lower_gap_halved;  // a power of two above the smallest normal: its lower neighbour is nearer
};

Binary binary(double x) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  const int biased = static_cast<int>((bits >> 52) & 0x7ff);
  const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
  if (biased == 0) return {fraction, -1074, false};
  return {fraction | (std::uint64_t{1} << 52), biased - 1075, fraction == 0 && biased > 1};
}

// A positive decimal 0.digits × 10^n, `digits` without leading or trailing zeros.
struct Decimal {
  std::string digits;
  int n = 0;
};

// The exact decimal expansion of m × 2^e (m > 0): up to 767 significant digits.
Decimal exact_decimal(std::uint64_t m, int e) {
  Big big(m);
  int scale = 0;  // the value is big / 10^scale
  if (e >= 0) {
    big.shift_left(e);
  } else {
    big.mul_pow(5, -e);
    scale = -e;
  }
  Decimal d;
  while (!big.zero()) {
    std::uint32_t chunk = big.divide_by_billion();
    for (int i = 0; i < 9; ++i, chunk /= 10) d.digits += static_cast<char>('0' + chunk % 10);
  }
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();  // leading (reversed)
  std::reverse(d.digits.begin(), d.digits.end());
  d.n = static_cast<int>(d.digits.size()) - scale;
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
  return d;
}

// Orders two positive decimals; `a` may have trailing zeros.
int compare(std::string_view a, int a_n, const Decimal& b) {
  while (!a.empty() && a.back() == '0') a.remove_suffix(1);
  if (a_n != b.n) return a_n < b.n ? -1 : 1;
  int c = a.compare(b.digits);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

std::string_view infinity_prefix(std::string_view s, double& out) {
  std::string_view rest = s;
  double sign = 1;
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    if (rest.front() == '-') sign = -1;
    rest.remove_prefix(1);
  }
  constexpr std::string_view kInfinity = "Infinity";
  if (rest.substr(0, kInfinity.size()) == kInfinity) {
    out = sign * std::numeric_limits<double>::infinity();
    return rest.substr(kInfinity.size());
  }
  return s;
}

// Hexadecimal, octal or binary digits (`bits` of them a digit) as the nearest double (ties to
// even), as JavaScript reads 0x…, 0o… and 0b…: exact to 2^56 (bits are shifted in), beyond that
// the bits that do not fit are counted and a sticky bit stands for them, so that the one
// rounding to 53 bits is correct.
double parse_radix_integer(std::string_view digits, int bits) {
  if (digits.empty()) return kNaN;
  const int radix = 1 << bits;
  std::uint64_t mantissa = 0;
  int dropped = 0;  // bits beyond the mantissa
  bool sticky = false;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return kNaN;
    }
    if (d >= radix) return kNaN;
    if (mantissa < std::uint64_t{1} << 56) {
      mantissa = mantissa << bits | static_cast<std::uint64_t>(d);
    } else {
      sticky = sticky || d != 0;
      dropped = std::min(dropped + bits, 2048);
    }
  }
  // At least 57 bits when some were dropped: the sticky bit is below the rounding bit.
  return std::ldexp(static_cast<double>(mantissa | (sticky ? 1 : 0)), dropped);
}

}  // namespace

double string_to_number(std::string_view raw) {
  std::string_view s = trim(raw);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    char p = s[1];
    if (p == 'x' || p == 'X') return parse_radix_integer(s.substr(2), 4);
    if (p == 'o' || p == 'O') return parse_radix_integer(s.substr(2), 3);
    if (p == 'b' || p == 'B') return parse_radix_integer(s.substr(2), 1);
  }
  double inf = 0;
  if (infinity_prefix(s, inf).empty()) return inf;
  std::size_t n = decimal_prefix(s);
  if (n == 0 || n != s.size()) return kNaN;
  return convert_decimal(s);
}

bool shortest_decimal(double d, std::string& digits, int& n) {
  // What JavaScript prints (Number::toString): the fewest significant digits that read back as
  // the same double and, of those, the one nearest to it (ties: the even one). A decimal reads
  // back when it lies strictly between the midpoints to the neighbouring doubles (on them too
  // when the mantissa is even: ties round to even).
  bool negative = std::signbit(d);
  double magnitude = std::fabs(d);
  digits.clear();
  n = 0;
  if (magnitude == 0 || !std::isfinite(magnitude)) {
    digits = "0";
    return negative;
  }
  if (magnitude < 9007199254740992.0 && magnitude == std::floor(magnitude)) {
    // Integers below 2^53: every one is a double, so no shorter decimal reads back.
    digits = leadqual::decimal(static_cast<std::uint64_t>(magnitude));
    n = static_cast<int>(digits.size());
    while (digits.back() == '0') digits.pop_back();
    return negative;
  }
  const Binary x = binary(magnitude);
  const Decimal exact = exact_decimal(x.m, x.e);
  const Decimal above = exact_decimal(2 * x.m + 1, x.e - 1);
  const Decimal below = x.lower_gap_halved ? exact_decimal(4 * x.m - 1, x.e - 2)
                                           : exact_decimal(2 * x.m - 1, x.e - 1);
  const bool inclusive = x.m % 2 == 0;
  auto reads_back = [&](std::string_view candidate, int candidate_n) {
    int lo = compare(candidate, candidate_n, below);
    int hi = compare(candidate, candidate_n, above);
    return inclusive ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
  };
  digits = exact.digits;
  n = exact.n;
  for (std::size_t p = 1; p < exact.digits.size(); ++p) {
    // The p-digit neighbours of the exact value: `low` below it, `high` above it.
    std::string low = exact.digits.substr(0, p);
    std::string high = low;
    int high_n = exact.n;
    std::size_t i = p;
    while (i > 0 && high[i - 1] == '9') high[--i] = '0';
    if (i > 0) {
      ++high[i - 1];
    } else {
      high.insert(high.begin(), '1');
      high.pop_back();
      ++high_n;
    }
    char next = exact.digits[p];
    bool up =
        next > '5' || (next == '5' && (exact.digits.size() > p + 1 || (low.back() - '0') % 2 == 1));
    bool low_reads_back = reads_back(low, exact.n);
    bool high_reads_back = reads_back(high, high_n);
    if (high_reads_back && (up || !low_reads_back)) {
      digits = high;
      n = high_n;
      break;
    }
    if (low_reads_back) {
      digits = low;
      break;
    }
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  return negative;
}

void append_number(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-Infinity" : "Infinity";
    return;
  }
  if (d == 0) {
    out += '0';  // also -0, as JS prints it
    return;
  }
  std::string digits;
  int n = 0;
  bool negative = shortest_decimal(d, digits, n);
  int k = static_cast<int>(digits.size());
  if (negative) out += '-';
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out += '.';
    out.append(digits, static_cast<std::size_t>(n), std::string::npos);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    out += 'e';
    int e = n - 1;
    out += e < 0 ? '-' : '+';
    out += leadqual::decimal(static_cast<std::uint64_t>(e < 0 ? -e : e));
  }
}

double remainder(double x, double y) {
  return std::fmod(x, y);
}

}  // namespace leadqual::js
