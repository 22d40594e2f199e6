// eia-server: serves the assessment API and the kiosk, on 127.0.0.1 unless configured otherwise.
//
//   eia-server --config /etc/eia-assistant/server.yaml [--port 8080] [--kb build/eia.kb] …
//   eia-server --generate-signing-key kb-signing   # writes kb-signing.key and kb-signing.pub
//
// Signals: SIGTERM/SIGINT stop after the requests in progress are answered; SIGHUP re-verifies the
// configured knowledge-base file and swaps it in (the old version keeps serving if it fails).
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <pthread.h>
#include <thread>

#include "server/server.h"
#include "server/signature.h"

namespace server = assistant::server;

int main(int argc, char** argv) {
  CLI::App app{"eia-server: offline EIA eligibility assistant (API + kiosk)"};
  std::string config_path, kb_path, bind, kiosk_dir, place, decision_log, log_level, key_prefix, public_key;
  int port = -1, idle = -1;
  bool check_only = false;
  app.add_option("--config", config_path, "configuration file (YAML; see docs/operations.md)");
  app.add_option("--kb", kb_path, "compiled knowledge base (overrides kb.path)");
  app.add_option("--kb-public-key", public_key, "Ed25519 public key (PEM); knowledge bases must then be signed");
  app.add_option("--bind", bind, "address to bind (default 127.0.0.1)");
  app.add_option("--port", port, "port (default 8080; 0 = any free port)");
  app.add_option("--kiosk", kiosk_dir, "folder of the kiosk's static files");
  app.add_option("--place", place, "the hall's place id, used when a request names none");
  app.add_option("--idle-seconds", idle, "kiosk idle time before it resets");
  app.add_option("--decision-log", decision_log, "SQLite file for the decision log and ratings");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off");
  app.add_flag("--check-config", check_only, "load the configuration and the knowledge base, report, and exit");
  app.add_option("--generate-signing-key", key_prefix, "write PREFIX.key and PREFIX.pub (Ed25519) and exit");
  CLI11_PARSE(app, argc, argv);

  if (!key_prefix.empty()) {
    auto s = server::GenerateSigningKey(key_prefix + ".key", key_prefix + ".pub");
    if (!s) {
      std::cerr << "eia-server: " << s.error().ToString() << "\n";
      return 1;
    }
    std::cout << "wrote " << key_prefix << ".key (keep it off the kiosks) and " << key_prefix << ".pub\n";
    return 0;
  }

  server::ServerConfig config;
  if (!config_path.empty()) {
    auto loaded = server::LoadConfig(config_path);
    if (!loaded) {
      std::cerr << "eia-server: " << loaded.error().ToString() << "\n";
      return 2;
    }
    config = loaded.value();
  }
  if (!kb_path.empty()) config.kb_path = kb_path;
  if (!public_key.empty()) config.kb_public_key = public_key;
  if (!bind.empty()) config.bind_address = bind;
  if (port >= 0) config.port = port;
  if (!kiosk_dir.empty()) config.kiosk_dir = kiosk_dir;
  if (!place.empty()) config.place = place;
  if (idle > 0) config.idle_seconds = idle;
  if (!decision_log.empty()) config.decision_log = decision_log;
  if (!log_level.empty()) config.log_level = log_level;

  spdlog::set_default_logger(spdlog::stdout_logger_mt("eia"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  spdlog::set_level(spdlog::level::from_str(config.log_level));

  // Signals go to one thread that waits for them, so the handlers can do real work (a reload).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto created = server::Server::Create(config);
  if (!created) {
    std::cerr << "eia-server: " << created.error().ToString() << "\n";
    return 1;
  }
  auto& srv = *created.value();
  const auto snapshot = srv.kb().Current();
  if (!srv.kb().degraded_reason().empty()) spdlog::warn("degraded: {}", srv.kb().degraded_reason());
  if (check_only) {
    std::cout << "configuration ok; knowledge base " << snapshot->version() << (snapshot->signature_verified ? " (signature verified)" : "") << "\n";
    return 0;
  }
  auto bound = srv.Bind();
  if (!bound) {
    std::cerr << "eia-server: " << bound.error().ToString() << "\n";
    return 1;
  }
  std::thread signal_thread([&srv, signals] {
    for (;;) {
      int received = 0;
      if (sigwait(&signals, &received) != 0) continue;
      if (received == SIGHUP) {
        srv.ReloadKb();
        continue;
      }
      spdlog::info("signal {}: stopping after the requests in progress", received);
      srv.Stop();
      return;
    }
  });
  std::cout << "eia-server: knowledge base " << snapshot->version().substr(0, 12) << " ready at http://"
            << config.bind_address << ":" << bound.value() << "/" << std::endl;
  srv.Serve();
  // Serve() also returns when listening fails; wake the signal thread so it can be joined.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  std::cout << "eia-server: stopped" << std::endl;
  return 0;
}
