#include "server/server.h"

#include <httplib.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>

#include "http_guard.h"
#include "kb/docs.h"
#include "kb/hash.h"
#include "metrics.h"
#include "openapi.h"
#include "print_view.h"
#include "reasoner/interview.h"
#include "server/json_io.h"
#include "server/search.h"
#include "text_normalize.h"

namespace assistant::server {
using nlohmann::json;

namespace {

// The kiosk's civil date: local time, because a hall in 北京时间 opens before midnight UTC ends.
Date Today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return std::chrono::sys_days{std::chrono::year{local.tm_year + 1900} / (local.tm_mon + 1) / local.tm_mday};
}

const std::vector<std::string> kApiRoutes{
    "/healthz", "/readyz", "/metrics", "/api/v1/openapi.json", "/api/v1/kb", "/api/v1/kiosk-config",
    "/api/v1/facts", "/api/v1/search", "/api/v1/catalogue", "/api/v1/offences", "/api/v1/assess",
    "/api/v1/interview", "/api/v1/print", "/api/v1/ratings", "/api/v1/admin/kb"};

void SendJson(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// A place's name for display, walking up to the nearest named ancestor.
std::string PlaceName(const kb::LoadedKb& kb, const std::string& place) {
  std::string id = place;
  while (!id.empty()) {
    for (const auto& p : kb.places) {
      if (p.id == id) return p.name;
    }
    const auto dot = id.rfind('.');
    if (dot == std::string::npos) break;
    id.resize(dot);
  }
  return place;
}

// `inner` is `outer` or lies inside it ("cn.guangdong.jiangmen" in "cn.guangdong").
bool PlaceWithin(std::string_view inner, std::string_view outer) {
  return inner == outer || (inner.size() > outer.size() && inner.substr(0, outer.size()) == outer &&
                            inner[outer.size()] == '.');
}

// Query parameters are optional; a bad one is a 422 naming it.
struct Common {
  std::string place;
  Date date;
};

Result<Common> ReadCommon(const httplib::Request& req, const ServerConfig& config, const kb::LoadedKb& kb) {
  Common c{req.has_param("place") ? req.get_param_value("place") : config.place, Today()};
  if (req.has_param("date")) {
    auto d = ParseDate(req.get_param_value("date"));
    if (!d) return Error{ErrorCode::kInvalidInput, "date: expected YYYY-MM-DD"};
    c.date = *d;
  }
  bool known = false;
  for (const auto& p : kb.places) known = known || p.id == c.place;
  if (!known) return Error{ErrorCode::kInvalidInput, "place: unknown place '" + c.place.substr(0, 64) + "'"};
  return c;
}

// The facts a decision reads at `place` on `date`, following derived facts through the rules in
// force that conclude them. With `own_only`, another decision met on the way (commitment reads
// eia.document_class) is listed in `uses` instead of being expanded: its facts belong to its own
// interview, and a staff form shows the decision's own conditions.
struct DecisionInputs {
  std::vector<int> facts;
  std::vector<int> uses;
};

DecisionInputs InputsOfDecision(const reasoner::RuleSet& rules, int decision, const std::string& place, Date date,
                                bool own_only) {
  std::set<int> facts, uses, visited{decision};
  std::vector<int> pending{decision};
  while (!pending.empty()) {
    const int attribute = pending.back();
    pending.pop_back();
    for (int r : rules.RulesConcluding(attribute)) {
      const auto& rule = rules.rule(r);
      if (!rule.InForce(date, place)) continue;
      reasoner::ForEachAttribute(rule.condition, [&](int a) {
        const auto& attr = rules.attribute(a);
        if (!attr.derived) {
          facts.insert(a);
        } else if (own_only && attr.decision && a != decision) {
          uses.insert(a);
        } else if (visited.insert(a).second) {
          pending.push_back(a);
        }
      });
    }
  }
  return {{facts.begin(), facts.end()}, {uses.begin(), uses.end()}};
}

// When the request on this worker thread was routed (the logger runs on the same thread after the
// response is written).
thread_local std::optional<std::chrono::steady_clock::time_point> t_started;

std::string FieldOf(const std::string& message) {
  const auto colon = message.find(':');
  return colon == std::string::npos ? "" : message.substr(0, colon);
}

}  // namespace

struct Server::Impl {
  std::unique_ptr<KbHolder> kb;
  ServerConfig config;
  std::unique_ptr<DecisionLog> log;
  Metrics metrics{kApiRoutes};
  httplib::Server http;
  std::string admin_token_digest;  // SHA-256 of the token; empty when admin is off
  std::atomic<long long> updates_failed{0};
  int port = 0;

