// The HTTP service: the API under /api/v1, health and metrics, and the kiosk's static files.
//
//   GET  /healthz, /readyz, /metrics       liveness; readiness (knowledge base + decision log); Prometheus
//   GET  /api/v1/openapi.json              the OpenAPI 3 description of everything below (tests check it)
//   GET  /api/v1/kb                        knowledge-base version, signature, documents, places, decisions
//   GET  /api/v1/kiosk-config              place, mode and idle time for the kiosk page
//   GET  /api/v1/facts                     the questions (vocabulary), optionally those one decision needs
//   GET  /api/v1/search                    catalogue/industry/offence search: Chinese, pinyin, initials, codes
//   GET  /api/v1/catalogue                 the catalogues' categories and rows, for browsing
//   GET  /api/v1/offences                  the violation kinds and the exemption lists in force at a place
//   POST /api/v1/assess                    decisions with explanations, next question, what-if, receipt
//   POST /api/v1/interview                 the next question only (the kiosk's interview step)
//   POST /api/v1/print                     the one-time notice (一次性告知书) as printable HTML with a QR code
//   POST /api/v1/ratings                   the 好差评 grade for a decision (no personal data)
//   POST /api/v1/admin/kb                  install/reload a knowledge base (token; off unless configured)
//   GET  /                                 the kiosk, files under the kiosk folder only
// docs/api.md describes each field. Errors are application/problem+json naming the field.
//
// Every request takes the current knowledge-base snapshot once, so it is answered wholly by one
// version while an update swaps in another (server/kb_holder.h).
// Thread-safety: Bind/Serve/Stop from one thread (Stop also from a signal-handling thread);
// ReloadKb from any thread.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "server/config.h"
#include "server/decision_log.h"
#include "server/kb_holder.h"

namespace assistant::server {

class Server {
 public:
  // Opens the knowledge base (with its fallback) and the decision log that `config` names.
  static Result<std::unique_ptr<Server>> Create(ServerConfig config);

  // With an already open knowledge base (tests); `log` may be null (decisions not logged).
  Server(std::unique_ptr<KbHolder> kb, ServerConfig config, std::unique_ptr<DecisionLog> log = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the socket. Returns the bound port, or an Error saying why binding failed.
  Result<int> Bind();
  // Serves until Stop(); requests already accepted are answered before it returns.
  void Serve();
  void Stop();

  // Re-verifies and loads `source` (default: the configured kb path) and swaps it in; the old
  // version keeps serving when it fails. Used by SIGHUP and POST /api/v1/admin/kb.
  UpdateReport ReloadKb(const std::filesystem::path& source = {});

  KbHolder& kb();
  const ServerConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace assistant::server
