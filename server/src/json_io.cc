#include "server/json_io.h"

#include "server/chinese_number.h"

#include <algorithm>
#include <set>

#include "base/text.h"
#include "reasoner/explain.h"
#include "kb/hash.h"
#include "reasoner/fact_input.h"
#include "reasoner/interview.h"
#include "reasoner/provenance.h"
#include "reasoner/what_if.h"
#include "text_normalize.h"

namespace assistant::server {
using nlohmann::json;
using reasoner::Attribute;
using reasoner::AttributeType;
using reasoner::DecisionStatus;

namespace {

constexpr int kMaxDepth = 16;
constexpr std::size_t kMaxWhyNot = 6;

Error Invalid(const std::string& field, const std::string& message) {
  return Error{ErrorCode::kInvalidInput, field + ": " + message};
}

std::optional<reasoner::RawValue> RawFromJson(const Attribute& a, const json& v) {
  switch (v.type()) {
    case json::value_t::boolean: return v.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return v.get<double>();
    case json::value_t::string: {
      std::string s = NormalizeInput(v.get<std::string>());
      if (a.type == AttributeType::kNumber) {
        // Numbers typed as text are accepted as people write them ("5000", "五千头", "1.2万吨"), with
        // a unit only when it is the fact's own ("头" for 头/年); anything else is a type mismatch.
        auto number = ParseChineseNumber(s);
        if (number && (number.value().unit.empty() || a.unit.rfind(number.value().unit, 0) == 0)) {
          return number.value().value;
        }
      }
      return s;
    }
    case json::value_t::array: {
      std::vector<std::string> list;
      for (const auto& item : v) {
        if (!item.is_string()) return std::nullopt;
        list.push_back(NormalizeInput(item.get<std::string>()));
      }
      return list;
    }
    default: return std::nullopt;
  }
}

json Citation(const reasoner::Rule& rule) {
  return json{{"document", rule.source.document}, {"number", rule.source.number},
              {"article", rule.source.article}, {"text", rule.source.ToString()}};
}

json ListJson(const reasoner::RuleSet& rules, int index) {
  const auto& list = rules.lists()[static_cast<std::size_t>(index)];
  return json{{"id", list.id}, {"title", list.title}, {"citation", list.source.ToString()}};
}

// What a conclusion rests on (reasoner/provenance.h): the weakest source, whether only the
// applicant's word, and the facts and lists behind it.
json ProvenanceJson(const reasoner::RuleSet& rules, const reasoner::Provenance& p) {
  json declared = json::array(), checked = json::array(), lists = json::array();
  for (int a : p.declared) declared.push_back(rules.attribute(a).id);
  for (int a : p.checked) checked.push_back(rules.attribute(a).id);
  for (int l : p.lists) lists.push_back(ListJson(rules, l));
  json out{{"rests_on_declared_only", p.DeclaredOnly()}, {"declared_facts", declared}, {"checked_facts", checked},
           {"lists", lists}};
  if (!p.empty()) out["source"] = std::string(reasoner::SourceKindName(p.weakest()));
  return out;
}

// Each condition with the source of what it read ("declared", "list", "checked"; absent for a
// constant or an unknown fact), the list it consulted, and (why not) why a derived fact failed.
json Checks(const reasoner::RuleSet& rules, const std::vector<reasoner::ConditionCheck>& checks,
            reasoner::ProvenanceTracer& tracer) {
  json out = json::array();
  for (const auto& c : checks) {
    json item{{"condition", c.condition}, {"fact", c.fact}, {"result", std::string(reasoner::TriName(c.result))},
              {"text", c.text}};
    const auto p = tracer.OfCondition(c);
    if (!p.empty()) item["source"] = std::string(reasoner::SourceKindName(p.weakest()));
    if (c.list >= 0) item["list"] = ListJson(rules, c.list);
    if (!c.because.empty()) item["because"] = Checks(rules, c.because, tracer);
    out.push_back(item);
  }
  return out;
}

json RuleHeader(const reasoner::RuleSet& rules, int index) {
  const auto& rule = rules.rule(index);
  json out{{"rule", rule.id}, {"title", rule.title}, {"citation", Citation(rule)},
           {"source_location", rule.where.ToString()}};
  if (!rule.text.empty()) out["source_text"] = rule.text;
  if (!rule.note.empty()) out["note"] = rule.note;
  if (!rule.unclear.empty()) out["unclear"] = rule.unclear;
  const auto& a = rules.attribute(rule.concludes);
  out["concludes"] = {{"attribute", a.id}, {"value", reasoner::ValueToken(a, rule.value)}};
  return out;
}

json DerivationJson(const reasoner::RuleSet& rules, const reasoner::Derivation& d, reasoner::ProvenanceTracer& tracer) {
  json out = RuleHeader(rules, d.rule);
  out["conditions"] = Checks(rules, d.matched, tracer);
  json premises = json::array();
  for (const auto& p : d.premises) premises.push_back(DerivationJson(rules, p, tracer));
  out["premises"] = premises;
  out["provenance"] = ProvenanceJson(rules, tracer.OfDerivation(d));
  return out;
}

}  // namespace

json QuestionJson(const Attribute& a) {
  json q{{"id", a.id}, {"label", a.label}, {"question", a.question}, {"type", std::string(reasoner::AttributeTypeName(a.type))}};
  if (!a.help.empty()) q["help"] = a.help;
  if (!a.unit.empty()) q["unit"] = a.unit;
  if (!a.values.empty()) {
    json choices = json::array();
    for (const auto& v : a.values) choices.push_back({{"id", v.id}, {"label", v.label}});
    q["choices"] = choices;
  }
  if (!a.pattern.empty()) q["pattern"] = a.pattern;
  if (!a.fields.empty()) {
    json fields = json::array();
    for (const auto& f : a.fields) fields.push_back(QuestionJson(f));
    q["fields"] = fields;
  }
  return q;
}

namespace {

json ValueJson(const Attribute& a, const reasoner::Value& v) {
  switch (a.type) {
    case AttributeType::kEnum: return a.values[static_cast<std::size_t>(v.enum_index)].id;
    case AttributeType::kBool: return v.boolean;
    case AttributeType::kNumber: return v.number;
    case AttributeType::kSet: {
      json ids = json::array();
      for (int m : v.members) ids.push_back(a.values[static_cast<std::size_t>(m)].id);
      return ids;
    }
    case AttributeType::kCodeSet: return v.codes;
    case AttributeType::kString: return v.text;
    case AttributeType::kRecords: {
      // As a request gives them ([{"field": value, …}], unknown fields left out), so that the
      // receipt's facts can be sent again to reproduce the decision.
      json records = json::array();
      for (const auto& r : v.records) {
        json record = json::object();
        for (std::size_t f = 0; f < a.fields.size() && f < r.values.size(); ++f) {
          if (f < r.known.size() && r.known[f]) record[a.fields[f].id] = ValueJson(a.fields[f], r.values[f]);
        }
        records.push_back(record);
      }
      return records;
    }
    default: return reasoner::DescribeValue(a, v);  // dates as YYYY-MM-DD
  }
}

std::string ValueLabel(const Attribute& a, const reasoner::Value& v) { return reasoner::DescribeValue(a, v); }

// Rules that would have concluded a different (for combine max: higher) value and did not
// hold on the case's own facts, are still open, or held but were overridden by an exception
// (an exclusion): the "why not".
std::vector<int> WhyNotRules(const reasoner::RuleSet& rules, const reasoner::Outcome& outcome,
                             const reasoner::Decision& d) {
  const Attribute& a = rules.attribute(d.attribute);
  std::vector<int> out;
  for (int r : rules.RulesConcluding(d.attribute)) {
    const auto& rule = rules.rule(r);
    if (!outcome.evaluated(r) || !outcome.in_force(r)) continue;
    if (outcome.result(r) == reasoner::Tri::kTrue && !outcome.overridden(r)) continue;
    if (d.value) {
      bool better = a.combine == reasoner::Combine::kMax ? rule.value.enum_index > d.value->enum_index
                                                         : !rule.value.SameAs(*d.value, a.type);
      if (!better) continue;
    }
    if (outcome.result(r) != reasoner::Tri::kFalse || reasoner::FailedOnFacts(rules, outcome, r)) {
      out.push_back(r);
    }
  }
  // Most relevant first: the rules that came nearest to holding; the rest are noise at a window.
  std::vector<std::pair<std::pair<int, int>, int>> ranked;
  for (int r : out) ranked.push_back({reasoner::Nearness(rules, outcome, r), r});
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  // When some rules of this very kind of case came near, rules about other kinds are noise.
  const bool near_ones = !ranked.empty() && ranked.front().first.first < 100;
  out.clear();
  for (const auto& [nearness, r] : ranked) {
    if (near_ones && nearness.first >= 100) continue;
    if (out.size() == kMaxWhyNot) break;
    out.push_back(r);
  }
  return out;
}

}  // namespace

Result<json> ParseJson(const std::string& text) {
  bool too_deep = false;
  json::parser_callback_t limit = [&too_deep](int depth, json::parse_event_t, json&) {
    if (depth > kMaxDepth) too_deep = true;
    return !too_deep;
  };
  json body = json::parse(text, limit, /*allow_exceptions=*/false);
  if (too_deep) return Invalid("body", "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
  if (body.is_discarded()) return Invalid("body", "not valid JSON");
  return body;
}

Result<AssessRequest> ReadAssessRequest(const json& body, const reasoner::RuleSet& rules, Date today) {
  if (!body.is_object()) return Invalid("body", "expected a JSON object with 'facts'");
  for (const auto& [key, value] : body.items()) {
    if (key != "date" && key != "place" && key != "facts" && key != "ask" && key != "decided_on" && key != "depth" &&
        key != "sources" && key != "language") {
      return Invalid(key, "unknown field; expected date, decided_on, place, ask, depth, language, facts or sources");
    }
  }
  // Every question, label, reason and citation in the knowledge base is written in simplified
  // Chinese; a request for another language is refused rather than answered in one it did not ask for.
  if (body.contains("language")) {
    const std::string language = body["language"].is_string() ? body["language"].get<std::string>() : "";
    if (language != "zh-CN" && language != "zh" && language != "zh-Hans" && language != "zh-Hans-CN") {
      return Invalid("language", "only zh-CN (简体中文) is available: the knowledge base's texts are in simplified Chinese");
    }
  }
  AssessRequest request;
  request.facts = reasoner::CaseFacts(rules.attributes().size());
  request.query.date = today;
  if (body.contains("date")) {
    if (!body["date"].is_string()) return Invalid("date", "expected a date string YYYY-MM-DD");
    auto date = ParseDate(NormalizeInput(body["date"].get<std::string>()));
    if (!date) return Invalid("date", "expected a real date YYYY-MM-DD");
    request.query.date = *date;
  }
  // The day of the decision defaults to today: a past act is compared with today's rules where
  // the law says a later, lighter rule applies (行政处罚法 第三十七条).
  request.query.decided_on = today;
  if (body.contains("decided_on")) {
    if (!body["decided_on"].is_string()) return Invalid("decided_on", "expected a date string YYYY-MM-DD");
    auto date = ParseDate(NormalizeInput(body["decided_on"].get<std::string>()));
    if (!date) return Invalid("decided_on", "expected a real date YYYY-MM-DD");
    request.query.decided_on = *date;
  }
  if (body.contains("place")) {
    if (!body["place"].is_string()) return Invalid("place", "expected a place id such as 'cn' or 'cn.hubei.wuhan'");
    request.query.place = body["place"].get<std::string>();
  }
  if (body.contains("depth")) {
    const std::string depth = body["depth"].is_string() ? body["depth"].get<std::string>() : "";
    if (depth == "applicant") request.depth = Depth::kApplicant;
    else if (depth == "staff") request.depth = Depth::kStaff;
    else if (depth == "officer") request.depth = Depth::kOfficer;
    else return Invalid("depth", "expected \"applicant\", \"staff\" or \"officer\"");
  }
  if (body.contains("ask")) {
    if (!body["ask"].is_array()) return Invalid("ask", "expected a list of decision ids");
    for (std::size_t i = 0; i < body["ask"].size(); ++i) {
      const auto& item = body["ask"][i];
      int index = item.is_string() ? rules.AttributeIndex(item.get<std::string>()) : -1;
      if (index < 0 || !rules.attribute(index).decision) {
        std::vector<std::string> ids;
        for (int d : rules.decisions()) ids.push_back(rules.attribute(d).id);
        std::string text = item.is_string() ? item.get<std::string>() : item.dump();
        return Invalid("ask[" + std::to_string(i) + "]", "'" + text + "' is not a decision" + DidYouMean(text, ids));
      }
      request.query.decisions.push_back(index);
    }
  }
  if (!body.contains("facts") || !body["facts"].is_object()) {
    return Invalid("facts", "expected an object of fact id: value");
  }
  for (const auto& [id, value] : body["facts"].items()) {
    const std::string field = "facts." + id;
    int index = rules.AttributeIndex(id);
    if (index < 0) {
      std::vector<std::string> ids;
      for (const auto& a : rules.attributes()) {
        if (!a.derived) ids.push_back(a.id);
      }
      return Invalid(field, "unknown fact" + DidYouMean(id, ids));
    }
    const Attribute& a = rules.attribute(index);
    if (a.derived) return Invalid(field, "is concluded by the rules and cannot be given");
    if (value.is_null()) continue;  // explicit null = unknown
    if (a.type == AttributeType::kRecords) {
      if (!value.is_array()) return Invalid(field, "expected a list of records [{\"field\": value, …}] ([] for none)");
      reasoner::Value records;
      for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string item_field = field + "[" + std::to_string(i) + "]";
        if (!value[i].is_object()) return Invalid(item_field, "expected a record {\"field\": value, …}");
        std::vector<std::pair<std::string, reasoner::RawValue>> fields;
        for (const auto& [name, v] : value[i].items()) {
          int fi = a.FieldIndex(name);
          auto raw = fi >= 0 ? RawFromJson(a.fields[static_cast<std::size_t>(fi)], v) : std::optional<reasoner::RawValue>(std::string());
          if (!raw) return Invalid(item_field + "." + name, "type mismatch: unsupported JSON value");
          fields.push_back({name, *raw});
        }
        if (auto problem = reasoner::AddRecord(a, fields, &records)) return Invalid(item_field, *problem);
      }
      request.facts.values[static_cast<std::size_t>(index)] = std::move(records);
      continue;
    }
    auto raw = RawFromJson(a, value);
    reasoner::Value v;
    std::optional<std::string> problem =
        raw ? reasoner::ToValue(a, *raw, &v) : std::optional<std::string>("type mismatch: unsupported JSON value");
    if (problem) return Invalid(field, *problem);
    request.facts.values[static_cast<std::size_t>(index)] = std::move(v);
  }
  // Where facts came from: declared by the applicant unless staff say they checked them. A source
  // for a fact the request leaves unknown is accepted and has no effect.
  if (body.contains("sources")) {
    if (!body["sources"].is_object()) {
      return Invalid("sources", "expected an object of fact id: \"declared\" or \"checked\"");
    }
    request.facts.sources.assign(rules.attributes().size(), reasoner::FactSource::kDeclared);
    for (const auto& [id, value] : body["sources"].items()) {
      const std::string field = "sources." + id;
      int index = rules.AttributeIndex(id);
      if (index < 0 || rules.attribute(index).derived) {
        std::vector<std::string> ids;
        for (const auto& a : rules.attributes()) {
          if (!a.derived) ids.push_back(a.id);
        }
        return Invalid(field, index < 0 ? "unknown fact" + DidYouMean(id, ids)
                                        : std::string("is concluded by the rules and has no source of its own"));
      }
      const std::string source = value.is_string() ? value.get<std::string>() : "";
      if (source == "checked") {
        request.facts.sources[static_cast<std::size_t>(index)] = reasoner::FactSource::kChecked;
      } else if (source != "declared") {
        return Invalid(field, "expected \"declared\" or \"checked\"");
      }
    }
  }
  return request;
}

namespace {

// The "catalogue row applies" rules that hold: the rows the project falls under.
std::vector<int> HoldingRows(const reasoner::RuleSet& rules, const reasoner::Outcome& outcome) {
  std::vector<int> rows;
  for (int r = 0; r < static_cast<int>(rules.rules().size()); ++r) {
    if (outcome.evaluated(r) && rules.rule(r).kind == reasoner::RuleKind::kRowApplies &&
        outcome.result(r) == reasoner::Tri::kTrue) {
      rows.push_back(r);
    }
  }
  return rows;
}

}  // namespace

json RenderOutcome(const reasoner::RuleSet& rules, const reasoner::Outcome& outcome, const reasoner::Query& query,
                   Depth depth) {
  json applicable_rows = json::array();
  for (int r : HoldingRows(rules, outcome)) applicable_rows.push_back(RuleHeader(rules, r));
  reasoner::ProvenanceTracer tracer(rules, outcome);
  json decisions = json::array();
  for (const auto& d : outcome.decisions()) {
    const Attribute& a = rules.attribute(d.attribute);
    json out{{"id", a.id}, {"label", a.label}, {"status", std::string(reasoner::DecisionStatusName(d.status))}};
    if (d.value) {
      out["value"] = ValueJson(a, *d.value);
      out["value_label"] = ValueLabel(a, *d.value);
      // Set values listed one by one: the joined label's separator also occurs inside labels.
      if (a.type == AttributeType::kSet) {
        json labels = json::array();
        for (int m : d.value->members) labels.push_back(a.values[static_cast<std::size_t>(m)].label);
        out["value_labels"] = labels;
      }
      if (d.status == DecisionStatus::kUndetermined) out["at_least"] = true;
    }
    if (d.by_default) out["default_reason"] = a.default_reason;
    out["rules_of"] = FormatDate(d.rules_of);
    if (d.later_rules_compared) {
      out["later_rules"] = {{"compared", true}, {"applied", d.later_rules_lighter}, {"basis", a.later_lighter_rule},
                            {"decided_on", query.decided_on ? FormatDate(*query.decided_on) : ""}};
    }
    if (!a.combine_source.empty()) out["combine_source"] = a.combine_source;
    json because = json::array();
    for (int r : d.because) because.push_back(DerivationJson(rules, reasoner::ExplainHolding(rules, outcome, r), tracer));
    out["because"] = because;
    // Which reasons rest on the applicant's word alone (reasoner/provenance.h).
    const reasoner::Provenance provenance = tracer.OfDecision(d);
    out["rests_on_declared_only"] = provenance.DeclaredOnly();
    out["provenance"] = ProvenanceJson(rules, provenance);
    json why_not = json::array();
    for (int r : WhyNotRules(rules, outcome, d)) {
      json entry = RuleHeader(rules, r);
      const auto by = reasoner::OverriddenBy(rules, outcome, r);
      if (!by.empty()) {
        // It held, and an exception (an exclusion) overrode it: name the exclusion and why it held.
        entry["result"] = "overridden";
        json overriding = json::array();
        for (int x : by) {
          json item = RuleHeader(rules, x);
          item["conditions"] = Checks(rules, reasoner::ExplainHolding(rules, outcome, x).matched, tracer);
          overriding.push_back(item);
        }
        entry["overridden_by"] = overriding;
        entry["conditions"] = json::array();
      } else {
        entry["result"] = std::string(reasoner::TriName(outcome.result(r)));
        entry["conditions"] = Checks(rules, reasoner::ExplainNotHolding(rules, outcome, r), tracer);
      }
      why_not.push_back(entry);
    }
    out["why_not"] = why_not;
    // The catalogue rows the project falls under, with any gap recorded for them: an answer
    // resting on an unclear row says so instead of sounding certain.
    out["applicable_rows"] = applicable_rows;
    json conflicting = json::array();
    for (int r : d.conflicting) conflicting.push_back(RuleHeader(rules, r));
    if (!conflicting.empty()) out["conflicting"] = conflicting;
    json missing = json::array();
    for (int m : d.missing) missing.push_back(QuestionJson(rules.attribute(m)));
    out["missing"] = missing;
    if (!missing.empty()) out["next_question"] = missing[0];
    decisions.push_back(out);
  }
  json result{{"kb", {{"version", rules.info().content_hash}, {"schema_version", rules.info().schema_version}}},
              {"date", FormatDate(query.date)},
              {"place", query.place},
              {"decisions", decisions}};
  result["text"] = RenderOutcomeText(rules, outcome, query, depth);
  return result;
}

void AddLookAhead(json& answer, const reasoner::Engine& engine, const reasoner::CaseFacts& facts,
                         const reasoner::Query& query, const reasoner::Outcome& outcome) {
  const reasoner::RuleSet& rules = engine.rules();
  for (auto& decision : answer["decisions"]) {
    int attribute = rules.AttributeIndex(decision["id"].get<std::string>());
    auto ranked = reasoner::RankQuestions(engine, facts, query, outcome, attribute);
    if (!ranked.empty()) {
      json missing = json::array();
      for (const auto& q : ranked) {
        json item = QuestionJson(rules.attribute(q.attribute));
        item["settles"] = {{"answers_tried", q.answers_tried}, {"answers_settling", q.answers_settling},
                           {"rules_open_after", q.open_after}};
        missing.push_back(item);
      }
      // The readable text named the engine's first missing fact; it names the interview's choice.
      if (answer.contains("text") && decision.contains("next_question") &&
          decision["next_question"]["id"] != missing[0]["id"]) {
        const std::string before = "下一个问题：" + decision["next_question"]["question"].get<std::string>() + "\n";
        const std::string after = "下一个问题：" + missing[0]["question"].get<std::string>() + "\n";
        std::string text = answer["text"].get<std::string>();
        // In this decision's block of the text, which starts with its label.
        const auto block = text.find(decision["label"].get<std::string>() + "：");
        if (auto at = text.find(before, block == std::string::npos ? 0 : block); at != std::string::npos) {
          text.replace(at, before.size(), after);
        }
        answer["text"] = text;
      }
      decision["missing"] = missing;
      decision["next_question"] = missing[0];
    }
    json changes = json::array();
    for (const auto& c : reasoner::WhatIf(engine, facts, query, outcome, attribute)) {
      const Attribute& fact = rules.attribute(c.attribute);
      const Attribute& a = rules.attribute(attribute);
      json change{{"fact", fact.id}, {"label", fact.label}, {"if", c.condition},
                  {"tried_value", ValueJson(fact, c.changed_value)},
                  {"status", std::string(reasoner::DecisionStatusName(c.status))}};
      if (c.new_value) {
        change["value"] = ValueJson(a, *c.new_value);
        change["value_label"] = ValueLabel(a, *c.new_value);
      }
      json because = json::array();
      for (int r : c.because) because.push_back(rules.rule(r).id);
      change["because"] = because;
      std::string text = "若" + (fact.label.empty() ? fact.id : fact.label) + "为" +
                         reasoner::DescribeValue(fact, c.changed_value) + "，";
      if (c.status == DecisionStatus::kUndetermined) {
        text += a.label + (c.new_value ? "将至少为" + ValueLabel(a, *c.new_value) + "，" : "") + "尚需回答其他问题";
      } else {
        text += c.new_value ? a.label + "将为" + ValueLabel(a, *c.new_value) : a.label + "将改变";
      }
      change["text"] = text;
      changes.push_back(change);
    }
    decision["what_if"] = changes;
  }
  // The receipt: canonical facts (id -> value token, in attribute order) and outcomes.
  json given = json::object();
  std::string canon = rules.info().content_hash + "|" + query.place + "|" + FormatDate(query.date) + "|";
  for (const auto& d : outcome.decisions()) canon += rules.attribute(d.attribute).id + ",";
  canon += "|";
  json sources = json::object();
  std::string checked;
  for (std::size_t a = 0; a < facts.values.size() && a < rules.attributes().size(); ++a) {
    const auto& v = facts.values[a];
    const Attribute& attr = rules.attribute(static_cast<int>(a));
    if (!v || attr.derived) continue;
    const std::string token = reasoner::ValueToken(attr, *v);
    given[attr.id] = ValueJson(attr, *v);
    canon += attr.id + "=" + (attr.type == AttributeType::kRecords ? reasoner::DescribeValue(attr, *v) : token) + ";";
    const reasoner::FactSource source = facts.source(static_cast<int>(a));
    sources[attr.id] = std::string(reasoner::FactSourceName(source));
    if (source == reasoner::FactSource::kChecked) checked += attr.id + ";";
  }
  // Which facts staff checked changes what the answer says rests on the applicant's word, so it is
  // part of the id; all-declared answers keep the id they had before sources existed.
  if (!checked.empty()) canon += "|checked:" + checked;
  // The day of decision enters the outcome only where a decision compared the rules of that day
  // (行政处罚法 第三十七条); only then is it part of the id, so other answers keep their ids.
  const bool day_of_decision_counts = std::any_of(outcome.decisions().begin(), outcome.decisions().end(),
                                                  [](const reasoner::Decision& d) { return d.later_rules_compared; });
  if (day_of_decision_counts && query.decided_on) canon += "|decided_on:" + FormatDate(*query.decided_on);
  json outcomes = json::object();
  for (const auto& d : answer["decisions"]) {
    outcomes[d["id"].get<std::string>()] = d.contains("value") ? d["value"] : d["status"];
  }
  answer["receipt"] = {{"id", kb::Sha256Hex(canon).substr(0, 32)},
                       {"kb_version", rules.info().content_hash},
                       {"schema_version", rules.info().schema_version},
                       {"place", query.place},
                       {"date", FormatDate(query.date)},
                       {"decided_on", query.decided_on ? FormatDate(*query.decided_on) : FormatDate(query.date)},
                       {"facts", given},
                       {"sources", sources},
                       {"outcomes", outcomes}};
}

namespace {

std::string FactLabels(const reasoner::RuleSet& rules, const std::vector<int>& attributes) {
  std::string out;
  for (int a : attributes) {
    if (!out.empty()) out += "、";
    const Attribute& attribute = rules.attribute(a);
    out += attribute.label.empty() ? attribute.id : attribute.label;
  }
  return out;
}

// What a decision rests on, for staff and officers: the applicant's unverified word is named as
// such, so the window knows what to check before putting the answer on record.
std::string ProvenanceText(const reasoner::RuleSet& rules, const reasoner::Provenance& p) {
  std::string out;
  if (p.DeclaredOnly()) return "  以上理由仅依据申请人自述（未经核实）的事实：" + FactLabels(rules, p.declared) + "。\n";
  if (!p.declared.empty()) out += "  其中依据申请人自述（未经核实）的事实：" + FactLabels(rules, p.declared) + "。\n";
  if (!p.checked.empty()) out += "  经工作人员核实的事实：" + FactLabels(rules, p.checked) + "。\n";
  for (int l : p.lists) {
    const auto& list = rules.lists()[static_cast<std::size_t>(l)];
    out += "  依据知识库收录的名单：《" + list.title + "》（" + list.source.ToString() + "）。\n";
  }
  return out;
}

// The applicant's depth: the answer, its reasons as the titles of the deciding rules with their
// documents, any caveat, and the one question still to answer.
std::string RenderApplicantText(const reasoner::RuleSet& rules, const reasoner::Outcome& outcome,
                                const reasoner::Query& query) {
  const auto rows = HoldingRows(rules, outcome);
  const bool unclear_row = std::any_of(rows.begin(), rows.end(), [&](int r) { return !rules.rule(r).unclear.empty(); });
  reasoner::ProvenanceTracer tracer(rules, outcome);
  std::string out;
  for (const auto& d : outcome.decisions()) {
    const Attribute& a = rules.attribute(d.attribute);
    out += a.label + "：";
    if (d.status == DecisionStatus::kDetermined) {
      out += ValueLabel(a, *d.value) + "。\n";
    } else if (d.status == DecisionStatus::kUndetermined) {
      out += "还需要您回答几个问题。\n";
    } else {
      out += "本机暂不能回答，请到窗口咨询。\n";
    }
    for (std::size_t i = 0; i < d.because.size() && i < 3; ++i) {
      const auto& rule = rules.rule(d.because[i]);
      out += "  因为：" + rule.title + "（《" + rule.source.document + "》" + rule.source.article + "）\n";
    }
    if (d.because.empty() && d.by_default) out += "  因为：" + a.default_reason + "\n";
    if (tracer.OfDecision(d).DeclaredOnly()) out += "  以上结论依据您自述的情况，尚未经工作人员核实。\n";
    if (unclear_row) out += "  请注意：本项目类别的规定有不明确之处，请到窗口确认。\n";
    if (!d.missing.empty()) out += "  下一个问题：" + rules.attribute(d.missing[0]).question + "\n";
  }
  out += "（知识库版本 " + rules.info().content_hash.substr(0, 12) + "；日期 " + FormatDate(query.date) + "）\n";
  return out;
}

}  // namespace

std::string RenderOutcomeText(const reasoner::RuleSet& rules, const reasoner::Outcome& outcome,
                              const reasoner::Query& query, Depth depth) {
  if (depth == Depth::kApplicant) return RenderApplicantText(rules, outcome, query);
  const auto rows = HoldingRows(rules, outcome);
  reasoner::ProvenanceTracer tracer(rules, outcome);
  std::string out;
  for (const auto& d : outcome.decisions()) {
    const Attribute& a = rules.attribute(d.attribute);
    out += a.label + "：";
    switch (d.status) {
      case DecisionStatus::kDetermined: out += ValueLabel(a, *d.value) + "\n"; break;
      case DecisionStatus::kUndetermined:
        out += "尚不能确定";
        if (d.value) out += "（至少为" + ValueLabel(a, *d.value) + "）";
        out += "\n";
        break;
      case DecisionStatus::kConflict: out += "规则冲突，请窗口工作人员处理\n"; break;
      case DecisionStatus::kNoRuleInForce: out += "该日期、该地区没有有效的规定（知识库未收录）\n"; break;
      case DecisionStatus::kNoRuleApplies: out += "没有适用的规定\n"; break;
    }
    const reasoner::Provenance provenance = tracer.OfDecision(d);
    if (!d.because.empty()) {
      out += "理由：\n";
      for (int r : d.because) {
        const reasoner::Derivation derivation = reasoner::ExplainHolding(rules, outcome, r);
        out += reasoner::RenderDerivation(rules, derivation, 1);
        // When the answer as a whole rests on more than the applicant's word, say which of its
        // reasons do not.
        if (!provenance.DeclaredOnly() && tracer.OfDerivation(derivation).DeclaredOnly()) {
          out += "    （此项理由仅依据申请人自述，未经核实）\n";
        }
        if (depth != Depth::kOfficer) continue;
        const auto& rule = rules.rule(r);
        if (!rule.text.empty()) out += "    原文：" + rule.text + "\n";
        if (!rule.note.empty()) out += "    解释：" + rule.note + "\n";
        out += "    出处：" + rule.where.ToString() + "\n";
      }
    } else if (d.by_default) {
      out += "理由：" + a.default_reason + "\n";
    }
    out += ProvenanceText(rules, provenance);
    for (int r : rows) {
      const auto& rule = rules.rule(r);
      if (!rule.unclear.empty()) out += "  注意（" + rule.title + "）：" + rule.unclear + "\n";
    }
    if (d.status == DecisionStatus::kDetermined && a.combine == reasoner::Combine::kMax) {
      // 第四条 is worth citing when the project spans several catalogue rows.
      std::set<std::pair<std::string, int>> rows_holding;
      for (int r : rules.RulesConcluding(d.attribute)) {
        if (outcome.result(r) == reasoner::Tri::kTrue) {
          rows_holding.insert({rules.rule(r).catalogue, rules.rule(r).row});
        }
      }
      if (rows_holding.size() > 1) out += "  （涉及多个项目类别：" + a.combine_source + "）\n";
    }
    auto why_not = WhyNotRules(rules, outcome, d);
    if (!why_not.empty()) {
      // An ordered decision (a class, a penalty outcome) ranks its values; another does not, and
      // its why-not is about a different conclusion, not a higher one.
      const bool ranked_values = a.combine == reasoner::Combine::kMax || a.ordered;
      out += d.status == DecisionStatus::kUndetermined ? "尚待确认的条件：\n"
             : ranked_values                           ? "未适用更高类别的原因：\n"
                                                       : "未得出其他结论的原因：\n";
      for (int r : why_not) {
        const auto& rule = rules.rule(r);
        out += "  【" + rule.id + "】" + rule.title + "\n";
        const auto by = reasoner::OverriddenBy(rules, outcome, r);
        for (int x : by) {
          const auto& exclusion = rules.rule(x);
          out += "    · 本条条件已满足，但被排除：【" + exclusion.id + "】" + exclusion.title + "（依据：" +
                 exclusion.source.ToString() + "）\n";
          out += reasoner::RenderChecks(reasoner::ExplainHolding(rules, outcome, x).matched, 3);
        }
        if (by.empty()) out += reasoner::RenderChecks(reasoner::ExplainNotHolding(rules, outcome, r), 2);
      }
    }
    if (d.later_rules_compared) {
      out += d.later_rules_lighter
                 ? "  （适用决定作出之日（" + FormatDate(d.rules_of) + "）的规定：较违法行为发生时的规定为轻。依据：" + a.later_lighter_rule + "）\n"
                 : "  （适用违法行为发生时（" + FormatDate(query.date) + "）的规定；决定作出之日的规定不更轻。依据：" + a.later_lighter_rule + "）\n";
    }
    if (!d.missing.empty()) {
      out += "下一个问题：" + rules.attribute(d.missing[0]).question + "\n";
    }
  }
  out += "（知识库版本 " + rules.info().content_hash.substr(0, 12) + "；日期 " + FormatDate(query.date) + "；地区 " +
         query.place + "）\n";
  return out;
}

}  // namespace assistant::server
