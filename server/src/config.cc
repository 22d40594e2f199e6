#include "server/config.h"

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <vector>

#include "base/text.h"

namespace assistant::server {
namespace {

// A YAML node's place as file:line:column (yaml-cpp counts from 0).
SourceLocation Where(const std::filesystem::path& file, const YAML::Node& node) {
  const auto mark = node.Mark();
  return SourceLocation{file.string(), mark.line + 1, mark.column + 1};
}

class Reader {
 public:
  explicit Reader(std::filesystem::path file) : file_(std::move(file)) {}

  // Calls `on_key` for every key of the mapping `node`; a key not in `known` is an error.
  Status Keys(const YAML::Node& node, const std::string& section, const std::vector<std::string>& known,
              const std::function<Status(const std::string&, const YAML::Node&)>& on_key) const {
    if (!node.IsMap()) return Fail(node, (section.empty() ? "the file" : section) + " must be a mapping of keys");
    for (const auto& item : node) {
      const auto key = item.first.as<std::string>();
      bool found = false;
      for (const auto& k : known) found = found || k == key;
      if (!found) {
        const std::string where = section.empty() ? "" : " in " + section;
        return Fail(item.first, "unknown key '" + key + "'" + where + DidYouMean(key, known));
      }
      if (auto status = on_key(key, item.second); !status) return status;
    }
    return Status::Ok();
  }

  template <class T>
  Status Get(const YAML::Node& node, const std::string& name, const std::string& expected, T& out) const {
    try {
      if (!node.IsScalar()) return Fail(node, name + ": expected " + expected);
      out = node.as<T>();
      return Status::Ok();
    } catch (const YAML::Exception&) {
      return Fail(node, name + ": expected " + expected + ", got '" + node.Scalar() + "'");
    }
  }

  Status Int(const YAML::Node& node, const std::string& name, int low, int high, int& out) const {
    if (auto status = Get(node, name, "an integer", out); !status) return status;
    if (out < low || out > high) {
      return Fail(node, name + ": expected an integer from " + std::to_string(low) + " to " + std::to_string(high));
    }
    return Status::Ok();
  }

  Status Path(const YAML::Node& node, const std::string& name, std::filesystem::path& out) const {
    std::string text;
    if (auto status = Get(node, name, "a path", text); !status) return status;
    std::filesystem::path p(text);
    // Relative paths are relative to the configuration file, so a config can travel with its files.
    out = p.is_relative() && !text.empty() ? file_.parent_path() / p : p;
    return Status::Ok();
  }

  Error Fail(const YAML::Node& node, const std::string& message) const {
    return Error{ErrorCode::kInvalidInput, message, Where(file_, node)};
  }

