// What one connection attempt of a RegionLink owns, shared by its phase steps.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "maas/rack/region_link.h"

namespace maas::rack {

/// Receive in short slices so a stop request is noticed quickly.
inline constexpr std::chrono::milliseconds kLinkSlice{200};

struct RegionLink::Attempt {
    /// While registered: the link's channel sends on this attempt's socket, and the traffic
    /// source hears when the connection ends (its unanswered extra requests are lost).
    struct Live {
        LinkChannel& channel;
        const Endpoint& endpoint;
        LinkTraffic* traffic = nullptr;
        Live(LinkChannel& c, const Endpoint& e) : channel(c), endpoint(e) {}
        Live(const Live&) = delete;
        Live& operator=(const Live&) = delete;
        ~Live() {
            if (traffic) {
                traffic->linkLost(endpoint);
            }
            channel.detach();
        }
    };

    std::string where;  ///< the endpoint, for messages
    std::optional<maas::rpc::FramedSocket> socket;
    std::optional<maas::rpc::ClientSession> session;
    maas::rpc::ClientOutput pending;  ///< handshake: what the session asked for last
    maas::Clock::TimePoint handshake_deadline;
    maas::rpc::RegisterResult result;
    bool up = false;  ///< registered: a later failure is a lost link, not an unreachable one
    std::map<uint64_t, std::string> outstanding;  ///< request id -> command
    maas::Clock::TimePoint next_heartbeat;
    maas::Clock::TimePoint last_heard;
    Outcome outcome{LinkFailure::Stopped, "shutting down", false};
    bool finished = false;     ///< outcome is set
    std::optional<Live> live;  ///< last: ends before the socket closes

    Step finish(LinkFailure failure, std::string detail) {
        outcome = {failure, std::move(detail), up};
        finished = true;
        return Step::Finish;
    }
};

}  // namespace maas::rack
