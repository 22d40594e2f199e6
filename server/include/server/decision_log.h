// The decision log and the service ratings (好差评), in one local SQLite file.
//
// Each answered assessment is a row: decision id, time, place, date asked about, knowledge-base
// version, the decisions asked, their outcomes and the rules that fired. The facts are stored
// only when configured (they can identify an applicant; 个人信息保护法第十九条: keep personal
// information no longer than the purpose needs). Ratings keep the grade, the time and the
// decision id, nothing about the person.
//
// Durability: WAL with synchronous=FULL, so a row whose Record() returned is on disk and survives
// a power cut, not only a crash (WAL with NORMAL may roll back the last transactions after a power
// loss). A kiosk writes a few rows a minute; the fsync per row costs nothing a user notices.
// Retention: rows older than the retention period are deleted at open and once an hour.
// Thread-safety: all member functions may be called from any thread (one connection, serialised).
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/result.h"

struct sqlite3;

namespace assistant::server {

struct DecisionRecord {
  std::string id;             // the receipt id (SHA-256 hex)
  std::string time;           // ISO 8601 UTC, set by Record() when empty
  std::string place;
  std::string date;           // the day the question is about
  std::string kb_version;
  std::string questions;      // JSON array of decision ids
  std::string outcomes;       // JSON object: decision id -> {status, value}
  std::string fired_rules;    // JSON array of rule ids
  std::string facts;          // JSON object, or "" when facts are not recorded
};

class DecisionLog {
 public:
  static Result<std::unique_ptr<DecisionLog>> Open(const std::filesystem::path& path, int retention_days);
  ~DecisionLog();
  DecisionLog(const DecisionLog&) = delete;
  DecisionLog& operator=(const DecisionLog&) = delete;

  Status Record(DecisionRecord record);
  // grade 1 (非常不满意) .. 5 (非常满意); the decision must be in the log.
  Status RecordRating(const std::string& decision_id, int grade);
  Result<std::optional<DecisionRecord>> Find(const std::string& decision_id) const;

  // Deletes rows older than the retention period (as of `now`); returns how many went.
  Result<int> Purge(std::chrono::system_clock::time_point now);

  struct Counts {
    long long decisions = 0;
    std::map<int, long long> ratings;  // grade -> count
  };
  Result<Counts> Count() const;
  // Whether rows can be written: the last write's failure (a full disk shows only when writing),
  // else a write probe (BEGIN IMMEDIATE; ROLLBACK), which fails on a read-only file or disk.
  Status Writable() const;

 private:
  DecisionLog(sqlite3* db, int retention_days) : db_(db), retention_days_(retention_days) {}
  Status PurgeIfDue();

  mutable std::mutex mutex_;
  sqlite3* db_;
  int retention_days_;
  std::chrono::steady_clock::time_point last_purge_{};
  std::string last_write_error_;  // "" after a successful write
};

std::string IsoTimeUtc(std::chrono::system_clock::time_point t);

}  // namespace assistant::server
