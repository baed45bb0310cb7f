// maas-region local_config_set / local_config_get / local_config_reset (regiond.conf) and
// maas-rack config (rackd.conf), MAAS's Debian-style entry points.
#include <ostream>

#include "maas/cli/commands.h"
#include "maas/cli/local_config.h"
#include "maas/cli/supervisor_link.h"
#include "maas/common/config_schemas.h"
#include "maas/supervisor/supervisor_config.h"

namespace maas::cli {

namespace {

Settings loadRegiond(const CliContext& ctx) {
    try {
        return Settings::load(regiondSchema(), ctx.paths.regiond_conf);
    } catch (const SettingsError& e) {
        throw CommandError(e.what());
    }
}

void rejectPositional(const ParsedArgs& parsed) {
    if (!parsed.positional.empty()) {
        throw UsageError(optionError(parsed.positional[0], "unexpected argument"));
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

bool supervisorRuns(const CliContext& ctx) {
    try {
        return supervisor::readMode(ctx.paths) != supervisor::Mode::None;
    } catch (const SettingsError&) {
        return false;
    }
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
    if (supervisorRuns(ctx)) {
        notifySupervisor(ctx);
    }
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
    if (supervisorRuns(ctx)) {
        notifySupervisor(ctx);
    }
    return 0;
}

int runRackConfig(const std::vector<std::string>& args, CliContext& ctx) {
    const ParsedArgs parsed =
        parseArgs(args, {{"--show", false}, {"--region-url"}, {"--debug"}, {"--json", false}});
    rejectPositional(parsed);
    Settings settings = [&] {
        try {
            return Settings::load(rackdSchema(), ctx.paths.rackd_conf);
        } catch (const SettingsError& e) {
            throw CommandError(e.what());
        }
    }();
    Settings staged = settings;
    if (const auto url = parsed.value("--region-url")) {
        setFromOption(staged, "--region-url", "maas_url", *url);
    }
    if (const auto debug = parsed.value("--debug")) {
        setFromOption(staged, "--debug", "debug", *debug);
    }
    const bool changed = parsed.has("--region-url") || parsed.has("--debug");
    settings = std::move(staged);
    if (changed) {
        settings.save(ctx.paths.rackd_conf);
        if (supervisorRuns(ctx)) {
            notifySupervisor(ctx);
        }
    }
    if (!changed || parsed.has("--show")) {
        ctx.out << renderSettings(settings, {},
                                  parsed.has("--json") ? OutputFormat::Json : OutputFormat::Plain);
    }
    return 0;
}

}  // namespace maas::cli
