#include "maas/common/secret_input.h"

#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <stdexcept>

namespace maas {

namespace {

std::string trimmed(std::string line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ' ||
                             line.back() == '\t'))
        line.pop_back();
    return line;
}

/// Turns terminal echo off for its lifetime.
class EchoOff {
  public:
    explicit EchoOff(int fd) : fd_(fd) {
        if (::tcgetattr(fd_, &saved_) == 0) {
            termios quiet = saved_;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
        }
    }
    ~EchoOff() {
        if (active_)
            ::tcsetattr(fd_, TCSAFLUSH, &saved_);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

  private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

class ProcessSecretInput final : public SecretInput {
  public:
    bool isTerminal() const override { return ::isatty(STDIN_FILENO) == 1; }
    std::optional<std::string> promptHidden(const std::string& prompt) override {
        std::optional<std::string> line;
        {
            // Echo goes off before the prompt shows, so nothing typed after it is echoed.
            EchoOff quiet(STDIN_FILENO);
            std::cerr << prompt << std::flush;
            line = readLine();
        }
        std::cerr << "\n";
        return line;
    }
    std::optional<std::string> readLine() override {
        std::string line;
        if (!std::getline(std::cin, line))
            return std::nullopt;
        return line;
    }
};

}  // namespace

SecretInput& processSecretInput() {
    static ProcessSecretInput input;
    return input;
}

std::string readSecretFile(const std::string& path, const std::string& option) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line))
        throw std::invalid_argument(option + ": cannot read " + path);
    return trimmed(line);
}

std::string readSecretOption(const SecretOption& spec, const std::optional<std::string>& value,
                             const std::optional<std::string>& file, SecretInput& in) {
    if (value && file)
        throw std::invalid_argument(spec.option + ": give it or " + spec.option +
                                    "-file, not both");
    std::string secret;
    if (file) {
        secret = readSecretFile(*file, spec.option + "-file");
    } else if (value) {
        secret = *value;
    } else if (in.isTerminal()) {
        secret = trimmed(in.promptHidden(spec.prompt).value_or(""));
        if (spec.confirm && !secret.empty() &&
            trimmed(in.promptHidden("Again: ").value_or("")) != secret)
            throw std::invalid_argument(spec.option + ": the two entries do not match");
    } else {
        secret = trimmed(in.readLine().value_or(""));
    }
    if (secret.empty())
        throw std::invalid_argument(spec.option + ": required (" + spec.option + "-file FILE, " +
                                    "a terminal prompt, or one line on standard input)");
    return secret;
}

}  // namespace maas
