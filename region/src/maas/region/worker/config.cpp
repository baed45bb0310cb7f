#include "maas/region/worker/config.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>

#include "maas/common/ip.h"

namespace maas::region::worker {

std::map<std::string, std::string> databaseParams(const Settings& s,
                                                  const std::string& application_name) {
    std::map<std::string, std::string> p{
        {"host", s.getString("database_host")},
        {"port", std::to_string(s.getInt("database_port"))},
        {"dbname", s.getString("database_name")},
        {"user", s.getString("database_user")},
        {"application_name", application_name},
        {"connect_timeout", "5"},
        // With several hosts, land on the primary after a failover.
        {"target_session_attrs", "read-write"},
    };
    if (!s.getString("database_pass").empty())
        p["password"] = s.getString("database_pass");
    if (s.getBool("database_keepalive")) {
        p["keepalives"] = "1";
        p["keepalives_idle"] = std::to_string(s.getInt("database_keepalive_idle"));
        p["keepalives_interval"] = std::to_string(s.getInt("database_keepalive_interval"));
        p["keepalives_count"] = std::to_string(s.getInt("database_keepalive_count"));
    }
    // libpq wants one port per host when several hosts are listed.
    const auto& host = p["host"];
    const size_t hosts = static_cast<size_t>(std::count(host.begin(), host.end(), ',')) + 1;
    if (hosts > 1) {
        std::string ports;
        for (size_t i = 0; i < hosts; ++i)
            ports += (i ? "," : "") + p["port"];
        p["port"] = ports;
    }
    return p;
}

std::string regiondApplicationName(int worker_index, const std::string& hostname) {
    constexpr size_t kMax = 63;  // NAMEDATALEN - 1
    return ("maas-regiond[" + std::to_string(worker_index) + "]@" + hostname).substr(0, kMax);
}

WorkerConfig makeWorkerConfig(const Settings& s, int worker_index, const std::string& hostname,
                              const std::string& version,
                              const std::filesystem::path& maas_id_file) {
    WorkerConfig c;
    c.worker_index = worker_index;
    c.hostname = hostname;
    c.version = version;
    c.listen_address = s.getString("listen_address");
    c.http_port = static_cast<int>(s.getInt("http_port"));
    c.num_workers = static_cast<int>(s.getInt("num_workers"));
    c.rpc_port = static_cast<int>(s.getInt("rpc_port")) + worker_index;
    c.maas_id_file = maas_id_file;
    c.power_poll_interval = std::chrono::seconds(s.getInt("power_poll_interval"));
    c.power_call_timeout = std::chrono::seconds(s.getInt("power_call_timeout"));
    c.dhcp_ha_dead_after = std::chrono::seconds(s.getInt("dhcp_ha_dead_after"));
    c.dhcp_ha_auto_takeover = s.getBool("dhcp_ha_auto_takeover");
    c.api_cache_bytes = static_cast<size_t>(s.getInt("api_cache_mib")) << 20;
    c.db_params = databaseParams(s, regiondApplicationName(worker_index, hostname));
    c.advertise_address = c.listen_address;
    if (c.listen_address == "0.0.0.0" || c.listen_address == "::") {
        // Prefer the host of maas_url when it is an address racks can reach.
        try {
            const Poco::URI url(s.getString("maas_url"));
            if (net::IpAddress::parse(url.getHost()) && url.getHost() != "127.0.0.1")
                c.advertise_address = url.getHost();
        } catch (const Poco::Exception&) {
        }
    }
    return c;
}

}  // namespace maas::region::worker
