#pragma once

#include <string>
#include <vector>

#include "maas/common/args.h"
#include "maas/common/settings.h"

namespace maas {

/// "--database-host" for "database_host": the flag of a settings key.
std::string flagForKey(const std::string& key);

/// One flag per schema key, each taking a value (local_config_set).
std::vector<OptionSpec> valueFlags(const SettingsSchema& schema);
/// One flag per schema key, taking no value (local_config_get / local_config_reset).
std::vector<OptionSpec> keyFlags(const SettingsSchema& schema);

/// settings.setFromString(key, value), reporting a bad value as UsageError
/// "<option>: <problem>." (the option the user typed, not the file key).
void setFromOption(Settings& settings, const std::string& option, const std::string& key,
                   const std::string& value);

/// Applies every "--key value" to a staging copy; throws UsageError "<option>: <message>." for
/// the first bad value, leaving settings untouched.
void applyFlags(Settings& settings, const ParsedArgs& parsed);

enum class OutputFormat { Plain, Json, Yaml };

/// Renders the chosen keys (all non-secret keys when keys is empty). Plain prints values one
/// per line when keys are named, "key: value" lines otherwise.
std::string renderSettings(const Settings& settings, const std::vector<std::string>& keys,
                           OutputFormat format);

}  // namespace maas
