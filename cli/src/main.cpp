// maas: the command table of command_tables.cpp over the shared dispatcher.
#include <iostream>

#include "maas/cli/commands.h"

int main(int argc, char** argv) {
    const maas::ProcessEnvironment env;
    maas::CliContext ctx{maas::Paths::fromEnvironment(env), env, std::cout, std::cerr};
    const std::vector<std::string> args(argv + 1, argv + argc);
    return maas::dispatch(maas::cli::maasCommands(), args, ctx);
}
