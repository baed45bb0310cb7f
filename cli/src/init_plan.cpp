#include "maas/cli/init_plan.h"

#include "maas/cli/database_uri.h"
#include "maas/common/command.h"
#include "maas/common/https_client.h"
#include "maas/common/secret.h"
#include "maas/common/secret_input.h"
#include "maas/common/settings_flags.h"

#include <cctype>
#include <stdexcept>

namespace maas::cli {

namespace {

Mode chooseMode(const ParsedArgs& args) {
    std::optional<std::string> text = args.value("--mode");
    if (args.positional.size() > 1) {
        throw UsageError(optionError(args.positional[1], "unexpected argument"));
    }
    if (!args.positional.empty()) {
        if (text && *text != args.positional[0]) {
            throw UsageError(optionError(
                "--mode", "contradicts the positional mode '" + args.positional[0] + "'"));
        }
        text = args.positional[0];
    }
    if (!text) {
        throw UsageError(optionError("mode", "give one of region, rack, region+rack"));
    }
    const auto mode = parseMode(*text);
    if (!mode || *mode == Mode::None) {
        throw UsageError(
            optionError("mode", "'" + *text + "' is not one of region, rack, region+rack"));
    }
    return *mode;
}

void rejectForRack(const ParsedArgs& args, const std::string& option) {
    if (args.has(option)) {
        throw UsageError(optionError(option, "only applies to region modes"));
    }
}

}  // namespace

const std::vector<OptionSpec>& initOptions() {
    static const std::vector<OptionSpec> options{
        {"--mode"},         {"--maas-url"},    {"--secret"},       {"--secret-file"},
        {"--database-uri"}, {"--num-workers"}, {"--force", false}, {"--maas-ca-file"},
    };
    return options;
}

void resolveSecret(ParsedArgs& args, SecretInput& in) {
    const std::string mode =
        args.value("--mode").value_or(args.positional.empty() ? "" : args.positional[0]);
    std::optional<std::string> secret;
    if (const auto file = args.value("--secret-file")) {
        if (args.has("--secret"))
            throw UsageError(optionError("--secret", "give it or --secret-file, not both"));
        try {
            secret = readSecretFile(*file, "--secret-file");
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string(e.what()) + ".");
        }
    } else if (!args.has("--secret") && mode == "rack") {
        // As MAAS's register: prompted on a terminal, else one line of standard input. A
        // region generates its secret when none is given, so it reads nothing.
        auto line =
            in.isTerminal() ? in.promptHidden("Secret (hex/base16 encoded): ") : in.readLine();
        while (line && !line->empty() && std::isspace(static_cast<unsigned char>(line->back())))
            line->pop_back();
        if (line && !line->empty())
            secret = line;
    }
    if (!secret)
        return;  // planInit reports a missing secret
    std::erase_if(args.options, [](const auto& o) {
        return o.first == "--secret" || o.first == "--secret-file";
    });
    args.options.emplace_back("--secret", *secret);
}

void resolveCaFile(ParsedArgs& args) {
    for (auto& [option, value] : args.options) {
        if (option != "--maas-ca-file")
            continue;
        try {
            value = https::checkedCaFile(option, value);
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    }
}

InitPlan planInit(const ParsedArgs& args, const ExistingState& existing,
                  const std::string& generated_secret, const std::string& generated_password) {
    InitPlan plan;
    plan.mode = chooseMode(args);
    if (existing.mode != Mode::None && !args.has("--force")) {
        throw UsageError(optionError("--force", "this machine is already initialised as " +
                                                    std::string(modeName(existing.mode)) +
                                                    "; add --force to initialise it again"));
    }
    const bool region = hasRegion(plan.mode);
    const bool rack = hasRack(plan.mode);
    const auto url = args.value("--maas-url");
    if (url) {
        if (auto problem = checkHttpUrl(*url)) {
            throw UsageError(optionError("--maas-url", *problem));
        }
    }
    const auto secret = args.value("--secret");
    if (secret && !Secret::isValidHex(*secret)) {
        throw UsageError(optionError("--secret", "must be 32 hexadecimal characters"));
    }
    if (!region) {
        rejectForRack(args, "--database-uri");
        rejectForRack(args, "--num-workers");
        if (!url) {
            throw UsageError(optionError("--maas-url", "a rack needs the URL of its region"));
        }
        if (!secret) {
            throw UsageError(optionError("--secret", "a rack needs the region's shared secret"));
        }
    }

    if (region) {
        Settings regiond = existing.regiond;
        if (url) {
            setFromOption(regiond, "--maas-url", "maas_url", *url);
        }
        if (const auto workers = args.value("--num-workers")) {
            setFromOption(regiond, "--num-workers", "num_workers", *workers);
        }
        if (const auto uri = args.value("--database-uri")) {
            const DatabaseUri db = parseDatabaseUri(*uri);
            setFromOption(regiond, "--database-uri", "database_host", db.host);
            regiond.set("database_port", db.port);
            setFromOption(regiond, "--database-uri", "database_name", db.name);
            setFromOption(regiond, "--database-uri", "database_user", db.user);
            regiond.set("database_pass", db.password);
        } else {
            const bool reuse =
                existing.cluster_exists &&
                existing.regiond.getString("database_host") == existing.embedded_socket_dir &&
                !existing.regiond.getString("database_pass").empty();
            if (existing.cluster_exists && !reuse) {
                throw UsageError(
                    optionError("--database-uri",
                                "not given, and the embedded database directory already "
                                "holds a cluster whose password is unknown; remove it or "
                                "give --database-uri"));
            }
            if (!reuse) {
                if (!existing.database_tools_present) {
                    throw UsageError(optionError(
                        "--database-uri", "not given, and PostgreSQL 15 is not installed in " +
                                              existing.database_tools_dir +
                                              " for the embedded database"));
                }
                if (!existing.database_user_exists) {
                    throw UsageError(optionError(
                        "--database-uri", "not given, and the user '" + existing.database_user +
                                              "' the embedded database runs as does not exist"));
                }
                plan.create_cluster = true;
                plan.database_password = generated_password;
                regiond.set("database_pass", generated_password);
            }
            regiond.set("database_host", existing.embedded_socket_dir);
            regiond.reset("database_port");
            regiond.set("database_name", std::string("maasdb"));
            regiond.set("database_user", std::string("maas"));
        }
        plan.regiond = std::move(regiond);
    }
    if (rack) {
        Settings rackd = existing.rackd;
        const std::string rack_url =
            url ? *url : (plan.regiond ? plan.regiond->getString("maas_url") : "");
        setFromOption(rackd, "--maas-url", "maas_url", rack_url);
        if (const auto ca_file = args.value("--maas-ca-file"))
            setFromOption(rackd, "--maas-ca-file", "maas_ca_file", *ca_file);
        plan.rackd = std::move(rackd);
    } else if (args.has("--maas-ca-file")) {
        throw UsageError(optionError("--maas-ca-file", "only applies to modes with a rack"));
    }
    if (secret) {
        plan.new_secret = *secret;
    } else if (!existing.secret_exists) {
        plan.new_secret = generated_secret;  // region modes only: racks were refused above
    }
    return plan;
}

}  // namespace maas::cli
