#include "reasoner/rule_set.h"

#include <algorithm>
#include <functional>

#include "reasoner/answer_space.h"
#include "reasoner/rule_index.h"

namespace assistant::reasoner {
namespace {

// Interns the literals of every comparison of a string fact with texts, so the engine compares
// symbols (the fact is looked up once per case) instead of bytes.
void InternLiterals(Expr& e, SymbolTable& symbols) {
  for (auto& child : e.children) InternLiterals(child, symbols);
  const bool by_text = e.op == CompareOp::kEq || e.op == CompareOp::kNe || e.op == CompareOp::kIn;
  if (e.kind != ExprKind::kCompare || e.type != AttributeType::kString || e.lhs.field >= 0 || !by_text ||
      e.literal == LiteralKind::kReference) {
    return;
  }
  e.symbols.clear();
  for (const auto& text : e.strings) e.symbols.push_back(symbols.Intern(e.lhs.attribute, text));
}

}  // namespace

std::string Citation::ToString() const {
  std::string out = "《" + document + "》";
  if (!number.empty()) out += "（" + number + "）";
  out += article;
  return out;
}

std::string_view RuleKindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kRule: return "rule";
    case RuleKind::kCatalogueCell: return "catalogue_cell";
    case RuleKind::kRowApplies: return "row_applies";
    case RuleKind::kListed: return "listed";
  }
  return "?";
}

bool Rule::InForce(Date day, std::string_view place) const {
  if (!in_force.Contains(day)) return false;
  // "cn.hubei" applies in "cn.hubei" and "cn.hubei.wuhan", not in "cn.hubeixyz".
  if (place.size() < jurisdiction.size()) return false;
  if (place.substr(0, jurisdiction.size()) != jurisdiction) return false;
  return place.size() == jurisdiction.size() || place[jurisdiction.size()] == '.';
}

int AttributeTable::Add(Attribute attribute) {
  if (index_.count(attribute.id)) return -1;
  int index = static_cast<int>(attributes_.size());
  index_.emplace(attribute.id, index);
  attributes_.push_back(std::move(attribute));
  return index;
}

int AttributeTable::IndexOf(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

void NamedList::Index() {
  ids_ = SymbolTable{};
  positions_.clear();
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto symbol = static_cast<std::size_t>(ids_.Intern(0, members[i].id));
    if (positions_.size() <= symbol) positions_.resize(symbol + 1);
    positions_[symbol].push_back(i);
  }
}

bool NamedList::Contains(std::string_view member_id, Date day) const {
  if (!in_force.Contains(day)) return false;
  const int symbol = ids_.Find(0, member_id);
  if (symbol < 0) return false;
  for (std::size_t i : positions_[static_cast<std::size_t>(symbol)]) {
    if (members[i].period.Contains(day)) return true;
  }
  return false;
}

AttributeLookup AttributeTable::Lookup(const std::vector<NamedList>* lists) const {
  AttributeLookup lookup;
  if (lists) {
    lookup.list_index_of = [lists](std::string_view id) {
      for (std::size_t i = 0; i < lists->size(); ++i) {
        if ((*lists)[i].id == id) return static_cast<int>(i);
      }
      return -1;
    };
    lookup.all_list_ids = [lists]() {
      std::vector<std::string> ids;
      for (const auto& l : *lists) ids.push_back(l.id);
      return ids;
    };
  }
  lookup.index_of = [this](std::string_view id) { return IndexOf(id); };
  lookup.attribute = [this](int index) { return &attributes_[static_cast<std::size_t>(index)]; };
  lookup.all_ids = [this]() {
    std::vector<std::string> ids;
    for (const auto& a : attributes_) ids.push_back(a.id);
    return ids;
  };
  return lookup;
}

int RuleSet::RuleIndex(std::string_view id) const {
  auto it = rule_index_.find(id);
  return it == rule_index_.end() ? -1 : it->second;
}

int RuleSet::ListIndex(std::string_view id) const {
  auto it = list_index_.find(id);
  return it == list_index_.end() ? -1 : it->second;
}

