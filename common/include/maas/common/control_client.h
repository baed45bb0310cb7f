#pragma once

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace maas::control {

/// The supervisor is not reachable (no socket, nobody listening, timeout).
class ControlUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Sends one request line to the supervisor's control socket and returns the reply line (JSON
/// envelope).
std::string controlRequest(const std::filesystem::path& socket, const std::string& line,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace maas::control
