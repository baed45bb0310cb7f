#pragma once

#include <optional>
#include <string>

namespace maas {

/// Where a command reads a secret when no file names one: a prompt on the terminal (echo
/// off), or one line of standard input when that is not a terminal. An interface so the
/// choice is unit-tested without a terminal.
class SecretInput {
  public:
    virtual ~SecretInput() = default;
    virtual bool isTerminal() const = 0;
    /// Prints prompt, reads one line with echo off; nullopt at end of input.
    virtual std::optional<std::string> promptHidden(const std::string& prompt) = 0;
    /// One line of standard input; nullopt at end of input.
    virtual std::optional<std::string> readLine() = 0;
};

/// Standard input of this process (the prompt goes to standard error).
SecretInput& processSecretInput();

/// The first line of a secret file, without its line ending and trailing blanks. Throws
/// std::invalid_argument "<option>: cannot read <path>" when it cannot be read.
std::string readSecretFile(const std::string& path, const std::string& option);

/// A secret option's value, so it need not appear on the command line (where `ps` shows
/// it): the --X-file file when given, else the value given as an argument, else the prompt on
/// a terminal, else one line of standard input. Throws std::invalid_argument naming the option
/// when both the file and the value are given or nothing yields a non-empty value.
struct SecretOption {
    std::string option;    ///< e.g. "--secret"
    std::string prompt;    ///< e.g. "Secret (hex/base16 encoded): "
    bool confirm = false;  ///< ask twice on a terminal (passwords), as MAAS's createadmin
};
std::string readSecretOption(const SecretOption& spec, const std::optional<std::string>& value,
                             const std::optional<std::string>& file, SecretInput& in);

}  // namespace maas
