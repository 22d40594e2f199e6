#include "kb/store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <fcntl.h>

#include "base/text.h"
#include "kb/hash.h"
#include "reasoner/fact_input.h"

namespace assistant::kb {
namespace fs = std::filesystem;
using reasoner::Attribute;
using reasoner::AttributeType;
using reasoner::Rule;

namespace {

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(sep, start);
    out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  return out;
}

std::string DateOrEmpty(const std::optional<Date>& d) { return d ? FormatDate(*d) : ""; }

// Minimal RAII over the SQLite C API; every failure becomes an Error with sqlite3_errmsg.
class Db {
 public:
  ~Db() {
    if (db_) sqlite3_close(db_);
  }
  Status Open(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) return Fail("open " + path);
    sqlite3_extended_result_codes(db_, 1);
    return Status::Ok();
  }
  Status Exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown";
      sqlite3_free(message);
      return Error{ErrorCode::kStorage, "SQLite: " + text};
    }
    return Status::Ok();
  }
  Error Fail(const std::string& what) const {
    return Error{ErrorCode::kStorage, "SQLite " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory")};
  }
  sqlite3* get() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Db& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  bool ok() const { return stmt_ != nullptr; }
  Statement& Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int i, long long v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Status Run() {
    int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (rc != SQLITE_DONE) return db_.Fail("write");
    return Status::Ok();
  }
  bool Next() { return sqlite3_step(stmt_) == SQLITE_ROW; }
  std::string Text(int i) {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  long long Int(int i) { return sqlite3_column_int64(stmt_, i); }

 private:
  Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE attributes(
  idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, label TEXT NOT NULL,
  unit TEXT NOT NULL, question TEXT NOT NULL, help TEXT NOT NULL, source TEXT NOT NULL,
  pattern TEXT NOT NULL, derived INTEGER NOT NULL, decision INTEGER NOT NULL, ordered INTEGER NOT NULL,
  combine TEXT NOT NULL, combine_source TEXT NOT NULL, default_value INTEGER, default_reason TEXT NOT NULL,
  later_lighter_rule TEXT NOT NULL, ask_cost INTEGER NOT NULL) STRICT;
CREATE TABLE attribute_values(
  attribute INTEGER NOT NULL REFERENCES attributes(idx), seq INTEGER NOT NULL, id TEXT NOT NULL,
  label TEXT NOT NULL, grp TEXT NOT NULL, PRIMARY KEY(attribute, seq)) STRICT;
CREATE TABLE attribute_fields(
  attribute INTEGER NOT NULL REFERENCES attributes(idx), seq INTEGER NOT NULL, id TEXT NOT NULL,
  type TEXT NOT NULL, label TEXT NOT NULL, unit TEXT NOT NULL, help TEXT NOT NULL, field_values TEXT NOT NULL,
  PRIMARY KEY(attribute, seq)) STRICT;
CREATE TABLE lists(idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, document TEXT NOT NULL,
  number TEXT NOT NULL, article TEXT NOT NULL, jurisdiction TEXT NOT NULL, in_force_from TEXT NOT NULL,
  in_force_to TEXT NOT NULL, source_file TEXT NOT NULL, source_line INTEGER NOT NULL) STRICT;
CREATE TABLE list_members(list INTEGER NOT NULL REFERENCES lists(idx), seq INTEGER NOT NULL, id TEXT NOT NULL,
  label TEXT NOT NULL, from_date TEXT NOT NULL, to_date TEXT NOT NULL, PRIMARY KEY(list, seq)) STRICT;
CREATE TABLE places(id TEXT PRIMARY KEY, name TEXT NOT NULL) STRICT;
CREATE TABLE rules(
  idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, kind TEXT NOT NULL,
  document TEXT NOT NULL, number TEXT NOT NULL, article TEXT NOT NULL, jurisdiction TEXT NOT NULL,
  in_force_from TEXT NOT NULL, in_force_to TEXT NOT NULL, condition TEXT NOT NULL,
  concludes INTEGER NOT NULL REFERENCES attributes(idx), value TEXT NOT NULL, priority INTEGER NOT NULL,
  text TEXT NOT NULL, note TEXT NOT NULL, unclear TEXT NOT NULL,
  source_file TEXT NOT NULL, source_line INTEGER NOT NULL, source_column INTEGER NOT NULL,
  catalogue TEXT NOT NULL, row INTEGER NOT NULL, col TEXT NOT NULL) STRICT;
CREATE TABLE rule_exceptions(rule INTEGER NOT NULL REFERENCES rules(idx),
  overrides INTEGER NOT NULL REFERENCES rules(idx)) STRICT;
CREATE TABLE catalogues(id TEXT PRIMARY KEY, title TEXT NOT NULL, document TEXT NOT NULL, number TEXT NOT NULL,
  jurisdiction TEXT NOT NULL, in_force_from TEXT NOT NULL, in_force_to TEXT NOT NULL, decides TEXT NOT NULL) STRICT;
CREATE TABLE catalogue_rows(catalogue TEXT NOT NULL, row INTEGER NOT NULL, category_no TEXT NOT NULL,
  category_name TEXT NOT NULL, item TEXT NOT NULL, industry_codes TEXT NOT NULL, sensitive_areas_text TEXT NOT NULL,
  cells TEXT NOT NULL, note TEXT NOT NULL, unclear TEXT NOT NULL, PRIMARY KEY(catalogue, row)) STRICT;
CREATE TABLE search_terms(seq INTEGER PRIMARY KEY, catalogue TEXT NOT NULL, term TEXT NOT NULL, rows TEXT NOT NULL,
  industry_codes TEXT NOT NULL, note TEXT NOT NULL, source_file TEXT NOT NULL, source_line INTEGER NOT NULL,
  source_column INTEGER NOT NULL) STRICT;
)sql";

// Cells are stored as "column\x1Ftext" records joined by \x1E (ASCII unit / record separators).
std::string EncodeCells(const std::map<std::string, std::string>& cells) {
  std::vector<std::string> records;
  for (const auto& [col, text] : cells) records.push_back(col + '\x1F' + text);
  return Join(records, std::string(1, '\x1E'));
}

std::map<std::string, std::string> DecodeCells(const std::string& encoded) {
  std::map<std::string, std::string> cells;
  for (const auto& record : Split(encoded, '\x1E')) {
    auto parts = Split(record, '\x1F');
    if (parts.size() == 2) cells[parts[0]] = parts[1];
  }
  return cells;
}

// The inverse of reasoner::ValueToken for the types a rule can conclude.
reasoner::RawValue ParseToken(const Attribute& a, const std::string& token) {
  auto unquote = [](const std::string& t) { return t.size() >= 2 ? t.substr(1, t.size() - 2) : t; };
  switch (a.type) {
    case AttributeType::kBool: return token == "true";
    case AttributeType::kNumber: return std::strtod(token.c_str(), nullptr);
    case AttributeType::kSet: {
      std::vector<std::string> ids;
      std::string inner = unquote(token);  // strip [ ]
      for (auto& part : Split(inner, ',')) {
        std::size_t a0 = part.find('"'), a1 = part.rfind('"');
        if (a0 != std::string::npos && a1 > a0) ids.push_back(part.substr(a0 + 1, a1 - a0 - 1));
      }
      return ids;
    }
    default: return unquote(token);
  }
}

std::string EncodeValues(const std::vector<reasoner::EnumValue>& values) {
  std::vector<std::string> records;
  for (const auto& v : values) records.push_back(v.id + '\x1F' + v.label + '\x1F' + v.group);
  return Join(records, std::string(1, '\x1E'));
}

std::vector<reasoner::EnumValue> DecodeValues(const std::string& encoded) {
  std::vector<reasoner::EnumValue> values;
  for (const auto& record : Split(encoded, '\x1E')) {
    auto parts = Split(record, '\x1F');
    if (parts.size() == 3) values.push_back({parts[0], parts[1], parts[2]});
  }
  return values;
}

std::string JoinRows(const std::vector<int>& rows) {
  std::vector<std::string> text;
  for (int r : rows) text.push_back(std::to_string(r));
  return Join(text, ",");
}

// The canonical text, handed to SHA-256 in 64 KiB pieces: it is megabytes for a large rule base
// and the loader computes it at every start, so it is never held whole.
class HashedText {
 public:
  HashedText& operator+=(const std::string& text) {
    pending_ += text;
    if (pending_.size() >= (1u << 16)) {
      hash_ << pending_;
      pending_.clear();
    }
    return *this;
  }
  std::string HexDigest() {
    hash_ << pending_;
    return hash_.HexDigest();
  }

 private:
  Sha256Stream hash_;
  std::string pending_;
};

}  // namespace