Result<std::shared_ptr<const RuleSet>> RuleSet::Build(AttributeTable attributes, std::vector<Rule> rules,
                                                      std::vector<NamedList> lists, KbInfo info) {
  std::shared_ptr<RuleSet> set(new RuleSet());
  set->attributes_ = std::move(attributes);
  set->rules_ = std::move(rules);
  set->lists_ = std::move(lists);
  set->info_ = std::move(info);
  for (std::size_t i = 0; i < set->lists_.size(); ++i) {
    set->lists_[i].Index();
    set->list_index_.emplace(set->lists_[i].id, static_cast<int>(i));
  }
  const std::size_t attribute_count = set->attributes_.all().size();
  set->concluded_by_.assign(attribute_count, {});
  for (std::size_t r = 0; r < set->rules_.size(); ++r) {
    const Rule& rule = set->rules_[r];
    set->rule_index_.emplace(rule.id, static_cast<int>(r));
    set->concluded_by_[static_cast<std::size_t>(rule.concludes)].push_back(static_cast<int>(r));
  }

  // Stratify: level(attribute) = 0 for inputs, else 1 + max level of what its rules read.
  // A depth-first walk finds cycles; the message names the attributes on the loop.
  std::vector<int> level(attribute_count, -1);
  std::vector<int> state(attribute_count, 0);  // 0 unvisited, 1 on stack, 2 done
  std::vector<int> stack;
  std::optional<Error> cycle;
  std::function<int(int)> visit = [&](int a) -> int {
    auto ua = static_cast<std::size_t>(a);
    if (state[ua] == 2) return level[ua];
    if (state[ua] == 1) {
      std::string path;
      auto it = std::find(stack.begin(), stack.end(), a);
      for (; it != stack.end(); ++it) path += set->attributes_.at(*it).id + " -> ";
      path += set->attributes_.at(a).id;
      if (!cycle) {
        const Rule& first = set->rules_[static_cast<std::size_t>(set->concluded_by_[ua].front())];
        cycle = Error{ErrorCode::kRuleSyntax, "cycle: " + path + " (rule '" + first.id +
                                                  "' depends on its own conclusion)", first.where};
      }
      return 0;
    }
    state[ua] = 1;
    stack.push_back(a);
    int deepest = -1;
    for (int r : set->concluded_by_[ua]) {
      const Rule& rule = set->rules_[static_cast<std::size_t>(r)];
      ForEachAttribute(rule.condition, [&](int read) { deepest = std::max(deepest, visit(read)); });
    }
    stack.pop_back();
    state[ua] = 2;
    // A derived attribute sits above everything its rules read, and never in stratum 0 (the
    // facts a case gives), even when its rules read nothing (`when: true`).
    level[ua] = set->concluded_by_[ua].empty() ? 0 : std::max(deepest, 0) + 1;
    return level[ua];
  };
  for (std::size_t a = 0; a < attribute_count; ++a) visit(static_cast<int>(a));
  if (cycle) return *cycle;

  // A loop of exceptions (A over B over A) has no meaning: reject it.
  for (std::size_t r = 0; r < set->rules_.size(); ++r) {
    std::vector<int> seen;
    std::function<bool(int)> reaches = [&](int from) -> bool {
      for (int next : set->rules_[static_cast<std::size_t>(from)].exception_to) {
        if (next == static_cast<int>(r)) return true;
        if (std::find(seen.begin(), seen.end(), next) != seen.end()) continue;
        seen.push_back(next);
        if (reaches(next)) return true;
      }
      return false;
    };
    if (reaches(static_cast<int>(r))) {
      const Rule& rule = set->rules_[r];
      return Error{ErrorCode::kRuleSyntax,
                   "cycle in exception_to: rule '" + rule.id + "' is (indirectly) an exception to itself",
                   rule.where};
    }
  }

  for (std::size_t r = 0; r < set->rules_.size(); ++r) set->agenda_.push_back(static_cast<int>(r));
  auto rule_level = [&](int r) {
    return level[static_cast<std::size_t>(set->rules_[static_cast<std::size_t>(r)].concludes)];
  };
  std::stable_sort(set->agenda_.begin(), set->agenda_.end(), [&](int x, int y) {
    if (rule_level(x) != rule_level(y)) return rule_level(x) < rule_level(y);
    return set->rules_[static_cast<std::size_t>(x)].priority > set->rules_[static_cast<std::size_t>(y)].priority;
  });
  for (std::size_t a = 0; a < attribute_count; ++a) {
    if (!set->concluded_by_[a].empty()) set->settle_order_.push_back(static_cast<int>(a));
    if (set->attributes_.at(static_cast<int>(a)).decision) set->decisions_.push_back(static_cast<int>(a));
  }
  std::stable_sort(set->settle_order_.begin(), set->settle_order_.end(),
                   [&](int x, int y) { return level[static_cast<std::size_t>(x)] < level[static_cast<std::size_t>(y)]; });
  set->max_level_ = 0;
  for (int l : level) set->max_level_ = std::max(set->max_level_, l);
  set->at_level_.assign(static_cast<std::size_t>(set->max_level_) + 1, {});
  for (int a : set->settle_order_) set->at_level_[static_cast<std::size_t>(level[static_cast<std::size_t>(a)])].push_back(a);
  set->rank_.assign(set->rules_.size(), 0);
  for (std::size_t i = 0; i < set->agenda_.size(); ++i) set->rank_[static_cast<std::size_t>(set->agenda_[i])] = static_cast<int>(i);
  set->levels_ = std::move(level);

  // The dependency cone of each decision: the rules concluding it and, transitively, the rules
  // concluding what those read. Asking one decision evaluates only its cone.
  set->decision_bits_.assign(set->rules_.size(), 0);
  for (std::size_t d = 0; d < set->decisions_.size(); ++d) {
    const std::uint64_t bit = d < 64 ? (std::uint64_t{1} << d) : ~std::uint64_t{0};
    std::vector<bool> seen(attribute_count, false);
    std::vector<int> todo = {set->decisions_[d]};
    while (!todo.empty()) {
      int a = todo.back();
      todo.pop_back();
      if (seen[static_cast<std::size_t>(a)]) continue;
      seen[static_cast<std::size_t>(a)] = true;
      for (int r : set->concluded_by_[static_cast<std::size_t>(a)]) {
        set->decision_bits_[static_cast<std::size_t>(r)] |= bit;
        ForEachAttribute(set->rules_[static_cast<std::size_t>(r)].condition, [&](int read) { todo.push_back(read); });
      }
    }
  }
  set->attribute_bits_.assign(attribute_count, 0);
  for (std::size_t r = 0; r < set->rules_.size(); ++r) {
    set->attribute_bits_[static_cast<std::size_t>(set->rules_[r].concludes)] |= set->decision_bits_[r];
  }
  for (auto& rule : set->rules_) InternLiterals(rule.condition, set->symbols_);
  set->program_ = ConditionProgram::Build(set->rules_);
  set->index_ = reasoner::RuleIndex::Build(set->attributes_.all(), set->rules_, set->decision_bits_);
  set->answers_ = AnswerSpace::Build(set->attributes_.all(), set->rules_, set->lists_);
  return std::shared_ptr<const RuleSet>(set);
}

}  // namespace assistant::reasoner
