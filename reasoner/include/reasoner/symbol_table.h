// SymbolTable: the texts rules compare string facts against, interned per attribute. The engine
// looks a case's string fact up once (Find) and then indexes and compares it as a small integer,
// instead of hashing it for the rule index and comparing its bytes once per candidate rule.
//
// Symbols are dense per attribute (0, 1, 2, ...), so they index vectors directly. A text no rule
// names has no symbol (-1): it equals no literal, which is all a comparison needs to know.
// Thread-safety: immutable after the RuleSet is built; Find may be called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace assistant::reasoner {

class SymbolTable {
 public:
  // The symbol of `text` for `attribute`, added if new.
  int Intern(int attribute, std::string_view text);
  // The symbol of `text` for `attribute`, or -1 when no rule names that text for it.
  int Find(int attribute, std::string_view text) const;
  // How many symbols `attribute` has (asked once per derived attribute per case: kept inline).
  int count(int attribute) const {
    const auto a = static_cast<std::size_t>(attribute);
    return a < counts_.size() ? counts_[a] : 0;
  }
  // Attributes with at least one symbol, ascending.
  const std::vector<int>& attributes() const { return attributes_; }

 private:
  struct Key {
    std::uint64_t hash = 0;
    std::uint64_t words[2] = {0, 0};  // the first 16 bytes, zero-padded
    std::size_t size = 0;
    int attribute = -1;
  };
  struct Slot {
    Key key;
    int symbol = -1;  // -1: empty
    std::string text;
  };
  static Key Pack(int attribute, std::string_view text);
  std::size_t Probe(const Key& key, std::string_view text) const;
  void Grow();

  std::vector<Slot> slots_;  // open addressing, linear probing, power-of-two size, at most half full
  std::size_t used_ = 0;
  std::vector<int> counts_;  // per attribute
  std::vector<int> attributes_;
};

}  // namespace assistant::reasoner
