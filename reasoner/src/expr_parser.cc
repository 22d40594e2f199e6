// Recursive-descent parser for rule conditions. Hand-written (not bison) so that every error
// says what was expected at the exact column, which is what a policy officer needs.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "reasoner/expr.h"

namespace assistant::reasoner {
namespace {

enum class Tok { kEnd, kName, kNumber, kString, kLParen, kRParen, kLBracket, kRBracket, kComma, kOp, kPlus, kMinus, kError };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  int offset = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token Next() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r')) {
      ++pos_;
    }
    Token t;
    t.offset = static_cast<int>(pos_);
    if (pos_ >= text_.size()) return t;
    char c = text_[pos_];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = pos_;
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
              text_[pos_] == '.')) {
        ++pos_;
      }
      t.kind = Tok::kName;
      t.text = std::string(text_.substr(start, pos_ - start));
      return t;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t start = pos_++;
      while (pos_ < text_.size() &&
             (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
        ++pos_;
      }
      t.kind = Tok::kNumber;
      t.text = std::string(text_.substr(start, pos_ - start));
      return t;
    }
    if (c == '"') {
      std::size_t start = ++pos_;
      while (pos_ < text_.size() && text_[pos_] != '"') ++pos_;
      if (pos_ >= text_.size()) {
        t.kind = Tok::kError;
        t.text = "unterminated string: expected a closing '\"'";
        return t;
      }
      t.kind = Tok::kString;
      t.text = std::string(text_.substr(start, pos_ - start));
      ++pos_;
      return t;
    }
    ++pos_;
    switch (c) {
      case '(': t.kind = Tok::kLParen; return t;
      case ')': t.kind = Tok::kRParen; return t;
      case '[': t.kind = Tok::kLBracket; return t;
      case ']': t.kind = Tok::kRBracket; return t;
      case ',': t.kind = Tok::kComma; return t;
      case '+': t.kind = Tok::kPlus; return t;
      case '-': t.kind = Tok::kMinus; return t;
      case '>':
      case '<':
      case '=':
      case '!': {
        t.kind = Tok::kOp;
        t.text = std::string(1, c);
        if (pos_ < text_.size() && text_[pos_] == '=') {
          t.text += '=';
          ++pos_;
        }
        if (t.text == "=" || t.text == "!") {
          t.kind = Tok::kError;
          t.text = "unexpected '" + t.text + "': expected one of >=, >, <=, <, ==, !=";
        }
        return t;
      }
      default: {
        // Show the whole character, not one byte of it (Chinese text in a condition is the
        // usual mistake: names are ASCII ids, labels live in the vocabulary).
        std::size_t length = 1;
        auto lead = static_cast<unsigned char>(c);
        if (lead >= 0xF0) length = 4;
        else if (lead >= 0xE0) length = 3;
        else if (lead >= 0xC0) length = 2;
        std::size_t start = pos_ - 1;
        pos_ = std::min(text_.size(), start + length);
        t.kind = Tok::kError;
        t.text = "unexpected character '" + std::string(text_.substr(start, pos_ - start)) +
                 "' (conditions are written in ASCII: names, numbers, \"quoted ids\")";
        return t;
      }
    }
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

class Parser {
 public:
  Parser(std::string_view text, ExprError* error) : lexer_(text), error_(error) { Advance(); }

  std::optional<Expr> ParseAll() {
    auto e = ParseOr();
    if (!e) return std::nullopt;
    if (current_.kind != Tok::kEnd) {
      return Fail(current_.offset, "unexpected '" + Describe(current_) + "': expected 'and', 'or' or the end of the condition");
    }
    return e;
  }

 private:
  static std::string Describe(const Token& t) {
    switch (t.kind) {
      case Tok::kEnd: return "end of condition";
      case Tok::kLParen: return "(";
      case Tok::kRParen: return ")";
      case Tok::kLBracket: return "[";
      case Tok::kRBracket: return "]";
      case Tok::kComma: return ",";
      case Tok::kPlus: return "+";
      case Tok::kMinus: return "-";
      case Tok::kString: return "\"" + t.text + "\"";
      default: return t.text;
    }
  }

  void Advance() { current_ = lexer_.Next(); }

  std::nullopt_t Fail(int offset, std::string message) {
    if (!failed_) {
      failed_ = true;
      error_->offset = offset;
      error_->message = std::move(message);
    }
    return std::nullopt;
  }

  bool IsWord(const char* word) const { return current_.kind == Tok::kName && current_.text == word; }

