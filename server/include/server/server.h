// The HTTP service: the assessment API and the kiosk's static files, on cpp-httplib.
//
//   GET  /healthz          liveness: "ok"
//   POST /api/v1/assess    an assessment request (server/json_io.h); 400 with the field on bad input
//   GET  /api/v1/kb        knowledge-base version and counts
//   GET  /                 the kiosk (files under kiosk_dir only)
//
// Binds 127.0.0.1 by default: a kiosk's API is not for the network.
// Thread-safety: Start/Stop from one thread; request handlers run on the server's worker pool
// and only read the immutable knowledge base.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "kb/store.h"

namespace assistant::server {

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  int port = 8080;                 // 0 = any free port (tests)
  std::string kiosk_dir = "kiosk";
  std::size_t max_body_bytes = 64 * 1024;
  int read_timeout_seconds = 5;
  int worker_threads = 4;
};

class Server {
 public:
  Server(kb::LoadedKb kb, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the socket. Returns the bound port, or an Error saying why binding failed.
  Result<int> Bind();
  // Serves until Stop() is called from another thread (or a signal handler's thread).
  void Serve();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace assistant::server
