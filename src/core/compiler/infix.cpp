// Infix text spelling → Node tree. A recursive-descent parser over a token list; nesting is
// counted so hostile input cannot exhaust the stack.
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "core/compiler/node.hpp"
#include "core/runtime/js.hpp"
#include "core/runtime/text.hpp"

namespace leadqual::expr {
namespace {

enum class Tok {
  End,
  Number,
  String,
  Name,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Question,
  Colon,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  And,
  Or,
  Not,
  In,
  True,
  False,
  Null,
};

struct Token {
  Tok kind = Tok::End;
  std::size_t pos = 0;  // byte offset into the text
  std::string text;     // Name: the dotted name; String: the decoded value
  double number = 0;
};

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Four hex digits at s[j..]; advances j past them.
bool read_hex4(const std::string& s, std::size_t& j, std::uint32_t& out) {
  out = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    if (j + k >= s.size()) return false;
    char h = s[j + k];
    int v = (h >= '0' && h <= '9')   ? h - '0'
            : (h >= 'a' && h <= 'f') ? h - 'a' + 10
            : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                     : -1;
    if (v < 0) return false;
    out = out * 16 + static_cast<std::uint32_t>(v);
  }
  j += 4;
  return true;
}

class Parser {
 public:
  Parser(Compiler& c, const std::string& text, const std::string& pointer)
      : c_(c), text_(text), pointer_(pointer) {}

  Node parse();

 private:
  // Column (1-based, in characters) of a byte offset, for messages.
  std::size_t column(std::size_t pos) const {
    std::size_t col = 1;
    for (std::size_t i = 0; i < pos && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
    }
    return col;
  }
  std::string where(std::size_t pos) const {
    return "at column " + std::to_string(column(pos)) + ": ";
  }
  void fail(std::size_t pos, const std::string& message) {
    if (failed_) return;  // the first error is the useful one
    failed_ = true;
    c_.error(pointer_, where(pos) + message);
  }

  bool tokenize();
  const Token& peek() const { return tokens_[index_]; }
  Token next() { return tokens_[index_ < tokens_.size() - 1 ? index_++ : index_]; }
  bool accept(Tok t) {
    if (peek().kind != t) return false;
    ++index_;
    return true;
  }
  std::string describe(const Token& t) const;
  bool expect(Tok t, const char* what) {
    if (accept(t)) return true;
    fail(peek().pos, std::string("expected ") + what + ", found " + describe(peek()));
    return false;
  }

  // Grammar, loosest first.
  Node expression();
  Node conditional();
  Node disjunction();
  Node conjunction();
  Node negation();
  Node comparison();
  Node additive();
  Node multiplicative();
  Node unary();
  Node primary();
  Node call(const Token& name);
  Node name(const Token& name);

  bool enter(std::size_t pos) {
    if (++depth_ > c_.limits.max_depth) {
      fail(pos, "expression nested deeper than " + std::to_string(c_.limits.max_depth));
      return false;
    }
    return true;
  }

  static Node binary(Op op, Node a, Node b) {
    Node n;
    n.op = op;
    n.kids.push_back(std::move(a));
    n.kids.push_back(std::move(b));
    return n;
  }

