#pragma once

#include <map>
#include <mutex>
#include <vector>

#include "maas/rack/link_traffic.h"

namespace maas::rack {

/// Several components' rack -> region requests on the same links (DHCP, power reports): each
/// link's poll takes the next request from the sources in turn, and each reply goes back to
/// the source that gave its command. Sources use distinct commands.
class TrafficMux final : public LinkTraffic {
  public:
    explicit TrafficMux(std::vector<LinkTraffic*> sources);

    void linkRegistered(const Endpoint& endpoint) override;
    void heartbeatReply(const Endpoint& endpoint, const Poco::JSON::Object& result) override;
    std::optional<OutgoingRequest> nextRequest(const Endpoint& endpoint,
                                               const std::string& system_id) override;
    void reply(const Endpoint& endpoint, const std::string& command,
               const maas::rpc::RpcMessage& message) override;
    void linkLost(const Endpoint& endpoint) override;

  private:
    std::vector<LinkTraffic*> sources_;
    std::mutex mutex_;
    size_t next_ = 0;                            ///< the source asked first next time
    std::map<std::string, LinkTraffic*> owner_;  ///< command -> the source that sends it
};

}  // namespace maas::rack
