// maas-rack: `config` (rackd.conf) and `register` (register_command.h), MAAS's Debian-style
// rack commands.
#include <iostream>

#include "maas/common/args.h"
#include "maas/common/command.h"
#include "maas/common/config_schemas.h"
#include "maas/common/secret_input.h"
#include "maas/common/settings_flags.h"
#include "maas/common/supervisor_link.h"
#include "maas/rack/register_command.h"

namespace maas::rack {

namespace {

int runConfig(const std::vector<std::string>& args, CliContext& ctx) {
    const ParsedArgs parsed = parseArgs(
        args,
        {{"--show", false}, {"--region-url"}, {"--maas-ca-file"}, {"--debug"}, {"--json", false}});
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
    if (const auto ca = parsed.value("--maas-ca-file")) {
        setFromOption(staged, "--maas-ca-file", "maas_ca_file", *ca);
    }
    const bool changed =
        parsed.has("--region-url") || parsed.has("--debug") || parsed.has("--maas-ca-file");
    settings = std::move(staged);
    if (changed) {
        settings.save(ctx.paths.rackd_conf);
        notifySupervisorIfConfigured(ctx);
    }
    if (!changed || parsed.has("--show")) {
        ctx.out << renderSettings(settings, {},
                                  parsed.has("--json") ? OutputFormat::Json : OutputFormat::Plain);
    }
    return 0;
}

int runRegisterCommand(const std::vector<std::string>& args, CliContext& ctx) {
    return runRegister(args, ctx.paths, processSecretInput(), ctx.out, ctx.err);
}

constexpr CommandEntry kRack[] = {
    {"config",
     "show or change rackd.conf (--region-url URL, --maas-ca-file PEM, --debug true|false)",
     runConfig},
    {"register", "register with regions: --url URL [--url URL2 ...] [--secret HEX]",
     runRegisterCommand},
};

}  // namespace

}  // namespace maas::rack

int main(int argc, char** argv) {
    const maas::ProcessEnvironment env;
    maas::CliContext ctx{maas::Paths::fromEnvironment(env), env, std::cout, std::cerr};
    const std::vector<std::string> args(argv + 1, argv + argc);
    static const maas::CommandTable table{"maas-rack", maas::rack::kRack, nullptr};
    return maas::dispatch(table, args, ctx);
}