  Compiler& c_;
  const std::string& text_;
  const std::string& pointer_;
  std::vector<Token> tokens_;
  std::size_t index_ = 0;
  int depth_ = 0;
  bool failed_ = false;
};

// Keeps the nesting counter balanced on every return path.
class DepthGuard {
 public:
  explicit DepthGuard(int& depth) : depth_(depth) {}
  ~DepthGuard() { --depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  int& depth_;
};

std::string Parser::describe(const Token& t) const {
  switch (t.kind) {
    case Tok::End:
      return "the end of the text";
    case Tok::Number:
    case Tok::Name:
      return "'" + t.text + "'";
    case Tok::String:
      return "a string";
    default:
      return "'" + t.text + "'";
  }
}

bool Parser::tokenize() {
  const std::string& s = text_;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    Token t;
    t.pos = i;
    if (i >= s.size()) {
      t.kind = Tok::End;
      tokens_.push_back(t);
      return true;
    }
    char c = s[i];
    if ((c >= '0' && c <= '9') ||
        (c == '.' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9')) {
      std::size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      if (j < s.size() && s[j] == '.') {
        ++j;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      }
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && s[k] >= '0' && s[k] <= '9') {
          while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k;
          j = k;
        }
      }
      if (j < s.size() && is_name_char(s[j])) {
        fail(i, "malformed number '" + s.substr(i, j + 1 - i) + "'");
        return false;
      }
      t.kind = Tok::Number;
      t.text = s.substr(i, j - i);
      t.number = js::string_to_number(t.text);
      tokens_.push_back(t);
      i = j;
      continue;
    }
    if (c == '\'' || c == '"') {
      std::string value;
      std::size_t j = i + 1;
      bool closed = false;
      while (j < s.size()) {
        char d = s[j];
        if (d == c) {
          closed = true;
          ++j;
          break;
        }
        if (d == '\\') {
          if (j + 1 >= s.size()) break;
          char e = s[j + 1];
          j += 2;
          switch (e) {
            case 'n':
              value += '\n';
              break;
            case 't':
              value += '\t';
              break;
            case 'r':
              value += '\r';
              break;
            case '\\':
            case '\'':
            case '"':
              value += e;
              break;
            case 'u': {
              std::uint32_t cp = 0;
              if (!read_hex4(s, j, cp)) {
                fail(j - 2, "\\u needs four hex digits");
                return false;
              }
              // A surrogate pair spells one character beyond U+FFFF; a lone half is not text.
              if (cp >= 0xD800 && cp <= 0xDBFF && j + 1 < s.size() && s[j] == '\\' &&
                  s[j + 1] == 'u') {
                std::size_t k = j + 2;
                std::uint32_t low = 0;
                if (read_hex4(s, k, low) && low >= 0xDC00 && low <= 0xDFFF) {
                  cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                  j = k;
                }
              }
              if (cp >= 0xD800 && cp <= 0xDFFF) {
                fail(j - 6,
                     "\\u escape of a lone surrogate (write the character, or a \\uD8xx\\uDCxx "
                     "pair)");
                return false;
              }
              append_utf8(value, cp);
              break;
            }
            default:
              fail(j - 2, std::string("unknown escape '\\") + e +
                              "' (use \\n \\t \\r \\\\ \\' \\\" \\uXXXX)");
              return false;
          }
          continue;
        }
        value += d;
        ++j;
      }
      if (!closed) {
        fail(i, "unterminated string");
        return false;
      }
      t.kind = Tok::String;
      t.text = std::move(value);
      tokens_.push_back(t);
      i = j;
      continue;
    }
    if (is_name_start(c)) {
      std::size_t j = i;
      // Dotted names: segments of letters, digits and _ joined by '.'.
      while (j < s.size()) {
        while (j < s.size() && is_name_char(s[j])) ++j;
        if (j + 1 < s.size() && s[j] == '.' && is_name_char(s[j + 1])) {
          ++j;
          continue;
        }
        break;
      }
      t.text = s.substr(i, j - i);
      if (t.text == "and") {
        t.kind = Tok::And;
      } else if (t.text == "or") {
        t.kind = Tok::Or;
      } else if (t.text == "not") {
        t.kind = Tok::Not;
      } else if (t.text == "in") {
        t.kind = Tok::In;
      } else if (t.text == "true") {
        t.kind = Tok::True;
      } else if (t.text == "false") {
        t.kind = Tok::False;
      } else if (t.text == "null") {
        t.kind = Tok::Null;
      } else {
        t.kind = Tok::Name;
      }
      tokens_.push_back(t);
      i = j;
      continue;
    }
    auto two = [&](char a, char b) { return c == a && i + 1 < s.size() && s[i + 1] == b; };
    std::size_t len = 1;
    if (two('=', '=')) {
      t.kind = Tok::Eq;
      len = 2;
    } else if (two('!', '=')) {
      t.kind = Tok::Ne;
      len = 2;
    } else if (two('<', '=')) {
      t.kind = Tok::Le;
      len = 2;
    } else if (two('>', '=')) {
      t.kind = Tok::Ge;
      len = 2;
    } else if (two('&', '&')) {
      t.kind = Tok::And;
      len = 2;
    } else if (two('|', '|')) {
      t.kind = Tok::Or;
      len = 2;
    } else {
      switch (c) {
        case '(':
          t.kind = Tok::LParen;
          break;
        case ')':
          t.kind = Tok::RParen;
          break;
        case '[':
          t.kind = Tok::LBracket;
          break;
        case ']':
          t.kind = Tok::RBracket;
          break;
        case ',':
          t.kind = Tok::Comma;
          break;
        case '?':
          t.kind = Tok::Question;
          break;
        case ':':
          t.kind = Tok::Colon;
          break;
        case '+':
          t.kind = Tok::Plus;
          break;
        case '-':
          t.kind = Tok::Minus;
          break;
        case '*':
          t.kind = Tok::Star;
          break;
        case '/':
          t.kind = Tok::Slash;
          break;
        case '%':
          t.kind = Tok::Percent;
          break;
        case '<':
          t.kind = Tok::Lt;
          break;
        case '>':
          t.kind = Tok::Gt;
          break;
        case '!':
          t.kind = Tok::Not;
          break;
        case '=':
          fail(i, "unexpected '=' (use '==' to compare)");
          return false;
        default: {
          fail(i, std::string("unexpected character '") + c + "'");
          return false;
        }
      }
    }
    t.text = s.substr(i, len);
    tokens_.push_back(t);
    i += len;
  }
}

