#pragma once

#include <string>

#include "maas/region/rpc/dhcp_source.h"
#include "maas/region/rpc/rack_directory.h"
#include "maas/rpc/message.h"

namespace maas::region::rpc {

/// The result of one rack command: the reply to send, and the rack it identified (if any).
struct HandledCommand {
    maas::rpc::RpcMessage reply;
    std::string system_id;  ///< set by a successful registration
};

/// Runs one verified rack request against the directory. Bad arguments, unknown commands and
/// directory refusals become error replies; the connection stays open.
/// dhcp may be null (a region without DHCP): the DHCP commands are then unknown.
HandledCommand handleRackCommand(RackDirectory& directory, const maas::rpc::RpcMessage& request,
                                 const PeerInfo& peer, const std::string& bound_system_id,
                                 DhcpSource* dhcp = nullptr);

}  // namespace maas::region::rpc
