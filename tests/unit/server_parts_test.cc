// The server's parts on their own: configuration file errors, the decision log's retention and
// durability across reopening.
#include <gtest/gtest.h>

#include <fstream>

#include "server/config.h"
#include "server/decision_log.h"
#include "server_fixture.h"

namespace assistant::server {
namespace {
using assistant::testing::TempDir;

TEST(ServerConfig, DefaultsAreAKiosks) {
  ServerConfig config;
  EXPECT_EQ(config.bind_address, "127.0.0.1");
  EXPECT_FALSE(config.admin_enabled);
  EXPECT_FALSE(config.record_facts);
  EXPECT_GE(config.retention_days, 180);
}

TEST(ServerConfig, ReadsEveryKeyAndResolvesPathsBesideTheFile) {
  TempDir dir;
  std::ofstream(dir / "server.yaml") << R"(place: cn.guangdong.jiangmen
mode: window
listen: {address: 127.0.0.1, port: 9090}
kb: {path: eia.kb, public_key: /etc/eia/kb.pub}
kiosk: {dir: /usr/share/eia/kiosk, idle_seconds: 90}
limits: {max_body_bytes: 32768, workers: 4, max_queued: 16}
log: {level: warn, decision_log: decisions.sqlite, retention_days: 365, record_facts: true}
admin: {enabled: true, token_file: admin.token}
)";
  auto config = LoadConfig(dir / "server.yaml");
  ASSERT_TRUE(config) << config.error().ToString();
  const auto& c = config.value();
  EXPECT_EQ(c.place, "cn.guangdong.jiangmen");
  EXPECT_EQ(c.mode, Mode::kWindow);
  EXPECT_EQ(c.port, 9090);
  EXPECT_EQ(c.kb_path, dir / "eia.kb");
  EXPECT_EQ(c.kb_public_key, "/etc/eia/kb.pub");
  EXPECT_EQ(c.idle_seconds, 90);
  EXPECT_EQ(c.limits.max_body_bytes, 32768u);
  EXPECT_EQ(c.limits.workers, 4);
  EXPECT_EQ(c.log_level, "warn");
  EXPECT_EQ(c.decision_log, dir / "decisions.sqlite");
  EXPECT_TRUE(c.record_facts);
  EXPECT_TRUE(c.admin_enabled);
}

TEST(ServerConfig, ErrorsNameFileLineColumnAndWhatWasExpected) {
  TempDir dir;
  const auto path = dir / "server.yaml";
  auto error_of = [&](const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
    auto config = LoadConfig(path);
    EXPECT_FALSE(config);
    return config ? std::string() : config.error().ToString();
  };
  EXPECT_EQ(error_of("place: cn\nlisten: {adress: 1.2.3.4}\n"),
            path.string() + ":2:10: unknown key 'adress' in listen (did you mean 'address'?)");
  EXPECT_EQ(error_of("listen:\n  port: 70000\n"), path.string() + ":2:9: listen.port: expected an integer from 0 to 65535");
  EXPECT_EQ(error_of("mode: museum\n"), path.string() + ":1:7: mode: expected kiosk, window or field, got 'museum'");
  EXPECT_EQ(error_of("log: {record_facts: sometimes}\n"),
            path.string() + ":1:21: log.record_facts: expected true or false, got 'sometimes'");
  EXPECT_EQ(error_of("kiosk: [1, 2]\n"), path.string() + ":1:8: kiosk must be a mapping of keys");
  EXPECT_NE(error_of("place: [unclosed\n").find(path.string() + ":2:1"), std::string::npos);
  EXPECT_FALSE(LoadConfig(dir / "absent.yaml"));
  ServerConfig admin_without_token;
  admin_without_token.admin_enabled = true;
  EXPECT_FALSE(ValidateConfig(admin_without_token).ok());
}

TEST(DecisionLogTest, RowsSurviveReopeningAndOldRowsArePurged) {
  TempDir dir;
  const auto path = dir / "decisions.sqlite";
  {
    auto log = DecisionLog::Open(path, 30);
    ASSERT_TRUE(log);
    DecisionRecord old_row{"old", "2000-01-01T00:00:00Z", "cn", "1999-12-31", "v", "[]", "{}", "[]", ""};
    ASSERT_TRUE(log.value()->Record(old_row).ok());
    DecisionRecord row{"new", "", "cn", "2024-06-01", "v", R"(["eia.document_class"])", "{}", "[]", ""};
    ASSERT_TRUE(log.value()->Record(row).ok());
    EXPECT_TRUE(log.value()->RecordRating("new", 3).ok());
    EXPECT_FALSE(log.value()->RecordRating("new", 0).ok());
  }
  auto log = DecisionLog::Open(path, 30);  // opening purges rows older than 30 days
  ASSERT_TRUE(log);
  auto found = log.value()->Find("new");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->questions, R"(["eia.document_class"])");
  auto old_row = log.value()->Find("old");
  ASSERT_TRUE(old_row);
  EXPECT_FALSE(old_row.value().has_value());
  auto counts = log.value()->Count();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts.value().decisions, 1);
  EXPECT_EQ(counts.value().ratings[3], 1);
  EXPECT_TRUE(log.value()->Writable().ok());
}

TEST(DecisionLogTest, AnUnwritableFolderIsAClearError) {
  auto log = DecisionLog::Open("/proc/no-such-dir/decisions.sqlite", 30);
  ASSERT_FALSE(log);
  EXPECT_NE(log.error().message.find("cannot be opened"), std::string::npos) << log.error().message;
}

}  // namespace
}  // namespace assistant::server
