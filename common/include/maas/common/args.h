#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace maas {

struct OptionSpec {
    std::string name;  ///< with dashes: "--num-workers"
    bool takes_value = true;
};

/// Command-line words split into positionals and options, in the order given.
struct ParsedArgs {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;  ///< flags have value ""

    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
};

/// Accepts "--name value" and "--name=value"; unknown options, missing values and repeated
/// options throw UsageError naming the option.
ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

/// For commands that take options only: throws UsageError naming the first positional word.
void rejectPositional(const ParsedArgs& parsed);

}  // namespace maas
