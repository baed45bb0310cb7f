#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maas/common/cluster_snapshot.h"

namespace maas::cli {

/// One region controller as HAProxy sees it: every worker of a region shares its HTTP port.
struct RegionBackend {
    std::string name;  ///< haproxy server name (unique, [A-Za-z0-9_.-])
    std::string address;
    int port = 5240;
};

/// Settings of the generated haproxy.cfg; defaults are the tested ones.
struct HaproxyOptions {
    std::string bind_address = "*";
    int port = 80;
    std::string stats_socket = "/run/haproxy/admin.sock";
    int check_inter_ms = 500;  ///< health-check period while a server is up
    int fall = 2;              ///< failed checks before a server is marked down
    int rise = 2;              ///< passed checks before it is marked up again
    int retries = 3;
    /// 0: HTTP only. Otherwise the regions' HTTPS port (`maas config-tls enable --port`): TLS
    /// is passed through to them on the same port here, so the key stays on the regions, the
    /// client checks the regions' certificate, and their redirects from HTTP land on haproxy.
    int tls_port = 0;
};

/// Two haproxy hosts sharing a virtual address with VRRP.
struct KeepalivedOptions {
    std::string interface;        ///< where the virtual address lives on both hosts
    std::string virtual_address;  ///< IPv4 CIDR, e.g. 192.0.2.10/24
    int router_id = 52;           ///< VRRP virtual_router_id, 1..255, unique on the segment
};

/// The regions of a cluster from its worker rows: one backend per distinct (address, port),
/// wildcard listeners replaced by the advertised address, ordered by address then port.
std::vector<RegionBackend> backendsFromWorkers(const std::vector<RegionWorkerRow>& rows);

/// Parses "HOST[:PORT],HOST[:PORT]..." (IPv4, [IPv6] or a DNS name; port defaults to 5240).
/// Returns the problem in `error` (naming the entry) and nullopt on bad input.
std::optional<std::vector<RegionBackend>> parseRegionList(std::string_view text,
                                                          std::string& error);

/// Problems with the options, or nullopt; names the option (`--port: must be 1..65535`).
std::optional<std::string> checkHaproxyOptions(const HaproxyOptions& options);
std::optional<std::string> checkKeepalivedOptions(const KeepalivedOptions& options);

/// A complete haproxy.cfg balancing the API over the regions; throws std::invalid_argument
/// when `backends` is empty.
std::string renderHaproxyConfig(const std::vector<RegionBackend>& backends,
                                const HaproxyOptions& options);

/// keepalived.conf for haproxy host 1 (first = true: MASTER) or host 2 (BACKUP); the address
/// moves when the holder's haproxy process or host goes away.
std::string renderKeepalivedConfig(const KeepalivedOptions& options, bool first);

}  // namespace maas::cli
