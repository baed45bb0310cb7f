// The command-line programs' shared frame: a table of commands, their context, the error
// shapes (usage: exit 2, failure: exit 1) and dispatch. `maas`, `maas-region` and `maas-rack` are
// each a table over it.
#pragma once

#include <iosfwd>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "maas/common/environment.h"
#include "maas/common/paths.h"

namespace maas {

/// What every command gets: where files live, the environment and where to print.
struct CliContext {
    Paths paths;
    const Environment& env;
    std::ostream& out;
    std::ostream& err;
};

/// Bad invocation or rejected input: printed as "<option>: <message>." and exit code 2.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The command could not do its work (I/O, a failed initdb): exit code 1.
class CommandError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A command group's entry point: args exclude the command name itself. Returns the exit code.
using CommandFn = int (*)(const std::vector<std::string>& args, CliContext& ctx);

struct CommandEntry {
    std::string_view name;
    std::string_view summary;
    CommandFn run;
};

/// A program's commands. fallback, when set, receives every unknown first word with its
/// arguments (`maas PROFILE RESOURCE ACTION ...`).
struct CommandTable {
    std::string_view program;
    std::span<const CommandEntry> entries;
    CommandFn fallback = nullptr;
};

/// Runs the entry named by args[0]; prints help for no args, -h or --help.
int dispatch(const CommandTable& table, const std::vector<std::string>& args, CliContext& ctx);

/// Builds "<option>: <message>." (the MAAS CLI's error shape) without doubling the period.
std::string optionError(std::string_view option, std::string_view message);

}  // namespace maas
