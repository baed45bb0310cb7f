// RegionLink's Serving phase: heartbeats, extra traffic, and what the region sends.
#include "maas/rack/region_link.h"
#include "maas/rpc/dhcp_commands.h"
#include "region_link_attempt.h"

namespace maas::rack {

namespace mr = maas::rpc;

RegionLink::Step RegionLink::serve(Attempt& a) {
    const auto now = clock_.now();
    if (now >= a.next_heartbeat) {
        // Through the channel: other threads (power replies, reports) share the socket.
        const uint64_t id = a.session->nextId();
        channel_->send(mr::RpcMessage::request(id, mr::command::kHeartbeat,
                                               mr::toJson(mr::HeartbeatArgs{a.result.system_id})),
                       settings_.io_timeout);
        a.outstanding[id] = mr::command::kHeartbeat;
        heartbeat_sent_[id] = now;  // taken before the send: the witness's lease
        a.next_heartbeat = now + settings_.heartbeat_interval;
    }
    sendTraffic(*a.session, a.result.system_id, a.outstanding);
    const auto wait = std::min<std::chrono::milliseconds>(
        kLinkSlice, std::chrono::duration_cast<std::chrono::milliseconds>(a.next_heartbeat - now));
    auto payload = a.socket->receive(std::max(wait, std::chrono::milliseconds(1)));
    if (!payload) {
        if (clock_.now() - a.last_heard > settings_.dead_after) {
            return a.finish(LinkFailure::Lost, "region " + a.where + " stopped answering");
        }
        return Step::Stay;
    }
    a.last_heard = clock_.now();
    return onPayload(a, *payload);
}

RegionLink::Step RegionLink::onPayload(Attempt& a, const std::string& payload) {
    auto in = a.session->onPayload(payload);
    const bool delivered = in.action == mr::ClientAction::Deliver;
    if (delivered && routeReply(*in.message, a.outstanding)) {
        return Step::Stay;
    }
    if (in.action == mr::ClientAction::Dispatch) {
        if (dispatch(a, *in.message) == Step::Finish) {
            return Step::Finish;
        }
    } else if (delivered && in.message->id >= LinkChannel::kFirstOwnId) {
        // Answers to reports sent from other threads: nothing waits for them.
    } else if (delivered && in.message->kind == mr::MessageKind::Error &&
               in.message->code == mr::code::kRackDeleted) {
        // The record is gone (deleted through the API): same as StopRack.
        observer_.stopRequested(endpoint_, in.message->text);
        return a.finish(LinkFailure::Stopped, "region " + a.where + ": " + in.message->text);
    } else if (delivered && in.message->kind == mr::MessageKind::Error) {
        // E.g. not-registered after a delete we missed: reconnect and register again.
        return a.finish(LinkFailure::Lost,
                        "region " + a.where + ": " + in.message->code + ": " + in.message->text);
    }
    for (const auto& m : in.send) {
        channel_->send(m, settings_.io_timeout);
    }
    if (in.close) {
        return a.finish(LinkFailure::Lost, "region " + a.where + ": " + in.detail);
    }
    return Step::Stay;
}

RegionLink::Step RegionLink::dispatch(Attempt& a, const mr::RpcMessage& request) {
    const auto& command = request.command;
    if (command == mr::command::kStopRack) {
        const auto args = mr::decodeStopRack(*request.body);
        channel_->send(mr::RpcMessage::reply(request.id, nullptr), settings_.io_timeout);
        observer_.stopRequested(endpoint_, args.reason);
        return a.finish(LinkFailure::Stopped, "region " + a.where + " asked this rack to stop");
    }
    if (command == mr::command::kRegionsChanged) {
        channel_->send(mr::RpcMessage::reply(request.id, nullptr), settings_.io_timeout);
        observer_.regionsChanged();
    } else if (command == mr::command::kDhcpGenerationChanged) {
        // The region heard a NOTIFY: act as on a heartbeat reply, right away.
        channel_->send(mr::RpcMessage::reply(request.id, nullptr), settings_.io_timeout);
        if (settings_.traffic && request.body) {
            settings_.traffic->heartbeatReply(endpoint_, *request.body);
        }
    } else if (settings_.handler && settings_.handler->handles(command)) {
        settings_.handler->handle(
            request, [channel = channel_, timeout = settings_.io_timeout](const mr::RpcMessage& m) {
                channel->trySend(m, timeout);
            });
    } else {
        channel_->send(mr::RpcMessage::error(request.id, mr::code::kUnknownCommand,
                                             "unknown command '" + command + "'"),
                       settings_.io_timeout);
    }
    return Step::Stay;
}

void RegionLink::sendTraffic(mr::ClientSession& session, const std::string& system_id,
                             std::map<uint64_t, std::string>& outstanding) {
    if (!settings_.traffic) {
        return;
    }
    // A few per round: heartbeats must keep their pace.
    for (int i = 0; i < 4; ++i) {
        auto request = settings_.traffic->nextRequest(endpoint_, system_id);
        if (!request) {
            return;
        }
        const uint64_t id = session.nextId();
        outstanding[id] = request->command;
        channel_->send(mr::RpcMessage::request(id, request->command, request->args),
                       settings_.io_timeout);
    }
}

bool RegionLink::routeReply(const mr::RpcMessage& message,
                            std::map<uint64_t, std::string>& outstanding) {
    const auto it = outstanding.find(message.id);
    if (it == outstanding.end()) {
        return false;
    }
    const std::string command = it->second;
    outstanding.erase(it);
    if (command == mr::command::kHeartbeat) {
        const auto sent = heartbeat_sent_.find(message.id);
        if (sent != heartbeat_sent_.end()) {
            if (message.kind == mr::MessageKind::Reply && settings_.heartbeat_acked) {
                settings_.heartbeat_acked(sent->second);
            }
            heartbeat_sent_.erase(heartbeat_sent_.begin(), std::next(sent));  // older: lost
        }
        if (message.kind == mr::MessageKind::Reply && settings_.traffic && message.body) {
            settings_.traffic->heartbeatReply(endpoint_, *message.body);
        }
        // Heartbeat errors (rack-deleted, not-registered) keep their handling below.
        return message.kind == mr::MessageKind::Reply;
    }
    if (settings_.traffic) {
        settings_.traffic->reply(endpoint_, command, message);
    }
    return true;
}

}  // namespace maas::rack
