#pragma once

#include <functional>
#include <string>

#include "maas/common/log.h"
#include "maas/rack/lease_spool.h"
#include "maas/rack/link_traffic.h"

namespace maas::rack {

/// Ties the lease spool to the MAAS the rack registered with: on each registration, before
/// any lease event goes out on that link (it comes first in the TrafficMux), it tells the
/// spool the MAAS uuid the rack now holds (LeaseSpool::belongTo). Sends nothing itself.
class LeaseSpoolClaim final : public LinkTraffic {
  public:
    LeaseSpoolClaim(LeaseSpool& spool, std::function<std::string()> maas_uuid, const Logger& logger)
        : spool_(spool), maas_uuid_(std::move(maas_uuid)), logger_(logger) {}

    void linkRegistered(const Endpoint& endpoint) override;
    void heartbeatReply(const Endpoint&, const Poco::JSON::Object&) override {}
    std::optional<OutgoingRequest> nextRequest(const Endpoint&, const std::string&) override {
        return std::nullopt;
    }
    void reply(const Endpoint&, const std::string&, const maas::rpc::RpcMessage&) override {}
    void linkLost(const Endpoint&) override {}

  private:
    LeaseSpool& spool_;
    std::function<std::string()> maas_uuid_;
    const Logger& logger_;
};

}  // namespace maas::rack
