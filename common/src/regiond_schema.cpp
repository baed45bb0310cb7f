#include <algorithm>
#include <thread>

#include "maas/common/config_schemas.h"

namespace maas {

int64_t defaultNumWorkers() {
    const auto cpus = static_cast<int64_t>(std::thread::hardware_concurrency());
    return std::clamp<int64_t>(cpus, 1, 8);
}

namespace {

// database_host may list several hosts ("a,b") for libpq multi-host failover.
std::optional<std::string> checkHostList(const SettingValue& v) {
    const auto& text = std::get<std::string>(v);
    if (text.empty())
        return "must not be empty";
    for (char c : text) {
        if (c == ' ' || c == '\'' || c == '"' || c == '\\') {
            return "must be a host name, address, socket directory or comma-separated list";
        }
    }
    return std::nullopt;
}

}  // namespace

const SettingsSchema& regiondSchema() {
    static const SettingsSchema schema{
        "regiond.conf",
        {
            {"maas_url", SettingType::Url, std::string("http://localhost:5240/MAAS"),
             "URL racks and users reach this MAAS at."},
            {"database_host", SettingType::String, std::string("localhost"),
             "PostgreSQL host, socket directory, or comma-separated hosts for failover.",
             checkHostList},
            {"database_port", SettingType::Integer, int64_t{5432}, "PostgreSQL port.",
             intRange(1, 65535)},
            {"database_name", SettingType::String, std::string("maasdb"), "Database name.",
             nonEmpty()},
            {"database_user", SettingType::String, std::string("maas"), "Database user.",
             nonEmpty()},
            {"database_pass",
             SettingType::String,
             std::string(""),
             "Database password.",
             {},
             /*secret=*/true},
            {"database_conn_max_age", SettingType::Integer, int64_t{0},
             "Seconds a pooled connection is kept (0 = for ever).", intRange(0, 86400)},
            {"database_keepalive", SettingType::Boolean, true, "TCP keepalives to PostgreSQL."},
            {"database_keepalive_idle", SettingType::Integer, int64_t{15},
             "Seconds idle before the first keepalive.", intRange(1, 3600)},
            {"database_keepalive_interval", SettingType::Integer, int64_t{15},
             "Seconds between keepalives.", intRange(1, 3600)},
            {"database_keepalive_count", SettingType::Integer, int64_t{2},
             "Keepalives lost before the connection is dead.", intRange(1, 100)},
            {"num_workers", SettingType::Integer, defaultNumWorkers(),
             "Region worker processes (default: CPUs, at most 8).", intRange(1, 8)},
            {"debug", SettingType::Boolean, false, "Verbose logging."},
            {"http_port", SettingType::Integer, int64_t{5240}, "HTTP port (API, UI, discovery).",
             intRange(1, 65535)},
            {"rpc_port", SettingType::Integer, int64_t{5250},
             "First RPC port; worker i listens on rpc_port + i.", intRange(1, 65527)},
            {"listen_address", SettingType::String, std::string("0.0.0.0"),
             "Address the HTTP and RPC listeners bind.", nonEmpty()},
            {"power_poll_interval", SettingType::Integer, int64_t{300},
             "Seconds between two power-state polls of one BMC by its rack (jittered +-10%).",
             intRange(1, 86400)},
            {"power_call_timeout", SettingType::Integer, int64_t{25},
             "Seconds a power command may take on one rack before the next rack is tried; "
             "keep it above the racks' power_timeout (20) so the BMC's own error comes back.",
             intRange(1, 120)},
            {"dhcp_ha_dead_after", SettingType::Integer, int64_t{5},
             "Seconds no region worker heard a rack before the DHCP HA witness counts it dead "
             "(at least 5: the racks' fence time of 4 s, stretched, must pass first).",
             intRange(5, 3600)},
            {"dhcp_ha_auto_takeover", SettingType::Boolean, true,
             "The DHCP HA witness orders a dead rack's partner to take over its pool; off: "
             "only an operator's maas-ha-partner-down does, as MAAS's dhcpd."},
            {"api_cache_mib", SettingType::Integer, int64_t{64},
             "MiB of whole list answers (machines, subnets) each region worker keeps, evicting "
             "the least recently used; an answer is served again only while nothing it shows "
             "has changed. 0: no cache.",
             intRange(0, 4096)},
        }};
    return schema;
}

}  // namespace maas
