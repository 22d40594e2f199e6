#include "server/decision_log.h"

#include <sqlite3.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

namespace assistant::server {
namespace {

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  explicit operator bool() const { return stmt_ != nullptr; }
  void Bind(int i, const std::string& text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void Bind(int i, long long v) { sqlite3_bind_int64(stmt_, i, v); }
  std::string Text(int i) const {
    const auto* p = sqlite3_column_text(stmt_, i);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

Error SqlError(sqlite3* db, const std::string& what) {
  return Error{ErrorCode::kStorage, "decision log: " + what + ": " + sqlite3_errmsg(db)};
}

Status Exec(sqlite3* db, const char* sql, const std::string& what) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Error{ErrorCode::kStorage, "decision log: " + what + ": " + text};
  }
  return Status::Ok();
}

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS decisions(
  id TEXT NOT NULL, time TEXT NOT NULL, place TEXT NOT NULL, date TEXT NOT NULL, kb_version TEXT NOT NULL,
  questions TEXT NOT NULL, outcomes TEXT NOT NULL, fired_rules TEXT NOT NULL, facts TEXT NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS decisions_id ON decisions(id);
CREATE INDEX IF NOT EXISTS decisions_time ON decisions(time);
CREATE TABLE IF NOT EXISTS ratings(
  time TEXT NOT NULL, decision_id TEXT NOT NULL, grade INTEGER NOT NULL CHECK(grade BETWEEN 1 AND 5)) STRICT;
CREATE INDEX IF NOT EXISTS ratings_time ON ratings(time);
)sql";

}  // namespace

std::string IsoTimeUtc(std::chrono::system_clock::time_point t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

Result<std::unique_ptr<DecisionLog>> DecisionLog::Open(const std::filesystem::path& path, int retention_days) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, nullptr);
  if (rc != SQLITE_OK) {
    // SQLite's message is generic ("unable to open database file"): say what is wrong with the folder.
    std::string why;
    const auto folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    if (::access(folder.c_str(), W_OK) != 0) why = " (folder " + folder.string() + ": " + std::strerror(errno) + ")";
    Error error{ErrorCode::kStorage, "decision log " + path.string() + " cannot be opened: " +
                                         (db ? sqlite3_errmsg(db) : "out of memory") + why};
    sqlite3_close(db);
    return error;
  }
  sqlite3_busy_timeout(db, 2000);
  std::unique_ptr<DecisionLog> log(new DecisionLog(db, retention_days));
  if (auto s = Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", "setting WAL"); !s) return s.error();
  if (auto s = Exec(db, kSchema, "creating tables in " + path.string()); !s) return s.error();
  if (auto purged = log->Purge(std::chrono::system_clock::now()); !purged) return purged.error();
  return log;
}

DecisionLog::~DecisionLog() { sqlite3_close(db_); }

Status DecisionLog::Record(DecisionRecord record) {
  if (record.time.empty()) record.time = IsoTimeUtc(std::chrono::system_clock::now());
  std::lock_guard lock(mutex_);
  (void)PurgeIfDue();
  Statement insert(db_, "INSERT INTO decisions VALUES(?,?,?,?,?,?,?,?,?)");
  if (!insert) return SqlError(db_, "preparing insert");
  insert.Bind(1, record.id);
  insert.Bind(2, record.time);
  insert.Bind(3, record.place);
  insert.Bind(4, record.date);
  insert.Bind(5, record.kb_version);
  insert.Bind(6, record.questions);
  insert.Bind(7, record.outcomes);
  insert.Bind(8, record.fired_rules);
  insert.Bind(9, record.facts);
  if (sqlite3_step(insert.get()) != SQLITE_DONE) {
    auto error = SqlError(db_, "writing decision " + record.id);
    last_write_error_ = error.message;
    return error;
  }
  last_write_error_.clear();
  return Status::Ok();
}

Status DecisionLog::RecordRating(const std::string& decision_id, int grade) {
  if (grade < 1 || grade > 5) return Error{ErrorCode::kInvalidInput, "grade: expected 1..5"};
  std::lock_guard lock(mutex_);
  Statement known(db_, "SELECT 1 FROM decisions WHERE id = ? LIMIT 1");
  if (!known) return SqlError(db_, "preparing lookup");
  known.Bind(1, decision_id);
  if (sqlite3_step(known.get()) != SQLITE_ROW) {
    return Error{ErrorCode::kNotFound, "decision_id: no decision " + decision_id + " in the log"};
  }
  Statement insert(db_, "INSERT INTO ratings VALUES(?,?,?)");
  if (!insert) return SqlError(db_, "preparing insert");
  insert.Bind(1, IsoTimeUtc(std::chrono::system_clock::now()));
  insert.Bind(2, decision_id);
  insert.Bind(3, static_cast<long long>(grade));
  if (sqlite3_step(insert.get()) != SQLITE_DONE) return SqlError(db_, "writing rating");
  return Status::Ok();
}

Result<std::optional<DecisionRecord>> DecisionLog::Find(const std::string& decision_id) const {
  std::lock_guard lock(mutex_);
  Statement query(db_, "SELECT id, time, place, date, kb_version, questions, outcomes, fired_rules, facts "
                       "FROM decisions WHERE id = ? ORDER BY time DESC LIMIT 1");
  if (!query) return SqlError(db_, "preparing lookup");
  query.Bind(1, decision_id);
  const int rc = sqlite3_step(query.get());
  if (rc == SQLITE_DONE) return std::optional<DecisionRecord>();
  if (rc != SQLITE_ROW) return SqlError(db_, "reading decision");
  DecisionRecord r{query.Text(0), query.Text(1), query.Text(2), query.Text(3), query.Text(4),
                   query.Text(5), query.Text(6), query.Text(7), query.Text(8)};
  return std::optional<DecisionRecord>(std::move(r));
}

Result<int> DecisionLog::Purge(std::chrono::system_clock::time_point now) {
  const auto cutoff = IsoTimeUtc(now - std::chrono::days(retention_days_));
  int deleted = 0;
  for (const char* sql : {"DELETE FROM decisions WHERE time < ?", "DELETE FROM ratings WHERE time < ?"}) {
    Statement del(db_, sql);
    if (!del) return SqlError(db_, "preparing purge");
    del.Bind(1, cutoff);
    if (sqlite3_step(del.get()) != SQLITE_DONE) return SqlError(db_, "purging old rows");
    deleted += sqlite3_changes(db_);
  }
  last_purge_ = std::chrono::steady_clock::now();
  return deleted;
}

Status DecisionLog::PurgeIfDue() {
  if (std::chrono::steady_clock::now() - last_purge_ < std::chrono::hours(1)) return Status::Ok();
  auto purged = Purge(std::chrono::system_clock::now());
  if (!purged) return purged.error();
  return Status::Ok();
}

Result<DecisionLog::Counts> DecisionLog::Count() const {
  std::lock_guard lock(mutex_);
  Counts counts;
  Statement decisions(db_, "SELECT count(*) FROM decisions");
  if (!decisions || sqlite3_step(decisions.get()) != SQLITE_ROW) return SqlError(db_, "counting decisions");
  counts.decisions = sqlite3_column_int64(decisions.get(), 0);
  Statement ratings(db_, "SELECT grade, count(*) FROM ratings GROUP BY grade");
  if (!ratings) return SqlError(db_, "counting ratings");
  while (sqlite3_step(ratings.get()) == SQLITE_ROW) {
    counts.ratings[sqlite3_column_int(ratings.get(), 0)] = sqlite3_column_int64(ratings.get(), 1);
  }
  return counts;
}

Status DecisionLog::Writable() const {
  std::lock_guard lock(mutex_);
  if (!last_write_error_.empty()) return Error{ErrorCode::kStorage, last_write_error_};
  if (auto s = Exec(db_, "BEGIN IMMEDIATE", "write probe"); !s) return s;
  return Exec(db_, "ROLLBACK", "write probe");
}

}  // namespace assistant::server
