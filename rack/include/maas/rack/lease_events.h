#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "maas/common/lease_event_wire.h"
#include "maas/common/unique_fd.h"
#include "maas/rack/lease_spool_format.h"
#include "maas/rpc/dhcp_commands.h"

namespace maas::rack {

/// A hook line (maas::parseLeaseEventLine, fuzzed) as the spool takes it.
HookLeaseEvent toHookLeaseEvent(const maas::LeaseEventLine& line);

/// The unix datagram socket the hook sends lease events to (hooks/README.md, "Lease events for
/// rackd"). A thread reads it, hands each drained burst's valid events to the sink, which
/// spools them and answers the marks it made durable, and acknowledges those to each hook
/// instance (`ack hook=ID seq=N`, never waiting: a hook that does not read them loses only
/// acknowledgements, which are cumulative).
class LeaseEventSocket {
  public:
    using Sink = std::function<HookMarks(std::vector<HookLeaseEvent>)>;

    LeaseEventSocket(std::filesystem::path path, Sink sink);
    ~LeaseEventSocket();
    /// Binds (replacing a stale socket file, mode 0600); throws std::runtime_error.
    void start();
    void stop();
    size_t malformed() const { return malformed_.load(); }
    size_t acksSent() const { return acks_sent_.load(); }

  private:
    void run();
    void drain();

    std::filesystem::path path_;
    Sink sink_;
    UniqueFd fd_{-1};
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<size_t> malformed_{0};
    std::atomic<size_t> acks_sent_{0};
};

}  // namespace maas::rack
