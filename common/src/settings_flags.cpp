#include "maas/common/settings_flags.h"

#include <yaml-cpp/yaml.h>

#include "maas/common/command.h"
#include "maas/common/log.h"

namespace maas {

namespace {

std::string keyForFlag(const std::string& flag) {
    std::string key = flag.substr(2);
    for (char& c : key) {
        if (c == '-') {
            c = '_';
        }
    }
    return key;
}

std::string jsonValue(const SettingValue& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>) {
                return "\"" + jsonEscape(v) + "\"";
            } else if constexpr (std::is_same_v<T, bool>) {
                return v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, int64_t>) {
                return std::to_string(v);
            } else {
                std::string out = "[";
                for (size_t i = 0; i < v.size(); ++i) {
                    out += (i ? ", \"" : "\"") + jsonEscape(v[i]) + "\"";
                }
                return out + "]";
            }
        },
        value);
}

}  // namespace

std::string flagForKey(const std::string& key) {
    std::string flag = "--" + key;
    for (char& c : flag) {
        if (c == '_') {
            c = '-';
        }
    }
    return flag;
}

std::vector<OptionSpec> valueFlags(const SettingsSchema& schema) {
    std::vector<OptionSpec> flags;
    for (const auto& s : schema.specs) {
        flags.push_back({flagForKey(s.key), true});
    }
    return flags;
}

std::vector<OptionSpec> keyFlags(const SettingsSchema& schema) {
    std::vector<OptionSpec> flags;
    for (const auto& s : schema.specs) {
        flags.push_back({flagForKey(s.key), false});
    }
    return flags;
}

void setFromOption(Settings& settings, const std::string& option, const std::string& key,
                   const std::string& value) {
    try {
        settings.setFromString(key, value);
    } catch (const SettingsError& e) {
        throw UsageError(optionError(option, e.problem()));
    }
}

void applyFlags(Settings& settings, const ParsedArgs& parsed) {
    Settings staged = settings;
    for (const auto& [flag, value] : parsed.options) {
        setFromOption(staged, flag, keyForFlag(flag), value);
    }
    settings = std::move(staged);
}

std::string renderSettings(const Settings& settings, const std::vector<std::string>& keys,
                           OutputFormat format) {
    std::vector<std::pair<std::string, SettingValue>> chosen;
    if (keys.empty()) {
        for (const auto& [spec, value] : settings.effective()) {
            if (!spec->secret) {
                chosen.emplace_back(spec->key, value);
            }
        }
    } else {
        for (const auto& k : keys) {
            chosen.emplace_back(k, settings.get(k));
        }
    }
    std::string out;
    switch (format) {
        case OutputFormat::Json: {
            out = "{";
            for (size_t i = 0; i < chosen.size(); ++i) {
                out += (i ? ", \"" : "\"") + chosen[i].first + "\": " + jsonValue(chosen[i].second);
            }
            return out + "}\n";
        }
        case OutputFormat::Yaml: {
            YAML::Emitter e;
            e << YAML::BeginMap;
            for (const auto& [k, v] : chosen) {
                e << YAML::Key << k << YAML::Value;
                std::visit(
                    [&](const auto& x) {
                        using T = std::decay_t<decltype(x)>;
                        if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                            e << YAML::BeginSeq;
                            for (const auto& item : x) {
                                e << item;
                            }
                            e << YAML::EndSeq;
                        } else {
                            e << x;
                        }
                    },
                    v);
            }
            e << YAML::EndMap;
            return std::string(e.c_str()) + "\n";
        }
        case OutputFormat::Plain:
            for (const auto& [k, v] : chosen) {
                out +=
                    keys.empty() ? k + ": " + settingToString(v) + "\n" : settingToString(v) + "\n";
            }
            return out;
    }
    return out;
}

}  // namespace maas
