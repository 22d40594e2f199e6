// eia-server: serves the assessment API and the kiosk on 127.0.0.1.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>
#include <thread>

#include "server/server.h"

namespace {
assistant::server::Server* g_server = nullptr;
void OnSignal(int) {
  if (g_server) g_server->Stop();
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"eia-server: offline EIA eligibility assistant (API + kiosk)"};
  std::string kb_path = "build/eia.kb";
  assistant::server::ServerOptions options;
  app.add_option("--kb", kb_path, "compiled knowledge base (kb build data FILE)");
  app.add_option("--bind", options.bind_address, "address to bind (default 127.0.0.1)");
  app.add_option("--port", options.port, "port (default 8080; 0 = any free port)");
  app.add_option("--kiosk", options.kiosk_dir, "folder of the kiosk's static files");
  CLI11_PARSE(app, argc, argv);

  auto kb = assistant::kb::OpenKb(kb_path);
  if (!kb) {
    std::cerr << "eia-server: " << kb.error().ToString() << "\n";
    return 1;
  }
  const std::string version = kb.value().rules->info().content_hash.substr(0, 12);
  assistant::server::Server server(std::move(kb.value()), options);
  auto port = server.Bind();
  if (!port) {
    std::cerr << "eia-server: " << port.error().ToString() << "\n";
    return 1;
  }
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::cout << "eia-server: knowledge base " << version << " ready at http://" << options.bind_address << ":"
            << port.value() << "/" << std::endl;
  server.Serve();
  std::cout << "eia-server: stopped" << std::endl;
  return 0;
}
