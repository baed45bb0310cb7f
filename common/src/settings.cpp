#include "maas/common/settings.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>

#include "maas/common/atomic_file.h"

namespace maas {

namespace {

std::string typeName(SettingType type) {
    switch (type) {
        case SettingType::String:
            return "a string";
        case SettingType::Integer:
            return "an integer";
        case SettingType::Boolean:
            return "true or false";
        case SettingType::StringList:
            return "a list of strings";
        case SettingType::Url:
            return "a URL";
    }
    return "a value";
}

std::optional<int64_t> parseInt(const std::string& text) {
    if (text.empty())
        return std::nullopt;
    size_t pos = 0;
    try {
        long long v = std::stoll(text, &pos, 10);
        if (pos != text.size())
            return std::nullopt;
        return static_cast<int64_t>(v);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<bool> parseBool(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), ::tolower);
    if (text == "true" || text == "yes" || text == "on" || text == "1")
        return true;
    if (text == "false" || text == "no" || text == "off" || text == "0")
        return false;
    return std::nullopt;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    for (char c : text) {
        if (c == ',' || c == ' ') {
            if (!item.empty())
                out.push_back(item);
            item.clear();
        } else {
            item.push_back(c);
        }
    }
    if (!item.empty())
        out.push_back(item);
    return out;
}

SettingValue fromNode(const SettingSpec& spec, const YAML::Node& node, const std::string& file) {
    auto bad = [&]() { return SettingsError(file, spec.key, "must be " + typeName(spec.type)); };
    switch (spec.type) {
        case SettingType::String:
        case SettingType::Url:
            if (!node.IsScalar())
                throw bad();
            return node.Scalar();
        case SettingType::Integer: {
            if (!node.IsScalar())
                throw bad();
            auto v = parseInt(node.Scalar());
            if (!v)
                throw bad();
            return *v;
        }
        case SettingType::Boolean: {
            if (!node.IsScalar())
                throw bad();
            auto v = parseBool(node.Scalar());
            if (!v)
                throw bad();
            return *v;
        }
        case SettingType::StringList: {
            if (node.IsScalar() && spec.accepts_single) {
                return std::vector<std::string>{node.Scalar()};
            }
            if (!node.IsSequence())
                throw bad();
            std::vector<std::string> items;
            for (const auto& item : node) {
                if (!item.IsScalar())
                    throw bad();
                items.push_back(item.Scalar());
            }
            return items;
        }
    }
    throw bad();
}

}  // namespace

SettingsError::SettingsError(std::string file, std::string key, std::string problem)
    : std::runtime_error(key.empty() ? file + ": " + problem : file + ": " + key + ": " + problem),
      file_(std::move(file)),
      key_(std::move(key)),
      problem_(std::move(problem)) {}

const SettingSpec* SettingsSchema::find(const std::string& key) const {
    for (const auto& s : specs) {
        if (s.key == key)
            return &s;
    }
    return nullptr;
}

Settings::Settings(const SettingsSchema& schema) : schema_(&schema) {}

const SettingSpec& Settings::spec(const std::string& key) const {
    const SettingSpec* s = schema_->find(key);
    if (s == nullptr) {
        throw SettingsError(schema_->file_name, key, "unknown setting");
    }
    return *s;
}

void Settings::check(const SettingSpec& s, const SettingValue& value) const {
    bool type_ok = false;
    switch (s.type) {
        case SettingType::String:
        case SettingType::Url:
            type_ok = std::holds_alternative<std::string>(value);
            break;
        case SettingType::Integer:
            type_ok = std::holds_alternative<int64_t>(value);
            break;
        case SettingType::Boolean:
            type_ok = std::holds_alternative<bool>(value);
            break;
        case SettingType::StringList:
            type_ok = std::holds_alternative<std::vector<std::string>>(value);
            break;
    }
    if (!type_ok) {
        throw SettingsError(schema_->file_name, s.key, "must be " + typeName(s.type));
    }
    if (s.type == SettingType::Url) {
        if (auto problem = checkHttpUrl(std::get<std::string>(value))) {
            throw SettingsError(schema_->file_name, s.key, *problem);
        }
    }
    if (s.validate) {
        if (auto problem = s.validate(value)) {
            throw SettingsError(schema_->file_name, s.key, *problem);
        }
    }
}

Settings Settings::fromYaml(const SettingsSchema& schema, const std::string& yaml) {
    Settings settings(schema);
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
        throw SettingsError(schema.file_name, "", std::string("invalid YAML: ") + e.msg);
    }
    if (root.IsNull()) {
        return settings;
    }
    if (!root.IsMap()) {
        throw SettingsError(schema.file_name, "", "must be a YAML mapping of key: value");
    }
    for (const auto& item : root) {
        const std::string key = item.first.as<std::string>();
        const SettingSpec& s = settings.spec(key);
        if (item.second.IsNull()) {
            continue;  // "key:" with no value means default
        }
        settings.set(key, fromNode(s, item.second, schema.file_name));
    }
    return settings;
}

Settings Settings::load(const SettingsSchema& schema, const std::filesystem::path& path) {
    std::optional<std::string> text;
    try {
        text = readFileIfExists(path);
    } catch (const FileError& e) {
        throw SettingsError(path.string(), "", e.what());
    }
    if (!text) {
        return Settings(schema);
    }
    try {
        return fromYaml(schema, *text);
    } catch (const SettingsError& e) {
        // Name the real path rather than the bare file name.
        throw SettingsError(path.string(), e.key(), e.problem());
    }
}

