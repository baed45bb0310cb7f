#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace maas {

enum class SettingType { String, Integer, Boolean, StringList, Url };

using SettingValue = std::variant<std::string, int64_t, bool, std::vector<std::string>>;

/// Every settings problem reads "<file>: <key>: <problem>" (or "<file>: <problem>").
class SettingsError : public std::runtime_error {
  public:
    SettingsError(std::string file, std::string key, std::string problem);
    const std::string& file() const { return file_; }
    const std::string& key() const { return key_; }
    const std::string& problem() const { return problem_; }

  private:
    std::string file_;
    std::string key_;
    std::string problem_;
};

/// Returns a problem description, or nullopt when the value is acceptable.
using SettingValidator = std::function<std::optional<std::string>(const SettingValue&)>;

/// One row of a settings table: what a key is, its default, how it is checked, what it means.
struct SettingSpec {
    std::string key;
    SettingType type = SettingType::String;
    SettingValue default_value;
    std::string help;
    SettingValidator validate;    ///< optional extra check
    bool secret = false;          ///< never printed by tools or logs
    bool accepts_single = false;  ///< StringList: a plain string means a one-element list
};

/// The table for one file (regiond.conf, rackd.conf, supervisor.conf).
struct SettingsSchema {
    std::string file_name;
    std::vector<SettingSpec> specs;

    const SettingSpec* find(const std::string& key) const;
};

/// Values of one settings file, validated against its schema on every change.
class Settings {
  public:
    explicit Settings(const SettingsSchema& schema);

    /// Parses YAML text; unknown keys, wrong types and invalid values throw SettingsError.
    static Settings fromYaml(const SettingsSchema& schema, const std::string& yaml);
    /// Loads a file; a missing file gives defaults. Errors name the file.
    static Settings load(const SettingsSchema& schema, const std::filesystem::path& path);

    /// Writes the explicitly set keys as YAML, atomically, mode 0640.
    void save(const std::filesystem::path& path) const;
    std::string toYaml() const;

    /// Validates then stores; on error nothing changes.
    void set(const std::string& key, const SettingValue& value);
    /// Parses text per the key's type (CLI and snap set), then set().
    void setFromString(const std::string& key, const std::string& text);
    void reset(const std::string& key);
    bool isSet(const std::string& key) const;

    const SettingValue& get(const std::string& key) const;
    std::string getString(const std::string& key) const;
    int64_t getInt(const std::string& key) const;
    bool getBool(const std::string& key) const;
    std::vector<std::string> getList(const std::string& key) const;

    /// Every key with its effective value, in schema order (secrets included; callers that
    /// print must check SettingSpec::secret).
    std::vector<std::pair<const SettingSpec*, SettingValue>> effective() const;
    const SettingsSchema& schema() const { return *schema_; }

  private:
    const SettingSpec& spec(const std::string& key) const;
    void check(const SettingSpec& spec, const SettingValue& value) const;

    const SettingsSchema* schema_;
    std::map<std::string, SettingValue> values_;
};

/// Human text of a value (lists joined with ",").
std::string settingToString(const SettingValue& value);

// Reusable validators.
SettingValidator intRange(int64_t min, int64_t max);
SettingValidator oneOf(std::vector<std::string> choices);
SettingValidator nonEmpty();
/// http(s)://host[:port][/path] with a host; lists are checked element by element.
SettingValidator httpUrl();

/// Checks one URL; returns the problem or nullopt.
std::optional<std::string> checkHttpUrl(const std::string& url);

}  // namespace maas
