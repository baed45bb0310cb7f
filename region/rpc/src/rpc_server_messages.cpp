// RpcServer: what one decoded payload from a rack does (handshake outcomes, rack commands,
// answers to the region's own calls).
#include "rpc_connection.h"

#include "maas/region/rpc/command_handler.h"
#include "maas/rpc/commands.h"
#include "maas/rpc/socket_io.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;

void RpcServer::handlePayload(Connection& c, const std::string& payload) {
    auto out = c.session.onPayload(payload);
    for (const auto& m : out.send) {
        queue(c, mr::encodeFrame(mr::encodeMessage(m)));
    }
    switch (out.action) {
        case mr::ServerAction::SendProof:
            c.peer.protocol = c.session.peerProtocol();
            c.peer.version = c.session.peerVersion();
            ++verified_count_;
            releaseUnauthenticated(c);
            c.decoder.setMaxPayload(options_.max_frame);
            if (verified_count_ > options_.max_connections) {
                logger_.log(kRpcPeerLimit, "refused rack connection from '" + c.peer.address +
                                               "': " + std::to_string(options_.max_connections) +
                                               " racks connected already");
                markClosing(c);
            }
            break;
        case mr::ServerAction::RefuseAuthFailed:
            // MAAS's wording, so operators' searches keep working.
            logger_.log(kRpcAuthFailed,
                        "Rack controller FAILED authentication from '" + c.peer.address +
                            "'; dropping connection.",
                        {{"peer", mr::formatEndpoint(c.peer.address, c.peer.port)}});
            break;
        case mr::ServerAction::RefuseIncompatible:
        case mr::ServerAction::RefuseUnauthenticated:
        case mr::ServerAction::CloseTimeout:
            logger_.log(kRpcRefused,
                        "refused connection from '" + c.peer.address + "': " + out.detail);
            break;
        case mr::ServerAction::CloseBadMessage:
            logger_.log(kRpcBadFrame,
                        "dropping connection from '" + c.peer.address + "': " + out.detail);
            break;
        case mr::ServerAction::Dispatch:
            try {
                dispatchRackCommand(c, *out.message);
            } catch (const std::exception& e) {
                // A database outage or a bug: this request fails, the worker and the rack's
                // connection go on. The detail stays in the log.
                logger_.log(kRpcHandlerFailed,
                            out.message->command + " from '" + c.peer.address + "': " + e.what(),
                            {{"rack", c.system_id}});
                queue(c, mr::encodeFrame(mr::encodeMessage(mr::RpcMessage::error(
                             out.message->id, mr::code::kInternal,
                             "the region could not handle " + out.message->command +
                                 " just now; retry"))));
            }
            break;
        case mr::ServerAction::Deliver:  // answers to StopRack need no follow-up
            pending_.resolve(c.id, *out.message);
            break;
        case mr::ServerAction::SendChallenge:
        case mr::ServerAction::RefuseProtocol:
        case mr::ServerAction::Ignore:
            break;
    }
    if (out.close) {
        closeConnection(c.id);
    }
}

void RpcServer::dispatchRackCommand(Connection& c, const mr::RpcMessage& request) {
    if (request_handler_ && !c.system_id.empty()) {
        if (auto answer = request_handler_(request, c.system_id)) {
            queue(c, mr::encodeFrame(mr::encodeMessage(*answer)));
            return;
        }
    }
    const auto handled = handleRackCommand(directory_, request, c.peer, c.system_id, dhcp_);
    if (!handled.system_id.empty() && handled.system_id != c.system_id) {
        c.system_id = handled.system_id;
        logger_.log(kRpcRackConnected,
                    "rack " + c.system_id + " connected from '" + c.peer.address + "'",
                    {{"version", c.peer.version}});
    }
    if (handled.reply.kind == mr::MessageKind::Error && request.command == mr::command::kRegister) {
        logger_.log(kRpcRackRefused,
                    "registration from '" + c.peer.address + "' refused: " + handled.reply.text);
    }
    queue(c, mr::encodeFrame(mr::encodeMessage(handled.reply)));
    if (handled.reply.kind == mr::MessageKind::Error &&
        handled.reply.code == mr::code::kRackDeleted) {
        // Deleted through the API (any region): this connection's rack must stop.
        logger_.log(kRpcRackDeleted, "rack " + c.system_id + " was deleted; stopping it");
        queue(c, mr::encodeFrame(mr::encodeMessage(mr::RpcMessage::request(
                     c.next_request_id++, mr::command::kStopRack,
                     mr::toJson(mr::StopRackArgs{"the rack controller was deleted"})))));
        c.system_id.clear();  // no disconnect to report for a deleted rack
    }
}

}  // namespace maas::region::rpc
