#include "maas/common/args.h"

#include <algorithm>

#include "maas/common/command.h"

namespace maas {

bool ParsedArgs::has(const std::string& name) const {
    return std::any_of(options.begin(), options.end(),
                       [&](const auto& o) { return o.first == name; });
}

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
    for (const auto& [k, v] : options) {
        if (k == name) {
            return v;
        }
    }
    return std::nullopt;
}

ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
    ParsedArgs parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (word.size() < 2 || word.rfind("--", 0) != 0) {
            if (!word.empty() && word[0] == '-' && word != "-") {
                throw UsageError(optionError(word, "unknown option"));
            }
            parsed.positional.push_back(word);
            continue;
        }
        std::string name = word;
        std::optional<std::string> inline_value;
        if (const auto eq = word.find('='); eq != std::string::npos) {
            name = word.substr(0, eq);
            inline_value = word.substr(eq + 1);
        }
        const auto spec = std::find_if(specs.begin(), specs.end(),
                                       [&](const OptionSpec& s) { return s.name == name; });
        if (spec == specs.end()) {
            throw UsageError(optionError(name, "unknown option"));
        }
        if (parsed.has(name)) {
            throw UsageError(optionError(name, "given more than once"));
        }
        if (!spec->takes_value) {
            if (inline_value) {
                throw UsageError(optionError(name, "takes no value"));
            }
            parsed.options.emplace_back(name, "");
            continue;
        }
        if (inline_value) {
            parsed.options.emplace_back(name, *inline_value);
        } else if (i + 1 < args.size()) {
            parsed.options.emplace_back(name, args[++i]);
        } else {
            throw UsageError(optionError(name, "needs a value"));
        }
    }
    return parsed;
}

void rejectPositional(const ParsedArgs& parsed) {
    if (!parsed.positional.empty()) {
        throw UsageError(optionError(parsed.positional[0], "unexpected argument"));
    }
}

}  // namespace maas