 private:
  std::filesystem::path file_;
};

}  // namespace

std::string ModeName(Mode mode) {
  switch (mode) {
    case Mode::kKiosk: return "kiosk";
    case Mode::kWindow: return "window";
    case Mode::kField: return "field";
  }
  return "kiosk";
}

Result<ServerConfig> LoadConfig(const std::filesystem::path& path, ServerConfig config) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) {
    return Error{ErrorCode::kNotFound, "cannot read configuration file " + path.string()};
  } catch (const YAML::ParserException& e) {
    return Error{ErrorCode::kInvalidInput, e.msg,
                 SourceLocation{path.string(), e.mark.line + 1, e.mark.column + 1}};
  }
  if (root.IsNull()) return config;  // an empty file keeps every default
  const Reader r(path);
  auto& lim = config.limits;
  auto status = r.Keys(root, "", {"place", "mode", "listen", "kb", "kiosk", "limits", "log", "admin"},
      [&](const std::string& key, const YAML::Node& v) -> Status {
        if (key == "place") return r.Get(v, "place", "a place id such as cn.guangdong.jiangmen", config.place);
        if (key == "mode") {
          std::string mode;
          if (auto s = r.Get(v, "mode", "kiosk, window or field", mode); !s) return s;
          const std::map<std::string, Mode> modes{{"kiosk", Mode::kKiosk}, {"window", Mode::kWindow}, {"field", Mode::kField}};
          auto it = modes.find(mode);
          if (it == modes.end()) return r.Fail(v, "mode: expected kiosk, window or field, got '" + mode + "'");
          config.mode = it->second;
          return Status::Ok();
        }
        if (key == "listen") {
          return r.Keys(v, "listen", {"address", "port"}, [&](const std::string& k, const YAML::Node& x) -> Status {
            if (k == "address") return r.Get(x, "listen.address", "an IP address", config.bind_address);
            return r.Int(x, "listen.port", 0, 65535, config.port);
          });
        }
        if (key == "kb") {
          return r.Keys(v, "kb", {"path", "public_key"}, [&](const std::string& k, const YAML::Node& x) -> Status {
            if (k == "path") return r.Path(x, "kb.path", config.kb_path);
            return r.Path(x, "kb.public_key", config.kb_public_key);
          });
        }
        if (key == "kiosk") {
          return r.Keys(v, "kiosk", {"dir", "idle_seconds"}, [&](const std::string& k, const YAML::Node& x) -> Status {
            if (k == "dir") return r.Path(x, "kiosk.dir", config.kiosk_dir);
            return r.Int(x, "kiosk.idle_seconds", 10, 3600, config.idle_seconds);
          });
        }
        if (key == "limits") {
          return r.Keys(v, "limits",
              {"max_body_bytes", "max_headers", "max_uri_bytes", "read_timeout_seconds", "write_timeout_seconds",
               "keep_alive_seconds", "keep_alive_requests", "workers", "max_queued"},
              [&](const std::string& k, const YAML::Node& x) -> Status {
                int n = 0;
                if (k == "max_body_bytes" || k == "max_uri_bytes") {
                  if (auto s = r.Int(x, "limits." + k, 256, 16 * 1024 * 1024, n); !s) return s;
                  (k == "max_body_bytes" ? lim.max_body_bytes : lim.max_uri_bytes) = static_cast<std::size_t>(n);
                  return Status::Ok();
                }
                if (k == "max_headers") return r.Int(x, "limits.max_headers", 8, 1000, lim.max_headers);
                if (k == "read_timeout_seconds") return r.Int(x, "limits." + k, 1, 300, lim.read_timeout_seconds);
                if (k == "write_timeout_seconds") return r.Int(x, "limits." + k, 1, 300, lim.write_timeout_seconds);
                if (k == "keep_alive_seconds") return r.Int(x, "limits." + k, 0, 300, lim.keep_alive_seconds);
                if (k == "keep_alive_requests") return r.Int(x, "limits." + k, 1, 1000, lim.keep_alive_requests);
                if (k == "workers") return r.Int(x, "limits.workers", 1, 256, lim.workers);
                return r.Int(x, "limits.max_queued", 0, 100000, lim.max_queued);
              });
        }
        if (key == "log") {
          return r.Keys(v, "log", {"level", "decision_log", "retention_days", "record_facts"},
              [&](const std::string& k, const YAML::Node& x) -> Status {
                if (k == "level") {
                  if (auto s = r.Get(x, "log.level", "a level", config.log_level); !s) return s;
                  const std::vector<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
                  for (const auto& l : levels) if (l == config.log_level) return Status::Ok();
                  return r.Fail(x, "log.level: expected one of trace, debug, info, warn, error, off" +
                                       DidYouMean(config.log_level, levels));
                }
                if (k == "decision_log") return r.Path(x, "log.decision_log", config.decision_log);
                if (k == "retention_days") return r.Int(x, "log.retention_days", 1, 3650, config.retention_days);
                return r.Get(x, "log.record_facts", "true or false", config.record_facts);
              });
        }
        return r.Keys(v, "admin", {"enabled", "token_file"}, [&](const std::string& k, const YAML::Node& x) -> Status {
          if (k == "enabled") return r.Get(x, "admin.enabled", "true or false", config.admin_enabled);
          return r.Path(x, "admin.token_file", config.admin_token_file);
        });
      });
  if (!status) return status.error();
  return config;
}

Status ValidateConfig(const ServerConfig& config) {
  if (config.port < 0 || config.port > 65535) {
    return Error{ErrorCode::kInvalidInput, "port: expected 0..65535, got " + std::to_string(config.port)};
  }
  if (config.admin_enabled && config.admin_token_file.empty()) {
    return Error{ErrorCode::kInvalidInput, "admin.enabled needs admin.token_file (the token admin requests must carry)"};
  }
  if (config.limits.workers < 1) return Error{ErrorCode::kInvalidInput, "limits.workers: expected at least 1"};
  return Status::Ok();
}

}  // namespace assistant::server