  Impl(std::unique_ptr<KbHolder> holder, ServerConfig c, std::unique_ptr<DecisionLog> l)
      : kb(std::move(holder)), config(std::move(c)), log(std::move(l)) {}

  // ---- helpers -----------------------------------------------------------------------------
  static void SendRequestError(httplib::Response& res, const Error& e, bool parse_stage) {
    if (parse_stage) return SendProblem(res, 400, "Bad Request", e.message);
    SendProblem(res, 422, "Unprocessable Content", e.message, FieldOf(e.message));
  }

  void LogDecision(const KbSnapshot& snap, const AssessRequest& request, const reasoner::Outcome& outcome,
                   const json& answer) {
    const auto& rules = *snap.kb.rules;
    json questions = json::array();
    json outcomes = json::object();
    json fired = json::array();
    for (const auto& d : outcome.decisions()) {
      const auto& a = rules.attribute(d.attribute);
      questions.push_back(a.id);
      outcomes[a.id] = answer["receipt"]["outcomes"].value(a.id, json());
      for (int r : d.because) fired.push_back(rules.rule(r).id);
      const std::string label = d.status == reasoner::DecisionStatus::kDetermined && answer["receipt"]["outcomes"][a.id].is_string()
                                    ? answer["receipt"]["outcomes"][a.id].get<std::string>()
                                    : std::string(reasoner::DecisionStatusName(d.status));
      metrics.ObserveDecision(a.id, label);
    }
    if (!log) return;
    DecisionRecord record;
    record.id = answer["receipt"]["id"].get<std::string>();
    record.place = request.query.place;
    record.date = FormatDate(request.query.date);
    record.kb_version = snap.version();
    record.questions = questions.dump();
    record.outcomes = outcomes.dump(-1, ' ', false, json::error_handler_t::replace);
    record.fired_rules = fired.dump();
    if (config.record_facts) record.facts = answer["receipt"]["facts"].dump(-1, ' ', false, json::error_handler_t::replace);
    if (auto s = log->Record(std::move(record)); !s) spdlog::error("decision log: {}", s.error().ToString());
  }

  bool Authorized(const httplib::Request& req) const {
    if (admin_token_digest.empty()) return false;
    const std::string header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (header.compare(0, prefix.size(), prefix) != 0) return false;
    // Compare digests in constant time: neither the content nor the length of the token leaks.
    const std::string digest = kb::Sha256Hex(header.substr(prefix.size()));
    return digest.size() == admin_token_digest.size() &&
           CRYPTO_memcmp(digest.data(), admin_token_digest.data(), digest.size()) == 0;
  }

