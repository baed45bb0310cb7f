#pragma once

#include <optional>
#include <string>

#include "maas/common/args.h"
#include "maas/common/config_schemas.h"
#include "maas/common/mode.h"
#include "maas/common/secret_input.h"
#include "maas/common/settings.h"

namespace maas::cli {

/// What `maas init` found on disk before deciding anything.
struct ExistingState {
    Mode mode = Mode::None;
    Settings regiond{regiondSchema()};  ///< current regiond.conf (defaults when absent)
    Settings rackd{rackdSchema()};
    bool secret_exists = false;
    bool cluster_exists = false;
    std::string embedded_socket_dir;  ///< database_host value that means "embedded"
    bool database_tools_present = true;
    bool database_user_exists = true;
    std::string database_tools_dir;
    std::string database_user;
};

/// Everything `maas init` will write, decided before anything is written.
struct InitPlan {
    Mode mode = Mode::None;
    std::optional<Settings> regiond;        ///< region modes
    std::optional<Settings> rackd;          ///< rack modes
    std::optional<std::string> new_secret;  ///< hex to write; nullopt keeps the existing file
    bool create_cluster = false;
    std::string database_password;  ///< for a new embedded cluster
};

/// The options `maas init` accepts.
const std::vector<OptionSpec>& initOptions();

/// Turns --secret-file, or for a rack without --secret a terminal prompt or one line of
/// standard input, into --secret (so the secret need not be an argument `ps` shows). Throws
/// UsageError naming the option.
void resolveSecret(ParsedArgs& args, SecretInput& in);
/// --maas-ca-file: read and checked (a usage error naming the file otherwise), then replaced by
/// its absolute path, which rackd.conf keeps as maas_ca_file.
void resolveCaFile(ParsedArgs& args);

/// Validates the whole request against what exists; throws UsageError "<option>: <message>."
/// for the first problem. Pure: generated secrets come from the generator arguments.
InitPlan planInit(const ParsedArgs& args, const ExistingState& existing,
                  const std::string& generated_secret, const std::string& generated_password);

}  // namespace maas::cli