std::string ContentHash(const reasoner::RuleSet& rules, const std::vector<CatalogueRow>& rows,
                        const std::vector<Place>& places, const std::vector<SearchTerm>& terms) {
  // One field per line, records separated: a change in any meaningful text changes the hash;
  // source locations do not (moving a rule within its file is not a new knowledge base).
  HashedText canon;
  canon += "schema " + std::to_string(kSchemaVersion) + "\n";
  for (const auto& a : rules.attributes()) {
    canon += "A\x1F" + a.id + "\x1F" + std::string(reasoner::AttributeTypeName(a.type)) + "\x1F" + a.label + "\x1F" +
             a.unit + "\x1F" + a.question + "\x1F" + a.help + "\x1F" + a.source + "\x1F" + a.pattern + "\x1F" +
             (a.derived ? "d" : "") + (a.decision ? "D" : "") + (a.ordered ? "o" : "") +
             std::string(reasoner::CombineName(a.combine)) + "\x1F" + a.combine_source + "\x1F" +
             (a.default_value ? std::to_string(*a.default_value) : "-") + "\x1F" + a.default_reason + "\x1F" +
             a.later_lighter_rule + "\x1F" + std::to_string(a.ask_cost) + "\n";
    for (const auto& v : a.values) canon += "V\x1F" + v.id + "\x1F" + v.label + "\x1F" + v.group + "\n";
    for (const auto& f : a.fields) {
      canon += "F\x1F" + f.id + "\x1F" + std::string(reasoner::AttributeTypeName(f.type)) + "\x1F" + f.label + "\x1F" +
               f.unit + "\x1F" + f.help + "\x1F" + EncodeValues(f.values) + "\n";
    }
  }
  for (const auto& l : rules.lists()) {
    canon += "L\x1F" + l.id + "\x1F" + l.title + "\x1F" + l.source.document + "\x1F" + l.source.number + "\x1F" +
             l.source.article + "\x1F" + l.jurisdiction + "\x1F" + l.in_force.ToString() + "\n";
    for (const auto& m : l.members) canon += "M\x1F" + m.id + "\x1F" + m.label + "\x1F" + m.period.ToString() + "\n";
  }
  for (const auto& r : rules.rules()) {
    std::vector<std::string> exceptions;
    for (int e : r.exception_to) exceptions.push_back(rules.rule(e).id);
    canon += "R\x1F" + r.id + "\x1F" + r.title + "\x1F" + std::string(reasoner::RuleKindName(r.kind)) + "\x1F" +
             r.source.document + "\x1F" + r.source.number + "\x1F" + r.source.article + "\x1F" + r.jurisdiction +
             "\x1F" + r.in_force.ToString() + "\x1F" + r.condition_text + "\x1F" + rules.attribute(r.concludes).id +
             "\x1F" + reasoner::ValueToken(rules.attribute(r.concludes), r.value) + "\x1F" + Join(exceptions, ",") +
             "\x1F" + std::to_string(r.priority) + "\x1F" + r.text + "\x1F" + r.note + "\x1F" + r.unclear + "\x1F" +
             r.catalogue + "\x1F" + std::to_string(r.row) + "\x1F" + r.column + "\n";
  }
  for (const auto& p : places) canon += "P\x1F" + p.id + "\x1F" + p.name + "\n";
  for (const auto& row : rows) {
    canon += "W\x1F" + row.catalogue + "\x1F" + std::to_string(row.row) + "\x1F" + row.category_no + "\x1F" +
             row.category_name + "\x1F" + row.item + "\x1F" + Join(row.industry_codes, ",") + "\x1F" +
             row.sensitive_areas_text + "\x1F" + EncodeCells(row.cells) + "\x1F" + row.note + "\x1F" + row.unclear + "\n";
  }
  for (const auto& t : terms) {
    canon += "T\x1F" + t.catalogue + "\x1F" + t.term + "\x1F" + JoinRows(t.rows) + "\x1F" + Join(t.industry_codes, ",") +
             "\x1F" + t.note + "\n";
  }
  return canon.HexDigest();
}

