#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "maas/rack/endpoint.h"
#include "maas/rpc/message.h"

namespace maas::rack {

/// A request a component wants sent to a region on some link.
struct OutgoingRequest {
    std::string command;
    Poco::JSON::Object::Ptr args;
};

/// Rack -> region requests beyond registration and heartbeats (DHCP configuration, status,
/// lease events). Every RegionLink polls it between heartbeats and routes the replies back.
/// Called from link threads; implementations lock.
class LinkTraffic {
  public:
    virtual ~LinkTraffic() = default;
    virtual void linkRegistered(const Endpoint& endpoint) = 0;
    /// The result of a successful heartbeat (may carry the DHCP generation).
    virtual void heartbeatReply(const Endpoint& endpoint, const Poco::JSON::Object& result) = 0;
    virtual std::optional<OutgoingRequest> nextRequest(const Endpoint& endpoint,
                                                       const std::string& system_id) = 0;
    /// The reply or error answering a request nextRequest() gave on this link.
    virtual void reply(const Endpoint& endpoint, const std::string& command,
                       const maas::rpc::RpcMessage& message) = 0;
    /// The link went down: requests still unanswered on it never will be.
    virtual void linkLost(const Endpoint& endpoint) = 0;
};

}  // namespace maas::rack
