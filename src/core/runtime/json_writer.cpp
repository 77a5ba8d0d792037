#include "core/runtime/json_writer.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace leadqual {
namespace {

// ---- Doubles as nlohmann prints them: Grisu2 (Florian Loitsch, "Printing Floating-Point Numbers
// Quickly and Accurately with Integers", PLDI 2010) with the parameters nlohmann uses (alpha -60,
// gamma -32, a cached power of ten every 8 decimal exponents), then nlohmann's layout: "1.5",
// "0.001", "1e-05", "1.5e+20", "2.0". The digits are always correct and almost always the
// shortest; where Grisu2 is not shortest, it agrees with nlohmann, which is what counts here.

struct DiyFp {
  std::uint64_t f;
  int e;
};

DiyFp subtract(DiyFp x, DiyFp y) {
  return {x.f - y.f, x.e};
}

// The upper 64 bits of the 128-bit product, rounded to nearest.
DiyFp multiply(DiyFp x, DiyFp y) {
  const std::uint64_t a = x.f >> 32, b = x.f & 0xFFFFFFFFu;
  const std::uint64_t c = y.f >> 32, d = y.f & 0xFFFFFFFFu;
  const std::uint64_t ac = a * c, bc = b * c, ad = a * d, bd = b * d;
  std::uint64_t middle = (bd >> 32) + (ad & 0xFFFFFFFFu) + (bc & 0xFFFFFFFFu);
  middle += std::uint64_t{1} << 31;  // round
  return {ac + (ad >> 32) + (bc >> 32) + (middle >> 32), x.e + y.e + 64};
}

DiyFp normalize(DiyFp x) {
  while ((x.f >> 63) == 0) {
    x.f <<= 1;
    --x.e;
  }
  return x;
}

DiyFp normalize_to(DiyFp x, int e) {
  return {x.f << (x.e - e), e};
}

// v and the boundaries m- and m+ halfway to its neighbours, m+ normalised, m- on m+'s exponent.
struct Boundaries {
  DiyFp w, minus, plus;
};

Boundaries boundaries(double value) {
  constexpr int kPrecision = 53;  // with the hidden bit
  constexpr int kBias = 1075;     // 1023 + 52
  constexpr std::uint64_t kHidden = std::uint64_t{1} << (kPrecision - 1);
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  const std::uint64_t exponent_bits = bits >> (kPrecision - 1);
  const std::uint64_t fraction = bits & (kHidden - 1);
  const DiyFp v = exponent_bits == 0
                      ? DiyFp{fraction, 1 - kBias}
                      : DiyFp{fraction + kHidden, static_cast<int>(exponent_bits) - kBias};
  // The lower neighbour is closer when v is a power of two (and not the smallest normal).
  const bool lower_closer = fraction == 0 && exponent_bits > 1;
  const DiyFp plus = normalize(DiyFp{(v.f << 1) + 1, v.e - 1});
  const DiyFp minus =
      lower_closer ? DiyFp{(v.f << 2) - 1, v.e - 2} : DiyFp{(v.f << 1) - 1, v.e - 1};
  return {normalize(v), normalize_to(minus, plus.e), plus};
}

struct CachedPower {
  std::uint64_t f;
  int e;
  int k;
};

// 10^k ≈ f·2^e with f normalised and rounded to nearest, for k = -300, -292, …, 324 (computed
// exactly with rational arithmetic).
constexpr CachedPower kCachedPowers[] = {
    {0xAB70FE17C79AC6CA, -1060, -300}, {0xFF77B1FCBEBCDC4F, -1034, -292},
    {0xBE5691EF416BD60C, -1007, -284}, {0x8DD01FAD907FFC3C, -980, -276},
    {0xD3515C2831559A83, -954, -268},  {0x9D71AC8FADA6C9B5, -927, -260},
    {0xEA9C227723EE8BCB, -901, -252},  {0xAECC49914078536D, -874, -244},
    {0x823C12795DB6CE57, -847, -236},  {0xC21094364DFB5637, -821, -228},
    {0x9096EA6F3848984F, -794, -220},  {0xD77485CB25823AC7, -768, -212},
    {0xA086CFCD97BF97F4, -741, -204},  {0xEF340A98172AACE5, -715, -196},
    {0xB23867FB2A35B28E, -688, -188},  {0x84C8D4DFD2C63F3B, -661, -180},
    {0xC5DD44271AD3CDBA, -635, -172},  {0x936B9FCEBB25C996, -608, -164},
    {0xDBAC6C247D62A584, -582, -156},  {0xA3AB66580D5FDAF6, -555, -148},
    {0xF3E2F893DEC3F126, -529, -140},  {0xB5B5ADA8AAFF80B8, -502, -132},
    {0x87625F056C7C4A8B, -475, -124},  {0xC9BCFF6034C13053, -449, -116},
    {0x964E858C91BA2655, -422, -108},  {0xDFF9772470297EBD, -396, -100},
    {0xA6DFBD9FB8E5B88F, -369, -92},   {0xF8A95FCF88747D94, -343, -84},
    {0xB94470938FA89BCF, -316, -76},   {0x8A08F0F8BF0F156B, -289, -68},
    {0xCDB02555653131B6, -263, -60},   {0x993FE2C6D07B7FAC, -236, -52},
    {0xE45C10C42A2B3B06, -210, -44},   {0xAA242499697392D3, -183, -36},
    {0xFD87B5F28300CA0E, -157, -28},   {0xBCE5086492111AEB, -130, -20},
    {0x8CBCCC096F5088CC, -103, -12},   {0xD1B71758E219652C, -77, -4},
    {0x9C40000000000000, -50, 4},      {0xE8D4A51000000000, -24, 12},
    {0xAD78EBC5AC620000, 3, 20},       {0x813F3978F8940984, 30, 28},
    {0xC097CE7BC90715B3, 56, 36},      {0x8F7E32CE7BEA5C70, 83, 44},
    {0xD5D238A4ABE98068, 109, 52},     {0x9F4F2726179A2245, 136, 60},
    {0xED63A231D4C4FB27, 162, 68},     {0xB0DE65388CC8ADA8, 189, 76},
    {0x83C7088E1AAB65DB, 216, 84},     {0xC45D1DF942711D9A, 242, 92},
    {0x924D692CA61BE758, 269, 100},    {0xDA01EE641A708DEA, 295, 108},
    {0xA26DA3999AEF774A, 322, 116},    {0xF209787BB47D6B85, 348, 124},
    {0xB454E4A179DD1877, 375, 132},    {0x865B86925B9BC5C2, 402, 140},
    {0xC83553C5C8965D3D, 428, 148},    {0x952AB45CFA97A0B3, 455, 156},
    {0xDE469FBD99A05FE3, 481, 164},    {0xA59BC234DB398C25, 508, 172},
    {0xF6C69A72A3989F5C, 534, 180},    {0xB7DCBF5354E9BECE, 561, 188},
    {0x88FCF317F22241E2, 588, 196},    {0xCC20CE9BD35C78A5, 614, 204},
    {0x98165AF37B2153DF, 641, 212},    {0xE2A0B5DC971F303A, 667, 220},
    {0xA8D9D1535CE3B396, 694, 228},    {0xFB9B7CD9A4A7443C, 720, 236},
    {0xBB764C4CA7A44410, 747, 244},    {0x8BAB8EEFB6409C1A, 774, 252},
    {0xD01FEF10A657842C, 800, 260},    {0x9B10A4E5E9913129, 827, 268},
    {0xE7109BFBA19C0C9D, 853, 276},    {0xAC2820D9623BF429, 880, 284},
    {0x80444B5E7AA7CF85, 907, 292},    {0xBF21E44003ACDD2D, 933, 300},
    {0x8E679C2F5E44FF8F, 960, 308},    {0xD433179D9C8CB841, 986, 316},
    {0x9E19DB92B4E31BA9, 1013, 324},
};

// Scaled numbers land in [alpha, gamma] = [-60, -32] binary exponents: digits come out of
// 32-bit integral parts.
constexpr int kAlpha = -60;

// The cached power c = 10^-k for which the scaled exponent e + c.e + 64 lies in [alpha, gamma].
CachedPower cached_power(int e) {
  constexpr int kMinDecimalExponent = -300;
  constexpr int kStep = 8;
  const int f = kAlpha - e - 1;
  const int k = (f * 78913) / (1 << 18) + (f > 0);  // ceil(f · log10(2))
  const int index = (-kMinDecimalExponent + k + (kStep - 1)) / kStep;
  return kCachedPowers[index];
}

// The number of decimal digits of n (n < 10^10) and the largest power of ten not above it.
int largest_pow10(std::uint32_t n, std::uint32_t& pow10) {
  int digits = 10;
  pow10 = 1000000000;
  while (digits > 1 && n < pow10) {
    pow10 /= 10;
    --digits;
  }
  return digits;
}

void round_last_digit(char* buffer, int length, std::uint64_t distance, std::uint64_t delta,
                      std::uint64_t rest, std::uint64_t ten_k) {
  // Move the last digit down while the result stays in the interval and gets closer to w.
  while (rest < distance && delta - rest >= ten_k &&
         (rest + ten_k < distance || distance - rest > rest + ten_k - distance)) {
    --buffer[length - 1];
    rest += ten_k;
  }
}

// Generates the digits of a number in (M-, M+), as close to w as the scaled arithmetic allows.
void generate_digits(char* buffer, int& length, int& decimal_exponent, DiyFp m_minus, DiyFp w,
                     DiyFp m_plus) {
  std::uint64_t delta = subtract(m_plus, m_minus).f;
  std::uint64_t distance = subtract(m_plus, w).f;
  const DiyFp one{std::uint64_t{1} << -m_plus.e, m_plus.e};
  auto p1 = static_cast<std::uint32_t>(m_plus.f >> -one.e);  // fits: m_plus.e >= alpha
  std::uint64_t p2 = m_plus.f & (one.f - 1);
  std::uint32_t pow10 = 0;
  int n = largest_pow10(p1, pow10);
  while (n > 0) {
    const std::uint32_t digit = p1 / pow10;
    p1 %= pow10;
    buffer[length++] = static_cast<char>('0' + digit);
    --n;
    const std::uint64_t rest = (std::uint64_t{p1} << -one.e) + p2;
    if (rest <= delta) {
      decimal_exponent += n;
      round_last_digit(buffer, length, distance, delta, rest, std::uint64_t{pow10} << -one.e);
      return;
    }
    pow10 /= 10;
  }
  int m = 0;
  for (;;) {
    p2 *= 10;
    delta *= 10;
    distance *= 10;
    buffer[length++] = static_cast<char>('0' + (p2 >> -one.e));
    p2 &= one.f - 1;
    ++m;
    if (p2 <= delta) break;
  }
  decimal_exponent -= m;
  round_last_digit(buffer, length, distance, delta, p2, one.f);
}

// The digits of a positive finite value and its exponent: value ≈ digits × 10^decimal_exponent.
void grisu2(char* buffer, int& length, int& decimal_exponent, double value) {
  const Boundaries b = boundaries(value);
  const CachedPower cached = cached_power(b.plus.e);
  const DiyFp c{cached.f, cached.e};
  const DiyFp w = multiply(b.w, c);
  const DiyFp w_minus = multiply(b.minus, c);
  const DiyFp w_plus = multiply(b.plus, c);
  // Inside the safe interval only: one unit in from each end covers the rounding of multiply().
  const DiyFp m_minus{w_minus.f + 1, w_minus.e};
  const DiyFp m_plus{w_plus.f - 1, w_plus.e};
  decimal_exponent = -cached.k;
  generate_digits(buffer, length, decimal_exponent, m_minus, w, m_plus);
}

// nlohmann's layout of digits × 10^exponent: plain decimals while the point lies within
// [-4, 15] digits of the first, else d.ddde±XX. Writes at most 24 bytes; returns the end.
char* layout(char* out, const char* digits, int length, int exponent) {
  const auto put = [&out](const char* from, int count) {
    std::memcpy(out, from, static_cast<std::size_t>(count));
    out += count;
  };
  const auto zeros = [&out](int count) {
    std::memset(out, '0', static_cast<std::size_t>(count));
    out += count;
  };
  const int k = length;
  const int n = length + exponent;  // position of the decimal point
  if (k <= n && n <= 15) {
    put(digits, k);
    zeros(n - k);
    put(".0", 2);
  } else if (0 < n && n <= 15) {
    put(digits, n);
    *out++ = '.';
    put(digits + n, k - n);
  } else if (-4 < n && n <= 0) {
    put("0.", 2);
    zeros(-n);
    put(digits, k);
  } else {
    *out++ = digits[0];
    if (k > 1) {
      *out++ = '.';
      put(digits + 1, k - 1);
    }
    *out++ = 'e';
    int e = n - 1;
    *out++ = e < 0 ? '-' : '+';
    if (e < 0) e = -e;
    if (e >= 100) *out++ = static_cast<char>('0' + e / 100);
    *out++ = static_cast<char>('0' + e / 10 % 10);
    *out++ = static_cast<char>('0' + e % 10);
  }
  return out;
}

// "00" "01" … "99": integers are written two digits at a time.
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// ---- UTF-8 --------------------------------------------------------------------------------

// Walks UTF-8 as nlohmann's decoder does: a sequence fails at the first byte that cannot
// continue it; the bytes read so far are dropped for one U+FFFD and that byte is read again as
// the start of a new sequence (a byte that cannot start one is itself replaced).
class Utf8Walker {
 public:
  // Feeds one byte; returns true once a whole valid sequence (or a single ASCII byte) ended.
  enum class Step { Partial, Complete, Invalid };
  Step feed(unsigned char c) {
    if (need_ == 0) {
      if (c < 0x80) return Step::Complete;
      if (c >= 0xC2 && c <= 0xDF) return start(1, 0x80, 0xBF);
      if (c == 0xE0) return start(2, 0xA0, 0xBF);
      if (c == 0xED) return start(2, 0x80, 0x9F);
      if (c >= 0xE1 && c <= 0xEF) return start(2, 0x80, 0xBF);
      if (c == 0xF0) return start(3, 0x90, 0xBF);
      if (c >= 0xF1 && c <= 0xF3) return start(3, 0x80, 0xBF);
      if (c == 0xF4) return start(3, 0x80, 0x8F);
      return Step::Invalid;
    }
    if (c < low_ || c > high_) {
      need_ = 0;
      return Step::Invalid;
    }
    low_ = 0x80;
    high_ = 0xBF;
    return --need_ == 0 ? Step::Complete : Step::Partial;
  }
  bool in_sequence() const { return need_ > 0; }

