// `maas init`: validate everything, then create the embedded database if needed, write the
// configs, the secret and the mode (last, so the supervisor never sees a half-written setup),
// then ask the supervisor to converge.
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <iomanip>
#include <ostream>

#include "maas/cli/commands.h"
#include "maas/cli/embedded_database.h"
#include "maas/cli/init_plan.h"
#include "maas/common/atomic_file.h"
#include "maas/common/config_schemas.h"
#include "maas/common/database_layout.h"
#include "maas/common/mode.h"
#include "maas/common/secret.h"
#include "maas/common/supervisor_link.h"

namespace maas::cli {

namespace fs = std::filesystem;

namespace {

Settings loadOrReject(const SettingsSchema& schema, const fs::path& path) {
    try {
        return Settings::load(schema, path);
    } catch (const SettingsError& e) {
        throw UsageError(optionError(path.string(), e.problem() + " (fix or remove the file)"));
    }
}

ExistingState inspect(const CliContext& ctx, const Settings& sup, bool force) {
    ExistingState s;
    try {
        s.mode = readMode(ctx.paths);
    } catch (const SettingsError& e) {
        if (!force) {
            throw UsageError(optionError("--force", e.what() + std::string("; add --force to "
                                                                           "replace it")));
        }
        s.mode = Mode::None;  // replaced by this init
    }
    s.regiond = loadOrReject(regiondSchema(), ctx.paths.regiond_conf);
    s.rackd = loadOrReject(rackdSchema(), ctx.paths.rackd_conf);
    s.secret_exists = fs::exists(ctx.paths.secret);
    s.cluster_exists = clusterExists(ctx.paths.database_dir);
    s.embedded_socket_dir = embeddedDatabaseSocketDir(ctx.paths).string();
    const fs::path bin = postgresBinDir(sup, ctx.env);
    s.database_tools_dir = bin.string();
    s.database_tools_present = fs::exists(bin / "initdb") && fs::exists(bin / "postgres");
    s.database_user = databaseOsUser(sup, ctx.paths);
    s.database_user_exists = ::geteuid() != 0 || ::getpwnam(s.database_user.c_str()) != nullptr;
    return s;
}

}  // namespace

int runInit(const std::vector<std::string>& args, CliContext& ctx) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        ctx.out << "usage: maas init region|rack|region+rack [--maas-url URL]\n"
                   "                 [--secret-file FILE | --secret HEX] [--maas-ca-file FILE]\n"
                   "                 [--database-uri URI] [--num-workers N] [--force]\n";
        return 0;
    }
    ParsedArgs parsed = parseArgs(args, initOptions());
    resolveSecret(parsed, processSecretInput());
    resolveCaFile(parsed);
    const Settings sup = loadOrReject(supervisorSchema(), ctx.paths.supervisor_conf);
    const ExistingState existing = inspect(ctx, sup, parsed.has("--force"));
    const InitPlan plan =
        planInit(parsed, existing, Secret::generate().hex(), Secret::generate().hex());
    ctx.out << "Initialising this machine as " << modeName(plan.mode) << ".\n";

    ctx.paths.createDirectories();
    if (plan.create_cluster) {
        EmbeddedDatabase db;
        db.bin_dir = postgresBinDir(sup, ctx.env);
        db.os_user = existing.database_user;
        db.password = plan.database_password;
        db.sync = ctx.env.get("MAAS_DB_NO_SYNC").value_or("") != "1";
        const auto t0 = std::chrono::steady_clock::now();
        createEmbeddedCluster(ctx.paths, db, ctx.out);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
        ctx.out << "Created the embedded database (maasdb, user maas) in " << std::fixed
                << std::setprecision(2) << took.count() << " s.\n";
    }
    if (plan.regiond) {
        plan.regiond->save(ctx.paths.regiond_conf);
        ctx.out << "Wrote " << ctx.paths.regiond_conf.string() << ".\n";
    }
    if (plan.rackd) {
        plan.rackd->save(ctx.paths.rackd_conf);
        ctx.out << "Wrote " << ctx.paths.rackd_conf.string() << ".\n";
    }
    if (plan.new_secret) {
        Secret::fromHex(*plan.new_secret).writeFile(ctx.paths.secret);
        ctx.out << "Wrote the shared secret to " << ctx.paths.secret.string() << ".\n";
    }
    writeFileAtomically(ctx.paths.mode_file, std::string(modeName(plan.mode)) + "\n",
                        FileMode::Public);
    ctx.out << "Mode set to " << modeName(plan.mode) << ".\n";
    notifySupervisor(ctx);
    return 0;
}

}  // namespace maas::cli
