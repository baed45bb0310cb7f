#include "maas/rack/traffic_mux.h"

namespace maas::rack {

TrafficMux::TrafficMux(std::vector<LinkTraffic*> sources) : sources_(std::move(sources)) {}

void TrafficMux::linkRegistered(const Endpoint& endpoint) {
    for (auto* s : sources_) {
        s->linkRegistered(endpoint);
    }
}

void TrafficMux::heartbeatReply(const Endpoint& endpoint, const Poco::JSON::Object& result) {
    for (auto* s : sources_) {
        s->heartbeatReply(endpoint, result);
    }
}

std::optional<OutgoingRequest> TrafficMux::nextRequest(const Endpoint& endpoint,
                                                       const std::string& system_id) {
    size_t first = 0;
    {
        std::lock_guard lock(mutex_);
        first = next_;
        next_ = (next_ + 1) % sources_.size();  // no source can crowd the others out
    }
    for (size_t i = 0; i < sources_.size(); ++i) {
        auto* source = sources_[(first + i) % sources_.size()];
        // Sources lock themselves; asking outside our lock keeps the lock order one-way.
        if (auto request = source->nextRequest(endpoint, system_id)) {
            std::lock_guard lock(mutex_);
            owner_[request->command] = source;
            return request;
        }
    }
    return std::nullopt;
}

void TrafficMux::reply(const Endpoint& endpoint, const std::string& command,
                       const maas::rpc::RpcMessage& message) {
    LinkTraffic* source = nullptr;
    {
        std::lock_guard lock(mutex_);
        const auto it = owner_.find(command);
        if (it != owner_.end()) {
            source = it->second;
        }
    }
    if (source) {
        source->reply(endpoint, command, message);
    }
}

void TrafficMux::linkLost(const Endpoint& endpoint) {
    for (auto* s : sources_) {
        s->linkLost(endpoint);
    }
}

}  // namespace maas::rack
