#include "server/kb_holder.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <system_error>

#include "server/search.h"
#include "server/signature.h"
#include "text_normalize.h"

namespace assistant::server {
namespace {

std::filesystem::path WithSuffix(const std::filesystem::path& path, const std::string& suffix) {
  return std::filesystem::path(path.string() + suffix);
}

// fsync of a file or folder, so a rename is durable across a power cut, not only a crash.
Status SyncPath(const std::filesystem::path& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return Error{ErrorCode::kStorage, "cannot open " + path.string() + " to sync"};
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Error{ErrorCode::kStorage, "fsync failed on " + path.string()};
  return Status::Ok();
}

// Copies `from` to `to` through "<to>.tmp" + fsync + rename: `to` is the old file or the new one.
Status AtomicCopy(const std::filesystem::path& from, const std::filesystem::path& to) {
  const auto tmp = WithSuffix(to, ".tmp");
  std::error_code ec;
  std::filesystem::copy_file(from, tmp, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Error{ErrorCode::kStorage, "cannot copy " + from.string() + " to " + tmp.string() + ": " + ec.message()};
  }
  if (auto s = SyncPath(tmp, false); !s) return s;
  std::filesystem::rename(tmp, to, ec);
  if (ec) return Error{ErrorCode::kStorage, "cannot rename " + tmp.string() + " to " + to.string() + ": " + ec.message()};
  return Status::Ok();
}

}  // namespace

KbSnapshot::KbSnapshot(kb::LoadedKb loaded, std::filesystem::path source_path, bool signature_checked)
    : kb(std::move(loaded)),
      engine(kb.rules),
      // ICU creates its normaliser on first use; create it here, before the index's thread and the
      // request threads both reach it, so its one-time setup happens before either starts.
      search_index((NormalizeInput(std::string()), std::async(std::launch::async,
                              [this]() -> std::shared_ptr<const SearchIndex> {
                                return std::make_shared<const SearchIndex>(kb);
                              }).share())),
      source(std::move(source_path)),
      signature_verified(signature_checked),
      loaded_at(std::chrono::system_clock::now()) {}

Result<std::shared_ptr<const KbSnapshot>> LoadSnapshot(const std::filesystem::path& path,
                                                       const std::filesystem::path& public_key) {
  if (!public_key.empty()) {
    if (auto s = VerifyFileSignature(path, WithSuffix(path, ".sig"), public_key); !s) return s.error();
  }
  auto loaded = kb::OpenKb(path);
  if (!loaded) return loaded.error();
  return std::shared_ptr<const KbSnapshot>(std::make_shared<KbSnapshot>(std::move(loaded.value()), path, !public_key.empty()));
}

KbHolder::KbHolder(std::shared_ptr<const KbSnapshot> initial, std::string degraded_reason)
    : current_(std::move(initial)), degraded_reason_(std::move(degraded_reason)) {}

Result<std::unique_ptr<KbHolder>> KbHolder::Open(const std::filesystem::path& path,
                                                 const std::filesystem::path& public_key) {
  auto snapshot = LoadSnapshot(path, public_key);
  if (snapshot) return std::make_unique<KbHolder>(std::move(snapshot.value()));
  const auto previous = WithSuffix(path, ".previous");
  std::error_code ec;
  if (!std::filesystem::exists(previous, ec)) return snapshot.error();
  auto fallback = LoadSnapshot(previous, public_key);
  if (!fallback) {
    return Error{snapshot.error().code, snapshot.error().ToString() + "; the previous version " + previous.string() +
                                            " fails too: " + fallback.error().ToString()};
  }
  return std::make_unique<KbHolder>(std::move(fallback.value()),
                                    path.string() + " failed verification (" + snapshot.error().ToString() +
                                        "); serving the previous version " + previous.string());
}

std::shared_ptr<const KbSnapshot> KbHolder::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

UpdateReport KbHolder::Install(const std::filesystem::path& source, const std::filesystem::path& target,
                               const std::filesystem::path& public_key) {
  std::lock_guard install_lock(install_mutex_);
  UpdateReport report;
  report.at = std::chrono::system_clock::now();
  report.previous = Current()->version();
  report.version = report.previous;
  auto finish = [&](UpdateReport r) {
    std::lock_guard lock(mutex_);
    last_update_ = r;
    return r;
  };

  auto snapshot = LoadSnapshot(source, public_key);
  if (!snapshot) {
    report.message = "update refused, still serving " + report.previous.substr(0, 12) + ": " + snapshot.error().ToString();
    return finish(report);
  }
  std::error_code ec;
  const bool in_place = std::filesystem::equivalent(source, target, ec);
  if (!in_place) {
    // Keep the replaced version for a fallback at the next start, then install the new one.
    if (std::filesystem::exists(target, ec)) {
      if (auto s = AtomicCopy(target, WithSuffix(target, ".previous")); !s) {
        report.message = "update refused, still serving " + report.previous.substr(0, 12) + ": " + s.error().message;
        return finish(report);
      }
      if (std::filesystem::exists(WithSuffix(target, ".sig"), ec)) {
        (void)AtomicCopy(WithSuffix(target, ".sig"), WithSuffix(target, ".previous.sig"));
      }
    }
    if (!public_key.empty()) {
      if (auto s = AtomicCopy(WithSuffix(source, ".sig"), WithSuffix(target, ".sig")); !s) {
        report.message = "update refused, still serving " + report.previous.substr(0, 12) + ": " + s.error().message;
        return finish(report);
      }
    }
    if (auto s = AtomicCopy(source, target); !s) {
      report.message = "update refused, still serving " + report.previous.substr(0, 12) + ": " + s.error().message;
      return finish(report);
    }
    (void)SyncPath(target.parent_path().empty() ? "." : target.parent_path(), true);
  }
  {
    std::lock_guard lock(mutex_);
    current_ = snapshot.value();
    degraded_reason_.clear();
  }
  report.ok = true;
  report.version = snapshot.value()->version();
  report.message = report.version == report.previous ? "knowledge base reloaded; version unchanged"
                                                      : "knowledge base updated from " + report.previous.substr(0, 12) +
                                                            " to " + report.version.substr(0, 12);
  return finish(report);
}

UpdateReport KbHolder::last_update() const {
  std::lock_guard lock(mutex_);
  return last_update_;
}

std::string KbHolder::degraded_reason() const {
  std::lock_guard lock(mutex_);
  return degraded_reason_;
}

}  // namespace assistant::server