  std::optional<Expr> ParseOr() {
    int offset = current_.offset;
    auto first = ParseAnd();
    if (!first) return std::nullopt;
    if (!IsWord("or")) return first;
    Expr node;
    node.kind = ExprKind::kOr;
    node.offset_in_text = offset;
    node.children.push_back(std::move(*first));
    while (IsWord("or")) {
      Advance();
      auto next = ParseAnd();
      if (!next) return std::nullopt;
      node.children.push_back(std::move(*next));
    }
    return node;
  }

  std::optional<Expr> ParseAnd() {
    int offset = current_.offset;
    auto first = ParseUnary();
    if (!first) return std::nullopt;
    if (!IsWord("and")) return first;
    Expr node;
    node.kind = ExprKind::kAnd;
    node.offset_in_text = offset;
    node.children.push_back(std::move(*first));
    while (IsWord("and")) {
      Advance();
      auto next = ParseUnary();
      if (!next) return std::nullopt;
      node.children.push_back(std::move(*next));
    }
    return node;
  }

  std::optional<Expr> ParseUnary() {
    if (IsWord("any") || IsWord("no")) {
      Expr node;
      node.kind = ExprKind::kQuantifier;
      node.negated = current_.text == "no";
      node.offset_in_text = current_.offset;
      Advance();
      if (current_.kind != Tok::kName) {
        return Fail(current_.offset, "expected the name of a records fact after '" + std::string(node.negated ? "no" : "any") + "'");
      }
      node.lhs.name = current_.text;
      Advance();
      if (!IsWord("where")) return Fail(current_.offset, "expected 'where' but found '" + Describe(current_) + "'");
      Advance();
      in_where_ = true;
      auto inner = ParseAnd();
      in_where_ = false;
      if (!inner) return std::nullopt;
      node.children.push_back(std::move(*inner));
      return node;
    }
    if (IsWord("not")) {
      int offset = current_.offset;
      Advance();
      auto inner = ParseUnary();
      if (!inner) return std::nullopt;
      Expr node;
      node.kind = ExprKind::kNot;
      node.offset_in_text = offset;
      node.children.push_back(std::move(*inner));
      return node;
    }
    return ParsePrimary();
  }

  std::optional<Expr> ParsePrimary() {
    if (current_.kind == Tok::kError) return Fail(current_.offset, current_.text);
    if (current_.kind == Tok::kLParen) {
      Advance();
      auto inner = ParseOr();
      if (!inner) return std::nullopt;
      if (current_.kind != Tok::kRParen) {
        return Fail(current_.offset, "expected ')' but found '" + Describe(current_) + "'");
      }
      Advance();
      return inner;
    }
    if (current_.kind != Tok::kName) {
      return Fail(current_.offset, "expected a fact name, 'not', 'true', 'false' or '(' but found '" +
                                       Describe(current_) + "'");
    }
    Expr node;
    node.offset_in_text = current_.offset;
    const std::string word = current_.text;
    if (word == "and" || word == "or" || word == "in" || word == "has" || word == "has_any" ||
        word == "has_prefix" || word == "in_list" || word == "where") {
      return Fail(current_.offset, "expected a fact name before '" + word + "'");
    }
    Advance();
    if (word == "true" || word == "false") {
      node.kind = ExprKind::kConst;
      node.constant = word == "true";
      return node;
    }
    if (word == "sensitive") {
      node.kind = ExprKind::kSensitive;
      return node;
    }
    if (word.front() == '.' || word.back() == '.' || word.find("..") != std::string::npos) {
      return Fail(node.offset_in_text, "malformed name '" + word + "': expected dotted snake_case such as 'site.sensitive_areas'");
    }
    node.lhs.name = word;
    auto op = ParseOperator();
    if (!op) {
      if (failed_) return std::nullopt;
      node.kind = ExprKind::kTest;
      return node;
    }
    node.kind = ExprKind::kCompare;
    node.op = *op;
    node.literal_offset = current_.offset;
    if (!ParseLiteral(node)) return std::nullopt;
    return node;
  }

  std::optional<CompareOp> ParseOperator() {
    if (current_.kind == Tok::kError) {
      Fail(current_.offset, current_.text);
      return std::nullopt;
    }
    std::optional<CompareOp> op;
    if (current_.kind == Tok::kOp) {
      const std::string& t = current_.text;
      if (t == "<") op = CompareOp::kLt;
      else if (t == "<=") op = CompareOp::kLe;
      else if (t == ">") op = CompareOp::kGt;
      else if (t == ">=") op = CompareOp::kGe;
      else if (t == "==") op = CompareOp::kEq;
      else if (t == "!=") op = CompareOp::kNe;
    } else if (IsWord("in")) {
      op = CompareOp::kIn;
    } else if (IsWord("has")) {
      op = CompareOp::kHas;
    } else if (IsWord("has_any")) {
      op = CompareOp::kHasAny;
    } else if (IsWord("has_prefix")) {
      op = CompareOp::kHasPrefix;
    } else if (IsWord("in_list")) {
      op = CompareOp::kInList;
    }
    if (op) Advance();
    return op;
  }

