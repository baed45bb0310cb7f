#include "maas/rack/power/ipmi_driver.h"

#include <algorithm>
#include <cctype>

namespace maas::rack::power {

namespace {

bool digitsOnly(const std::string& s, size_t max) {
    return !s.empty() && s.size() <= max &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool hostLike(const std::string& s) {
    return !s.empty() && s.size() <= 253 && s[0] != '-' &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) {
               return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '_';
           });
}

/// ipmitool prints several lines; the operator needs the error ones, trimmed.
std::string trimmed(const std::string& output) {
    std::string out = output;
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) {
        out.pop_back();
    }
    for (auto& c : out) {
        if (c == '\n') {
            c = ';';
        }
    }
    return out.size() > 400 ? out.substr(0, 400) + "..." : out;
}

}  // namespace

IpmiInvocation ipmiInvocation(PowerAction action, const Parameters& parameters,
                              const std::string& program) {
    auto address = parameter(parameters, "power_address");
    if (!hostLike(address)) {
        throw PowerError("ipmi: power_address must be a host name or IP address");
    }
    IpmiInvocation out;
    const auto driver = parameter(parameters, "power_driver");
    out.argv = {program, "-I", driver == "LAN" ? "lan" : "lanplus", "-H", address};
    if (const auto port = parameter(parameters, "power_port"); !port.empty()) {
        if (!digitsOnly(port, 5) || std::stoi(port) < 1 || std::stoi(port) > 65535) {
            throw PowerError("ipmi: power_port must be a port number (1-65535)");
        }
        out.argv.insert(out.argv.end(), {"-p", port});
    }
    if (const auto user = parameter(parameters, "power_user"); !user.empty()) {
        out.argv.insert(out.argv.end(), {"-U", user});
    }
    if (const auto pass = parameter(parameters, "power_pass"); !pass.empty()) {
        out.argv.push_back("-E");
        out.environment["IPMI_PASSWORD"] = pass;
    } else {
        out.argv.insert(out.argv.end(), {"-P", ""});
    }
    // MAAS's privilege levels; ipmitool spells the highest one out.
    if (const auto level = parameter(parameters, "privilege_level"); !level.empty()) {
        if (level != "USER" && level != "OPERATOR" && level != "ADMIN") {
            throw PowerError("ipmi: privilege_level must be USER, OPERATOR or ADMIN");
        }
        out.argv.insert(out.argv.end(), {"-L", level == "ADMIN" ? "ADMINISTRATOR" : level});
    }
    // The BMC key, like the password, goes through the environment: never on a command line.
    if (const auto kg = parameter(parameters, "k_g"); !kg.empty()) {
        out.argv.push_back("-K");
        out.environment["IPMI_KGKEY"] = kg;
    }
    if (driver != "LAN") {
        auto cipher = parameter(parameters, "cipher_suite_id");
        if (cipher.empty()) {
            cipher = "3";
        }
        if (!digitsOnly(cipher, 2)) {
            throw PowerError("ipmi: cipher_suite_id must be a number");
        }
        out.argv.insert(out.argv.end(), {"-C", cipher});
    }
    // power_off_mode=soft asks the OS to shut down (ACPI), as MAAS's soft power off does.
    const bool soft = parameter(parameters, "power_off_mode") == "soft";
    out.argv.insert(out.argv.end(), {"chassis", "power",
                                     action == PowerAction::On    ? "on"
                                     : action == PowerAction::Off ? (soft ? "soft" : "off")
                                                                  : "status"});
    return out;
}

std::string parseIpmiPowerState(const std::string& output) {
    const std::string marker = "Chassis Power is ";
    const auto at = output.find(marker);
    if (at == std::string::npos) {
        return {};
    }
    const auto word = output.substr(at + marker.size(), 3);
    if (word.starts_with("on")) {
        return "on";
    }
    if (word == "off") {
        return "off";
    }
    return {};
}

IpmiDriver::IpmiDriver(CommandRunner& runner, std::chrono::milliseconds timeout,
                       std::string program)
    : runner_(runner), timeout_(timeout), program_(std::move(program)) {}

std::string IpmiDriver::perform(PowerAction action, const Parameters& parameters,
                                std::chrono::milliseconds budget) {
    const auto timeout = std::min(timeout_, budget);
    const auto invocation = ipmiInvocation(action, parameters, program_);
    auto where = "ipmi " + parameter(parameters, "power_address");
    if (const auto port = parameter(parameters, "power_port"); !port.empty()) {
        where += ':';
        where += port;  // not ":" + port: GCC 12 -O3 warns falsely (-Wrestrict) on that
    }
    const auto result = runner_.run(invocation.argv, invocation.environment, timeout);
    if (result.timed_out) {
        throw PowerError(where + ": no answer from the BMC within " +
                         std::to_string(timeout.count()) + " ms");
    }
    if (result.exit_code != 0) {
        auto message = result.output.empty()
                           ? "ipmitool exited with status " + std::to_string(result.exit_code)
                           : trimmed(result.output);
        if (message.find("Unable to establish") != std::string::npos) {
            message += " (check power_user, power_pass and that the BMC answers on this address)";
        }
        throw PowerError(where + ": " + message);
    }
    if (action == PowerAction::Query) {
        const auto state = parseIpmiPowerState(result.output);
        if (state.empty()) {
            throw PowerError(where + ": unexpected answer: " + trimmed(result.output));
        }
        return state;
    }
    return action == PowerAction::On ? "on" : "off";
}

}  // namespace maas::rack::power
