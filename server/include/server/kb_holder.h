// The knowledge base the server answers with, and its replacement while requests are served.
//
// A KbSnapshot is one verified knowledge base with everything derived from it (engine, search
// index). Handlers take Current() once per request, so a request is answered wholly by one
// version even when an update lands in the middle of it; the old snapshot lives until its last
// request finishes.
//
// Install() is the update path: verify the new file (Ed25519 signature when a public key is
// configured, then schema version, content hash and every rule re-parsed by kb::OpenKb), copy it
// over the configured path atomically (temporary file + fsync + rename + fsync of the folder,
// keeping the replaced file as "<path>.previous"), then swap. Any failure leaves the old version
// serving and is reported. At start, a file that fails verification falls back to "<path>.previous"
// and the server reports itself degraded.
// Thread-safety: every member function may be called from any thread.
#pragma once

#include <chrono>
#include <future>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "base/result.h"
#include "kb/store.h"
#include "reasoner/engine.h"

namespace assistant::server {

class SearchIndex;

struct KbSnapshot {
  KbSnapshot(kb::LoadedKb loaded, std::filesystem::path source_path, bool signature_checked);

  kb::LoadedKb kb;
  reasoner::Engine engine;
  // The search index of this version. Built on its own thread as the snapshot is made (the first
  // one in a process compiles ICU's Han-Latin rules, ~0.2 s), so a start or an update is not held
  // up by it; search() waits for it only if a search comes first.
  const SearchIndex& search() const { return *search_index.get(); }
  std::shared_future<std::shared_ptr<const SearchIndex>> search_index;
  std::filesystem::path source;  // empty when built in memory (tests)
  bool signature_verified = false;
  std::chrono::system_clock::time_point loaded_at;

  const std::string& version() const { return kb.rules->info().content_hash; }
};

struct UpdateReport {
  bool ok = false;
  std::string message;       // what happened, or why the update was refused
  std::string version;       // the version serving after the attempt
  std::string previous;      // the version serving before
  std::chrono::system_clock::time_point at;
};

// Verifies and opens `path`; when `public_key` is set, "<path>.sig" must verify under it first.
Result<std::shared_ptr<const KbSnapshot>> LoadSnapshot(const std::filesystem::path& path,
                                                       const std::filesystem::path& public_key);

class KbHolder {
 public:
  explicit KbHolder(std::shared_ptr<const KbSnapshot> initial, std::string degraded_reason = "");

  // Opens `path` (falling back to "<path>.previous", then degraded) for the server's start.
  static Result<std::unique_ptr<KbHolder>> Open(const std::filesystem::path& path,
                                                const std::filesystem::path& public_key);

  std::shared_ptr<const KbSnapshot> Current() const;

  // Verifies `source`; installs it at `target` (when different) and swaps it in.
  UpdateReport Install(const std::filesystem::path& source, const std::filesystem::path& target,
                       const std::filesystem::path& public_key);

  // The last Install() outcome (ok=false, empty message when there was none).
  UpdateReport last_update() const;
  // Why the server started on a fallback, or "" when it started on its configured file.
  std::string degraded_reason() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const KbSnapshot> current_;
  UpdateReport last_update_;
  std::string degraded_reason_;
  std::mutex install_mutex_;  // one update at a time
};

}  // namespace assistant::server
