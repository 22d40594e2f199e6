// The real server on 127.0.0.1 (any free port) with the real knowledge base, for the HTTP tests;
// and a raw-socket client for requests a well-behaved client library will not send.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <random>
#include <thread>

#include "kb/store.h"
#include "server/server.h"
#include "test_support.h"

namespace assistant::testing {

inline kb::LoadedKb RealLoadedKb() {
  const auto& real = RealKb();
  return kb::LoadedKb{real.rules, real.catalogues, real.rows, real.places, real.search_terms};
}

// A temporary folder, removed when destroyed.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    root_ = std::filesystem::temp_directory_path() / ("srvtest-" + std::to_string(rd()));
    std::filesystem::create_directories(root_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  std::filesystem::path operator/(const std::string& name) const { return root_ / name; }
  const std::filesystem::path& path() const { return root_; }

 private:
  std::filesystem::path root_;
};

// Starts a server on a free loopback port; stops it when destroyed.
class RunningServer {
 public:
  RunningServer(std::unique_ptr<server::KbHolder> holder, server::ServerConfig config,
                std::unique_ptr<server::DecisionLog> log = nullptr) {
    config.port = 0;
    if (config.kiosk_dir == "kiosk") config.kiosk_dir = ASSISTANT_KIOSK_DIR;
    server_ = std::make_unique<server::Server>(std::move(holder), std::move(config), std::move(log));
    auto port = server_->Bind();
    EXPECT_TRUE(port) << (port ? "" : port.error().ToString());
    port_ = port ? port.value() : 0;
    thread_ = std::thread([this] { server_->Serve(); });
  }
  explicit RunningServer(server::ServerConfig config = {}, std::unique_ptr<server::DecisionLog> log = nullptr)
      : RunningServer(std::make_unique<server::KbHolder>(
                          std::make_shared<server::KbSnapshot>(RealLoadedKb(), std::filesystem::path(), false)),
                      std::move(config), std::move(log)) {}
  ~RunningServer() {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(20, 0);
    return client;
  }
  int port() const { return port_; }
  server::Server& server() { return *server_; }

 private:
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// Sends `raw` bytes and returns the status code of the first response line (0 if none came).
inline int RawStatus(int port, const std::string& raw, std::string* response = nullptr) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return 0;
  }
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::size_t sent = 0;
  while (sent < raw.size()) {
    const auto n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse and close before reading everything
    sent += static_cast<std::size_t>(n);
  }
  std::string got;
  char buffer[4096];
  for (;;) {
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    got.append(buffer, static_cast<std::size_t>(n));
    if (got.find("\r\n\r\n") != std::string::npos) break;
  }
  ::close(fd);
  if (response) *response = got;
  if (got.rfind("HTTP/1.1 ", 0) != 0 || got.size() < 12) return 0;
  return std::stoi(got.substr(9, 3));
}

inline const char* kPigFarm5000 = R"({"date": "2024-06-01", "ask": ["eia.document_class"], "facts": {
    "project.industry_codes": ["0313"], "project.catalogue_items": [], "livestock.annual_output_pig_eq": 5000,
    "livestock.is_scale_farm": true, "site.sensitive_areas": []}})";

}  // namespace assistant::testing
