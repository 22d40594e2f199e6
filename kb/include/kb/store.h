// The compiled knowledge base as one SQLite file.
//
// Schema version in PRAGMA user_version and in meta('schema_version'); the knowledge-base
// version is the SHA-256 of the canonical content (meta('content_hash')), stored with the
// provenance (file, line, column, citation) of every rule.
// Writing is atomic: the file is built beside the target and renamed over it, so a reader sees
// the old knowledge base or the new one, never a half-written one.
// Thread-safety: functions are reentrant; a loaded RuleSet is immutable and shareable.
#pragma once

#include <filesystem>
#include <memory>

#include "base/result.h"
#include "kb/compiler.h"

namespace assistant::kb {

// SHA-256 (hex) over the canonical content of the rules, attributes, rows, places and search
// terms (source locations excluded).
std::string ContentHash(const reasoner::RuleSet& rules, const std::vector<CatalogueRow>& rows,
                        const std::vector<Place>& places, const std::vector<SearchTerm>& terms);

// Writes `kb` to `path` atomically (temporary file + fsync + rename).
Status WriteKb(const CompiledKb& kb, const std::filesystem::path& path);

// A knowledge base loaded from its SQLite file.
struct LoadedKb {
  std::shared_ptr<const reasoner::RuleSet> rules;
  std::vector<Catalogue> catalogues;
  std::vector<CatalogueRow> rows;
  std::vector<Place> places;
  std::vector<SearchTerm> search_terms;
};

// Opens and verifies `path`: schema version, content hash recomputed and compared, every
// condition re-parsed and resolved. Any mismatch is an Error saying what is wrong; nothing is
// half-loaded.
Result<LoadedKb> OpenKb(const std::filesystem::path& path);

}  // namespace assistant::kb
