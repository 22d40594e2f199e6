// anchor_runner: our reasoner on the neutral anchor workload (../shared/anchors), with the same
// measurements and output shape as the anchors' CLIPS and json-rules-engine runners.
//
//   anchor_runner --kb W.kb --ids ids.json --cases cases.jsonl --out ours_out.jsonl [--warmup 100]
//                 [--latencies FILE]
//
// Cases are parsed into typed facts before timing (the anchors do the same: CLIPS interns symbols,
// JRE receives parsed objects). One timed case = decide the case's three project decisions, then
// each offence's exemption, and collect the conclusions and fired rules. Results are written
// after the loop. Prints one JSON summary line with the anchors' keys.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "kb/store.h"
#include "reasoner/engine.h"
#include "reasoner/fact_input.h"

namespace {
using namespace assistant;
using nlohmann::json;
using reasoner::Value;

double RssMb(const char* key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::string(key).size())) / 1024.0;
  }
  return 0;
}

// A fact as read from the case file, compact: the timed loop copies it into the session's
// reusable CaseFacts (as CLIPS asserts its pre-tokenised facts inside its timed loop).
struct Slot {
  int attribute = -1;
  reasoner::AttributeType type = reasoner::AttributeType::kNumber;
  double number = 0;
  bool boolean = false;
  std::string text;
};

struct Prior {
  std::string kind;
  double date = 0;
};

struct PreparedCase {
  std::string id;
  std::vector<Slot> facts;
  std::vector<std::string> offence_ids;
  std::vector<std::vector<Slot>> offences;
  std::vector<Prior> priors;
};

// Copies slots into `facts` without allocating once the strings and vectors have grown.
void Fill(const std::vector<Slot>& slots, reasoner::CaseFacts& facts) {
  for (const Slot& s : slots) {
    auto& v = facts.values[static_cast<std::size_t>(s.attribute)];
    if (!v) v.emplace();
    v->number = s.number;
    v->boolean = s.boolean;
    if (s.type == reasoner::AttributeType::kString) v->text = s.text;
  }
}

