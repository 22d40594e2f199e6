// What Debian's cpp-httplib 0.11.4 lets through, stopped in our own code before routing
// (docs/reliability.md lists each flaw, its CVE and the regression test that sends the attack):
//
//   Transfer-Encoding (chunked / length-less bodies read without a limit, CVE-2025-46728,
//     negative chunk sizes CVE-2026-45352)                               -> 411 Length Required
//   a body without Content-Length (read to EOF without a limit)          -> 411
//   Content-Length over the limit, repeated or not a number              -> 413 / 400
//   Content-Encoding (gzip/brotli bombs checked on the compressed size, CVE-2026-22776) -> 415
//   Range (range-count abuse on static files)                            -> 416
//   more headers than the limit (CVE-2025-52887)                         -> 431
//   REMOTE_ADDR / REMOTE_PORT / LOCAL_ADDR / LOCAL_PORT sent by the client (CVE-2025-66570) -> 400;
//     besides, no handler reads identity from headers (req.remote_addr only)
//   CR or LF inside a header value after percent-decoding (CVE-2026-45372) -> 400
//   a request target longer than the limit, or methods the API does not use -> 414 / 405
//
// Overload: a bounded worker pool. Connections beyond the queue limit are answered 503 with
// Retry-After by a separate small pool, so a flood or slow clients cannot queue without bound
// and the workers keep answering the requests they hold.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "server/config.h"

namespace assistant::server {

// Sends the refusal and returns Handled, or returns Unhandled when the request may proceed.
httplib::Server::HandlerResponse RefuseHostileRequest(const httplib::Request& req, httplib::Response& res,
                                                      const Limits& limits);

// Writes an application/problem+json body (RFC 9457).
void SendProblem(httplib::Response& res, int status, const std::string& title, const std::string& detail,
                 const std::string& field = "");

// Content-Security-Policy with no remote source, nosniff, no framing, no referrer; no-store on API answers.
void AddSecurityHeaders(httplib::Response& res, bool is_api);

// True on the thread while a shed connection (queue full) is being answered.
bool IsShedding();

class BoundedTaskQueue : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(int workers, int max_queued);
  ~BoundedTaskQueue() override;
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  struct Pool {
    std::vector<std::thread> threads;
    std::deque<std::function<void()>> jobs;
  };
  void Work(Pool& pool, bool shedding);

  std::mutex mutex_;
  std::condition_variable ready_;
  Pool main_;
  Pool shed_;
  std::size_t max_queued_;
  bool stopping_ = false;
};

}  // namespace assistant::server
