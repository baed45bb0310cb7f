#include "maas/cli/admin/entry.h"

#include "maas/cli/admin/admin_cli.h"
#include "maas/common/config_schemas.h"

namespace maas::cli::admin {

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

}  // namespace maas::cli::admin
