// The real server on 127.0.0.1 (any free port) with the real knowledge base.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <thread>

#include "server/server.h"
#include "test_support.h"

namespace assistant::server {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& real = assistant::testing::RealKb();
    ServerOptions options;
    options.port = 0;
    options.kiosk_dir = ASSISTANT_KIOSK_DIR;
    server_ = std::make_unique<Server>(kb::LoadedKb{real.rules, real.catalogues, real.rows, real.places}, options);
    auto port = server_->Bind();
    ASSERT_TRUE(port);
    port_ = port.value();
    thread_ = std::thread([this] { server_->Serve(); });
  }
  void TearDown() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Client Client() { return httplib::Client("127.0.0.1", port_); }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ServerTest, HealthAndAssess) {
  auto client = Client();
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto res = client.Post("/api/v1/assess", R"({"date": "2024-06-01", "ask": ["eia.document_class"], "facts": {"project.industry_codes": ["0313"],
      "project.catalogue_items": [], "livestock.annual_output_pig_eq": 5000, "livestock.is_scale_farm": true,
      "site.sensitive_areas": []}})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["decisions"][0]["value"], "report_book");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
}

TEST_F(ServerTest, BadInputGetsProblemJsonNamingTheField) {
  auto client = Client();
  auto res = client.Post("/api/v1/assess", R"({"facts": {"livestock.annual_output_pig_eq": true}})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["detail"], "facts.livestock.annual_output_pig_eq: type mismatch for 'livestock.annual_output_pig_eq': expected a number (头/年)");
  auto broken = client.Post("/api/v1/assess", "{\"facts\": ", "application/json");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
}

TEST_F(ServerTest, OversizeBodyIsRefused) {
  auto client = Client();
  auto res = client.Post("/api/v1/assess", std::string(200 * 1024, ' '), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

TEST_F(ServerTest, ServesTheKioskPage) {
  auto client = Client();
  auto res = client.Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("环评"), std::string::npos);
}

}  // namespace
}  // namespace assistant::server
