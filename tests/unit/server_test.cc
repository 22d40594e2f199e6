// Every endpoint of the real server on a loopback port with the real knowledge base, and the
// OpenAPI description checked against what the server actually answers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "server_fixture.h"

namespace assistant::server {
namespace {
using assistant::testing::kPigFarm5000;
using assistant::testing::RunningServer;
using assistant::testing::TempDir;
using nlohmann::json;

std::unique_ptr<DecisionLog> OpenLog(const TempDir& dir) {
  auto log = DecisionLog::Open(dir / "decisions.sqlite", 180);
  EXPECT_TRUE(log);
  return std::move(log.value());
}

TEST(ServerEndpoints, HealthReadinessAndMetrics) {
  TempDir dir;
  RunningServer srv({}, OpenLog(dir));
  auto client = srv.Client();
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->body, "ok\n");
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  auto r = json::parse(ready->body);
  EXPECT_TRUE(r["ready"].get<bool>());
  EXPECT_EQ(r["decision_log"], "ok");
  ASSERT_TRUE(client.Post("/api/v1/assess", kPigFarm5000, "application/json"));
  // Request metrics are counted once the response has been written, so they may lag the answer a little.
  auto metrics = client.Get("/metrics");
  for (int i = 0; i < 50 && metrics && metrics->body.find("POST /api/v1/assess\",status") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    metrics = client.Get("/metrics");
  }
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("eia_requests_total{route=\"POST /api/v1/assess\",status=\"200\"} 1"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("eia_decisions_total{decision=\"eia.document_class\",outcome=\"report_book\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics->body.find("eia_kb_info{version=\"" + testing::RealKb().rules->info().content_hash + "\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics->body.find("eia_request_duration_seconds_count{route=\"POST /api/v1/assess\"} 1"), std::string::npos);
}

TEST(ServerEndpoints, AssessLogsTheDecisionAndTakesARating) {
  TempDir dir;
  auto log = OpenLog(dir);
  DecisionLog* log_view = log.get();
  RunningServer srv({}, std::move(log));
  auto client = srv.Client();
  auto res = client.Post("/api/v1/assess", kPigFarm5000, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  auto body = json::parse(res->body);
  EXPECT_EQ(body["decisions"][0]["value"], "report_book");
  const std::string id = body["receipt"]["id"];
  auto logged = log_view->Find(id);
  ASSERT_TRUE(logged);
  ASSERT_TRUE(logged.value().has_value());
  EXPECT_EQ(logged.value()->kb_version, testing::RealKb().rules->info().content_hash);
  EXPECT_EQ(logged.value()->questions, R"(["eia.document_class"])");
  EXPECT_NE(logged.value()->fired_rules.find("eia2021.r003.report_book"), std::string::npos);
  EXPECT_EQ(logged.value()->facts, "") << "facts are kept only when configured";

  auto rated = client.Post("/api/v1/ratings", json{{"decision_id", id}, {"grade", 5}}.dump(), "application/json");
  ASSERT_TRUE(rated);
  EXPECT_EQ(rated->status, 204);
  auto counts = log_view->Count();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts.value().ratings[5], 1);
  auto unknown = client.Post("/api/v1/ratings", R"({"decision_id": "nope", "grade": 3})", "application/json");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  auto bad_grade = client.Post("/api/v1/ratings", json{{"decision_id", id}, {"grade", 6}}.dump(), "application/json");
  ASSERT_TRUE(bad_grade);
  EXPECT_EQ(bad_grade->status, 422);
  EXPECT_EQ(json::parse(bad_grade->body)["field"], "grade");
  auto personal = client.Post("/api/v1/ratings", json{{"decision_id", id}, {"grade", 4}, {"name", "张三"}}.dump(),
                              "application/json");
  ASSERT_TRUE(personal);
  EXPECT_EQ(personal->status, 422);
  EXPECT_EQ(json::parse(personal->body)["field"], "name");
}

TEST(ServerEndpoints, BadInputGetsProblemJsonNamingTheField) {
  RunningServer srv;
  auto client = srv.Client();
  auto res = client.Post("/api/v1/assess", R"({"facts": {"livestock.annual_output_pig_eq": true}})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  auto body = json::parse(res->body);
  EXPECT_EQ(body["detail"],
            "facts.livestock.annual_output_pig_eq: type mismatch for 'livestock.annual_output_pig_eq': expected a number (头/年)");
  EXPECT_EQ(body["field"], "facts.livestock.annual_output_pig_eq");
  auto broken = client.Post("/api/v1/assess", "{\"facts\": ", "application/json");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  auto scalar = client.Post("/api/v1/assess", "42", "application/json");
  ASSERT_TRUE(scalar);
  EXPECT_EQ(scalar->status, 422);
}

TEST(ServerEndpoints, NumbersTypedInChineseAreUnderstood) {
  RunningServer srv;
  auto client = srv.Client();
  auto ask = [&](const std::string& typed) {
    json body = json::parse(kPigFarm5000);
    body["facts"]["livestock.annual_output_pig_eq"] = typed;
    return client.Post("/api/v1/assess", body.dump(), "application/json");
  };
  for (const char* typed : {"五千头", "5,000", "０.５万", "五千"}) {
    auto res = ask(typed);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << typed << ": " << res->body;
    EXPECT_EQ(json::parse(res->body)["decisions"][0]["value"], "report_book") << typed;
  }
  auto below = ask("四千九百九十九头");
  ASSERT_TRUE(below);
  EXPECT_EQ(json::parse(below->body)["decisions"][0]["value"], "registration_form");
  for (const char* typed : {"五千多头", "5千吨", "很多"}) {  // approximate, wrong unit, not a number
    auto res = ask(typed);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 422) << typed;
    EXPECT_EQ(json::parse(res->body)["field"], "facts.livestock.annual_output_pig_eq") << typed;
  }
}

TEST(ServerEndpoints, InterviewAsksTheNextQuestionUntilDone) {
  RunningServer srv;
  auto client = srv.Client();
  auto first = client.Post("/api/v1/interview", R"({"date": "2024-06-01", "ask": ["eia.document_class"], "facts": {}})",
                           "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto step = json::parse(first->body);
  EXPECT_FALSE(step["done"].get<bool>());
  EXPECT_EQ(step["question"]["id"], "project.industry_codes");
  EXPECT_EQ(step["question"]["for_decision"], "eia.document_class");
  EXPECT_FALSE(step["question"]["question"].get<std::string>().empty());
  EXPECT_EQ(step["progress"]["answered"], 0);
  EXPECT_GT(step["progress"]["remaining_at_most"].get<int>(), 0);

  auto last = client.Post("/api/v1/interview", kPigFarm5000, "application/json");
  ASSERT_TRUE(last);
  auto done = json::parse(last->body);
  EXPECT_TRUE(done["done"].get<bool>());
  EXPECT_TRUE(done["question"].is_null());
  EXPECT_EQ(done["decisions"][0]["value_label"], "环境影响报告书");

  // The question is for the first open decision in the order asked.
  auto ordered = client.Post("/api/v1/interview",
                             R"({"date": "2024-06-01", "place": "cn.hubei.wuhan", "ask": ["eia.document_class", "commitment.eligibility"], "facts": {}})",
                             "application/json");
  ASSERT_TRUE(ordered);
  auto ordered_step = json::parse(ordered->body);
  EXPECT_EQ(ordered_step["question"]["for_decision"], "eia.document_class");
  EXPECT_EQ(ordered_step["decisions"][0]["id"], "eia.document_class");

  auto no_ask = client.Post("/api/v1/interview", R"({"facts": {}})", "application/json");
  ASSERT_TRUE(no_ask);
  EXPECT_EQ(no_ask->status, 422);
  EXPECT_EQ(json::parse(no_ask->body)["field"], "ask");
}

TEST(ServerEndpoints, FactsOfADecisionStopAtOtherDecisions) {
  RunningServer srv;
  auto client = srv.Client();
  auto res = client.Get("/api/v1/facts?decision=commitment.eligibility&place=cn.hubei.wuhan&date=2024-06-01");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto body = json::parse(res->body);
  std::set<std::string> uses;
  for (const auto& u : body["uses_decisions"]) uses.insert(u["id"]);
  EXPECT_TRUE(uses.count("eia.document_class"));
  std::set<std::string> facts;
  for (const auto& f : body["facts"]) facts.insert(f["id"]);
  EXPECT_FALSE(facts.count("livestock.annual_output_pig_eq")) << "the catalogue's facts belong to eia.document_class";
  EXPECT_FALSE(facts.empty());
  auto all = client.Get("/api/v1/facts?decision=commitment.eligibility&place=cn.hubei.wuhan&date=2024-06-01&all=true");
  ASSERT_TRUE(all);
  EXPECT_GT(json::parse(all->body)["facts"].size(), facts.size());
  auto unknown = client.Get("/api/v1/facts?decision=nope");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 422);
  EXPECT_EQ(json::parse(unknown->body)["field"], "decision");
  auto bad_place = client.Get("/api/v1/facts?place=cn.atlantis");
  ASSERT_TRUE(bad_place);
  EXPECT_EQ(bad_place->status, 422);
  EXPECT_EQ(json::parse(bad_place->body)["field"], "place");
}

TEST(ServerEndpoints, SearchCatalogueAndOffences) {
  RunningServer srv;
  auto client = srv.Client();
  auto search = client.Get("/api/v1/search?q=yzc&limit=5");
  ASSERT_TRUE(search);
  ASSERT_EQ(search->status, 200);
  bool livestock = false;
  const auto found = json::parse(search->body);
  for (const auto& hit : found["hits"]) {
    for (const auto& row : hit["rows"]) livestock = livestock || row == 3;
  }
  EXPECT_TRUE(livestock) << search->body;
  auto fullwidth = client.Get("/api/v1/search?q=%EF%BC%90%EF%BC%93%EF%BC%91%EF%BC%93");  // ０３１３
  ASSERT_TRUE(fullwidth);
  EXPECT_EQ(json::parse(fullwidth->body)["normalized"], "0313");
  auto bad_kind = client.Get("/api/v1/search?q=a&kind=planet");
  ASSERT_TRUE(bad_kind);
  EXPECT_EQ(bad_kind->status, 422);
  auto bad_limit = client.Get("/api/v1/search?q=a&limit=0");
  ASSERT_TRUE(bad_limit);
  EXPECT_EQ(json::parse(bad_limit->body)["field"], "limit");

  auto catalogue = client.Get("/api/v1/catalogue");
  ASSERT_TRUE(catalogue);
  std::size_t rows = 0;
  const auto browsed = json::parse(catalogue->body);
  for (const auto& c : browsed["catalogues"]) {
    for (const auto& category : c["categories"]) rows += category["rows"].size();
  }
  EXPECT_EQ(rows, 173u);

  auto offences = client.Get("/api/v1/offences?place=cn.guangdong.jiangmen&date=2024-06-01");
  ASSERT_TRUE(offences);
  ASSERT_EQ(offences->status, 200);
  auto body = json::parse(offences->body);
  EXPECT_EQ(body["place_name"], "广东省江门市");
  int listed = 0;
  for (const auto& k : body["kinds"]) {
    listed += k["listed_here"].get<bool>() ? 1 : 0;
    // Only rules that test the kind of offence name it: a catalogue row whose own choices include a
    // value "other" does not list the offence kind "other".
    for (const auto& rule : k["rules"]) EXPECT_EQ(rule.get<std::string>().rfind("penalty.", 0), 0u) << k.dump();
  }
  EXPECT_GT(listed, 10);
  bool guangdong_list = false;
  for (const auto& d : body["documents"]) {
    guangdong_list = guangdong_list || d["document"].get<std::string>().find("广东省生态环境不予行政处罚") != std::string::npos;
  }
  EXPECT_TRUE(guangdong_list);
}

TEST(ServerEndpoints, PrintSheetWithQrCode) {
  RunningServer srv;
  auto client = srv.Client();
  auto res = client.Post("/api/v1/print?paper=receipt", kPigFarm5000, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("一次性告知书"), std::string::npos);
  EXPECT_NE(res->body.find("环境影响报告书"), std::string::npos);
  EXPECT_NE(res->body.find("<svg"), std::string::npos);
  EXPECT_EQ(res->get_header_value_count("Content-Security-Policy"), 1u) << "one policy: the sheet's own";
  EXPECT_NE(res->body.find("size: 80mm 297mm"), std::string::npos);
  auto answer = json::parse(client.Post("/api/v1/assess", kPigFarm5000, "application/json")->body);
  EXPECT_NE(res->body.find(answer["receipt"]["id"].get<std::string>()), std::string::npos);
  auto a4 = client.Post("/api/v1/print", kPigFarm5000, "application/json");
  ASSERT_TRUE(a4);
  EXPECT_NE(a4->body.find("size: A4"), std::string::npos);
  auto letter = client.Post("/api/v1/print?paper=letter", kPigFarm5000, "application/json");
  ASSERT_TRUE(letter);
  EXPECT_EQ(letter->status, 422);
}

TEST(ServerEndpoints, KioskConfigAndKbInfo) {
  ServerConfig config;
  config.place = "cn.guangdong.jiangmen";
  config.idle_seconds = 90;
  RunningServer srv(config);
  auto client = srv.Client();
  auto res = client.Get("/api/v1/kiosk-config");
  ASSERT_TRUE(res);
  auto body = json::parse(res->body);
  EXPECT_EQ(body["place"], "cn.guangdong.jiangmen");
  EXPECT_EQ(body["place_name"], "广东省江门市");
  EXPECT_EQ(body["idle_seconds"], 90);
  EXPECT_EQ(body["mode"], "kiosk");
  EXPECT_FALSE(body["ratings"].get<bool>());
  auto info = json::parse(client.Get("/api/v1/kb")->body);
  EXPECT_EQ(info["version"], testing::RealKb().rules->info().content_hash);
  EXPECT_FALSE(info["signature_verified"].get<bool>());
  // A request without a place is answered for the configured place.
  auto answer = json::parse(client.Post("/api/v1/assess", kPigFarm5000, "application/json")->body);
  EXPECT_EQ(answer["place"], "cn.guangdong.jiangmen");
}

TEST(ServerEndpoints, ServesOnlyTheKioskFolder) {
  RunningServer srv;
  auto client = srv.Client();
  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  for (const char* path : {"/../CMakeLists.txt", "/..%2fCMakeLists.txt", "/%2e%2e/%2e%2e/etc/passwd", "/../../etc/passwd"}) {
    std::string response;
    const int status = testing::RawStatus(srv.port(), std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n", &response);
    EXPECT_TRUE(status == 400 || status == 404) << path << " -> " << status;
    EXPECT_EQ(response.find("cmake_minimum_required"), std::string::npos);
    EXPECT_EQ(response.find("root:"), std::string::npos);
  }
}

// ---- the OpenAPI description against the implementation --------------------------------------

// Checks `value` against an OpenAPI schema (type, required, properties, items, enum, $ref,
// allOf, nullable): enough to catch a field the description promises and the server omits.
void CheckSchema(const json& spec, const json& schema, const json& value, const std::string& where,
                 std::vector<std::string>& errors) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string name = ref.substr(ref.rfind('/') + 1);
    const auto& schemas = spec.at("components").at("schemas");
    if (!schemas.contains(name)) return errors.push_back(where + ": unknown schema " + ref);
    return CheckSchema(spec, schemas.at(name), value, where, errors);
  }
  if (value.is_null() && schema.value("nullable", false)) return;
  if (schema.contains("allOf")) {
    for (const auto& s : schema["allOf"]) CheckSchema(spec, s, value, where, errors);
  }
  if (schema.contains("type")) {
    const std::string type = schema["type"];
    const bool ok = (type == "object" && value.is_object()) || (type == "array" && value.is_array()) ||
                    (type == "string" && value.is_string()) || (type == "integer" && value.is_number_integer()) ||
                    (type == "number" && value.is_number()) || (type == "boolean" && value.is_boolean());
    if (!ok) {
      errors.push_back(where + ": expected " + type + ", got " + value.dump().substr(0, 80));
      return;
    }
  }
  if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
    errors.push_back(where + ": " + value.dump() + " not in enum");
  }
  if (value.is_object()) {
    const json required = schema.value("required", json::array());
    for (const auto& r : required) {
      if (!value.contains(r.get<std::string>())) errors.push_back(where + ": missing required '" + r.get<std::string>() + "'");
    }
    const json properties = schema.value("properties", json::object());
    for (const auto& [key, sub] : properties.items()) {
      if (value.contains(key)) CheckSchema(spec, sub, value[key], where + "." + key, errors);
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < value.size() && i < 50; ++i) {
      CheckSchema(spec, schema["items"], value[i], where + "[" + std::to_string(i) + "]", errors);
    }
  }
}

TEST(ServerOpenApi, DescribesEveryRouteAndTheAnswersMatchIt) {
  TempDir dir;
  RunningServer srv({}, OpenLog(dir));
  auto client = srv.Client();
  auto res = client.Get("/api/v1/openapi.json");
  ASSERT_TRUE(res);
  const json spec = json::parse(res->body);
  EXPECT_EQ(spec["openapi"], "3.0.3");

  // One request per described operation; each must be routed (not 404/405) and its JSON answer
  // must match the schema the description gives for that status.
  const std::map<std::string, std::pair<std::string, std::string>> requests{
      {"GET /healthz", {"", ""}},
      {"GET /readyz", {"", ""}},
      {"GET /metrics", {"", ""}},
      {"GET /api/v1/openapi.json", {"", ""}},
      {"GET /api/v1/kb", {"", ""}},
      {"GET /api/v1/kiosk-config", {"", ""}},
      {"GET /api/v1/facts", {"?decision=eia.document_class&date=2024-06-01", ""}},
      {"GET /api/v1/search", {"?q=yangzhichang", ""}},
      {"GET /api/v1/catalogue", {"", ""}},
      {"GET /api/v1/offences", {"?place=cn.guangdong&date=2024-06-01", ""}},
      {"POST /api/v1/assess", {"", kPigFarm5000}},
      {"POST /api/v1/interview", {"", kPigFarm5000}},
      {"POST /api/v1/print", {"", kPigFarm5000}},
      {"POST /api/v1/ratings", {"", R"({"decision_id": "unknown", "grade": 5})"}},
      {"POST /api/v1/admin/kb", {"", ""}},
  };
  std::set<std::string> described;
  for (const auto& [path, item] : spec["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string key = upper + " " + path;
      described.insert(key);
      auto it = requests.find(key);
      ASSERT_NE(it, requests.end()) << key << " is described but this test has no request for it";
      const std::string target = path + it->second.first;
      auto answer = upper == "GET" ? client.Get(target.c_str())
                                   : client.Post(target.c_str(), it->second.second, "application/json");
      ASSERT_TRUE(answer) << key;
      const std::string status = std::to_string(answer->status);
      ASSERT_TRUE(operation["responses"].contains(status)) << key << " answered " << status << " which is not described";
      json response = operation["responses"][status];
      if (response.contains("$ref")) response = spec["components"]["responses"]["Problem"];
      const std::string type = answer->get_header_value("Content-Type");
      if (!response.contains("content")) continue;
      const std::string media = type.substr(0, type.find(';'));
      ASSERT_TRUE(response["content"].contains(media)) << key << ": " << media << " not described";
      if (media.find("json") == std::string::npos) continue;
      std::vector<std::string> errors;
      CheckSchema(spec, response["content"][media]["schema"], json::parse(answer->body), key, errors);
      EXPECT_TRUE(errors.empty()) << errors.front();
    }
  }
  for (const auto& [key, _] : requests) EXPECT_TRUE(described.count(key)) << key << " is served but not described";
}

}  // namespace
}  // namespace assistant::server
