#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace maas {

/// Read-only view of environment variables, injected so path logic is testable.
class Environment {
  public:
    virtual ~Environment() = default;
    virtual std::optional<std::string> get(const std::string& name) const = 0;
};

/// The real process environment.
class ProcessEnvironment final : public Environment {
  public:
    std::optional<std::string> get(const std::string& name) const override;
};

/// A fixed map, for tests and for building child environments.
class MapEnvironment final : public Environment {
  public:
    explicit MapEnvironment(std::map<std::string, std::string> values)
        : values_(std::move(values)) {}
    std::optional<std::string> get(const std::string& name) const override;

  private:
    std::map<std::string, std::string> values_;
};

/// path under $SNAP when running from the snap (programs and data it stages), else path.
std::filesystem::path snapPrefixed(const Environment& env, const std::filesystem::path& path);

}  // namespace maas