 private:
  Step start(int need, unsigned char low, unsigned char high) {
    need_ = need;
    low_ = low;
    high_ = high;
    return Step::Partial;
  }
  int need_ = 0;
  unsigned char low_ = 0x80, high_ = 0xBF;
};

constexpr char kReplacement[] = "\xEF\xBF\xBD";

// The letter after the backslash of JSON's two-character escapes ('"' for '"', 'n' for a line
// feed), or 0.
char short_escape(char c) {
  switch (c) {
    case '"':
    case '\\':
      return c;
    case '\b':
      return 'b';
    case '\t':
      return 't';
    case '\n':
      return 'n';
    case '\f':
      return 'f';
    case '\r':
      return 'r';
    default:
      return 0;
  }
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  Utf8Walker walker;
  std::size_t sequence_start = 0;  // in `out`, where the current sequence began
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool continuing = walker.in_sequence();
    if (!continuing) sequence_start = out.size();
    switch (walker.feed(static_cast<unsigned char>(text[i]))) {
      case Utf8Walker::Step::Complete:
      case Utf8Walker::Step::Partial:
        out += text[i];
        break;
      case Utf8Walker::Step::Invalid:
        out.resize(sequence_start);
        out += kReplacement;
        if (continuing) --i;  // read this byte again as a start
        break;
    }
  }
  if (walker.in_sequence()) {
    out.resize(sequence_start);
    out += kReplacement;
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  Utf8Walker walker;
  for (char c : text) {
    if (walker.feed(static_cast<unsigned char>(c)) == Utf8Walker::Step::Invalid) return false;
  }
  return !walker.in_sequence();
}

void TextSink::raw_long(std::string_view text) {
  for (;;) {
    const std::size_t n = text.size() < space() ? text.size() : space();
    std::memcpy(p_, text.data(), n);
    p_ += n;
    text.remove_prefix(n);
    if (text.empty()) return;
    spill();
  }
}

void TextSink::string(std::string_view text) {
  // Most strings (ids, texts, codes) need no escaping: copy them in one go.
  std::size_t plain = 0;
  while (plain < text.size()) {
    auto c = static_cast<unsigned char>(text[plain]);
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
    ++plain;
  }
  if (plain == text.size()) {
    if (text.size() + 2 <= space()) {
      *p_++ = '"';
      std::memcpy(p_, text.data(), text.size());
      p_ += text.size();
      *p_++ = '"';
    } else {
      raw('"');
      raw(text);
      raw('"');
    }
    return;
  }
  std::string replaced;
  if (!is_valid_utf8(text)) {
    replaced = valid_utf8(text);
    text = replaced;
  }
  static const char kHex[] = "0123456789abcdef";
  raw('"');
  for (char c : text) {
    if (space() < 6) spill();  // the longest escape: \u00XX
    const char escape = short_escape(c);
    if (escape != 0) {
      *p_++ = '\\';
      *p_++ = escape;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      std::memcpy(p_, "\\u00", 4);
      p_ += 4;
      *p_++ = kHex[(c >> 4) & 0xF];
      *p_++ = kHex[c & 0xF];
    } else {
      *p_++ = c;
    }
  }
  raw('"');
}

void TextSink::integer(std::uint64_t magnitude, bool negative) {
  if (space() < 21) spill();  // "-" and 20 digits at the most
  if (negative) *p_++ = '-';
  int length = 1;
  for (std::uint64_t rest = magnitude; rest >= 10; rest /= 10) ++length;
  // The digits right to left, two at a time, straight into the buffer.
  char* const end = p_ + length;
  char* p = end;
  while (magnitude >= 100) {
    p -= 2;
    std::memcpy(p, kDigitPairs + 2 * (magnitude % 100), 2);
    magnitude /= 100;
  }
  if (magnitude >= 10) {
    std::memcpy(p - 2, kDigitPairs + 2 * magnitude, 2);
  } else {
    p[-1] = static_cast<char>('0' + magnitude);
  }
  p_ = end;
}

void TextSink::floating(double value) {
  char text[32];
  char* p = text;
  if (std::signbit(value)) {
    *p++ = '-';
    value = -value;
  }
  if (value == 0) {
    std::memcpy(p, "0.0", 3);
    p += 3;
  } else {
    char digits[32];
    int length = 0;
    int exponent = 0;
    grisu2(digits, length, exponent, value);
    p = layout(p, digits, length, exponent);
  }
  raw(std::string_view(text, static_cast<std::size_t>(p - text)));
}

void TextSink::number(double value) {
  // Most numbers of a result are small integers (points, scores): no floor() or fabs() for them.
  if (value > -1e9 && value < 1e9) {
    const auto small = static_cast<std::int32_t>(value);
    if (small == value) {
      integer(static_cast<std::uint64_t>(small < 0 ? -static_cast<std::int64_t>(small) : small),
              small < 0);
      return;
    }
  }
  if (!std::isfinite(value)) {
    raw("null");
  } else if (value == std::floor(value) && std::fabs(value) <= 9007199254740991.0) {
    integer(static_cast<std::uint64_t>(std::fabs(value)), value < 0);
  } else {
    floating(value);
  }
}

void TextSink::value(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null:
    case Value::Kind::Error:
      raw("null");
      return;
    case Value::Kind::Bool:
      boolean(value.as_bool());
      return;
    case Value::Kind::Number: {
      const double d = value.as_number();
      if (!std::isfinite(d)) {
        raw("null");
      } else if (std::trunc(d) == d && std::fabs(d) <= 9007199254740992.0) {
        integer(static_cast<std::uint64_t>(std::fabs(d)), d < 0);
      } else {
        floating(d);
      }
      return;
    }
    case Value::Kind::String:
      string(value.as_string());
      return;
    case Value::Kind::Array: {
      raw('[');
      bool first = true;
      for (const Value& item : value.as_array()) {
        if (!first) raw(',');
        first = false;
        this->value(item);
      }
      raw(']');
      return;
    }
    case Value::Kind::Object: {
      raw('{');
      bool first = true;
      for (const auto& [key, item] : value.as_object()) {
        if (!first) raw(',');
        first = false;
        string(key);
        raw(':');
        this->value(item);
      }
      raw('}');
      return;
    }
  }
}

}  // namespace leadqual
