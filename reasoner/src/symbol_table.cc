#include "reasoner/symbol_table.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace assistant::reasoner {
namespace {

static_assert(std::endian::native == std::endian::little, "Pack() assumes little-endian loads");

constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;

std::uint64_t Load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

std::uint64_t Mix(std::uint64_t h, std::uint64_t word) {
  h = (h ^ word) * kMul;
  return h ^ (h >> 32);
}

}  // namespace

// The first 16 bytes as two zero-padded words, loaded without a byte loop or a library call:
// short codes and names (most texts rules name) then compare and hash as two integers.
SymbolTable::Key SymbolTable::Pack(int attribute, std::string_view text) {
  Key key;
  const char* p = text.data();
  const std::size_t n = text.size();
  if (n >= 16) {
    key.words[0] = Load8(p);
    key.words[1] = Load8(p + 8);
  } else if (n >= 8) {  // the second word from an overlapping load of the last 8 bytes
    key.words[0] = Load8(p);
    key.words[1] = n == 8 ? 0 : Load8(p + n - 8) >> ((16 - n) * 8);
  } else if (n >= 4) {  // two overlapping 4-byte loads: the shared bytes are the same
    std::uint32_t first, last;
    std::memcpy(&first, p, 4);
    std::memcpy(&last, p + n - 4, 4);
    key.words[0] = first | (static_cast<std::uint64_t>(last) << ((n - 4) * 8));
  } else if (n > 0) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (i * 8); };
    key.words[0] = byte(0) | byte(n / 2) | byte(n - 1);
  }
  std::uint64_t h = (static_cast<std::uint64_t>(static_cast<unsigned>(attribute)) << 32 | n) * kMul;
  h = Mix(Mix(h, key.words[0]), key.words[1]);
  for (std::size_t i = 16; i < n; i += 8) {  // rare: long texts
    std::uint64_t word = 0;
    std::memcpy(&word, p + i, std::min<std::size_t>(8, n - i));
    h = Mix(h, word);
  }
  key.hash = h;
  key.size = n;
  key.attribute = attribute;
  return key;
}

std::size_t SymbolTable::Probe(const Key& key, std::string_view text) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(key.hash) & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.symbol < 0) return i;
    if (s.key.hash == key.hash && s.key.words[0] == key.words[0] && s.key.words[1] == key.words[1] &&
        s.key.size == key.size && s.key.attribute == key.attribute && (key.size <= 16 || s.text == text)) {
      return i;
    }
  }
}

void SymbolTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max<std::size_t>(16, old.size() * 2), Slot{});
  for (Slot& s : old) {
    if (s.symbol >= 0) slots_[Probe(s.key, s.text)] = std::move(s);
  }
}

int SymbolTable::Intern(int attribute, std::string_view text) {
  if ((used_ + 1) * 2 > slots_.size()) Grow();
  const Key key = Pack(attribute, text);
  Slot& slot = slots_[Probe(key, text)];
  if (slot.symbol >= 0) return slot.symbol;
  const auto a = static_cast<std::size_t>(attribute);
  if (counts_.size() <= a) counts_.resize(a + 1, 0);
  if (counts_[a] == 0) attributes_.insert(std::upper_bound(attributes_.begin(), attributes_.end(), attribute), attribute);
  slot = Slot{key, counts_[a]++, std::string(text)};
  ++used_;
  return slot.symbol;
}

int SymbolTable::Find(int attribute, std::string_view text) const {
  if (slots_.empty()) return -1;
  return slots_[Probe(Pack(attribute, text), text)].symbol;
}

}  // namespace assistant::reasoner
