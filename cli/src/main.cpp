// One main for `maas`, `maas-region` and `maas-rack`: each is built from this file with
// MAAS_CLI_TABLE naming its command table.
#include <iostream>

#include "maas/cli/commands.h"

int main(int argc, char** argv) {
    const maas::ProcessEnvironment env;
    maas::cli::CliContext ctx{maas::Paths::fromEnvironment(env), env, std::cout, std::cerr};
    const std::vector<std::string> args(argv + 1, argv + argc);
    return maas::cli::dispatch(maas::cli::MAAS_CLI_TABLE(), args, ctx);
}
