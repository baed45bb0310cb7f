#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "maas/common/unique_fd.h"
#include "maas/rpc/dhcp_commands.h"

namespace maas::rack {

/// One line from the Kea hook (hooks/README.md "Lease events for rackd"), e.g.
/// `lease action=commit ip=192.0.2.10 mac=52:54:00:aa:bb:cc client-id=- hostname=node1
/// expires=1764000600 origin=local`. nullopt for anything malformed (pure; fuzzed).
std::optional<maas::rpc::LeaseEvent> parseLeaseEventLine(std::string_view line);

/// The unix datagram socket the hook sends lease events to; a thread reads it and hands each
/// datagram's valid events to the sink.
class LeaseEventSocket {
  public:
    using Sink = std::function<void(std::vector<maas::rpc::LeaseEvent>)>;

    LeaseEventSocket(std::filesystem::path path, Sink sink);
    ~LeaseEventSocket();
    /// Binds (replacing a stale socket file, mode 0600); throws std::runtime_error.
    void start();
    void stop();
    size_t malformed() const { return malformed_.load(); }

  private:
    void run();

    std::filesystem::path path_;
    Sink sink_;
    UniqueFd fd_{-1};
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<size_t> malformed_{0};
};

}  // namespace maas::rack
