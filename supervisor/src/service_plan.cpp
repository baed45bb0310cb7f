#include "maas/supervisor/service_plan.h"

#include <linux/capability.h>

namespace maas::supervisor {

namespace {

std::string joined(const std::vector<std::string>& argv) {
    std::string out;
    for (const auto& a : argv) {
        out += a;
        out.push_back('\0');
    }
    return out;
}

ServiceSpec postgresSpec(const PlanInputs& in) {
    ServiceSpec s;
    s.name = "postgres";
    s.tier = Tier::Database;
    s.readiness = Readiness::DatabaseProbe;
    const auto socket_dir = embeddedDatabaseSocketDir(in.paths);
    // No TCP listener at all: the region reaches it through the unix socket only.
    s.argv = {(in.postgres_bin_dir / "postgres").string(),
              "-D",
              in.paths.database_dir.string(),
              "-k",
              socket_dir.string(),
              "-p",
              std::to_string(in.database_port),
              "-c",
              "listen_addresses="};
    s.run_as = in.database_os_user;
    s.stop_signal = SIGINT;  // "fast" shutdown: do not wait for clients to disconnect
    s.runtime_dirs = {socket_dir};
    s.traverse_dirs = {in.paths.database_dir.parent_path()};
    // Any answer, even "authentication failed", means the server accepts connections.
    s.probe_target = "host=" + socket_dir.string() + " port=" + std::to_string(in.database_port) +
                     " dbname=postgres connect_timeout=2";
    s.fingerprint = joined(s.argv);
    return s;
}

}  // namespace

std::string regionWorkerName(int index) {
    return "regiond-" + std::to_string(index);
}

std::vector<ServiceSpec> planServices(const PlanInputs& in) {
    std::vector<ServiceSpec> plan;
    if (hasRegion(in.mode) && in.embedded_database) {
        plan.push_back(postgresSpec(in));
    }
    if (hasRegion(in.mode)) {
        for (int i = 0; i < in.num_workers; ++i) {
            ServiceSpec s;
            s.name = regionWorkerName(i);
            s.tier = Tier::Region;
            s.argv = {(in.bin_dir / "maas-regiond").string(), "--worker-index", std::to_string(i)};
            s.run_as = in.daemon_user;
            s.owned_dirs = {in.paths.data_dir};
            s.group_files = {in.paths.regiond_conf, in.paths.secret};
            if (in.embedded_database) {
                s.after = {"postgres"};
            }
            s.fingerprint = joined(s.argv) + in.region_config;
            plan.push_back(std::move(s));
        }
    }
    if (hasRack(in.mode)) {
        ServiceSpec rackd;
        rackd.name = "rackd";
        rackd.tier = Tier::Rack;
        rackd.argv = {(in.bin_dir / "maas-rackd").string()};
        rackd.run_as = in.daemon_user;
        rackd.owned_dirs = {in.paths.data_dir};
        rackd.owned_trees = {in.paths.rack_state_dir, in.paths.dhcp_dir};
        rackd.group_files = {in.paths.rackd_conf, in.paths.secret};
        rackd.fingerprint = joined(rackd.argv) + in.rack_config;
        plan.push_back(std::move(rackd));

        ServiceSpec kea;
        kea.name = "kea-dhcp4";
        kea.tier = Tier::Rack;
        kea.readiness = Readiness::OnSpawn;
        kea.on_demand = true;
        kea.config_flag = "-c";
        kea.argv = {(in.kea_bin_dir / "kea-dhcp4").string()};
        // DHCP needs raw sockets and port 67, nothing more: root's other powers are dropped.
        kea.run_as = in.daemon_user;
        kea.ambient_caps = {CAP_NET_RAW, CAP_NET_BIND_SERVICE};
        kea.owned_trees = {in.paths.dhcp_dir};
        kea.group_files = {in.paths.secret};  // the HA hook's secret-file
        // Kea puts its pid and lock files here instead of the system-wide /run/kea.
        kea.env = {{"KEA_PIDFILE_DIR", in.paths.dhcp_dir.string()},
                   {"KEA_LOCKFILE_DIR", in.paths.dhcp_dir.string()}};
        kea.fingerprint = joined(kea.argv);
        plan.push_back(std::move(kea));
    }
    return plan;
}

}  // namespace maas::supervisor
