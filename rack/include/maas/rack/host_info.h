#pragma once

#include <string>
#include <vector>

#include "maas/rpc/commands.h"

namespace maas::rack {

/// This host's name (gethostname), as registered.
std::string hostName();

/// The host's interfaces (name, type, MAC, addresses with prefix, VLAN id, parents), loopback
/// excluded, sorted by name.
std::vector<maas::rpc::InterfaceInfo> hostInterfaces();

/// "/proc/net/vlan/config" lines "eth0.10 | 10 | eth0" -> (name, vid, parent); pure.
struct VlanEntry {
    std::string name;
    int vid = 0;
    std::string parent;
};
std::vector<VlanEntry> parseVlanConfig(const std::string& text);

/// Gateways of the IPv4 default routes in "/proc/net/route" text, in table order; pure.
std::vector<std::string> parseDefaultGateways(const std::string& text);

/// This host's IPv4 default gateways (parseDefaultGateways of /proc/net/route).
std::vector<std::string> hostDefaultGateways();

}  // namespace maas::rack
