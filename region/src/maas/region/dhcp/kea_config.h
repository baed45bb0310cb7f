#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace maas::region::dhcp {

struct AddressRange {
    std::string start;
    std::string end;
};

/// One IPv4 subnet of a VLAN the rack serves, as stored.
struct DhcpSubnet {
    int64_t id = 0;  ///< also Kea's subnet id, so both partners agree
    std::string cidr;
    std::optional<std::string> gateway_ip;
    std::vector<std::string> dns_servers;
    std::vector<AddressRange> dynamic_ranges;
    std::vector<AddressRange> reserved_ranges;
};

/// A DHCP-enabled VLAN this rack is primary or secondary of.
struct VlanDuty {
    int64_t vlan_id = 0;
    std::string vlan_name;  ///< "fabric.vid", for warnings
    bool primary = true;
    std::string interface;    ///< the rack's interface on the VLAN ("" when it has none)
    std::string own_address;  ///< the rack's IPv4 address on the VLAN ("" when none)
    std::optional<std::string> peer_address;  ///< the partner's address; none without HA
    std::vector<DhcpSubnet> subnets;
};

/// Where the rack keeps Kea's files; sent by the rack with its request.
struct KeaPaths {
    std::string data_dir;            ///< leases and control socket
    std::string lease_cmds_library;  ///< libdhcp_lease_cmds.so
    std::string ha_hook_library;     ///< libmaas_dhcp_ha.so
    std::string secret_file;
    std::string event_socket;  ///< rackd's lease event socket
};

/// DHCP settings MAAS fixes (the failover stanza MAAS generates for ISC dhcpd).
struct DhcpPolicy {
    int valid_lifetime = 600;
    std::string domain = "maas";
    int peer_port = 647;
    int split = 255;
    int mclt = 3600;
    int max_unacked_updates = 10;
    int load_balance_max_seconds = 3;
    int max_response_delay = 5;
    int heartbeat_interval_ms = 100;  ///< the hook's failure detector learns from these gaps
    int fence_time_ms = 4000;  ///< the witness lease (hooks/README.md, "Witness and fencing")
};

struct KeaConfig {
    bool serving = false;  ///< false: nothing to serve, kea-dhcp4 should be stopped
    std::string json;      ///< the full kea-dhcp4 configuration ("" when not serving)
    std::vector<std::string> warnings;
};

/// Free addresses of the dynamic ranges minus the reserved ranges, as inclusive IPv4 ranges
/// (pure; unparsable or IPv6 ranges are skipped).
std::vector<AddressRange> poolRanges(const std::vector<AddressRange>& dynamic,
                                     const std::vector<AddressRange>& reserved);

/// The whole kea-dhcp4 configuration for one rack (pure). The hook is always loaded: in HA
/// mode when some VLAN has a partner, else standalone (lease events only). One HA partner per
/// rack: the lowest VLAN with a partner chooses it; a VLAN with another partner, or with none
/// (its leases would be replicated to a partner that has no such subnet), is skipped with a
/// warning.
KeaConfig buildKeaConfig(std::vector<VlanDuty> duties, const KeaPaths& paths,
                         const DhcpPolicy& policy = {});

}  // namespace maas::region::dhcp