Node Parser::parse() {
  if (utf8_length(text_) > static_cast<std::size_t>(c_.limits.max_text_length)) {
    c_.error(pointer_, "expression text longer than " + std::to_string(c_.limits.max_text_length) +
                           " characters");
    return Node();
  }
  if (!tokenize()) return Node();
  if (peek().kind == Tok::End) {
    fail(0, "empty expression");
    return Node();
  }
  Node n = expression();
  if (!failed_ && peek().kind != Tok::End) {
    fail(peek().pos, "unexpected " + describe(peek()) + " after a complete expression");
  }
  return n;
}

Node Parser::expression() {
  return conditional();
}

// cond ? a : b — right-associative, the loosest operator.
Node Parser::conditional() {
  Node cond = disjunction();
  std::size_t pos = peek().pos;
  if (failed_ || !accept(Tok::Question)) return cond;
  if (!enter(pos)) return Node();
  DepthGuard guard(depth_);
  Node yes = conditional();
  if (failed_ || !expect(Tok::Colon, "':' of a '?:'")) return Node();
  Node no = conditional();
  Node n;
  n.op = Op::InfixCond;
  n.kids.push_back(std::move(cond));
  n.kids.push_back(std::move(yes));
  n.kids.push_back(std::move(no));
  return n;
}

Node Parser::disjunction() {
  Node left = conjunction();
  while (!failed_ && accept(Tok::Or)) left = binary(Op::InfixOr, std::move(left), conjunction());
  return left;
}

Node Parser::conjunction() {
  Node left = negation();
  while (!failed_ && accept(Tok::And)) left = binary(Op::InfixAnd, std::move(left), negation());
  return left;
}

Node Parser::negation() {
  std::size_t pos = peek().pos;
  if (accept(Tok::Not)) {
    if (!enter(pos)) return Node();
    DepthGuard guard(depth_);
    Node n;
    n.op = Op::InfixNot;
    n.kids.push_back(negation());
    return n;
  }
  return comparison();
}

// One comparison at most: "a < b < c" is refused rather than guessed at.
Node Parser::comparison() {
  Node left = additive();
  if (failed_) return left;
  Op op;
  std::size_t pos = peek().pos;
  switch (peek().kind) {
    case Tok::Eq:
      op = Op::InfixEq;
      break;
    case Tok::Ne:
      op = Op::InfixNe;
      break;
    case Tok::Lt:
      op = Op::InfixLt;
      break;
    case Tok::Le:
      op = Op::InfixLe;
      break;
    case Tok::Gt:
      op = Op::InfixGt;
      break;
    case Tok::Ge:
      op = Op::InfixGe;
      break;
    case Tok::In:
      op = Op::InfixIn;
      break;
    case Tok::Not:
      // "x not in list"
      if (index_ + 1 < tokens_.size() && tokens_[index_ + 1].kind == Tok::In) {
        ++index_;
        op = Op::InfixNotIn;
        break;
      }
      return left;
    default:
      return left;
  }
  ++index_;
  Node right = additive();
  if (failed_) return Node();
  switch (peek().kind) {
    case Tok::Eq:
    case Tok::Ne:
    case Tok::Lt:
    case Tok::Le:
    case Tok::Gt:
    case Tok::Ge:
    case Tok::In:
      fail(peek().pos, "comparisons do not chain; join them with 'and' (after the one at column " +
                           std::to_string(column(pos)) + ")");
      return Node();
    default:
      break;
  }
  return binary(op, std::move(left), std::move(right));
}

Node Parser::additive() {
  Node left = multiplicative();
  while (!failed_) {
    if (accept(Tok::Plus)) {
      left = binary(Op::InfixAdd, std::move(left), multiplicative());
    } else if (accept(Tok::Minus)) {
      left = binary(Op::InfixSub, std::move(left), multiplicative());
    } else {
      break;
    }
  }
  return left;
}