  // ---- routes --------------------------------------------------------------------------------
  void Routes() {
    const auto& lim = config.limits;
    http.set_payload_max_length(lim.max_body_bytes);
    http.set_read_timeout(lim.read_timeout_seconds, 0);
    http.set_write_timeout(lim.write_timeout_seconds, 0);
    http.set_keep_alive_timeout(lim.keep_alive_seconds);
    http.set_keep_alive_max_count(static_cast<std::size_t>(lim.keep_alive_requests));
    // Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and the
    // client's delayed ACK add ~40 ms to every answer (measured: 43 ms p50 on loopback, 2 ms with it).
    http.set_tcp_nodelay(true);
    http.new_task_queue = [this] { return new BoundedTaskQueue(config.limits.workers, config.limits.max_queued); };
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      t_started = std::chrono::steady_clock::now();
      return RefuseHostileRequest(req, res, config.limits);
    });
    http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      AddSecurityHeaders(res, req.path.rfind("/api/", 0) == 0 || req.path == "/readyz" || req.path == "/metrics");
    });
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        spdlog::error("internal error on {} {}: {}", req.method, req.path, e.what());
      } catch (...) {
        spdlog::error("internal error on {} {}", req.method, req.path);
      }
      SendProblem(res, 500, "Internal Server Error", "内部错误，请联系窗口工作人员");
    });
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) {
        SendProblem(res, res.status, res.status == 404 ? "Not Found" : "Error",
                    res.status == 404 ? "no such resource" : "the request cannot be served");
      }
    });
    // One line per request, and the request metrics. The logger runs after the response is written.
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      const std::string route = metrics.RouteLabel(req.method, req.path);
      double seconds = 0;
      if (t_started) seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - *t_started).count();
      t_started.reset();
      metrics.ObserveRequest(route, res.status, seconds);
      spdlog::info(R"({{"method":"{}","route":"{}","status":{},"ms":{:.3f},"bytes":{},"remote":"{}"}})", req.method,
                   route, res.status, seconds * 1000, res.body.size(), req.remote_addr);
    });

    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
    http.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
      auto snap = kb->Current();
      json out{{"kb_version", snap->version()}, {"degraded", kb->degraded_reason()}};
      bool ready = true;
      if (log) {
        auto writable = log->Writable();
        out["decision_log"] = writable ? "ok" : writable.error().message;
        ready = ready && writable.ok();
      } else {
        out["decision_log"] = "not configured";
      }
      out["ready"] = ready;
      SendJson(res, out, ready ? 200 : 503);
    });
    http.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      auto snap = kb->Current();
      Metrics::KbInfo info{snap->version(),
                           std::chrono::duration_cast<std::chrono::seconds>(snap->loaded_at.time_since_epoch()).count(),
                           !kb->degraded_reason().empty(), updates_failed.load()};
      res.set_content(metrics.Render(info), "text/plain; version=0.0.4; charset=utf-8");
    });
    http.Get("/api/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(OpenApiDocument(), "application/json");
    });
    http.Get("/api/v1/kb", [this](const httplib::Request&, httplib::Response& res) { KbInfo(res); });
    http.Get("/api/v1/kiosk-config", [this](const httplib::Request&, httplib::Response& res) {
      auto snap = kb->Current();
      SendJson(res, {{"place", config.place}, {"place_name", PlaceName(snap->kb, config.place)},
                     {"mode", ModeName(config.mode)}, {"idle_seconds", config.idle_seconds},
                     {"kb_version", snap->version()}, {"ratings", log != nullptr}});
    });
    http.Get("/api/v1/facts", [this](const httplib::Request& req, httplib::Response& res) { Facts(req, res); });
    http.Get("/api/v1/search", [this](const httplib::Request& req, httplib::Response& res) { Search(req, res); });
    http.Get("/api/v1/catalogue", [this](const httplib::Request&, httplib::Response& res) { Catalogue(res); });
    http.Get("/api/v1/offences", [this](const httplib::Request& req, httplib::Response& res) { Offences(req, res); });
    http.Post("/api/v1/assess", [this](const httplib::Request& req, httplib::Response& res) { Assess(req, res); });
    http.Post("/api/v1/interview", [this](const httplib::Request& req, httplib::Response& res) { Interview(req, res); });
    http.Post("/api/v1/print", [this](const httplib::Request& req, httplib::Response& res) { Print(req, res); });
    http.Post("/api/v1/ratings", [this](const httplib::Request& req, httplib::Response& res) { Rate(req, res); });
    http.Post("/api/v1/admin/kb", [this](const httplib::Request& req, httplib::Response& res) { Admin(req, res); });
    std::error_code ec;
    if (std::filesystem::is_directory(config.kiosk_dir, ec)) {
      http.set_mount_point("/", config.kiosk_dir.string());
      http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
    }
  }

  void KbInfo(httplib::Response& res) {
    auto snap = kb->Current();
    const auto& k = snap->kb;
    const auto& info = k.rules->info();
    json out{{"version", info.content_hash}, {"schema_version", info.schema_version},
             {"rules", k.rules->rules().size()}, {"catalogue_rows", k.rows.size()},
             {"signature_verified", snap->signature_verified}, {"loaded_at", IsoTimeUtc(snap->loaded_at)},
             {"degraded", kb->degraded_reason()}};
    const auto update = kb->last_update();
    if (!update.message.empty()) {
      out["last_update"] = {{"ok", update.ok}, {"message", update.message}, {"at", IsoTimeUtc(update.at)}};
    }
    json catalogues = json::array();
    for (const auto& c : k.catalogues) {
      catalogues.push_back({{"id", c.id}, {"title", c.title}, {"document", c.document.number},
                            {"jurisdiction", c.jurisdiction}, {"in_force", c.in_force.ToString()}});
    }
    out["catalogues"] = catalogues;
    json places = json::array();
    for (const auto& p : k.places) places.push_back({{"id", p.id}, {"name", p.name}});
    out["places"] = places;
    json documents = json::array();
    for (const auto& c : kb::Coverage(*k.rules)) {
      documents.push_back({{"document", c.document}, {"number", c.number}, {"places", c.places},
                           {"in_force", c.period.ToString()}, {"decisions", c.decisions}, {"rules", c.rules}});
    }
    out["documents"] = documents;
    json decisions = json::array();
    for (int d : k.rules->decisions()) {
      decisions.push_back({{"id", k.rules->attribute(d).id}, {"label", k.rules->attribute(d).label}});
    }
    out["decisions"] = decisions;
    SendJson(res, out);
  }

  void Facts(const httplib::Request& req, httplib::Response& res) {
    auto snap = kb->Current();
    const auto& rules = *snap->kb.rules;
    auto common = ReadCommon(req, config, snap->kb);
    if (!common) return SendProblem(res, 422, "Unprocessable Content", common.error().message, FieldOf(common.error().message));
    std::vector<int> facts;
    json uses = json::array();
    if (req.has_param("decision")) {
      const std::string id = req.get_param_value("decision");
      const int d = rules.AttributeIndex(id);
      if (d < 0 || !rules.attribute(d).decision) {
        return SendProblem(res, 422, "Unprocessable Content", "decision: unknown decision '" + id.substr(0, 64) + "'", "decision");
      }
      const bool all = req.get_param_value("all") == "true";
      auto inputs = InputsOfDecision(rules, d, common.value().place, common.value().date, !all);
      facts = std::move(inputs.facts);
      for (int u : inputs.uses) uses.push_back({{"id", rules.attribute(u).id}, {"label", rules.attribute(u).label}});
    } else {
      for (std::size_t a = 0; a < rules.attributes().size(); ++a) {
        if (!rules.attributes()[a].derived) facts.push_back(static_cast<int>(a));
      }
    }
    json out = json::array();
    for (int a : facts) out.push_back(QuestionJson(rules.attribute(a)));
    SendJson(res, {{"kb_version", snap->version()}, {"place", common.value().place},
                   {"date", FormatDate(common.value().date)}, {"facts", out},
                   {"uses_decisions", uses}});
  }

  void Search(const httplib::Request& req, httplib::Response& res) {
    auto snap = kb->Current();
    const std::string q = req.get_param_value("q");
    SearchOptions options;
    if (req.has_param("kind")) {
      options.kind = ParseHitKind(req.get_param_value("kind"));
      if (!options.kind) {
        return SendProblem(res, 422, "Unprocessable Content", "kind: expected row, industry, offence or term", "kind");
      }
    }
    if (req.has_param("limit")) {
      const std::string text = req.get_param_value("limit");
      int limit = 0;
      for (char c : text) limit = (c >= '0' && c <= '9' && limit < 1000) ? limit * 10 + (c - '0') : -1000000;
      if (text.empty() || limit < 1 || limit > 100) {
        return SendProblem(res, 422, "Unprocessable Content", "limit: expected an integer from 1 to 100", "limit");
      }
      options.limit = static_cast<std::size_t>(limit);
    }
    json hits = json::array();
    for (const auto& hit : snap->search().Find(q, options)) hits.push_back(ToJson(hit));
    SendJson(res, {{"query", q}, {"normalized", NormalizeInput(q)}, {"hits", hits}});
    }

  void Catalogue(httplib::Response& res) {
    auto snap = kb->Current();
    json catalogues = json::array();
    for (const auto& c : snap->kb.catalogues) {
      json categories = json::array();
      for (const auto& row : snap->kb.rows) {
        if (row.catalogue != c.id) continue;
        if (categories.empty() || categories.back()["no"] != row.category_no) {
          categories.push_back({{"no", row.category_no}, {"name", row.category_name}, {"rows", json::array()}});
        }
        json item{{"row", row.row}, {"item", row.item}, {"industry_codes", row.industry_codes}, {"cells", row.cells}};
        if (!row.sensitive_areas_text.empty()) item["sensitive_areas"] = row.sensitive_areas_text;
        if (!row.note.empty()) item["note"] = row.note;
        if (!row.unclear.empty()) item["unclear"] = row.unclear;
        categories.back()["rows"].push_back(item);
      }
      catalogues.push_back({{"id", c.id}, {"title", c.title}, {"document", c.document.number},
                            {"decides", c.decides}, {"categories", categories}});
    }
    SendJson(res, {{"kb_version", snap->version()}, {"catalogues", catalogues}});
  }

  // The violation kinds, each marked with whether a rule in force at the place names it, and the
  // documents (exemption lists, the law) that decide penalty.outcome there.
  void Offences(const httplib::Request& req, httplib::Response& res) {
    auto snap = kb->Current();
    const auto& rules = *snap->kb.rules;
    auto common = ReadCommon(req, config, snap->kb);
    if (!common) return SendProblem(res, 422, "Unprocessable Content", common.error().message, FieldOf(common.error().message));
    const auto& [place, date] = common.value();
    const int kind = rules.AttributeIndex("offence.kind");
    const int outcome = rules.AttributeIndex("penalty.outcome");
    if (kind < 0 || outcome < 0) return SendJson(res, {{"kinds", json::array()}, {"documents", json::array()}});
    std::vector<const reasoner::Rule*> in_force;
    for (int r = 0; r < static_cast<int>(rules.rules().size()); ++r) {
      if (rules.rule(r).InForce(date, place)) in_force.push_back(&rules.rule(r));
    }
    json kinds = json::array();
    const auto& values = rules.attribute(kind).values;
    for (std::size_t value = 0; value < values.size(); ++value) {
      const auto& v = values[value];
      json entries = json::array();
      for (const auto* rule : in_force) {
        if (reasoner::NamesValue(rule->condition, kind, static_cast<int>(value))) entries.push_back(rule->id);
      }
      kinds.push_back({{"id", v.id}, {"label", v.label}, {"listed_here", !entries.empty()}, {"rules", entries}});
    }
    json documents = json::array();
    for (const auto& c : kb::Coverage(rules)) {
      if (std::find(c.decisions.begin(), c.decisions.end(), "penalty.outcome") == c.decisions.end()) continue;
      if (!c.period.Contains(date)) continue;
      bool applies = false;
      for (const auto& p : c.places) applies = applies || PlaceWithin(place, p);
      if (applies) documents.push_back({{"document", c.document}, {"number", c.number}, {"places", c.places}, {"in_force", c.period.ToString()}});
    }
    SendJson(res, {{"kb_version", snap->version()}, {"place", place}, {"place_name", PlaceName(snap->kb, place)},
                   {"date", FormatDate(date)}, {"question", QuestionJson(rules.attribute(kind))},
                   {"kinds", kinds}, {"documents", documents}});
  }

  // Reads an assessment body (the configured place when it names none); on bad input the problem
  // response is already sent and nullopt returned. `require_ask`: the interview needs decisions named.
  std::optional<AssessRequest> ReadBody(const httplib::Request& req, httplib::Response& res, const KbSnapshot& snap,
                                        bool require_ask) {
    auto body = ParseJson(req.body);
    if (!body) {
      SendRequestError(res, body.error(), true);
      return std::nullopt;
    }
    auto& b = body.value();
    if (!b.is_object()) {
      SendProblem(res, 422, "Unprocessable Content", "body: expected a JSON object", "body");
      return std::nullopt;
    }
    if (require_ask && (!b.contains("ask") || !b["ask"].is_array() || b["ask"].empty())) {
      SendProblem(res, 422, "Unprocessable Content", "ask: expected a non-empty list of decision ids", "ask");
      return std::nullopt;
    }
    if (!b.contains("place")) b["place"] = config.place;
    auto request = ReadAssessRequest(b, *snap.kb.rules, Today());
    if (!request) {
      SendRequestError(res, request.error(), false);
      return std::nullopt;
    }
    return std::move(request.value());
  }

  // Decides a request and builds the full answer; an error was already sent when it returns nullopt.
  std::optional<json> Answer(const httplib::Request& req, httplib::Response& res, const KbSnapshot& snap,
                             bool log_it) {
    auto request = ReadBody(req, res, snap, false);
    if (!request) return std::nullopt;
    const auto& r = *request;
    auto outcome = snap.engine.Decide(r.facts, r.query);
    json answer = RenderOutcome(*snap.kb.rules, outcome, r.query, r.depth);
    AddLookAhead(answer, snap.engine, r.facts, r.query, outcome);
    answer["place_name"] = PlaceName(snap.kb, r.query.place);
    if (log_it) LogDecision(snap, r, outcome, answer);
    return answer;
  }

  void Assess(const httplib::Request& req, httplib::Response& res) {
    auto snap = kb->Current();
    auto answer = Answer(req, res, *snap, true);
    if (answer) SendJson(res, *answer);
  }

  // The interview step: only what the kiosk needs to ask the next question.
  void Interview(const httplib::Request& req, httplib::Response& res) {
    auto snap = kb->Current();
    const auto& rules = *snap->kb.rules;
    auto request = ReadBody(req, res, *snap, true);
    if (!request) return;
    const auto& r = *request;
    auto outcome = snap->engine.Decide(r.facts, r.query);
    json decisions = json::array();
    json question;
    std::set<int> open_facts;
    // In the order the decisions were asked: the kiosk asks about the first one first.
    std::vector<const reasoner::Decision*> in_order;
    for (int asked : r.query.decisions) {
      for (const auto& d : outcome.decisions()) {
        if (d.attribute == asked) in_order.push_back(&d);
      }
    }
    for (const auto& d : outcome.decisions()) {
      if (std::find(in_order.begin(), in_order.end(), &d) == in_order.end()) in_order.push_back(&d);
    }
    for (const auto* decision : in_order) {
      const auto& d = *decision;
      const auto& a = rules.attribute(d.attribute);
      json item{{"id", a.id}, {"label", a.label}, {"status", std::string(reasoner::DecisionStatusName(d.status))}};
      if (d.value && d.status == reasoner::DecisionStatus::kDetermined) {
        item["value_label"] = reasoner::DescribeValue(a, *d.value);
      }
      decisions.push_back(item);
      if (d.status != reasoner::DecisionStatus::kUndetermined) continue;
      for (int m : d.missing) open_facts.insert(m);
      if (question.is_null()) {
        auto ranked = reasoner::RankQuestions(snap->engine, r.facts, r.query, outcome, d.attribute);
        if (!ranked.empty()) {
          question = QuestionJson(rules.attribute(ranked.front().attribute));
          question["for_decision"] = a.id;
        }
      }
    }
    int answered = 0;
    for (std::size_t a = 0; a < r.facts.values.size(); ++a) answered += r.facts.values[a] ? 1 : 0;
    SendJson(res, {{"kb_version", snap->version()}, {"done", question.is_null()}, {"question", question},
                   {"decisions", decisions},
                   {"progress", {{"answered", answered}, {"remaining_at_most", open_facts.size()}}}});
  }

  void Print(const httplib::Request& req, httplib::Response& res) {
    auto snap = kb->Current();
    const std::string paper = req.has_param("paper") ? req.get_param_value("paper") : "a4";
    if (paper != "a4" && paper != "receipt") {
      return SendProblem(res, 422, "Unprocessable Content", "paper: expected a4 or receipt", "paper");
    }
    auto answer = Answer(req, res, *snap, false);
    if (!answer) return;
    res.set_content(RenderPrintSheet(*answer, paper == "a4" ? Paper::kA4 : Paper::kReceipt,
                                     answer->value("place_name", std::string())),
                    "text/html; charset=utf-8");
    // The sheet carries its own styles (it is printed from a separate window); scripts stay 'self'.
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'self'; base-uri 'none'");
  }

  void Rate(const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJson(req.body);
    if (!body) return SendRequestError(res, body.error(), true);
    const auto& b = body.value();
    if (!b.is_object() || !b.contains("decision_id") || !b["decision_id"].is_string()) {
      return SendProblem(res, 422, "Unprocessable Content", "decision_id: expected the receipt id of a decision", "decision_id");
    }
    if (!b.contains("grade") || !b["grade"].is_number_integer() || b["grade"].get<long long>() < 1 ||
        b["grade"].get<long long>() > 5) {
      return SendProblem(res, 422, "Unprocessable Content",
                         "grade: expected an integer 1..5 (5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意)", "grade");
    }
    for (const auto& [key, value] : b.items()) {
      if (key != "decision_id" && key != "grade") {
        return SendProblem(res, 422, "Unprocessable Content", key + ": unknown field (a rating keeps no personal data)", key);
      }
    }
    if (!log) return SendProblem(res, 503, "Service Unavailable", "ratings are not kept: no decision log is configured");
    auto status = log->RecordRating(b["decision_id"].get<std::string>(), static_cast<int>(b["grade"].get<long long>()));
    if (!status) {
      if (status.error().code == ErrorCode::kNotFound) {
        return SendProblem(res, 404, "Not Found", status.error().message, "decision_id");
      }
      return SendProblem(res, 503, "Service Unavailable", status.error().message);
    }
    res.status = 204;
  }

  void Admin(const httplib::Request& req, httplib::Response& res) {
    if (!config.admin_enabled) return SendProblem(res, 404, "Not Found", "administration is off on this device");
    if (!Authorized(req)) {
      res.set_header("WWW-Authenticate", "Bearer");
      return SendProblem(res, 401, "Unauthorized", "a valid admin token is required");
    }
    std::filesystem::path source;
    if (!req.body.empty()) {
      auto body = ParseJson(req.body);
      if (!body) return SendRequestError(res, body.error(), true);
      if (!body.value().is_object()) return SendProblem(res, 422, "Unprocessable Content", "body: expected a JSON object", "body");
      if (body.value().contains("path")) {
        if (!body.value()["path"].is_string()) return SendProblem(res, 422, "Unprocessable Content", "path: expected a file path", "path");
        source = body.value()["path"].get<std::string>();
      }
    }
    auto report = Reload(source);
    SendJson(res, {{"ok", report.ok}, {"message", report.message}, {"version", report.version},
                   {"previous", report.previous}},
             report.ok ? 200 : 422);
  }

  UpdateReport Reload(const std::filesystem::path& source) {
    auto report = kb->Install(source.empty() ? config.kb_path : source, config.kb_path, config.kb_public_key);
    if (!report.ok) ++updates_failed;
    (report.ok ? spdlog::info("{}", report.message) : spdlog::error("{}", report.message));
    return report;
  }
};