  std::optional<double> ParseNumber(bool negative) {
    char* end = nullptr;
    double value = std::strtod(current_.text.c_str(), &end);
    if (end == nullptr || *end != '\0') {
      Fail(current_.offset, "malformed number '" + current_.text + "'");
      return std::nullopt;
    }
    Advance();
    return negative ? -value : value;
  }

  // After a reference: an optional "+ N [unit]" or "- N [unit]".
  bool ParseOffset(Expr& node) {
    if (current_.kind != Tok::kPlus && current_.kind != Tok::kMinus) return true;
    bool negative = current_.kind == Tok::kMinus;
    Advance();
    if (current_.kind != Tok::kNumber) {
      Fail(current_.offset, "expected a number after '" + std::string(negative ? "-" : "+") + "'");
      return false;
    }
    auto amount = ParseNumber(negative);
    if (!amount) return false;
    node.offset = *amount;
    if (IsWord("days")) node.unit = OffsetUnit::kDays;
    else if (IsWord("months")) node.unit = OffsetUnit::kMonths;
    else if (IsWord("years")) node.unit = OffsetUnit::kYears;
    if (node.unit != OffsetUnit::kNone) Advance();
    return true;
  }

  bool ParseLiteral(Expr& node) {
    switch (current_.kind) {
      case Tok::kMinus:
      case Tok::kNumber: {
        bool negative = current_.kind == Tok::kMinus;
        if (negative) {
          Advance();
          if (current_.kind != Tok::kNumber) {
            Fail(current_.offset, "expected a number after '-'");
            return false;
          }
        }
        auto value = ParseNumber(negative);
        if (!value) return false;
        node.number = *value;
        node.literal = LiteralKind::kNumber;
        return true;
      }
      case Tok::kString:
        node.literal = LiteralKind::kString;
        node.strings = {current_.text};
        Advance();
        return true;
      case Tok::kName:
        if (current_.text == "true" || current_.text == "false") {
          node.literal = LiteralKind::kBool;
          node.boolean = current_.text == "true";
          Advance();
          return true;
        }
        if (current_.text.find('.') != std::string::npos || in_where_) {
          node.literal = LiteralKind::kReference;
          node.rhs.name = current_.text;
          Advance();
          return ParseOffset(node);
        }
        Fail(current_.offset, "expected a number, a \"quoted id\" or a list after '" +
                                  std::string(CompareOpText(node.op)) + "' but found '" + current_.text +
                                  "' (value ids are quoted)");
        return false;
      case Tok::kLBracket: {
        node.literal = LiteralKind::kList;
        Advance();
        while (true) {
          if (current_.kind != Tok::kString) {
            Fail(current_.offset, "expected a \"quoted id\" in the list but found '" + Describe(current_) + "'");
            return false;
          }
          node.strings.push_back(current_.text);
          Advance();
          if (current_.kind == Tok::kComma) {
            Advance();
            continue;
          }
          if (current_.kind == Tok::kRBracket) {
            Advance();
            return true;
          }
          Fail(current_.offset, "expected ',' or ']' but found '" + Describe(current_) + "'");
          return false;
        }
      }
      case Tok::kError:
        Fail(current_.offset, current_.text);
        return false;
      default:
        Fail(current_.offset, "expected a value after '" + std::string(CompareOpText(node.op)) +
                                  "' but found '" + Describe(current_) + "'");
        return false;
    }
  }

  Lexer lexer_;
  ExprError* error_;
  Token current_;
  bool failed_ = false;
  bool in_where_ = false;  // undotted names are fields of the record
};

}  // namespace

namespace {

// Trims the spare capacity vectors keep after growing while parsing: a rule base holds one tree
// per rule for as long as it is loaded.
void ShrinkToFit(Expr& e) {
  e.children.shrink_to_fit();
  e.strings.shrink_to_fit();
  for (auto& child : e.children) ShrinkToFit(child);
}

}  // namespace

std::optional<Expr> ParseExpr(std::string_view text, ExprError* error) {
  Parser parser(text, error);
  auto expr = parser.ParseAll();
  if (expr) ShrinkToFit(*expr);
  return expr;
}

}  // namespace assistant::reasoner
