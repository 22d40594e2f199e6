#include "server/server.h"

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "kb/docs.h"
#include "server/json_io.h"

namespace assistant::server {
using nlohmann::json;

namespace {

void SendError(httplib::Response& res, int status, const std::string& title, const std::string& detail) {
  json problem{{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
  res.status = status;
  res.set_content(problem.dump(), "application/problem+json");
}

Date Today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

}  // namespace

struct Server::Impl {
  kb::LoadedKb kb;
  ServerOptions options;
  reasoner::Engine engine;
  httplib::Server http;
  int port = 0;

  Impl(kb::LoadedKb loaded, ServerOptions o) : kb(std::move(loaded)), options(std::move(o)), engine(kb.rules) {}

  void Routes() {
    http.set_payload_max_length(options.max_body_bytes);
    http.set_read_timeout(options.read_timeout_seconds, 0);
    http.set_write_timeout(options.read_timeout_seconds, 0);
    http.new_task_queue = [this] { return new httplib::ThreadPool(static_cast<std::size_t>(options.worker_threads)); };
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        std::cerr << "internal error: " << e.what() << "\n";
      } catch (...) {
        std::cerr << "internal error\n";
      }
      SendError(res, 500, "Internal Server Error", "请联系窗口工作人员");
    });
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
    http.Get("/api/v1/kb", [this](const httplib::Request&, httplib::Response& res) {
      const auto& info = kb.rules->info();
      json out{{"version", info.content_hash}, {"schema_version", info.schema_version},
               {"rules", kb.rules->rules().size()}, {"catalogue_rows", kb.rows.size()}};
      json catalogues = json::array();
      for (const auto& c : kb.catalogues) {
        catalogues.push_back({{"id", c.id}, {"title", c.title}, {"document", c.document.number},
                              {"jurisdiction", c.jurisdiction}, {"in_force", c.in_force.ToString()}});
      }
      out["catalogues"] = catalogues;
      json places = json::array();
      for (const auto& p : kb.places) places.push_back({{"id", p.id}, {"name", p.name}});
      out["places"] = places;
      json documents = json::array();
      for (const auto& c : kb::Coverage(*kb.rules)) {
        documents.push_back({{"document", c.document}, {"number", c.number}, {"places", c.places},
                             {"in_force", c.period.ToString()}, {"decisions", c.decisions}, {"rules", c.rules}});
      }
      out["documents"] = documents;
      json decisions = json::array();
      for (int d : kb.rules->decisions()) {
        decisions.push_back({{"id", kb.rules->attribute(d).id}, {"label", kb.rules->attribute(d).label}});
      }
      out["decisions"] = decisions;
      res.set_content(out.dump(), "application/json");
    });
    http.Post("/api/v1/assess", [this](const httplib::Request& req, httplib::Response& res) {
      auto body = ParseJson(req.body);
      if (!body) return SendError(res, 400, "Bad Request", body.error().message);
      auto request = ReadAssessRequest(body.value(), *kb.rules, Today());
      if (!request) return SendError(res, 422, "Unprocessable Content", request.error().message);
      auto outcome = engine.Decide(request.value().facts, request.value().query);
      res.set_header("Cache-Control", "no-store");
      json answer = RenderOutcome(*kb.rules, outcome, request.value().query, request.value().depth);
      AddLookAhead(answer, engine, request.value().facts, request.value().query, outcome);
      res.set_content(answer.dump(), "application/json");
    });
    std::error_code ec;
    if (std::filesystem::is_directory(options.kiosk_dir, ec)) {
      http.set_mount_point("/", options.kiosk_dir);
    }
  }
};

Server::Server(kb::LoadedKb kb, ServerOptions options) : impl_(std::make_unique<Impl>(std::move(kb), std::move(options))) {
  impl_->Routes();
}

Server::~Server() = default;

Result<int> Server::Bind() {
  if (impl_->options.port == 0) {
    int port = impl_->http.bind_to_any_port(impl_->options.bind_address.c_str());
    if (port <= 0) return Error{ErrorCode::kStorage, "cannot bind " + impl_->options.bind_address};
    impl_->port = port;
  } else {
    if (!impl_->http.bind_to_port(impl_->options.bind_address.c_str(), impl_->options.port)) {
      return Error{ErrorCode::kStorage, "cannot bind " + impl_->options.bind_address + ":" +
                                            std::to_string(impl_->options.port) + " (in use, or not permitted)"};
    }
    impl_->port = impl_->options.port;
  }
  return impl_->port;
}

void Server::Serve() { impl_->http.listen_after_bind(); }

void Server::Stop() { impl_->http.stop(); }

}  // namespace assistant::server