std::string Settings::toYaml() const {
    YAML::Emitter out;
    out << YAML::BeginMap;
    for (const auto& s : schema_->specs) {
        auto it = values_.find(s.key);
        if (it == values_.end())
            continue;
        out << YAML::Key << s.key << YAML::Value;
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                    out << YAML::BeginSeq;
                    for (const auto& e : v)
                        out << e;
                    out << YAML::EndSeq;
                } else {
                    out << v;
                }
            },
            it->second);
    }
    out << YAML::EndMap;
    std::string text = out.c_str();
    if (values_.empty())
        text = "{}";
    return text + "\n";
}

void Settings::save(const std::filesystem::path& path) const {
    writeFileAtomically(path, toYaml(), FileMode::Config);
}

void Settings::set(const std::string& key, const SettingValue& value) {
    const SettingSpec& s = spec(key);
    check(s, value);
    values_[key] = value;
}

void Settings::setFromString(const std::string& key, const std::string& text) {
    const SettingSpec& s = spec(key);
    switch (s.type) {
        case SettingType::String:
        case SettingType::Url:
            set(key, text);
            return;
        case SettingType::Integer: {
            auto v = parseInt(text);
            if (!v)
                throw SettingsError(schema_->file_name, key, "must be an integer");
            set(key, *v);
            return;
        }
        case SettingType::Boolean: {
            auto v = parseBool(text);
            if (!v)
                throw SettingsError(schema_->file_name, key, "must be true or false");
            set(key, *v);
            return;
        }
        case SettingType::StringList:
            set(key, splitList(text));
            return;
    }
}

void Settings::reset(const std::string& key) {
    spec(key);
    values_.erase(key);
}

bool Settings::isSet(const std::string& key) const {
    spec(key);
    return values_.count(key) != 0;
}

const SettingValue& Settings::get(const std::string& key) const {
    const SettingSpec& s = spec(key);
    auto it = values_.find(key);
    return it == values_.end() ? s.default_value : it->second;
}

std::string Settings::getString(const std::string& key) const {
    return std::get<std::string>(get(key));
}
int64_t Settings::getInt(const std::string& key) const {
    return std::get<int64_t>(get(key));
}
bool Settings::getBool(const std::string& key) const {
    return std::get<bool>(get(key));
}
std::vector<std::string> Settings::getList(const std::string& key) const {
    return std::get<std::vector<std::string>>(get(key));
}

std::vector<std::pair<const SettingSpec*, SettingValue>> Settings::effective() const {
    std::vector<std::pair<const SettingSpec*, SettingValue>> out;
    for (const auto& s : schema_->specs) {
        out.emplace_back(&s, get(s.key));
    }
    return out;
}

std::string settingToString(const SettingValue& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, bool>) {
                return v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, int64_t>) {
                return std::to_string(v);
            } else {
                std::string joined;
                for (const auto& e : v) {
                    if (!joined.empty())
                        joined += ",";
                    joined += e;
                }
                return joined;
            }
        },
        value);
}

SettingValidator intRange(int64_t min, int64_t max) {
    return [min, max](const SettingValue& v) -> std::optional<std::string> {
        int64_t n = std::get<int64_t>(v);
        if (n < min || n > max) {
            return "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                   ", got " + std::to_string(n);
        }
        return std::nullopt;
    };
}

SettingValidator oneOf(std::vector<std::string> choices) {
    return [choices](const SettingValue& v) -> std::optional<std::string> {
        const auto& s = std::get<std::string>(v);
        if (std::find(choices.begin(), choices.end(), s) != choices.end())
            return std::nullopt;
        std::string list;
        for (const auto& c : choices)
            list += (list.empty() ? "" : ", ") + c;
        return "must be one of " + list + ", got '" + s + "'";
    };
}

SettingValidator nonEmpty() {
    return [](const SettingValue& v) -> std::optional<std::string> {
        if (std::holds_alternative<std::string>(v) && std::get<std::string>(v).empty()) {
            return "must not be empty";
        }
        if (std::holds_alternative<std::vector<std::string>>(v) &&
            std::get<std::vector<std::string>>(v).empty()) {
            return "must not be empty";
        }
        return std::nullopt;
    };
}

std::optional<std::string> checkHttpUrl(const std::string& url) {
    static const std::regex kUrl(
        R"(^https?://(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?(/[^\s]*)?$)");
    if (!std::regex_match(url, kUrl)) {
        return "'" + url + "' is not a valid http(s) URL";
    }
    auto colon = url.find(':', url.find("://") + 3);
    auto bracket = url.find(']');
    if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
        auto end = url.find('/', colon);
        auto port =
            parseInt(url.substr(colon + 1, end == std::string::npos ? end : end - colon - 1));
        if (port && (*port < 1 || *port > 65535)) {
            return "'" + url + "' has a port outside 1-65535";
        }
    }
    return std::nullopt;
}

SettingValidator httpUrl() {
    return [](const SettingValue& v) -> std::optional<std::string> {
        if (std::holds_alternative<std::string>(v)) {
            return checkHttpUrl(std::get<std::string>(v));
        }
        for (const auto& url : std::get<std::vector<std::string>>(v)) {
            if (auto problem = checkHttpUrl(url))
                return problem;
        }
        return std::nullopt;
    };
}

}  // namespace maas
