// `maas config`: show or change the settings an operator (or `snap set`) touches most. Every
// value is validated in staging copies of all affected files before any file is written.
#include <ostream>

#include "maas/cli/commands.h"
#include "maas/common/args.h"
#include "maas/common/config_schemas.h"
#include "maas/common/database_layout.h"
#include "maas/common/mode.h"
#include "maas/common/settings_flags.h"
#include "maas/common/supervisor_link.h"

namespace maas::cli {

namespace {

Settings load(const SettingsSchema& schema, const std::filesystem::path& path) {
    try {
        return Settings::load(schema, path);
    } catch (const SettingsError& e) {
        throw CommandError(e.what());
    }
}

void show(CliContext& ctx, Mode mode, const Settings& region, const Settings& rack,
          const Settings& sup) {
    ctx.out << "mode: " << modeName(mode) << "\n";
    const bool region_mode = hasRegion(mode) || mode == Mode::None;
    if (region_mode) {
        ctx.out << "maas_url: " << region.getString("maas_url") << "\n";
        ctx.out << "num_workers: " << region.getInt("num_workers") << "\n";
        const bool embedded = usesEmbeddedDatabase(region, ctx.paths);
        ctx.out << "database: "
                << (embedded ? "embedded (" + ctx.paths.database_dir.string() + ")"
                             : region.getString("database_user") + "@" +
                                   region.getString("database_host") + ":" +
                                   std::to_string(region.getInt("database_port")) + "/" +
                                   region.getString("database_name"))
                << "\n";
    }
    if (hasRack(mode)) {
        ctx.out << "rack maas_url: " << settingToString(rack.get("maas_url")) << "\n";
    }
    ctx.out << "debug: " << (sup.getBool("debug") ? "true" : "false") << "\n";
}

}  // namespace

int runConfig(const std::vector<std::string>& args, CliContext& ctx) {
    if (!args.empty() && args[0] == "haproxy") {
        return runConfigHaproxy({args.begin() + 1, args.end()}, ctx);
    }
    const ParsedArgs parsed = parseArgs(args, {{"--show", false},
                                               {"--num-workers"},
                                               {"--maas-url"},
                                               {"--enable-debug", false},
                                               {"--disable-debug", false}});
    if (!parsed.positional.empty()) {
        throw UsageError(optionError(parsed.positional[0], "unexpected argument"));
    }
    if (parsed.has("--enable-debug") && parsed.has("--disable-debug")) {
        throw UsageError(optionError("--enable-debug", "conflicts with --disable-debug"));
    }
    Mode mode;
    try {
        mode = readMode(ctx.paths);
    } catch (const SettingsError& e) {
        throw CommandError(e.what());
    }
    Settings region = load(regiondSchema(), ctx.paths.regiond_conf);
    Settings rack = load(rackdSchema(), ctx.paths.rackd_conf);
    Settings sup = load(supervisorSchema(), ctx.paths.supervisor_conf);
    // Before `maas init` (mode none) values go to both role files so init starts from them.
    const bool region_files = hasRegion(mode) || mode == Mode::None;
    const bool rack_files = hasRack(mode) || mode == Mode::None;
    bool region_changed = false;
    bool rack_changed = false;
    bool sup_changed = false;
    if (const auto n = parsed.value("--num-workers")) {
        setFromOption(region, "--num-workers", "num_workers", *n);
        region_changed = true;
    }
    if (const auto url = parsed.value("--maas-url")) {
        if (auto problem = checkHttpUrl(*url)) {
            throw UsageError(optionError("--maas-url", *problem));
        }
        if (region_files) {
            setFromOption(region, "--maas-url", "maas_url", *url);
            region_changed = true;
        }
        if (rack_files) {
            setFromOption(rack, "--maas-url", "maas_url", *url);
            rack_changed = true;
        }
    }
    if (parsed.has("--enable-debug") || parsed.has("--disable-debug")) {
        const std::string value = parsed.has("--enable-debug") ? "true" : "false";
        setFromOption(sup, "--enable-debug", "debug", value);
        sup_changed = true;
        if (region_files) {
            setFromOption(region, "--enable-debug", "debug", value);
            region_changed = true;
        }
        if (rack_files) {
            setFromOption(rack, "--enable-debug", "debug", value);
            rack_changed = true;
        }
    }
    if (!region_changed && !rack_changed && !sup_changed) {
        show(ctx, mode, region, rack, sup);
        return 0;
    }
    if (region_changed) {
        region.save(ctx.paths.regiond_conf);
    }
    if (rack_changed) {
        rack.save(ctx.paths.rackd_conf);
    }
    if (sup_changed) {
        sup.save(ctx.paths.supervisor_conf);
    }
    ctx.out << "Configuration updated.\n";
    if (parsed.has("--show")) {
        show(ctx, mode, region, rack, sup);
    }
    if (mode != Mode::None) {
        notifySupervisor(ctx);
    }
    return 0;
}

}  // namespace maas::cli
