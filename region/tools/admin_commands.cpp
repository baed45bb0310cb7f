// createadmin and apikey: the database in regiond.conf, through the region's admin library.
#include "region_tool.h"

#include <algorithm>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>

#include "maas/common/config_schemas.h"
#include "maas/common/secret_input.h"
#include "maas/region/admin/admin.h"
#include "maas/region/api/errors.h"

namespace maas::region::tools {

namespace {

/// --key value / --key=value / --flag parsing; unknown options are usage errors.
bool parseOptions(const std::vector<std::string>& args, const std::vector<std::string>& valued,
                  const std::vector<std::string>& flags, std::map<std::string, std::string>& out,
                  std::string& error) {
    for (size_t i = 1; i < args.size(); ++i) {
        std::string arg = args[i];
        std::string value;
        const auto eq = arg.find('=');
        const bool inline_value = eq != std::string::npos;
        if (inline_value) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        const auto is = [&](const std::vector<std::string>& list) {
            return std::find(list.begin(), list.end(), arg) != list.end();
        };
        if (is(flags) && !inline_value) {
            out[arg] = "yes";
        } else if (is(valued)) {
            if (!inline_value) {
                if (i + 1 >= args.size()) {
                    error = arg + " needs a value";
                    return false;
                }
                value = args[++i];
            }
            out[arg] = value;
        } else {
            error = "unknown option " + args[i];
            return false;
        }
    }
    return true;
}

}  // namespace

int runAdminCommand(const std::vector<std::string>& args, const Settings& regiond,
                    std::ostream& out, std::ostream& err) {
    std::map<std::string, std::string> opts;
    std::string error;
    const bool create = !args.empty() && args[0] == "createadmin";
    const bool ok =
        create ? parseOptions(args, {"--username", "--password", "--password-file", "--email"}, {},
                              opts, error)
               : parseOptions(args, {"--username"}, {"--generate"}, opts, error);
    if (ok && !opts.contains("--username"))
        error = "--username is required";
    if (error.empty() && create) {
        // As MAAS's createadmin: prompted (twice) on a terminal, else one line of standard
        // input; --password-file keeps it off the command line, where `ps` would show it.
        const auto given = [&](const std::string& k) {
            return opts.contains(k) ? std::optional(opts[k]) : std::nullopt;
        };
        try {
            opts["--password"] =
                readSecretOption({"--password", "Password: ", true}, given("--password"),
                                 given("--password-file"), processSecretInput());
        } catch (const std::invalid_argument& e) {
            error = e.what();
        }
    }
    if (!error.empty()) {
        err << "maas " << (args.empty() ? "" : args[0]) << ": " << error << "\nusage: "
            << (create ? "maas createadmin --username U [--password-file FILE | --password P] "
                         "[--email E]"
                       : "maas apikey --username U [--generate]")
            << "\n";
        return 2;
    }
    try {
        if (create) {
            admin::createAdmin(regiond, opts["--username"], opts["--password"], opts["--email"]);
            return 0;
        }
        for (const auto& key :
             admin::apiKeys(regiond, opts["--username"], opts.contains("--generate")))
            out << key.toString() << "\n";
        return 0;
    } catch (const api::ApiError& e) {
        err << "maas " << args[0] << ": " << e.body() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "maas " << args[0] << ": " << e.what() << "\n";
        return 1;
    }
}

namespace {
int runWith(const std::string& word, const std::vector<std::string>& args, CliContext& ctx) {
    const auto settings = Settings::load(regiondSchema(), ctx.paths.regiond_conf);
    std::vector<std::string> full{word};
    full.insert(full.end(), args.begin(), args.end());
    return runAdminCommand(full, settings, ctx.out, ctx.err);
}
}  // namespace

int runCreateAdmin(const std::vector<std::string>& args, CliContext& ctx) {
    return runWith("createadmin", args, ctx);
}
int runApiKey(const std::vector<std::string>& args, CliContext& ctx) {
    return runWith("apikey", args, ctx);
}

}  // namespace maas::region::tools
