// The flaws Debian's cpp-httplib 0.11.4 still has (notes_reliability_security_ux.md, A1), each sent
// at the real server and refused; the admin token; and knowledge-base updates: signature checks,
// a broken update leaving the old version serving, and the atomic swap under concurrent requests.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>

#include "kb/compiler.h"
#include "server/signature.h"
#include "server_fixture.h"

namespace assistant::server {
namespace {
using assistant::testing::kPigFarm5000;
using assistant::testing::RawStatus;
using assistant::testing::RunningServer;
using assistant::testing::TempDir;
using nlohmann::json;

std::string Post(const std::string& headers, const std::string& body) {
  return "POST /api/v1/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers + "\r\n" + body;
}

struct Attack {
  const char* name;
  std::string request;
  int expected;
};

TEST(ServerHardening, EachKnownHttplibFlawIsRefused) {
  RunningServer srv;
  std::string many_headers;
  for (int i = 0; i < 200; ++i) many_headers += "X-Filler-" + std::to_string(i) + ": x\r\n";
  const std::string body = R"({"facts": {}})";
  const std::vector<Attack> attacks{
      {"chunked body without a limit (CVE-2025-46728)",
       Post("Transfer-Encoding: chunked\r\n", "d\r\n" + body + "\r\n0\r\n\r\n"), 411},
      {"negative chunk size (CVE-2026-45352)", Post("Transfer-Encoding: chunked\r\n", "-2\r\nxx\r\n0\r\n\r\n"), 411},
      {"POST without Content-Length read to EOF", Post("Connection: close\r\n", body), 411},
      {"gzip body bomb (CVE-2026-22776)",
       Post("Content-Encoding: gzip\r\nContent-Length: 20\r\n", std::string(20, 'x')), 415},
      {"declared body over the limit", Post("Content-Length: 10000000\r\n", ""), 413},
      {"Content-Length twice (smuggling)",
       Post("Content-Length: " + std::to_string(body.size()) + "\r\nContent-Length: 5\r\n", body), 400},
      {"Content-Length not a number", Post("Content-Length: 1e3\r\n", body), 400},
      {"Range abuse", "GET / HTTP/1.1\r\nHost: x\r\nRange: bytes=0-0,0-0,0-0,0-0\r\n\r\n", 416},
      {"200 header fields (CVE-2025-52887)", "GET /healthz HTTP/1.1\r\nHost: x\r\n" + many_headers + "\r\n", 431},
      {"client-sent REMOTE_ADDR (CVE-2025-66570)", "GET /healthz HTTP/1.1\r\nHost: x\r\nREMOTE_ADDR: 10.9.9.9\r\n\r\n", 400},
      {"client-sent LOCAL_PORT", "GET /healthz HTTP/1.1\r\nHost: x\r\nLOCAL_PORT: 1\r\n\r\n", 400},
      {"percent-encoded CRLF in a header value (CVE-2026-45372)",
       "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a%0D%0ASet-Cookie: x=1\r\n\r\n", 400},
      {"request target over the limit", "GET /" + std::string(5000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
      {"method the API does not use", "DELETE /api/v1/assess HTTP/1.1\r\nHost: x\r\n\r\n", 405},
      {"PUT", "PUT /api/v1/assess HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405},
  };
  for (const auto& attack : attacks) {
    std::string response;
    EXPECT_EQ(RawStatus(srv.port(), attack.request, &response), attack.expected) << attack.name << "\n" << response;
  }
  // And the server still answers normally afterwards.
  auto res = srv.Client().Post("/api/v1/assess", kPigFarm5000, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(ServerHardening, HostileJsonBodies) {
  RunningServer srv;
  auto client = srv.Client();
  const std::vector<std::pair<std::string, int>> bodies{
      {std::string(100000, '[') + std::string(100000, ']'), 413},  // over the body limit first
      {std::string(2000, '[') + std::string(2000, ']'), 400},      // nesting over the limit
      {R"({"facts": {"livestock.annual_output_pig_eq": 1e400}})", 400},
      {"{\"facts\": {\"project.name\": \"\xff\xfe\"}}", 400},
      {R"({"facts": {"livestock.annual_output_pig_eq": "many"}})", 422},
      {R"({"facts": {"no.such.fact": 1}})", 422},
      {R"({"date": "2024-02-30"})", 422},
      {R"({"place": "cn'; DROP TABLE rules; --"})", 422},
      {R"({"ask": ["eia.document_class", 7]})", 422},
      {R"({"language": "en"})", 422},
      {"", 400},
      {"null", 422},
  };
  for (const auto& [body, expected] : bodies) {
    auto res = client.Post("/api/v1/assess", body, "application/json");
    ASSERT_TRUE(res) << body.substr(0, 60);
    EXPECT_EQ(res->status, expected) << body.substr(0, 60) << " -> " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json") << body.substr(0, 60);
  }
}

TEST(ServerHardening, AdminNeedsTheTokenAndIsOffByDefault) {
  {
    RunningServer srv;
    auto res = srv.Client().Post("/api/v1/admin/kb", "", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << "admin is off on kiosks unless configured";
  }
  ServerConfig config;
  config.admin_enabled = true;
  TempDir dir;
  config.kb_path = dir / "missing.kb";
  RunningServer srv(config);
  // Server::Create reads the token file; here the digest is set through a real Create below.
  auto res = srv.Client().Post("/api/v1/admin/kb", "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
}

// Two knowledge-base files with different versions: the real one, and the real one plus a fact.
struct TwoKbFiles {
  TempDir dir;
  std::filesystem::path a = dir / "a.kb";
  std::filesystem::path b = dir / "b.kb";
  std::string version_a, version_b;

  TwoKbFiles() {
    EXPECT_TRUE(kb::WriteKb(testing::RealKb(), a).ok());
    version_a = testing::RealKb().rules->info().content_hash;
    // The same sources plus one unused fact give a different content hash.
    const auto copy = dir / "data";
    std::filesystem::copy(ASSISTANT_DATA_DIR, copy, std::filesystem::copy_options::recursive);
    std::ofstream(copy / "zz_test_vocabulary.yaml")
        << "kind: vocabulary\nfacts:\n  - id: test.swap_marker\n    type: bool\n    label: 测试用\n";
    kb::Diagnostics diagnostics;
    auto compiled = kb::CompileSources(copy, diagnostics);
    EXPECT_TRUE(compiled) << diagnostics.ToString();
    EXPECT_TRUE(kb::WriteKb(*compiled, b).ok());
    version_b = compiled->rules->info().content_hash;
  }
};

TEST(ServerKbUpdate, SignaturesAreRequiredWhenAKeyIsConfigured) {
  TwoKbFiles files;
  const auto key = files.dir / "signing.key";
  const auto pub = files.dir / "signing.pub";
  ASSERT_TRUE(GenerateSigningKey(key, pub).ok());
  // Unsigned: refused.
  auto unsigned_kb = LoadSnapshot(files.a, pub);
  ASSERT_FALSE(unsigned_kb);
  EXPECT_NE(unsigned_kb.error().message.find("not signed"), std::string::npos) << unsigned_kb.error().message;
  // Signed: accepted and marked verified.
  ASSERT_TRUE(SignFile(files.a, key, files.a.string() + ".sig").ok());
  auto signed_kb = LoadSnapshot(files.a, pub);
  ASSERT_TRUE(signed_kb) << signed_kb.error().message;
  EXPECT_TRUE(signed_kb.value()->signature_verified);
  // The signature of another file: refused.
  std::filesystem::copy_file(files.a.string() + ".sig", files.b.string() + ".sig");
  auto wrong = LoadSnapshot(files.b, pub);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("does not match"), std::string::npos);
  // A corrupted signature: refused with the reason.
  std::ofstream(files.b.string() + ".sig", std::ios::trunc) << "garbage";
  auto corrupt = LoadSnapshot(files.b, pub);
  ASSERT_FALSE(corrupt);
  EXPECT_NE(corrupt.error().message.find("malformed"), std::string::npos) << corrupt.error().message;
  // Another key: refused.
  ASSERT_TRUE(GenerateSigningKey(files.dir / "other.key", files.dir / "other.pub").ok());
  EXPECT_FALSE(LoadSnapshot(files.a, files.dir / "other.pub"));
}

TEST(ServerKbUpdate, ABrokenUpdateLeavesTheOldVersionServing) {
  TwoKbFiles files;
  const auto target = files.dir / "serving.kb";
  std::filesystem::copy_file(files.a, target);
  auto holder = KbHolder::Open(target, {});
  ASSERT_TRUE(holder);
  // A truncated file.
  const auto broken = files.dir / "broken.kb";
  {
    std::ifstream in(files.b, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(broken, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  auto report = holder.value()->Install(broken, target, {});
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.message.find("update refused, still serving " + files.version_a.substr(0, 12)), std::string::npos)
      << report.message;
  EXPECT_EQ(holder.value()->Current()->version(), files.version_a);
  // A missing file.
  EXPECT_FALSE(holder.value()->Install(files.dir / "nope.kb", target, {}).ok);
  EXPECT_EQ(holder.value()->Current()->version(), files.version_a);
  // A good one: installed at the target, the replaced one kept as .previous.
  auto good = holder.value()->Install(files.b, target, {});
  EXPECT_TRUE(good.ok) << good.message;
  EXPECT_EQ(holder.value()->Current()->version(), files.version_b);
  auto reopened = kb::OpenKb(target);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened.value().rules->info().content_hash, files.version_b);
  ASSERT_TRUE(std::filesystem::exists(target.string() + ".previous"));
  // At the next start, a target corrupted on disk falls back to .previous and says so.
  std::ofstream(target, std::ios::trunc) << "not a database";
  auto restarted = KbHolder::Open(target, {});
  ASSERT_TRUE(restarted) << restarted.error().message;
  EXPECT_EQ(restarted.value()->Current()->version(), files.version_a);
  EXPECT_NE(restarted.value()->degraded_reason().find("serving the previous version"), std::string::npos);
}

TEST(ServerKbUpdate, SwapUnderConcurrentRequestsAnswersEachWithOneVersion) {
  TwoKbFiles files;
  const auto target = files.dir / "serving.kb";
  std::filesystem::copy_file(files.a, target);
  auto holder = KbHolder::Open(target, {});
  ASSERT_TRUE(holder);
  ServerConfig config;
  config.kb_path = target;
  RunningServer srv(std::move(holder.value()), config);
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, failed{0}, inconsistent{0};
  std::set<std::string> seen;
  std::mutex seen_mutex;
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      auto client = srv.Client();
      while (!stop) {
        auto res = client.Post("/api/v1/assess", kPigFarm5000, "application/json");
        if (!res || res->status != 200) {
          ++failed;
          continue;
        }
        auto body = json::parse(res->body);
        const std::string version = body["kb"]["version"];
        if (body["receipt"]["kb_version"] != version || body["decisions"][0]["value"] != "report_book" ||
            (version != files.version_a && version != files.version_b)) {
          ++inconsistent;
        }
        std::lock_guard lock(seen_mutex);
        seen.insert(version);
        ++answered;
      }
    });
  }
  for (int i = 0; i < 6; ++i) {
    auto report = srv.server().ReloadKb(i % 2 == 0 ? files.b : files.a);
    EXPECT_TRUE(report.ok) << report.message;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  stop = true;
  for (auto& c : clients) c.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(inconsistent, 0);
  EXPECT_GT(answered, 20);
  EXPECT_EQ(seen.size(), 2u) << "requests were answered by both versions during the swaps";
  EXPECT_EQ(srv.server().kb().Current()->version(), files.version_a);
}

TEST(ServerKbUpdate, AdminEndpointInstallsWithTheTokenOnly) {
  TwoKbFiles files;
  const auto target = files.dir / "serving.kb";
  std::filesystem::copy_file(files.a, target);
  std::ofstream(files.dir / "admin.token") << "s3cret-token-of-enough-length\n";
  ServerConfig config;
  config.kb_path = target;
  config.port = 0;
  config.admin_enabled = true;
  config.admin_token_file = files.dir / "admin.token";
  config.kiosk_dir = ASSISTANT_KIOSK_DIR;
  auto created = Server::Create(config);
  ASSERT_TRUE(created) << created.error().message;
  auto& srv = *created.value();
  auto port = srv.Bind();
  ASSERT_TRUE(port);
  std::thread serving([&] { srv.Serve(); });
  httplib::Client client("127.0.0.1", port.value());
  const std::string body = json{{"path", files.b.string()}}.dump();
  auto none = client.Post("/api/v1/admin/kb", body, "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  auto wrong = client.Post("/api/v1/admin/kb", {{"Authorization", "Bearer s3cret-token-of-enough-lengtH"}}, body,
                           "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(srv.kb().Current()->version(), files.version_a);
  const httplib::Headers auth{{"Authorization", "Bearer s3cret-token-of-enough-length"}};
  auto bad = client.Post("/api/v1/admin/kb", auth, json{{"path", (files.dir / "nope.kb").string()}}.dump(), "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_FALSE(json::parse(bad->body)["ok"].get<bool>());
  auto good = client.Post("/api/v1/admin/kb", auth, body, "application/json");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200) << good->body;
  EXPECT_EQ(json::parse(good->body)["version"], files.version_b);
  auto info = json::parse(client.Get("/api/v1/kb")->body);
  EXPECT_EQ(info["version"], files.version_b);
  EXPECT_TRUE(info["last_update"]["ok"].get<bool>());
  srv.Stop();
  serving.join();
}

}  // namespace
}  // namespace assistant::server