Result<std::unique_ptr<Server>> Server::Create(ServerConfig config) {
  if (auto s = ValidateConfig(config); !s) return s.error();
  auto holder = KbHolder::Open(config.kb_path, config.kb_public_key);
  if (!holder) return holder.error();
  std::unique_ptr<DecisionLog> log;
  if (!config.decision_log.empty()) {
    auto opened = DecisionLog::Open(config.decision_log, config.retention_days);
    if (!opened) return opened.error();
    log = std::move(opened.value());
  }
  std::string token;
  if (config.admin_enabled) {
    std::ifstream in(config.admin_token_file);
    if (!in) return Error{ErrorCode::kNotFound, "admin token file " + config.admin_token_file.string() + " cannot be read"};
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.size() < 16) return Error{ErrorCode::kInvalidInput, "admin token in " + config.admin_token_file.string() + " is shorter than 16 characters"};
  }
  auto server = std::make_unique<Server>(std::move(holder.value()), std::move(config), std::move(log));
  if (!token.empty()) server->impl_->admin_token_digest = kb::Sha256Hex(token);
  return server;
}

Server::Server(std::unique_ptr<KbHolder> holder, ServerConfig config, std::unique_ptr<DecisionLog> log)
    : impl_(std::make_unique<Impl>(std::move(holder), std::move(config), std::move(log))) {
  impl_->Routes();
}

Server::~Server() = default;

Result<int> Server::Bind() {
  const auto& c = impl_->config;
  if (c.port == 0) {
    int port = impl_->http.bind_to_any_port(c.bind_address.c_str());
    if (port <= 0) return Error{ErrorCode::kStorage, "cannot bind " + c.bind_address};
    impl_->port = port;
  } else {
    if (!impl_->http.bind_to_port(c.bind_address.c_str(), c.port)) {
      return Error{ErrorCode::kStorage,
                   "cannot bind " + c.bind_address + ":" + std::to_string(c.port) + " (in use, or not permitted)"};
    }
    impl_->port = c.port;
  }
  return impl_->port;
}

void Server::Serve() { impl_->http.listen_after_bind(); }

void Server::Stop() { impl_->http.stop(); }

UpdateReport Server::ReloadKb(const std::filesystem::path& source) { return impl_->Reload(source); }

KbHolder& Server::kb() { return *impl_->kb; }

const ServerConfig& Server::config() const { return impl_->config; }

}  // namespace assistant::server
