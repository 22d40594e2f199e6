#include "metrics.h"

#include <sstream>

namespace assistant::server {
namespace {

// Label values are escaped as the exposition format asks: backslash, quote and newline.
std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

Metrics::Metrics(std::vector<std::string> api_routes) : routes_(std::move(api_routes)) {}

std::string Metrics::RouteLabel(std::string_view method, std::string_view path) const {
  for (const auto& r : routes_) {
    if (path == r) return std::string(method) + " " + r;
  }
  if (method == "GET" && path.substr(0, 5) != "/api/") return "GET static";
  return "other";
}

void Metrics::ObserveRequest(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.total;
  h.sum += seconds;
}

void Metrics::ObserveDecision(const std::string& decision, const std::string& outcome) {
  std::lock_guard lock(mutex_);
  ++decisions_[{decision, outcome}];
}

std::string Metrics::Render(const KbInfo& kb) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP eia_requests_total HTTP requests answered, by route and status.\n"
      << "# TYPE eia_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "eia_requests_total{route=\"" << Escape(key.first) << "\",status=\"" << key.second << "\"} " << n << "\n";
  }
  out << "# HELP eia_request_duration_seconds Time from routing to response, by route.\n"
      << "# TYPE eia_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string label = "route=\"" + Escape(route) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "eia_request_duration_seconds_bucket{" << label << ",le=\"" << kBuckets[i] << "\"} " << h.counts[i] << "\n";
    }
    out << "eia_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << h.total << "\n"
        << "eia_request_duration_seconds_sum{" << label << "} " << h.sum << "\n"
        << "eia_request_duration_seconds_count{" << label << "} " << h.total << "\n";
  }
  out << "# HELP eia_decisions_total Decisions answered, by decision and outcome (status, or the value when determined).\n"
      << "# TYPE eia_decisions_total counter\n";
  for (const auto& [key, n] : decisions_) {
    out << "eia_decisions_total{decision=\"" << Escape(key.first) << "\",outcome=\"" << Escape(key.second) << "\"} " << n
        << "\n";
  }
  out << "# HELP eia_kb_info The knowledge base serving (content hash).\n"
      << "# TYPE eia_kb_info gauge\n"
      << "eia_kb_info{version=\"" << Escape(kb.version) << "\"} 1\n"
      << "# HELP eia_kb_loaded_timestamp_seconds When the serving knowledge base was loaded.\n"
      << "# TYPE eia_kb_loaded_timestamp_seconds gauge\n"
      << "eia_kb_loaded_timestamp_seconds " << kb.loaded_unix_seconds << "\n"
      << "# HELP eia_kb_degraded 1 when the server started on a fallback knowledge base.\n"
      << "# TYPE eia_kb_degraded gauge\n"
      << "eia_kb_degraded " << (kb.degraded ? 1 : 0) << "\n"
      << "# HELP eia_kb_updates_failed_total Knowledge-base updates refused.\n"
      << "# TYPE eia_kb_updates_failed_total counter\n"
      << "eia_kb_updates_failed_total " << kb.updates_failed << "\n";
  return out.str();
}

}  // namespace assistant::server
