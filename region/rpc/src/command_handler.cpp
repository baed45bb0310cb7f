#include "maas/region/rpc/command_handler.h"

#include "maas/rpc/commands.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;

HandledCommand handleRackCommand(RackDirectory& directory, const mr::Message& request,
                                 const PeerInfo& peer, const std::string& bound_system_id) {
    HandledCommand out;
    try {
        if (request.command == mr::command::kRegister) {
            const auto args = mr::decodeRegister(*request.body);
            const auto result = directory.registerRack(args, peer);
            out.system_id = result.system_id;
            out.reply = mr::Message::reply(request.id, mr::toJson(result));
        } else if (request.command == mr::command::kHeartbeat) {
            const auto args = mr::decodeHeartbeat(*request.body);
            if (bound_system_id.empty() || args.system_id != bound_system_id) {
                throw DirectoryError(mr::code::kNotRegistered,
                                     "register on this connection before sending heartbeats");
            }
            directory.heartbeat(args.system_id, peer);
            out.reply = mr::Message::reply(request.id, nullptr);
        } else {
            out.reply = mr::Message::error(request.id, mr::code::kUnknownCommand,
                                           "unknown command '" + request.command + "'");
        }
    } catch (const mr::MessageError& e) {
        out.reply = mr::Message::error(request.id, mr::code::kBadRequest, e.what());
    } catch (const DirectoryError& e) {
        out.reply = mr::Message::error(request.id, e.code(), e.what());
    }
    return out;
}

}  // namespace maas::region::rpc