Node Parser::multiplicative() {
  Node left = unary();
  while (!failed_) {
    if (accept(Tok::Star)) {
      left = binary(Op::InfixMul, std::move(left), unary());
    } else if (accept(Tok::Slash)) {
      left = binary(Op::InfixDiv, std::move(left), unary());
    } else if (accept(Tok::Percent)) {
      left = binary(Op::InfixMod, std::move(left), unary());
    } else {
      break;
    }
  }
  return left;
}

Node Parser::unary() {
  std::size_t pos = peek().pos;
  if (peek().kind == Tok::Minus || peek().kind == Tok::Plus) {
    bool minus = next().kind == Tok::Minus;
    if (!enter(pos)) return Node();
    DepthGuard guard(depth_);
    Node operand = unary();
    if (!minus) return operand;
    if (operand.op == Op::Const && operand.value.is_number()) {
      operand.value = Value::number(-operand.value.as_number());
      return operand;
    }
    Node n;
    n.op = Op::InfixNeg;
    n.kids.push_back(std::move(operand));
    return n;
  }
  return primary();
}

Node Parser::primary() {
  Token t = next();
  Node n;
  switch (t.kind) {
    case Tok::Number:
      n.value = Value::number(t.number);
      return n;
    case Tok::String:
      n.value = Value::string(t.text);
      return n;
    case Tok::True:
      n.value = Value::boolean(true);
      return n;
    case Tok::False:
      n.value = Value::boolean(false);
      return n;
    case Tok::Null:
      return n;
    case Tok::LParen: {
      if (!enter(t.pos)) return Node();
      DepthGuard guard(depth_);
      Node inner = expression();
      if (failed_ || !expect(Tok::RParen, "')'")) return Node();
      return inner;
    }
    case Tok::LBracket: {
      if (!enter(t.pos)) return Node();
      DepthGuard guard(depth_);
      n.op = Op::ArrayLit;
      if (!accept(Tok::RBracket)) {
        do {
          n.kids.push_back(expression());
          if (failed_) return Node();
        } while (accept(Tok::Comma));
        if (!expect(Tok::RBracket, "',' or ']'")) return Node();
      }
      bool constant = true;
      for (const Node& k : n.kids) constant = constant && k.op == Op::Const;
      if (constant) {
        Array items;
        for (Node& k : n.kids) items.push_back(std::move(k.value));
        Node c;
        c.value = Value::array(std::move(items));
        return c;
      }
      return n;
    }
    case Tok::Name:
      if (peek().kind == Tok::LParen) return call(t);
      return name(t);
    default:
      fail(t.pos, "expected a value, found " + describe(t));
      return Node();
  }
}

Node Parser::call(const Token& t) {
  const FunctionInfo* f = find_function(t.text);
  if (!f) {
    std::string message = "unknown function '" + t.text + "'";
    std::string guess = closest_name(t.text, function_names());
    if (!guess.empty()) message += " — did you mean '" + guess + "'?";
    fail(t.pos, message);
    return Node();
  }
  if (!enter(t.pos)) return Node();
  DepthGuard guard(depth_);
  Node n;
  n.op = Op::Call;
  n.fn = f->fn;
  expect(Tok::LParen, "'('");
  if (!accept(Tok::RParen)) {
    do {
      n.kids.push_back(expression());
      if (failed_) return Node();
    } while (accept(Tok::Comma));
    if (!expect(Tok::RParen, "',' or ')'")) return Node();
  }
  std::string arity = arity_error(*f, static_cast<int>(n.kids.size()), "()");
  if (!arity.empty()) {
    fail(t.pos, arity);
    return Node();
  }
  return n;
}

Node Parser::name(const Token& t) {
  std::vector<Value> path;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = t.text.find('.', start);
    path.push_back(Value::string(t.text.substr(start, dot - start)));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  Node n;
  if (c_.symbols) {
    int slot = -1;
    if (!c_.resolve(std::string(path[0].as_string()), pointer_, where(t.pos), slot)) {
      failed_ = true;
      return Node();
    }
    n.op = Op::Slot;
    n.slot = slot;
    path.erase(path.begin());
    n.path = std::move(path);
    return n;
  }
  n.op = Op::Var;
  n.path = std::move(path);
  return n;
}

}  // namespace

Node compile_infix(Compiler& c, const std::string& text, const std::string& pointer) {
  Parser p(c, text, pointer);
  return p.parse();
}

}  // namespace leadqual::expr
