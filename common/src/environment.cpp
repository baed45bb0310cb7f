#include "maas/common/environment.h"

#include <cstdlib>

namespace maas {

std::optional<std::string> ProcessEnvironment::get(const std::string& name) const {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
        return std::nullopt;
    }
    return std::string(value);
}

std::optional<std::string> MapEnvironment::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::filesystem::path snapPrefixed(const Environment& env, const std::filesystem::path& path) {
    const auto snap = env.get("SNAP");
    if (snap && !snap->empty()) {
        return std::filesystem::path(*snap) / path.relative_path();
    }
    return path;
}

}  // namespace maas