Status WriteKb(const CompiledKb& kb, const fs::path& path) {
  const fs::path temporary = path.string() + ".tmp-" + std::to_string(::getpid());
  std::error_code ec;
  fs::remove(temporary, ec);
  auto write = [&]() -> Status {
    Db db;
    if (auto s = db.Open(temporary.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE); !s) return s;
    if (auto s = db.Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=FULL; BEGIN;"); !s) return s;
    if (auto s = db.Exec(kSchema); !s) return s;
    if (auto s = db.Exec("PRAGMA user_version=" + std::to_string(kSchemaVersion)); !s) return s;
    const auto& rules = *kb.rules;
    {
      Statement meta(db, "INSERT INTO meta VALUES(?,?)");
      if (!meta.ok()) return db.Fail("prepare meta");
      std::vector<std::pair<std::string, std::string>> entries = {
          {"schema_version", std::to_string(kSchemaVersion)},
          {"content_hash", rules.info().content_hash},
          {"source_digest", rules.info().source_digest},
          {"source_files", Join(kb.source_files, "\n")},
          {"rule_count", std::to_string(rules.rules().size())}};
      for (const auto& [k, v] : entries) {
        if (auto s = meta.Bind(1, k).Bind(2, v).Run(); !s) return s;
      }
    }
    Statement attr(db, "INSERT INTO attributes VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Statement value(db, "INSERT INTO attribute_values VALUES(?,?,?,?,?)");
    Statement field(db, "INSERT INTO attribute_fields VALUES(?,?,?,?,?,?,?,?)");
    if (!attr.ok() || !value.ok() || !field.ok()) return db.Fail("prepare attributes");
    for (std::size_t i = 0; i < rules.attributes().size(); ++i) {
      const Attribute& a = rules.attributes()[i];
      attr.Bind(1, static_cast<long long>(i)).Bind(2, a.id).Bind(3, std::string(reasoner::AttributeTypeName(a.type)))
          .Bind(4, a.label).Bind(5, a.unit).Bind(6, a.question).Bind(7, a.help).Bind(8, a.source).Bind(9, a.pattern)
          .Bind(10, a.derived ? 1LL : 0LL).Bind(11, a.decision ? 1LL : 0LL).Bind(12, a.ordered ? 1LL : 0LL)
          .Bind(13, std::string(reasoner::CombineName(a.combine))).Bind(14, a.combine_source)
          .Bind(16, a.default_reason).Bind(17, a.later_lighter_rule).Bind(18, static_cast<long long>(a.ask_cost));
      if (a.default_value) attr.Bind(15, static_cast<long long>(*a.default_value));
      if (auto s = attr.Run(); !s) return s;
      for (std::size_t k = 0; k < a.values.size(); ++k) {
        const auto& v = a.values[k];
        if (auto s = value.Bind(1, static_cast<long long>(i)).Bind(2, static_cast<long long>(k)).Bind(3, v.id)
                         .Bind(4, v.label).Bind(5, v.group).Run(); !s) {
          return s;
        }
      }
      for (std::size_t k = 0; k < a.fields.size(); ++k) {
        const auto& f = a.fields[k];
        if (auto s = field.Bind(1, static_cast<long long>(i)).Bind(2, static_cast<long long>(k)).Bind(3, f.id)
                         .Bind(4, std::string(reasoner::AttributeTypeName(f.type))).Bind(5, f.label).Bind(6, f.unit)
                         .Bind(7, f.help).Bind(8, EncodeValues(f.values)).Run(); !s) {
          return s;
        }
      }
    }
    Statement list(db, "INSERT INTO lists VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    Statement member(db, "INSERT INTO list_members VALUES(?,?,?,?,?,?)");
    if (!list.ok() || !member.ok()) return db.Fail("prepare lists");
    for (std::size_t i = 0; i < rules.lists().size(); ++i) {
      const auto& l = rules.lists()[i];
      if (auto s = list.Bind(1, static_cast<long long>(i)).Bind(2, l.id).Bind(3, l.title).Bind(4, l.source.document)
                       .Bind(5, l.source.number).Bind(6, l.source.article).Bind(7, l.jurisdiction)
                       .Bind(8, DateOrEmpty(l.in_force.from)).Bind(9, DateOrEmpty(l.in_force.to)).Bind(10, l.where.file)
                       .Bind(11, static_cast<long long>(l.where.line)).Run(); !s) {
        return s;
      }
      for (std::size_t k = 0; k < l.members.size(); ++k) {
        const auto& m = l.members[k];
        if (auto s = member.Bind(1, static_cast<long long>(i)).Bind(2, static_cast<long long>(k)).Bind(3, m.id)
                         .Bind(4, m.label).Bind(5, DateOrEmpty(m.period.from)).Bind(6, DateOrEmpty(m.period.to)).Run(); !s) {
          return s;
        }
      }
    }
    Statement rule(db, "INSERT INTO rules VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Statement exception(db, "INSERT INTO rule_exceptions VALUES(?,?)");
    if (!rule.ok() || !exception.ok()) return db.Fail("prepare rules");
    for (std::size_t i = 0; i < rules.rules().size(); ++i) {
      const Rule& r = rules.rules()[i];
      rule.Bind(1, static_cast<long long>(i)).Bind(2, r.id).Bind(3, r.title)
          .Bind(4, std::string(reasoner::RuleKindName(r.kind))).Bind(5, r.source.document).Bind(6, r.source.number)
          .Bind(7, r.source.article).Bind(8, r.jurisdiction).Bind(9, DateOrEmpty(r.in_force.from))
          .Bind(10, DateOrEmpty(r.in_force.to)).Bind(11, r.condition_text).Bind(12, static_cast<long long>(r.concludes))
          .Bind(13, reasoner::ValueToken(rules.attribute(r.concludes), r.value)).Bind(14, static_cast<long long>(r.priority))
          .Bind(15, r.text).Bind(16, r.note).Bind(17, r.unclear).Bind(18, r.where.file)
          .Bind(19, static_cast<long long>(r.where.line)).Bind(20, static_cast<long long>(r.where.column))
          .Bind(21, r.catalogue).Bind(22, static_cast<long long>(r.row)).Bind(23, r.column);
      if (auto s = rule.Run(); !s) return s;
      for (int e : r.exception_to) {
        if (auto s = exception.Bind(1, static_cast<long long>(i)).Bind(2, static_cast<long long>(e)).Run(); !s) return s;
      }
    }
    Statement place(db, "INSERT INTO places VALUES(?,?)");
    if (!place.ok()) return db.Fail("prepare places");
    for (const auto& p : kb.places) {
      if (auto s = place.Bind(1, p.id).Bind(2, p.name).Run(); !s) return s;
    }
    Statement catalogue(db, "INSERT INTO catalogues VALUES(?,?,?,?,?,?,?,?)");
    Statement row(db, "INSERT INTO catalogue_rows VALUES(?,?,?,?,?,?,?,?,?,?)");
    if (!catalogue.ok() || !row.ok()) return db.Fail("prepare catalogues");
    for (const auto& c : kb.catalogues) {
      if (auto s = catalogue.Bind(1, c.id).Bind(2, c.title).Bind(3, c.document.document).Bind(4, c.document.number)
                       .Bind(5, c.jurisdiction).Bind(6, DateOrEmpty(c.in_force.from)).Bind(7, DateOrEmpty(c.in_force.to))
                       .Bind(8, c.decides).Run(); !s) {
        return s;
      }
    }
    for (const auto& w : kb.rows) {
      if (auto s = row.Bind(1, w.catalogue).Bind(2, static_cast<long long>(w.row)).Bind(3, w.category_no)
                       .Bind(4, w.category_name).Bind(5, w.item).Bind(6, Join(w.industry_codes, ","))
                       .Bind(7, w.sensitive_areas_text).Bind(8, EncodeCells(w.cells)).Bind(9, w.note).Bind(10, w.unclear)
                       .Run(); !s) {
        return s;
      }
    }
    Statement term(db, "INSERT INTO search_terms VALUES(?,?,?,?,?,?,?,?,?)");
    if (!term.ok()) return db.Fail("prepare search_terms");
    for (std::size_t i = 0; i < kb.search_terms.size(); ++i) {
      const auto& t = kb.search_terms[i];
      if (auto s = term.Bind(1, static_cast<long long>(i)).Bind(2, t.catalogue).Bind(3, t.term).Bind(4, JoinRows(t.rows))
                       .Bind(5, Join(t.industry_codes, ",")).Bind(6, t.note).Bind(7, t.where.file)
                       .Bind(8, static_cast<long long>(t.where.line)).Bind(9, static_cast<long long>(t.where.column))
                       .Run(); !s) {
        return s;
      }
    }
    return db.Exec("COMMIT;");
  };
  if (auto s = write(); !s) {
    fs::remove(temporary, ec);
    return s;
  }
  // Make the new file durable before it replaces the old one, then make the rename durable.
  int fd = ::open(temporary.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return Error{ErrorCode::kStorage, "cannot replace " + path.string() + ": " + ec.message()};
  }
  fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

Result<LoadedKb> OpenKb(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return Error{ErrorCode::kNotFound, "knowledge base '" + path.string() + "' does not exist (build it with: kb build data " + path.string() + ")"};
  }
  Db db;
  if (auto s = db.Open(path.string(), SQLITE_OPEN_READONLY); !s) return s.error();
  auto corrupt = [&](const std::string& what) {
    return Error{ErrorCode::kStorage, "knowledge base '" + path.string() + "' is not valid: " + what};
  };
  int schema = -1;
  {
    Statement version(db, "PRAGMA user_version");
    if (!version.ok() || !version.Next()) return corrupt(sqlite3_errmsg(db.get()));
    schema = static_cast<int>(version.Int(0));
  }
  if (schema != kSchemaVersion) {
    return corrupt("schema version " + std::to_string(schema) + ", this program reads version " + std::to_string(kSchemaVersion));
  }
  std::map<std::string, std::string> meta;
  {
    Statement q(db, "SELECT key, value FROM meta");
    if (!q.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (q.Next()) meta[q.Text(0)] = q.Text(1);
  }
  reasoner::AttributeTable attributes;
  {
    Statement q(db, "SELECT idx,id,type,label,unit,question,help,source,pattern,derived,decision,ordered,combine,"
                    "combine_source,default_value,default_reason,later_lighter_rule,ask_cost FROM attributes ORDER BY idx");
    if (!q.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (q.Next()) {
      Attribute a;
      a.id = q.Text(1);
      auto type = reasoner::ParseAttributeType(q.Text(2));
      if (!type) return corrupt("attribute '" + a.id + "' has unknown type");
      a.type = *type;
      a.label = q.Text(3);
      a.unit = q.Text(4);
      a.question = q.Text(5);
      a.help = q.Text(6);
      a.source = q.Text(7);
      a.pattern = q.Text(8);
      a.derived = q.Int(9) != 0;
      a.decision = q.Int(10) != 0;
      a.ordered = q.Int(11) != 0;
      auto combine = reasoner::ParseCombine(q.Text(12));
      if (!combine) return corrupt("attribute '" + a.id + "' has unknown combine");
      a.combine = *combine;
      a.combine_source = q.Text(13);
      if (!q.Text(14).empty()) a.default_value = static_cast<int>(q.Int(14));
      a.default_reason = q.Text(15);
      a.later_lighter_rule = q.Text(16);
      a.ask_cost = static_cast<int>(q.Int(17));
      if (attributes.Add(a) != static_cast<int>(q.Int(0))) return corrupt("attribute table out of order");
    }
    Statement v(db, "SELECT attribute,id,label,grp FROM attribute_values ORDER BY attribute, seq");
    if (!v.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (v.Next()) {
      int index = static_cast<int>(v.Int(0));
      if (index < 0 || static_cast<std::size_t>(index) >= attributes.all().size()) return corrupt("value of unknown attribute");
      attributes.mutable_at(index).values.push_back({v.Text(1), v.Text(2), v.Text(3)});
    }
    Statement f(db, "SELECT attribute,id,type,label,unit,help,field_values FROM attribute_fields ORDER BY attribute, seq");
    if (!f.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (f.Next()) {
      int index = static_cast<int>(f.Int(0));
      if (index < 0 || static_cast<std::size_t>(index) >= attributes.all().size()) return corrupt("field of unknown attribute");
      Attribute field;
      field.id = f.Text(1);
      auto type = reasoner::ParseAttributeType(f.Text(2));
      if (!type) return corrupt("field '" + field.id + "' has unknown type");
      field.type = *type;
      field.label = f.Text(3);
      field.unit = f.Text(4);
      field.help = f.Text(5);
      field.values = DecodeValues(f.Text(6));
      attributes.mutable_at(index).fields.push_back(std::move(field));
    }
  }
  std::vector<reasoner::NamedList> lists;
  {
    Statement q(db, "SELECT idx,id,title,document,number,article,jurisdiction,in_force_from,in_force_to,source_file,"
                    "source_line FROM lists ORDER BY idx");
    if (!q.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (q.Next()) {
      reasoner::NamedList l;
      l.id = q.Text(1);
      l.title = q.Text(2);
      l.source = {q.Text(3), q.Text(4), q.Text(5)};
      l.jurisdiction = q.Text(6);
      if (!q.Text(7).empty()) l.in_force.from = ParseDate(q.Text(7));
      if (!q.Text(8).empty()) l.in_force.to = ParseDate(q.Text(8));
      l.where = {q.Text(9), static_cast<int>(q.Int(10)), 0};
      lists.push_back(std::move(l));
    }
    Statement m(db, "SELECT list,id,label,from_date,to_date FROM list_members ORDER BY list, seq");
    if (!m.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (m.Next()) {
      auto index = static_cast<std::size_t>(m.Int(0));
      if (index >= lists.size()) return corrupt("member of unknown list");
      reasoner::ListMember member{m.Text(1), m.Text(2), {}};
      if (!m.Text(3).empty()) member.period.from = ParseDate(m.Text(3));
      if (!m.Text(4).empty()) member.period.to = ParseDate(m.Text(4));
      lists[index].members.push_back(std::move(member));
    }
  }
  std::vector<Rule> rules;
  {
    Statement count(db, "SELECT COUNT(*) FROM rules");
    if (count.ok() && count.Next()) rules.reserve(static_cast<std::size_t>(count.Int(0)));  // Rules are large: no regrowth
    const auto lookup = attributes.Lookup(&lists);
    Statement q(db, "SELECT idx,id,title,kind,document,number,article,jurisdiction,in_force_from,in_force_to,"
                    "condition,concludes,value,priority,text,note,unclear,source_file,source_line,source_column,"
                    "catalogue,row,col FROM rules ORDER BY idx");
    if (!q.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (q.Next()) {
      Rule r;
      r.id = q.Text(1);
      r.title = q.Text(2);
      const std::string kind = q.Text(3);
      for (auto k : {reasoner::RuleKind::kRule, reasoner::RuleKind::kCatalogueCell, reasoner::RuleKind::kRowApplies,
                     reasoner::RuleKind::kListed}) {
        if (reasoner::RuleKindName(k) == kind) r.kind = k;
      }
      r.source = {q.Text(4), q.Text(5), q.Text(6)};
      r.jurisdiction = q.Text(7);
      if (!q.Text(8).empty()) r.in_force.from = ParseDate(q.Text(8));
      if (!q.Text(9).empty()) r.in_force.to = ParseDate(q.Text(9));
      r.condition_text = q.Text(10);
      reasoner::ExprError error;
      auto expr = reasoner::ParseExpr(r.condition_text, &error);
      if (!expr || !reasoner::ResolveExpr(*expr, lookup, &error)) {
        return corrupt("condition of rule '" + r.id + "': " + error.message);
      }
      r.condition = std::move(*expr);
      r.concludes = static_cast<int>(q.Int(11));
      if (r.concludes < 0 || static_cast<std::size_t>(r.concludes) >= attributes.all().size()) {
        return corrupt("rule '" + r.id + "' concludes an unknown attribute");
      }
      std::string token = q.Text(12);
      const Attribute& a = attributes.at(r.concludes);
      reasoner::RawValue raw = ParseToken(a, token);
      if (auto problem = reasoner::ToValue(a, raw, &r.value)) return corrupt("rule '" + r.id + "': " + *problem);
      r.priority = static_cast<int>(q.Int(13));
      r.text = q.Text(14);
      r.note = q.Text(15);
      r.unclear = q.Text(16);
      r.where = {q.Text(17), static_cast<int>(q.Int(18)), static_cast<int>(q.Int(19))};
      r.catalogue = q.Text(20);
      r.row = static_cast<int>(q.Int(21));
      r.column = q.Text(22);
      rules.push_back(std::move(r));
    }
    Statement e(db, "SELECT rule, overrides FROM rule_exceptions");
    if (!e.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (e.Next()) {
      auto rule = static_cast<std::size_t>(e.Int(0));
      auto over = static_cast<int>(e.Int(1));
      if (rule >= rules.size() || over < 0 || static_cast<std::size_t>(over) >= rules.size()) return corrupt("bad exception");
      rules[rule].exception_to.push_back(over);
    }
  }
  LoadedKb kb;
  {
    Statement q(db, "SELECT id,title,document,number,jurisdiction,in_force_from,in_force_to,decides FROM catalogues");
    if (!q.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (q.Next()) {
      Catalogue c;
      c.id = q.Text(0);
      c.title = q.Text(1);
      c.document = {q.Text(2), q.Text(3), ""};
      c.jurisdiction = q.Text(4);
      if (!q.Text(5).empty()) c.in_force.from = ParseDate(q.Text(5));
      if (!q.Text(6).empty()) c.in_force.to = ParseDate(q.Text(6));
      c.decides = q.Text(7);
      kb.catalogues.push_back(c);
    }
    Statement w(db, "SELECT catalogue,row,category_no,category_name,item,industry_codes,sensitive_areas_text,cells,"
                    "note,unclear FROM catalogue_rows ORDER BY rowid");
    if (!w.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (w.Next()) {
      CatalogueRow row;
      row.catalogue = w.Text(0);
      row.row = static_cast<int>(w.Int(1));
      row.category_no = w.Text(2);
      row.category_name = w.Text(3);
      row.item = w.Text(4);
      row.industry_codes = Split(w.Text(5), ',');
      row.sensitive_areas_text = w.Text(6);
      row.cells = DecodeCells(w.Text(7));
      row.note = w.Text(8);
      row.unclear = w.Text(9);
      kb.rows.push_back(std::move(row));
    }
  }
  {
    Statement q(db, "SELECT id, name FROM places ORDER BY rowid");
    if (!q.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (q.Next()) kb.places.push_back({q.Text(0), q.Text(1)});
  }
  {
    Statement q(db, "SELECT catalogue, term, rows, industry_codes, note, source_file, source_line, source_column "
                    "FROM search_terms ORDER BY seq");
    if (!q.ok()) return corrupt(sqlite3_errmsg(db.get()));
    while (q.Next()) {
      SearchTerm t;
      t.catalogue = q.Text(0);
      t.term = q.Text(1);
      for (const auto& number : Split(q.Text(2), ',')) {
        const int row = std::atoi(number.c_str());
        if (row <= 0 || std::to_string(row) != number) return corrupt("search term '" + t.term + "' names row '" + number + "'");
        t.rows.push_back(row);
      }
      t.industry_codes = Split(q.Text(3), ',');
      t.note = q.Text(4);
      t.where = {q.Text(5), static_cast<int>(q.Int(6)), static_cast<int>(q.Int(7))};
      kb.search_terms.push_back(std::move(t));
    }
  }
  reasoner::KbInfo info{schema, meta["content_hash"], meta["source_digest"]};
  auto built = reasoner::RuleSet::Build(std::move(attributes), std::move(rules), std::move(lists), info);
  if (!built) return corrupt(built.error().message);
  const std::string actual = ContentHash(*built.value(), kb.rows, kb.places, kb.search_terms);
  if (actual != info.content_hash) {
    return corrupt("content hash mismatch (recorded " + info.content_hash.substr(0, 12) + "…, content gives " +
                   actual.substr(0, 12) + "…): the file was altered or damaged");
  }
  kb.rules = built.value();
  return kb;
}

}  // namespace assistant::kb
