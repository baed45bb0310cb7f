#include "maas/cli/profile/entry.h"

#include <iostream>

#include "maas/cli/profile/profile_cli.h"

namespace maas::cli::profile {

namespace {

int runWith(const std::string& word, const std::vector<std::string>& args, CliContext& ctx) {
    const auto home = ctx.env.get("HOME");
    ProfileStore store(home && !home->empty() ? std::filesystem::path(*home) / ".maascli.json"
                                              : ProfileStore::defaultPath());
    PocoHttpClient http;
    ProfileCli cli(store, http, std::cin, ctx.out, ctx.err);
    std::vector<std::string> full;
    if (!word.empty())
        full.push_back(word);
    full.insert(full.end(), args.begin(), args.end());
    return cli.run(full);
}

}  // namespace

int runLogin(const std::vector<std::string>& args, CliContext& ctx) {
    return runWith("login", args, ctx);
}
int runLogout(const std::vector<std::string>& args, CliContext& ctx) {
    return runWith("logout", args, ctx);
}
int runList(const std::vector<std::string>& args, CliContext& ctx) {
    return runWith("list", args, ctx);
}
int runProfileCommand(const std::vector<std::string>& args, CliContext& ctx) {
    return runWith("", args, ctx);
}

}  // namespace maas::cli::profile
