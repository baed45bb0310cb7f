// maas-region local_config_set / local_config_get / local_config_reset (regiond.conf), MAAS's
// Debian-style entry points.
#include <ostream>

#include "maas/common/config_schemas.h"
#include "maas/common/settings_flags.h"
#include "maas/common/supervisor_link.h"
#include "region_tool.h"

namespace maas::region::tools {

namespace {

Settings loadRegiond(const CliContext& ctx) {
    try {
        return Settings::load(regiondSchema(), ctx.paths.regiond_conf);
    } catch (const SettingsError& e) {
        throw CommandError(e.what());
    }
}

std::vector<std::string> keysNamed(const ParsedArgs& parsed) {
    std::vector<std::string> keys;
    for (const auto& [flag, value] : parsed.options) {
        if (flag != "--json" && flag != "--yaml" && flag != "--plain") {
            std::string key = flag.substr(2);
            std::replace(key.begin(), key.end(), '-', '_');
            keys.push_back(key);
        }
    }
    return keys;
}

}  // namespace

int runLocalConfigSet(const std::vector<std::string>& args, CliContext& ctx) {
    const ParsedArgs parsed = parseArgs(args, valueFlags(regiondSchema()));
    rejectPositional(parsed);
    if (parsed.options.empty()) {
        throw UsageError(optionError("local_config_set",
                                     "give at least one setting, e.g. "
                                     "--database-host HOST"));
    }
    Settings settings = loadRegiond(ctx);
    applyFlags(settings, parsed);
    settings.save(ctx.paths.regiond_conf);
    notifySupervisorIfConfigured(ctx);
    return 0;
}

int runLocalConfigGet(const std::vector<std::string>& args, CliContext& ctx) {
    auto flags = keyFlags(regiondSchema());
    flags.push_back({"--json", false});
    flags.push_back({"--yaml", false});
    flags.push_back({"--plain", false});
    const ParsedArgs parsed = parseArgs(args, flags);
    rejectPositional(parsed);
    const int formats = parsed.has("--json") + parsed.has("--yaml") + parsed.has("--plain");
    if (formats > 1) {
        throw UsageError(optionError("--json", "choose one of --json, --yaml, --plain"));
    }
    const OutputFormat format = parsed.has("--json")   ? OutputFormat::Json
                                : parsed.has("--yaml") ? OutputFormat::Yaml
                                                       : OutputFormat::Plain;
    ctx.out << renderSettings(loadRegiond(ctx), keysNamed(parsed), format);
    return 0;
}

int runLocalConfigReset(const std::vector<std::string>& args, CliContext& ctx) {
    const ParsedArgs parsed = parseArgs(args, keyFlags(regiondSchema()));
    rejectPositional(parsed);
    if (parsed.options.empty()) {
        throw UsageError(
            optionError("local_config_reset", "name the settings to reset, e.g. --num-workers"));
    }
    Settings settings = loadRegiond(ctx);
    for (const auto& key : keysNamed(parsed)) {
        settings.reset(key);
    }
    settings.save(ctx.paths.regiond_conf);
    notifySupervisorIfConfigured(ctx);
    return 0;
}

}  // namespace maas::region::tools
