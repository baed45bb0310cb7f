#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "maas/common/paths.h"
#include "maas/common/secret_input.h"

namespace maas::rack {

/// Parsed `maas-rack register` arguments.
struct RegisterOptions {
    std::vector<std::string> urls;
    std::string secret_hex;                  ///< empty: from the file, a prompt or stdin
    std::optional<std::string> secret_file;  ///< --secret-file
    std::optional<std::string> ca_file;      ///< --maas-ca-file: trusted for an https URL
};

/// Parses `--url URL [--url URL2 ...] [--secret-file FILE | --secret HEX]
/// [--maas-ca-file FILE]`; throws
/// std::invalid_argument with a message naming the option and the problem.
RegisterOptions parseRegisterArgs(const std::vector<std::string>& args);

/// Asks the supervisor (if its control socket exists) to restart a service. Returns a line for
/// the operator describing what happened.
std::string restartThroughSupervisor(const Paths& paths, const std::string& service);

/// `maas-rack register`: validates everything first (a bad option changes nothing), writes
/// rackd.conf and the secret, forgets the old system_id and MAAS UUID (this is the explicit
/// re-registration that may move the rack to another MAAS), then restarts rackd.
/// Returns the exit code; messages go to out/err.
int runRegister(const std::vector<std::string>& args, const Paths& paths, SecretInput& in,
                std::ostream& out, std::ostream& err);

}  // namespace maas::rack
