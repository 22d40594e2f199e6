#include "http_guard.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace assistant::server {
namespace {

thread_local bool t_shedding = false;

bool IsDecimal(const std::string& s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

httplib::Server::HandlerResponse Refuse(httplib::Response& res, int status, const std::string& title,
                                        const std::string& detail, const std::string& field = "") {
  SendProblem(res, status, title, detail, field);
  // The body (if any) was not read: the connection cannot be reused.
  res.set_header("Connection", "close");
  AddSecurityHeaders(res, true);
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

bool IsShedding() { return t_shedding; }

void SendProblem(httplib::Response& res, int status, const std::string& title, const std::string& detail,
                 const std::string& field) {
  nlohmann::json problem{{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
  if (!field.empty()) problem["field"] = field;
  res.status = status;
  res.set_content(problem.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/problem+json");
}

void AddSecurityHeaders(httplib::Response& res, bool is_api) {
  // A route with its own policy (the print sheet) keeps it: two policies would both apply.
  if (!res.has_header("Content-Security-Policy")) res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "SAMEORIGIN");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  if (is_api) res.set_header("Cache-Control", "no-store");
}

httplib::Server::HandlerResponse RefuseHostileRequest(const httplib::Request& req, httplib::Response& res,
                                                      const Limits& limits) {
  using R = httplib::Server::HandlerResponse;
  if (t_shedding) {
    res.set_header("Retry-After", "2");
    return Refuse(res, 503, "Service Unavailable", "服务繁忙，请稍后再试 (all workers busy)");
  }
  if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") {
    res.set_header("Allow", "GET, HEAD, POST");
    return Refuse(res, 405, "Method Not Allowed", "method " + req.method.substr(0, 16) + " is not used by this service");
  }
  if (req.target.size() > limits.max_uri_bytes) {
    return Refuse(res, 414, "URI Too Long", "request target over " + std::to_string(limits.max_uri_bytes) + " bytes");
  }
  if (req.headers.size() > static_cast<std::size_t>(limits.max_headers) + 4) {  // +4: the server's own metadata
    return Refuse(res, 431, "Request Header Fields Too Large",
                  "more than " + std::to_string(limits.max_headers) + " header fields");
  }
  // The server adds one of each itself; a second one came from the client.
  for (const char* name : {"REMOTE_ADDR", "REMOTE_PORT", "LOCAL_ADDR", "LOCAL_PORT"}) {
    if (req.headers.count(name) > 1) {
      return Refuse(res, 400, "Bad Request", std::string("header ") + name + " is reserved", name);
    }
  }
  for (const auto& [name, value] : req.headers) {
    if (value.find_first_of("\r\n") != std::string::npos || name.find_first_of("\r\n") != std::string::npos) {
      return Refuse(res, 400, "Bad Request", "header " + name.substr(0, 64) + " contains a line break", name.substr(0, 64));
    }
  }
  if (req.has_header("Transfer-Encoding")) {
    return Refuse(res, 411, "Length Required", "Transfer-Encoding is not accepted; send the body with Content-Length");
  }
  if (req.has_header("Content-Encoding")) {
    return Refuse(res, 415, "Unsupported Media Type", "compressed request bodies are not accepted");
  }
  if (req.has_header("Range")) {
    return Refuse(res, 416, "Range Not Satisfiable", "range requests are not served");
  }
  const auto lengths = req.headers.count("Content-Length");
  if (lengths > 1) return Refuse(res, 400, "Bad Request", "Content-Length given more than once", "Content-Length");
  if (lengths == 1) {
    const auto text = req.get_header_value("Content-Length");
    if (!IsDecimal(text)) return Refuse(res, 400, "Bad Request", "Content-Length is not a number", "Content-Length");
    std::size_t length = 0;
    std::from_chars(text.data(), text.data() + text.size(), length);
    if (length > limits.max_body_bytes) {
      return Refuse(res, 413, "Content Too Large",
                    "body of " + text + " bytes; the limit is " + std::to_string(limits.max_body_bytes) + " bytes");
    }
  } else if (req.method == "POST") {
    return Refuse(res, 411, "Length Required", "a POST body needs Content-Length");
  }
  return R::Unhandled;
}

BoundedTaskQueue::BoundedTaskQueue(int workers, int max_queued) : max_queued_(static_cast<std::size_t>(max_queued)) {
  for (int i = 0; i < workers; ++i) main_.threads.emplace_back([this] { Work(main_, false); });
  // Two threads answer 503 to the overflow: enough for a flood on loopback, and they never run handlers.
  for (int i = 0; i < 2; ++i) shed_.threads.emplace_back([this] { Work(shed_, true); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    if (main_.jobs.size() < std::max<std::size_t>(max_queued_, 1)) {
      main_.jobs.push_back(std::move(fn));
    } else {
      shed_.jobs.push_back(std::move(fn));
    }
  }
  ready_.notify_all();
}

void BoundedTaskQueue::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto* pool : {&main_, &shed_}) {
    for (auto& t : pool->threads) {
      if (t.joinable()) t.join();
    }
  }
}

void BoundedTaskQueue::Work(Pool& pool, bool shedding) {
  t_shedding = shedding;
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !pool.jobs.empty(); });
      // Connections already accepted are answered even while stopping: nothing is dropped.
      if (pool.jobs.empty()) return;
      job = std::move(pool.jobs.front());
      pool.jobs.pop_front();
    }
    job();
  }
}

}  // namespace assistant::server
