#include "command_arguments.h"

#include <cc/command_interpreter.h>

#include "maas/common/log.h"

namespace maas::hooks {

using isc::data::ConstElementPtr;
using isc::data::Element;

namespace {

// The name as a log-safe token: commands come from the control socket, so from any client of it.
std::string shown(const std::string& text) {
    constexpr size_t kMax = 64;
    const std::string clipped = text.size() > kMax ? text.substr(0, kMax) + "..." : text;
    return "'" + escapeControl(clipped) + "'";
}

std::string argumentsProblem(const std::string& name, const ConstElementPtr& args) {
    if (!args || args->getType() == Element::null) {
        return "";
    }
    if (args->getType() != Element::map) {
        return shown(name) + ": 'arguments' must be a map, got " +
               Element::typeToName(static_cast<Element::types>(args->getType()));
    }
    if (args->size() != 0) {
        return shown(name) + ": takes no arguments, got " + shown(args->mapValue().begin()->first);
    }
    return "";
}

const IntegerArgument* find(std::span<const IntegerArgument> accepted, const std::string& name) {
    for (const auto& a : accepted) {
        if (name == a.name) {
            return &a;
        }
    }
    return nullptr;
}

std::string integersProblem(const std::string& name, const ConstElementPtr& args,
                            std::span<const IntegerArgument> accepted,
                            std::map<std::string, int64_t>& values) {
    const bool none = !args || args->getType() == Element::null;
    if (!none && args->getType() != Element::map) {
        return argumentsProblem(name, args);
    }
    if (!none) {
        for (const auto& [key, value] : args->mapValue()) {
            const IntegerArgument* spec = find(accepted, key);
            if (spec == nullptr) {
                return shown(name) + ": unknown argument " + shown(key);
            }
            if (!value || value->getType() != Element::integer) {
                return shown(name) + ": " + shown(key) + " must be an integer";
            }
            const int64_t v = value->intValue();
            if (v < spec->min || v > spec->max) {
                return shown(name) + ": " + shown(key) + " must be from " +
                       std::to_string(spec->min) + " to " + std::to_string(spec->max) + ", got " +
                       std::to_string(v);
            }
            values[key] = v;
        }
    }
    for (const auto& spec : accepted) {
        if (spec.required && values.count(spec.name) == 0) {
            return shown(name) + ": " + shown(spec.name) + " is required";
        }
    }
    return "";
}

}  // namespace

std::string commandProblem(const ConstElementPtr& command,
                           std::span<const IntegerArgument> accepted,
                           std::map<std::string, int64_t>& values) {
    try {
        ConstElementPtr args;
        const std::string name = isc::config::parseCommand(args, command);
        std::map<std::string, int64_t> parsed;
        std::string problem = integersProblem(name, args, accepted, parsed);
        if (problem.empty()) {
            values = std::move(parsed);  // a refused command changes nothing
        }
        return problem;
    } catch (const std::exception& e) {
        return std::string("malformed command: ") + escapeControl(e.what());
    } catch (...) {
        return "malformed command";
    }
}

std::string commandProblem(const ConstElementPtr& command) {
    try {
        ConstElementPtr args;
        const std::string name = isc::config::parseCommand(args, command);
        return argumentsProblem(name, args);
    } catch (const std::exception& e) {
        return std::string("malformed command: ") + escapeControl(e.what());
    } catch (...) {
        return "malformed command";
    }
}

}  // namespace maas::hooks