struct CaseResult {
  int doc_type = -1, commitment = -1;
  double approval_days = 0;
  std::vector<int> exemption;  // per offence: value index
  std::vector<int> fired;      // rule indices
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"our reasoner on the anchor workload"};
  std::string kb_path, ids_path, cases_path, out_path;
  int warmup = 100;
  app.add_option("--kb", kb_path)->required();
  app.add_option("--ids", ids_path)->required();
  app.add_option("--cases", cases_path)->required();
  app.add_option("--out", out_path)->required();
  app.add_option("--warmup", warmup);
  std::string latencies_path;
  app.add_option("--latencies", latencies_path, "also write each timed case's latency (µs, offences, priors)");
  CLI11_PARSE(app, argc, argv);

  const double rss_base = RssMb("VmRSS:");
  auto load_start = std::chrono::steady_clock::now();
  auto loaded = kb::OpenKb(kb_path);
  if (!loaded) {
    std::cerr << loaded.error().ToString() << "\n";
    return 2;
  }
  const auto& rules = *loaded.value().rules;
  reasoner::Engine engine(loaded.value().rules);
  reasoner::Session session(engine);
  const double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - load_start).count();
  const double rss_after_load = RssMb("VmRSS:");

  json ids = json::parse(std::ifstream(ids_path));
  auto attr = [&](const char* id) { return rules.AttributeIndex(id); };
  const int doc_type = attr("anchor.doc_type"), commitment = attr("anchor.commitment"),
            approval_days = attr("anchor.approval_days"), exemption = attr("anchor.exemption");
  const reasoner::Query case_query{*ParseDate("2026-01-01"), "cn", {doc_type, commitment, approval_days}, std::nullopt};
  const reasoner::Query offence_query{*ParseDate("2026-01-01"), "cn", {exemption}, std::nullopt};

  const int priors_attribute = attr("offence.priors");
  const auto& priors_def = rules.attribute(priors_attribute);
  const auto kind_field = static_cast<std::size_t>(priors_def.FieldIndex("kind"));
  const auto date_field = static_cast<std::size_t>(priors_def.FieldIndex("date"));

  // ---- parse every case into typed facts (not timed)
  std::vector<PreparedCase> cases;
  {
    std::ifstream in(cases_path);
    std::string line;
    const char* case_fields[] = {"industry", "sector", "capacity", "area", "length", "investment",
                                 "sensitive", "park", "category", "city", "applicant"};
    while (std::getline(in, line)) {
      json c = json::parse(line);
      PreparedCase p;
      p.id = c["id"].get<std::string>();
      auto slot = [&](const std::string& id, const json& v) {
        Slot out;
        out.attribute = rules.AttributeIndex(id);
        out.type = rules.attribute(out.attribute).type;
        if (v.is_boolean()) out.boolean = v.get<bool>();
        else if (v.is_number()) out.number = v.get<double>();
        else out.text = v.get<std::string>();
        return out;
      };
      for (const char* f : case_fields) p.facts.push_back(slot(std::string("case.") + f, c[f]));
      for (const auto& prior : c["priors"]) p.priors.push_back({prior["kind"].get<std::string>(), prior["date"].get<double>()});
      for (const auto& o : c["offences"]) {
        std::vector<Slot> slots;
        for (const char* f : {"kind", "harm", "corrected_days", "date"}) slots.push_back(slot(std::string("offence.") + f, o[f]));
        p.offence_ids.push_back(o["oid"].get<std::string>());
        p.offences.push_back(std::move(slots));
      }
      cases.push_back(std::move(p));
    }
  }
  const double rss_before_run = RssMb("VmRSS:");

  // Result storage is allocated before timing, as the CLIPS driver's fixed-size result records.
  std::vector<CaseResult> results(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    results[i].fired.reserve(4 + cases[i].offences.size());
    results[i].exemption.reserve(cases[i].offences.size());
  }
  reasoner::CaseFacts case_facts(rules.attributes().size());
  reasoner::CaseFacts offence_facts(rules.attributes().size());
  offence_facts.values[static_cast<std::size_t>(priors_attribute)].emplace();
  std::vector<reasoner::Record> spare_records;
  auto run_case = [&](const PreparedCase& c, CaseResult& r) {
    r.fired.clear();
    r.exemption.clear();
    Fill(c.facts, case_facts);
    const auto& out = session.Decide(case_facts, case_query);
    for (const auto& d : out.decisions()) {
      if (d.value) {
        if (d.attribute == doc_type) r.doc_type = d.value->enum_index;
        if (d.attribute == commitment) r.commitment = d.value->enum_index;
        if (d.attribute == approval_days) r.approval_days = d.value->number;
      }
      r.fired.insert(r.fired.end(), d.because.begin(), d.because.end());
    }
    if (c.offences.empty()) return;
    // The prior records, copied into records kept from earlier cases (set aside, not destroyed,
    // when a case has fewer), so the timed loop allocates nothing once warm.
    auto& records = offence_facts.values[static_cast<std::size_t>(priors_attribute)]->records;
    while (records.size() > c.priors.size()) {
      spare_records.push_back(std::move(records.back()));
      records.pop_back();
    }
    while (records.size() < c.priors.size()) {
      if (spare_records.empty()) {
        records.emplace_back();
        records.back().values.resize(priors_def.fields.size());
        records.back().known.assign(priors_def.fields.size(), true);
      } else {
        records.push_back(std::move(spare_records.back()));
        spare_records.pop_back();
      }
    }
    for (std::size_t k = 0; k < c.priors.size(); ++k) {
      records[k].values[kind_field].text = c.priors[k].kind;
      records[k].values[date_field].number = c.priors[k].date;
    }
    for (const auto& offence : c.offences) {
      Fill(offence, offence_facts);
      const auto& o = session.Decide(offence_facts, offence_query);
      const auto& d = o.decisions().front();
      r.exemption.push_back(d.value ? d.value->enum_index : -1);
      r.fired.insert(r.fired.end(), d.because.begin(), d.because.end());
    }
  };
  for (int i = 0; i < warmup && i < static_cast<int>(cases.size()); ++i) run_case(cases[static_cast<std::size_t>(i)], results[static_cast<std::size_t>(i)]);

  std::vector<double> latencies(cases.size());
  auto loop_start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto t0 = std::chrono::steady_clock::now();
    run_case(cases[i], results[i]);
    latencies[i] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
  }
  const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - loop_start).count();

  if (!latencies_path.empty()) {  // per case: µs, offences, prior records (to see what the tail is made of)
    std::ofstream d(latencies_path);
    for (std::size_t i = 0; i < cases.size(); ++i) {
      d << latencies[i] << " " << cases[i].offences.size() << " " << cases[i].priors.size() << "\n";
    }
  }
  // ---- results in the anchors' shape (after timing)
  std::ofstream out(out_path);
  auto value_id = [&](int attribute, int index) {
    return index < 0 ? std::string("?") : rules.attribute(attribute).values[static_cast<std::size_t>(index)].id;
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& r = results[i];
    json line{{"case", cases[i].id},
              {"doc_type", value_id(doc_type, r.doc_type)},
              {"commitment", value_id(commitment, r.commitment)},
              {"approval_days", static_cast<long long>(r.approval_days)}};
    json ex = json::object();
    for (std::size_t k = 0; k < r.exemption.size(); ++k) ex[cases[i].offence_ids[k]] = value_id(exemption, r.exemption[k]);
    line["exemption"] = ex;
    std::set<std::string> fired;
    for (int f : r.fired) fired.insert(ids[rules.rule(f).id].get<std::string>());
    line["fired"] = fired;
    out << line.dump() << "\n";
  }

  std::vector<double> sorted = latencies;
  std::sort(sorted.begin(), sorted.end());
  auto pct = [&](double p) { return sorted.empty() ? 0.0 : sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))]; };
  double mean = 0;
  for (double l : latencies) mean += l;
  mean /= static_cast<double>(std::max<std::size_t>(1, latencies.size()));
  json summary{{"engine", "ours"},
               {"cases", cases.size()},
               {"load_ms", load_ms},
               {"total_s", total_s},
               {"cases_per_s", static_cast<double>(cases.size()) / total_s},
               {"mean_us", mean},
               {"p50_us", pct(0.50)},
               {"p99_us", pct(0.99)},
               {"rss_base_mb", rss_base},
               {"rss_after_load_mb", rss_after_load},
               {"rss_before_run_mb", rss_before_run},
               {"peak_rss_mb", RssMb("VmHWM:")}};
  std::cout << summary.dump() << std::endl;
  return 0;
}
