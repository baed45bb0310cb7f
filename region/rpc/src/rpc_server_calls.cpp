// RpcServer: requests other threads make of racks (calls, stop orders, DHCP generation
// announcements), queued under a mutex
// and sent from the server thread.
#include <unistd.h>

#include <algorithm>

#include "rpc_connection.h"

#include "maas/rpc/commands.h"
#include "maas/rpc/dhcp_commands.h"
#include "maas/rpc/power_commands.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;
using Clock = std::chrono::steady_clock;

void RpcServer::stopRack(const std::string& system_id, const std::string& reason) {
    {
        std::lock_guard lock(requests_mutex_);
        stop_requests_.emplace_back(system_id, reason);
    }
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_.get(), &one, sizeof(one));
}

void RpcServer::announceRegionsChanged() {
    {
        std::lock_guard lock(requests_mutex_);
        announce_regions_ = true;
    }
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_.get(), &one, sizeof(one));
}

void RpcServer::announceDhcpGeneration(int64_t generation) {
    {
        std::lock_guard lock(requests_mutex_);
        announce_generation_ = std::max(announce_generation_.value_or(0), generation);
    }
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_.get(), &one, sizeof(one));
}

std::future<mr::RpcMessage> RpcServer::call(const std::string& system_id,
                                            const std::string& command,
                                            Poco::JSON::Object::Ptr args,
                                            std::chrono::milliseconds timeout) {
    PendingCalls::Promise promise;
    auto future = promise.get_future();
    if (!running_) {
        promise.set_value(mr::RpcMessage::error(0, mr::code::kNotConnected, "RPC server stopped"));
        return future;
    }
    {
        std::lock_guard lock(requests_mutex_);
        outgoing_calls_.push_back(
            {system_id, command, std::move(args), timeout, std::move(promise)});
    }
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_.get(), &one, sizeof(one));
    return future;
}

void RpcServer::sendCall(OutgoingCall& call) {
    for (auto& [id, c] : connections_) {
        if (c->system_id == call.system_id && c->session.verified() && !c->closing) {
            const uint64_t request_id = c->next_request_id++;
            pending_.add(id, request_id, std::move(call.promise), Clock::now() + call.timeout);
            queue(*c, mr::encodeFrame(mr::encodeMessage(
                          mr::RpcMessage::request(request_id, call.command, call.args))));
            return;
        }
    }
    call.promise.set_value(mr::RpcMessage::error(
        0, mr::code::kNotConnected, "rack " + call.system_id + " is not connected to this region"));
}

void RpcServer::drainRequests() {
    std::vector<std::pair<std::string, std::string>> requests;
    std::vector<OutgoingCall> calls;
    std::optional<int64_t> generation;
    bool regions_changed = false;
    {
        std::lock_guard lock(requests_mutex_);
        requests.swap(stop_requests_);
        calls.swap(outgoing_calls_);
        generation.swap(announce_generation_);
        std::swap(regions_changed, announce_regions_);
    }
    for (auto& [id, c] : connections_) {
        if (regions_changed && !c->system_id.empty() && c->session.verified())
            queue(*c, mr::encodeFrame(mr::encodeMessage(mr::RpcMessage::request(
                          c->next_request_id++, mr::command::kRegionsChanged,
                          Poco::JSON::Object::Ptr(new Poco::JSON::Object)))));
    }
    if (generation) {
        for (auto& [id, c] : connections_) {
            if (!c->system_id.empty() && c->session.verified())
                queue(*c, mr::encodeFrame(mr::encodeMessage(mr::RpcMessage::request(
                              c->next_request_id++, mr::command::kDhcpGenerationChanged,
                              mr::heartbeatReplyJson(*generation)))));
        }
    }
    for (auto& call : calls) {
        sendCall(call);
    }
    for (const auto& [system_id, reason] : requests) {
        for (auto& [id, c] : connections_) {
            if (c->system_id == system_id && c->session.verified()) {
                queue(*c, mr::encodeFrame(mr::encodeMessage(
                              mr::RpcMessage::request(c->next_request_id++, mr::command::kStopRack,
                                                      mr::toJson(mr::StopRackArgs{reason})))));
            }
        }
    }
}

}  // namespace maas::region::rpc
