// Counters for GET /metrics in the Prometheus text format (version 0.0.4): requests by route and
// status, request latency histogram by route, decisions by decision and outcome, and the
// knowledge-base version as an info metric. Route labels come from a fixed set (unknown paths
// count as "other", kiosk files as "static"), so a scanner cannot blow up the label space.
// Thread-safety: every member function may be called from any thread.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace assistant::server {

class Metrics {
 public:
  explicit Metrics(std::vector<std::string> api_routes);

  // The label for a request path: the route itself, "static" or "other".
  std::string RouteLabel(std::string_view method, std::string_view path) const;

  void ObserveRequest(const std::string& route, int status, double seconds);
  void ObserveDecision(const std::string& decision, const std::string& outcome);

  struct KbInfo {
    std::string version;
    long long loaded_unix_seconds = 0;
    bool degraded = false;
    long long updates_failed = 0;
  };
  std::string Render(const KbInfo& kb) const;

 private:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<long long, kBuckets.size()> counts{};
    long long total = 0;
    double sum = 0;
  };
  std::vector<std::string> routes_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, long long> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::pair<std::string, std::string>, long long> decisions_;
};

}  // namespace assistant::server
