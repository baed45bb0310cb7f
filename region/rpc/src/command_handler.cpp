#include "maas/region/rpc/command_handler.h"

#include "maas/rpc/commands.h"
#include "maas/rpc/dhcp_commands.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;

namespace {

void requireBound(const std::string& bound_system_id, const std::string& system_id,
                  const char* what) {
    if (bound_system_id.empty() || system_id != bound_system_id)
        throw DirectoryError(mr::code::kNotRegistered,
                             std::string("register on this connection before sending ") + what);
}

/// The DHCP commands; false when the request is none of them.
bool handleDhcpCommand(DhcpSource& dhcp, const mr::RpcMessage& request,
                       const std::string& bound_system_id, HandledCommand& out) {
    if (request.command == mr::command::kGetDhcpConfig) {
        const auto args = mr::decodeGetDhcpConfig(*request.body);
        requireBound(bound_system_id, args.system_id, "GetDHCPConfig");
        out.reply =
            mr::RpcMessage::reply(request.id, mr::toJson(dhcp.config(args.system_id, args)));
    } else if (request.command == mr::command::kDhcpStatus) {
        const auto args = mr::decodeDhcpStatus(*request.body);
        requireBound(bound_system_id, args.system_id, "DHCPStatus");
        dhcp.reportStatus(args.system_id, args);
        out.reply = mr::RpcMessage::reply(request.id, nullptr);
    } else if (request.command == mr::command::kLeaseEvents) {
        const auto args = mr::decodeLeaseEvents(*request.body);
        requireBound(bound_system_id, args.system_id, "LeaseEvents");
        const auto applied = dhcp.recordLeases(args.system_id, args);
        out.reply = mr::RpcMessage::reply(
            request.id, args.first_seq > 0 ? mr::leaseEventsReplyJson(applied) : nullptr);
    } else {
        return false;
    }
    return true;
}

}  // namespace

HandledCommand handleRackCommand(RackDirectory& directory, const mr::RpcMessage& request,
                                 const PeerInfo& peer, const std::string& bound_system_id,
                                 DhcpSource* dhcp) {
    HandledCommand out;
    try {
        if (request.command == mr::command::kRegister) {
            const auto args = mr::decodeRegister(*request.body);
            const auto result = directory.registerRack(args, peer);
            out.system_id = result.system_id;
            out.reply = mr::RpcMessage::reply(request.id, mr::toJson(result));
        } else if (request.command == mr::command::kHeartbeat) {
            const auto args = mr::decodeHeartbeat(*request.body);
            if (bound_system_id.empty() || args.system_id != bound_system_id) {
                throw DirectoryError(mr::code::kNotRegistered,
                                     "register on this connection before sending heartbeats");
            }
            directory.heartbeat(args.system_id, peer);
            out.reply = mr::RpcMessage::reply(
                request.id, dhcp ? mr::heartbeatReplyJson(dhcp->generation()) : nullptr);
        } else if (request.command == mr::command::kUpdateInterfaces) {
            const auto args = mr::decodeUpdateInterfaces(*request.body);
            requireBound(bound_system_id, args.system_id, "UpdateInterfaces");
            directory.updateInterfaces(args, peer);
            out.reply = mr::RpcMessage::reply(request.id, nullptr);
        } else if (!(dhcp && handleDhcpCommand(*dhcp, request, bound_system_id, out))) {
            out.reply = mr::RpcMessage::error(request.id, mr::code::kUnknownCommand,
                                              "unknown command '" + request.command + "'");
        }
    } catch (const mr::MessageError& e) {
        out.reply = mr::RpcMessage::error(request.id, mr::code::kBadRequest, e.what());
    } catch (const DirectoryError& e) {
        out.reply = mr::RpcMessage::error(request.id, e.code(), e.what());
    }
    return out;
}

}  // namespace maas::region::rpc
