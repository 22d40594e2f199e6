// The server's configuration: one YAML file, every key optional, command-line flags override it.
//
//   place: cn.guangdong.jiangmen        # the hall's place, used when a request names none
//   mode: kiosk                         # kiosk | window | field: what the start screen offers
//   listen: {address: 127.0.0.1, port: 8080}
//   kb: {path: /var/lib/eia-assistant/eia.kb, public_key: /etc/eia-assistant/kb.pub}
//   kiosk: {dir: /usr/share/eia-assistant/kiosk, idle_seconds: 120}
//   limits: {max_body_bytes: 65536, max_headers: 64, max_uri_bytes: 2048, read_timeout_seconds: 5,
//            write_timeout_seconds: 5, keep_alive_seconds: 2, keep_alive_requests: 5, workers: 8,
//            max_queued: 64}
//   log: {level: info, decision_log: /var/lib/eia-assistant/decisions.sqlite, retention_days: 180,
//         record_facts: false}
//   admin: {enabled: false, token_file: /etc/eia-assistant/admin.token}
//
// Defaults are a kiosk's: loopback only, admin off, no facts in the decision log. When
// kb.public_key is set, every knowledge base (at start and on update) must carry a valid Ed25519
// signature in "<path>.sig"; verification depends on that setting alone, never on whether a
// signature file happens to be present.
// Errors name the file, line and column of the offending key and what was expected.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "base/result.h"

namespace assistant::server {

enum class Mode { kKiosk, kWindow, kField };
std::string ModeName(Mode mode);

struct Limits {
  std::size_t max_body_bytes = 64 * 1024;
  int max_headers = 64;
  std::size_t max_uri_bytes = 2048;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 5;
  int keep_alive_seconds = 2;
  int keep_alive_requests = 5;
  int workers = 8;
  int max_queued = 64;  // connections waiting for a worker; beyond this a connection gets 503
};

struct ServerConfig {
  std::string place = "cn";
  Mode mode = Mode::kKiosk;
  std::string bind_address = "127.0.0.1";
  int port = 8080;  // 0 = any free port (tests)
  std::filesystem::path kb_path = "build/eia.kb";
  std::filesystem::path kb_public_key;  // empty: signatures not required
  std::filesystem::path kiosk_dir = "kiosk";
  int idle_seconds = 120;
  Limits limits;
  std::string log_level = "info";
  std::filesystem::path decision_log;  // empty: decisions are not logged
  int retention_days = 180;            // 网络安全法第二十一条: network logs kept at least six months
  bool record_facts = false;           // facts may identify an applicant: off unless configured
  bool admin_enabled = false;
  std::filesystem::path admin_token_file;
};

// Reads `path` over the defaults. Unknown keys and wrong types are errors with file:line:column.
Result<ServerConfig> LoadConfig(const std::filesystem::path& path, ServerConfig defaults = {});

// Checks values that no single key can check (port range, limits > 0, admin needs a token file).
Status ValidateConfig(const ServerConfig& config);

}  // namespace assistant::server
